"""Rules kernel: citable rules over recorded facts, producing findings with consequences.

A rule is a plain function registered with :meth:`Registry.rule` (or :func:`rule`); it reads facts
through :class:`Facts` and returns :class:`Outcome` values, which :func:`evaluate` turns into
:class:`Finding` objects citing the nodes the rule declared.
"""

from zhengce.rules.citation import Citation, chinese_number, human_citation, parse_eid
from zhengce.rules.consequence import Consequence
from zhengce.rules.evaluate import evaluate
from zhengce.rules.facts import Facts, MissingFact, as_facts
from zhengce.rules.finding import Finding, IllegalTransition, Kind, Status, StatusEvent
from zhengce.rules.registry import (
    CitationCheckError,
    Outcome,
    Registry,
    Resolver,
    Rule,
    RuleDefinitionError,
    rule,
)
from zhengce.rules.serialize import finding_from_dict, finding_to_dict, findings_from_json, findings_to_json

__all__ = [
    "Citation",
    "CitationCheckError",
    "Consequence",
    "Facts",
    "Finding",
    "IllegalTransition",
    "Kind",
    "MissingFact",
    "Outcome",
    "Registry",
    "Resolver",
    "Rule",
    "RuleDefinitionError",
    "Status",
    "StatusEvent",
    "as_facts",
    "chinese_number",
    "evaluate",
    "finding_from_dict",
    "finding_to_dict",
    "findings_from_json",
    "findings_to_json",
    "human_citation",
    "parse_eid",
    "rule",
]
