"""Shared constants for the groundwater rules: the regulation, its effective date, consequence helpers."""

from __future__ import annotations

from datetime import date

from zhengce.regimes.groundwater.penalties import DOC_ID, TITLE, penalty_for
from zhengce.rules import Consequence, Registry

EFFECTIVE = date(2021, 12, 1)  # 第六十四条 本条例自2021年12月1日起施行。

__all__ = ["DOC_ID", "EFFECTIVE", "TITLE", "authority_consequence", "first_stage", "new_registry"]


def new_registry() -> Registry:
    return Registry(titles={DOC_ID: TITLE})


def first_stage(code: str, **facts: bool) -> Consequence:
    """The consequence before any order is overdue: ``overdue=False`` unless the caller says otherwise.

    Later stages follow the finding's status (ordered → overdue), not a guess made here.
    """
    return penalty_for(code, {"overdue": False, **facts})


def authority_consequence() -> Consequence:
    """第五十四条: 由上级机关责令改正，对负有责任的主管人员和其他直接责任人员依法给予处分."""
    return Consequence(
        orders=("由上级机关责令改正", "对负有责任的主管人员和其他直接责任人员依法给予处分"),
        authority="上级机关",
        band="地方人民政府及其有关部门未履行地下水监督管理职责",
    )


def m3(volume: float) -> str:
    return f"{volume:,.0f}"
