"""Number parsing: exact values, and properties over arbitrary input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhengce.provisions.numbers import int_to_chinese, parse_number
from zhengce.provisions.quantities import quantities


@pytest.mark.parametrize(
    ("text", "mult", "expected"),
    [
        ("10", "万", 100_000),
        ("1.45", "万", 14_500),
        ("0.565", None, 0.565),
        ("1,000", None, 1000),
        ("１２", None, 12),
        ("十", None, 10),
        ("十万", None, 100_000),
        ("两", None, 2),
        ("二十", "亿", 2_000_000_000),
        ("一百零五", None, 105),
        ("一亿二千万", None, 120_000_000),
        ("二〇二一", None, 2021),
        ("三", "万亿", 3_000_000_000_000),
    ],
)
def test_parse_number_values(text: str, mult: str | None, expected: float) -> None:
    assert parse_number(text, mult) == expected


@pytest.mark.parametrize("junk", ["", "统一", "abc", "十四五", "1.2.3", "万元", "NaN", "inf", "二三十"])
def test_parse_number_rejects_non_numerals(junk: str) -> None:
    assert parse_number(junk) is None


def test_money_is_integer_yuan() -> None:
    value = parse_number("10", "万")
    assert isinstance(value, int)


@given(st.text())
def test_parse_number_never_raises(text: str) -> None:
    parse_number(text)
    parse_number(text, "万")


@given(st.text(alphabet="0123456789.,一二三四五六七八九十百千万亿零两〇元%年个以上下至-", max_size=40))
def test_quantities_never_raise_on_numeral_soup(text: str) -> None:
    for q in quantities(text):
        assert text[q.span[0] : q.span[1]] == q.text


@given(st.text(max_size=200))
def test_quantities_never_raise_on_arbitrary_text(text: str) -> None:
    quantities(text)


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_chinese_round_trip(n: int) -> None:
    assert parse_number(int_to_chinese(n)) == n


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["", "万", "亿"]))
def test_arabic_and_chinese_amounts_agree(n: int, mult: str) -> None:
    """`N万元` written with arabic digits and with a Chinese numeral give the same 元."""
    arabic = quantities(f"处{n}{mult}元罚款")
    chinese = quantities(f"处{int_to_chinese(n)}{mult}元罚款")
    assert len(arabic) == len(chinese) == 1
    assert arabic[0].kind == chinese[0].kind == "money"
    assert arabic[0].value_min == chinese[0].value_min == n * {"": 1, "万": 10**4, "亿": 10**8}[mult]


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999))
def test_generated_money_ranges(lo: int, span: int) -> None:
    hi = lo + span
    (q,) = quantities(f"处{lo}万元以上{hi}万元以下罚款")
    assert (q.role, q.value_min, q.value_max) == ("range", lo * 10_000, hi * 10_000)
    (q,) = quantities(f"处{int_to_chinese(lo)}万元以上{int_to_chinese(hi)}万元以下罚款")
    assert (q.role, q.value_min, q.value_max) == ("range", lo * 10_000, hi * 10_000)
