"""Trackable items: every quantitative target and every task assignment the provisions extractor finds.

Ids are ``{doc_id}/{eid}/t{n}`` for the n-th target and ``{doc_id}/{eid}/k{n}`` for the n-th task of a
node, so they stay stable across re-ingest of the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from zhengce.provisions.quantities import quantities
from zhengce.provisions.targets import targets
from zhengce.provisions.tasks import tasks
from zhengce.rules import Citation

# Comparatives that exclude the figure (超过 25% means more than 25%); 达到/以上/不低于 include it.
_STRICT = re.compile(r"超过|高于|突破|低于")
_CUES = re.compile(
    r"控制在|不超过|不高于|降低到|降至|下降到|减少到|压减到|压减至|低于|达到|达|提高到|提升到|提高至|提升至|增加到|增长到|超过|突破|不低于|不少于|稳定在|保持在|高于"
)
_FIVE_YEAR_PLAN = re.compile(r"十四五")
PLAN_END = date(2025, 12, 31)  # 十四五 runs 2021–2025


@dataclass(frozen=True)
class TargetItem:
    item_id: str
    doc_id: str
    eid: str
    citation: Citation
    indicator: str
    value: float | None
    value_max: float | None
    unit: str
    direction: str | None  # increase | decrease | at_most | at_least
    strict: bool  # the figure itself does not meet the target (超过、低于)
    year: int | None
    baseline_year: int | None
    attribute: str | None  # 预期性 | 约束性
    text: str
    approx: bool = False  # 左右

    @property
    def deadline(self) -> date | None:
        return date(self.year, 12, 31) if self.year else None

    @property
    def kind(self) -> str:
        return "target"


@dataclass(frozen=True)
class TaskItem:
    item_id: str
    doc_id: str
    eid: str
    citation: Citation
    measure: str
    lead: tuple[str, ...]
    participants: tuple[str, ...]
    by_division_of_duties: bool
    deadline: date | None
    start: date | None  # when the plan was issued: progress is expected from here
    text: str

    @property
    def kind(self) -> str:
        return "task"


def _strict(text: str, clause_start: int, quantity) -> bool:
    """Does the comparative governing the figure exclude it? The quantity may carry it (超过25%)."""
    if _STRICT.match(quantity.text):
        return True
    cues = list(_CUES.finditer(text, clause_start, quantity.span[0]))
    return bool(cues) and bool(_STRICT.fullmatch(cues[-1].group()))


def _iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _measure(text: str, task_start: int) -> str:
    head = text[:task_start].strip()
    first = re.split(r"[。；]", head, maxsplit=1)[0] if head else ""
    return (first or head)[:60]


def _node_quote(node) -> str:
    return node.full_text()[len(node.num) :]


def document_items(doc) -> tuple[list[TargetItem], list[TaskItem]]:
    """Targets and tasks of one parsed or stored :class:`~zhengce.corpus.model.Document`."""
    found_targets: list[TargetItem] = []
    found_tasks: list[TaskItem] = []
    plan = bool(_FIVE_YEAR_PLAN.search(doc.title))
    start = _iso(doc.signed_date) or _iso(doc.published_date) or _iso(doc.effective_date)
    for node in doc.nodes():
        text = node.text
        if not text:
            continue
        citation = None
        for n, t in enumerate(targets(text), 1):
            citation = citation or Citation(doc.doc_id, node.eid, node.citation, _node_quote(node))
            value = None if t.value is None else float(t.value)
            value_max = None if t.value_max is None else float(t.value_max)
            found_targets.append(
                TargetItem(
                    item_id=f"{doc.doc_id}/{node.eid}/t{n}",
                    doc_id=doc.doc_id,
                    eid=node.eid,
                    citation=citation,
                    indicator=t.indicator,
                    value=value,
                    value_max=value_max,
                    unit=t.unit,
                    direction=t.direction,
                    strict=_strict(text, t.span[0], t.quantity),
                    year=t.year,
                    baseline_year=t.baseline_year,
                    attribute=t.attribute,
                    text=t.text,
                    approx=t.quantity.approx,
                )
            )
        found = tasks(text)
        if not found:
            continue
        deadlines = [q for q in quantities(text) if q.kind == "deadline" and isinstance(q.value_max, date)]
        for n, k in enumerate(found, 1):
            citation = citation or Citation(doc.doc_id, node.eid, node.citation, _node_quote(node))
            before = [q.value_max for q in deadlines if q.span[1] <= k.span[0]]
            deadline = before[-1] if before else (PLAN_END if plan else None)
            found_tasks.append(
                TaskItem(
                    item_id=f"{doc.doc_id}/{node.eid}/k{n}",
                    doc_id=doc.doc_id,
                    eid=node.eid,
                    citation=citation,
                    measure=_measure(text, k.span[0]) or node.heading or text[:60],
                    lead=k.lead,
                    participants=k.participants,
                    by_division_of_duties=k.by_division_of_duties,
                    deadline=deadline,
                    start=start,
                    text=k.text,
                )
            )
    return found_targets, found_tasks


def corpus_items(documents: Iterable[object]) -> tuple[list[TargetItem], list[TaskItem]]:
    all_targets: list[TargetItem] = []
    all_tasks: list[TaskItem] = []
    for doc in documents:
        t, k = document_items(doc)
        all_targets.extend(t)
        all_tasks.extend(k)
    return all_targets, all_tasks
