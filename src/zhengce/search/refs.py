"""Recognise exact references in a query: article numbers, 文号, document names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..corpus.ids import normalise_doc_number
from ..corpus.numerals import cn_to_int
from .tokenize import bigrams

_CN = "零〇一二两三四五六七八九十百千"
_NUM = rf"(\d{{1,4}}|[{_CN}]{{1,7}})"
# `第二十二条`, `第22条`, `22条`; Chinese numerals need 第 so `一条河` is not article 1.
_ARTICLE = re.compile(rf"(?:第\s*{_NUM}|(\d{{1,4}}))\s*条(?:\s*第?\s*{_NUM}\s*款)?(?:\s*第?\s*{_NUM}\s*项)?")
_OUTLINE = re.compile(rf"[(（]\s*([{_CN}]{{1,4}})\s*[)）]")
_BARE_NUMBER = re.compile(r"^\s*(?:第\s*)?(\d{1,4})\s*$")
_DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,16})\s*[\[［【(（〔]\s*(\d{4})\s*[\]］】)）〕]\s*(\d{1,5})\s*号?"
)
_DECREE = re.compile(r"([\u4e00-\u9fff]{0,16}令)\s*第?\s*(\d{1,5})\s*号?")
_QUOTES = re.compile(r"[《》〈〉“”\"'‘’「」]")


@dataclass
class DocName:
    doc_id: str
    names: tuple[str, ...]  # normalised title variants, quotes removed
    doc_number: str  # normalised 文号


@dataclass
class ArticleRef:
    article: int
    paragraph: int | None = None
    item: int | None = None


@dataclass
class Refs:
    residual: str  # the query with recognised references cut out
    doc_ids: list[str]  # documents named (by title or 文号)
    by_number: bool = False  # the document was named by its 文号
    article: ArticleRef | None = None
    outline: int | None = None  # `（十二）` -> 12, only meaningful with a named document


def _int(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return cn_to_int(text)
    except ValueError:
        return None


def strip_quotes(text: str) -> str:
    return _QUOTES.sub("", text)


def find_refs(query: str, docs: list[DocName]) -> Refs:
    """`query` is already normalised (NFKC, lowercase)."""
    refs = Refs(query, [])
    _find_doc_number(refs, docs)
    m = _ARTICLE.search(refs.residual)
    if m:
        number = _int(m.group(1) or m.group(2))
        if number:
            refs.article = ArticleRef(number, _int(m.group(3)), _int(m.group(4)))
            before, after = refs.residual[: m.start()], refs.residual[m.end() :]
            refs.residual = f"{before} {after}"
    if not refs.doc_ids:
        _find_doc_name(refs, docs)
    if not refs.doc_ids and m and refs.article:
        refs.doc_ids = _name_before(refs.residual[: m.start()], docs)
        if refs.doc_ids:
            refs.residual = refs.residual[m.start() :]
    if refs.doc_ids and refs.article is None:
        bare = _BARE_NUMBER.match(refs.residual)
        outline = _OUTLINE.search(refs.residual)
        if bare:  # `地下水管理条例 22`
            refs.article = ArticleRef(int(bare.group(1)))
            refs.residual = ""
        elif outline and (n := _int(outline.group(1))):
            refs.outline = n
            refs.residual = refs.residual[: outline.start()] + " " + refs.residual[outline.end() :]
    refs.residual = " ".join(refs.residual.split())
    return refs


def _find_doc_number(refs: Refs, docs: list[DocName]) -> None:
    for pattern, render in (
        (_DOC_NUMBER, lambda m: f"〔{m.group(2)}〕{m.group(3)}号"),
        (_DECREE, lambda m: f"第{m.group(2)}号"),
    ):
        for m in pattern.finditer(refs.residual):
            tail = render(m)
            prefix = m.group(1)
            # The captured prefix may include words before the 文号 (`查国办发〔2021〕40号`).
            hits = [
                d.doc_id
                for d in docs
                if d.doc_number.endswith(tail)
                and d.doc_number[: -len(tail)]
                and prefix.endswith(d.doc_number[: -len(tail)])
            ]
            if hits:
                start = m.start(1) + len(prefix) - len(_prefix_of(docs, hits[0], tail))
                refs.doc_ids, refs.by_number = hits, True
                refs.residual = refs.residual[:start] + " " + refs.residual[m.end() :]
                return


def _prefix_of(docs: list[DocName], doc_id: str, tail: str) -> str:
    number = next(d.doc_number for d in docs if d.doc_id == doc_id)
    return number[: -len(tail)]


def _find_doc_name(refs: Refs, docs: list[DocName]) -> None:
    """Exact (longest) title or short title contained in the query."""
    plain = strip_quotes(refs.residual)
    best: tuple[int, str, str] | None = None
    for d in docs:
        for name in d.names:
            if len(name) >= 4 and name in plain and (best is None or len(name) > best[0]):
                best = (len(name), d.doc_id, name)
    if best:
        refs.doc_ids = [best[1]]
        refs.residual = plain.replace(best[2], " ", 1)


def _name_before(text: str, docs: list[DocName]) -> list[str]:
    """The words before an article number usually name the law, perhaps loosely (`地下水条例`)."""
    plain = strip_quotes(text).strip()
    if len(plain) < 2:
        return []
    for test in (lambda n: plain == n, lambda n: len(plain) >= 4 and plain in n):
        found = [d.doc_id for d in docs if any(test(n) for n in d.names)]
        if len(found) == 1:
            return found
    want = set(bigrams(plain))
    if not want:
        return []
    scored = []
    for d in docs:
        overlap = max(len(want & set(bigrams(n))) / len(want) for n in d.names) if d.names else 0.0
        scored.append((overlap, d.doc_id))
    scored.sort(reverse=True)
    if scored and scored[0][0] >= 0.6 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return [scored[0][1]]
    return []


def doc_name_entry(doc_id: str, title: str, short_title: str, doc_number: str) -> DocName:
    from .normalize import normalize

    names = tuple(dict.fromkeys(strip_quotes(normalize(n)) for n in (short_title, title) if n))
    number = normalise_doc_number(normalize(doc_number)) if doc_number else ""
    return DocName(doc_id, names, number)
