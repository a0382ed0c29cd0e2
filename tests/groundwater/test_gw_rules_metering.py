"""第二十二条 metering rules at their boundaries: dates, deadlines and the 取水规模."""

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from zhengce.regimes.groundwater import rules_metering
from zhengce.regimes.groundwater.facts import AbstractionWork
from zhengce.regimes.groundwater.rules_metering import ART_22_1, ART_22_2, ART_56_1, REGISTRY
from zhengce.rules import CitationCheckError, Kind, evaluate, findings_to_json

SOURCE = Path(__file__).resolve().parents[2] / "data" / "policy-compilation-2021.txt"
DOC = "国务院令-748"


def _flat() -> str:
    # The first document only; whitespace (hard wraps, blank lines, stray spaces) removed.
    text = re.sub(r"\s+", "", SOURCE.read_text(encoding="utf-8"))
    return text[: text.index("第六十四条")]


def _between(start: str, end: str) -> str:
    flat = _flat()
    i = flat.index(start) + len(start)
    return flat[i : flat.index(end, i)]


def _resolver():
    art22 = _between("第二十二条", "第二十三条")
    art56 = _between("第五十六条", "第五十七条")
    split22, split56 = art22.index("单位和个人"), art56.index("计量设施不合格")
    nodes = {
        ART_22_1: art22[:split22],
        ART_22_2: art22[split22:],
        ART_56_1: art56[:split56],
        "chp_7__art_56__para_2": art56[split56:],
    }
    return lambda doc_id, eid: nodes.get(eid) if doc_id == DOC else None


def test_module_docstring_quotes_article_22_verbatim() -> None:
    quoted = re.sub(r"\s+", "", rules_metering.__doc__.split("第二十二条", 2)[2])
    assert quoted == _between("第二十二条", "第二十三条")


def test_citations_resolve_against_the_regulation() -> None:
    texts = REGISTRY.check_citations(_resolver())
    assert texts[(DOC, ART_22_1)].startswith("新建、改建、扩建地下水取水工程，应当同时安装计量设施。")
    assert texts[(DOC, ART_22_2)].startswith("单位和个人取用地下水量达到取水规模以上的")
    assert all(r.citations for r in REGISTRY)


def test_citation_check_fails_when_a_node_is_missing() -> None:
    resolve = _resolver()
    with pytest.raises(CitationCheckError) as err:
        REGISTRY.check_citations(lambda d, e: None if e == ART_22_2 else resolve(d, e))
    assert [m[0] for m in err.value.missing] == ["gw.meter.online_realtime"]
    assert "第二十二条第二款" in str(err.value)


NEW = AbstractionWork("井-新", built_on=date(2021, 12, 1), meter_installed=False, serious=False)
OLD = AbstractionWork(
    "井-旧", built_on=date(2021, 11, 30), meter_installed=False, county_meter_deadline=date(2022, 6, 30)
)


def _run(work: AbstractionWork, as_of: date, rule_id: str | None = None):
    findings = evaluate({work.work_id: work}, as_of, REGISTRY, _resolver())
    return [f for f in findings if rule_id is None or f.rule_id == rule_id]


# --- effective date ---------------------------------------------------------------------------------


def test_nothing_applies_before_2021_12_01() -> None:
    assert _run(NEW, date(2021, 11, 30)) == []
    assert _run(OLD, date(2021, 11, 30)) == []


# --- new, rebuilt or expanded works: 同时安装 -------------------------------------------------------------


def test_new_work_without_meter_is_a_violation_with_56_1_consequence() -> None:
    [f] = _run(NEW, date(2021, 12, 1), "gw.meter.required")
    assert f.kind is Kind.VIOLATION
    assert [c.eid for c in f.citations] == [ART_22_1, ART_56_1]
    assert f.citations[0].text == "《地下水管理条例》第二十二条第一款"
    assert f.citations[1].quote and "吊销取水许可证" in f.citations[1].quote
    c = f.consequence
    assert c is not None and (c.fine_min, c.fine_max) == (100_000, 500_000) and not c.revocation
    assert c.orders == ("责令限期安装",) and c.levy_basis
    assert f.evidence == {"built_on": date(2021, 12, 1), "meter_installed": False, "serious": False}


def test_new_work_serious_revokes_permit() -> None:
    [f] = _run(replace(NEW, serious=True), date(2022, 1, 1), "gw.meter.required")
    assert f.consequence is not None and f.consequence.revocation


def test_new_work_unknown_seriousness_keeps_violation_and_flags_penalty_band() -> None:
    violation, undecided = _run(replace(NEW, serious=None), date(2022, 1, 1), "gw.meter.required")
    assert violation.kind is Kind.VIOLATION and violation.consequence is None
    assert undecided.kind is Kind.CANNOT_DECIDE and undecided.needs == ("serious",)
    assert "情节严重" in undecided.message
    assert undecided.citations == violation.citations


def test_work_built_day_before_effective_date_is_an_existing_work() -> None:
    assert _run(OLD, date(2022, 1, 1), "gw.meter.required") == []
    assert _run(NEW, date(2022, 1, 1), "gw.meter.existing_deadline") == []


def test_work_under_construction_has_the_obligation_due() -> None:
    work = replace(NEW, built_on=date(2022, 5, 1))
    [f] = _run(work, date(2022, 4, 30), "gw.meter.required")
    assert f.kind is Kind.OBLIGATION_DUE and f.due == date(2022, 5, 1)
    assert [c.eid for c in f.citations] == [ART_22_1]
    [f] = _run(work, date(2022, 5, 1), "gw.meter.required")
    assert f.kind is Kind.VIOLATION


