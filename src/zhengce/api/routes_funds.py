"""资金 endpoints: checks over a posted proposal, council record or application (nothing is stored).

国家科技成果转化引导基金 (财教〔2021〕176号): sub-fund proposal or portfolio, council vote and terms.
重点生态保护修复治理资金 (财资环〔2021〕100号): award per project, art. 6 exclusions, factor method.
社会资本参与生态保护修复 (国办发〔2021〕40号): the opinion's checkable conditions.

They read only what is posted and answer with findings citing the 办法/意见, so anyone may call
them (like reading the corpus); bad input is 422 ``invalid_input`` with every problem in ``details``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query

from ..errors import UserError
from ..rules import finding_to_dict
from .deps import services
from .errors import ApiError
from .routes_land import problems_response, quote_resolver
from .services import Services

router = APIRouter(prefix="/api/v1/funds", tags=["funds"])

AsOf = Annotated[dt.date | None, Query(description="评估日期（默认今天；理事会默认会议日期）")]
YI = 100_000_000

SUBFUND_EXAMPLE = {
    "name": "某科技成果转化创业投资基金（设立方案）",
    "stage": "proposal",
    "contributors": [
        {"name": "国家科技成果转化引导基金", "amount": 100000000, "transfer_fund": True},
        {"name": "某省政府投资基金", "amount": 150000000},
        {"name": "某创业投资管理有限公司", "amount": 50000000},
        {"name": "某产业集团", "amount": 200000000},
    ],
    "term_years": 8,
    "custody_bank": "某商业银行",
    "custody_bank_qualified": True,
    "manager": "某创业投资管理有限公司",
    "manager_professional": True,
    "planned_conversion_investment": 300000000,
    "agreement_states_terms": True,
}
COUNCIL_EXAMPLE = {
    "members": [
        {"id": "K1", "name": "科技部代表", "ministry": "科技部"},
        {"id": "C1", "name": "财政部代表", "ministry": "财政部"},
        {"id": "S1", "name": "专家甲", "domain": "科技"},
        {"id": "F1", "name": "专家丙", "domain": "财务"},
        {"id": "L1", "name": "专家丁", "domain": "法律"},
        {"id": "J1", "name": "专家戊", "domain": "金融"},
        {"id": "T1", "name": "专家己", "domain": "投资"},
    ],
    "meeting": {
        "id": "2025年第2次理事工作会议",
        "date": "2025-06-18",
        "agenda": "subfund_review",
        "subfund": "某科技成果转化创业投资基金",
        "ballot": "named",
        "present": ["K1", "S1", "F1", "L1", "J1", "T1"],
        "votes": {"K1": "yes", "S1": "yes", "F1": "yes", "L1": "yes", "J1": "no", "T1": "abstain"},
    },
}
RESTORATION_EXAMPLE = {
    "projects": [
        {
            "project_id": "SSLT-01",
            "name": "某流域山水林田湖草沙一体化保护和修复工程",
            "kind": "integrated",
            "method": "project",
            "total_investment": 2000000000,
            "breaches_controls": False,
            "has_responsible_party": False,
            "centrally_funded": False,
            "landscape_project": False,
        },
        {
            "project_id": "GK-01",
            "name": "某市历史遗留废弃矿山整治",
            "kind": "mining_legacy",
            "method": "project",
            "total_investment": 500000000,
            "breaches_controls": False,
            "has_responsible_party": False,
            "centrally_funded": False,
            "landscape_project": False,
        },
        {
            "project_id": "GK-02",
            "name": "某县矿区公园",
            "kind": "mining_legacy",
            "method": "project",
            "total_investment": 800000000,
            "breaches_controls": False,
            "has_responsible_party": True,
            "centrally_funded": False,
            "landscape_project": True,
        },
    ]
}
SOCIAL_EXAMPLE = {
    "projects": [
        {
            "project_id": "SC-01",
            "name": "某荒山林草修复与生态旅游项目",
            "forest_grass_dominant": True,
            "restored_area_m2": 2000000,
            "eco_industry_area_m2": 60000,
            "contiguous_scale_met": True,
            "breaches_red_lines": False,
            "development_in_disguise": False,
            "has_responsible_party": False,
            "selected_competitively": True,
            "adds_hidden_debt": False,
        }
    ]
}


def _run(fn, *args):
    """Run a regime check; an invalid input object becomes 422 with details."""
    try:
        return fn(*args)
    except UserError as exc:
        if getattr(exc, "problems", None) is not None:
            raise _Problems(exc) from None
        raise


class _Problems(Exception):
    def __init__(self, exc: UserError):
        self.exc = exc


def _object(data: Any, what: str) -> dict:
    if not isinstance(data, dict):
        raise ApiError(422, "invalid_input", f"请求体应为{what}对象 (body must be an object)")
    return data


# ---------------------------------------------------------------- 转化基金
def check_subfund(svc: Services, data: Any, as_of: dt.date) -> dict:
    from zhengce.regimes.funds.base import EFFECTIVE
    from zhengce.regimes.funds.query import check_subfund as run

    findings = _run(run, _object(data, "子基金"), as_of, quote_resolver(svc))
    return {
        "as_of": as_of.isoformat(),
        "in_force": as_of >= EFFECTIVE,
        "findings": [finding_to_dict(f) for f in findings],
    }


def council_vote(svc: Services, data: Any, as_of: dt.date | None) -> dict:
    from zhengce.regimes.funds.council import parse_council
    from zhengce.regimes.funds.query import council_decision
    from zhengce.regimes.funds.rules_council import quorum_met, vote_passes

    data = _object(data, "理事会记录")
    findings = _run(council_decision, data, as_of, quote_resolver(svc))
    council = _run(parse_council, data)
    meeting = council.meeting
    decision = None
    if meeting is not None:
        sitting = council.sitting()
        here = set(meeting.present)
        present = [m for m in sitting if m.member_id in here]
        yes = sum(1 for m in present if meeting.votes.get(m.member_id) == "yes")
        domains = sorted({m.domain for m in sitting if m.domain})
        missing = [d for d in domains if not any(m.domain == d for m in present)]
        quorate = quorum_met(len(present), len(sitting)) and not missing
        vote = next(
            (f for f in findings if f.rule_id == "funds.council.vote" and f.kind.value == "decision"), None
        )
        outcome = "no_quorum" if not quorate else ("passed" if vote_passes(yes, len(present)) else "rejected")
        decision = {
            "meeting_id": meeting.meeting_id,
            "date": meeting.held_on.isoformat(),
            "subfund": meeting.subject,
            "outcome": outcome,
            "members": len(sitting),
            "present": len(present),
            "yes": yes,
            "missing_domains": missing,
            "message": vote.message if vote else None,
            "citations": finding_to_dict(vote)["citations"] if vote else [],
        }
    day = as_of or (meeting.held_on if meeting else dt.date.today())
    return {
        "as_of": day.isoformat(),
        "decision": decision,
        "findings": [finding_to_dict(f) for f in findings],
    }


# ---------------------------------------------------------------- 治理资金、社会资本
def restoration(svc: Services, data: Any, as_of: dt.date) -> dict:
    from zhengce.regimes.restoration.allocation import integrated_award, mining_project_award
    from zhengce.regimes.restoration.parse import parse_fund_application
    from zhengce.regimes.restoration.query import assess_fund_application

    data = _object(data, "治理资金申报")
    result = _run(assess_fund_application, data, as_of, quote_resolver(svc))
    app = _run(parse_fund_application, data)
    exclusions: dict[str, list[dict]] = {}
    for f in result.findings:
        if f.rule_id == "restoration.exclusions" and f.kind.value == "violation":
            exclusions.setdefault(f.subject, []).append(finding_to_dict(f))
    allocation = []
    for p in app.projects:
        row: dict[str, Any] = {
            "project_id": p.project_id,
            "name": p.name,
            "kind": p.kind,
            "method": p.method,
            "total_investment": p.total_investment,
            "requested_award": p.requested_award,
            "excluded": p.project_id in exclusions,
            "exclusions": exclusions.get(p.project_id, []),
            "band": None,
            "award": None,
            "note": None,
        }
        if result.in_force and p.method == "project" and p.total_investment is not None:
            calc = integrated_award if p.kind == "integrated" else mining_project_award
            award = calc(p.total_investment)
            row |= {"band": award.band, "award": 0 if row["excluded"] else award.amount, "note": award.note}
        allocation.append(row)
    return {
        "as_of": as_of.isoformat(),
        "in_force": result.in_force,
        "allocation": allocation,
        "factor_shares": result.factor_shares,
        "findings": [finding_to_dict(f) for f in result.findings],
    }


def social_capital(svc: Services, data: Any, as_of: dt.date) -> dict:
    from zhengce.regimes.restoration.base import SOCIAL_EFFECTIVE
    from zhengce.regimes.restoration.query import assess_social_capital

    findings = _run(assess_social_capital, _object(data, "项目"), as_of, quote_resolver(svc))
    return {
        "as_of": as_of.isoformat(),
        "in_force": as_of >= SOCIAL_EFFECTIVE,
        "findings": [finding_to_dict(f) for f in findings],
    }


def answer(fn, *args):
    try:
        return fn(*args)
    except _Problems as p:
        return problems_response(p.exc)


Svc = Annotated[Services, Depends(services)]


@router.post("/subfund", summary="子基金设立方案或投资组合检查（第九条至第十六条、第二十一条）")
def subfund(svc: Svc, body: Annotated[dict[str, Any], Body(examples=[SUBFUND_EXAMPLE])], as_of: AsOf = None):
    return answer(check_subfund, svc, body, as_of or dt.date.today())


@router.post(
    "/council-vote", summary="理事会工作会议：法定人数、各领域参加、记名投票、三分之二通过；理事任期"
)
def council(svc: Svc, body: Annotated[dict[str, Any], Body(examples=[COUNCIL_EXAMPLE])], as_of: AsOf = None):
    return answer(council_vote, svc, body, as_of)


@router.post(
    "/restoration",
    summary="重点生态保护修复治理资金：奖补档次（第七条）、不得支出情形（第六条）、方案调整（第九条）、因素法分配",
)
def restoration_fund(
    svc: Svc, body: Annotated[dict[str, Any], Body(examples=[RESTORATION_EXAMPLE])], as_of: AsOf = None
):
    return answer(restoration, svc, body, as_of or dt.date.today())


@router.post("/social-capital", summary="社会资本参与生态保护修复项目检查（国办发〔2021〕40号）")
def social(svc: Svc, body: Annotated[dict[str, Any], Body(examples=[SOCIAL_EXAMPLE])], as_of: AsOf = None):
    return answer(social_capital, svc, body, as_of or dt.date.today())
