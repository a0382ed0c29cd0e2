from __future__ import annotations

import datetime as dt

import pytest

from zhengce.search import QueryError


def docs_of(hits) -> set[str]:
    return {h.doc_id for h in hits}


def test_doc_filter(small_index):
    assert docs_of(small_index.search("期限", doc="自然资规-2021-2")) == {"自然资规-2021-2"}
    assert docs_of(small_index.search("期限", doc=["财教-2021-176"])) <= {"财教-2021-176"}


def test_kind_filter_node_and_document_kinds(small_index):
    assert {h.kind for h in small_index.search("地下水", kind="article")} == {"article"}
    assert docs_of(small_index.search("基金", kind="办法")) == {"财教-2021-176"}


def test_issuer_filter(small_index):
    assert docs_of(small_index.search("基金", issuer="科技部")) == {"财教-2021-176"}
    assert docs_of(small_index.search("地下水", issuer="国务院")) == {"国务院令-748"}


def test_date_range_on_signed_date(small_index):
    hits = small_index.search("期限 基金", date_from="2021-11-01", date_to="2021-11-30")
    assert docs_of(hits) == {"自然资规-2021-2"}
    assert small_index.search("期限", date_to="2021-01-01") == []
    assert docs_of(
        small_index.search("期限 基金", date_from=dt.date(2021, 10, 24), date_to="2021-10-24")
    ) == {"财教-2021-176"}


def test_in_force_on(small_index):
    # 财教 办法 takes effect 2022-01-01; 临时用地 通知 expires 2026-11-04 (exclusive).
    assert "财教-2021-176" not in docs_of(small_index.search("期限 基金", in_force_on="2021-12-15"))
    assert "财教-2021-176" in docs_of(small_index.search("期限 基金", in_force_on="2022-01-01"))
    assert "自然资规-2021-2" in docs_of(small_index.search("期限", in_force_on="2026-11-03"))
    assert "自然资规-2021-2" not in docs_of(small_index.search("期限", in_force_on="2026-11-04"))


def test_filters_apply_to_exact_references(small_index):
    hits = small_index.search("第二十二条", doc="财教-2021-176")
    assert [(h.doc_id, h.eid) for h in hits][:1] == [("财教-2021-176", "att_1__chp_2__art_22")]
    assert all(h.doc_id == "财教-2021-176" for h in hits)


@pytest.mark.parametrize("bad", ["2021/10/01", "tomorrow", "2021-13-01", 20211001])
def test_bad_dates_raise_query_error(small_index, bad):
    with pytest.raises(QueryError):
        small_index.search("期限", in_force_on=bad)
