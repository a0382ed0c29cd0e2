"""Chinese labels and formats for groundwater pages."""

from __future__ import annotations

FINDING_KIND_LABELS = {
    "violation": "违法",
    "obligation_due": "义务到期",
    "warning": "警示",
    "decision": "决定",
    "cannot_decide": "无法判定",
}
STATUS_LABELS = {"open": "待处理", "ordered": "已责令改正", "rectified": "已整改", "overdue": "逾期未改"}
COMPLIANCE_LABELS = {"ok": "合规", "warning": "警示", "violation": "违法"}


def money(value: int | float | None) -> str:
    """元 with 万 for large round amounts: 100000 → 10万元."""
    if value is None:
        return "—"
    value = int(value)
    if value >= 10000 and value % 10000 == 0:
        return f"{value // 10000:,}万元"
    return f"{value:,}元"
