"""第七条 of the 治理资金办法: the awards by project, and the factor method for mining land, as pure functions.

第七条第二款：用于山水林田湖草沙冰一体化保护和修复工程的奖补资金采取项目法分配，工程总投资10亿-20亿元的项目奖补
5亿元；工程总投资20亿-50亿元的项目奖补10亿元；工程总投资50亿元以上的项目奖补20亿元。

第七条第三款：……采取项目法分配的，工程总投资5亿元以上的项目奖补3亿元。采取因素法分配的，各省、自治区、直辖市
（以下统称省）奖补资金根据各省历史遗留废弃工矿土地损毁面积等因素确定，同时考虑各省财政困难程度，并根据资金使用
绩效等对测算结果进行调整，体现结果导向。

Boundaries. The bands 10亿-20亿 and 20亿-50亿 share 20亿 and the bands 20亿-50亿 and 50亿以上 share 50亿; the
text puts each shared figure in two bands. 50亿元以上 expressly includes 50亿 (以上 includes the figure), so
50亿 takes the top band; read the same way, every band starts at its lower figure and ends below its
upper one: [10亿, 20亿) → 5亿, [20亿, 50亿) → 10亿, [50亿, ∞) → 20亿. Exactly 20亿 therefore gets 10亿 and
exactly 10亿 gets 5亿; below 10亿 no band applies (0). For mining land 5亿元以上 includes 5亿 → 3亿.
Each award notes when the investment sits on a shared figure, so a reviewer sees the choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

YI = 100_000_000  # 亿元 in 元


@dataclass(frozen=True)
class Band:
    low: int  # included
    high: int | None  # excluded; None = no upper figure
    award: int
    label: str


INTEGRATED_BANDS = (
    Band(10 * YI, 20 * YI, 5 * YI, "工程总投资10亿-20亿元"),
    Band(20 * YI, 50 * YI, 10 * YI, "工程总投资20亿-50亿元"),
    Band(50 * YI, None, 20 * YI, "工程总投资50亿元以上"),
)
MINING_BANDS = (Band(5 * YI, None, 3 * YI, "工程总投资5亿元以上"),)
SHARED_FIGURES = {
    20 * YI: "20亿元同时是10亿-20亿元档的上限和20亿-50亿元档的下限，按较高档",
    50 * YI: "50亿元以上包括50亿元",
}


@dataclass(frozen=True)
class Award:
    amount: int  # 元; 0 when no band applies
    band: str | None
    note: str | None = None  # how a boundary figure was treated


def _award(total_investment: int, bands: Sequence[Band], below: str) -> Award:
    if total_investment < 0:
        raise ValueError("工程总投资不能为负数 (total investment must not be negative)")
    for band in bands:
        if total_investment >= band.low and (band.high is None or total_investment < band.high):
            return Award(
                band.award,
                band.label,
                SHARED_FIGURES.get(total_investment) if bands is INTEGRATED_BANDS else None,
            )
    return Award(0, None, below)


def integrated_award(total_investment: int) -> Award:
    """山水林田湖草沙冰一体化保护和修复工程, project method (第七条第二款)."""
    return _award(total_investment, INTEGRATED_BANDS, "工程总投资不足10亿元，不在奖补档次内")


def mining_project_award(total_investment: int) -> Award:
    """历史遗留废弃工矿土地整治, project method (第七条第三款)."""
    return _award(total_investment, MINING_BANDS, "工程总投资不足5亿元，不在奖补档次内")


@dataclass(frozen=True)
class ProvinceFactors:
    """A province's factors for the mining-land factor method. The 办法 names the factors but not their
    weights: the coefficients are the allocating authority's, 1.0 meaning no adjustment."""

    province: str
    damaged_area_m2: int  # 历史遗留废弃工矿土地损毁面积 (provided by 自然资源部)
    difficulty: float = 1.0  # 财政困难程度 coefficient
    performance: float = 1.0  # 资金使用绩效 adjustment


def factor_allocation(budget: int, provinces: Sequence[ProvinceFactors]) -> dict[str, int]:
    """Split ``budget`` 元 in proportion to area × difficulty × performance, in whole 元 summing to the budget.

    Remainders go one 元 at a time to the largest fractional parts (ties by input order).
    """
    if budget < 0:
        raise ValueError("预算不能为负数 (budget must not be negative)")
    weights = [p.damaged_area_m2 * p.difficulty * p.performance for p in provinces]
    if any(w < 0 for w in weights):
        raise ValueError("面积和系数不能为负数 (factors must not be negative)")
    total = sum(weights)
    if total == 0:
        raise ValueError("各省因素之积均为0，无法分配 (all weights are zero)")
    exact = [budget * w / total for w in weights]
    amounts = [int(x) for x in exact]
    order = sorted(range(len(provinces)), key=lambda i: (-(exact[i] - amounts[i]), i))
    for i in order[: budget - sum(amounts)]:
        amounts[i] += 1
    return {p.province: a for p, a in zip(provinces, amounts, strict=True)}
