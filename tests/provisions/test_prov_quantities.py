"""Quantities against the real text of the 2021 compilation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from zhengce.provisions.quantities import Quantity, quantities

Passage = Callable[..., str]
# 地下水管理条例, chapter 7 (法律责任) and the closing article.
GW = (520, 770)


def money(text: str) -> list[tuple[str, int | None, int | None]]:
    return [(q.role, q.value_min, q.value_max) for q in quantities(text) if q.kind == "money"]


def only(text: str, kind: str) -> Quantity:
    found = [q for q in quantities(text) if q.kind == kind]
    assert len(found) == 1, found
    return found[0]


def test_art56_fines(passage: Passage) -> None:
    art = passage(*GW, "第五十六条", "第五十七条")
    assert money(art) == [("range", 100_000, 500_000)] * 2


def test_art57_fines(passage: Passage) -> None:
    art = passage(*GW, "第五十七条", "第五十八条")
    # the second fine is wrapped across lines in the source: `处 2` / `万元以上 10万元以下`
    assert money(art) == [("range", 100_000, 500_000), ("range", 20_000, 100_000)]


def test_art58_fine(passage: Passage) -> None:
    assert money(passage(*GW, "第五十八条", "第五十九条")) == [("range", 100_000, 500_000)]


def test_art59_fines(passage: Passage) -> None:
    art = passage(*GW, "第五十九条", "第六十条")
    assert money(art) == [
        ("range", 100_000, 1_000_000),
        ("range", 200_000, 2_000_000),
        ("range", 20_000, 100_000),
        ("range", 2_000_000, 5_000_000),
        ("range", 50_000, 500_000),
        ("range", 100_000, 500_000),
    ]


@pytest.mark.parametrize("article", [("第六十条", "第六十一条"), ("第六十一条", "第六十二条")])
def test_art60_61_fines(passage: Passage, article: tuple[str, str]) -> None:
    assert money(passage(*GW, *article)) == [("range", 20_000, 100_000)]


def test_fine_span_and_text(passage: Passage) -> None:
    art = passage(*GW, "第五十六条", "第五十七条")
    q = quantities(art)[0]
    assert q.text == "10万元以上50万元以下"
    assert art[q.span[0] : q.span[1]] == q.text
    assert art[q.span[0] - 1] == "处"


def test_art52_working_days(passage: Passage) -> None:
    art = passage(*GW, "第五十二条", "第五十三条")
    q = only(art, "duration")
    assert q.text == "5个工作日内"
    assert (q.role, q.value_max, q.unit, q.working_days, q.iso) == ("max", 5, "working_day", True, "P5D")


def test_art64_entry_into_force(passage: Passage) -> None:
    art = passage(*GW, "第六十四条")
    q = only(art, "date")
    assert (q.role, q.value_min, q.iso, q.text) == (
        "min",
        date(2021, 12, 1),
        "2021-12-01",
        "自2021年12月1日起",
    )


# 自然资源部关于规范临时用地管理的通知 (自然资规〔2021〕2号)
TEMP = (1968, 2165)


def test_temporary_land_use_periods(passage: Passage) -> None:
    text = passage(*TEMP, "临时用地使用期限一般不超过两年", "城镇开发边界内")
    durations = [q for q in quantities(text) if q.kind == "duration"]
    assert [(q.text, q.role, q.value_max, q.unit, q.iso) for q in durations] == [
        ("不超过两年", "max", 2, "year", "P2Y"),
        ("不超过四年", "max", 4, "year", "P4Y"),
    ]


def test_reclamation_within_one_year(passage: Passage) -> None:
    text = passage(*TEMP, "临时用地使用人应当自临时用地期满之日起", "严格落实")
    q = only(text, "duration")
    assert (q.text, q.role, q.value_max, q.iso) == ("一年内", "max", 1, "P1Y")


def test_information_system_deadlines(passage: Passage) -> None:
    text = passage(*TEMP, "部建立临时用地信息系统", "建立定期抽查")
    start = only(text, "date")
    assert (start.text, start.role, start.value_min) == ("自2022年3月1日起", "min", date(2022, 3, 1))
    days = only(text, "duration")
    assert (days.text, days.value_max, days.working_days, days.iso) == ("20个工作日内", 20, True, "P20D")


def test_overdue_share_and_validity(passage: Passage) -> None:
    text = passage(*TEMP, "按年度统计", "五、严格临时用地监管")
    pct = only(text, "percent")
    assert (pct.text, pct.role, pct.value_min) == ("20%以上", "min", 20)
    validity = passage(*TEMP, "本文件自下发之日起执行")
    q = only(validity, "duration")
    assert (q.text, q.role, q.value_min, q.iso) == ("五年", "exact", 5, "P5Y")


# 财教〔2021〕176号: 国家科技成果转化引导基金管理办法
FUND = (8499, 8730)


def test_fund_contribution_band(passage: Passage) -> None:
    text = passage(*FUND, "第九条", "第十条")
    q = only(text, "percent")
    assert (q.text, q.role, q.value_min, q.value_max, q.unit) == ("10%-30%", "range", 10, 30, "%")


def test_fund_investment_floor(passage: Passage) -> None:
    text = passage(*FUND, "第十条", "第十一条")
    kinds = {q.kind: q for q in quantities(text)}
    assert (kinds["ratio"].text, kinds["ratio"].role, kinds["ratio"].value_min) == ("三倍", "min", 3)
    assert kinds["ratio"].unit == "times"
    assert (kinds["percent"].role, kinds["percent"].value_min) == ("min", 50)


def test_fund_duration_and_votes(passage: Passage) -> None:
    q = only(passage(*FUND, "第十二条", "第十三条"), "duration")
    assert (q.text, q.role, q.value_max, q.iso) == ("不超过8年", "max", 8, "P8Y")
    term = passage(*FUND, "第二十三条", "第二十四条")
    assert [(q.text, q.role) for q in quantities(term) if q.kind == "duration"] == [("三年", "exact")]
    third = [q for q in quantities(term) if q.kind == "ratio"]
    assert third and third[0].role == "min" and third[0].value_min == pytest.approx(1 / 3)
    votes = [q for q in quantities(passage(*FUND, "理事会审核意见", "第二十")) if q.kind == "ratio"]
    assert [(q.text, q.role) for q in votes] == [("三分之二以上", "min")]
    assert votes[0].value_min == pytest.approx(2 / 3)


def test_fund_entry_into_force(passage: Passage) -> None:
    q = only(passage(*FUND, "第三十四条"), "date")
    assert (q.role, q.value_min) == ("min", date(2022, 1, 1))


# 重点生态保护修复治理资金管理办法: award bands in 亿元
def test_award_bands_in_yi_yuan(passage: Passage) -> None:
    text = passage(8729, 8900, "工程总投资10亿-20亿元", "采取项目法分配的")
    assert money(text) == [
        ("range", 1_000_000_000, 2_000_000_000),
        ("exact", 500_000_000, 500_000_000),
        ("range", 2_000_000_000, 5_000_000_000),
        ("exact", 1_000_000_000, 1_000_000_000),
        ("min", 5_000_000_000, None),
        ("exact", 2_000_000_000, 2_000_000_000),
    ]


def test_period_of_implementation(passage: Passage) -> None:
    text = passage(8729, 8900, "第四条本办法实施期限至", "。")
    q = only(text, "deadline")
    assert (q.text, q.value_max, q.iso) == ("至2023年底", date(2023, 12, 31), "2023-12-31")


@pytest.mark.parametrize(
    ("text", "kind", "role", "lo", "hi", "unit"),
    [
        ("投资10－20亿元的项目", "money", "range", 10**9, 2 * 10**9, "元"),
        ("投资10亿元至20亿元的项目", "money", "range", 10**9, 2 * 10**9, "元"),
        ("处十万元罚款", "money", "exact", 100_000, 100_000, "元"),
        ("处1万元以下罚款", "money", "max", None, 10_000, "元"),
        ("处 10 万元以上 50 万元以下罚款", "money", "range", 100_000, 500_000, "元"),
        ("占比10%－30%", "percent", "range", 10, 30, "%"),
        ("3倍以上", "ratio", "min", 3, None, "times"),
        ("超过一半", "ratio", "min", 0.5, None, "fraction"),
        ("百分之三十", "percent", "exact", 30, 30, "%"),
        ("六个月", "duration", "exact", 6, 6, "month"),
        ("用水总量控制在7000亿立方米以内", "volume", "max", None, 7 * 10**11, "m3"),
        ("年节水能力达到98亿立方米", "volume", "exact", 98 * 10**8, 98 * 10**8, "m3"),
        ("新增高效节水灌溉面积6000万亩", "area", "exact", 6 * 10**7, 6 * 10**7, "mu"),
        ("修复面积200公顷", "area", "exact", 200, 200, "ha"),
        ("面积3.5平方公里", "area", "exact", 3.5, 3.5, "km2"),
    ],
)
def test_quantity_forms(
    text: str, kind: str, role: str, lo: float | None, hi: float | None, unit: str
) -> None:
    q = only(text, kind)
    assert (q.role, q.value_min, q.value_max, q.unit) == (role, lo, hi, unit)


@pytest.mark.parametrize(
    ("text", "iso", "value"),
    [
        ("2021年底前", "2021-12-31", date(2021, 12, 31)),
        ("到2025年", "2025", date(2025, 12, 31)),
        ("2021年12月15日前", "2021-12-15", date(2021, 12, 15)),
    ],
)
def test_deadlines(text: str, iso: str, value: date) -> None:
    q = only(text, "deadline")
    assert (q.role, q.iso, q.value_max, q.text) == ("deadline", iso, value, text)


def test_year_end_without_year() -> None:
    q = only("年底前完成", "deadline")
    assert (q.role, q.unit, q.value_max) == ("deadline", "year_end", None)


@pytest.mark.parametrize(
    "text",
    [
        "统一规划",
        "进一步加强",
        "唯一",
        "第四十九条",
        "第一个五年",
        "一批重点项目",
        "一次性塑料",
        "“四个意识”",
        "十四五",
    ],
)
def test_no_false_quantities(text: str) -> None:
    assert quantities(text) == []


def test_running_text_is_not_rewritten() -> None:
    text = "统一规划，处十万元罚款"
    (q,) = quantities(text)
    assert q.text == "十万元" and text[q.span[0] : q.span[1]] == "十万元"
