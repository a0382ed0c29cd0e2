"""Acceptance: the true content of the compilation, through the real pipeline
(parse_path -> extract_document), with node ids and citations.

Expected values are read off the bundled text (data/policy-compilation-2021.txt), not taken
from the extractor.
"""

from __future__ import annotations

import pytest

from zhengce.provisions.extract import NodeFacts, Provision, analyse_document, extract_document
from zhengce.provisions.quantities import Quantity

GW = "国务院令-748"  # 地下水管理条例
LAND = "自然资规-2021-2"  # 自然资源部关于规范临时用地管理的通知
FUND = "财教-2021-176"  # 国家科技成果转化引导基金管理暂行办法
WATER_PLAN = "发改环资-2021-1516"  # “十四五”节水型社会建设规划
COUNTY_WATER = "县级以上地方人民政府水行政主管部门"


@pytest.fixture(scope="module")
def rows(docs_by_id) -> dict[str, list[Provision]]:
    return {doc_id: extract_document(doc) for doc_id, doc in docs_by_id.items()}


@pytest.fixture(scope="module")
def facts(docs_by_id) -> dict[tuple[str, str], NodeFacts]:
    return {(f.doc_id, f.eid): f for doc in docs_by_id.values() for f in analyse_document(doc)}


def node(facts, doc_id: str, eid: str) -> NodeFacts:
    return facts[(doc_id, eid)]


def money(f: NodeFacts) -> list[tuple[int | None, int | None]]:
    return [(q.value_min, q.value_max) for q in f.quantities if q.kind == "money"]


def only(f: NodeFacts, kind: str, unit: str | None = None) -> Quantity:
    found = [q for q in f.quantities if q.kind == kind and (unit is None or q.unit == unit)]
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------- 地下水管理条例 arts. 56–61

PENALTIES = {  # eid -> (citation, fine ranges in 元 in order of the text)
    "chp_7__art_56__para_1": ("《地下水管理条例》第五十六条第一款", [(100_000, 500_000)]),
    "chp_7__art_56__para_2": ("《地下水管理条例》第五十六条第二款", [(100_000, 500_000)]),
    "chp_7__art_57__para_1": ("《地下水管理条例》第五十七条第一款", [(100_000, 500_000)]),
    "chp_7__art_57__para_2": ("《地下水管理条例》第五十七条第二款", [(20_000, 100_000)]),
    "chp_7__art_58": ("《地下水管理条例》第五十八条", [(100_000, 500_000)]),
    "chp_7__art_59__para_1": ("《地下水管理条例》第五十九条第一款", [(100_000, 1_000_000)]),
    "chp_7__art_59__para_2": (
        "《地下水管理条例》第五十九条第二款",
        [(200_000, 2_000_000), (20_000, 100_000), (2_000_000, 5_000_000), (50_000, 500_000)],
    ),
    "chp_7__art_59__para_3": ("《地下水管理条例》第五十九条第三款", [(100_000, 500_000)]),
    "chp_7__art_60__para_1": ("《地下水管理条例》第六十条第一款", [(20_000, 100_000)]),
    "chp_7__art_60__para_2": ("《地下水管理条例》第六十条第二款", []),  # 组织补救，费用由违法行为人承担
    "chp_7__art_61": ("《地下水管理条例》第六十一条", [(20_000, 100_000)]),
}


def test_every_penalty_of_articles_56_to_61(rows) -> None:
    arts = {f"art_{n}" for n in range(56, 62)}
    found = {p.eid for p in rows[GW] if p.kind == "penalty" and p.eid.split("__")[1] in arts}
    assert found == set(PENALTIES)


@pytest.mark.parametrize("eid", list(PENALTIES))
def test_penalty_fines_and_citation(facts, eid: str) -> None:
    f = node(facts, GW, eid)
    citation, ranges = PENALTIES[eid]
    assert f.citation == citation
    assert "penalty" in f.kinds
    assert money(f) == ranges
    assert all(q.role == "range" and q.unit == "元" and isinstance(q.value_min, int) for q in f.quantities)


def test_art59_bands_and_individual_fines(facts) -> None:
    f = node(facts, GW, "chp_7__art_59__para_2")
    got = [(x.min, x.max, x.payer, x.condition) for x in f.fines]
    offence = got[0][3]
    assert offence is not None and offence.startswith("利用岩层孔隙") and offence.endswith("污泥的")
    assert got == [
        (200_000, 2_000_000, "unit", offence),
        (20_000, 100_000, "individual", offence),
        (2_000_000, 5_000_000, "unit", "造成严重后果的"),
        (50_000, 500_000, "individual", "造成严重后果的"),
    ]


