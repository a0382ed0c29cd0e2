"""Columnar evaluation of the works rules: the path ``zhengce groundwater check`` uses.

Works are held as columns (numpy arrays, one entry per works, one column per :class:`WorksFacts`
field). For each works rule a numpy *screen* computes, for all works at once, a mask that is a superset
of the works on which the rule can produce any finding at all (violation, warning, obligation due or
cannot decide). The ordinary rule function then runs, through the rules kernel, only on the masked
works — so the findings (citations, messages, evidence, consequences, order) are the kernel's own and
equal those of evaluating every rule on every works one row at a time. The screens are conservative:
wherever a rule would read a missing fact, the works stays in the mask.

Rules over events, county-years and fee schedules (few subjects) are evaluated row by row as before.
A works rule without a screen is evaluated on every works (correct, only slower); ``COVERED`` lists
the screened rules and :func:`coverage` reports the fraction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import cache
from typing import Any

import numpy as np

from zhengce.regimes.groundwater.facts import AquiferFacts, WorksFacts
from zhengce.regimes.groundwater.vocab import MONITORING_KINDS, MUST_SEAL, ZONE_KINDS
from zhengce.rules import Finding, Registry, Resolver, Rule, evaluate

EFFECTIVE = np.datetime64("2021-12-01", "D")
NAT = np.datetime64("NaT", "D")
INT_NONE = np.iinfo(np.int32).min
ZONE_BITS = {kind: 1 << i for i, kind in enumerate(ZONE_KINDS)}

# Column type of every WorksFacts field: d = date (datetime64[D], NaT = None), f = float (NaN = None),
# b = bool (int8: -1 None, 0, 1), i = int (int32, INT_NONE = None), z = zone kinds (bit mask),
# o = any Python object (strings, tuples of aquifers, frozensets).
FIELD_TYPES: dict[str, str] = {}
for _f in dataclasses.fields(WorksFacts):
    _t = str(_f.type)
    FIELD_TYPES[_f.name] = (
        "z"
        if _f.name == "zones"
        else "d"
        if _t.startswith("date")
        else "f"
        if _t.startswith("float")
        else "b"
        if _t.startswith("bool")
        else "i"
        if _t.startswith("int")
        else "o"
    )


@cache
def _zone_set(bits: int) -> frozenset[str]:
    return frozenset(k for k, b in ZONE_BITS.items() if bits & b)


def zone_bits(zones: Iterable[str]) -> int:
    return sum(ZONE_BITS[z] for z in set(zones))


def _column(kind: str, values: list[Any]) -> np.ndarray:
    if kind == "d":
        return np.array([NAT if v is None else np.datetime64(v, "D") for v in values], dtype="datetime64[D]")
    if kind == "f":
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    if kind == "b":
        return np.array([-1 if v is None else int(bool(v)) for v in values], dtype=np.int8)
    if kind == "i":
        return np.array([INT_NONE if v is None else v for v in values], dtype=np.int32)
    if kind == "z":
        return np.array([zone_bits(v) for v in values], dtype=np.int32)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _py(kind: str, value: Any) -> Any:
    if kind == "d":
        return None if np.isnat(value) else value.astype(object)
    if kind == "f":
        return None if np.isnan(value) else float(value)
    if kind == "b":
        return None if value < 0 else bool(value)
    if kind == "i":
        return None if value == INT_NONE else int(value)
    if kind == "z":
        return _zone_set(int(value))
    return value


@dataclasses.dataclass
class WorksColumns:
    """One array per WorksFacts field (``cols["volume_year_m3"]``), all of the same length."""

    cols: dict[str, np.ndarray]

    def __post_init__(self) -> None:
        missing = set(FIELD_TYPES) - set(self.cols)
        if missing:
            raise ValueError(f"WorksColumns lacks {sorted(missing)}")
        lengths = {len(a) for a in self.cols.values()}
        if len(lengths) > 1:
            raise ValueError(f"WorksColumns columns differ in length: {sorted(lengths)}")
        self._aq: dict[str, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.cols["work_id"])

    def __getitem__(self, name: str) -> np.ndarray:
        return self.cols[name]

    @classmethod
    def from_values(cls, values: Mapping[str, list[Any]]) -> WorksColumns:
        """From one Python list per field (``None`` for unknown), e.g. built from database rows."""
        n = len(values["work_id"])
        return cls(
            {
                name: _column(kind, list(values[name]) if name in values else [_default(name)] * n)
                for name, kind in FIELD_TYPES.items()
            }
        )

    @classmethod
    def from_facts(cls, facts: Iterable[WorksFacts]) -> WorksColumns:
        rows = list(facts)
        return cls.from_values({name: [getattr(r, name) for r in rows] for name in FIELD_TYPES})

    def facts(self, i: int) -> WorksFacts:
        """The WorksFacts of row ``i``, exactly as the per-row rules read them."""
        return WorksFacts(**{name: _py(kind, self.cols[name][i]) for name, kind in FIELD_TYPES.items()})

    def facts_many(self, indices: np.ndarray) -> list[WorksFacts]:
        """WorksFacts of many rows at once (column-wise conversion; same values as :meth:`facts`)."""
        values = []
        for name, kind in FIELD_TYPES.items():
            a = self.cols[name][indices]
            if kind == "d":
                values.append(a.astype(object).tolist())  # NaT → None
            elif kind == "f":
                values.append([None if v != v else v for v in a.tolist()])
            elif kind == "b":
                values.append([None if v < 0 else bool(v) for v in a.tolist()])
            elif kind == "i":
                values.append([None if v == INT_NONE else v for v in a.tolist()])
            elif kind == "z":
                values.append([_zone_set(v) for v in a.tolist()])
            else:
                values.append(a.tolist())
        names = tuple(FIELD_TYPES)
        return [WorksFacts(**dict(zip(names, row, strict=True))) for row in zip(*values, strict=True)]

    def all_facts(self) -> dict[str, WorksFacts]:
        ids = self.cols["work_id"]
        return dict(zip(ids, self.facts_many(np.arange(len(self))), strict=True))

    def aquifer_flags(self) -> dict[str, np.ndarray]:
        """Per works: aquifers unknown, any 潜水/承压, any polluted/难以更新, quality classes spread."""
        if self._aq is None:
            flags: dict[tuple, tuple] = {}
            cells = self.cols["aquifers"]
            out = np.zeros((len(cells), 6), dtype=np.int16)
            for i, aqs in enumerate(cells):
                key = id(aqs)
                row = flags.get(key)
                if row is None or row[0] is not aqs:
                    row = (aqs, _aquifer_row(aqs))
                    flags[key] = row
                out[i] = row[1]
            self._aq = {
                "none": out[:, 0] == 1,
                "phreatic": out[:, 1] == 1,
                "confined": out[:, 2] == 1,
                "polluted": out[:, 3] == 1,
                "non_renewable": out[:, 4] == 1,
                "layers": out[:, 5],
            }
        return self._aq


def _default(name: str) -> Any:
    f = WorksFacts.__dataclass_fields__[name]
    if f.default is not dataclasses.MISSING:
        return f.default
    return None


def _aquifer_row(aqs: tuple[AquiferFacts, ...] | None) -> tuple[int, ...]:
    if aqs is None:
        return (1, 0, 0, 0, 0, 0)
    kinds = {a.kind for a in aqs}
    return (
        0,
        int("phreatic" in kinds),
        int("confined" in kinds),
        int(any(a.polluted for a in aqs)),
        int(any(a.non_renewable for a in aqs)),
        len(aqs),
    )


# --- screens: one per works rule; each returns a bool mask over the works ---------------------------

Screen = Callable[[WorksColumns, np.datetime64], np.ndarray]
SCREENS: dict[str, Screen] = {}


def screen_for(*rule_ids: str) -> Callable[[Screen], Screen]:
    def wrap(fn: Screen) -> Screen:
        for rule_id in rule_ids:
            SCREENS[rule_id] = fn
        return fn

    return wrap


def _none(c: WorksColumns, name: str) -> np.ndarray:
    a = c[name]
    kind = FIELD_TYPES[name]
    if kind == "d":
        return np.isnat(a)
    if kind == "f":
        return np.isnan(a)
    if kind == "b":
        return a < 0
    if kind == "i":
        return a == INT_NONE
    return np.fromiter((v is None for v in a), dtype=bool, count=len(a))


def _is(c: WorksColumns, name: str, values: Iterable[str]) -> np.ndarray:
    wanted = frozenset(values)
    a = c[name]
    return np.fromiter((v in wanted for v in a), dtype=bool, count=len(a))


def _zone(c: WorksColumns, kind: str) -> np.ndarray:
    return (c["zones"] & ZONE_BITS[kind]) != 0


def _drew(c: WorksColumns) -> np.ndarray:
    """volume_year_m3 unknown (the rule would need it) or positive."""
    v = c["volume_year_m3"]
    return np.isnan(v) | (v > 0)


def _lasting(c: WorksColumns, as_of: np.datetime64, items: Iterable[str]) -> np.ndarray:
    """An exemption of ``items`` that still lasts on the as-of date (end day included)."""
    until = c["exemption_until"]
    return _is(c, "exemption", items) & (np.isnat(until) | (until >= as_of))


ART_27_EXEMPTIONS = ("emergency_supply", "domestic_no_alternative", "monitoring_small")
ART_35_EXEMPTIONS = ("construction_safety", "public_safety", "monitoring_small")


@screen_for("gw.meter.required")
def _meter_required(c, as_of):
    built = c["built_on"]
    return np.isnat(built) | ((built >= EFFECTIVE) & (c["meter_installed"] != 1))


@screen_for("gw.meter.existing_deadline")
def _meter_existing(c, as_of):
    built = c["built_on"]
    return np.isnat(built) | ((built < EFFECTIVE) & (c["meter_installed"] != 1))


@screen_for("gw.meter.online_realtime")
def _online(c, as_of):
    volume, threshold = c["annual_abstraction_m3"], c["online_threshold_m3"]
    compliant = (c["online_meter_installed"] == 1) & (c["realtime_transmission"] == 1)
    return np.isnan(volume) | np.isnan(threshold) | ((volume >= threshold) & ~compliant)


@screen_for("gw.meter.faulty")
def _faulty(c, as_of):
    return _none(c, "metering") | (~_is(c, "metering", ("none",)) & (c["meter_ok"] != 1))


@screen_for("gw.meter.transmission_gaps")
def _gaps(c, as_of):
    volume, threshold = c["annual_abstraction_m3"], c["online_threshold_m3"]
    reporting, window = c["reporting_days"], c["window_days"]
    unknown = (reporting == INT_NONE) | (window == INT_NONE)
    gap = (reporting != 0) & (window.astype(np.int64) - reporting > 0)
    above = np.isnan(volume) | np.isnan(threshold) | ((volume >= threshold) & (unknown | gap))
    return _none(c, "metering") | (_is(c, "metering", ("online",)) & above)


@screen_for("gw.permit.unauthorized")
def _unauthorized(c, as_of):
    volume = c["volume_year_m3"]
    exempt = _is(c, "kind", MONITORING_KINDS) | _is(c, "exemption", ("construction_safety",))
    valid = c["permit_valid_to"] >= as_of
    return _none(c, "kind") | (~exempt & (np.isnan(volume) | ((volume > 0) & ~valid)))


@screen_for("gw.nonrenewable")
def _nonrenewable(c, as_of):
    aq = c.aquifer_flags()
    volume = c["volume_year_m3"]
    drew = np.isnan(volume) | ((volume > 0) & ~_lasting(c, as_of, ART_27_EXEMPTIONS))
    return aq["none"] | (aq["non_renewable"] & drew)


@screen_for("gw.zone.prohibited")
def _prohibited(c, as_of):
    volume = c["volume_year_m3"]
    return _zone(c, "prohibited") & (
        np.isnan(volume) | ((volume > 0) & ~_lasting(c, as_of, ART_35_EXEMPTIONS))
    )


@screen_for("gw.zone.restricted_new")
def _restricted_new(c, as_of):
    built = c["built_on"]
    since = c["restricted_since"]
    since = np.where(np.isnat(since), EFFECTIVE, since)
    new = built >= np.maximum(since, EFFECTIVE)
    rest = _zone(c, "restricted") & ~_lasting(c, as_of, ART_35_EXEMPTIONS)
    return rest & (np.isnat(built) | (new & _drew(c)))


@screen_for("gw.zone.restricted_reduce")
def _restricted_reduce(c, as_of):
    now, before = c["volume_year_m3"], c["volume_prev_year_m3"]
    grew = np.isnan(now) | np.isnan(before) | ((before > 0) & (now >= before))
    return _zone(c, "restricted") & ~_lasting(c, as_of, ART_35_EXEMPTIONS) & grew


@screen_for("gw.mixed_extraction")
def _mixed(c, as_of):
    aq = c.aquifer_flags()
    return aq["none"] | (aq["phreatic"] & aq["confined"] & aq["polluted"] & _drew(c))


@screen_for("gw.layered_extraction")
def _layered(c, as_of):
    aq = c.aquifer_flags()
    return aq["none"] | ((aq["layers"] >= 2) & _drew(c))


@screen_for("gw.well.filing")
def _well_filing(c, as_of):
    started, filed = c["construction_started_on"], c["well_filed_on"]
    in_time = ~np.isnat(filed) & (filed <= started)
    due = np.isnat(started) | ((started >= EFFECTIVE) & ~in_time)
    return _none(c, "kind") | (_is(c, "kind", MONITORING_KINDS) & due)


@screen_for("gw.seal")
def _seal(c, as_of):
    sealed = _is(c, "status", ("sealed",)) & (c["sealing_reported"] == 0)
    unsealed = _is(c, "status", MUST_SEAL) & np.isnat(c["sealed_on"])
    return _none(c, "status") | sealed | unsealed


@screen_for("gw.geothermal")
def _geothermal(c, as_of):
    return _none(c, "kind") | _is(c, "kind", ("geothermal_production",))


# --- evaluation ----------------------------------------------------------------------------------


def is_works_rule(r: Rule) -> bool:
    return r.applies_to is None or issubclass(WorksFacts, r.applies_to)


def _other_rule(r: Rule) -> bool:
    kinds = r.applies_to if isinstance(r.applies_to, tuple) else (r.applies_to,)
    return r.applies_to is None or any(k is not None and not issubclass(k, WorksFacts) for k in kinds)


def coverage(registry: Registry) -> tuple[int, int, list[str]]:
    """(screened works rules, all works rules, unscreened works rule ids)."""
    works = [r.rule_id for r in registry if is_works_rule(r)]
    unscreened = [r for r in works if r not in SCREENS]
    return len(works) - len(unscreened), len(works), unscreened


def screen(c: WorksColumns, as_of: date, registry: Registry) -> dict[str, np.ndarray]:
    """Row indices each works rule must be evaluated on (every row for an unscreened rule)."""
    day = np.datetime64(as_of, "D")
    out = {}
    for r in registry:
        if is_works_rule(r) and r.in_force(as_of):
            fn = SCREENS.get(r.rule_id)
            out[r.rule_id] = np.arange(len(c)) if fn is None else np.flatnonzero(fn(c, day))
    return out


def evaluate_columns(
    c: WorksColumns,
    others: Mapping[str, object],
    as_of: date,
    registry: Registry,
    resolver: Resolver | None = None,
) -> list[Finding]:
    """The findings ``evaluate({works…, others…}, as_of, registry, resolver)`` gives, works screened first.

    Same order as the kernel: rules in registration order; within a rule, works (in column order)
    before the other subjects (in mapping order).
    """
    indices = screen(c, as_of, registry)
    needed = np.unique(np.concatenate([np.zeros(0, np.int64), *indices.values()]))
    facts = dict(zip(needed.tolist(), c.facts_many(needed), strict=True))
    ids = c["work_id"]
    findings: list[Finding] = []
    for r in registry:
        if not r.in_force(as_of):
            continue
        single = Registry(titles=registry.titles)
        single.register(r)
        subjects: dict[str, object] = {}
        if r.rule_id in indices:
            for i in indices[r.rule_id].tolist():
                subjects[ids[i]] = facts[i]
        if _other_rule(r):
            subjects.update(others)
        if subjects:
            findings.extend(evaluate(subjects, as_of, single, resolver))
    return findings
