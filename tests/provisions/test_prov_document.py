"""What only the document knows: references resolved to node ids, goal sections, the plan period,
the issuing ministry behind 部, and the kinds derived from quantities (deadline, other)."""

from __future__ import annotations

import pytest

from zhengce.provisions.extract import NodeFacts, analyse_document
from zhengce.provisions.resolve import TitleIndex


@pytest.fixture(scope="module")
def facts(parsed) -> dict[tuple[str, str], NodeFacts]:
    titles = TitleIndex.from_documents(parsed.documents)
    return {(f.doc_id, f.eid): f for d in parsed.documents for f in analyse_document(d, titles)}


def refs(facts, doc_id: str, eid: str) -> list[tuple[str, tuple[str, ...], str | None]]:
    return [(r.text, r.eids, r.reason) for r in facts[(doc_id, eid)].references]


@pytest.mark.parametrize(
    ("eid", "expected"),
    [
        ("chp_5__art_41__para_2", [("前款第二项", ("chp_5__art_41__para_1__item_2",), None)]),
        ("chp_3__art_27__para_2", [("前款", ("chp_3__art_27__para_1",), None)] * 2),
        (
            "chp_6__art_51__para_4",
            [
                ("本条第一款", ("chp_6__art_51__para_1",), None),
                ("第二款", ("chp_6__art_51__para_2",), None),
                ("第三款", ("chp_6__art_51__para_3",), None),
            ],
        ),
    ],
)
def test_internal_references_resolve_to_node_ids(facts, eid, expected) -> None:
    assert refs(facts, "国务院令-748", eid) == expected


def test_external_references(facts) -> None:
    got = refs(facts, "国务院令-748", "chp_7__art_55")
    assert [text for text, _, _ in got][:2] == ["《中华人民共和国水法》", "《中华人民共和国水污染防治法》"]
    assert {reason for _, _, reason in got} == {"库中没有该文件"}


def test_same_title_other_number_is_not_linked(facts) -> None:
    (link,) = facts[("财教-2021-176", "att_1__chp_4__art_34")].references
    assert link.doc_number == "财教〔2011〕289号" and not link.resolved
    assert "文号不同" in link.reason


def test_cover_letter_points_to_its_attachment(facts) -> None:
    (link,) = facts[("工信部规-2021-183", "para_1")].references
    assert (link.doc_id, link.eids, link.resolved) == (None, ("att_1",), True)


def test_goal_section_year_holds_for_later_paragraphs(facts) -> None:
    # 主要目标: 到2025年 opens the section; 单位工业增加值二氧化碳排放降低18% two paragraphs on.
    f = facts[("工信部规-2021-178", "att_1__sec_2__subsec_3__para_2")]
    assert "target" in f.kinds
    (t,) = f.targets
    assert (t.indicator, t.value, t.direction, t.year) == ("单位工业增加值二氧化碳排放", 18, "decrease", 2025)


def test_plan_period_sets_the_target_year(facts) -> None:
    f = facts[("中共中央国务院关于深入打好污染防治攻坚战的意见", "sec_3__subsec_13")]
    assert [(t.value, t.unit, t.year) for t in f.targets] == [(0.5, "percentage_point", 2025), (2, "%", 2025)]


def test_past_figures_are_not_targets(facts) -> None:
    f = facts[("工信部规-2021-178", "att_1__sec_1__subsec_1__para_6")]  # 截至2020年底…
    assert "target" not in f.kinds and "deadline" not in f.kinds


def test_ministry_self_reference(facts) -> None:
    f = facts[("自然资规-2021-2", "sec_5__para_2")]  # 部和省级自然资源主管部门负责定期抽查
    assert [(a.name, a.level) for a in f.actors][:2] == [
        ("自然资源部", "国务院"),
        ("省级自然资源主管部门", "省级"),
    ]


def test_task_units_are_not_actors(facts) -> None:
    f = facts[("发改环资-2021-1516", "att_1__sec_3__subsec_2__para_4")]
    assert f.actors == () and f.tasks[0].lead == ("水利部",)


def test_award_bands_are_rows_of_kind_other(facts) -> None:
    f = facts[("财资环-2021-100", "att_1__art_7__para_2")]
    assert f.kinds == ("other",)
    money = [(q.value_min, q.value_max) for q in f.quantities if q.kind == "money"]
    assert money[:2] == [(1_000_000_000, 2_000_000_000), (500_000_000, 500_000_000)]


def test_narrative_without_quantities_has_no_row(facts) -> None:
    assert ("发改环资-2021-1516", "att_1__sec_1__subsec_3__para_1") not in facts
