"""Provision-level analysis of plain node text: kinds, actors, quantities, targets, tasks, references.

Pure functions over a string; no database, no corpus state. Regexes are compiled at import.
"""

from .actors import Actor, actors
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
from .targets import Target, targets
from .tasks import Task, tasks

__all__ = [
    "KINDS",
    "Actor",
    "ExternalRef",
    "InternalRef",
    "Quantity",
    "Reference",
    "Resolution",
    "Target",
    "Task",
    "actors",
    "classify",
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
