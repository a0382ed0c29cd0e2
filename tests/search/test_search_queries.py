from __future__ import annotations

import pytest

from zhengce.search import QueryError, SearchIndex


def top(index: SearchIndex, query: str, **kw) -> tuple[str, str]:
    hits = index.search(query, **kw)
    assert hits, query
    return hits[0].doc_id, hits[0].eid


@pytest.mark.parametrize(
    "query",
    [
        "第二十二条",
        "第22条",
        "22条",
        "《地下水管理条例》第22条",
        "地下水管理条例 22",
        "地下水管理条例第二十二条",
        "地下水条例第二十二条",
        "《地下水管理条例》 第 二十二 条",
    ],
)
def test_article_reference_ranks_first(small_index, query):
    assert top(small_index, query) == ("国务院令-748", "chp_3__art_22")


def test_paragraph_reference(small_index):
    assert top(small_index, "地下水管理条例第二十二条第二款") == ("国务院令-748", "chp_3__art_22__para_2")
    assert top(small_index, "地下水管理条例第22条第2款") == ("国务院令-748", "chp_3__art_22__para_2")


def test_article_reference_in_attachment(small_index):
    assert top(small_index, "国家科技成果转化引导基金管理暂行办法第九条") == (
        "财教-2021-176",
        "att_1__chp_2__art_9",
    )
    assert top(small_index, "引导基金管理办法第12条") == ("财教-2021-176", "att_1__chp_2__art_12")


def test_ambiguous_article_number_lists_every_document(small_index):
    hits = small_index.search("第二十二条")
    assert {(h.doc_id, h.eid) for h in hits[:2]} == {
        ("国务院令-748", "chp_3__art_22"),
        ("财教-2021-176", "att_1__chp_2__art_22"),
    }


@pytest.mark.parametrize(
    "query",
    [
        "国办发〔2021〕40号",
        "自然资规〔2021〕2号",
        "自然资规[2021]2号",
        "自然资规(2021)2号",
        "自然资规（2021）2号",
        "自然资规 〔2021〕 2 号",
        "自然资规[2021]2",
    ],
)
def test_doc_number_finds_document(small_index, query):
    hits = small_index.search(query)
    if query.startswith("国办发"):
        assert all(h.doc_id != "国办发-2021-40" for h in hits)  # not in this index
    else:
        assert (hits[0].doc_id, hits[0].eid) == ("自然资规-2021-2", "")


def test_decree_number(small_index):
    assert top(small_index, "国务院令第748号") == ("国务院令-748", "")


@pytest.mark.parametrize("query", ["井", "水", "罚", "水表", "期限", "基金"])
def test_short_queries_return_hits(small_index, query):
    assert small_index.search(query)


def test_lay_queries(small_index):
    assert top(small_index, "没装水表罚多少") == ("国务院令-748", "chp_7__art_56")
    assert top(small_index, "临时用地最多用几年")[0] == "自然资规-2021-2"
    assert top(small_index, "引导基金出资比例") == ("财教-2021-176", "att_1__chp_2__art_9")


def test_typo_tolerance(small_index):
    # 计量设施 mistyped as 计量设旋: the bigram 计量 still finds the article
    assert top(small_index, "安装计量设旋")[0] == "国务院令-748"


def test_full_width_and_case(small_index):
    assert top(small_index, "第２２条") == ("国务院令-748", "chp_3__art_22")


def test_article_and_paragraph_share_one_slot(small_index):
    hits = small_index.search("取水 计量设施", limit=10)
    groups = [(h.doc_id, h.eid.split("__para_")[0]) for h in hits]
    assert len(groups) == len(set(groups))


def test_article_outranks_its_paragraph(small_index):
    hits = small_index.search("在线计量设施")
    assert hits[0].eid in ("chp_3__art_22", "chp_3__art_22__para_2")


def test_snippet_marks_and_escapes(small_index):
    hit = small_index.search("计量设施")[0]
    assert "<mark>" in hit.snippet
    assert hit.snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_snippet_escapes_html():
    from zhengce.search.snippet import make_snippet

    assert make_snippet("a<b>&c 水表", ["水表"]) == "a&lt;b&gt;&amp;c <mark>水表</mark>"


def test_stop_words_only_query_is_empty_result(small_index):
    assert small_index.search("什么") == []


def test_limit(small_index):
    assert len(small_index.search("地下水", limit=2)) == 2
    with pytest.raises(QueryError):
        small_index.search("地下水", limit=0)


def test_hit_fields(small_index):
    hit = small_index.search("第二十二条", doc="国务院令-748")[0]
    assert hit.citation == "《地下水管理条例》第二十二条"
    assert hit.kind == "article"
    assert hit.page == 22
