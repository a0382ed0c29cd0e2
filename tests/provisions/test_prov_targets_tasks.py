"""Plan targets and task assignments from the 十四五 plans in the compilation."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from zhengce.provisions.targets import Target, targets
from zhengce.provisions.tasks import Task, tasks

Passage = Callable[..., str]
WATER_PLAN = (6540, 7200)  # “十四五”节水型社会建设规划


def rows(found: list[Target]) -> list[tuple[str, float | None, str, str | None, int | None]]:
    return [(t.indicator, t.value, t.unit, t.direction, t.year) for t in found]


def test_water_plan_2035_cap(passage: Passage) -> None:
    text = passage(*WATER_PLAN, "到2035年，人水关系和谐", "（牵头单位")
    assert rows(targets(text)) == [("全国用水总量", 700_000_000_000, "m3", "at_most", 2035)]


def test_water_plan_county_shares(passage: Passage) -> None:
    text = passage(*WATER_PLAN, "2.推进载体建设", "建设节水型灌区")
    found = targets(text)
    assert [(t.value, t.direction, t.year) for t in found] == [
        (45, "at_least", 2021),
        (60, "at_least", 2025),
        (40, "at_least", 2025),
    ]
    assert found[0].quantity.approx  # 45%左右


def test_water_plan_non_conventional_water_and_reuse(passage: Passage) -> None:
    text = passage(*WATER_PLAN, "24.加强非常规水源配置", "26.加强雨水集蓄利用")
    assert rows(targets(text)) == [
        ("全国非常规水源利用量", 17_000_000_000, "m3", "at_least", 2025),
        ("全国地级及以上缺水城市再生水利用率", 25, "%", "at_least", 2025),
    ]


def test_water_plan_history_is_not_a_target(passage: Passage) -> None:
    text = passage(6340, 6420, "一是用水效率明显提高", "二是节水政策")
    assert targets(text) == []


def test_ecology_plan_targets_with_baseline(passage: Passage) -> None:
    text = passage(1215, 1240, "到2025年，生态环境持续改善", "土壤污染风险")
    found = targets(text)
    assert rows(found)[:3] == [
        ("单位国内生产总值二氧化碳排放", 18, "%", "decrease", 2025),
        ("地级及以上城市细颗粒物（PM2.5）浓度", 10, "%", "decrease", 2025),
        ("空气质量优良天数比率", 87.5, "%", "at_least", 2025),
    ]
    assert found[0].baseline_year == 2020


def test_at_most_target(passage: Passage) -> None:
    text = passage(1345, 1360, "到2025年，全国重度及以上污染天数比率", "（十二）")
    assert rows(targets(text)) == [("全国重度及以上污染天数比率", 1, "%", "at_most", 2025)]


def test_clean_production_respectively(passage: Passage) -> None:
    text = passage(7250, 7275, "到2025年，工业能效", "城镇新建建筑")
    found = targets(text)
    assert rows(found)[:5] == [
        ("高效节水灌溉面积", 60_000_000, "mu", "increase", 2025),
        ("化学需氧量", 8, "%", "decrease", 2025),
        ("氨氮", 8, "%", "decrease", 2025),
        ("氮氧化物", 10, "%", "decrease", 2025),
        ("挥发性有机物（VOCs）排放总量", 10, "%", "decrease", 2025),
    ]
    assert {t.baseline_year for t in found[1:5]} == {2020}
    assert ("秸秆综合利用率", 86, "%", "at_least", 2025) in rows(found)


@pytest.mark.parametrize(
    ("text", "attribute"),
    [
        ("到2025年，单位GDP能耗降低13.5%（约束性）", "约束性"),
        ("到2025年，研发投入增长7%（预期性）", "预期性"),
    ],
)
def test_attribute(text: str, attribute: str) -> None:
    (t,) = targets(text)
    assert t.attribute == attribute


def test_condition_is_not_a_target() -> None:
    assert targets("到2025年，超期一年以上未完成土地复垦规模达到应复垦规模20%以上的，暂停审批") == []


def test_lead_and_participants(passage: Passage) -> None:
    text = passage(*WATER_PLAN, "4.健全约束指标体系", "5.严格全过程监管")
    (task,) = tasks(text)
    assert task.lead == ("水利部",)
    assert task.participants == (
        "国家发展改革委",
        "工业和信息化部",
        "自然资源部",
        "住房城乡建设部",
        "农业农村部",
        "市场监管总局",
    )
    assert not task.by_division_of_duties
    assert text[task.span[0] : task.span[1]] == task.text


def test_lead_by_division_with_participants(passage: Passage) -> None:
    text = passage(*WATER_PLAN, "1.加大宣传教育", "2.推进载体建设")
    (task,) = tasks(text)
    assert task.lead == ("教育部", "水利部")
    assert task.participants == ("国家发展改革委", "工业和信息化部", "住房城乡建设部", "农业农村部", "国管局")
    assert task.by_division_of_duties


def test_shared_responsibility(passage: Passage) -> None:
    text = passage(*WATER_PLAN, "3.坚持以水定需", "4.健全约束指标体系")
    (task,) = tasks(text)
    assert task.lead == (
        "水利部",
        "自然资源部",
        "农业农村部",
        "工业和信息化部",
        "住房城乡建设部",
        "国家发展改革委",
    )
    assert task.participants == () and task.by_division_of_duties


def test_ministries_and_regions(passage: Passage) -> None:
    text = passage(1940, 1965, "落实情况要及时报送")
    assert tasks(text) == [
        Task(
            ("国务院相关部门", "各地区"),
            (),
            True,
            tasks(text)[0].span,
            "（国务院相关部门及各地区按职责分工负责）",
        )
    ]
    text = passage(1860, 1880, "鼓励班轮公司推出中小企业专线服务", "）")
    (task,) = tasks(text + "）")
    assert task.lead[-3:] == ("商务部", "国务院相关部门", "各地区")


def test_plain_parenthesis_is_not_a_task() -> None:
    assert tasks("城镇供水管网分区计量管理工作指南（试行）") == []
