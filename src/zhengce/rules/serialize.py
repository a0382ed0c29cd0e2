"""Findings to and from plain dicts (JSON-ready: dates as ISO strings, enums as their values)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date
from enum import Enum
from typing import Any

from zhengce.rules.citation import Citation
from zhengce.rules.consequence import Consequence
from zhengce.rules.finding import Finding, Kind, Status, StatusEvent


def _plain(value: Any) -> Any:
    # Evidence may hold dates, enums, tuples or nested dataclass values: make them JSON-friendly.
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return _plain(asdict(value))
    return str(value)


def _iso(d: str | None) -> date | None:
    return None if d is None else date.fromisoformat(d)


def finding_to_dict(f: Finding) -> dict[str, Any]:
    return {
        "subject": f.subject,
        "rule_id": f.rule_id,
        "kind": f.kind.value,
        "status": f.status.value,
        "message": f.message,
        "as_of": f.as_of.isoformat(),
        "citations": [_plain(asdict(c)) for c in f.citations],
        "evidence": _plain(f.evidence),
        "consequence": None if f.consequence is None else _plain(asdict(f.consequence)),
        "due": _plain(f.due),
        "needs": list(f.needs),
        "history": [
            {"status": e.status.value, "on": e.on.isoformat(), "deadline": _plain(e.deadline)}
            for e in f.history
        ],
    }


def finding_from_dict(d: dict[str, Any]) -> Finding:
    """Inverse of :func:`finding_to_dict`. Evidence comes back as plain JSON values (dates stay strings)."""
    c = d.get("consequence")
    consequence = None
    if c is not None:
        consequence = Consequence(**{**c, "orders": tuple(c["orders"]), "deadline": _iso(c["deadline"])})
    return Finding(
        subject=d["subject"],
        rule_id=d["rule_id"],
        kind=Kind(d["kind"]),
        citations=tuple(Citation(**cit) for cit in d["citations"]),
        message=d["message"],
        as_of=date.fromisoformat(d["as_of"]),
        evidence=dict(d["evidence"]),
        consequence=consequence,
        due=_iso(d.get("due")),
        needs=tuple(d.get("needs", ())),
        history=tuple(
            StatusEvent(Status(e["status"]), date.fromisoformat(e["on"]), _iso(e.get("deadline")))
            for e in d["history"]
        ),
    )


def findings_to_json(findings: Iterable[Finding], indent: int | None = 2) -> str:
    """JSON text, Chinese kept readable (ensure_ascii=False)."""
    return json.dumps([finding_to_dict(f) for f in findings], ensure_ascii=False, indent=indent)


def findings_from_json(text: str) -> list[Finding]:
    return [finding_from_dict(d) for d in json.loads(text)]
