"""One immutable index segment: records plus raw term-frequency postings for two fields.

Postings hold raw tf, not BM25 weights: IDF and average length are corpus-wide and change with
every add/remove, so they are computed at query time over the live records of all segments.
Per field: term -> id, `indptr` (CSR row pointers per term id), `docs` (local row ids, ascending
within a term), `tfs`, and `lengths` (tokens per record). Word terms are strings in a dict;
bigram terms are integer keys (see `bigrams`) in a sorted array looked up by binary search.
"""

from __future__ import annotations

import json
from array import array
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

import numpy as np
import rjieba

from .bigrams import batch_keys, char_key_mask
from .normalize import normalize
from .records import SearchRecord
from .tokenize import is_word

FIELDS = ("words", "bigrams")


def _csr(term_ids: np.ndarray, rows: np.ndarray, n_terms: int, n_rows: int):
    """Count (term, row) pairs into CSR postings: indptr per term, rows ascending, tf per posting."""
    pair = (term_ids.astype(np.int64) << 32) | rows.astype(np.int64)
    uniq, tf = np.unique(pair, return_counts=True)  # sorted by term, then row
    indptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(np.bincount((uniq >> 32).astype(np.int64), minlength=n_terms), out=indptr[1:])
    lengths = np.bincount(rows.astype(np.int64), minlength=n_rows).astype(np.float32)
    return indptr, (uniq & 0xFFFFFFFF).astype(np.int32), tf.astype(np.float32), lengths


