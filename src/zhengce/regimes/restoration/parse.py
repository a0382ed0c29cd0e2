"""Input files: 治理资金 applications (projects + optional factor allocation) and 社会资本 projects (JSON)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhengce.regimes.land.validate import (
    FileProblems,
    boolean,
    fields,
    items,
    number,
    one_of,
    read_json,
    text,
    whole,
)
from zhengce.regimes.restoration.allocation import ProvinceFactors
from zhengce.regimes.restoration.facts import (
    ADJUSTMENT_PROCEDURES,
    METHODS,
    MINERALS,
    PROJECT_KINDS,
    RestorationProject,
    SocialCapitalProject,
)

_ID = text(64)
_FUND_PROJECT = {
    "project_id": (_ID, True),
    "name": (text(200), False),
    "kind": (one_of(PROJECT_KINDS), True),
    "method": (one_of(METHODS), True),
    "total_investment": (whole("工程总投资（元）"), False),
    "requested_award": (whole("申请奖补资金（元）"), False),
    "breaches_controls": (boolean, False),
    "has_responsible_party": (boolean, False),
    "centrally_funded": (boolean, False),
    "landscape_project": (boolean, False),
    "plan_adjusted": (boolean, False),
    "adjustment_lowers_targets": (boolean, False),
    "adjustment_changes_area": (boolean, False),
    "adjustment_procedure": (one_of(ADJUSTMENT_PROCEDURES), False),
    "province_government_approved": (boolean, False),
}
_PROVINCE = {
    "province": (text(50), True),
    "damaged_area_m2": (whole("损毁面积（平方米）"), True),
    "difficulty": (number("财政困难程度系数"), False),
    "performance": (number("绩效调整系数"), False),
}
_SOCIAL_PROJECT = {
    "project_id": (_ID, True),
    "name": (text(200), False),
    "forest_grass_dominant": (boolean, False),
    "restored_area_m2": (whole("修复面积（平方米）"), False),
    "eco_industry_area_m2": (whole("生态产业开发面积（平方米）"), False),
    "contiguous_scale_met": (boolean, False),
    "breaches_red_lines": (boolean, False),
    "development_in_disguise": (boolean, False),
    "has_responsible_party": (boolean, False),
    "responsible_party_bears": (boolean, False),
    "minerals": (lambda v: v, False),
    "minerals_beyond_need": (boolean, False),
    "minerals_other_use": (boolean, False),
    "stakeholders_affected": (boolean, False),
    "stakeholders_agreed": (boolean, False),
    "selected_competitively": (boolean, False),
    "materials_used_elsewhere": (boolean, False),
    "surplus_sold_by_entity": (boolean, False),
    "quota_outside_province": (boolean, False),
    "adds_hidden_debt": (boolean, False),
    "basic_farmland_adjusted": (boolean, False),
    "basic_farmland_approved": (boolean, False),
}


@dataclass(frozen=True)
class FundApplication:
    projects: tuple[RestorationProject, ...]
    budget: int | None = None  # for the factor method
    provinces: tuple[ProvinceFactors, ...] = ()


def _top(data: Any, allowed: set[str], what: str) -> list[str]:
    if not isinstance(data, dict):
        raise FileProblems(
            [f"文件顶层应为对象，含 {'、'.join(sorted(allowed))} (top level must be an object)"], what
        )
    unknown = sorted(set(data) - allowed)
    return [f"顶层：未知字段 {'、'.join(unknown)} (unknown fields)"] if unknown else []


def _unique(ids: list[str], problems: list[str]) -> None:
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        problems.append(f"projects：项目编号重复 {'、'.join(dupes)} (duplicate project ids)")


def parse_fund_application(data: Any) -> FundApplication:
    what = "治理资金文件有误 (invalid restoration-fund file)"
    problems = _top(data, {"projects", "factor_allocation"}, what)
    projects = []
    for i, raw in enumerate(items(data.get("projects"), "projects", problems)):
        row = fields(raw, f"projects[{i}]", _FUND_PROJECT, problems)
        if row and row["project_id"]:
            row["plan_adjusted"] = bool(row["plan_adjusted"])
            projects.append(RestorationProject(**row))
    _unique([p.project_id for p in projects], problems)
    budget, provinces = None, []
    factor = data.get("factor_allocation")
    if factor is not None:
        row = fields(
            factor, "factor_allocation", {"budget": (whole("预算（元）"), True)}, problems, {"provinces"}
        )
        budget = row["budget"] if row else None
        for i, raw in enumerate(
            items(
                factor.get("provinces") if isinstance(factor, dict) else None,
                "factor_allocation.provinces",
                problems,
            )
        ):
            p = fields(raw, f"factor_allocation.provinces[{i}]", _PROVINCE, problems)
            if p and p["province"] is not None and p["damaged_area_m2"] is not None:
                coefficients = {k: p[k] for k in ("difficulty", "performance") if p[k] is not None}
                provinces.append(ProvinceFactors(p["province"], p["damaged_area_m2"], **coefficients))
        if not provinces:
            problems.append("factor_allocation.provinces：至少应有一个省 (no provinces)")
        elif all(p.damaged_area_m2 * p.difficulty * p.performance == 0 for p in provinces):
            problems.append("factor_allocation.provinces：各省因素之积均为0，无法分配 (all weights are zero)")
    if not projects and factor is None:
        problems.append("projects：没有项目 (no projects)")
    if problems:
        raise FileProblems(problems, what)
    return FundApplication(tuple(projects), budget, tuple(provinces))


def parse_social_projects(data: Any) -> tuple[SocialCapitalProject, ...]:
    what = "社会资本项目文件有误 (invalid social-capital file)"
    problems = _top(data, {"projects"}, what)
    projects = []
    for i, raw in enumerate(items(data.get("projects"), "projects", problems)):
        row = fields(raw, f"projects[{i}]", _SOCIAL_PROJECT, problems)
        if not row or not row["project_id"]:
            continue
        minerals = row.pop("minerals") or []
        if not isinstance(minerals, list) or any(
            not isinstance(m, str) or m not in MINERALS for m in minerals
        ):
            problems.append(f"projects[{i}].minerals：应为数组，取值 {'、'.join(MINERALS)} (unknown mineral)")
            minerals = []
        restored, industry = row["restored_area_m2"], row["eco_industry_area_m2"]
        if restored is not None and industry is not None and industry > restored:
            problems.append(
                f"projects[{i}].eco_industry_area_m2：大于修复面积 (larger than the restored area)"
            )
        projects.append(SocialCapitalProject(minerals=tuple(minerals), **row))
    _unique([p.project_id for p in projects], problems)
    if not projects and not problems:
        problems.append("projects：没有项目 (no projects)")
    if problems:
        raise FileProblems(problems, what)
    return tuple(projects)


def read_fund_application(path: Path) -> FundApplication:
    return parse_fund_application(read_json(path))


def read_social_projects(path: Path) -> tuple[SocialCapitalProject, ...]:
    return parse_social_projects(read_json(path))