def test_metered_work_is_fine() -> None:
    assert _run(replace(NEW, meter_installed=True), date(2022, 1, 1), "gw.meter.required") == []
    assert _run(replace(OLD, meter_installed=True), date(2023, 1, 1), "gw.meter.existing_deadline") == []


def test_unknown_build_date_cannot_be_decided() -> None:
    [f] = _run(replace(NEW, built_on=None), date(2022, 1, 1), "gw.meter.required")
    assert f.kind is Kind.CANNOT_DECIDE and f.needs == ("built_on",)
    assert "建成或者改建、扩建完成日期" in f.message


# --- existing works: the county's deadline -------------------------------------------------------------


def test_existing_work_on_deadline_day_is_still_due() -> None:
    [f] = _run(OLD, date(2022, 6, 30), "gw.meter.existing_deadline")
    assert f.kind is Kind.OBLIGATION_DUE and f.due == date(2022, 6, 30)


def test_existing_work_day_after_deadline_is_a_violation() -> None:
    [violation, undecided] = _run(OLD, date(2022, 7, 1), "gw.meter.existing_deadline")
    assert violation.kind is Kind.VIOLATION and "2022-06-30" in violation.message
    assert undecided.needs == ("serious",)  # OLD has no 情节严重 determination
    [f] = _run(replace(OLD, serious=False), date(2022, 7, 1), "gw.meter.existing_deadline")
    assert f.consequence is not None and f.consequence.fine_min == 100_000


def test_existing_work_without_county_deadline_cannot_be_decided() -> None:
    [f] = _run(replace(OLD, county_meter_deadline=None), date(2022, 7, 1), "gw.meter.existing_deadline")
    assert f.kind is Kind.CANNOT_DECIDE and f.needs == ("county_meter_deadline",)


# --- online metering above the 取水规模 ---------------------------------------------------------------


def _big(volume: float, **kw) -> AbstractionWork:
    return AbstractionWork("井-大", annual_abstraction_m3=volume, online_threshold_m3=50_000, **kw)


def test_exactly_at_scale_requires_online_metering() -> None:
    [f] = _run(_big(50_000, online_meter_installed=False), date(2022, 1, 1), "gw.meter.online_realtime")
    assert f.kind is Kind.VIOLATION and "50,000立方米/年" in f.message
    assert [c.eid for c in f.citations] == [ART_22_2] and f.consequence is None


def test_one_below_scale_needs_nothing() -> None:
    assert (
        _run(_big(49_999, online_meter_installed=False), date(2022, 1, 1), "gw.meter.online_realtime") == []
    )


def test_online_meter_without_realtime_transmission() -> None:
    work = _big(80_000, online_meter_installed=True, realtime_transmission=False)
    [f] = _run(work, date(2022, 1, 1), "gw.meter.online_realtime")
    assert f.kind is Kind.VIOLATION and "实时传输" in f.message
    ok = _big(80_000, online_meter_installed=True, realtime_transmission=True)
    assert _run(ok, date(2022, 1, 1), "gw.meter.online_realtime") == []


def test_unknown_scale_cannot_be_decided() -> None:
    work = AbstractionWork("井-大", annual_abstraction_m3=80_000)
    [f] = _run(work, date(2022, 1, 1), "gw.meter.online_realtime")
    assert f.kind is Kind.CANNOT_DECIDE and f.needs == ("online_threshold_m3",)


def test_findings_serialise_to_json() -> None:
    findings = _run(NEW, date(2022, 1, 1))
    data = json.loads(findings_to_json(findings))
    assert data[0]["rule_id"] == "gw.meter.required"
    assert data[0]["evidence"]["built_on"] == "2021-12-01"
    assert data[0]["consequence"]["fine_max"] == 500_000


# --- 第五十六条第一款 levy: 按照日最大取水能力计算的取水量计征相关费用 -----------------------------------


def test_levy_volume_for_new_works_counts_from_completion_inclusive() -> None:
    work = AbstractionWork(
        "井-新", built_on=date(2022, 3, 1), meter_installed=False, max_daily_m3=120.5, serious=False
    )
    [f] = _run(work, date(2022, 3, 10), "gw.meter.required")
    assert f.kind is Kind.VIOLATION
    assert (f.consequence.levy_days, f.consequence.levy_volume_m3) == (10, 1205)  # 1 March..10 March
    assert f.consequence.levy_basis and f.consequence.fine_min == 100_000


def test_levy_volume_for_existing_works_starts_the_day_after_the_deadline() -> None:
    work = AbstractionWork(
        "井-旧",
        built_on=date(2015, 1, 1),
        meter_installed=False,
        county_meter_deadline=date(2022, 6, 30),
        max_daily_m3=100.0,
        serious=False,
    )
    [due] = _run(work, date(2022, 6, 30), "gw.meter.existing_deadline")
    assert due.kind is Kind.OBLIGATION_DUE and due.consequence is None
    [f] = _run(work, date(2022, 7, 1), "gw.meter.existing_deadline")
    assert (f.consequence.levy_days, f.consequence.levy_volume_m3) == (1, 100)


def test_levy_volume_unknown_without_capacity() -> None:
    work = AbstractionWork("井-新", built_on=date(2022, 3, 1), meter_installed=False, serious=False)
    [f] = _run(work, date(2022, 3, 10), "gw.meter.required")
    assert f.consequence.levy_volume_m3 is None and f.consequence.levy_basis
