"""A read-only, query-ready view over all segments, rebuilt (cheaply) after every change."""

from __future__ import annotations

import numpy as np

from .bm25 import FieldStats
from .filters import DocMeta
from .records import SearchRecord
from .refs import DocName, doc_name_entry
from .segment import FIELDS, Segment


class IndexView:
    def __init__(self, segments: list[Segment], deleted: dict[str, set[int]]) -> None:
        self.records: list[SearchRecord] = []
        offsets: list[int] = []
        live_parts: list[np.ndarray] = []
        for seg in segments:
            offsets.append(len(self.records))
            self.records.extend(seg.records)
            live = np.ones(len(seg), dtype=bool)
            gone = deleted.get(seg.name)
            if gone:
                live[np.fromiter(gone, dtype=np.int64)] = False
            live_parts.append(live)
        self.live = np.concatenate(live_parts) if live_parts else np.empty(0, bool)
        self.fields = {name: FieldStats(segments, offsets, self.live, name) for name in FIELDS}

        # Row -> document / kind codes for vectorised filters; exact-reference lookup tables.
        self.docs: list[DocMeta] = []
        self.doc_names: list[DocName] = []
        self.kinds: list[str] = []
        doc_code: dict[str, int] = {}
        kind_code: dict[str, int] = {}
        self.doc_codes = np.zeros(len(self.records), dtype=np.int32)
        self.kind_codes = np.zeros(len(self.records), dtype=np.int32)
        self.by_eid: dict[tuple[str, str], int] = {}
        self.units: dict[tuple[str, str, int], list[int]] = {}
        for row, rec in enumerate(self.records):
            if not self.live[row]:
                continue
            code = doc_code.get(rec.doc_id)
            if code is None:
                code = doc_code[rec.doc_id] = len(self.docs)
                self.docs.append(
                    DocMeta(
                        rec.doc_id,
                        rec.doc_kind,
                        tuple(rec.issuers),
                        rec.signed_date,
                        rec.effective_date,
                        rec.expiry_date,
                    )
                )
                self.doc_names.append(
                    doc_name_entry(rec.doc_id, rec.doc_title, rec.short_title, rec.doc_number)
                )
            self.doc_codes[row] = code
            kcode = kind_code.get(rec.kind)
            if kcode is None:
                kcode = kind_code[rec.kind] = len(self.kinds)
                self.kinds.append(rec.kind)
            self.kind_codes[row] = kcode
            self.by_eid.setdefault((rec.doc_id, rec.eid), row)
            if rec.kind in ("article", "subsec"):
                last = rec.eid.rsplit("__", 1)[-1]
                prefix, _, num = last.partition("_")
                if num.isdigit():
                    self.units.setdefault((rec.doc_id, prefix, int(num)), []).append(row)
