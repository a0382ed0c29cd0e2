"""Search filters: document, kind, issuer, signing-date range, in force on a date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .errors import QueryError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date(value: object, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise QueryError(f"日期格式应为 YYYY-MM-DD：{name}={value!r} (date must be YYYY-MM-DD)")


def _names(value: str | Iterable[str] | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset(v for v in (value.strip(),) if v)
    return frozenset(v.strip() for v in value if isinstance(v, str) and v.strip())


@dataclass(frozen=True)
class DocMeta:
    doc_id: str
    doc_kind: str
    issuers: tuple[str, ...]
    signed_date: str | None
    effective_date: str | None
    expiry_date: str | None


@dataclass(frozen=True)
class SearchFilters:
    """All optional; empty means "no restriction".

    `kind` matches a node kind (`article`, `subsec` …) or a document kind (`条例`, `通知` …).
    `issuer` matches when the given name equals or is contained in one of the issuers.
    `date_from`/`date_to` bound `signed_date` (inclusive). `in_force_on` keeps documents with
    effective_date <= DATE < expiry_date; a document without effective_date counts as effective
    from its signing date (the usual 自印发之日起施行), one without any date is excluded.
    """

    docs: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    issuers: frozenset[str] = frozenset()
    date_from: str | None = None
    date_to: str | None = None
    in_force_on: str | None = None

    @classmethod
    def build(
        cls, doc=None, kind=None, issuer=None, date_from=None, date_to=None, in_force_on=None
    ) -> SearchFilters:
        return cls(
            _names(doc),
            _names(kind),
            _names(issuer),
            _date(date_from, "date_from"),
            _date(date_to, "date_to"),
            _date(in_force_on, "in_force_on"),
        )

    def active(self) -> bool:
        return bool(
            self.docs or self.kinds or self.issuers or self.date_from or self.date_to or self.in_force_on
        )

    def doc_ok(self, meta: DocMeta) -> bool:
        if self.docs and meta.doc_id not in self.docs:
            return False
        if self.issuers and not any(want in have for want in self.issuers for have in meta.issuers):
            return False
        signed = meta.signed_date
        if self.date_from and (signed is None or signed < self.date_from):
            return False
        if self.date_to and (signed is None or signed > self.date_to):
            return False
        if self.in_force_on:
            start = meta.effective_date or signed
            if start is None or start > self.in_force_on:
                return False
            if meta.expiry_date is not None and not self.in_force_on < meta.expiry_date:
                return False
        return True

    def mask(
        self, doc_codes: np.ndarray, docs: list[DocMeta], kind_codes: np.ndarray, kinds: list[str]
    ) -> np.ndarray:
        """Boolean per row; doc-level tests run once per document, not per row."""
        ok_docs = np.array(
            [self.doc_ok(m) and (not self.kinds or m.doc_kind in self.kinds) for m in docs], dtype=bool
        )
        if not self.kinds:
            return ok_docs[doc_codes] if len(docs) else np.zeros(len(doc_codes), bool)
        doc_pass = np.array([self.doc_ok(m) for m in docs], dtype=bool)
        ok_kinds = np.array([k in self.kinds for k in kinds], dtype=bool)
        by_kind = doc_pass[doc_codes] & ok_kinds[kind_codes] if len(kinds) else np.zeros(len(doc_codes), bool)
        return ok_docs[doc_codes] | by_kind
