"""四、落实临时用地恢复责任 (use as approved, no transfer, reclamation and its deadline) and the
oil-and-gas conversion of 三、第2段."""

from __future__ import annotations

from datetime import date

from zhengce.regimes.land.base import (
    EFFECTIVE,
    OIL_GAS,
    REGISTRY,
    REPEALED,
    RESTORE_CULTIVATED,
    RESTORE_FARMLAND,
    SUPERVISION,
    USE_AND_RECLAIM,
)
from zhengce.regimes.land.citing import regime_rule
from zhengce.regimes.land.facts import TemporaryLandUse
from zhengce.regimes.land.periods import add_years
from zhengce.regimes.land.vocab import EXTENSION_REASONS, FORCE_MAJEURE
from zhengce.rules import Consequence, Facts, Kind, Outcome

COUNTY_AUTHORITY = "县（市）自然资源主管部门"
# 四、第4段 attaches this to 逾期不恢复种植条件、违反土地复垦规定的行为.
RECLAMATION_CONSEQUENCE = Consequence(
    orders=("责令限期改正",),
    referral="依照法律法规的规定进行处罚",
    authority=COUNTY_AUTHORITY,
    band="逾期不恢复种植条件、违反土地复垦规定",
)


@regime_rule(
    REGISTRY,
    "land.use.as_approved",
    cites=[USE_AND_RECLAIM],
    effective=EFFECTIVE,
    repealed=REPEALED,
    applies_to=TemporaryLandUse,
)
def use_as_approved(f: Facts) -> list[Outcome]:
    """四、第1段：临时用地使用人应当按照批准的用途使用土地，不得转让、出租、抵押临时用地。"""
    out: list[Outcome] = []
    if f.get("used_as_approved") is False:
        out.append(Outcome(Kind.VIOLATION, "临时用地使用人未按照批准的用途使用土地。"))
    for name, act in (("transferred", "转让"), ("leased", "出租"), ("mortgaged", "抵押")):
        if f.get(name):
            out.append(Outcome(Kind.VIOLATION, f"临时用地被{act}。"))
    return out


def reclamation_deadline(term_end: date, extension_until: date | None, valid_extension: bool) -> date:
    """自临时用地期满之日起一年内: the corresponding day a year after expiry, or the approved extension."""
    due = add_years(term_end, 1)
    if valid_extension and extension_until is not None and extension_until > due:
        return extension_until
    return due


@regime_rule(
    REGISTRY,
    "land.reclamation.deadline",
    cites=[USE_AND_RECLAIM, SUPERVISION],
    effective=EFFECTIVE,
    repealed=REPEALED,
    applies_to=TemporaryLandUse,
)
def reclamation_on_time(f: Facts) -> list[Outcome]:
    """四、第1段：临时用地使用人应当自临时用地期满之日起一年内完成土地复垦，因气候、灾害等不可抗力因素影响
    复垦的，经批准可以适当延长复垦期限。

    四、第4段：县（市）自然资源主管部门依法监督临时用地使用人履行复垦义务情况，对逾期不恢复种植条件、
    违反土地复垦规定的行为，责令限期改正，并依照法律法规的规定进行处罚。

    Term ending 2023-06-30 → reclamation due by 2024-06-30 (that day included). An extension counts only
    when it is approved and its reason is force majeure (气候、灾害等不可抗力); otherwise it is ignored
    with a warning. Before the term ends nothing is due yet.
    """
    term_end = f.need("term_end")
    out: list[Outcome] = []
    until = f.get("extension_until")
    valid = False
    if until is not None:
        reason, approved = f.need("extension_reason", "extension_approved")
        valid = reason in FORCE_MAJEURE and bool(approved)
        if not valid:
            why = (
                "未经批准"
                if not approved
                else f"原因为{EXTENSION_REASONS.get(reason, reason)}，不属于不可抗力"
            )
            out.append(
                Outcome(
                    Kind.WARNING,
                    f"延长复垦期限至{until.isoformat()}不成立（{why}），仍按期满之日起一年计算。",
                    cites=[USE_AND_RECLAIM.eid],
                )
            )
    due = reclamation_deadline(term_end, until, valid)
    done = f.get("reclaimed_on")
    if done is not None and done <= due:
        return out
    if done is not None:
        out.append(
            Outcome(
                Kind.VIOLATION,
                f"于{done.isoformat()}完成土地复垦，超过复垦期限{due.isoformat()}。",
                cites=[USE_AND_RECLAIM.eid],
            )
        )
    elif f.as_of > due:
        out.append(
            Outcome(
                Kind.VIOLATION,
                f"临时用地于{term_end.isoformat()}期满，复垦期限{due.isoformat()}已过，未完成土地复垦。",
                consequence=RECLAMATION_CONSEQUENCE,
            )
        )
    elif f.as_of > term_end:
        out.append(
            Outcome(
                Kind.OBLIGATION_DUE,
                f"临时用地于{term_end.isoformat()}期满，应当于{due.isoformat()}前（含当日）完成土地复垦。",
                cites=[USE_AND_RECLAIM.eid],
                due=due,
            )
        )
    return out


