"""Findings against the county authority (第二十条、第五十四条第二项、第三项): the subject is the region."""

from __future__ import annotations

from zhengce.regimes.groundwater.common import DOC_ID, EFFECTIVE, authority_consequence, m3, new_registry
from zhengce.regimes.groundwater.facts import RegionYearFacts
from zhengce.rules import Kind, Outcome

REGISTRY = new_registry()

ART_20 = "chp_3__art_20"
ART_54_2 = "chp_7__art_54__item_2"
ART_54_3 = "chp_7__art_54__item_3"


@REGISTRY.rule(
    "gw.county.annual_plan", cites=[(DOC_ID, ART_20)], effective=EFFECTIVE, applies_to=RegionYearFacts
)
def annual_plan(f):
    """第二十条 县级以上地方人民政府水行政主管部门应当根据本行政区域内地下水取水总量控制指标、地下水水位控制指标
    以及科学分析测算的地下水需求量和用水结构，制定地下水年度取水计划，对本行政区域内的年度取用地下水实行总量
    控制，并报上一级人民政府水行政主管部门备案。

    Withdrawals above the plan are flagged as soon as the running total passes it (not only at year end).
    """
    plan = f.get("plan_m3")
    year = f.need("year")
    if plan is None:
        return Outcome(Kind.VIOLATION, f"未制定{year}年度地下水取水计划。")
    out = []
    if f.get("plan_filed_on") is None:
        out.append(Outcome(Kind.WARNING, f"{year}年度地下水取水计划未报上一级人民政府水行政主管部门备案。"))
    total = f.need("total_m3")
    if total > plan:
        out.append(
            Outcome(Kind.WARNING, f"{year}年取用地下水{m3(total)}立方米，超过年度取水计划{m3(plan)}立方米。")
        )
    return out


@REGISTRY.rule("gw.county.quota", cites=[(DOC_ID, ART_54_2)], effective=EFFECTIVE, applies_to=RegionYearFacts)
def quota(f):
    """第五十四条 县级以上地方人民政府，县级以上人民政府水行政、生态环境、自然资源主管部门和其他负有地下水监督
    管理职责的部门有下列行为之一的，由上级机关责令改正，对负有责任的主管人员和其他直接责任人员依法给予处分：
    ……（二）未完成本行政区域内地下水取水总量控制指标和地下水水位控制指标；……

    Exactly at the quota is within it. Over the quota before year end is already a finding (the year
    cannot come back under it).
    """
    total, limit = f.need("total_m3", "quota_m3")
    if total <= limit:
        return None
    return Outcome(
        Kind.VIOLATION,
        f"{f.need('year')}年取用地下水{m3(total)}立方米，超过取水总量控制指标{m3(limit)}立方米。",
        consequence=authority_consequence(),
    )


@REGISTRY.rule(
    "gw.county.levels",
    cites=[(DOC_ID, ART_54_2), (DOC_ID, ART_54_3)],
    effective=EFFECTIVE,
    applies_to=RegionYearFacts,
)
def levels(f):
    """第五十四条 ……（二）未完成本行政区域内地下水取水总量控制指标和地下水水位控制指标；
    （三）对地下水水位低于控制水位未采取相关措施；……

    A station whose mean level over the year (to the as-of date) is below its control level fails the
    water-level indicator (项二, judged once the year is complete); without recorded measures, 项三.
    """
    below = f.need("stations_below")
    if not below:
        return None
    names = "、".join(below[:10]) + ("等" if len(below) > 10 else "")
    out = []
    if f.need("year_complete"):
        out.append(
            Outcome(
                Kind.VIOLATION,
                f"{f.need('year')}年{len(below)}个监测站年均水位低于控制水位（{names}），未完成地下水水位控制指标。",
                cites=[ART_54_2],
                consequence=authority_consequence(),
            )
        )
    if not f.need("measures_taken"):
        out.append(
            Outcome(
                Kind.VIOLATION,
                f"地下水水位低于控制水位（{names}），未采取相关措施。",
                cites=[ART_54_3],
                consequence=authority_consequence(),
            )
        )
    return out
