"""SearchIndex: an on-disk, incrementally updatable index over policy documents.

On-disk layout (a directory beside the store)::

    manifest.json        {"format": "zhengce-search/1", "segments": [{"name": …, "deleted": [rows]}]}
    seg-<hex>/           one immutable segment per add_documents() batch (or per merge)
        records.jsonl    the SearchRecords, one JSON object per line, row order
        words.npz        CSR postings of rjieba search-mode words: indptr, docs, tfs, lengths
        words.vocab.json term list (term id = position)
        bigrams.npz / bigrams.vocab.json   the same for character bigrams

Incremental updates, Lucene-style:
- add_documents(docs) tokenises only the new records into a new segment (replacing a document
  that is already indexed: its old rows are tombstoned first);
- remove_document(doc_id) only adds tombstones (row numbers in the manifest);
- BM25 statistics (N, df, average length) are computed at query time over live rows of all
  segments, so an updated index scores exactly like one rebuilt from scratch;
- when there are more than MAX_SEGMENTS segments, or a third of the rows are dead, all segments
  are merged into one by concatenating their postings (no re-tokenising) and dropping dead rows;
- save() writes only segments not yet on disk, then swaps the manifest atomically and deletes
  segment directories the manifest no longer names. A reader never sees a half-written index.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ..corpus.model import Document
from .errors import QueryError
from .filters import SearchFilters
from .normalize import clean_query
from .query import QueryTerms, build_terms
from .records import SearchRecord, records_from_documents
from .refs import Refs, find_refs
from .results import SearchHit
from .segment import Segment
from .snippet import make_snippet
from .view import IndexView

FORMAT = "zhengce-search/1"
MAX_SEGMENTS = 8
MAX_DEAD_FRACTION = 1 / 3
MANIFEST = "manifest.json"

# Bigram scores add up over many overlapping grams; this keeps them from drowning the word field.
BIGRAM_WEIGHT = 0.5
# The article / numbered point is the answer; its paragraphs are evidence, containers are headings.
KIND_BOOST = {
    "article": 1.25,
    "subsec": 1.25,
    "paragraph": 1.0,
    "item": 1.0,
    "para": 1.0,
    "point": 0.95,
    "box": 1.0,
    "table": 1.0,
    "chapter": 0.9,
    "section": 0.9,
    "sec": 0.9,
    "attachment": 0.5,
    "document": 0.5,
}
HEADING_BOOST = 0.3
RERANK_DEPTH = 200
EXACT_SCORE = 1e6  # exact references outrank every text match


class SearchIndex:
    def __init__(self) -> None:
        self._segments: list[Segment] = []
        self._deleted: dict[str, set[int]] = {}
        self._view_cache: IndexView | None = None

    # -- building ------------------------------------------------------------------------------

    @classmethod
    def build(cls, docs: Iterable[Document]) -> SearchIndex:
        index = cls()
        index.add_documents(docs)
        return index

    def add_documents(self, docs: Iterable[Document]) -> None:
        self.add_records(records_from_documents(docs))

    def add_records(self, records: list[SearchRecord]) -> None:
        for doc_id in dict.fromkeys(r.doc_id for r in records):
            self._tombstone(doc_id)  # re-adding a document replaces it
        if records:
            self._segments.append(Segment.build(f"seg-{uuid.uuid4().hex[:12]}", records))
        self._changed()

    def remove_document(self, doc_id: str) -> bool:
        """Tombstone every row of the document; True when something was removed."""
        removed = self._tombstone(doc_id)
        self._changed()
        return removed

    def _tombstone(self, doc_id: str) -> bool:
        removed = False
        for seg in self._segments:
            dead = self._deleted.setdefault(seg.name, set())
            for row, rec in enumerate(seg.records):
                if rec.doc_id == doc_id and row not in dead:
                    dead.add(row)
                    removed = True
        return removed

    def _changed(self) -> None:
        self._view_cache = None
        total = sum(len(s) for s in self._segments)
        dead = sum(len(d) for d in self._deleted.values())
        if len(self._segments) > MAX_SEGMENTS or (total and dead / total > MAX_DEAD_FRACTION):
            self.compact()

    def compact(self) -> None:
        """Merge all segments into one, dropping deleted rows."""
        parts = []
        for seg in self._segments:
            keep = np.ones(len(seg), dtype=bool)
            gone = self._deleted.get(seg.name)
            if gone:
                keep[list(gone)] = False
            parts.append((seg, keep))
        merged = Segment.merge(f"seg-{uuid.uuid4().hex[:12]}", parts)
        self._segments = [merged] if len(merged) else []
        self._deleted = {}
        self._view_cache = None

    # -- inspection ----------------------------------------------------------------------------

    @property
    def segment_count(self) -> int:
        return len(self._segments)

    def doc_ids(self) -> list[str]:
        return [m.doc_id for m in self._view().docs]

    def __len__(self) -> int:
        return int(self._view().live.sum())

    def _view(self) -> IndexView:
        if self._view_cache is None:
            self._view_cache = IndexView(self._segments, self._deleted)
        return self._view_cache

    # -- persistence ---------------------------------------------------------------------------

    def save(self, directory: str | Path) -> None:
        root = Path(directory)
        root.mkdir(parents=True, exist_ok=True)
        for seg in self._segments:
            seg_dir = root / seg.name
            if not (seg_dir / "done").exists():  # segments are immutable: written once
                tmp = root / f".{seg.name}.tmp"
                shutil.rmtree(tmp, ignore_errors=True)
                seg.save(tmp)
                (tmp / "done").write_text("", encoding="utf-8")
                shutil.rmtree(seg_dir, ignore_errors=True)
                os.replace(tmp, seg_dir)
        manifest = {
            "format": FORMAT,
            "segments": [
                {"name": s.name, "deleted": sorted(self._deleted.get(s.name, ()))} for s in self._segments
            ],
        }
        tmp_manifest = root / f".{MANIFEST}.tmp"
        tmp_manifest.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp_manifest, root / MANIFEST)
        wanted = {s.name for s in self._segments}
        for child in root.iterdir():
            if child.is_dir() and child.name.startswith("seg-") and child.name not in wanted:
                shutil.rmtree(child, ignore_errors=True)

    @classmethod
    def load(cls, directory: str | Path) -> SearchIndex:
        root = Path(directory)
        try:
            manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise FileNotFoundError(f"{root}: 没有可用的搜索索引 (no search index: {exc})") from None
        if manifest.get("format") != FORMAT:
            raise ValueError(f"{root}: 索引格式不兼容 (unsupported index format {manifest.get('format')!r})")
        index = cls()
        for entry in manifest["segments"]:
            index._segments.append(Segment.load(entry["name"], root / entry["name"]))
            if entry["deleted"]:
                index._deleted[entry["name"]] = set(entry["deleted"])
        return index

    # -- searching -----------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        doc=None,
        kind=None,
        issuer=None,
        date_from=None,
        date_to=None,
        in_force_on=None,
    ) -> list[SearchHit]:
        """Ranked hits; raises QueryError (a ValueError) for unusable queries or filters."""
        if not isinstance(limit, int) or limit < 1:
            raise QueryError("limit 必须是正整数 (limit must be a positive integer)")
        text = clean_query(query)
        filters = SearchFilters.build(doc, kind, issuer, date_from, date_to, in_force_on)
        view = self._view()
        if not len(view.records):
            return []
        allowed = view.live & filters.mask(view.doc_codes, view.docs, view.kind_codes, view.kinds)
        refs = find_refs(text, view.doc_names)
        exact = self._exact_rows(view, refs, allowed)
        terms = build_terms(refs.residual)
        if refs.doc_ids and not exact:
            # A named document with a topic (`地下水管理条例 打井`) restricts the search to it.
            in_docs = np.isin(
                view.doc_codes, [i for i, m in enumerate(view.docs) if m.doc_id in refs.doc_ids]
            )
            if terms.empty():
                exact = [r for r in self._doc_rows(view, refs.doc_ids) if allowed[r]]
            else:
                allowed = allowed & in_docs
        scores = self._score(view, terms) if not terms.empty() else np.zeros(len(view.records))
        ranked = self._rerank(view, scores, allowed, terms)
        return self._hits(view, exact, ranked, terms, limit)

    def _doc_rows(self, view: IndexView, doc_ids: list[str]) -> list[int]:
        return [view.by_eid[(d, "")] for d in doc_ids if (d, "") in view.by_eid]

    def _exact_rows(self, view: IndexView, refs: Refs, allowed: np.ndarray) -> list[int]:
        rows: list[int] = []
        if refs.by_number and refs.article is None and refs.outline is None:
            rows = self._doc_rows(view, refs.doc_ids)
        elif refs.article is not None:
            art = refs.article
            doc_ids = refs.doc_ids or sorted(m.doc_id for m in view.docs)
            for d in doc_ids:
                for row in view.units.get((d, "art", art.article), []):
                    eid = view.records[row].eid
                    if art.paragraph:
                        eid += f"__para_{art.paragraph}"
                    if art.item:
                        # Items hang off the paragraph when the article has several, else off the article.
                        cands = [f"{eid}__item_{art.item}"]
                        if not art.paragraph:
                            cands.append(f"{eid}__para_1__item_{art.item}")
                        eid = next((c for c in cands if (d, c) in view.by_eid), cands[0])
                    rows.append(view.by_eid.get((d, eid), row))
        elif refs.outline is not None:
            for d in refs.doc_ids:
                rows.extend(view.units.get((d, "subsec", refs.outline), []))
        return [r for r in dict.fromkeys(rows) if allowed[r]]

    def _score(self, view: IndexView, terms: QueryTerms) -> np.ndarray:
        scores = np.zeros(len(view.records), dtype=np.float64)
        words, grams = view.fields["words"], view.fields["bigrams"]
        for term, weight in terms.words.items():
            words.add_scores(scores, *words.postings(term), weight)
        for term, weight in terms.bigrams.items():
            grams.add_scores(scores, *grams.postings(term), weight * BIGRAM_WEIGHT)
        if terms.single_char:
            grams.add_scores(scores, *grams.char_postings(terms.single_char), 1.0)
        return scores

    def _rerank(
        self, view: IndexView, scores: np.ndarray, allowed: np.ndarray, terms: QueryTerms
    ) -> list[tuple[float, int]]:
        scores = np.where(allowed, scores, 0.0)
        cand = np.flatnonzero(scores > 0)
        if len(cand) > RERANK_DEPTH:
            cand = cand[np.argpartition(-scores[cand], RERANK_DEPTH)[:RERANK_DEPTH]]
        ranked = []
        for row in cand.tolist():
            rec = view.records[row]
            score = scores[row] * KIND_BOOST.get(rec.kind, 1.0)
            if rec.heading and terms.core_words:
                hit = sum(1 for w in terms.core_words if w in rec.heading.lower())
                score *= 1.0 + HEADING_BOOST * hit / len(terms.core_words)
            ranked.append((score, row))
        # Ties broken by (doc_id, eid) so the order never depends on segment layout.
        ranked.sort(key=lambda sr: (-sr[0], view.records[sr[1]].doc_id, view.records[sr[1]].eid))
        return ranked

    def _hits(
        self,
        view: IndexView,
        exact: list[int],
        ranked: list[tuple[float, int]],
        terms: QueryTerms,
        limit: int,
    ) -> list[SearchHit]:
        hits: list[SearchHit] = []
        seen_rows: set[int] = set()
        seen_groups: set[tuple[str, str]] = set()
        marks = terms.mark_terms()
        for row in exact:
            rec = view.records[row]
            hits.append(self._hit(rec, EXACT_SCORE, marks))
            seen_rows.add(row)
            seen_groups.add((rec.doc_id, rec.group or rec.eid))
            if len(hits) >= limit:
                return hits
        for score, row in ranked:
            rec = view.records[row]
            group = (rec.doc_id, rec.group or rec.eid)
            if row in seen_rows or group in seen_groups:
                continue  # a paragraph and its article share one slot
            seen_groups.add(group)
            hits.append(self._hit(rec, score, marks))
            if len(hits) >= limit:
                break
        return hits

    @staticmethod
    def _hit(rec: SearchRecord, score: float, marks: list[str]) -> SearchHit:
        return SearchHit(
            rec.doc_id,
            rec.eid,
            rec.citation,
            rec.kind,
            round(float(score), 6),
            make_snippet(rec.text or rec.heading, marks),
            rec.page,
        )
