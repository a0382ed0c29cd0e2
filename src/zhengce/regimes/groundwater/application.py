"""Reading a permit application (JSON) and completing it from the registry for 第二十五条 decisions."""

from __future__ import annotations

import json
import math
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from zhengce.errors import UserError
from zhengce.regimes.groundwater import schema as t
from zhengce.regimes.groundwater.decide import Application
from zhengce.regimes.groundwater.geo import load_geometry, membership
from zhengce.regimes.groundwater.load_facts import region_year_facts
from zhengce.regimes.groundwater.vocab import EXEMPTIONS, ZONE_KINDS

BOOLS = {f.name for f in fields(Application) if "bool" in str(f.type)}
NUMBERS = {"lon", "lat", "annual_m3", "county_quota_m3", "county_permitted_m3"}
STRINGS = {"application_id", "applicant", "region_code", "purpose", "exemption"}


def read_application(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"无法读取申请文件 {path}：{exc} (cannot read application)") from None
    if not isinstance(data, dict):
        raise UserError("申请文件应为 JSON 对象 (application must be an object)")
    problems = []
    known = BOOLS | NUMBERS | STRINGS | {"zones"}
    for k, v in data.items():
        if v is None and k in known:
            continue
        if k not in known:
            problems.append(f"未知字段 {k!r}")
        elif k in BOOLS and not isinstance(v, bool | None):
            problems.append(f"{k} 应为 true/false")
        elif k in NUMBERS and (isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v)):
            problems.append(f"{k} 应为数字")
        elif k in STRINGS and not isinstance(v, str):
            problems.append(f"{k} 应为字符串")
    for k in ("application_id", "applicant", "region_code", "lon", "lat", "annual_m3"):
        if data.get(k) is None:
            problems.append(f"缺少必填字段 {k}")
    if isinstance(data.get("annual_m3"), int | float) and data["annual_m3"] < 0:
        problems.append("annual_m3 不能为负数")
    if data.get("exemption") is not None and data["exemption"] not in EXEMPTIONS:
        problems.append(f"exemption 应为 {', '.join(EXEMPTIONS)} 之一")
    zones = data.get("zones")
    if zones is not None and (not isinstance(zones, list) or any(z not in ZONE_KINDS for z in zones)):
        problems.append(f"zones 应为区域类型列表：{', '.join(ZONE_KINDS)}")
    if problems:
        raise UserError("申请文件有错误 (bad application)：" + "；".join(problems))
    return data


def complete_from_registry(engine: Engine, data: dict[str, Any], as_of: date) -> Application:
    """Fill zones, county quota, permitted total and level status from the registry where not given."""
    values = dict(data)
    t.create_all(engine)
    with engine.connect() as conn:
        if values.get("zones") is None:
            zrows = [
                z
                for z in conn.execute(select(t.zones))
                if z.designated_on is None or z.designated_on <= as_of
            ]
            hits = membership(
                [z.zone_id for z in zrows],
                [load_geometry(z.geometry) for z in zrows],
                [values["lon"]],
                [values["lat"]],
            )
            kinds = {z.zone_id: z.kind for z in zrows}
            values["zones"] = [kinds[z] for _, z in hits]
        region = values["region_code"]
        facts = region_year_facts(conn, as_of, region).get(f"{region}/{as_of.year}")
        if facts is not None:
            values.setdefault("county_quota_m3", facts.quota_m3)
            if values.get("levels_below_control") is None and facts.stations_with_control:
                values["levels_below_control"] = bool(facts.stations_below)
        if values.get("county_permitted_m3") is None:
            p = t.permits
            total = conn.execute(
                select(func.sum(p.c.annual_m3)).where(
                    p.c.region_code == region, p.c.valid_from <= as_of, p.c.valid_to >= as_of
                )
            ).scalar()
            values["county_permitted_m3"] = float(total) if total is not None else None
    values["zones"] = frozenset(values.get("zones") or ())
    return Application(**{k: v for k, v in values.items() if k in {f.name for f in fields(Application)}})