def test_penalising_authorities(facts) -> None:
    for eid in ("chp_7__art_56__para_1", "chp_7__art_57__para_2", "chp_7__art_61"):
        assert node(facts, GW, eid).actors[0].name == COUNTY_WATER
        assert node(facts, GW, eid).actors[0].level == "县级以上"
    assert [a.name for a in node(facts, GW, "chp_7__art_59__para_1").actors] == [
        "地方人民政府生态环境主管部门"
    ]
    assert node(facts, GW, "chp_7__art_59__para_2").actors[0].name == "县级以上地方人民政府城镇排水主管部门"
    assert [a.name for a in node(facts, GW, "chp_7__art_60__para_1").actors] == [
        "县级以上地方人民政府水行政主管部门",
        "县级以上地方人民政府自然资源主管部门",
        "县级以上地方人民政府生态环境主管部门",
    ]


def test_art52_five_working_days(facts, rows) -> None:
    f = node(facts, GW, "chp_6__art_52__para_2")
    assert f.citation == "《地下水管理条例》第五十二条第二款"
    q = only(f, "duration")
    assert (q.role, q.value_max, q.unit, q.working_days, q.iso) == ("max", 5, "working_day", True, "P5D")
    assert q.text == "5个工作日内"
    assert f.deadline == q
    assert [a.name for a in f.actors] == ["取（排）水单位和个人"]
    assert {p.kind for p in rows[GW] if p.eid == f.eid} == {"obligation", "deadline"}


def test_art64_entry_into_force(facts) -> None:
    f = node(facts, GW, "chp_8__art_64")
    assert f.kinds == ("effect",)
    (q,) = f.quantities
    assert (q.kind, q.role, q.iso) == ("date", "min", "2021-12-01")


# ---------------------------------------------------------------- 临时用地管理通知


def test_temporary_land_two_and_four_year_limits(facts) -> None:
    f = node(facts, LAND, "sec_2__para_2")
    years = [(q.role, q.value_max, q.unit, q.iso) for q in f.quantities if q.kind == "duration"]
    assert years == [("max", 2, "year", "P2Y"), ("max", 4, "year", "P4Y")]
    assert [q.text for q in f.quantities] == ["不超过两年", "不超过四年"]
    assert "deadline" in f.kinds


def test_temporary_land_one_year_reclamation(facts) -> None:
    f = node(facts, LAND, "sec_4__para_1")
    q = only(f, "duration")
    assert (q.role, q.value_max, q.unit, q.text) == ("max", 1, "year", "一年内")
    assert [a.name for a in f.actors] == ["临时用地使用人"]
    assert {"obligation", "prohibition", "permission", "deadline"} <= set(f.kinds)


def test_temporary_land_twenty_working_days_from_march_2022(facts) -> None:
    f = node(facts, LAND, "sec_5__para_1")
    q = only(f, "duration")
    assert (q.role, q.value_max, q.unit, q.working_days) == ("max", 20, "working_day", True)
    start = only(f, "date")
    assert (start.role, start.iso, start.text) == ("min", "2022-03-01", "自2022年3月1日起")
    assert f.actors[0].name == "县（市）自然资源主管部门" and f.actors[0].level == "县级"


def test_temporary_land_twenty_percent_threshold(facts) -> None:
    f = node(facts, LAND, "sec_4__para_4")
    share = only(f, "percent")
    assert (share.role, share.value_min, share.text) == ("min", 20, "20%以上")
    overdue = only(f, "duration")
    assert (overdue.role, overdue.value_min, overdue.unit) == ("min", 1, "year")  # 超期一年以上
    assert "penalty" in f.kinds  # 暂停审批新的临时用地
    assert [a.name for a in f.actors][-1] == "省级自然资源主管部门"


def test_temporary_land_validity(facts) -> None:
    f = node(facts, LAND, "sec_5__para_4")
    assert set(f.kinds) == {"effect", "deadline"}
    assert only(f, "duration").iso == "P5Y"


# ---------------------------------------------------------------- 科技成果转化引导基金


def test_fund_share_ten_to_thirty_percent(facts) -> None:
    f = node(facts, FUND, "att_1__chp_2__art_9")
    assert f.citation == "《国家科技成果转化引导基金管理暂行办法》第九条"
    q = only(f, "percent")
    assert (q.role, q.value_min, q.value_max, q.text) == ("range", 10, 30, "10%-30%")


def test_fund_three_times_and_half(facts) -> None:
    f = node(facts, FUND, "att_1__chp_2__art_10")
    times = only(f, "ratio", "times")
    assert (times.role, times.value_min, times.value_max) == ("min", 3, None)
    assert times.text == "三倍"
    share = only(f, "percent")
    # bound by 不低于 earlier in the clause
    assert (share.role, share.value_min, share.text) == ("min", 50, "50%")
    assert f.actors[0].name == "子基金"


