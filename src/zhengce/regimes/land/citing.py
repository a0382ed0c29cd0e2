"""Rules that cite outline and attachment nodes, and resolvers that quote them.

The kernel's :func:`zhengce.rules.rule` only accepts regulation-style ids (``chp/art/para/item``);
notices and attached 办法 are cited as ``sec_4__para_1`` or ``att_1__chp_2__art_9``. Until the kernel
accepts those components, :func:`regime_rule` builds the :class:`~zhengce.rules.Rule` itself with the
same checks, and each citation carries the corpus node's own human citation text. Shared by the
land, funds, restoration and targets regimes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from zhengce.rules import Citation, Registry, Resolver, Rule, RuleDefinitionError, human_citation
from zhengce.rules.registry import RuleFn

_RULE_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
_EID = re.compile(r"^[a-z]+(_[0-9]+)?(__[a-z]+(_[0-9]+)?)*$")


def cite(doc_id: str, eid: str, text: str) -> Citation:
    """A citation of one corpus node; ``text`` is the node's citation as the corpus renders it."""
    if not _EID.match(eid):
        raise RuleDefinitionError(f"not a node id: {eid!r}")
    return Citation(doc_id=doc_id, eid=eid, text=text)


def cite_attached(doc_id: str, title: str, eid: str) -> Citation:
    """A citation of an article of a 办法 carried as an attachment (``att_1__chp_2__art_9``).

    The text is the regulation-style citation of the article inside the attachment
    (《国家科技成果转化引导基金管理暂行办法》第九条), which is how the corpus cites it.
    """
    head, sep, inner = eid.partition("__")
    if not (sep and re.fullmatch(r"att_[0-9]+", head)):
        raise RuleDefinitionError(f"not an attachment node id: {eid!r}")
    return cite(doc_id, eid, human_citation(title, inner))


def regime_rule(
    registry: Registry,
    rule_id: str,
    *,
    cites: Sequence[Citation],
    effective: date,
    repealed: date | None = None,
    applies_to: type | tuple[type, ...] | None = None,
) -> Callable[[RuleFn], Rule]:
    """Decorator registering a rule in ``registry``; same checks as the kernel's ``rule()``."""

    def wrap(fn: RuleFn) -> Rule:
        if not _RULE_ID.match(rule_id):
            raise RuleDefinitionError(f"rule id {rule_id!r} must be dotted lowercase")
        if not cites:
            raise RuleDefinitionError(f"rule {rule_id} cites no node")
        if not (fn.__doc__ or "").strip():
            raise RuleDefinitionError(f"rule {rule_id} has no docstring; quote the text it implements")
        return registry.register(
            Rule(
                rule_id=rule_id,
                fn=fn,
                citations=tuple(cites),
                effective=effective,
                repealed=repealed,
                applies_to=applies_to,
                doc=fn.__doc__ or "",
            )
        )

    return wrap


def documents_resolver(documents: Iterable[object]) -> Resolver:
    """Resolver over parsed :class:`~zhengce.corpus.model.Document` objects: node id → full text."""
    by_id = {d.doc_id: d for d in documents}  # type: ignore[attr-defined]

    def resolve(doc_id: str, eid: str) -> str | None:
        doc = by_id.get(doc_id)
        node = doc.node(eid) if doc is not None else None
        if node is None:
            return None
        # The node's own number (第九条, 一、) is left out: the citation already says where it is.
        return node.full_text()[len(node.num) :] or node.heading or None

    return resolve


def store_resolver(store: object) -> Resolver:
    """Resolver reading documents from a :class:`~zhengce.corpus.store.CorpusStore` on demand.

    A document not in the store resolves nothing (findings then carry no quote).
    """
    from zhengce.errors import NotFound

    cache: dict[str, object | None] = {}

    def resolve(doc_id: str, eid: str) -> str | None:
        if doc_id not in cache:
            try:
                cache[doc_id] = store.get_document(doc_id)  # type: ignore[attr-defined]
            except NotFound:
                cache[doc_id] = None
        doc = cache[doc_id]
        if doc is None:
            return None
        return documents_resolver([doc])(doc_id, eid)

    return resolve
