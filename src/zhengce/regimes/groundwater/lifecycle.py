"""A stored finding's life after the check: the authority's order and its rectification, the overdue
stage, and the credit records (诚信档案) they write.

第五十三条 县级以上人民政府水行政、生态环境等主管部门应当建立从事地下水节约、保护、利用活动的单位和个人的
诚信档案，记录日常监督检查结果、违法行为查处等情况，并依法向社会公示。

When a record is written (our reading of 违法行为查处): a violation is 查处 once the authority acts on
it, so a finding writes a record when it is ordered (``violation``: 责令限期改正), when it becomes overdue
(``overdue``: 逾期未改正, the stage at which the 逾期 fines attach) and when it is rectified
(``rectified``). An open finding (a check result nobody has acted on yet) writes nothing. The party is
the works' owner or the event's party; findings against the county authority (第二十条、第五十四条) and
fee schedules concern no 从事…活动的单位和个人 and write none, nor does a works with no known owner.
Record ids are ``F{finding id}-{stage}``, so writing twice is harmless.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection, Engine

from zhengce.errors import NotFound, UserError
from zhengce.regimes.groundwater import schema as t
from zhengce.regimes.groundwater.load_facts import in_region
from zhengce.regimes.groundwater.penalties import penalty_for
from zhengce.regimes.groundwater.store import ensure_schema
from zhengce.rules import Finding, MissingFact

ART_53 = "chp_6__art_53"

# Rules whose first-stage consequence is 责令限期…, with the fine only 逾期不…: the penalty provision to
# re-select with ``overdue=True`` once the order's deadline has passed.
OVERDUE_PROVISIONS = {
    "gw.meter.faulty": "gw.56.2.faulty_meter",
    "gw.monitoring.facility_damage": "gw.60.monitoring_facility",
    "gw.well.filing": "gw.61.unfiled_monitoring_well",
    "gw.construction.plan_filing": "gw.57.2.plan_not_filed",
}
# 第五十七条第二款 also covers the drainage reports of gw.drainage.permit_meter_report (one of its outcomes).
DRAINAGE_REPORT = (
    "gw.drainage.permit_meter_report",
    "chp_7__art_57__para_2",
    "gw.57.2.drainage_not_reported",
)

STAGE_TEXT = {"violation": "责令限期改正", "overdue": "逾期未改正", "rectified": "已整改"}


def escalate(f: Finding, serious: bool | None = None) -> Finding:
    """An overdue finding's consequence: the provision's overdue band. 情节严重 (the authority's
    determination, recorded on the works) comes from ``serious``, else from the finding's evidence.

    When the band needs a fact the finding's evidence lacks (e.g. 情节严重 not determined), the first-stage
    consequence is kept: the status ``overdue`` still shows the stage, the band is left to the authority.
    """
    code = OVERDUE_PROVISIONS.get(f.rule_id)
    if (
        code is None
        and f.rule_id == DRAINAGE_REPORT[0]
        and any(c.eid == DRAINAGE_REPORT[1] for c in f.citations)
    ):
        code = DRAINAGE_REPORT[2]
    if code is None or f.consequence is None:
        return f
    facts: dict[str, Any] = {
        "overdue": True,
        "overdue_sealing": False,
        "serious": serious if serious is not None else f.evidence.get("serious"),
    }
    try:
        consequence = penalty_for(code, facts)
    except MissingFact:
        return f
    deadline = f.order_deadline
    return dataclasses.replace(f, consequence=dataclasses.replace(consequence, deadline=deadline))


def _row(conn: Connection, finding_id: int):
    row = conn.execute(select(t.findings).where(t.findings.c.id == finding_id)).first()
    if row is None:
        raise NotFound(f"检查结果 {finding_id} 不存在 (unknown finding id)")
    return row


def _store(conn: Connection, finding_id: int, f: Finding, status: str) -> None:
    from zhengce.regimes.groundwater.check import row_data

    resolved = f.history[-1].on if status == "rectified" else None
    conn.execute(
        update(t.findings)
        .where(t.findings.c.id == finding_id)
        .values(status=status, resolved_on=resolved, data=row_data(f, status, resolved))
    )


def order_finding(engine: Engine, finding_id: int, on: date, deadline: date) -> dict[str, Any]:
    """open → ordered (责令限期改正 by ``deadline``); writes the credit record."""
    ensure_schema(engine)
    with engine.begin() as conn:
        row = _row(conn, finding_id)
        if row.status not in ("open",):
            raise UserError(
                f"检查结果 {finding_id} 当前状态为 {row.status}，只能对 open 的结果责令改正 (not open)"
            )
        f = t_finding(row).order(on, deadline)
        _store(conn, finding_id, f, f.status.value)
        write_credit(conn, finding_id, row.subject, row.region_code, f, "violation")
    return {
        "id": finding_id,
        "status": f.status.value,
        "ordered_on": on.isoformat(),
        "deadline": deadline.isoformat(),
    }


def rectify_finding(engine: Engine, finding_id: int, on: date) -> dict[str, Any]:
    """ordered → rectified on ``on`` (no later than the deadline); writes the credit record."""
    ensure_schema(engine)
    with engine.begin() as conn:
        row = _row(conn, finding_id)
        if row.status != "ordered":
            raise UserError(
                f"检查结果 {finding_id} 当前状态为 {row.status}，只能对 ordered 的结果登记整改 (not ordered)"
            )
        f = t_finding(row).rectify(on)
        _store(conn, finding_id, f, "rectified")
        write_credit(conn, finding_id, row.subject, row.region_code, f, "rectified")
    return {"id": finding_id, "status": "rectified", "rectified_on": on.isoformat()}


def t_finding(row) -> Finding:
    from zhengce.rules import finding_from_dict

    return finding_from_dict(row.data)


def _party(conn: Connection, subject: str) -> str | None:
    owner = conn.execute(select(t.works.c.owner).where(t.works.c.works_id == subject)).first()
    if owner is not None:
        return owner[0]
    party = conn.execute(select(t.events.c.party).where(t.events.c.event_id == subject)).first()
    return None if party is None else party[0]


def write_credit(
    conn: Connection, finding_id: int, subject: str, region_code: str, f: Finding, stage: str
) -> bool:
    """One 诚信档案 record for ``stage`` of the finding (idempotent). False when there is no party."""
    party = _party(conn, subject)
    if not party:
        return False
    record_id = f"F{finding_id}-{stage}"
    exists = conn.execute(
        select(t.credit_records.c.record_id).where(t.credit_records.c.record_id == record_id)
    ).first()
    if exists is not None:
        return False
    event = f.history[-1]
    cites = "、".join(c.text for c in f.citations)
    detail = {
        "violation": f"责令于{event.deadline.isoformat() if event.deadline else ''}前改正",
        "overdue": f"逾期（期限{f.order_deadline.isoformat() if f.order_deadline else ''}）未改正",
        "rectified": "已按期整改",
    }[stage]
    fine = ""
    c = f.consequence
    if stage != "rectified" and c is not None and c.fine_min is not None:
        fine = f"；罚款{c.fine_min:,}–{c.fine_max:,}元"
    text = f"{subject}：{f.message}（{cites}）{detail}{fine}。依据第五十三条记入诚信档案。"
    conn.execute(
        t.credit_records.insert().values(
            record_id=record_id,
            party=party,
            region_code=region_code,
            recorded_on=event.on,
            kind=stage,
            text=text,
            finding_id=finding_id,
        )
    )
    return True


def list_credit(engine: Engine, region: str | None = None, party: str | None = None) -> list[dict[str, Any]]:
    """诚信档案 records (loaded and written from findings), oldest first."""
    ensure_schema(engine)
    c = t.credit_records
    q = select(c).where(in_region(c.c.region_code, region)).order_by(c.c.recorded_on, c.c.record_id)
    if party is not None:
        q = q.where(c.c.party == party)
    with engine.connect() as conn:
        return [
            {k: v.isoformat() if isinstance(v, date) else v for k, v in r._mapping.items()}
            for r in conn.execute(q)
        ]
