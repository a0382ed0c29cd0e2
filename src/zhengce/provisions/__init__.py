"""Provisions: every node of a document classified (obligation, prohibition, permission, penalty,
definition, deadline, target, task, effect), with its actors, quantities, cross-references,
targets, tasks and anomalies; stored beside the corpus (store.py) and listed by
`zhengce provisions` (cli.py).

The per-text extractors are pure functions over a string; extract.py adds what only the whole
document knows. Names are imported lazily so that loading the CLI does not compile every regex.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names, for type checkers; at run time they load on first use
    from .actors import Actor, actors
    from .anomalies import Anomaly, anomalies
    from .extract import NodeFacts, Provision, analyse_document, extract_document
    from .fines import Fine, fines
    from .kinds import KINDS, classify
    from .numbers import int_to_chinese, parse_number
    from .quantities import Quantity, quantities
    from .references import (
        ExternalRef,
        InternalRef,
        Reference,
        Resolution,
        references,
        resolve,
        resolve_all,
        resolve_detail,
    )
    from .store import ProvisionStore
    from .targets import Target, targets
    from .tasks import Task, tasks

_EXPORTS = {
    "Actor": "actors",
    "actors": "actors",
    "KINDS": "kinds",
    "classify": "kinds",
    "int_to_chinese": "numbers",
    "parse_number": "numbers",
    "Quantity": "quantities",
    "quantities": "quantities",
    "ExternalRef": "references",
    "InternalRef": "references",
    "Reference": "references",
    "Resolution": "references",
    "references": "references",
    "resolve": "references",
    "resolve_all": "references",
    "resolve_detail": "references",
    "Target": "targets",
    "targets": "targets",
    "Task": "tasks",
    "tasks": "tasks",
    "Anomaly": "anomalies",
    "anomalies": "anomalies",
    "Fine": "fines",
    "fines": "fines",
    "NodeFacts": "extract",
    "Provision": "extract",
    "analyse_document": "extract",
    "extract_document": "extract",
    "ProvisionStore": "store",
}
__all__ = [
    "Actor",
    "Anomaly",
    "ExternalRef",
    "Fine",
    "InternalRef",
    "KINDS",
    "NodeFacts",
    "Provision",
    "ProvisionStore",
    "Quantity",
    "Reference",
    "Resolution",
    "Target",
    "Task",
    "actors",
    "analyse_document",
    "anomalies",
    "classify",
    "extract_document",
    "fines",
    "int_to_chinese",
    "parse_number",
    "quantities",
    "references",
    "resolve",
    "resolve_all",
    "resolve_detail",
    "targets",
    "tasks",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'zhengce.provisions' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
