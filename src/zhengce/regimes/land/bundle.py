"""Read and validate a registry file (JSON): counties, temporary land uses, suspension orders.

Every problem is collected with its place in the file (``uses[2].approved_on``) and reported at once
in Chinese and English; nothing is written unless the whole file is valid. See docs/regimes.md and
examples/land/ for the format.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhengce.regimes.land.geo import GeometryError, check_boundary
from zhengce.regimes.land.validate import (
    Check,
    FileProblems,
    boolean,
    fields,
    iso_date,
    one_of,
    read_json,
    text,
    whole,
)
from zhengce.regimes.land.vocab import (
    APPROVAL_LEVELS,
    EXTENSION_REASONS,
    INFRASTRUCTURE_SECTORS,
    LAND_CLASSES,
    NOT_INFRASTRUCTURE,
    PROJECT_KINDS,
    PURPOSES,
    RECLAMATION_PLANS,
)

_COUNTY = re.compile(r"^[0-9]{6}$")
_ID = re.compile(r"^[^\s/\\]{1,64}$")
APPROVAL_DEPARTMENTS = {"natural_resources": "自然资源主管部门", "other": "其他部门"}


class BundleError(FileProblems):
    """The registry file is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems, "登记文件有误 (invalid registry file)")


@dataclass
class Bundle:
    counties: list[dict[str, Any]] = field(default_factory=list)
    uses: list[dict[str, Any]] = field(default_factory=list)
    suspensions: list[dict[str, Any]] = field(default_factory=list)


MAX_AREA_M2 = 10**9  # 1,000 km²: far beyond any temporary use, and within a 32-bit column


def _area(v: Any) -> int:
    try:
        return whole("面积（平方米）", 0, MAX_AREA_M2)(v)
    except ValueError:
        raise ValueError(
            f"面积应为0至{MAX_AREA_M2}之间的整数平方米 (area must be a whole number of m², at most {MAX_AREA_M2})"
        ) from None


def _county(v: Any) -> str:
    if not isinstance(v, str) or not _COUNTY.match(v):
        raise ValueError("应为6位行政区划代码 (must be a 6-digit county code)")
    return v


def _use_id(v: Any) -> str:
    if not isinstance(v, str) or not _ID.match(v):
        raise ValueError("应为1至64个字符、不含空白和斜杠的编号 (bad id)")
    return v


def _boundary(v: Any) -> str:
    try:
        return check_boundary(v)
    except GeometryError as exc:
        raise ValueError(str(exc)) from None


def _four_sides(v: Any) -> str:
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return text(2000)(v)


_SECTORS = {**INFRASTRUCTURE_SECTORS, NOT_INFRASTRUCTURE: "非基础设施项目"}

# field → (check, required)
USE_FIELDS: dict[str, tuple[Check, bool]] = {
    "use_id": (_use_id, True),
    "county_code": (_county, True),
    "user": (text(200), True),
    "project_name": (text(300), False),
    "project_kind": (one_of(PROJECT_KINDS), True),
    "purpose": (one_of(PURPOSES), True),
    "infrastructure_sector": (one_of(_SECTORS), False),
    "long_cycle": (boolean, False),
    "permanent_structures": (boolean, True),
    "restorable": (boolean, True),
    "legal_basis": (text(500), False),
    "location": (text(500), False),
    "four_sides": (_four_sides, False),
    "boundary": (_boundary, False),
    "restore_planting_conditions": (boolean, False),
    "hard_to_restore": (boolean, False),
    "approval_authority": (text(200), False),
    "approval_level": (one_of(APPROVAL_LEVELS), True),
    "approval_department": (one_of(APPROVAL_DEPARTMENTS), True),
    "approval_delegated": (boolean, True),
    "approval_document": (text(200), False),
    "approved_on": (iso_date, True),
    "term_end": (iso_date, True),
    "contract_signed": (boolean, True),
    "contract_number": (text(100), False),
    "reclamation_plan": (one_of(RECLAMATION_PLANS), True),
    "uploaded_on": (iso_date, False),
    "system_number": (text(64), False),
    "disclosed": (boolean, False),
    "used_as_approved": (boolean, False),
    "transferred": (boolean, False),
    "leased": (boolean, False),
    "mortgaged": (boolean, False),
    "structures_removed": (boolean, False),
    "reclaimed_on": (iso_date, False),
    "reclaimed_cultivated_m2": (_area, False),
    "reclaimed_farmland_m2": (_area, False),
    "accepted_on": (iso_date, False),
    "extension_until": (iso_date, False),
    "extension_reason": (one_of(EXTENSION_REASONS), False),
    "extension_approved": (boolean, False),
    "exploration_ended_on": (iso_date, False),
    "converted_to_production": (boolean, False),
    "construction_land_approved": (boolean, False),
}
AREA_KEY = "areas_m2"  # {"cultivated": 1200, …}; a class not listed is 0


