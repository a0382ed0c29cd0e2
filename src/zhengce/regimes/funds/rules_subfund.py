"""第二章 子基金: the checks a sub-fund proposal or a running sub-fund must pass (第九条至第十六条, 第二十一条)."""

from __future__ import annotations

from zhengce.regimes.funds.base import (
    ART_9,
    ART_10,
    ART_11,
    ART_12,
    ART_13,
    ART_14,
    ART_16,
    ART_21,
    EFFECTIVE,
    SUBFUND_REGISTRY,
)
from zhengce.regimes.funds.subfund import ALLOWED_IDLE, FORBIDDEN_KINDS, IDLE_KINDS, INVESTMENT_KINDS, SubFund
from zhengce.regimes.land.citing import regime_rule
from zhengce.rules import Facts, Kind, MissingFact, Outcome

SHARE_MIN_PERCENT, SHARE_MAX_PERCENT = 10, 30
CONVERSION_MULTIPLE = 3
CONVERSION_MIN_PERCENT = 50
TERM_YEARS = 8


def _yuan(amount: int) -> str:
    return f"{amount:,}元"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%"


def share_within_range(fund: int, total: int) -> bool:
    """10%-30% of the total, both ends included (a stated range includes its bounds)."""
    return SHARE_MIN_PERCENT * total <= 100 * fund <= SHARE_MAX_PERCENT * total


