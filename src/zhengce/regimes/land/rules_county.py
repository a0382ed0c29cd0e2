"""四、第4段: the county's annual statistic and the province's duty to suspend new approvals."""

from __future__ import annotations

from zhengce.regimes.land.base import EFFECTIVE, REGISTRY, REPEALED, SUPERVISION
from zhengce.regimes.land.citing import regime_rule
from zhengce.regimes.land.facts import CountyYear
from zhengce.rules import Facts, Kind, Outcome

THRESHOLD_PERCENT = 20


def reaches_threshold(overdue_m2: int, due_m2: int) -> bool:
    """达到应复垦规模20%以上: 以上 includes exactly 20%. Integer arithmetic, no rounding.

    No area due for reclamation means no ratio, so nothing is reached.
    """
    return due_m2 > 0 and overdue_m2 * 100 >= THRESHOLD_PERCENT * due_m2


def percent(overdue_m2: int, due_m2: int) -> float | None:
    return None if due_m2 == 0 else round(100 * overdue_m2 / due_m2, 2)


@regime_rule(
    REGISTRY,
    "land.county.suspension",
    cites=[SUPERVISION],
    effective=EFFECTIVE,
    repealed=REPEALED,
    applies_to=CountyYear,
)
def county_suspension(f: Facts) -> Outcome | None:
    """四、第4段：按年度统计，县（市）范围内的临时用地，超期一年以上未完成土地复垦规模达到应复垦规模20%以上的，
    省级自然资源主管部门应当要求所在县（市）暂停审批新的临时用地，根据县（市）整改情况恢复审批。

    Exactly 20% reaches the threshold (以上 includes the figure); 19.99% does not.
    """
    year, due, overdue = f.need("year", "due_area_m2", "overdue_area_m2")
    if not reaches_threshold(overdue, due):
        return None
    share = f"{year}年度超期一年以上未完成土地复垦{overdue}平方米，占应复垦规模{due}平方米的{percent(overdue, due)}%"
    ordered_on = f.get("suspension_ordered_on")
    if ordered_on is None:
        return Outcome(
            Kind.OBLIGATION_DUE,
            f"{share}，达到20%以上：省级自然资源主管部门应当要求该县（市）暂停审批新的临时用地。",
        )
    resumed_on = f.get("resumed_on")
    state = f"已于{resumed_on.isoformat()}恢复审批" if resumed_on else "整改后方可恢复审批"
    return Outcome(
        Kind.DECISION,
        f"{share}，达到20%以上：已于{ordered_on.isoformat()}要求暂停审批新的临时用地，{state}。",
    )
