import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhengce.rules import Citation, chinese_number, human_citation, parse_eid


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (22, "二十二"),
        (59, "五十九"),
        (64, "六十四"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
    ],
)
def test_chinese_number(n: int, text: str) -> None:
    assert chinese_number(n) == text


@given(st.integers(min_value=1, max_value=9999))
def test_chinese_number_is_injective_and_clean(n: int) -> None:
    text = chinese_number(n)
    assert not text.endswith("零") and "零零" not in text
    assert n == 1 or chinese_number(n - 1) != text


@pytest.mark.parametrize("n", [0, -1, 10000])
def test_chinese_number_rejects_out_of_range(n: int) -> None:
    with pytest.raises(ValueError):
        chinese_number(n)


def test_parse_eid() -> None:
    assert parse_eid("chp_7__art_59__para_2__item_1") == [("chp", 7), ("art", 59), ("para", 2), ("item", 1)]


@pytest.mark.parametrize("eid", ["", "art59", "chp_7__art_x", "chp_7__art_0", "foo_1", "chp_7___art_5"])
def test_parse_eid_rejects(eid: str) -> None:
    with pytest.raises(ValueError):
        parse_eid(eid)


@pytest.mark.parametrize(
    ("eid", "text"),
    [
        ("chp_7__art_56", "《地下水管理条例》第五十六条"),
        ("chp_7__art_59__para_2", "《地下水管理条例》第五十九条第二款"),
        ("chp_3__art_22__para_2", "《地下水管理条例》第二十二条第二款"),
        ("chp_3__art_25__item_6", "《地下水管理条例》第二十五条第六项"),
        ("chp_7__art_59__para_2__item_1", "《地下水管理条例》第五十九条第二款第一项"),
        ("chp_7", "《地下水管理条例》第七章"),
    ],
)
def test_human_citation(eid: str, text: str) -> None:
    assert human_citation("地下水管理条例", eid) == text


def test_citation_without_title_falls_back_to_doc_id() -> None:
    c = Citation.of("国务院令-748", "chp_7__art_56__para_1")
    assert c.text == "国务院令-748 第五十六条第一款"
    assert c.key == ("国务院令-748", "chp_7__art_56__para_1")
    assert c.quote is None
