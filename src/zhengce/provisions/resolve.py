"""Where a cross-reference points: node ids inside the document, or another document of the corpus.

Internal references resolve within the part of the document that cites them: 本办法第十条 in
the attached 办法 (`att_1__chp_2__art_10`) means the attachment's article, not the cover letter.
External references (《…》) resolve by title to a document or attachment held in the corpus; a
title that matches but carries another 文号 is an older or different act and stays unresolved,
with that reason, rather than being linked to the wrong text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..corpus.model import Document
from .references import ExternalRef, InternalRef, Resolution

_PART = re.compile(r"^(?P<prefix>(?:att_[0-9]+__)?)")
_LEVEL = re.compile(r"(?:^|__)(art|para|item)_([0-9]+)")
_QUOTES = re.compile(r"[“”\"'‘’〈〉<>\s]")
_NUMBER_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Link:
    """A reference with its target: `doc_id` (None: the citing document) and node ids."""

    type: str  # internal | external
    text: str
    span: tuple[int, int]
    eids: tuple[str, ...]
    doc_id: str | None
    title: str | None
    doc_number: str | None
    reason: str | None  # why it is (partly) unresolved; None when complete

    @property
    def resolved(self) -> bool:
        return self.reason is None


class EidIndex:
    """(part, article, paragraph, item) -> eid for one document."""

    def __init__(self, doc: Document) -> None:
        self._eids: dict[tuple[str, int, int | None, int | None], str] = {}
        self._has_paras: set[tuple[str, int]] = set()
        for node in doc.nodes():
            levels = dict((k, int(v)) for k, v in _LEVEL.findall(node.eid))
            if "art" not in levels:
                continue
            part = _part(node.eid)
            key = (part, levels["art"], levels.get("para"), levels.get("item"))
            self._eids.setdefault(key, node.eid)
            if "para" in levels:
                self._has_paras.add((part, levels["art"]))

    def lookup_for(self, context_eid: str) -> Callable[[int, int | None, int | None], str | None]:
        part = _part(context_eid)

        def lookup(art: int, para: int | None, item: int | None) -> str | None:
            eid = self._eids.get((part, art, para, item))
            if eid is None and para == 1 and (part, art) not in self._has_paras:
                eid = self._eids.get((part, art, None, item))  # 第一款 of a one-paragraph article
            return eid

        return lookup


class TitleIndex:
    """Documents and attachments of the corpus by normalised title (attachments first, so that
    a cover letter's 《…》 points at the attached text rather than at the letter)."""

    def __init__(self, entries: Iterable[tuple[str, str, str, str]] = ()) -> None:
        """`entries`: (title, doc_id, eid or "" for the whole document, 文号)."""
        self._by_title: dict[str, list[tuple[str, str, str]]] = {}  # title -> (doc_id, eid, 文号)
        for title, doc_id, eid, number in sorted(entries, key=lambda e: e[2] == ""):
            self._add(title, doc_id, eid, _norm_number(number))

    @classmethod
    def from_documents(cls, docs: Iterable[Document]) -> TitleIndex:
        entries = []
        for doc in docs:
            entries += [(t, doc.doc_id, "", doc.doc_number) for t in {doc.title, doc.short_title}]
            entries += [(n.heading, doc.doc_id, n.eid, doc.doc_number)
                        for n in doc.body.children if n.kind == "attachment" and n.heading]  # fmt: skip
        return cls(entries)

    def _add(self, title: str, doc_id: str, eid: str, number: str) -> None:
        if title:
            self._by_title.setdefault(_norm_title(title), []).append((doc_id, eid, number))

    def resolve(self, ref: ExternalRef, citing: Document) -> Link:
        number = _norm_number(ref.doc_number or "")
        for doc_id, eid, doc_number in self._by_title.get(_norm_title(ref.title), []):
            if number and doc_number and number != doc_number:
                return _external(ref, (), None, f"同名文件文号不同（{ref.doc_number}），不是库中的版本")
            same = doc_id == citing.doc_id
            return _external(ref, (eid,) if eid else (), None if same else doc_id, None)
        return _external(ref, (), None, "库中没有该文件")


def link(resolution: Resolution) -> Link:
    """An internal reference's resolution as a Link."""
    ref = resolution.ref
    assert isinstance(ref, InternalRef)
    return Link("internal", ref.text, ref.span, resolution.eids, None, ref.document, None,
                _zh_reason(resolution.reason))  # fmt: skip


def _external(ref: ExternalRef, eids: tuple[str, ...], doc_id: str | None, reason: str | None) -> Link:
    return Link("external", ref.text, ref.span, eids, doc_id, ref.title, ref.doc_number, reason)


def _zh_reason(reason: str | None) -> str | None:
    if reason is None:
        return None
    if reason.startswith("points into another document"):
        return "指向其他文件的条文：" + reason.removeprefix("points into another document ")
    if reason.startswith("no such node"):
        return "本文件中没有该条款：" + reason.removeprefix("no such node: ")
    return "无法确定所指条款：" + reason


def _part(eid: str) -> str:
    m = _PART.match(eid)
    return m.group("prefix") if m else ""


def _norm_title(title: str) -> str:
    return _QUOTES.sub("", unicodedata.normalize("NFKC", title)).strip("《》")


def _norm_number(number: str) -> str:
    return _NUMBER_SPACES.sub("", unicodedata.normalize("NFKC", number)).replace("[", "〔").replace("]", "〕")
