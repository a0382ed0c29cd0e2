"""What a search returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchHit:
    doc_id: str
    eid: str  # "" for the document itself (a 文号 or title match)
    citation: str  # human citation: 《地下水管理条例》第二十二条第二款
    kind: str
    score: float
    snippet: str  # HTML: escaped text, matched terms in <mark>…</mark>
    page: int | None
