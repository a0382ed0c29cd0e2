"""All groundwater rules in one registry, and the resolver that quotes their articles from the corpus."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy.engine import Engine

from zhengce.errors import UserError
from zhengce.regimes.groundwater import (
    rules_authority,
    rules_ch3,
    rules_ch4,
    rules_ch5,
    rules_ch6,
    rules_metering,
)
from zhengce.regimes.groundwater.common import DOC_ID, TITLE, new_registry
from zhengce.rules import CitationCheckError, Registry, Resolver

# Chapter order; the county rules last.
CHAPTERS = {
    "第三章 节约与保护": (rules_metering.REGISTRY, rules_ch3.REGISTRY),
    "第四章 超采治理": (rules_ch4.REGISTRY,),
    "第五章 污染防治": (rules_ch5.REGISTRY,),
    "第六章 监督管理": (rules_ch6.REGISTRY,),
    "县级水行政主管部门（第二十条、第五十四条）": (rules_authority.REGISTRY,),
}
BUNDLED = Path(__file__).resolve().parents[4] / "data" / "policy-compilation-2021.txt"


@cache
def all_rules() -> Registry:
    registry = new_registry()
    for parts in CHAPTERS.values():
        for part in parts:
            registry.extend(part)
    return registry


def _texts(document) -> dict[str, str]:
    return {n.eid: n.full_text() for n in document.body.walk() if n.eid}


@cache
def _bundled_texts() -> dict[str, str]:
    from zhengce.corpus.ingest import parse_path

    docs = {d.doc_id: d for d in parse_path(BUNDLED).documents}
    return _texts(docs[DOC_ID])


def corpus_resolver(engine: Engine | None) -> Resolver:
    """Node texts of 《地下水管理条例》 from the corpus store; the bundled compilation when it is not ingested."""
    texts: dict[str, str] | None = None
    if engine is not None:
        from zhengce.corpus.store import CorpusStore

        try:
            texts = _texts(CorpusStore(engine).get_document(DOC_ID))
        except Exception:  # no corpus tables or document yet: fall back to the bundled text
            texts = None
    if texts is None:
        if not BUNDLED.exists():
            raise UserError(f"语料库中没有《{TITLE}》：先运行 zhengce ingest (regulation not in corpus)")
        texts = _bundled_texts()
    return lambda doc_id, eid: texts.get(eid) if doc_id == DOC_ID else None


def checked_resolver(engine: Engine | None, registry: Registry | None = None) -> Resolver:
    """The resolver, after checking that every rule's citations exist (a missing node is an error)."""
    resolver = corpus_resolver(engine)
    try:
        (registry or all_rules()).check_citations(resolver)
    except CitationCheckError as exc:
        raise UserError(str(exc)) from None
    return resolver
