from __future__ import annotations

import json

import pytest

from zhengce.search import SearchIndex
from zhengce.search import index as index_module

QUERIES = [
    "地下水",
    "计量设施",
    "期限",
    "基金 出资",
    "井",
    "水表",
    "第二十二条",
    "自然资规〔2021〕2号",
    "罚款",
    "临时用地 复垦",
    "子基金",
]


def results(index: SearchIndex) -> list:
    return [[(h.doc_id, h.eid, h.score, h.snippet) for h in index.search(q, limit=20)] for q in QUERIES]


def test_save_load_round_trip(small_index, tmp_path):
    small_index.save(tmp_path / "idx")
    loaded = SearchIndex.load(tmp_path / "idx")
    assert results(loaded) == results(small_index)
    assert json.loads((tmp_path / "idx" / "manifest.json").read_text())["format"] == "zhengce-search/1"


def test_load_missing_directory(tmp_path):
    with pytest.raises(FileNotFoundError):
        SearchIndex.load(tmp_path / "nothing")


def test_incremental_add_equals_rebuild(small_docs):
    full = SearchIndex.build(small_docs)
    inc = SearchIndex()
    for doc in small_docs:
        inc.add_documents([doc])
    assert inc.segment_count == len(small_docs)
    assert results(inc) == results(full)


def test_remove_equals_rebuild_without(small_docs, tmp_path):
    inc = SearchIndex.build(small_docs)
    inc.save(tmp_path / "idx")
    inc = SearchIndex.load(tmp_path / "idx")
    assert inc.remove_document("自然资规-2021-2")
    assert not inc.remove_document("no-such-doc")
    inc.save(tmp_path / "idx")
    reloaded = SearchIndex.load(tmp_path / "idx")
    rebuilt = SearchIndex.build([d for d in small_docs if d.doc_id != "自然资规-2021-2"])
    assert results(reloaded) == results(rebuilt) == results(inc)
    assert "自然资规-2021-2" not in reloaded.doc_ids()


def test_re_adding_a_document_replaces_it(small_docs):
    full = SearchIndex.build(small_docs)
    inc = SearchIndex.build(small_docs)
    inc.add_documents([small_docs[1]])
    assert len(inc) == len(full)
    assert results(inc) == results(full)


def test_merge_keeps_results(small_docs, monkeypatch, tmp_path):
    monkeypatch.setattr(index_module, "MAX_SEGMENTS", 2)
    full = SearchIndex.build(small_docs)
    inc = SearchIndex()
    for doc in small_docs:
        inc.add_documents([doc])
    inc.remove_document(small_docs[0].doc_id)
    inc.add_documents([small_docs[0]])  # third segment triggers a merge
    assert inc.segment_count <= 2
    assert results(inc) == results(full)
    inc.save(tmp_path / "idx")
    assert sorted(p.name for p in (tmp_path / "idx").iterdir() if p.name.startswith("seg-")) == sorted(
        s.name for s in inc._segments
    )
    assert results(SearchIndex.load(tmp_path / "idx")) == results(full)


def test_compact_drops_deleted_rows(small_docs):
    inc = SearchIndex.build(small_docs)
    inc.remove_document("财教-2021-176")
    inc.compact()
    assert inc.segment_count == 1
    assert results(inc) == results(SearchIndex.build(small_docs[:2]))


def test_empty_index(tmp_path):
    empty = SearchIndex()
    assert empty.search("地下水") == []
    empty.save(tmp_path / "e")
    assert SearchIndex.load(tmp_path / "e").search("地下水") == []
