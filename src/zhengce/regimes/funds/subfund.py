"""A sub-fund (子基金) proposal or running sub-fund, read from JSON and validated.

Money is 元 as integers. The sub-fund's total (子基金总额) is the sum of all contributors' commitments;
exactly one contributor is the 转化基金 itself (``"transfer_fund": true``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
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

STAGES = {
    "proposal": "设立方案（尚未投资）",
    "investing": "投资期内",
    "completed": "投资期已结束",
}
# 第十一条: what a sub-fund may and may not put money into.
INVESTMENT_KINDS = {
    "equity": "股权投资",
    "stock": "股票",
    "loan": "贷款",
    "futures": "期货",
    "real_estate": "房地产",
    "securities_fund": "证券投资基金",
    "corporate_bond": "企业债券",
    "derivative": "金融衍生品",
    "other_prohibited": "其他国家法律法规禁止私募基金从事的业务",
    "sponsorship": "赞助",
    "donation": "捐赠",
}
FORBIDDEN_KINDS = frozenset(INVESTMENT_KINDS) - {"equity", "stock"}
IDLE_KINDS = {
    "bank_deposit": "存放银行",
    "treasury_bond": "国债",
    "local_government_bond": "地方政府债券",
    "other": "其他",
}
ALLOWED_IDLE = frozenset({"bank_deposit", "treasury_bond", "local_government_bond"})


def _label(text_: str) -> dict[str, str]:
    return {"label": text_}


@dataclass(frozen=True)
class Contributor:
    name: str
    amount: int
    transfer_fund: bool = False


@dataclass(frozen=True)
class Investment:
    enterprise: str
    amount: int
    kind: str = "equity"
    converts_public_results: bool | None = None  # 转化利用财政资金形成科技成果的企业
    high_tech_field: bool | None = None  # 国家重点支持的高新技术领域
    investee_listed: bool = False  # 股票 held because the investee went public (投资企业上市)
    from_proceeds: bool = False  # paid from 股权转让、分红、清算等资金 (循环投资)


@dataclass(frozen=True)
class IdleHolding:
    kind: str
    amount: int


@dataclass(frozen=True)
class SubFund:
    name: str
    stage: str = field(metadata=_label("阶段"))
    contributors: tuple[Contributor, ...] = field(metadata=_label("出资人及出资额"))
    term_years: float | None = field(default=None, metadata=_label("存续期（年）"))
    custody_bank: str | None = field(default=None, metadata=_label("托管银行"))
    custody_bank_qualified: bool | None = field(
        default=None, metadata=_label("托管银行是否具有托管资格和符合托管要求")
    )
    manager: str | None = field(default=None, metadata=_label("子基金管理机构"))
    manager_professional: bool | None = field(
        default=None, metadata=_label("管理机构是否为专业的投资管理企业")
    )
    planned_conversion_investment: int | None = field(
        default=None, metadata=_label("拟投资于转化利用财政资金形成科技成果的企业的资金（元）")
    )
    agreement_states_terms: bool | None = field(
        default=None, metadata=_label("合伙协议或公司章程是否载明本办法规定的相关事项")
    )
    representative_holds_post: bool | None = field(
        default=None, metadata=_label("派出代表是否在子基金及其管理机构兼职")
    )
    representative_paid: bool | None = field(default=None, metadata=_label("派出代表是否从子基金领取报酬"))
    investments: tuple[Investment, ...] = ()
    idle_funds: tuple[IdleHolding, ...] = ()

    @property
    def total(self) -> int:
        """子基金总额."""
        return sum(c.amount for c in self.contributors)

    @property
    def fund_amount(self) -> int:
        """转化基金出资额."""
        return sum(c.amount for c in self.contributors if c.transfer_fund)


_CONTRIBUTOR = {
    "name": (text(200), True),
    "amount": (whole("出资额（元）", 1), True),
    "transfer_fund": (boolean, False),
}
_INVESTMENT = {
    "enterprise": (text(200), True),
    "amount": (whole("投资额（元）", 1), True),
    "kind": (one_of(INVESTMENT_KINDS), True),
    "converts_public_results": (boolean, False),
    "high_tech_field": (boolean, False),
    "investee_listed": (boolean, False),
    "from_proceeds": (boolean, False),
}
_IDLE = {"kind": (one_of(IDLE_KINDS), True), "amount": (whole("金额（元）", 1), True)}
_TOP = {
    "name": (text(200), True),
    "stage": (one_of(STAGES), True),
    "term_years": (number("存续期（年）", 0), False),
    "custody_bank": (text(200), False),
    "custody_bank_qualified": (boolean, False),
    "manager": (text(200), False),
    "manager_professional": (boolean, False),
    "planned_conversion_investment": (whole("拟投资额（元）"), False),
    "agreement_states_terms": (boolean, False),
    "representative_holds_post": (boolean, False),
    "representative_paid": (boolean, False),
}


def parse_subfund(data: Any) -> SubFund:
    """Validate a decoded JSON object; FileProblems lists every problem with its place."""
    problems: list[str] = []
    top = fields(data, "子基金", _TOP, problems, {"contributors", "investments", "idle_funds"})
    if top is None:
        raise FileProblems(problems, "子基金文件有误 (invalid sub-fund file)")
    contributors = []
    for i, raw in enumerate(items(data.get("contributors"), "contributors", problems)):
        row = fields(raw, f"contributors[{i}]", _CONTRIBUTOR, problems)
        if row and None not in (row["name"], row["amount"]):
            contributors.append(Contributor(row["name"], row["amount"], bool(row["transfer_fund"])))
    if sum(c.transfer_fund for c in contributors) != 1:
        problems.append(
            'contributors：应当有且只有一个出资人标明 "transfer_fund": true（转化基金） (exactly one transfer-fund contributor)'
        )
    investments = []
    for i, raw in enumerate(items(data.get("investments"), "investments", problems)):
        row = fields(raw, f"investments[{i}]", _INVESTMENT, problems)
        if row and None not in (row["enterprise"], row["amount"], row["kind"]):
            row["investee_listed"] = bool(row["investee_listed"])
            row["from_proceeds"] = bool(row["from_proceeds"])
            investments.append(Investment(**row))
    idle = []
    for i, raw in enumerate(items(data.get("idle_funds"), "idle_funds", problems)):
        row = fields(raw, f"idle_funds[{i}]", _IDLE, problems)
        if row and None not in row.values():
            idle.append(IdleHolding(**row))
    if problems:
        raise FileProblems(problems, "子基金文件有误 (invalid sub-fund file)")
    return SubFund(
        contributors=tuple(contributors), investments=tuple(investments), idle_funds=tuple(idle), **top
    )


def read_subfund(path: Path) -> SubFund:
    return parse_subfund(read_json(path))