def test_fund_eight_year_term(facts) -> None:
    f = node(facts, FUND, "att_1__chp_2__art_12")
    assert f.citation == "《国家科技成果转化引导基金管理暂行办法》第十二条"
    q = only(f, "duration")
    assert (q.role, q.value_max, q.unit, q.text) == ("max", 8, "year", "不超过8年")


def test_fund_quorum_is_half_written_as_a_fraction(facts) -> None:
    f = node(facts, FUND, "att_1__chp_3__art_24__para_1")
    assert "二分之一以上" in f.text  # the text says 二分之一, not 过半数
    q = only(f, "ratio")
    assert (q.role, q.value_min, q.unit, q.text) == ("min", 0.5, "fraction", "二分之一以上")


def test_fund_two_thirds_vote(facts, rows) -> None:
    f = node(facts, FUND, "att_1__chp_3__art_24__para_2")
    q = only(f, "ratio")
    assert q.role == "min" and q.text == "三分之二以上"
    assert q.value_min == pytest.approx(2 / 3)
    # A voting rule has no deontic cue; it is still a row, of kind `other`.
    assert [p.kind for p in rows[FUND] if p.eid == f.eid] == ["other"]


def test_fund_board_terms(facts) -> None:
    f = node(facts, FUND, "att_1__chp_3__art_23")
    assert (only(f, "duration").value_min, only(f, "duration").unit) == (3, "year")
    third = only(f, "ratio")
    assert third.role == "min" and third.value_min == pytest.approx(1 / 3)


# ---------------------------------------------------------------- 节水型社会建设规划: every task

