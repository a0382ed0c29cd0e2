"""The temporary land-use registry on SQLite or PostgreSQL: load a validated file, read facts back."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from zhengce.errors import NotFound, UserError
from zhengce.regimes.land.bundle import Bundle
from zhengce.regimes.land.facts import TemporaryLandUse
from zhengce.regimes.land.schema import counties, create_all, suspensions, uses
from zhengce.regimes.land.stats import Suspension, suspension_on

_FACT_FIELDS = {f.name for f in dataclasses.fields(TemporaryLandUse)}


@dataclass(frozen=True)
class LoadReport:
    counties: int
    uses_new: int
    uses_replaced: int
    suspensions: int


class LandStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create_all(engine)

    # ------------------------------------------------------------ writing
    def load(self, bundle: Bundle) -> LoadReport:
        """Write a validated bundle in one transaction. A use or county already present is replaced."""
        try:
            with self.engine.begin() as conn:
                return self.write(conn, bundle)
        except SQLAlchemyError as exc:
            raise UserError(
                f"写入登记库失败，未作任何更改：{exc.__class__.__name__} (nothing written)"
            ) from None

    @staticmethod
    def write(conn: Connection, bundle: Bundle) -> LoadReport:
        """Write a validated bundle inside the caller's transaction (the API adds its audit entry)."""
        known = set(conn.execute(select(counties.c.code)).scalars())
        for row in bundle.counties:
            # Updated in place: uses refer to the county.
            if row["code"] in known:
                conn.execute(update(counties).where(counties.c.code == row["code"]).values(**row))
            else:
                conn.execute(insert(counties).values(**row))
        ids = [u["use_id"] for u in bundle.uses]
        existing = set(conn.execute(select(uses.c.use_id).where(uses.c.use_id.in_(ids))).scalars())
        if ids:
            conn.execute(delete(uses).where(uses.c.use_id.in_(ids)))
            conn.execute(insert(uses), bundle.uses)
        for row in bundle.suspensions:
            key = (suspensions.c.county_code == row["county_code"]) & (
                suspensions.c.stat_year == row["stat_year"]
            )
            conn.execute(delete(suspensions).where(key))
            conn.execute(insert(suspensions).values(**row))
        return LoadReport(
            len(bundle.counties), len(ids) - len(existing), len(existing), len(bundle.suspensions)
        )

    # ------------------------------------------------------------ reading
    def county_codes(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.execute(select(counties.c.code)).scalars())

    def counties(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(counties).order_by(counties.c.code))]

    def use_rows(self, county: str | None = None, use_id: str | None = None) -> list[dict[str, Any]]:
        query = select(uses).order_by(uses.c.county_code, uses.c.use_id)
        if county is not None:
            query = query.where(uses.c.county_code == county)
        if use_id is not None:
            query = query.where(uses.c.use_id == use_id)
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
        if use_id is not None and not rows:
            raise NotFound(f"未找到临时用地 {use_id} (no such temporary land use)")
        if county is not None and not rows and county not in self.county_codes():
            raise NotFound(f"未登记县（市）{county} (no such county)")
        return rows

    def suspensions(self) -> list[Suspension]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(suspensions).order_by(suspensions.c.ordered_on))
            return [Suspension(**dict(r._mapping)) for r in rows]

    def facts(self, county: str | None = None, use_id: str | None = None) -> list[TemporaryLandUse]:
        """Rule facts for each use, with the suspension in force on its approval date."""
        orders = self.suspensions()
        out = []
        for row in self.use_rows(county, use_id):
            facts = {k: v for k, v in row.items() if k in _FACT_FIELDS}
            order = suspension_on(orders, row["county_code"], row["approved_on"])
            facts["suspension_ordered_on"] = order.ordered_on if order else None
            out.append(TemporaryLandUse(**facts))
        return out