def conversion_required(fund: int, total: int) -> int:
    """The least amount satisfying 不低于出资额三倍且不低于子基金总额50% (不低于 includes the figure)."""
    return max(CONVERSION_MULTIPLE * fund, -(-total * CONVERSION_MIN_PERCENT // 100))


@regime_rule(SUBFUND_REGISTRY, "funds.subfund.share", cites=[ART_9], effective=EFFECTIVE, applies_to=SubFund)
def fund_share(f: Facts) -> list[Outcome]:
    """第九条：转化基金不作为子基金的第一大股东或出资人，对子基金的出资比例为子基金总额的10%-30%，其余资金由子基金
    管理机构依法募集。

    Exactly 10% and exactly 30% comply. The fund must be strictly smaller than the largest other
    contributor: a tie would make it one of the 第一大出资人.
    """
    contributors = f.need("contributors")
    fund = sum(c.amount for c in contributors if c.transfer_fund)
    total = sum(c.amount for c in contributors)
    out: list[Outcome] = []
    if not share_within_range(fund, total):
        out.append(
            Outcome(
                Kind.VIOLATION,
                f"转化基金出资{_yuan(fund)}，占子基金总额{_yuan(total)}的{_pct(fund, total)}，不在10%-30%之间。",
            )
        )
    others = [c.amount for c in contributors if not c.transfer_fund]
    if not others or fund >= max(others):
        largest = max(others, default=0)
        out.append(
            Outcome(
                Kind.VIOLATION,
                f"转化基金出资{_yuan(fund)}，不低于其他最大出资人的{_yuan(largest)}，成为子基金第一大出资人。",
            )
        )
    return out


@regime_rule(
    SUBFUND_REGISTRY, "funds.subfund.conversion", cites=[ART_10], effective=EFFECTIVE, applies_to=SubFund
)
def conversion_investment(f: Facts) -> list[Outcome]:
    """第十条：子基金应以不低于转化基金出资额三倍且不低于子基金总额50%的资金投资于转化利用财政资金形成科技成果的
    企业。其他投资方向应符合国家重点支持的高新技术领域。

    A proposal is judged on its planned amount; a sub-fund still investing that is short has the
    obligation still open; after the investment period a shortfall is a violation. Exactly three times
    and exactly 50% comply.
    """
    contributors, stage = f.need("contributors", "stage")
    fund = sum(c.amount for c in contributors if c.transfer_fund)
    total = sum(c.amount for c in contributors)
    required = conversion_required(fund, total)
    out: list[Outcome] = []
    if stage == "proposal":
        planned = f.need("planned_conversion_investment")
        if planned < required:
            out.append(
                Outcome(
                    Kind.VIOLATION,
                    f"拟投资于转化财政资金形成科技成果企业的资金{_yuan(planned)}，低于要求的{_yuan(required)}"
                    f"（转化基金出资额三倍{_yuan(3 * fund)}、子基金总额50%中的较高者）。",
                )
            )
    else:
        # Only equity stakes (and shares held after an investee's listing) are investments in enterprises.
        investments = [
            i
            for i in f.need("investments")
            if i.kind == "equity" or (i.kind == "stock" and i.investee_listed)
        ]
        unknown = [i.enterprise for i in investments if i.converts_public_results is None]
        if unknown:
            names = tuple(f"investments.{name}.converts_public_results" for name in unknown)
            raise MissingFact(names, dict.fromkeys(names, "被投企业是否为转化利用财政资金形成科技成果的企业"))
        done = sum(i.amount for i in investments if i.converts_public_results)
        if done < required:
            message = f"已投资于转化财政资金形成科技成果企业的资金{_yuan(done)}，尚差{_yuan(required - done)}达到要求的{_yuan(required)}。"
            kind = Kind.OBLIGATION_DUE if stage == "investing" else Kind.VIOLATION
            out.append(Outcome(kind, message))
    for i in f.get("investments", ()):
        if i.converts_public_results is False and i.high_tech_field is False:
            out.append(
                Outcome(
                    Kind.VIOLATION,
                    f"对{i.enterprise}的投资既非转化财政资金形成科技成果的企业，也不属于国家重点支持的高新技术领域。",
                )
            )
    return out


@regime_rule(
    SUBFUND_REGISTRY, "funds.subfund.forbidden", cites=[ART_11], effective=EFFECTIVE, applies_to=SubFund
)
def forbidden_uses(f: Facts) -> list[Outcome]:
    """第十一条：子基金不得从事贷款或股票（投资企业上市除外）、期货、房地产、证券投资基金、企业债券、金融衍生品等
    投资，以及其他国家法律法规禁止私募基金从事的业务，不得用于赞助、捐赠等支出。待投资金应当存放银行或购买国债和
    地方政府债券。
    """
    out: list[Outcome] = []
    for i in f.get("investments", ()):
        if i.kind in FORBIDDEN_KINDS or (i.kind == "stock" and not i.investee_listed):
            what = "股票（非投资企业上市）" if i.kind == "stock" else INVESTMENT_KINDS[i.kind]
            out.append(Outcome(Kind.VIOLATION, f"子基金资金{_yuan(i.amount)}用于{what}（{i.enterprise}）。"))
    for h in f.get("idle_funds", ()):
        if h.kind not in ALLOWED_IDLE:
            out.append(
                Outcome(
                    Kind.VIOLATION,
                    f"待投资金{_yuan(h.amount)}用于{IDLE_KINDS[h.kind]}，应当存放银行或购买国债和地方政府债券。",
                )
            )
    return out


@regime_rule(SUBFUND_REGISTRY, "funds.subfund.term", cites=[ART_12], effective=EFFECTIVE, applies_to=SubFund)
def term(f: Facts) -> Outcome | None:
    """第十二条：子基金存续期一般不超过8年。

    一般 makes eight years the rule, not an absolute cap: a longer term is a warning that needs a
    justification, not a violation. Exactly eight years complies.
    """
    years = f.need("term_years")
    if years <= TERM_YEARS:
        return None
    return Outcome(Kind.WARNING, f"子基金存续期{years:g}年，超过一般不超过8年的要求，须说明理由。")


@regime_rule(
    SUBFUND_REGISTRY, "funds.subfund.custody", cites=[ART_13], effective=EFFECTIVE, applies_to=SubFund
)
def custody(f: Facts) -> list[Outcome]:
    """第十三条：子基金应当选择具有托管资格和符合托管要求的银行开设托管账户。存续期内产生的股权转让、分红、清算等
    资金应进子基金托管账户，不得循环投资。
    """
    out: list[Outcome] = []
    if f.get("custody_bank") is None:
        out.append(Outcome(Kind.VIOLATION, "子基金未选择托管银行开设托管账户。"))
    elif not f.need("custody_bank_qualified"):
        out.append(
            Outcome(Kind.VIOLATION, f"托管银行{f.need('custody_bank')}不具有托管资格或者不符合托管要求。")
        )
    for i in f.get("investments", ()):
        if i.from_proceeds:
            out.append(
                Outcome(Kind.VIOLATION, f"以股权转让、分红、清算等资金投资{i.enterprise}，属于循环投资。")
            )
    return out


@regime_rule(
    SUBFUND_REGISTRY, "funds.subfund.manager", cites=[ART_14], effective=EFFECTIVE, applies_to=SubFund
)
def manager(f: Facts) -> Outcome | None:
    """第十四条：子基金应当委托专业的投资管理企业作为子基金管理机构。"""
    if f.get("manager") is None:
        return Outcome(Kind.VIOLATION, "子基金未委托子基金管理机构。")
    if f.need("manager_professional"):
        return None
    return Outcome(Kind.VIOLATION, f"子基金管理机构{f.need('manager')}不是专业的投资管理企业。")


@regime_rule(
    SUBFUND_REGISTRY, "funds.subfund.agreement", cites=[ART_16], effective=EFFECTIVE, applies_to=SubFund
)
def agreement(f: Facts) -> Outcome | None:
    """第十六条：子基金应当在子基金合伙协议或公司章程中载明本办法规定的相关事项。"""
    if f.need("agreement_states_terms"):
        return None
    return Outcome(Kind.VIOLATION, "子基金合伙协议或公司章程未载明本办法规定的相关事项。")


@regime_rule(
    SUBFUND_REGISTRY, "funds.subfund.representative", cites=[ART_21], effective=EFFECTIVE, applies_to=SubFund
)
def representative(f: Facts) -> list[Outcome]:
    """第二十一条：受托管理机构向子基金派出代表，对子基金行使出资人职责、参与重大决策、监督投资和运作，不参与日常
    管理。派出代表不得在子基金及其管理机构兼职，不得从子基金领取工作津贴、补助、奖金等任何形式的报酬。

    Checked only when the representative's situation is recorded.
    """
    out: list[Outcome] = []
    if f.get("representative_holds_post"):
        out.append(Outcome(Kind.VIOLATION, "派出代表在子基金或其管理机构兼职。"))
    if f.get("representative_paid"):
        out.append(Outcome(Kind.VIOLATION, "派出代表从子基金领取报酬。"))
    return out
