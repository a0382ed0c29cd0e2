"""Cross-references and their resolution against a caller-supplied node index."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from zhengce.provisions.references import (
    ExternalRef,
    InternalRef,
    references,
    resolve,
    resolve_all,
    resolve_detail,
)

Passage = Callable[..., str]
GW = (230, 770)

# A slice of the groundwater regulation's node ids, as the corpus would index them.
NODES: dict[tuple[int, int | None, int | None], str] = {}
for art, chp, paras in [
    (25, 3, 1),
    (41, 5, 2),
    (49, 6, 1),
    (51, 6, 4),
    (56, 7, 2),
    (57, 7, 2),
    (58, 7, 1),
    (59, 7, 3),
]:
    NODES[(art, None, None)] = f"chp_{chp}__art_{art}"
    for p in range(1, paras + 1):
        NODES[(art, p, None)] = f"chp_{chp}__art_{art}__para_{p}"
NODES[(25, None, 6)] = "chp_3__art_25__item_6"
for i in range(1, 6):
    NODES[(41, 1, i)] = f"chp_5__art_41__para_1__item_{i}"


def lookup(article: int, para: int | None, item: int | None) -> str | None:
    return NODES.get((article, para, item))


def internal(text: str) -> list[InternalRef]:
    return [r for r in references(text) if isinstance(r, InternalRef)]


def test_art55_external_laws(passage: Passage) -> None:
    art = passage(*GW, "第五十五条", "第五十六条")
    titles = [r.title for r in references(art) if isinstance(r, ExternalRef)]
    assert titles == [
        "中华人民共和国水法",
        "中华人民共和国水污染防治法",
        "中华人民共和国土壤污染防治法",
        "取水许可和水资源费征收管理条例",
    ]
    assert internal(art) == []  # the heading 第五十五条 is not a citation
    res = resolve_detail(references(art)[0], "chp_7__art_55", lookup)
    assert res.eids == () and res.reason and "external" in res.reason


def test_external_with_document_number(passage: Passage) -> None:
    text = passage(8499, 8520, "为贯彻落实", "进行了修订")
    ext = [r for r in references(text) if isinstance(r, ExternalRef)]
    assert [(r.title, r.doc_number) for r in ext] == [
        ("中华人民共和国促进科技成果转化法", None),
        ("国家科技成果转化引导基金管理暂行办法", "财教〔2011〕289号"),
    ]
    assert ext[1].text.endswith("（财教〔2011〕289号）")


def test_previous_paragraph_item(passage: Passage) -> None:
    """Art. 41 para 2: `根据前款第二项规定的企业事业单位…`."""
    para = passage(*GW, "根据前款第二项", "第四十二条")
    (ref,) = internal(para)
    assert (ref.text, ref.para_rel, ref.item) == ("前款第二项", "previous", 2)
    assert resolve(ref, "chp_5__art_41__para_2", lookup) == "chp_5__art_41__para_1__item_2"


def test_this_article_paragraph_list(passage: Passage) -> None:
    """Art. 51 para 4: `对不符合本条第一款、第二款、第三款规定的…`."""
    para = passage(*GW, "对不符合本条第一款", "第五十二条")
    refs = internal(para)
    assert [r.text for r in refs] == ["本条第一款", "第二款", "第三款"]
    assert [resolve(r, "chp_6__art_51__para_4", lookup) for r in refs] == [
        "chp_6__art_51__para_1",
        "chp_6__art_51__para_2",
        "chp_6__art_51__para_3",
    ]


def test_previous_paragraph_in_real_text(passage: Passage) -> None:
    para = passage(*GW, "除前款规定的情形外，在地下水限制开采区内", "第三十六条")
    refs = internal(para)
    assert refs and all(r.para_rel == "previous" for r in refs)


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("违反本条例第四十九条规定的", "chp_7__art_59__para_2", "chp_6__art_49"),
        ("第四十九条", "chp_7__art_59__para_2", "chp_6__art_49"),
        ("依照前款规定", "chp_7__art_59__para_2", "chp_7__art_59__para_1"),
        ("本条第一款", "chp_7__art_59__para_3", "chp_7__art_59__para_1"),
        ("第二款第三项", "chp_5__art_41__para_2", None),  # art 41 para 2 has no items: missing, with reason
        ("第六项", "chp_3__art_25", "chp_3__art_25__item_6"),
        ("第四十一条第一款第三项", "chp_7__art_59", "chp_5__art_41__para_1__item_3"),
        ("前条", "chp_7__art_57__para_1", "chp_7__art_56"),
    ],
)
def test_resolve(text: str, context: str, expected: str | None) -> None:
    (ref,) = internal(text)
    assert resolve(ref, context, lookup) == expected


def test_range_of_articles() -> None:
    (ref,) = internal("违反第五十六条至第五十八条规定的")
    assert (ref.article, ref.article_to) == (56, 58)
    res = resolve_detail(ref, "chp_7__art_59__para_1", lookup)
    assert res.eids == ("chp_7__art_56", "chp_7__art_57", "chp_7__art_58") and res.reason is None
    assert resolve(ref, "chp_7__art_59__para_1", lookup) is None  # several nodes: use resolve_detail


def test_previous_two_paragraphs() -> None:
    (ref,) = internal("违反前两款规定的")
    assert (ref.para_rel, ref.para_count) == ("previous", 2)
    res = resolve_detail(ref, "chp_7__art_59__para_3", lookup)
    assert res.eids == ("chp_7__art_59__para_1", "chp_7__art_59__para_2")


@pytest.mark.parametrize(
    ("text", "context", "reason"),
    [
        ("前款", "sec_3__subsec_2__item_4", "no article"),
        ("前款", "chp_7__art_59__para_1", "precede"),
        ("前款", "chp_7__art_59", "not a paragraph"),
        ("第九十九条", "chp_7__art_59", "no such node"),
        ("《中华人民共和国水法》第十条", "chp_7__art_59", "another document"),
    ],
)
def test_unresolvable_refs_keep_a_reason(text: str, context: str, reason: str) -> None:
    results = resolve_all(text, context, lookup)
    assert results, "a reference must never be dropped"
    last = results[-1]
    assert last.eids == ()
    assert last.reason is not None and reason in last.reason


def test_bare_scope_is_not_a_reference() -> None:
    assert internal("依照本条例规定") == []
