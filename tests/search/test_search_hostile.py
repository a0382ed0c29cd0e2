from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhengce.search import QueryError


@pytest.mark.parametrize(
    "query", ["", "   ", "\t\n", "\x00\x01", "\ud800", "\u200b", "水" * 10_000, "a" * 10_000]
)
def test_unusable_queries_raise_query_error(small_index, query):
    with pytest.raises(QueryError) as info:
        small_index.search(query)
    assert isinstance(info.value, ValueError)
    assert "(" in str(info.value)  # Chinese message with the English in parentheses


@pytest.mark.parametrize(
    "query",
    [
        '" OR 1=1 --',
        "'; DROP TABLE docs; --",
        "title:水 AND NOT *",
        "水表\ud800",
        "NEAR(地下 水)",
        "%_\\",
        "<script>alert(1)</script>",
        "第条",
        "〔〕号",
        "第0条",
        "第99999条",
        "（）",
        "令第号",
        "第一百万条",
    ],
)
def test_syntax_is_just_text(small_index, query):
    hits = small_index.search(query)
    for h in hits:
        assert "<script>" not in h.snippet


def test_non_string_query(small_index):
    with pytest.raises(QueryError):
        small_index.search(None)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes(small_index, query):
    try:
        hits = small_index.search(query)
    except QueryError:
        return
    assert isinstance(hits, list)


@settings(max_examples=100, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("第一二十百条款项22号〔〕[]()（）《》令地下水管理条例 ")), max_size=40
    )
)
def test_reference_like_text_never_crashes(small_index, query):
    with contextlib.suppress(QueryError):
        small_index.search(query)
