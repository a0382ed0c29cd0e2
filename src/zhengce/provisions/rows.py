"""Plain-data forms of extracted facts: what the store, the JSON/CSV/XLSX exports and the API carry."""

from __future__ import annotations

from datetime import date
from typing import Any

from .actors import Actor
from .anomalies import Anomaly
from .extract import NodeFacts, Provision
from .fines import Fine
from .quantities import Quantity
from .resolve import Link
from .targets import Target
from .tasks import Task

KIND_LABELS = {
    "penalty": "罚则",
    "obligation": "义务",
    "prohibition": "禁止",
    "permission": "许可/鼓励",
    "definition": "定义",
    "deadline": "期限",
    "target": "目标",
    "task": "任务",
    "effect": "效力",
    "other": "其他",
}
LABEL_KINDS = {v: k for k, v in KIND_LABELS.items()} | {"许可": "permission", "鼓励": "permission"}


def _value(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date) else v


def quantity_dict(q: Quantity) -> dict:
    return {
        "kind": q.kind,
        "role": q.role,
        "min": _value(q.value_min),
        "max": _value(q.value_max),
        "unit": q.unit,
        "text": q.text,
        "span": list(q.span),
        "working_days": q.working_days,
        "iso": q.iso,
        "approx": q.approx,
        "problem": q.problem,
    }


def actor_dict(a: Actor) -> dict:
    return {"name": a.name, "level": a.level}


def link_dict(r: Link) -> dict:
    return {
        "type": r.type,
        "text": r.text,
        "span": list(r.span),
        "doc_id": r.doc_id,
        "eids": list(r.eids),
        "title": r.title,
        "doc_number": r.doc_number,
        "resolved": r.resolved,
        "reason": r.reason,
    }


def target_dict(t: Target) -> dict:
    return {
        "indicator": t.indicator,
        "value": t.value,
        "value_max": t.value_max,
        "unit": t.unit,
        "direction": t.direction,
        "year": t.year,
        "baseline_year": t.baseline_year,
        "attribute": t.attribute,
        "approx": t.quantity.approx,
        "text": t.text,
    }


def task_dict(t: Task, title: str) -> dict:
    return {
        "title": title,
        "lead": list(t.lead),
        "participants": list(t.participants),
        "by_division_of_duties": t.by_division_of_duties,
        "text": t.text,
    }


def fine_dict(f: Fine) -> dict:
    return {"min": f.min, "max": f.max, "payer": f.payer, "condition": f.condition, "text": f.text}


def anomaly_dict(a: Anomaly) -> dict:
    return {"code": a.code, "message": a.message, "text": a.text, "span": list(a.span)}


def facts_payload(f: NodeFacts) -> dict:
    """The node-level part of a row, shared by all the node's kinds."""
    deadline = f.deadline
    return {
        "doc_id": f.doc_id,
        "version": f.version,
        "eid": f.eid,
        "citation": f.citation,
        "page": f.page,
        "text": f.text,
        "actors": [actor_dict(a) for a in f.actors],
        "quantities": [quantity_dict(q) for q in f.quantities],
        "deadline": quantity_dict(deadline) if deadline else None,
        "references": [link_dict(r) for r in f.references],
        "targets": [target_dict(t) for t in f.targets],
        "tasks": [task_dict(t, title) for t, title in zip(f.tasks, f.task_titles, strict=True)],
        "anomalies": [anomaly_dict(a) for a in f.anomalies],
        "fines": [fine_dict(x) for x in f.fines],
    }


def provision_dict(p: Provision) -> dict:
    return {"kind": p.kind, **facts_payload(p.facts)}


def actor_text(row: dict) -> str:
    """Every unit named in a row (actors and task units), for substring search by --actor."""
    names = [a["name"] for a in row["actors"]]
    for t in row["tasks"]:
        names.extend(t["lead"])
        names.extend(t["participants"])
    return "、".join(dict.fromkeys(names))
