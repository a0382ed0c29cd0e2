"""Provisions of a whole document: every node classified, with its actors, quantities,
cross-references (resolved to node ids), targets, tasks and anomalies.

The per-text extractors (kinds, actors, quantities, …) see one node's text; this module adds
what only the document knows: section headings (a paragraph under 主要目标 states a target),
the plan period (“十四五” ends in 2025), the year a goal section set two paragraphs earlier,
the title of a task whose assignment block sits in its own paragraph, the issuing ministry
behind 部/我部, and the node ids that 本条例第四十九条 or 前款 point to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..corpus.model import Document, Node
from .actors import Actor, actors
from .anomalies import Anomaly, anomalies
from .fines import Fine, fines
from .kinds import DEADLINE, EFFECT, OTHER, PENALTY, TARGET, TASK, classify
from .quantities import DEADLINE as DEADLINE_ROLE
from .quantities import MAX, MIN, RANGE, Quantity, quantities
from .references import ExternalRef, references, resolve_detail
from .resolve import EidIndex, Link, TitleIndex, link
from .targets import Target, targets
from .tasks import Task, tasks

# Kinds a row can carry, in display order.
ROW_KINDS = ("penalty", "obligation", "prohibition", "permission", "definition", "deadline",
             "target", "task", "effect", "other")  # fmt: skip
_GOAL_HEADING = re.compile(r"目标")
_NOTE = re.compile(r"^\s*注[:：]")
_PLAN_PERIOD = re.compile(r"“?十四五”?(?:时期|期间|末|规划期)?")
_ASPIRE = re.compile(r"力争|争取")
_BY_YEAR = re.compile(r"到\s*(?P<y>20[0-9]{2})\s*年")
_TASK_NUMBER = re.compile(r"^\s*(?P<n>[0-9]{1,2})[.．、]\s*(?P<title>[^。；]{2,40}?)。")
_NORMATIVE_ROLES = {MIN, MAX, RANGE}
_MEASURES = {"money", "percent", "ratio", "duration", "volume", "area"}


@dataclass(frozen=True)
class NodeFacts:
    """Everything extracted from one node; shared by the node's rows (one per kind)."""

    doc_id: str
    version: int | None
    eid: str
    citation: str
    page: int | None
    text: str
    kinds: tuple[str, ...]
    actors: tuple[Actor, ...]
    quantities: tuple[Quantity, ...]
    references: tuple[Link, ...]
    targets: tuple[Target, ...]
    tasks: tuple[Task, ...]
    task_titles: tuple[str, ...]
    anomalies: tuple[Anomaly, ...]
    fines: tuple[Fine, ...] = ()

    @property
    def deadline(self) -> Quantity | None:
        """The node's first time limit: a deadline date or a duration."""
        return next((q for q in self.quantities if _is_time_limit(q)), None)


@dataclass(frozen=True)
class Provision:
    """One row of the provisions table: a node under one of its kinds."""

    kind: str
    facts: NodeFacts = field(repr=False)

    def __getattr__(self, name: str):  # facts' fields read as the row's own
        return getattr(self.facts, name)


def _is_time_limit(q: Quantity) -> bool:
    return q.kind == "duration" or (q.kind == "deadline" and q.role == DEADLINE_ROLE)


def extract_document(doc: Document, titles: TitleIndex | None = None) -> list[Provision]:
    """One Provision per node per kind, in reading order."""
    return [Provision(kind, facts) for facts in analyse_document(doc, titles) for kind in facts.kinds]


