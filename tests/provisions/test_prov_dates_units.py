"""Date forms of the plans and notices, class hours, and units shared along a list."""

from __future__ import annotations

import pytest

from zhengce.provisions.quantities import quantities


def dates(text: str) -> list[tuple[str, str | None]]:
    return [(q.role, q.iso) for q in quantities(text) if q.kind in ("date", "deadline")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("决定于2021年11月至2022年10月开展专项整治", [("range", "2021-11/2022-10")]),
        ("自查自改（2021年11月—2022年3月）", [("range", "2021-11/2022-03")]),
        ("执法检查（2022年4月—7月）", [("range", "2022-04/2022-07")]),
        ("2018年至2020年间未发生生产安全事故", [("range", "2018/2020")]),
        ("2022年6月底前停止生产、8月底前停止销售", [("deadline", "2022-06-30"), ("deadline", "2022-08-31")]),
        ("2021年内出台完成政策文件", [("deadline", "2021-12-31")]),
        ("延缓缴纳2021年第四季度部分税费", [("exact", "2021-Q4")]),
        ("截至2020年底，全国有技工院校2423所", [("exact", "2020-12-31")]),  # as of, not a deadline
        ("全面核查2019年1月以来的培训工作", [("min", "2019-01")]),
        ("于2022年10月15日前报送应急管理部", [("deadline", "2022-10-15")]),
        ("力争2030年前实现碳达峰", [("deadline", "2030")]),
        # a date inside a title belongs to the title, not to the provision
        ("落实《法治中国建设规划（2020－2025年）》等文件", []),
        ("现发布《高耗能行业重点领域能效标杆水平和基准水平（2021年版）》", []),
    ],
)
def test_dates(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert dates(text) == expected


def test_bare_month_without_a_year_before_it_is_not_guessed() -> None:
    assert dates("8月底前停止销售") == []


def test_class_hours() -> None:
    (q,) = [q for q in quantities("专题教育不少于每学年16学时") if q.kind == "duration"]
    assert (q.role, q.value_min, q.unit) == ("min", 16, "class_hour")


def test_list_shares_the_last_unit() -> None:
    text = "分别达到15.1%、33.7%，分别提高了3.3和1.9个百分点"
    got = [(q.value_min, q.unit) for q in quantities(text) if q.kind == "percent"]
    assert got == [(15.1, "%"), (33.7, "%"), (3.3, "percentage_point"), (1.9, "percentage_point")]


def test_breakthrough_is_a_minimum() -> None:
    (q,) = [q for q in quantities("大数据产业测算规模突破3万亿元") if q.kind == "money"]
    assert (q.role, q.value_min, q.value_max) == ("min", 3_000_000_000_000, None)
