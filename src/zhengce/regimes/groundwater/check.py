"""Run every groundwater rule over the registry as of a date, and keep the findings in gw_findings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete
from sqlalchemy.engine import Engine

from zhengce.regimes.groundwater import schema as t
from zhengce.regimes.groundwater.load_facts import (
    event_facts,
    fee_facts,
    in_region,
    region_year_facts,
    works_facts,
)
from zhengce.regimes.groundwater.ruleset import all_rules, checked_resolver
from zhengce.regimes.groundwater.store import require_registry
from zhengce.rules import Finding, evaluate, finding_to_dict


@dataclass(frozen=True)
class CheckResult:
    as_of: date
    region: str | None
    subjects: int
    findings: list[Finding]


def _region_of(subject: str, facts: object) -> str:
    return getattr(facts, "region_code", None) or subject.split("/")[0]


def run_check(engine: Engine, as_of: date, region: str | None = None, save: bool = True) -> CheckResult:
    """Findings for every works, event, county-year and fee schedule in ``region`` (all when None).

    Saving replaces the stored findings of the same scope: gw_findings holds the latest check.
    """
    require_registry(engine)
    resolver = checked_resolver(engine)
    with engine.connect() as conn:
        subjects: dict[str, object] = {}
        subjects.update(works_facts(conn, as_of, region))
        subjects.update(event_facts(conn, as_of, region))
        subjects.update(region_year_facts(conn, as_of, region))
        subjects.update(fee_facts(conn, region))
    findings = evaluate(subjects, as_of, all_rules(), resolver)
    if save:
        rows = [
            {
                "as_of": as_of,
                "region_code": _region_of(f.subject, subjects.get(f.subject)),
                "subject": f.subject,
                "rule_id": f.rule_id,
                "kind": f.kind.value,
                "status": f.status.value,
                "article": f.citations[0].eid,
                "message": f.message,
                "data": finding_to_dict(f),
            }
            for f in findings
        ]
        with engine.begin() as conn:
            conn.execute(delete(t.findings).where(in_region(t.findings.c.region_code, region)))
            if rows:
                conn.execute(t.findings.insert(), rows)
    return CheckResult(as_of, region, len(subjects), findings)
