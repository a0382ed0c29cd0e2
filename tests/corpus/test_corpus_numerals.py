import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhengce.corpus.numerals import cn_to_int, int_to_cn


@pytest.mark.parametrize(
    "text,value",
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十二", 22),
        ("六十四", 64),
        ("一百", 100),
        ("一百零三", 103),
        ("一千零一", 1001),
        ("两千", 2000),
        ("二〇二一", 2021),
        ("二零二二", 2022),
        ("十万", 100_000),
        ("5", 5),
    ],
)
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("bad", ["", "统一", "第三", "abc"])
def test_cn_to_int_rejects_non_numerals(bad):
    with pytest.raises(ValueError):
        cn_to_int(bad)


@given(st.integers(min_value=1, max_value=9999))
def test_round_trip(n):
    assert cn_to_int(int_to_cn(n)) == n


def test_statute_style():
    assert int_to_cn(10) == "十" and int_to_cn(22) == "二十二" and int_to_cn(103) == "一百零三"
