"""Run every groundwater rule over the registry as of a date, and carry the findings' status between runs.

Evaluation is columnar (``vectorised.evaluate_columns``: works screened with numpy, the rule functions
run only where a screen says they can fire); ``method="per_row"`` evaluates every rule on every subject
and gives the same findings (tests and the benchmark prove it).

Saving (``gw_findings``) keeps one row per finding with a stable key — rule id + subject + kind + the
cited eids (``finding_key``). A re-check updates the rows it produces again and keeps their history;
the status moves only forward (open → ordered → rectified / overdue, ``zhengce.rules``), see
``lifecycle.py``. A stored finding the check no longer produces is not deleted: an ordered one is
rectified on the check date when that is within its deadline; anything else becomes ``resolved`` with
``resolved_on`` = the check date (the first date it is known to be gone). If it comes back later it is
a new finding. A check dated before the latest saved check of its scope is reported but not saved.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.engine import Connection, Engine

from zhengce.regimes.groundwater import schema as t
from zhengce.regimes.groundwater.load_facts import (
    event_facts,
    fee_facts,
    in_region,
    region_year_facts,
    works_columns,
)
from zhengce.regimes.groundwater.ruleset import all_rules, checked_resolver
from zhengce.regimes.groundwater.store import require_registry
from zhengce.regimes.groundwater.transmission import TransmissionSource, telemetry_source
from zhengce.regimes.groundwater.vectorised import evaluate_columns
from zhengce.rules import Finding, Status, evaluate, finding_from_dict, finding_to_dict

ACTIVE = ("open", "ordered", "overdue")
_DIGITS = re.compile(r"[\d.,\-]+")


@dataclass(frozen=True)
class CheckResult:
    as_of: date
    region: str | None
    subjects: int
    findings: list[Finding]
    saved: bool = False
    not_saved_reason: str | None = None
    resolved: int = 0  # stored findings this check no longer produced


def finding_keys(findings: list[Finding]) -> list[str]:
    """Stable keys. Two findings of one check sharing rule, subject, kind and eids (a rule listing several
    problems) are told apart by their message with the figures taken out, numbered in that order."""
    bases = [
        f"{f.rule_id}|{f.subject}|{f.kind.value}|{','.join(sorted(c.eid for c in f.citations))}"
        for f in findings
    ]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, b in enumerate(bases):
        groups[b].append(i)
    keys = list(bases)
    for b, idx in groups.items():
        if len(idx) > 1:
            for n, i in enumerate(sorted(idx, key=lambda i: _DIGITS.sub("#", findings[i].message)), start=1):
                keys[i] = f"{b}#{n}"
    return [hashlib.sha1(k.encode()).hexdigest() for k in keys]


def run_check(
    engine: Engine,
    as_of: date,
    region: str | None = None,
    save: bool = True,
    *,
    method: str = "columnar",
    transmission: TransmissionSource | None = None,
) -> CheckResult:
    """Findings for every works, event, county-year and fee schedule in ``region`` (all when None)."""
    if method not in ("columnar", "per_row"):
        raise ValueError(method)
    require_registry(engine)
    resolver = checked_resolver(engine)
    registry = all_rules()
    source = transmission if transmission is not None else telemetry_source(engine)
    with engine.connect() as conn:
        cols = works_columns(conn, as_of, region, source)
        others: dict[str, object] = {}
        others.update(event_facts(conn, as_of, region))
        others.update(region_year_facts(conn, as_of, region))
        others.update(fee_facts(conn, region))
    if method == "columnar":
        findings = evaluate_columns(cols, others, as_of, registry, resolver)
    else:
        findings = evaluate({**cols.all_facts(), **others}, as_of, registry, resolver)
    subjects = len(cols) + len(others)
    if not save:
        return CheckResult(as_of, region, subjects, findings)
    works_region = dict(zip(cols["work_id"], cols["region_code"], strict=True))
    regions = [works_region.get(f.subject) or _region_of(f.subject, others.get(f.subject)) for f in findings]
    with engine.begin() as conn:
        later = conn.execute(
            select(func.max(t.findings.c.as_of)).where(in_region(t.findings.c.region_code, region))
        ).scalar()
        if later is not None and later > as_of:
            reason = f"库中已有 {later.isoformat()} 的检查结果，状态记录只能向前推进，本次结果未保存 (a later check is stored; not saved)"
            return CheckResult(as_of, region, subjects, findings, False, reason)
        serious = {
            w: None if s < 0 else bool(s) for w, s in zip(cols["work_id"], cols["serious"], strict=True)
        }
        resolved = _save(conn, findings, regions, as_of, region, serious)
    return CheckResult(as_of, region, subjects, findings, True, None, resolved)


def _region_of(subject: str, facts: object) -> str:
    return getattr(facts, "region_code", None) or subject.split("/")[0]


def stored_finding(data: dict[str, Any]) -> Finding:
    return finding_from_dict(data)


def row_data(f: Finding, status: str, resolved_on: date | None = None) -> dict[str, Any]:
    data = finding_to_dict(f)
    data["status"] = status
    data["resolved_on"] = None if resolved_on is None else resolved_on.isoformat()
    return data


def _carry(new: Finding, old: Finding) -> Finding:
    """The new evaluation with the stored history (and the order's deadline on its consequence)."""
    carried = dataclasses.replace(new, history=old.history)
    deadline = carried.order_deadline
    if deadline is not None and carried.consequence is not None:
        carried = dataclasses.replace(
            carried, consequence=dataclasses.replace(carried.consequence, deadline=deadline)
        )
    return carried


def _save(
    conn: Connection,
    findings: list[Finding],
    regions: list[str],
    as_of: date,
    region: str | None,
    serious: dict[str, bool | None],
) -> int:
    from zhengce.regimes.groundwater.lifecycle import escalate, write_credit

    f = t.findings
    active = {
        r.finding_key: r
        for r in conn.execute(
            select(f.c.id, f.c.finding_key, f.c.status, f.c.data, f.c.region_code, f.c.subject).where(
                in_region(f.c.region_code, region), f.c.status.in_(ACTIVE)
            )
        )
    }
    inserts, updates, credits = [], [], []
    produced = set()
    for finding, key, code in zip(findings, finding_keys(findings), regions, strict=True):
        produced.add(key)
        row = active.get(key)
        if row is None:
            inserts.append(
                {
                    "as_of": as_of,
                    "region_code": code,
                    "subject": finding.subject,
                    "rule_id": finding.rule_id,
                    "kind": finding.kind.value,
                    "status": finding.status.value,
                    "finding_key": key,
                    "first_seen": as_of,
                    "resolved_on": None,
                    "article": finding.citations[0].eid,
                    "message": finding.message,
                    "data": row_data(finding, finding.status.value),
                }
            )
            continue
        carried = _carry(finding, stored_finding(row.data))
        deadline = carried.order_deadline
        if carried.status is Status.ORDERED and deadline is not None and as_of > deadline:
            carried = escalate(carried.mark_overdue(deadline + timedelta(days=1)), serious.get(row.subject))
            credits.append((row.id, row.subject, row.region_code, carried, "overdue"))
        updates.append(_update_row(row.id, carried, carried.status.value, as_of, None))
    resolved = 0
    for key, row in active.items():
        if key in produced:
            continue
        resolved += 1
        old = stored_finding(row.data)
        deadline = old.order_deadline
        if old.status is Status.ORDERED and deadline is not None and as_of <= deadline:
            done = old.rectify(as_of)
            credits.append((row.id, row.subject, row.region_code, done, "rectified"))
            updates.append(_update_row(row.id, done, "rectified", as_of, as_of))
            continue
        if old.status is Status.ORDERED and deadline is not None:
            old = escalate(old.mark_overdue(deadline + timedelta(days=1)), serious.get(row.subject))
            credits.append((row.id, row.subject, row.region_code, old, "overdue"))
        updates.append(_update_row(row.id, old, "resolved", as_of, as_of))
    if inserts:
        conn.execute(f.insert(), inserts)
    if updates:
        conn.execute(
            update(f)
            .where(f.c.id == bindparam("row_id"))
            .values(
                as_of=bindparam("as_of"),
                status=bindparam("status"),
                resolved_on=bindparam("resolved_on"),
                message=bindparam("message"),
                data=bindparam("data"),
            ),
            updates,
        )
    for finding_id, subject, code, finding, stage in credits:
        write_credit(conn, finding_id, subject, code, finding, stage)
    return resolved


def _update_row(row_id: int, finding: Finding, status: str, as_of: date, resolved_on: date | None) -> dict:
    return {
        "row_id": row_id,
        "as_of": as_of,
        "status": status,
        "resolved_on": resolved_on,
        "message": finding.message,
        "data": row_data(finding, status, resolved_on),
    }
