"""Reading and validating a registry bundle (directory of JSON + GeoJSON + CSV), before anything is stored.

Layout (see docs/groundwater.md):
  bundle.json       regions, aquifers, permits, works, region_years, stations, events, filings,
                    fee_rates, credit_records (each a list of objects)
  zones.geojson     FeatureCollection; properties: zone_id, kind, name, region_code, designated_on
  withdrawals.csv   works_id,date,volume_m3   (date YYYY-MM-DD = daily, YYYY-MM = monthly)
  levels.csv        station_id,date,level_m

Every problem is collected and reported together, each naming its record; nothing is returned half-valid.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from zhengce.errors import UserError
from zhengce.regimes.groundwater import vocab
from zhengce.regimes.groundwater.geo import GeometryError, dumps, parse_polygon

FORMAT = "zhengce-groundwater/1"
MAX_SHOWN = 30  # errors listed in the message; the count says how many more


class BundleError(UserError):
    """The bundle has problems; ``errors`` lists every one, each naming its record."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        shown = "\n".join(f"  - {e}" for e in errors[:MAX_SHOWN])
        more = f"\n  …另有 {len(errors) - MAX_SHOWN} 处" if len(errors) > MAX_SHOWN else ""
        super().__init__(
            f"数据包有 {len(errors)} 处错误，未写入任何数据 (bundle rejected, nothing written)：\n{shown}{more}"
        )