@regime_rule(
    REGISTRY,
    "land.reclamation.result",
    cites=[RESTORE_CULTIVATED, RESTORE_FARMLAND],
    effective=EFFECTIVE,
    repealed=REPEALED,
    applies_to=TemporaryLandUse,
)
def reclamation_result(f: Facts) -> list[Outcome]:
    """四、第2段：严格落实临时用地恢复责任，临时用地期满后应当拆除临时建（构）筑物，使用耕地的应当复垦为耕地，
    确保耕地面积不减少、质量不降低；

    四、第3段：使用耕地以外的其他农用地的应当恢复为农用地；使用未利用地的，对于符合条件的鼓励复垦为耕地。

    After reclamation, 耕地 (including 永久基本农田) must not be smaller than the 耕地 taken, and 农用地
    (耕地 included) not smaller than the 农用地 taken; equal areas comply. Turning 未利用地 into 耕地 is only
    encouraged, so it is never a finding.
    """
    term_end = f.need("term_end")
    out: list[Outcome] = []
    if f.as_of > term_end and f.get("structures_removed") is False:
        out.append(
            Outcome(
                Kind.VIOLATION,
                f"临时用地于{term_end.isoformat()}期满，未拆除临时建（构）筑物。",
                cites=[RESTORE_CULTIVATED.eid],
            )
        )
    if f.get("reclaimed_on") is None:
        return out
    cultivated, basic, other = f.need(
        "area_cultivated_m2", "area_permanent_basic_m2", "area_other_farmland_m2"
    )
    if cultivated + basic > 0:
        after = f.need("reclaimed_cultivated_m2")
        if after < cultivated + basic:
            out.append(
                Outcome(
                    Kind.VIOLATION,
                    f"使用耕地{cultivated + basic}平方米，复垦为耕地{after}平方米，耕地面积减少{cultivated + basic - after}平方米。",
                    cites=[RESTORE_CULTIVATED.eid],
                )
            )
    if cultivated + basic + other > 0:
        after = f.need("reclaimed_farmland_m2")
        taken = cultivated + basic + other
        if after < taken:
            out.append(
                Outcome(
                    Kind.VIOLATION,
                    f"使用农用地{taken}平方米，恢复为农用地{after}平方米，减少{taken - after}平方米。",
                    cites=[RESTORE_FARMLAND.eid],
                )
            )
    return out


@regime_rule(
    REGISTRY,
    "land.oil_gas.conversion",
    cites=[OIL_GAS],
    effective=EFFECTIVE,
    repealed=REPEALED,
    applies_to=TemporaryLandUse,
)
def oil_gas_conversion(f: Facts) -> Outcome | None:
    """三、第2段：油气资源探采合一开发涉及的钻井及配套设施建设用地，可先以临时用地方式批准使用，勘探结束转入
    生产使用的，办理建设用地审批手续；不转入生产的，油气企业应当完成土地复垦，按期归还。

    Not converting falls under the reclamation deadline rule; converting without 建设用地审批 is a violation.
    """
    if f.need("project_kind") != "oil_gas" or f.get("exploration_ended_on") is None:
        return None
    if not f.get("converted_to_production") or f.get("construction_land_approved"):
        return None
    return Outcome(
        Kind.VIOLATION,
        "油气勘探结束后转入生产使用，未办理建设用地审批手续。",
    )
