"""Registry tables (SQLAlchemy Core, own MetaData): the same code on SQLite and PostgreSQL.

Every table is prefixed ``gw_``. ``gw_works.works_id`` is the key shared with the telemetry
package, which keeps its readings in its own tables keyed by the same string.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    text,
)
from sqlalchemy.engine import Engine

metadata = MetaData()

regions = Table(
    "gw_regions",
    metadata,
    Column("code", String(6), primary_key=True),  # GB/T 2260
    Column("name", String(100), nullable=False),
    Column("level", String(10), nullable=False),  # province / city / county
    Column("parent_code", String(6), ForeignKey("gw_regions.code")),
    # Parameters the regulation leaves to local authorities (第二十二条、第二十六条、第五十一条、第五十二条).
    Column("meter_deadline", Date),  # county's deadline for metering existing works
    Column("online_threshold_m3", Float),  # province's 取水规模, m³/year
    Column("geothermal_online_threshold_m3", Float),
    Column("excavation_depth_m", Float),  # province's 开挖深度
    Column("drainage_scale_m3", Float),  # province's 排水规模 / 疏干排水量规模, m³/year
    Column("water_resource_tax", Boolean, nullable=False, default=False),  # 第二十四条 pilot
    Column("exploitable_m3", Float),  # 可开采量, m³/year (第三十四条第一项)
)

zones = Table(
    "gw_zones",
    metadata,
    Column("zone_id", String(64), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    Column("region_code", String(6), ForeignKey("gw_regions.code"), nullable=False),
    Column("designated_on", Date),
    Column("geometry", Text, nullable=False),  # GeoJSON geometry (Polygon / MultiPolygon), lon/lat
)

aquifers = Table(
    "gw_aquifers",
    metadata,
    Column("aquifer_id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(16), nullable=False),  # phreatic / confined
    Column("non_renewable", Boolean, nullable=False, default=False),  # 难以更新的地下水
    Column("polluted", Boolean, nullable=False, default=False),
    Column("quality_class", Integer),  # GB/T 14848 地下水质量分类 I–V as 1–5 (第四十三条第二款)
)

permits = Table(
    "gw_permits",
    metadata,
    Column("permit_id", String(64), primary_key=True),
    Column("holder", String(200), nullable=False),
    Column("region_code", String(6), ForeignKey("gw_regions.code"), nullable=False),
    Column("annual_m3", Float, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=False),
    Column("purpose", String(32)),
)

works = Table(
    "gw_works",
    metadata,
    Column("works_id", String(64), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("region_code", String(6), ForeignKey("gw_regions.code"), nullable=False),
    Column("owner", String(200)),  # NULL: 无法确定所有权人或者管理单位
    Column("lon", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("max_daily_m3", Float),  # 日最大取水能力
    Column("purpose", String(32)),
    Column("status", String(32), nullable=False),
    Column("status_since", Date),
    Column("construction_started_on", Date),
    Column("built_on", Date),  # built, or rebuilt/expanded
    Column("metering", String(8), nullable=False, default="none"),
    Column("meter_installed_on", Date),
    Column("meter_ok", Boolean),
    Column("transmitting", Boolean),
    Column("permit_id", String(64), ForeignKey("gw_permits.permit_id")),
    Column("paired_works_id", String(64)),  # geothermal production ↔ reinjection
    Column("exemption", String(32)),
    Column("exemption_until", Date),
    Column("sealed_on", Date),
    Column("sealing_reported", Boolean),
    Column("unable_to_seal", Boolean),
    Column("serious", Boolean),  # 情节严重, the enforcing authority's determination
    Index("ix_gw_works_region", "region_code"),
)

works_aquifers = Table(
    "gw_works_aquifers",
    metadata,
    Column("works_id", String(64), ForeignKey("gw_works.works_id"), primary_key=True),
    Column("aquifer_id", String(64), ForeignKey("gw_aquifers.aquifer_id"), primary_key=True),
)

# Zone membership is computed from geometry at load time and kept for fast queries.
works_zones = Table(
    "gw_works_zones",
    metadata,
    Column("works_id", String(64), ForeignKey("gw_works.works_id"), primary_key=True),
    Column("zone_id", String(64), ForeignKey("gw_zones.zone_id"), primary_key=True),
)

withdrawals = Table(
    "gw_withdrawals",
    metadata,
    Column("works_id", String(64), ForeignKey("gw_works.works_id"), primary_key=True),
    Column("period", String(1), primary_key=True),  # D (day) / M (month)
    Column("start", Date, primary_key=True),
    Column("volume_m3", Float, nullable=False),
)

region_years = Table(
    "gw_region_years",
    metadata,
    Column("region_code", String(6), ForeignKey("gw_regions.code"), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("quota_m3", Float),  # 地下水取水总量控制指标
    Column("plan_m3", Float),  # 地下水年度取水计划
    Column("plan_filed_on", Date),  # 报上一级人民政府水行政主管部门备案
    Column("measures_taken", Boolean),  # 第五十四条第三项：对水位低于控制水位采取了相关措施
)

stations = Table(
    "gw_stations",
    metadata,
    Column("station_id", String(64), primary_key=True),
    Column("region_code", String(6), ForeignKey("gw_regions.code"), nullable=False),
    Column("name", String(200)),
    Column("lon", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("aquifer_id", String(64), ForeignKey("gw_aquifers.aquifer_id")),
    Column("control_level_m", Float),  # 地下水水位控制指标 (water-level elevation, m)
)

levels = Table(
    "gw_levels",
    metadata,
    Column("station_id", String(64), ForeignKey("gw_stations.station_id"), primary_key=True),
    Column("observed_on", Date, primary_key=True),
    Column("level_m", Float, nullable=False),
)

events = Table(
    "gw_events",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("region_code", String(6), ForeignKey("gw_regions.code"), nullable=False),
    Column("party", String(200)),
    Column("works_id", String(64), ForeignKey("gw_works.works_id")),
    Column("station_id", String(64), ForeignKey("gw_stations.station_id")),
    Column("lon", Float),
    Column("lat", Float),
    Column("started_on", Date),
    Column("ended_on", Date),
    Column("attrs", JSON, nullable=False, default=dict),
)

filings = Table(
    "gw_filings",
    metadata,
    Column("filing_id", String(64), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("subject_id", String(64), nullable=False),  # works_id, event_id or region code
    Column("filed_on", Date, nullable=False),
    Index("ix_gw_filings_subject", "subject_id"),
)

fee_rates = Table(
    "gw_fee_rates",
    metadata,
    Column("region_code", String(6), ForeignKey("gw_regions.code"), primary_key=True),
    Column("use_type", String(32), primary_key=True),
    Column("source", String(16), primary_key=True),  # groundwater / surface
    Column("area", String(16), primary_key=True),  # normal / overdraft / severe
    Column("fen_per_m3", Integer, nullable=False),  # 分/m³, so money stays integer
)

credit_records = Table(
    "gw_credit_records",
    metadata,
    Column("record_id", String(64), primary_key=True),
    Column("party", String(200), nullable=False),
    Column("region_code", String(6), ForeignKey("gw_regions.code"), nullable=False),
    Column("recorded_on", Date, nullable=False),
    Column("kind", String(32), nullable=False),  # inspection / violation / penalty / overdue / rectified
    Column("text", Text, nullable=False),
    Column("finding_id", Integer),  # written from a finding (第五十三条): which one
)

findings = Table(
    "gw_findings",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("as_of", Date, nullable=False),
    Column("region_code", String(6), nullable=False),
    Column("subject", String(64), nullable=False),
    Column("rule_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False),  # open / ordered / overdue / rectified / resolved
    Column("finding_key", String(40), nullable=False),  # stable: rule + subject + kind + cited eids
    Column("first_seen", Date, nullable=False),  # first check that produced it
    Column("resolved_on", Date),  # rectified, or the first check that no longer produced it
    Column("article", String(64), nullable=False),  # first cited eid
    Column("message", Text, nullable=False),
    Column("data", JSON, nullable=False),  # the whole finding (rules.finding_to_dict)
    Index("ix_gw_findings_region", "region_code", "kind"),
    Index("ix_gw_findings_subject", "subject"),
    Index("ix_gw_findings_key", "finding_key"),
)


# Columns added after a table was first released, per table: added in place on older stores.
ADDED_COLUMNS = {"gw_aquifers": ("quality_class",), "gw_credit_records": ("finding_id",)}


def create_all(engine: Engine) -> None:
    metadata.create_all(engine)
    _upgrade(engine)


def _upgrade(engine: Engine) -> None:
    """Bring a store written by an earlier version up to date (idempotent, cheap when nothing to do).

    gw_findings of that version held only the latest check (no status history): it is recreated and
    refilled by the next check. Columns added since are added in place (nullable).
    """
    insp = inspect(engine)
    names = {c["name"] for c in insp.get_columns(findings.name)}
    missing = {
        t: [c for c in cols if c not in {x["name"] for x in insp.get_columns(t)}]
        for t, cols in ADDED_COLUMNS.items()
    }
    if "finding_key" in names and not any(missing.values()):
        return
    with engine.begin() as conn:
        if "finding_key" not in names:
            findings.drop(conn)
            findings.create(conn)
        for table_name, cols in missing.items():
            table = metadata.tables[table_name]
            for col in cols:
                ddl = table.c[col].type.compile(dialect=conn.dialect)
                conn.execute(text(f"ALTER TABLE {table_name} ADD COLUMN {col} {ddl}"))