def analyse_document(doc: Document, titles: TitleIndex | None = None) -> list[NodeFacts]:
    """Facts for every node that has any (kinds, quantities, references or anomalies)."""
    version = doc.body.attrs.get("version")
    doc_year = _year(doc.signed_date)
    eids = EidIndex(doc)
    titles = titles or TitleIndex.from_documents([doc])
    issuer = next((i for i in doc.issuers if i.endswith(("部", "委", "局", "署", "行"))), None)
    out: list[NodeFacts] = []
    for node, headings, goal_year, task_title in _walk(doc):
        if not node.text or node.kind in ("title", "docnumber", "recipients"):
            continue
        text = node.text
        found_tasks = tuple(tasks(text))
        found_quantities = tuple(quantities(text))
        kinds = set(classify(text))
        year = goal_year if goal_year is not None else _plan_year(text)
        found_targets = tuple(t for t in targets(text, year) if _future(t.year, doc_year))
        in_goals = any(_GOAL_HEADING.search(h) for h in headings)
        kinds.discard(TARGET)
        if found_targets or _aims(text, doc_year) or (in_goals and _goal_statement(node)):
            kinds.add(TARGET)
        kinds.discard(TASK)
        if found_tasks:  # the kind means exactly: the node carries an assignment block
            kinds.add(TASK)
        if any(_is_time_limit(q) for q in found_quantities):
            kinds.add(DEADLINE)
        found_anomalies = tuple(anomalies(text, found_quantities))
        if not kinds and (found_anomalies or any(_normative(q) for q in found_quantities)):
            kinds.add(OTHER)
        refs = tuple(_resolve(ref, node.eid, eids, titles, doc) for ref in references(text))
        found_actors = tuple(actors(text, issuer=issuer)) if kinds - {OTHER, EFFECT} else ()
        if not (kinds or refs or found_quantities):
            continue
        out.append(
            NodeFacts(
                doc_id=doc.doc_id,
                version=version,
                eid=node.eid,
                citation=node.citation,
                page=node.page,
                text=text,
                kinds=tuple(k for k in ROW_KINDS if k in kinds),
                actors=found_actors,
                quantities=found_quantities,
                references=refs,
                targets=found_targets,
                tasks=found_tasks,
                task_titles=tuple(task_title for _ in found_tasks),
                anomalies=found_anomalies,
                fines=tuple(fines(text, found_quantities)) if PENALTY in kinds else (),
            )
        )
    return out


def _walk(doc: Document) -> Iterator[tuple[Node, tuple[str, ...], int | None, str]]:
    """Nodes in reading order with their own and their ancestors' headings, the target year
    a goal section has set so far (到2025年 in its first paragraph holds for the rest), and
    the title of the task the node belongs to (a numbered `3.坚持以水定需。` or a heading)."""

    def visit(parent: Node, headings: tuple[str, ...], year: int | None):
        in_goals = any(_GOAL_HEADING.search(h) for h in headings)
        title = parent.heading
        for child in parent.children:
            numbered = _TASK_NUMBER.match(child.text)
            if child.kind not in ("table", "box"):  # 表2 and 专栏 headings name no task
                title = child.heading or (numbered.group("title") if numbered else title)
            own = headings + ((child.heading,) if child.heading else ())
            if in_goals or any(_GOAL_HEADING.search(h) for h in own):
                year = _first_year(child.text) or year
            else:
                year = None
            yield child, own, year, title
            yield from visit(child, own, year)

    yield from visit(doc.body, (), None)


def _year(iso: str | None) -> int | None:
    return int(iso[:4]) if iso and iso[:4].isdigit() else None


def _first_year(text: str) -> int | None:
    m = _BY_YEAR.search(text)
    return int(m.group("y")) if m else None


def _plan_year(text: str) -> int | None:
    return 2025 if _PLAN_PERIOD.search(text) else None


def _future(year: int | None, doc_year: int | None) -> bool:
    return year is not None and (doc_year is None or year >= doc_year)


def _aims(text: str, doc_year: int | None) -> bool:
    """`到2025年…` or `力争…`: the text sets an aim rather than reporting a past figure."""
    if _ASPIRE.search(text):
        return True
    return any(_future(int(m.group("y")), doc_year) for m in _BY_YEAR.finditer(text))


def _goal_statement(node: Node) -> bool:
    body = node.text.removeprefix(node.heading).strip("。 ")
    return bool(body) and not _NOTE.match(node.text) and not _only_tasks(node.text)


def _only_tasks(text: str) -> bool:
    stripped = text
    for t in tasks(text):
        stripped = stripped.replace(t.text, "")
    return not stripped.strip("。 ")


def _normative(q: Quantity) -> bool:
    return q.kind in _MEASURES and (q.role in _NORMATIVE_ROLES or q.kind == "ratio")


def _resolve(ref, eid: str, eids: EidIndex, titles: TitleIndex, doc: Document) -> Link:
    if isinstance(ref, ExternalRef):
        return titles.resolve(ref, doc)
    return link(resolve_detail(ref, eid, eids.lookup_for(eid)))


__all__ = ["ROW_KINDS", "NodeFacts", "Provision", "analyse_document", "extract_document"]
