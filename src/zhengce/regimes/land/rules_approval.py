"""二、使用期限 and 三、规范临时用地审批: term, approval level, no delegation, materials, and approvals
made while the county is suspended (四、第4段)."""

from __future__ import annotations

from zhengce.regimes.land.base import (
    APPROVAL_LEVEL,
    EFFECTIVE,
    MATERIALS,
    NO_DELEGATION,
    REGISTRY,
    REPEALED,
    SUPERVISION,
    TERM,
)
from zhengce.regimes.land.citing import regime_rule
from zhengce.regimes.land.facts import TemporaryLandUse
from zhengce.regimes.land.periods import add_years
from zhengce.regimes.land.rules_scope import approved_under_notice
from zhengce.regimes.land.vocab import APPROVAL_LEVELS, CITY_OR_ABOVE, INFRASTRUCTURE_SECTORS
from zhengce.rules import Facts, Kind, Outcome

GENERAL_TERM_YEARS = 2  # 一般不超过两年
LONG_TERM_YEARS = 4  # 建设周期较长的能源、交通、水利等基础设施建设项目 不超过四年


@regime_rule(
    REGISTRY,
    "land.term.max",
    cites=[TERM],
    effective=EFFECTIVE,
    repealed=REPEALED,
    applies_to=TemporaryLandUse,
)
def term_max(f: Facts) -> Outcome | None:
    """二、第2段：临时用地使用期限一般不超过两年。建设周期较长的能源、交通、水利等基础设施建设项目施工使用的
    临时用地，期限不超过四年。……临时用地使用期限，从批准之日起算。

    Counting (《民法典》第二百零一条、第二百零二条): the term runs from the approval day and its last
    allowed day is the corresponding day two (four) years later — approved 2022-03-01, a term ending
    2024-03-01 is exactly two years and compliant (不超过 includes the figure), 2024-03-02 exceeds it.
    Four years need both a long construction cycle and an infrastructure project (the 等 admits other
    infrastructure); anything longer than two years without them is a violation.
    """
    if not approved_under_notice(f):
        return None
    approved_on, term_end = f.need("approved_on", "term_end")
    if term_end <= add_years(approved_on, GENERAL_TERM_YEARS):
        return None
    sector = f.need("infrastructure_sector") if f.need("project_kind") == "construction" else None
    long_project = sector in INFRASTRUCTURE_SECTORS and f.need("long_cycle")
    limit_years = LONG_TERM_YEARS if long_project else GENERAL_TERM_YEARS
    limit = add_years(approved_on, limit_years)
    if term_end <= limit:
        return None
    return Outcome(
        Kind.VIOLATION,
        f"临时用地期满之日{term_end.isoformat()}超过批准之日（{approved_on.isoformat()}）起{limit_years}年"
        f"（最迟{limit.isoformat()}）。",
    )


@regime_rule(
    REGISTRY,
    "land.approval.level",
    cites=[APPROVAL_LEVEL],
    effective=EFFECTIVE,
    repealed=REPEALED,
    applies_to=TemporaryLandUse,
)
def approval_level(f: Facts) -> list[Outcome] | None:
    """三、第1段：县（市）自然资源主管部门负责临时用地审批，其中涉及占用耕地和永久基本农田的，由市级或者市级
    以上自然资源主管部门负责审批。

    Any 耕地 or 永久基本农田 (even 1 m²) needs the city or a higher level; approval by a department
    other than 自然资源主管部门 is a violation. The text does not forbid a higher level approving a use
    without farmland, so that is not flagged.
    """
    if not approved_under_notice(f):
        return None
    out: list[Outcome] = []
    if f.need("approval_department") != "natural_resources":
        out.append(Outcome(Kind.VIOLATION, "临时用地不是由自然资源主管部门批准。"))
    level = f.need("approval_level")
    cultivated, basic = f.need("area_cultivated_m2", "area_permanent_basic_m2")
    if cultivated + basic > 0 and level not in CITY_OR_ABOVE:
        out.append(
            Outcome(
                Kind.VIOLATION,
                f"临时用地涉及占用耕地{cultivated}平方米、永久基本农田{basic}平方米，"
                f"应由市级或者市级以上自然资源主管部门审批，实由{APPROVAL_LEVELS.get(level, level)}批准。",
            )
        )
    return out


@regime_rule(
    REGISTRY,
    "land.approval.no_delegation",
    cites=[NO_DELEGATION],
    effective=EFFECTIVE,
    repealed=REPEALED,
    applies_to=TemporaryLandUse,
)
def approval_no_delegation(f: Facts) -> Outcome | None:
    """三、第2段：不得下放临时用地审批权或者委托相关部门行使审批权。"""
    if not approved_under_notice(f):
        return None
    if not f.need("approval_delegated"):
        return None
    return Outcome(Kind.VIOLATION, "以下放或者委托的审批权批准临时用地。")


@regime_rule(
    REGISTRY,
    "land.approval.materials",
    cites=[MATERIALS],
    effective=EFFECTIVE,
    repealed=REPEALED,
    applies_to=TemporaryLandUse,
)
def approval_materials(f: Facts) -> list[Outcome] | None:
    """三、第3段：申请临时用地应当提供临时用地申请书、临时使用土地合同、项目建设依据文件、土地复垦方案报告表、
    土地权属材料、勘测定界材料、土地利用现状照片及其他必要的材料。……临时用地申请人应当编制临时用地土地复垦
    方案报告表，由有关自然资源主管部门负责审核。其中，所申请使用的临时用地位于项目建设用地报批时已批准土地
    复垦方案范围内的，不再重复编制土地复垦方案报告表。
    """
    if not approved_under_notice(f):
        return None
    out: list[Outcome] = []
    if not f.need("contract_signed"):
        out.append(Outcome(Kind.VIOLATION, "批准临时用地未签订临时使用土地合同。"))
    if f.need("reclamation_plan") == "none":
        out.append(
            Outcome(
                Kind.VIOLATION,
                "未编制土地复垦方案报告表，且不在项目建设用地报批时已批准的土地复垦方案范围内。",
            )
        )
    return out


@regime_rule(
    REGISTRY,
    "land.approval.suspended_county",
    cites=[SUPERVISION],
    effective=EFFECTIVE,
    repealed=REPEALED,
    applies_to=TemporaryLandUse,
)
def approval_while_suspended(f: Facts) -> Outcome | None:
    """四、第4段：按年度统计，县（市）范围内的临时用地，超期一年以上未完成土地复垦规模达到应复垦规模20%以上的，
    省级自然资源主管部门应当要求所在县（市）暂停审批新的临时用地，根据县（市）整改情况恢复审批。

    The suspension runs from the day the province's requirement is issued (that day included) until the
    day approval is resumed (approvals on the resumption day are allowed).
    """
    if not approved_under_notice(f):
        return None
    ordered_on = f.get("suspension_ordered_on")
    if ordered_on is None:
        return None
    return Outcome(
        Kind.VIOLATION,
        f"所在县（市）自{ordered_on.isoformat()}起被要求暂停审批新的临时用地，"
        f"仍于{f.need('approved_on').isoformat()}批准。",
    )