P = "att_1__"
TASKS = [  # (eid, title, lead units, participating units), read off the plan in order
    (P + "sec_2__subsec_3__para_4", "主要目标", ("水利部", "住房城乡建设部"),
     ("国家发展改革委", "教育部", "科技部", "工业和信息化部", "司法部", "财政部", "自然资源部", "生态环境部",
      "交通运输部", "农业农村部", "商务部", "卫生健康委", "人民银行", "税务总局", "市场监管总局", "统计局",
      "国管局", "能源局")),
    (P + "sec_3__subsec_1__item_1", "加大宣传教育", ("教育部", "水利部"),
     ("国家发展改革委", "工业和信息化部", "住房城乡建设部", "农业农村部", "国管局")),
    (P + "sec_3__subsec_1__item_2", "推进载体建设",
     ("水利部", "工业和信息化部", "教育部", "国家发展改革委", "国管局"), ()),
    (P + "sec_3__subsec_2__para_3", "坚持以水定需",
     ("水利部", "自然资源部", "农业农村部", "工业和信息化部", "住房城乡建设部", "国家发展改革委"), ()),
    (P + "sec_3__subsec_2__para_4", "健全约束指标体系", ("水利部",),
     ("国家发展改革委", "工业和信息化部", "自然资源部", "住房城乡建设部", "农业农村部", "市场监管总局")),
    (P + "sec_3__subsec_2__para_6", "严格全过程监管", ("水利部", "住房城乡建设部"),
     ("工业和信息化部", "自然资源部", "农业农村部", "国管局")),
    (P + "sec_3__subsec_3__para_1", "推进农业节水设施建设", ("水利部", "农业农村部"), ("国家发展改革委", "财政部")),
    (P + "sec_3__subsec_3__para_2", "实施城镇供水管网漏损治理工程", ("住房城乡建设部", "国家发展改革委"),
     ("水利部", "财政部")),
    (P + "sec_3__subsec_3__para_3", "建设非常规水源利用设施",
     ("住房城乡建设部", "水利部", "自然资源部", "国家发展改革委"),
     ("工业和信息化部", "生态环境部", "农业农村部", "能源局")),
    (P + "sec_3__subsec_3__para_4", "配齐计量监测设施",
     ("水利部", "住房城乡建设部", "工业和信息化部", "农业农村部", "市场监管总局"), ()),
    (P + "sec_3__subsec_4__para_1", "加强重大技术研发", ("科技部",),
     ("国家发展改革委", "水利部", "工业和信息化部", "自然资源部", "住房城乡建设部", "农业农村部", "市场监管总局")),
    (P + "sec_3__subsec_4__para_2", "加大推广应用力度", ("科技部", "工业和信息化部"),
     ("国家发展改革委", "水利部", "住房城乡建设部", "自然资源部", "农业农村部", "国管局")),
    (P + "sec_3__subsec_5__para_1", "完善水价机制", ("国家发展改革委",),
     ("水利部", "工业和信息化部", "财政部", "自然资源部", "住房城乡建设部", "农业农村部")),
    (P + "sec_3__subsec_5__para_2", "推广第三方节水服务",
     ("国家发展改革委", "水利部", "住房城乡建设部", "工业和信息化部"),
     ("自然资源部", "农业农村部", "商务部", "市场监管总局", "国管局")),
    (P + "sec_4__subsec_1__para_2", "坚持以水定地", ("农业农村部", "水利部", "自然资源部"), ("国家发展改革委",)),
    (P + "sec_4__subsec_1__para_3", "推广节水灌溉", ("农业农村部", "水利部"), ("国家发展改革委", "科技部", "财政部")),
    (P + "sec_4__subsec_1__para_4", "促进畜牧渔业节水", ("农业农村部",),
     ("国家发展改革委", "水利部", "科技部", "自然资源部")),
    (P + "sec_4__subsec_1__para_5", "推进农村生活节水", ("水利部", "农业农村部", "生态环境部"),
     ("国家发展改革委", "财政部", "住房城乡建设部", "卫生健康委")),
    (P + "sec_4__subsec_2__para_2", "坚持以水定产", ("工业和信息化部", "水利部", "国家发展改革委"),
     ("自然资源部", "生态环境部", "住房城乡建设部", "市场监管总局", "能源局")),
    (P + "sec_4__subsec_2__para_3", "推进工业节水减污", ("工业和信息化部", "水利部"),
     ("生态环境部", "国家发展改革委", "市场监管总局")),
    (P + "sec_4__subsec_2__para_4", "开展节水型工业园区建设", ("工业和信息化部", "科技部"),
     ("生态环境部", "水利部", "国家发展改革委", "住房城乡建设部", "能源局")),
    (P + "sec_4__subsec_3__para_1", "坚持以水定城", ("住房城乡建设部", "自然资源部", "水利部"), ("国家发展改革委",)),
    (P + "sec_4__subsec_3__para_2", "推进节水型城市建设", ("住房城乡建设部",), ("国家发展改革委",)),
    (P + "sec_4__subsec_3__para_3", "强化高耗水服务业节水", ("住房城乡建设部", "水利部", "国家发展改革委"),
     ("教育部", "国管局")),
    (P + "sec_4__subsec_4__para_1", "加强非常规水源配置", ("水利部",),
     ("住房城乡建设部", "国家发展改革委", "工业和信息化部", "农业农村部")),
    (P + "sec_4__subsec_4__para_2", "推进污水资源化利用",
     ("国家发展改革委", "住房城乡建设部", "科技部", "工业和信息化部", "生态环境部", "水利部", "农业农村部"), ()),
    (P + "sec_4__subsec_4__para_3", "加强雨水集蓄利用", ("住房城乡建设部", "水利部", "农业农村部"), ()),
    (P + "sec_4__subsec_4__para_4", "扩大海水淡化水利用规模", ("自然资源部", "国家发展改革委"),
     ("工业和信息化部", "住房城乡建设部", "水利部")),
    (P + "sec_5__subsec_1__para_1", "加强组织协调",
     ("国家发展改革委", "水利部", "科技部", "工业和信息化部", "财政部", "自然资源部", "生态环境部",
      "住房城乡建设部", "农业农村部", "市场监管总局", "国管局"), ()),
    (P + "sec_5__subsec_2__para_2", "健全法规标准", ("水利部", "市场监管总局", "国家发展改革委"),
     ("工业和信息化部", "司法部", "自然资源部", "住房城乡建设部", "农业农村部")),
    (P + "sec_5__subsec_3", "完善投入机制", ("财政部", "人民银行", "国家发展改革委"),
     ("工业和信息化部", "自然资源部", "住房城乡建设部", "水利部", "农业农村部", "税务总局")),
    (P + "sec_5__subsec_4", "推进水资源税改革", ("财政部", "税务总局", "水利部"), ()),
    (P + "sec_5__subsec_5__para_1", "强化监督考核", ("水利部",),
     ("国家发展改革委", "工业和信息化部", "司法部", "住房城乡建设部", "农业农村部", "统计局")),
]  # fmt: skip


def test_every_task_of_the_water_saving_plan(facts) -> None:
    found = []
    for (doc_id, eid), f in facts.items():
        if doc_id == WATER_PLAN:
            found += [
                (eid, title, t.lead, t.participants) for t, title in zip(f.tasks, f.task_titles, strict=True)
            ]
    assert found == TASKS


def test_task_rows_cite_their_node(rows, docs_by_id) -> None:
    doc = docs_by_id[WATER_PLAN]
    task_rows = [p for p in rows[WATER_PLAN] if p.kind == "task"]
    assert len(task_rows) == len(TASKS)
    for p in task_rows:
        assert p.citation == doc.node(p.eid).citation
        assert p.citation.startswith("《“十四五”节水型社会建设规划》")


def test_plan_targets_carry_year_and_value(facts) -> None:
    f = node(facts, WATER_PLAN, P + "sec_4__subsec_4__para_1")
    (t,) = f.targets
    assert (t.indicator, t.value, t.unit, t.direction, t.year) == (
        "全国非常规水源利用量", 17_000_000_000, "m3", "at_least", 2025,
    )  # fmt: skip