class FieldPostings:
    """CSR postings; subclasses say how a term maps to its id."""

    def __init__(self, indptr: np.ndarray, docs: np.ndarray, tfs: np.ndarray, lengths: np.ndarray) -> None:
        self.indptr = indptr
        self.docs = docs
        self.tfs = tfs
        self.lengths = lengths

    def term_id(self, term) -> int | None:
        raise NotImplementedError

    def postings(self, term) -> tuple[np.ndarray, np.ndarray] | None:
        tid = self.term_id(term)
        if tid is None:
            return None
        lo, hi = self.indptr[tid], self.indptr[tid + 1]
        return self.docs[lo:hi], self.tfs[lo:hi]

    def postings_of_ids(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        starts, ends = self.indptr[ids], self.indptr[ids + 1]
        counts = ends - starts
        # Flattened ranges [start, end) of every term, without a Python loop.
        idx = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        return self.docs[idx], self.tfs[idx]

    def term_of_posting(self) -> np.ndarray:
        return np.repeat(np.arange(len(self.indptr) - 1, dtype=np.int64), np.diff(self.indptr))


class WordPostings(FieldPostings):
    def __init__(self, vocab: dict[str, int], *arrays: np.ndarray) -> None:
        super().__init__(*arrays)
        self.vocab = vocab

    def term_id(self, term: str) -> int | None:
        return self.vocab.get(term)

    def terms(self) -> list[str]:
        out = [""] * len(self.vocab)
        for term, tid in self.vocab.items():
            out[tid] = term
        return out

    @classmethod
    def build(cls, token_lists: list[list[str]]) -> WordPostings:
        """Raw segmenter output in; punctuation and stop words are dropped per distinct term, not per token."""
        # A defaultdict numbering unseen keys by its own length keeps the hot loop in C.
        vocab: defaultdict[str, int] = defaultdict()
        vocab.default_factory = vocab.__len__
        ids = array("i")
        sizes = np.empty(len(token_lists), dtype=np.int64)
        lookup = vocab.__getitem__
        for row, tokens in enumerate(token_lists):
            sizes[row] = len(tokens)
            ids.extend(map(lookup, tokens))
        rows = np.repeat(np.arange(len(token_lists), dtype=np.int64), sizes)
        term_ids = np.frombuffer(ids, np.int32).astype(np.int64)
        keep_term = np.fromiter((is_word(t) for t in vocab), dtype=bool, count=len(vocab))
        new_id = np.cumsum(keep_term) - 1
        live = keep_term[term_ids]
        kept_vocab = {t: int(new_id[i]) for t, i in vocab.items() if keep_term[i]}
        return cls(kept_vocab, *_csr(new_id[term_ids[live]], rows[live], len(kept_vocab), len(token_lists)))


class BigramPostings(FieldPostings):
    def __init__(self, keys: np.ndarray, *arrays: np.ndarray) -> None:
        super().__init__(*arrays)
        self.keys = keys  # sorted unique int64 keys; term id = position

    def term_id(self, term: int) -> int | None:
        i = int(np.searchsorted(self.keys, term))
        return i if i < len(self.keys) and self.keys[i] == term else None

    def char_term_ids(self, ch: str) -> np.ndarray:
        return np.flatnonzero(char_key_mask(self.keys, ch))

    @classmethod
    def from_keys(cls, keys: np.ndarray, rows: np.ndarray, n_rows: int) -> BigramPostings:
        row_bits = max(1, int(n_rows).bit_length())
        if not len(keys) or int(keys.max()).bit_length() + row_bits > 62:
            vocab, term_ids = np.unique(keys, return_inverse=True)
            return cls(vocab, *_csr(term_ids, rows, len(vocab), n_rows))
        # One sort instead of two: (key, row) packed into one int64, counted, then split.
        uniq, tf = np.unique((keys << row_bits) | rows.astype(np.int64), return_counts=True)
        posting_keys = uniq >> row_bits
        starts = np.flatnonzero(np.concatenate(([True], posting_keys[1:] != posting_keys[:-1])))
        indptr = np.append(starts, len(uniq)).astype(np.int64)
        lengths = np.bincount(rows.astype(np.int64), minlength=n_rows).astype(np.float32)
        docs = (uniq & ((1 << row_bits) - 1)).astype(np.int32)
        return cls(posting_keys[starts], indptr, docs, tf.astype(np.float32), lengths)


def _segment_words(records: list[SearchRecord], texts: list[str]) -> list[list[str]]:
    """Words per record. An article's text is its paragraphs joined, and the paragraphs are records
    too: segment each piece once and concatenate (segmentation dominates build time).

    Pass 1 segments the plain records, remembering them by raw text; pass 2 assembles the subtree
    records from those, segmenting (and normalising) only pieces not seen as records themselves.
    """
    out: list[list[str] | None] = [None] * len(records)
    by_raw: dict[str, list[str]] = {}
    for i, (rec, text) in enumerate(zip(records, texts, strict=True)):
        if not rec.parts:
            out[i] = by_raw[rec.index_text()] = rjieba.cut_for_search(text)

    def cut(raw: str) -> list[str]:
        tokens = by_raw.get(raw)
        if tokens is None:
            tokens = by_raw[raw] = rjieba.cut_for_search(normalize(raw.replace("\n", " ")))
        return tokens

    for i, rec in enumerate(records):
        if rec.parts:
            tokens: list[str] = (
                cut(rec.heading) if rec.heading and not rec.text.startswith(rec.heading) else []
            )
            for part in rec.parts:
                tokens = tokens + cut(part)
            out[i] = tokens
    return out  # type: ignore[return-value]


class Segment:
    """Records [0, n) with their postings. Never mutated after build; deletions live in the index."""

    def __init__(self, name: str, records: list[SearchRecord], fields: dict[str, FieldPostings]) -> None:
        self.name = name
        self.records = records
        self.fields = fields

    def __len__(self) -> int:
        return len(self.records)

    @classmethod
    def build(cls, name: str, records: list[SearchRecord]) -> Segment:
        # Normalise in one call; newlines become spaces so they can separate texts for the bigrams.
        texts = normalize("\n".join(r.index_text().replace("\n", " ") for r in records)).split("\n")
        if len(texts) != len(records):  # NFKC never makes a newline, but do not trust alignment blindly
            texts = [normalize(r.index_text().replace("\n", " ")) for r in records]
        keys, rows = batch_keys(texts, ordered=False)
        fields: dict[str, FieldPostings] = {
            "words": WordPostings.build(_segment_words(records, texts)),
            "bigrams": BigramPostings.from_keys(keys, rows, len(records)),
        }
        return cls(name, records, fields)

    @classmethod
    def merge(cls, name: str, parts: list[tuple[Segment, np.ndarray]]) -> Segment:
        """Concatenate the kept rows (boolean mask per segment) of several segments, no re-tokenising."""
        records = [r for seg, keep in parts for r, k in zip(seg.records, keep, strict=True) if k]
        vocab: dict[str, int] = {}
        w_terms, w_rows, w_tfs, b_keys, b_rows, b_tfs, w_len, b_len = [], [], [], [], [], [], [], []
        offset = 0
        for seg, keep in parts:
            new_row = np.cumsum(keep, dtype=np.int64) - 1 + offset  # old row -> new row
            wp: WordPostings = seg.fields["words"]  # type: ignore[assignment]
            remap = np.array([vocab.setdefault(t, len(vocab)) for t in wp.terms()], dtype=np.int64)
            live = keep[wp.docs]
            w_terms.append(remap[wp.term_of_posting()[live]] if len(remap) else np.empty(0, np.int64))
            w_rows.append(new_row[wp.docs[live]])
            w_tfs.append(wp.tfs[live])
            bp: BigramPostings = seg.fields["bigrams"]  # type: ignore[assignment]
            live = keep[bp.docs]
            b_keys.append(bp.keys[bp.term_of_posting()[live]])
            b_rows.append(new_row[bp.docs[live]])
            b_tfs.append(bp.tfs[live])
            w_len.append(wp.lengths[keep])
            b_len.append(bp.lengths[keep])
            offset += int(keep.sum())
        n = len(records)
        fields: dict[str, FieldPostings] = {
            "words": _weighted(_cat(w_terms), _cat(w_rows), _cat(w_tfs), _cat(w_len), vocab=vocab),
            "bigrams": _weighted(_cat(b_keys), _cat(b_rows), _cat(b_tfs), _cat(b_len)),
        }
        assert all(len(f.lengths) == n for f in fields.values())
        return cls(name, records, fields)

    # -- persistence ---------------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        with (directory / "records.jsonl").open("w", encoding="utf-8") as fh:
            for rec in self.records:
                data = asdict(rec)
                data.pop("parts", None)
                fh.write(json.dumps(data, ensure_ascii=False))
                fh.write("\n")
        wp: WordPostings = self.fields["words"]  # type: ignore[assignment]
        bp: BigramPostings = self.fields["bigrams"]  # type: ignore[assignment]
        (directory / "words.vocab.json").write_text(
            json.dumps(wp.terms(), ensure_ascii=False), encoding="utf-8"
        )
        np.savez(directory / "words.npz", indptr=wp.indptr, docs=wp.docs, tfs=wp.tfs, lengths=wp.lengths)
        np.savez(
            directory / "bigrams.npz",
            keys=bp.keys,
            indptr=bp.indptr,
            docs=bp.docs,
            tfs=bp.tfs,
            lengths=bp.lengths,
        )

    @classmethod
    def load(cls, name: str, directory: Path) -> Segment:
        with (directory / "records.jsonl").open(encoding="utf-8") as fh:
            records = [SearchRecord(**json.loads(line)) for line in fh if line.strip()]
        terms = json.loads((directory / "words.vocab.json").read_text(encoding="utf-8"))
        with np.load(directory / "words.npz") as w:
            wp = WordPostings(
                {t: i for i, t in enumerate(terms)}, w["indptr"], w["docs"], w["tfs"], w["lengths"]
            )
        with np.load(directory / "bigrams.npz") as b:
            bp = BigramPostings(b["keys"], b["indptr"], b["docs"], b["tfs"], b["lengths"])
        return cls(name, records, {"words": wp, "bigrams": bp})


def _cat(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.empty(0)


def _weighted(
    terms: np.ndarray,
    rows: np.ndarray,
    tfs: np.ndarray,
    lengths: np.ndarray,
    vocab: dict[str, int] | None = None,
) -> FieldPostings:
    """Postings from (term, row, tf) triples whose (term, row) pairs are already unique."""
    if vocab is None:
        keys, term_ids = np.unique(terms.astype(np.int64), return_inverse=True)
    else:
        # Drop terms that lost every posting, so a merged vocabulary equals a rebuilt one.
        used, term_ids = np.unique(terms.astype(np.int64), return_inverse=True)
        by_id = {tid: t for t, tid in vocab.items()}
        vocab = {by_id[int(old)]: new for new, old in enumerate(used)}
        keys = None
    order = np.lexsort((rows, term_ids))
    n_terms = len(keys) if keys is not None else len(vocab or {})
    indptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(np.bincount(term_ids, minlength=n_terms), out=indptr[1:])
    arrays = (indptr, rows[order].astype(np.int32), tfs[order].astype(np.float32), lengths.astype(np.float32))
    if vocab is None:
        return BigramPostings(keys, *arrays)
    return WordPostings(vocab, *arrays)
