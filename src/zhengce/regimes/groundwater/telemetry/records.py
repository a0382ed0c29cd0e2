"""Readings from loose records (JSON objects, CSV rows): strict parsing with a clear reason.

Shared by the HTTP batch endpoint (through ``ingest_batch``) and the CSV/XLSX import.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from .model import VALUE_FIELDS, Reading, invalid_reason, to_cst

FIELDS = ("works_id", "meter", "observed_at", *VALUE_FIELDS, "alarm", "status", "address")
REQUIRED = ("works_id", "observed_at")


class RecordError(ValueError):
    """A record that cannot become a reading; the message is Chinese first, then English."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_time(value: Any) -> datetime:
    if isinstance(value, datetime):
        return to_cst(value)
    if isinstance(value, date):
        raise RecordError(f"观测时间缺少时刻 (observed_at needs a time of day): {value.isoformat()}")
    if not isinstance(value, str):
        raise RecordError(f"观测时间必须是 ISO 日期时间 (observed_at must be ISO date-time): {value!r}")
    text = value.strip()
    if len(text) <= 10:
        raise RecordError(f"观测时间缺少时刻 (observed_at needs a time of day): {text!r}")
    try:
        return to_cst(datetime.fromisoformat(text))
    except ValueError:
        raise RecordError(
            f"观测时间不是 ISO 日期时间 (observed_at is not an ISO date-time): {text!r}"
        ) from None


def parse_decimal(name: str, value: Any) -> Decimal | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise RecordError(f"{name} 必须是数值 (must be a number): {value!r}")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int | float | str):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise RecordError(f"{name} 不是数值 (not a number): {value!r}") from None
    else:
        raise RecordError(f"{name} 必须是数值 (must be a number): {value!r}")
    if not number.is_finite():
        raise RecordError(f"{name} 不是有限数值 (not a finite number): {value!r}")
    return number


def parse_int(name: str, value: Any, default: int | None = None) -> int | None:
    if _blank(value):
        return default
    if isinstance(value, bool):
        raise RecordError(f"{name} 必须是整数 (must be an integer): {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise RecordError(f"{name} 必须是整数 (must be an integer): {value!r}")


def reading_from_record(record: Mapping[str, Any], *, source: str = "api") -> Reading:
    """One reading from a mapping with the field names of :data:`FIELDS`; raises RecordError."""
    unknown = sorted(str(k) for k in record if k not in FIELDS)
    if unknown:
        raise RecordError(f"未知字段 (unknown fields): {', '.join(unknown)}")
    for name in REQUIRED:
        if _blank(record.get(name)):
            raise RecordError(f"缺少 {name} (missing {name})")
    works_id = record["works_id"]
    if not isinstance(works_id, str):
        raise RecordError(f"取水工程编号必须是文本 (works_id must be text): {works_id!r}")
    values = {name: parse_decimal(name, record.get(name)) for name in VALUE_FIELDS}
    if all(v is None for v in values.values()):
        raise RecordError("读数没有任何数值 (reading has no values)")
    address = record.get("address")
    reading = Reading(
        works_id=works_id.strip(),
        observed_at=parse_time(record["observed_at"]),
        meter=parse_int("meter", record.get("meter"), 1),
        alarm=parse_int("alarm", record.get("alarm")),
        status=parse_int("status", record.get("status")),
        source=source,
        address=None if _blank(address) else str(address).strip(),
        **values,
    )
    reason = invalid_reason(reading)
    if reason:
        raise RecordError(reason)
    return reading
