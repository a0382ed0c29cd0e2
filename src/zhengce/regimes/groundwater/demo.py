"""A deterministic demo county: ≈2,000 works of every kind, zones, permits, three years of daily volumes,
monitoring stations with levels, and a handful of every kind of violation.

Everything derives from one seeded numpy generator, so the same seed gives the same bundle.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np

from zhengce.regimes.groundwater.bundle import Bundle

PROVINCE, CITY, COUNTY = "370000", "370100", "370102"
ORIGIN = (117.0, 36.6)  # lon/lat of the county's south-west corner; the county is 0.2° square
START, DAYS = date(2022, 1, 1), 3 * 365 + 1  # 2022-01-01 … 2024-12-31


def _square(x0: float, y0: float, size: float) -> dict[str, Any]:
    lon, lat = ORIGIN[0] + x0, ORIGIN[1] + y0
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


ZONES = [
    ("Z-OVR-1", "overdraft_general", "城西一般超采区", (0.00, 0.00, 0.10)),
    ("Z-OVR-2", "overdraft_severe", "城东严重超采区", (0.10, 0.00, 0.10)),
    ("Z-PRO-1", "prohibited", "城区地下水禁止开采区", (0.12, 0.02, 0.04)),
    ("Z-RES-1", "restricted", "西部地下水限制开采区", (0.02, 0.02, 0.05)),
    ("Z-SPR-1", "spring_protection", "趵突泉泉域保护范围", (0.05, 0.12, 0.05)),
    ("Z-KAR-1", "karst", "南部岩溶强发育区", (0.12, 0.12, 0.06)),
    ("Z-DRK-1", "drinking_source", "东郊集中式地下水饮用水水源地", (0.00, 0.14, 0.04)),
    ("Z-GTP-1", "geothermal_prohibited", "地热能禁止取水范围", (0.16, 0.06, 0.03)),
    ("Z-GTR-1", "geothermal_restricted", "地热能限制取水范围", (0.16, 0.10, 0.03)),
    ("Z-POL-1", "pollution_key", "化工园区地下水污染防治重点区", (0.07, 0.06, 0.03)),
]


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def _inside(zone_id: str, rng: np.random.Generator) -> tuple[float, float]:
    x0, y0, size = next(z[3] for z in ZONES if z[0] == zone_id)
    dx, dy = rng.uniform(0.1, 0.9, 2) * size
    return round(ORIGIN[0] + x0 + dx, 6), round(ORIGIN[1] + y0 + dy, 6)


def _outside(rng: np.random.Generator) -> tuple[float, float]:
    # The strip 0.19–0.2° east is covered by no special zone.
    return round(ORIGIN[0] + 0.195 + rng.uniform(-0.004, 0.004), 6), round(
        ORIGIN[1] + rng.uniform(0.0, 0.05), 6
    )


def generate(n_works: int = 2000, seed: int = 2021) -> Bundle:
    """The demo as a validated-shape Bundle (records as column dicts)."""
    rng = np.random.default_rng(seed)
    b = Bundle()
    rec = b.records
    rec["regions"] = [
        {
            "code": PROVINCE,
            "name": "山东省",
            "level": "province",
            "online_threshold_m3": 50_000.0,
            "geothermal_online_threshold_m3": 20_000.0,
            "excavation_depth_m": 10.0,
            "drainage_scale_m3": 100_000.0,
            "water_resource_tax": False,
        },
        {"code": CITY, "name": "济南市", "level": "city", "parent_code": PROVINCE},
        {
            "code": COUNTY,
            "name": "历下区（演示）",
            "level": "county",
            "parent_code": CITY,
            "meter_deadline": date(2022, 6, 30),
            "exploitable_m3": 9_000_000.0,
        },
    ]
    rec["aquifers"] = [
        {
            "aquifer_id": "AQ-P1",
            "name": "第四系潜水含水层",
            "kind": "phreatic",
            "non_renewable": False,
            "polluted": True,
            "quality_class": 5,
        },
        {
            "aquifer_id": "AQ-C1",
            "name": "奥陶系岩溶承压含水层",
            "kind": "confined",
            "non_renewable": False,
            "polluted": False,
            "quality_class": 3,
        },
        {
            "aquifer_id": "AQ-C2",
            "name": "深层承压含水层（难以更新）",
            "kind": "confined",
            "non_renewable": True,
            "polluted": False,
            "quality_class": 2,
        },
        {
            "aquifer_id": "AQ-G1",
            "name": "馆陶组热储",
            "kind": "confined",
            "non_renewable": False,
            "polluted": False,
            "quality_class": 3,
        },
    ]
    b.zones = [
        {
            "zone_id": zid,
            "kind": kind,
            "name": name,
            "region_code": COUNTY,
            "designated_on": date(2021, 6, 1),
            "geometry": __import__("json").dumps(_square(*box)),
        }
        for zid, kind, name, box in ZONES
    ]
    pairs = max(10, n_works // 100)  # geothermal production + reinjection pairs
    rest = n_works - 2 * pairs
    shares = {
        "gallery": 0.02,
        "collection_pond": 0.02,
        "infiltration_channel": 0.02,
        "injection_well": 0.015,
        "monitoring_well": 0.075,
        "exploration_well": 0.03,
    }
    kinds = [k for k, share in shares.items() for _ in range(max(12, round(rest * share)))]
    kinds = ["well"] * (rest - len(kinds)) + kinds
    works: list[dict[str, Any]] = []
    permits: list[dict[str, Any]] = []
    volumes: dict[str, float] = {}  # works_id → mean daily volume
    for i, kind in enumerate(kinds):
        wid = f"{COUNTY}-W-{i + 1:06d}"
        lon, lat = (
            round(ORIGIN[0] + rng.uniform(0.005, 0.185), 6),
            round(ORIGIN[1] + rng.uniform(0.005, 0.195), 6),
        )
        if 0.11 <= lon - ORIGIN[0] <= 0.17 and 0.01 <= lat - ORIGIN[1] <= 0.07:
            lat += 0.08  # keep ordinary works out of the 禁止开采区 (only the planted cases are in it)
        monitoring = kind in ("monitoring_well", "exploration_well")
        built = START - timedelta(days=int(rng.integers(400, 4000)))
        capacity = float(rng.choice([20, 50, 100, 300, 800]))
        daily = 0.0 if monitoring else round(capacity * rng.uniform(0.2, 0.6), 1)
        online = daily * 365 >= 50_000
        w = {
            "works_id": wid,
            "kind": kind,
            "region_code": COUNTY,
            "owner": f"用水户{i % 700 + 1:03d}",
            "lon": lon,
            "lat": lat,
            "max_daily_m3": capacity,
            "purpose": "monitoring"
            if kind == "monitoring_well"
            else "exploration"
            if monitoring
            else str(rng.choice(["agricultural", "industrial", "public_supply", "domestic"])),
            "status": "active",
            "built_on": built,
            "construction_started_on": built - timedelta(days=60),
            "metering": "online" if online else "manual",
            "meter_installed_on": built,
            "meter_ok": True,
            "transmitting": True if online else None,
            "serious": False,
        }
        if not monitoring:
            pid = f"取水(鲁济)字[{2020 + i % 3}]第{i + 1:05d}号"
            permits.append(
                {
                    "permit_id": pid,
                    "holder": w["owner"],
                    "region_code": COUNTY,
                    "annual_m3": round(capacity * 365 * 0.8),
                    "valid_from": date(2020, 1, 1),
                    "valid_to": date(2029, 12, 31),
                    "purpose": w["purpose"],
                }
            )
            w["permit_id"] = pid
        b.works_aquifers.append((wid, "AQ-P1" if rng.random() < 0.6 else "AQ-C1"))
        works.append(w)
        volumes[wid] = daily
    # Geothermal pairs: production + reinjection into the same heat reservoir.
    for j in range(pairs):
        base = len(works)
        prod, rein = f"{COUNTY}-W-{base + 1:06d}", f"{COUNTY}-W-{base + 2:06d}"
        lon, lat = _outside(rng)
        pid = f"取水(鲁济)字[2021]第9{j:04d}号"
        permits.append(
            {
                "permit_id": pid,
                "holder": f"地热供暖公司{j + 1}",
                "region_code": COUNTY,
                "annual_m3": 200_000.0,
                "valid_from": date(2020, 1, 1),
                "valid_to": date(2029, 12, 31),
                "purpose": "geothermal",
            }
        )
        for wid, kind in ((prod, "geothermal_production"), (rein, "geothermal_reinjection")):
            works.append(
                {
                    "works_id": wid,
                    "kind": kind,
                    "region_code": COUNTY,
                    "owner": f"地热供暖公司{j + 1}",
                    "lon": lon,
                    "lat": lat,
                    "max_daily_m3": 400.0,
                    "purpose": "geothermal",
                    "status": "active",
                    "built_on": date(2019, 10, 1),
                    "construction_started_on": date(2019, 6, 1),
                    "metering": "online",
                    "meter_installed_on": date(2019, 10, 1),
                    "meter_ok": True,
                    "transmitting": True,
                    "serious": False,
                    "permit_id": pid,
                    "paired_works_id": rein if kind == "geothermal_production" else prod,
                }
            )
            b.works_aquifers.append((wid, "AQ-G1"))
            volumes[wid] = 150.0
    by_id = {w["works_id"]: w for w in works}
    plain = [w["works_id"] for w in works if w["kind"] == "well"]
    pick = iter(rng.permutation(plain).tolist())

    def bad(n: int) -> list[dict[str, Any]]:
        return [by_id[next(pick)] for _ in range(n)]

    # --- a handful of every violation ---------------------------------------------------------------
    for w in bad(4):  # 第二十二条/第五十六条：no meter past the county deadline (existing works)
        w.update(metering="none", meter_installed_on=None, meter_ok=None, transmitting=None)
    for w in bad(3):  # new works without a meter
        w.update(
            metering="none",
            meter_installed_on=None,
            meter_ok=None,
            transmitting=None,
            built_on=date(2023, 3, 1),
            construction_started_on=date(2023, 1, 10),
        )
    for w in bad(4):  # 第五十六条第二款：faulty meter
        w.update(meter_ok=False)
    for w in bad(3):  # 第二十二条第二款：above scale, manual only
        w.update(metering="manual", transmitting=None, max_daily_m3=800.0)
        volumes[w["works_id"]] = 400.0
    for w in bad(3):  # online, above scale, transmission gaps (detected from missing days)
        w.update(metering="online", transmitting=False, max_daily_m3=800.0)
        volumes[w["works_id"]] = -400.0  # negative marker: drop days below
    for w in bad(3):  # 第五十五条：no permit
        w.pop("permit_id", None)
    for w in bad(4):  # 第三十五条第一款：prohibited zone
        w["lon"], w["lat"] = _inside("Z-PRO-1", rng)
    for w in bad(2):  # … with an exemption that has ended
        w["lon"], w["lat"] = _inside("Z-PRO-1", rng)
        w.update(exemption="public_safety", exemption_until=date(2024, 6, 30))
    for w in bad(2):  # … with a lasting exemption (compliant)
        w["lon"], w["lat"] = _inside("Z-PRO-1", rng)
        w.update(exemption="construction_safety", exemption_until=None)
    for w in bad(3):  # 第三十五条第二款：new works in the restricted zone
        w["lon"], w["lat"] = _inside("Z-RES-1", rng)
        w.update(
            built_on=date(2022, 5, 1),
            construction_started_on=date(2022, 3, 1),
            meter_installed_on=date(2022, 5, 1),
        )
    for w in bad(4):  # 第二十七条：non-renewable aquifer
        b.works_aquifers = [(wid, a) for wid, a in b.works_aquifers if wid != w["works_id"]]
        b.works_aquifers.append((w["works_id"], "AQ-C2"))
    for w in bad(2):  # … exempt: domestic use with no alternative source
        b.works_aquifers = [(wid, a) for wid, a in b.works_aquifers if wid != w["works_id"]]
        b.works_aquifers.append((w["works_id"], "AQ-C2"))
        w.update(exemption="domestic_no_alternative", purpose="domestic")
    for w in bad(3):  # 第四十三条：mixed polluted phreatic + confined
        b.works_aquifers = [(wid, a) for wid, a in b.works_aquifers if wid != w["works_id"]]
        b.works_aquifers += [(w["works_id"], "AQ-P1"), (w["works_id"], "AQ-C1")]
    for w, status in zip(
        bad(4), ("abandoned", "unfinished", "must_stop", "abandoned"), strict=True
    ):  # 第四十九条/第五十八条
        w.update(status=status, status_since=date(2023, 4, 1), unable_to_seal=False)
        volumes[w["works_id"]] = 0.0
    orphan = bad(1)[0]  # owner unknown: the government seals
    orphan.update(status="abandoned", status_since=date(2022, 8, 1), owner=None)
    volumes[orphan["works_id"]] = 0.0
    for w in bad(2):  # sealed but not reported
        w.update(status="sealed", sealed_on=date(2023, 9, 1), sealing_reported=False)
        volumes[w["works_id"]] = 0.0
    mon = [w for w in works if w["kind"] in ("monitoring_well", "exploration_well")]
    filings: list[dict[str, Any]] = []
    for k, w in enumerate(mon):
        if k < 5:  # 第四十八条/第六十一条：built after 2021-12-01 without filing
            w.update(construction_started_on=date(2023, 5, 1), built_on=date(2023, 5, 20))
        elif k < 10:  # filed in time
            w.update(construction_started_on=date(2023, 5, 1), built_on=date(2023, 5, 20))
            filings.append(
                {
                    "filing_id": f"F-WELL-{k}",
                    "kind": "well_filing",
                    "subject_id": w["works_id"],
                    "filed_on": date(2023, 4, 20),
                }
            )
    geo = [w for w in works if w["kind"] == "geothermal_production"]
    geo[0]["lon"], geo[0]["lat"] = _inside("Z-DRK-1", rng)  # 第五十一条：in a drinking-water source
    by_id[geo[0]["paired_works_id"]].update(lon=geo[0]["lon"], lat=geo[0]["lat"])
    volumes[geo[1]["paired_works_id"]] = 100.0  # reinjects less than it takes
    by_id[geo[2]["paired_works_id"]].update(
        metering="none", meter_installed_on=None, meter_ok=None, transmitting=None
    )
    if len(geo) > 3:
        b.works_aquifers = [(wid, a) for wid, a in b.works_aquifers if wid != geo[3]["paired_works_id"]]
        b.works_aquifers.append((geo[3]["paired_works_id"], "AQ-C1"))  # other aquifer
    rec["permits"], rec["works"] = permits, works
    # --- volumes: three years of daily values --------------------------------------------------------
    days = [START + timedelta(days=d) for d in range(DAYS)]
    season = 1.0 + 0.3 * np.sin(np.arange(DAYS) * 2 * np.pi / 365.0)
    trend = np.linspace(1.0, 0.9, DAYS)
    rows: list[tuple[str, str, date, float]] = []
    produced: dict[str, np.ndarray] = {}
    for w in works:
        mean = volumes[w["works_id"]]
        if mean == 0.0:
            continue
        gaps = mean < 0
        series = np.round(abs(mean) * season * trend * rng.uniform(0.85, 1.15, DAYS), 1)
        if w["kind"] == "geothermal_production":
            produced[w["works_id"]] = series
        elif w["kind"] == "geothermal_reinjection" and mean == 150.0:
            series = produced[w["paired_works_id"]]  # 等量回灌: the same volume back, day by day
        keep = rng.random(DAYS) > 0.15 if gaps else np.ones(DAYS, dtype=bool)
        rows.extend((w["works_id"], "D", days[d], float(series[d])) for d in np.flatnonzero(keep))
    b.withdrawals = rows
    # --- stations and levels -----------------------------------------------------------------------
    stations, levels = [], []
    for s in range(12):
        sid = f"ST-{COUNTY}-{s + 1:02d}"
        lon, lat = round(ORIGIN[0] + 0.015 * s + 0.01, 6), round(ORIGIN[1] + 0.1, 6)
        control = 20.0
        stations.append(
            {
                "station_id": sid,
                "region_code": COUNTY,
                "name": f"监测站{s + 1}",
                "lon": lon,
                "lat": lat,
                "aquifer_id": "AQ-P1" if s % 2 else "AQ-C1",
                "control_level_m": control,
            }
        )
        base = control + (-1.5 if s in (3, 7) else 2.0)  # two stations sit below the control level
        lv = base + 0.8 * np.sin(np.arange(DAYS) * 2 * np.pi / 365.0) + rng.normal(0, 0.1, DAYS)
        levels.extend((sid, days[d], round(float(lv[d]), 2)) for d in range(0, DAYS, 5))
    rec["stations"], b.levels = stations, levels
    total_per_year = sum(abs(v) for v in volumes.values()) * 365
    rec["region_years"] = [
        {
            "region_code": COUNTY,
            "year": 2022,
            "quota_m3": round(total_per_year * 1.2),
            "plan_m3": round(total_per_year * 1.1),
            "plan_filed_on": date(2022, 1, 20),
            "measures_taken": True,
        },
        {
            "region_code": COUNTY,
            "year": 2023,
            "quota_m3": round(total_per_year * 1.1),
            "plan_m3": round(total_per_year * 0.9),
            "plan_filed_on": date(2023, 1, 18),
            "measures_taken": True,
        },
        {
            "region_code": COUNTY,
            "year": 2024,
            "quota_m3": round(total_per_year * 0.85),
            "plan_m3": round(total_per_year * 0.8),
            "plan_filed_on": None,
            "measures_taken": False,
        },
    ]
    # --- events and filings --------------------------------------------------------------------------
    ev: list[dict[str, Any]] = []

    def event(eid: str, kind: str, where: tuple[float, float] | None = None, **kw: Any) -> None:
        lon, lat = where or _outside(rng)
        ev.append(
            {"event_id": eid, "kind": kind, "region_code": COUNTY, "lon": lon, "lat": lat, "attrs": {}, **kw}
        )

    event(
        "E-UC-1",
        "underground_construction",
        party="地铁建设公司",
        started_on=date(2023, 3, 1),
        attrs={"depth_m": 18.0},
    )
    event(
        "E-UC-2",
        "underground_construction",
        party="商业综合体项目",
        started_on=date(2023, 6, 1),
        attrs={"depth_m": 12.0},
    )
    filings.append(
        {"filing_id": "F-UC-2", "kind": "project_plan", "subject_id": "E-UC-2", "filed_on": date(2023, 5, 15)}
    )
    event(
        "E-UC-3",
        "underground_construction",
        party="地下车库项目",
        started_on=date(2024, 3, 1),
        attrs={"depth_m": 6.0},
    )
    event(
        "E-MD-1",
        "mine_drainage",
        party="煤矿甲",
        started_on=date(2022, 1, 1),
        attrs={
            "drainage_m3_year": 300_000.0,
            "has_permit": False,
            "metered": False,
            "report_interval_days": 90,
        },
    )
    event(
        "E-MD-2",
        "mine_drainage",
        party="煤矿乙",
        started_on=date(2022, 1, 1),
        attrs={
            "drainage_m3_year": 150_000.0,
            "has_permit": True,
            "metered": True,
            "report_interval_days": 90,
        },
    )
    filings.append(
        {
            "filing_id": "F-MD-2",
            "kind": "drainage_report",
            "subject_id": "E-MD-2",
            "filed_on": date(2024, 12, 1),
        }
    )
    event(
        "E-ED-1",
        "emergency_drainage",
        party="隧道施工单位",
        started_on=date(2024, 9, 20),
        ended_on=date(2024, 9, 27),
    )
    event(
        "E-ED-2",
        "emergency_drainage",
        party="矿井施工单位",
        started_on=date(2024, 4, 1),
        ended_on=date(2024, 4, 3),
    )
    filings.append(
        {
            "filing_id": "F-ED-2",
            "kind": "emergency_drainage",
            "subject_id": "E-ED-2",
            "filed_on": date(2024, 4, 10),
        }
    )
    event(
        "E-FD-1", "facility_damage", party="某施工队", station_id="ST-370102-05", started_on=date(2024, 5, 8)
    )
    # 第四十七条第二款、第三款 (fixed places: the generator's sequence stays as it was).
    spot = (round(ORIGIN[0] + 0.19, 6), round(ORIGIN[1] + 0.01, 6))
    event(
        "E-FR-1",
        "facility_removal",
        spot,
        party="道路改造工程指挥部",
        station_id="ST-370102-03",
        started_on=date(2024, 3, 12),
        attrs={"relocated_by_authority": False},
    )
    event(
        "E-FR-2",
        "facility_removal",
        spot,
        party="新区开发公司",
        station_id="ST-370102-04",
        started_on=date(2024, 7, 1),
        attrs={"relocated_by_authority": True, "cost_borne_by_builder": True},
    )
    event("E-DF-1", "data_falsification", spot, party="某水厂", started_on=date(2024, 9, 20))
    event(
        "E-TS-1",
        "toxic_storage",
        party="化工企业丙",
        started_on=date(2023, 2, 1),
        attrs={"substance": "危险废物"},
    )
    event(
        "E-TS-2",
        "toxic_storage",
        party="污水处理厂丁",
        started_on=date(2024, 2, 1),
        attrs={"substance": "sludge", "severe_consequences": False},
    )
    event(
        "E-PP-1",
        "polluting_project",
        _inside("Z-SPR-1", rng),
        party="电镀项目",
        started_on=date(2023, 8, 1),
        attrs={"caused_pollution": True},
    )
    event(
        "E-PP-2",
        "polluting_project",
        _inside("Z-KAR-1", rng),
        party="制革项目",
        started_on=date(2024, 1, 15),
        attrs={"caused_pollution": False},
    )
    event(
        "E-SUB-1",
        "subsidence",
        _inside("Z-OVR-2", rng),
        started_on=date(2023, 7, 1),
        attrs={"serious_damage": True},
    )
    event(  # 第四十三条第三款: the authority's deadline passed before the well was backfilled
        "E-CL-1",
        "cross_layer_pollution",
        party="某农场",
        started_on=date(2024, 3, 10),
        attrs={"deadline": "2024-06-30", "backfilled_on": "2024-08-15", "remediated": False},
    )
    event(  # 第四十三条第四款
        "E-AR-1",
        "artificial_recharge",
        party="城市再生水厂",
        started_on=date(2024, 4, 1),
        attrs={"meets_standard": False, "quality_worsened": False},
    )
    rec["events"], rec["filings"] = ev, filings
    rec["fee_rates"] = [
        {"region_code": PROVINCE, "use_type": use, "source": src, "area": area, "fen_per_m3": fen}
        for use, table in (
            (
                "industrial",
                (
                    ("surface", "normal", 75),
                    ("groundwater", "normal", 150),
                    ("groundwater", "overdraft", 300),
                    ("groundwater", "severe", 600),
                ),
            ),
            (
                "agricultural",
                (
                    ("surface", "normal", 10),
                    ("groundwater", "normal", 10),
                    ("groundwater", "overdraft", 15),
                    ("groundwater", "severe", 15),
                ),
            ),
        )
        for src, area, fen in table
    ]
    rec["credit_records"] = [
        {
            "record_id": "CR-1",
            "party": "煤矿甲",
            "region_code": COUNTY,
            "recorded_on": date(2024, 3, 5),
            "kind": "inspection",
            "text": "日常监督检查：疏干排水未安装计量设施。",
        }
    ]
    return b
