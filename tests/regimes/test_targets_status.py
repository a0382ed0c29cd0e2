"""Plan target and task status at its boundaries, on items extracted from the bundled compilation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from zhengce.regimes.targets.items import PLAN_END, TargetItem, TaskItem, corpus_items
from zhengce.regimes.targets.reports import Report
from zhengce.regimes.targets.status import goal_level, target_status, task_status
from zhengce.rules import Citation

WATER = "发改环资-2021-1516"
REUSE = f"{WATER}/att_1__sec_4__subsec_4__para_2/t1"  # 再生水利用率超过25%
COUNTY = f"{WATER}/att_1__sec_3__subsec_1__item_2/t1"  # 2021年底前 45%左右
CO2 = "中共中央国务院关于深入打好污染防治攻坚战的意见/sec_1__subsec_3__para_1/t1"  # 比2020年下降18%
QUOTA_TASK = f"{WATER}/att_1__sec_3__subsec_2__para_4/k1"  # 4.健全约束指标体系


@pytest.fixture(scope="module")
def items(parsed):
    targets, tasks = corpus_items(parsed.documents)
    return {i.item_id: i for i in [*targets, *tasks]}


def test_items_cite_their_node_with_the_corpus_citation(items, docs_by_id) -> None:
    assert len(items) > 50
    for item in items.values():
        node = docs_by_id[item.doc_id].node(item.eid)
        assert node is not None and item.citation.text == node.citation
        assert item.citation.eid == item.eid and item.citation.quote


def test_reuse_target_is_strict_and_due_end_of_2025(items) -> None:
    t = items[REUSE]
    assert (t.indicator, t.value, t.unit, t.direction, t.strict) == (
        "全国地级及以上缺水城市再生水利用率",
        25.0,
        "%",
        "at_least",
        True,
    )
    assert t.deadline == date(2025, 12, 31)
    assert t.citation.text == "《“十四五”节水型社会建设规划》四、（四）第2段"


def test_relative_target_keeps_its_baseline_year(items) -> None:
    t = items[CO2]
    assert (t.direction, t.value, t.baseline_year, t.strict) == ("decrease", 18.0, 2020, False)


def test_task_with_lead_participants_and_plan_deadline(items) -> None:
    k = items[QUOTA_TASK]
    assert k.lead == ("水利部",) and "国家发展改革委" in k.participants
    assert k.deadline == PLAN_END and k.start == date(2021, 10, 28)
    assert k.measure.startswith("4.健全约束指标体系")


def test_task_deadline_from_the_text_before_it() -> None:
    from zhengce.corpus.model import Document, Node

    body = Node(
        "body",
        children=[
            Node(
                "para",
                eid="para_1",
                citation="《X》第1段",
                text="2023年底前完成清理工作。（牵头单位：水利部）",
            )
        ],
    )
    doc = Document("X-1", "某方案", "方案", body, signed_date="2022-01-05")
    _, [task] = corpus_items([doc])
    assert task.deadline == date(2023, 12, 31) and task.item_id == "X-1/para_1/k1"


def r(item_id: str, when: date, value: float, kind: str = "value") -> Report:
    return Report(item_id, when, kind, value)


def test_exactly_the_figure_does_not_meet_a_strict_target(items) -> None:
    t = items[REUSE]
    s = target_status(t, [r(REUSE, date(2025, 12, 31), 25)], date(2026, 1, 1))
    assert s.status == "missed" and s.citation.eid == "att_1__sec_4__subsec_4__para_2"
    assert target_status(t, [r(REUSE, date(2025, 12, 31), 25.01)], date(2026, 1, 1)).status == "met"
    relaxed = replace(t, strict=False)
    assert target_status(relaxed, [r(REUSE, date(2025, 12, 31), 25)], date(2026, 1, 1)).status == "met"


def test_deadline_day_is_still_before_the_deadline(items) -> None:
    t = items[COUNTY]  # due 2021-12-31, 45%
    reports = [r(COUNTY, date(2020, 12, 31), 30), r(COUNTY, date(2021, 12, 31), 44)]
    assert target_status(t, reports, date(2021, 12, 31)).status == "at_risk"
    assert target_status(t, reports, date(2022, 1, 1)).status == "missed"
    assert (
        target_status(t, [*reports[:1], r(COUNTY, date(2021, 12, 31), 45)], date(2022, 1, 1)).status == "met"
    )


def test_values_after_the_deadline_do_not_rescue_it(items) -> None:
    t = items[COUNTY]
    late = [r(COUNTY, date(2021, 6, 30), 40), r(COUNTY, date(2022, 6, 30), 50)]
    s = target_status(t, late, date(2023, 1, 1))
    assert s.status == "missed" and s.latest == 40


def test_relative_decrease_needs_a_baseline_and_uses_exact_decimals(items) -> None:
    t = items[CO2]
    assert target_status(t, [r(CO2, date(2023, 12, 31), 90)], date(2024, 1, 1)).status == "at_risk"
    assert target_status(t, [], date(2024, 1, 1)).status == "no_data"
    base = r(CO2, date(2020, 12, 31), 100, "baseline")
    assert goal_level(t, 100.0) == 82
    assert target_status(t, [base, r(CO2, date(2025, 12, 31), 82)], date(2026, 1, 1)).status == "met"
    assert target_status(t, [base, r(CO2, date(2025, 12, 31), 82.01)], date(2026, 1, 1)).status == "missed"
    up = replace(t, direction="increase", value=10.0)
    assert goal_level(up, 100.0) == 110  # not 110.00000000000001
    # Baseline year value counts as the baseline when no baseline row is given.
    in_year = [r(CO2, date(2020, 12, 31), 100), r(CO2, date(2023, 12, 31), 94)]
    assert target_status(t, in_year, date(2024, 1, 1)).goal == 82


def test_trajectory_on_track_or_at_risk(items) -> None:
    t = items[CO2]
    base = r(CO2, date(2020, 12, 31), 100, "baseline")
    # 2023-12-31 is 1095 of 1826 days (60%) from the baseline to 2025-12-31: 60% of 18 points is 10.8.
    on = target_status(t, [base, r(CO2, date(2023, 12, 31), 89.2)], date(2024, 1, 1))
    assert on.status == "on_track" and on.expected == pytest.approx(1095 / 1826)
    assert target_status(t, [base, r(CO2, date(2023, 12, 31), 89.3)], date(2024, 1, 1)).status == "at_risk"


def test_percentage_point_targets(items) -> None:
    t = TargetItem(
        "x",
        "d",
        "e",
        Citation("d", "e", "c"),
        "比例",
        2.0,
        2.0,
        "percentage_point",
        "increase",
        False,
        2025,
        2020,
        None,
        "",
    )
    assert goal_level(t, 75.5) == pytest.approx(77.5)


def _task(deadline: date | None = date(2025, 12, 31)) -> TaskItem:
    return TaskItem(
        "k",
        "d",
        "e",
        Citation("d", "e", "c"),
        "任务",
        ("水利部",),
        (),
        False,
        deadline,
        date(2021, 12, 31),
        "",
    )


def test_task_progress_against_time() -> None:
    k = _task()
    assert task_status(k, [], date(2023, 1, 1)).status == "no_data"
    # 2023-12-31 is 730 of 1461 days (≈50%) into 2021-12-31 → 2025-12-31.
    assert task_status(k, [r("k", date(2023, 12, 31), 50, "progress")], date(2024, 1, 1)).status == "on_track"
    assert task_status(k, [r("k", date(2023, 12, 31), 49, "progress")], date(2024, 1, 1)).status == "at_risk"
    assert (
        task_status(k, [r("k", date(2025, 12, 31), 99, "progress")], date(2025, 12, 31)).status == "at_risk"
    )
    assert task_status(k, [r("k", date(2025, 12, 31), 99, "progress")], date(2026, 1, 1)).status == "missed"
    assert task_status(k, [], date(2026, 1, 1)).status == "missed"
    assert task_status(k, [r("k", date(2024, 5, 1), 100, "progress")], date(2026, 1, 1)).status == "met"
    assert (
        task_status(_task(None), [r("k", date(2024, 5, 1), 10, "progress")], date(2030, 1, 1)).status
        == "on_track"
    )
