"""治理资金: the exclusions of 第六条第二款, the awards of 第七条, plan adjustments under 第九条."""

from __future__ import annotations

from zhengce.regimes.land.citing import regime_rule
from zhengce.regimes.restoration.allocation import Award, integrated_award, mining_project_award
from zhengce.regimes.restoration.base import (
    ART_6_2,
    ART_7_2,
    ART_7_3,
    ART_9_1,
    ART_9_2,
    FUND_EFFECTIVE,
    FUND_REGISTRY,
    FUND_REPEALED,
)
from zhengce.regimes.restoration.facts import RestorationProject
from zhengce.rules import Facts, Kind, Outcome

EXCLUSIONS = (
    ("breaches_controls", "不符合自然保护地、生态保护红线、耕地保护红线等国家管控要求的项目"),
    ("has_responsible_party", "有明确修复责任主体的项目"),
    ("centrally_funded", "已有中央财政资金支持的项目"),
    ("landscape_project", "公园、广场、雕塑等旅游设施与“盆景”工程等景观工程建设"),
)


def excluded(f: Facts) -> list[str]:
    """The 第六条第二款 exclusions that apply (all four facts are needed)."""
    values = f.need(*(name for name, _ in EXCLUSIONS))
    return [label for (_, label), value in zip(EXCLUSIONS, values, strict=True) if value]


def _yi(amount: int) -> str:
    return f"{amount / 100_000_000:g}亿元"


@regime_rule(
    FUND_REGISTRY,
    "restoration.exclusions",
    cites=[ART_6_2],
    effective=FUND_EFFECTIVE,
    repealed=FUND_REPEALED,
    applies_to=RestorationProject,
)
def exclusions(f: Facts) -> list[Outcome]:
    """第六条第二款：治理资金应优先用于解决生态系统突出问题，不得用于以下方面支出：不符合自然保护地、生态保护红线、
    耕地保护红线等国家管控要求的项目；有明确修复责任主体的项目；已有中央财政资金支持的项目；公园、广场、雕塑等旅游
    设施与“盆景”工程等景观工程建设。
    """
    return [Outcome(Kind.VIOLATION, f"治理资金不得用于{label}。") for label in excluded(f)]


def _award_outcomes(f: Facts, award: Award, cite: str) -> list[Outcome]:
    investment = f.need("total_investment")
    if excluded(f):
        return [
            Outcome(
                Kind.DECISION,
                "属于第六条第二款不得支出的情形，不予安排奖补资金（0元）。",
                cites=[ART_6_2.eid],
            )
        ]
    if award.amount == 0:
        return [Outcome(Kind.DECISION, f"工程总投资{_yi(investment)}：{award.note}，奖补0元。", cites=[cite])]
    note = f"（{award.note}）" if award.note else ""
    out = [
        Outcome(
            Kind.DECISION,
            f"工程总投资{_yi(investment)}，属于{award.band}档{note}，奖补{_yi(award.amount)}。",
            cites=[cite],
        )
    ]
    requested = f.get("requested_award")
    if requested is not None and requested != award.amount:
        out.append(
            Outcome(
                Kind.WARNING,
                f"申请奖补{_yi(requested)}，与第七条规定的{_yi(award.amount)}不一致。",
                cites=[cite],
            )
        )
    return out


@regime_rule(
    FUND_REGISTRY,
    "restoration.award.integrated",
    cites=[ART_7_2, ART_6_2],
    effective=FUND_EFFECTIVE,
    repealed=FUND_REPEALED,
    applies_to=RestorationProject,
)
def award_integrated(f: Facts) -> list[Outcome] | None:
    """第七条第二款：用于山水林田湖草沙冰一体化保护和修复工程的奖补资金采取项目法分配，工程总投资10亿-20亿元的项目
    奖补5亿元；工程总投资20亿-50亿元的项目奖补10亿元；工程总投资50亿元以上的项目奖补20亿元。

    Bands start at their lower figure: exactly 20亿 → 10亿, exactly 50亿 → 20亿 (50亿元以上 includes 50亿),
    exactly 10亿 → 5亿, below 10亿 → nothing (see ``allocation``). An excluded project gets nothing.
    """
    if f.need("kind") != "integrated":
        return None
    return _award_outcomes(f, integrated_award(f.need("total_investment")), ART_7_2.eid)


@regime_rule(
    FUND_REGISTRY,
    "restoration.award.mining",
    cites=[ART_7_3, ART_6_2],
    effective=FUND_EFFECTIVE,
    repealed=FUND_REPEALED,
    applies_to=RestorationProject,
)
def award_mining(f: Facts) -> list[Outcome] | None:
    """第七条第三款：用于历史遗留废弃工矿土地整治的奖补资金采取项目法或因素法分配。采取项目法分配的，工程总投资5亿元
    以上的项目奖补3亿元。

    Exactly 5亿 → 3亿 (以上 includes the figure). Under the factor method the province's share is computed
    by ``allocation.factor_allocation``, not per project.
    """
    if f.need("kind") != "mining_legacy":
        return None
    if f.need("method") == "factor":
        return [
            Outcome(
                Kind.DECISION,
                "采取因素法分配：按各省损毁面积、财政困难程度和绩效测算省级奖补资金，不按项目奖补。",
                cites=[ART_7_3.eid],
            )
        ]
    return _award_outcomes(f, mining_project_award(f.need("total_investment")), ART_7_3.eid)


@regime_rule(
    FUND_REGISTRY,
    "restoration.adjustment",
    cites=[ART_9_1, ART_9_2],
    effective=FUND_EFFECTIVE,
    repealed=FUND_REPEALED,
    applies_to=RestorationProject,
)
def adjustment(f: Facts) -> list[Outcome] | None:
    """第九条第一款：项目在实施过程中，因实施环境和条件发生重大变化，确有必要调整实施方案的，应当坚持总投资和绩效
    目标不降低原则。

    第九条第二款：其中：采用项目法分配资金的项目，实施方案调整不涉及项目实施区域变化的，应报财政部、自然资源部等部门
    备案；涉及项目实施区域发生变化的，应报财政部、自然资源部等部门审批。山水林田湖草沙冰一体化保护和修复工程项目实施
    方案的调整应报经省级人民政府批准同意。

    Approval satisfies a filing requirement (it is the stricter procedure); filing does not satisfy approval.
    """
    if not f.get("plan_adjusted"):
        return None
    out: list[Outcome] = []
    if f.need("adjustment_lowers_targets"):
        out.append(Outcome(Kind.VIOLATION, "实施方案调整降低了总投资或绩效目标。", cites=[ART_9_1.eid]))
    if f.need("method") == "project":
        procedure = f.need("adjustment_procedure")
        if f.need("adjustment_changes_area"):
            if procedure != "approved":
                out.append(
                    Outcome(
                        Kind.VIOLATION,
                        "实施方案调整涉及实施区域变化，未报财政部、自然资源部等部门审批。",
                        cites=[ART_9_2.eid],
                    )
                )
        elif procedure == "none":
            out.append(
                Outcome(Kind.VIOLATION, "实施方案调整未报财政部、自然资源部等部门备案。", cites=[ART_9_2.eid])
            )
    if f.need("kind") == "integrated" and not f.need("province_government_approved"):
        out.append(
            Outcome(
                Kind.VIOLATION,
                "山水林田湖草沙冰一体化保护和修复工程实施方案调整未报经省级人民政府批准同意。",
                cites=[ART_9_2.eid],
            )
        )
    return out
