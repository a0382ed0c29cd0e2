"""Read/query functions over the registry, for the CLI and the web service.

All take an SQLAlchemy engine (``zhengce.db.make_engine(url)``) and return plain objects:
findings (``zhengce.rules.Finding``; ``finding_to_dict`` makes them JSON), statistics and dicts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from zhengce.regimes.land.base import in_force
from zhengce.regimes.land.rules import REGISTRY
from zhengce.regimes.land.stats import CountyStatistic, county_statistic, suspension_on
from zhengce.regimes.land.store import LandStore
from zhengce.rules import Finding, Resolver, evaluate


def list_uses(engine: Engine, county: str | None = None) -> list[dict[str, Any]]:
    """Registry rows (dates as ``date``), ordered by county then id."""
    return LandStore(engine).use_rows(county)


def get_use(engine: Engine, use_id: str) -> dict[str, Any]:
    """One registry row; NotFound if absent."""
    return LandStore(engine).use_rows(use_id=use_id)[0]


def list_counties(engine: Engine) -> list[dict[str, Any]]:
    return LandStore(engine).counties()


def check_uses(
    engine: Engine,
    as_of: date,
    *,
    county: str | None = None,
    use_id: str | None = None,
    resolver: Resolver | None = None,
) -> list[Finding]:
    """Findings for every use (or one county's, or one use) as of ``as_of``.

    Empty when the notice is not in force on ``as_of`` (see ``base.in_force``).
    """
    facts = LandStore(engine).facts(county, use_id)
    return evaluate({u.use_id: u for u in facts}, as_of, REGISTRY, resolver)


def county_statistics(engine: Engine, year: int, county: str | None = None) -> list[CountyStatistic]:
    """The annual statistic of every county (or one) for ``year``."""
    store = LandStore(engine)
    facts = store.facts(county)
    orders = store.suspensions()
    codes = [county] if county else [c["code"] for c in store.counties()]
    return [county_statistic(facts, code, year, orders) for code in codes]


def county_findings(
    engine: Engine, year: int, as_of: date, county: str | None = None, resolver: Resolver | None = None
) -> list[Finding]:
    """The suspension decision (or the province's pending duty) for each county reaching 20% in ``year``."""
    stats = county_statistics(engine, year, county)
    return evaluate({f"{s.county_code}/{s.year}": s.facts() for s in stats}, as_of, REGISTRY, resolver)


def approval_suspended(engine: Engine, county: str, on: date) -> date | None:
    """Date of the suspension order in force for ``county`` on ``on`` (None: approvals allowed)."""
    order = suspension_on(LandStore(engine).suspensions(), county, on)
    return order.ordered_on if order else None


__all__ = [
    "approval_suspended",
    "check_uses",
    "county_findings",
    "county_statistics",
    "get_use",
    "in_force",
    "list_counties",
    "list_uses",
]
