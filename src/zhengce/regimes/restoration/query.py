"""Functions the CLI and the web service call for the restoration fund and social capital."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zhengce.regimes.restoration.allocation import factor_allocation
from zhengce.regimes.restoration.base import fund_in_force
from zhengce.regimes.restoration.parse import parse_fund_application, parse_social_projects
from zhengce.regimes.restoration.rules import FUND_REGISTRY, SOCIAL_REGISTRY
from zhengce.rules import Finding, Resolver, evaluate


@dataclass(frozen=True)
class FundAssessment:
    in_force: bool  # the 办法 applies on the evaluation date (2021-10-26 through 2023-12-31)
    findings: list[Finding]
    factor_shares: dict[str, int]  # province → 元, when the file asks for a factor allocation


def assess_fund_application(data: Any, as_of: date, resolver: Resolver | None = None) -> FundAssessment:
    """Exclusions, awards and adjustments per project; the factor-method split when requested."""
    app = parse_fund_application(data)
    findings = evaluate({p.project_id: p for p in app.projects}, as_of, FUND_REGISTRY, resolver)
    shares = (
        factor_allocation(app.budget, app.provinces)
        if app.budget is not None and fund_in_force(as_of)
        else {}
    )
    return FundAssessment(fund_in_force(as_of), findings, shares)


def assess_social_capital(data: Any, as_of: date, resolver: Resolver | None = None) -> list[Finding]:
    """Findings for each social-capital restoration project (国办发〔2021〕40号)."""
    projects = parse_social_projects(data)
    return evaluate({p.project_id: p for p in projects}, as_of, SOCIAL_REGISTRY, resolver)