def _date(v: Any) -> date:
    if isinstance(v, date):
        return v
    if not isinstance(v, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        raise ValueError(f"不是 ISO 日期 YYYY-MM-DD：{v!r}")
    return date.fromisoformat(v)


def _num(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise ValueError(f"不是数字：{v!r}")
    return float(v)


def _nonneg(v: Any) -> float:
    x = _num(v)
    if x < 0:
        raise ValueError(f"不能为负数：{v!r}")
    return x


def _int(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise ValueError(f"不是整数：{v!r}")
    return v


def _bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise ValueError(f"应为 true/false：{v!r}")
    return v


def _str(v: Any) -> str:
    if not isinstance(v, str) or not v.strip():
        raise ValueError(f"应为非空字符串：{v!r}")
    return v.strip()


def _one_of(choices: Iterable[str]) -> Callable[[Any], str]:
    allowed = tuple(choices)

    def check(v: Any) -> str:
        if v not in allowed:
            raise ValueError(f"{v!r} 不在可选值 {', '.join(allowed)} 之中")
        return v

    return check


def _quality_class(v: Any) -> int:
    """GB/T 14848 地下水质量分类: I–V given as 1–5 (or the Roman numeral)."""
    roman = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
    if isinstance(v, str) and v.strip().upper() in roman:
        return roman[v.strip().upper()]
    if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 5:
        raise ValueError(f"地下水质量类别应为 1–5 或 I–V：{v!r}")
    return v


def _region_code(v: Any) -> str:
    if not isinstance(v, str) or not re.fullmatch(r"\d{6}", v):
        raise ValueError(f"行政区划代码应为 6 位数字（GB/T 2260）：{v!r}")
    return v


def _ids(v: Any) -> list[str]:
    if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
        raise ValueError(f"应为编号列表：{v!r}")
    return list(v)


def _obj(v: Any) -> dict:
    if not isinstance(v, dict):
        raise ValueError(f"应为对象：{v!r}")
    return v


Spec = dict[str, tuple[Callable[[Any], Any], bool]]  # field → (parser, required)
R, OPT = True, False

SPECS: dict[str, tuple[str, Spec]] = {
    "regions": (
        "code",
        {
            "code": (_region_code, R),
            "name": (_str, R),
            "level": (_one_of(vocab.REGION_LEVELS), R),
            "parent_code": (_region_code, OPT),
            "meter_deadline": (_date, OPT),
            "online_threshold_m3": (_nonneg, OPT),
            "geothermal_online_threshold_m3": (_nonneg, OPT),
            "excavation_depth_m": (_nonneg, OPT),
            "drainage_scale_m3": (_nonneg, OPT),
            "water_resource_tax": (_bool, OPT),
            "exploitable_m3": (_nonneg, OPT),
        },
    ),
    "aquifers": (
        "aquifer_id",
        {
            "aquifer_id": (_str, R),
            "name": (_str, R),
            "kind": (_one_of(vocab.AQUIFER_KINDS), R),
            "non_renewable": (_bool, OPT),
            "polluted": (_bool, OPT),
            "quality_class": (_quality_class, OPT),
        },
    ),
    "permits": (
        "permit_id",
        {
            "permit_id": (_str, R),
            "holder": (_str, R),
            "region_code": (_region_code, R),
            "annual_m3": (_nonneg, R),
            "valid_from": (_date, R),
            "valid_to": (_date, R),
            "purpose": (_one_of(vocab.PURPOSES), OPT),
        },
    ),
    "works": (
        "works_id",
        {
            "works_id": (_str, R),
            "kind": (_one_of(vocab.WORKS_KINDS), R),
            "region_code": (_region_code, R),
            "owner": (_str, OPT),
            "lon": (_num, R),
            "lat": (_num, R),
            "max_daily_m3": (_nonneg, OPT),
            "purpose": (_one_of(vocab.PURPOSES), OPT),
            "status": (_one_of(vocab.WORKS_STATUS), R),
            "status_since": (_date, OPT),
            "construction_started_on": (_date, OPT),
            "built_on": (_date, OPT),
            "metering": (_one_of(vocab.METERING), OPT),
            "meter_installed_on": (_date, OPT),
            "meter_ok": (_bool, OPT),
            "transmitting": (_bool, OPT),
            "permit_id": (_str, OPT),
            "paired_works_id": (_str, OPT),
            "exemption": (_one_of(vocab.EXEMPTIONS), OPT),
            "exemption_until": (_date, OPT),
            "sealed_on": (_date, OPT),
            "sealing_reported": (_bool, OPT),
            "unable_to_seal": (_bool, OPT),
            "serious": (_bool, OPT),
            "aquifers": (_ids, OPT),
        },
    ),
    "region_years": (
        "region_code",
        {
            "region_code": (_region_code, R),
            "year": (_int, R),
            "quota_m3": (_nonneg, OPT),
            "plan_m3": (_nonneg, OPT),
            "plan_filed_on": (_date, OPT),
            "measures_taken": (_bool, OPT),
        },
    ),
    "stations": (
        "station_id",
        {
            "station_id": (_str, R),
            "region_code": (_region_code, R),
            "name": (_str, OPT),
            "lon": (_num, R),
            "lat": (_num, R),
            "aquifer_id": (_str, OPT),
            "control_level_m": (_num, OPT),
        },
    ),
    "events": (
        "event_id",
        {
            "event_id": (_str, R),
            "kind": (_one_of(vocab.EVENT_KINDS), R),
            "region_code": (_region_code, R),
            "party": (_str, OPT),
            "works_id": (_str, OPT),
            "station_id": (_str, OPT),
            "lon": (_num, OPT),
            "lat": (_num, OPT),
            "started_on": (_date, OPT),
            "ended_on": (_date, OPT),
            "attrs": (_obj, OPT),
        },
    ),
    "filings": (
        "filing_id",
        {
            "filing_id": (_str, R),
            "kind": (_one_of(vocab.FILING_KINDS), R),
            "subject_id": (_str, R),
            "filed_on": (_date, R),
        },
    ),
    "fee_rates": (
        "region_code",
        {
            "region_code": (_region_code, R),
            "use_type": (_one_of(vocab.PURPOSES), R),
            "source": (_one_of(("groundwater", "surface")), R),
            "area": (_one_of(("normal", "overdraft", "severe")), R),
            "fen_per_m3": (_int, R),
        },
    ),
    "credit_records": (
        "record_id",
        {
            "record_id": (_str, R),
            "party": (_str, R),
            "region_code": (_region_code, R),
            "recorded_on": (_date, R),
            "kind": (
                _one_of(("inspection", "violation", "penalty", "commendation", "overdue", "rectified")),
                R,
            ),
            "text": (_str, R),
        },
    ),
}


@dataclass
class Bundle:
    """Parsed, validated records, each a dict of column values ready to insert."""

    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    zones: list[dict[str, Any]] = field(default_factory=list)
    works_aquifers: list[tuple[str, str]] = field(default_factory=list)
    withdrawals: list[tuple[str, str, date, float]] = field(default_factory=list)  # id, D/M, start, m³
    levels: list[tuple[str, date, float]] = field(default_factory=list)

    def ids(self, table: str) -> set[str]:
        key = SPECS[table][0]
        return {r[key] for r in self.records.get(table, [])}


class _Errors(list):
    def add(self, where: str, problem: str) -> None:
        self.append(f"{where}：{problem}")


def _parse_record(table: str, i: int, raw: Any, errors: _Errors) -> dict[str, Any] | None:
    key, spec = SPECS[table]
    label = f"{table}[{i}]"
    if not isinstance(raw, dict):
        errors.add(label, "应为 JSON 对象")
        return None
    if isinstance(raw.get(key), str):
        label = f"{table}[{i}] {key}={raw[key]}"
    out: dict[str, Any] = {}
    ok = True
    for name in raw:
        if name not in spec:
            errors.add(label, f"未知字段 {name!r} (unknown field)")
            ok = False
    for name, (parse, required) in spec.items():
        value = raw.get(name)
        if value is None:
            if required:
                errors.add(label, f"缺少必填字段 {name} (missing field)")
                ok = False
            continue
        try:
            out[name] = parse(value)
        except ValueError as exc:
            errors.add(label, f"字段 {name}：{exc}")
            ok = False
    return out if ok else None


def _dates_in_order(table: str, row: dict, errors: _Errors, pairs: Iterable[tuple[str, str]]) -> None:
    key = SPECS[table][0]
    for early, late in pairs:
        a, b = row.get(early), row.get(late)
        if a is not None and b is not None and b < a:
            errors.add(
                f"{table} {key}={row.get(key)}",
                f"日期顺序错误：{late} {b} 早于 {early} {a} (dates out of order)",
            )


DATE_ORDER = {
    "permits": (("valid_from", "valid_to"),),
    "works": (
        ("construction_started_on", "built_on"),
        ("built_on", "sealed_on"),
        ("construction_started_on", "sealed_on"),
        ("built_on", "meter_installed_on"),
    ),
    "events": (("started_on", "ended_on"),),
}


def _read_json(path: Path, errors: _Errors) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        errors.add(path.name, f"无法读取 JSON：{exc}")
        return None


def _parse_zones(path: Path, errors: _Errors) -> list[dict[str, Any]]:
    data = _read_json(path, errors)
    if data is None:
        return []
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        errors.add(path.name, "应为 GeoJSON FeatureCollection (not a FeatureCollection)")
        return []
    zones = []
    for i, feat in enumerate(data["features"]):
        props = feat.get("properties") if isinstance(feat, dict) else None
        if not isinstance(props, dict):
            errors.add(f"zones[{i}]", "缺少 properties (feature without properties)")
            continue
        label = f"zones[{i}] zone_id={props.get('zone_id')}"
        row: dict[str, Any] = {}
        try:
            row["zone_id"] = _str(props.get("zone_id"))
            row["kind"] = _one_of(vocab.ZONE_KINDS)(props.get("kind"))
            row["name"] = _str(props.get("name"))
            row["region_code"] = _region_code(props.get("region_code"))
            if props.get("designated_on") is not None:
                row["designated_on"] = _date(props["designated_on"])
            geom = parse_polygon(feat.get("geometry"))
        except (ValueError, GeometryError) as exc:
            errors.add(label, str(exc))
            continue
        row["geometry"] = dumps(feat["geometry"])
        row["_shape"] = geom
        zones.append(row)
    return zones


def _read_csv(path: Path, header: list[str], errors: _Errors) -> Iterable[tuple[int, list[str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            first = next(reader, None)
            if first is None or [h.strip() for h in first] != header:
                errors.add(path.name, f"表头应为 {','.join(header)}，实为 {first} (bad header)")
                return
            for lineno, row in enumerate(reader, start=2):
                if row:
                    yield lineno, row
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        errors.add(path.name, f"无法读取 CSV：{exc}")


def _period(text: str) -> tuple[str, date]:
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return "M", date.fromisoformat(text + "-01")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return "D", date.fromisoformat(text)
    raise ValueError


def _parse_withdrawals(path: Path, errors: _Errors) -> list[tuple[str, str, date, float]]:
    out: list[tuple[str, str, date, float]] = []
    seen: set[tuple[str, str, date]] = set()
    for lineno, row in _read_csv(path, ["works_id", "date", "volume_m3"], errors):
        where = f"{path.name} 第{lineno}行"
        if len(row) != 3:
            errors.add(where, f"应有 3 列，实有 {len(row)} 列")
            continue
        works_id, when, vol = (c.strip() for c in row)
        try:
            period, start = _period(when)
        except ValueError:
            errors.add(where, f"works_id={works_id} 日期应为 YYYY-MM-DD 或 YYYY-MM：{when!r}")
            continue
        try:
            volume = float(vol)
        except ValueError:
            errors.add(where, f"works_id={works_id} 取水量不是数字：{vol!r}")
            continue
        if not math.isfinite(volume) or volume < 0:
            errors.add(where, f"works_id={works_id} 取水量不能为负数或非有限数：{vol} (negative volume)")
            continue
        if (works_id, period, start) in seen:
            errors.add(where, f"works_id={works_id} {when} 重复 (duplicate)")
            continue
        seen.add((works_id, period, start))
        out.append((works_id, period, start, volume))
    return out


def _parse_levels(path: Path, errors: _Errors) -> list[tuple[str, date, float]]:
    out: list[tuple[str, date, float]] = []
    seen: set[tuple[str, date]] = set()
    for lineno, row in _read_csv(path, ["station_id", "date", "level_m"], errors):
        where = f"{path.name} 第{lineno}行"
        if len(row) != 3:
            errors.add(where, f"应有 3 列，实有 {len(row)} 列")
            continue
        station, when, lvl = (c.strip() for c in row)
        try:
            day = _date(when)
            level = float(lvl)
            if not math.isfinite(level):
                raise ValueError(f"非有限数：{lvl}")
        except ValueError as exc:
            errors.add(where, f"station_id={station} {exc}")
            continue
        if (station, day) in seen:
            errors.add(where, f"station_id={station} {when} 重复 (duplicate)")
            continue
        seen.add((station, day))
        out.append((station, day, level))
    return out


def read_bundle(path: Path) -> Bundle:
    """Parse a bundle directory (or its bundle.json) and check each record on its own."""
    path = Path(path)
    root = path if path.is_dir() else path.parent
    main = root / "bundle.json" if path.is_dir() else path
    if not main.exists():
        raise BundleError([f"{main}：文件不存在 (no bundle.json)"])
    errors = _Errors()
    bundle = Bundle()
    data = _read_json(main, errors)
    if data is not None:
        if not isinstance(data, dict):
            errors.add(main.name, "顶层应为 JSON 对象")
            data = {}
        fmt = data.get("format")
        if fmt not in (None, FORMAT):
            errors.add(main.name, f"不支持的格式 {fmt!r}，应为 {FORMAT}")
        for name in data:
            if name not in SPECS and name != "format":
                errors.add(main.name, f"未知的表 {name!r} (unknown section)")
        for table in SPECS:
            raw = data.get(table, [])
            if not isinstance(raw, list):
                errors.add(main.name, f"{table} 应为列表")
                continue
            rows = []
            for i, item in enumerate(raw):
                row = _parse_record(table, i, item, errors)
                if row is not None:
                    for pair in DATE_ORDER.get(table, ()):
                        _dates_in_order(table, row, errors, (pair,))
                    rows.append(row)
            bundle.records[table] = rows
    if (root / "zones.geojson").exists():
        bundle.zones = _parse_zones(root / "zones.geojson", errors)
    if (root / "withdrawals.csv").exists():
        bundle.withdrawals = _parse_withdrawals(root / "withdrawals.csv", errors)
    if (root / "levels.csv").exists():
        bundle.levels = _parse_levels(root / "levels.csv", errors)
    for w in bundle.records.get("works", []):
        bundle.works_aquifers.extend((w["works_id"], a) for a in w.pop("aquifers", []))
    if errors:
        raise BundleError(list(errors))
    return bundle
