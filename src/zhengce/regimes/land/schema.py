"""Registry tables (SQLAlchemy Core, own MetaData, prefix ``land_``): same code on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, MetaData, String, Table, Text
from sqlalchemy.engine import Engine

metadata = MetaData()

counties = Table(
    "land_counties",
    metadata,
    Column("code", String(6), primary_key=True),  # GB/T 2260 county-level code
    Column("name", String(100), nullable=False),
    Column("province", String(100)),
)

# One row per temporary land use. Column names are the fields of facts.TemporaryLandUse.
uses = Table(
    "land_uses",
    metadata,
    Column("use_id", String(64), primary_key=True),
    Column("county_code", String(6), ForeignKey("land_counties.code"), nullable=False, index=True),
    Column("user", String(200), nullable=False),
    Column("project_name", String(300)),
    Column("project_kind", String(32), nullable=False),
    Column("purpose", String(32), nullable=False),
    Column("infrastructure_sector", String(16)),
    Column("long_cycle", Boolean),
    Column("permanent_structures", Boolean, nullable=False),
    Column("restorable", Boolean, nullable=False),
    Column("legal_basis", Text),
    Column("location", Text),
    Column("four_sides", Text),  # 四至, as written in the contract
    Column("boundary", Text),  # GeoJSON (Multi)Polygon, lon/lat
    Column("area_cultivated_m2", Integer, nullable=False),
    Column("area_permanent_basic_m2", Integer, nullable=False),
    Column("area_other_farmland_m2", Integer, nullable=False),
    Column("area_construction_m2", Integer, nullable=False),
    Column("area_unused_m2", Integer, nullable=False),
    Column("restore_planting_conditions", Boolean),
    Column("hard_to_restore", Boolean),
    Column("approval_authority", String(200)),
    Column("approval_level", String(16), nullable=False),
    Column("approval_department", String(32), nullable=False),
    Column("approval_delegated", Boolean, nullable=False),
    Column("approval_document", String(200)),
    Column("approved_on", Date, nullable=False),
    Column("term_end", Date, nullable=False),
    Column("contract_signed", Boolean, nullable=False),
    Column("contract_number", String(100)),
    Column("reclamation_plan", String(32), nullable=False),
    Column("uploaded_on", Date),
    Column("system_number", String(64)),
    Column("disclosed", Boolean),
    Column("used_as_approved", Boolean),
    Column("transferred", Boolean),
    Column("leased", Boolean),
    Column("mortgaged", Boolean),
    Column("structures_removed", Boolean),
    Column("reclaimed_on", Date),
    Column("reclaimed_cultivated_m2", Integer),
    Column("reclaimed_farmland_m2", Integer),
    Column("accepted_on", Date),
    Column("extension_until", Date),
    Column("extension_reason", String(32)),
    Column("extension_approved", Boolean),
    Column("exploration_ended_on", Date),
    Column("converted_to_production", Boolean),
    Column("construction_land_approved", Boolean),
)

# The province's requirement to stop approving (四、第4段), one per county and statistic year.
suspensions = Table(
    "land_suspensions",
    metadata,
    Column("county_code", String(6), ForeignKey("land_counties.code"), primary_key=True),
    Column("stat_year", Integer, primary_key=True),
    Column("ordered_on", Date, nullable=False),
    Column("resumed_on", Date),
)


def create_all(engine: Engine) -> None:
    metadata.create_all(engine)
