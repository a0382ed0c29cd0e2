"""Reported values and progress (SQLAlchemy Core, own MetaData, prefix ``tgt_``).

One row per (item, date, kind): importing the same report again replaces it instead of duplicating it.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Float, Integer, MetaData, String, Table, Text, UniqueConstraint
from sqlalchemy.engine import Engine

metadata = MetaData()

reports = Table(
    "tgt_reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", String(400), nullable=False, index=True),
    Column("reported_for", Date, nullable=False),  # the date the value or progress refers to
    Column("kind", String(16), nullable=False),  # value | baseline | progress
    Column("value", Float, nullable=False),  # indicator value in the target's unit, or progress 0–100
    Column("note", Text),
    Column("source", Text),  # file the row came from
    UniqueConstraint("item_id", "reported_for", "kind", name="uq_tgt_reports_item_date_kind"),
)


def create_all(engine: Engine) -> None:
    metadata.create_all(engine)