def _areas(raw: Any, where: str, problems: list[str]) -> dict[str, int]:
    areas = {f"area_{k}_m2": 0 for k in LAND_CLASSES}
    if raw is None:
        problems.append(f"{where}.{AREA_KEY}：缺少分地类面积 (areas by land class required)")
        return areas
    if not isinstance(raw, dict):
        problems.append(f'{where}.{AREA_KEY}：应为对象，如 {{"cultivated": 1200}} (must be an object)')
        return areas
    for key, value in raw.items():
        if key not in LAND_CLASSES:
            problems.append(
                f"{where}.{AREA_KEY}.{key}：未知地类，可用：{'、'.join(LAND_CLASSES)} (unknown land class)"
            )
            continue
        try:
            areas[f"area_{key}_m2"] = _area(value)
        except ValueError as exc:
            problems.append(f"{where}.{AREA_KEY}.{key}：{exc}")
    if sum(areas.values()) == 0:
        problems.append(f"{where}.{AREA_KEY}：总面积为0 (total area is zero)")
    return areas


def _consistency(use: dict[str, Any], where: str, problems: list[str]) -> None:
    approved, term_end = use.get("approved_on"), use.get("term_end")
    if approved and term_end and term_end <= approved:
        problems.append(f"{where}.term_end：期满之日应晚于批准日期 (term must end after approval)")
    for name in ("uploaded_on", "reclaimed_on", "exploration_ended_on"):
        if approved and use.get(name) and use[name] < approved:
            problems.append(f"{where}.{name}：早于批准日期 (before the approval date)")
    if use.get("accepted_on") and not use.get("reclaimed_on"):
        problems.append(f"{where}.accepted_on：有验收日期但没有复垦完成日期 (acceptance without reclamation)")
    elif use.get("accepted_on") and use["accepted_on"] < use["reclaimed_on"]:
        problems.append(f"{where}.accepted_on：早于复垦完成日期 (accepted before reclaimed)")
    if use.get("extension_until") and (
        use.get("extension_reason") is None or use.get("extension_approved") is None
    ):
        problems.append(
            f"{where}.extension_until：须同时给出 extension_reason 和 extension_approved (incomplete extension)"
        )


def parse_bundle(data: Any, known_counties: set[str] | frozenset[str] = frozenset()) -> Bundle:
    """Validate a registry file already decoded from JSON. ``known_counties`` are in the store already."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise BundleError(["文件顶层应为对象，含 counties、uses、suspensions (top level must be an object)"])
    unknown = sorted(set(data) - {"counties", "uses", "suspensions"})
    if unknown:
        problems.append(f"顶层：未知字段 {'、'.join(unknown)} (unknown top-level fields)")
    bundle = Bundle()
    for key in ("counties", "uses", "suspensions"):
        if not isinstance(data.get(key, []), list):
            problems.append(f"{key}：应为数组 (must be a list)")
    county_spec = {"code": (_county, True), "name": (text(100), True), "province": (text(100), False)}
    for i, raw in enumerate(data.get("counties", []) if isinstance(data.get("counties", []), list) else []):
        row = fields(raw, f"counties[{i}]", county_spec, problems, set())
        if row is not None:
            bundle.counties.append(row)
    counties = known_counties | {c["code"] for c in bundle.counties if c.get("code")}
    seen: set[str] = set()
    for i, raw in enumerate(data.get("uses", []) if isinstance(data.get("uses", []), list) else []):
        where = f"uses[{i}]"
        row = fields(raw, where, USE_FIELDS, problems, {AREA_KEY})
        if row is None:
            continue
        row.update(_areas(raw.get(AREA_KEY), where, problems))
        _consistency(row, where, problems)
        if row.get("use_id") in seen:
            problems.append(f"{where}.use_id：编号 {row['use_id']} 重复 (duplicate id)")
        seen.add(row.get("use_id"))
        if row.get("county_code") and row["county_code"] not in counties:
            problems.append(f"{where}.county_code：县（市）{row['county_code']} 未登记 (unknown county)")
        bundle.uses.append(row)
    susp_spec = {
        "county_code": (_county, True),
        "stat_year": (_year, True),
        "ordered_on": (iso_date, True),
        "resumed_on": (iso_date, False),
    }
    for i, raw in enumerate(
        data.get("suspensions", []) if isinstance(data.get("suspensions", []), list) else []
    ):
        where = f"suspensions[{i}]"
        row = fields(raw, where, susp_spec, problems, set())
        if row is None:
            continue
        if row.get("county_code") and row["county_code"] not in counties:
            problems.append(f"{where}.county_code：县（市）{row['county_code']} 未登记 (unknown county)")
        if row.get("resumed_on") and row.get("ordered_on") and row["resumed_on"] < row["ordered_on"]:
            problems.append(f"{where}.resumed_on：恢复审批日期早于暂停日期 (resumed before ordered)")
        if row.get("stat_year") and row.get("ordered_on") and row["ordered_on"].year <= row["stat_year"]:
            problems.append(
                f"{where}.ordered_on：年度统计结束后才能要求暂停 (ordered before the statistic year ended)"
            )
        bundle.suspensions.append(row)
    if problems:
        raise BundleError(problems)
    return bundle


def _year(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not 1990 <= v <= 2100:
        raise ValueError("应为年份，如 2023 (must be a year)")
    return v


def read_bundle(path: Path, known_counties: set[str] | frozenset[str] = frozenset()) -> Bundle:
    """Read a registry JSON file; InputError for unreadable or non-JSON files."""
    return parse_bundle(read_json(path), known_counties)
