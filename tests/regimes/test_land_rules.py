"""临时用地 rules at their boundaries, each with the node of 自然资规〔2021〕2号 it cites."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from zhengce.regimes.land import base
from zhengce.regimes.land.citing import documents_resolver
from zhengce.regimes.land.facts import TemporaryLandUse
from zhengce.regimes.land.rules import REGISTRY
from zhengce.rules import CitationCheckError, Kind, evaluate

from .lft_helpers import assert_docstrings_quote_cited_text

DOC = base.DOC_ID

# A use that breaks no rule: 1 ha of other farmland for site offices, approved by the county,
# term exactly two years, uploaded the next day.
OK = TemporaryLandUse(
    use_id="U1",
    county_code="411122",
    user="甲公司",
    project_kind="construction",
    purpose="office_housing",
    infrastructure_sector="none",
    long_cycle=False,
    permanent_structures=False,
    restorable=True,
    area_cultivated_m2=0,
    area_permanent_basic_m2=0,
    area_other_farmland_m2=10_000,
    area_construction_m2=0,
    area_unused_m2=0,
    approval_level="county",
    approval_department="natural_resources",
    approval_delegated=False,
    approved_on=date(2022, 3, 1),
    term_end=date(2024, 3, 1),
    contract_signed=True,
    reclamation_plan="approved",
    uploaded_on=date(2022, 3, 2),
    system_number="4111222022000001",
    disclosed=True,
)
IN_USE = date(2022, 6, 1)


@pytest.fixture(scope="module")
def resolver(parsed):
    return documents_resolver(parsed.documents)


def run(use: TemporaryLandUse, as_of: date = IN_USE, rule_id: str | None = None, resolver=None):
    found = evaluate({use.use_id: use}, as_of, REGISTRY, resolver)
    return [f for f in found if rule_id is None or f.rule_id == rule_id]


def eids(finding) -> list[str]:
    return [c.eid for c in finding.citations]


# --- citations ------------------------------------------------------------------------------------


def test_every_cited_node_exists_and_docstrings_quote_it(resolver) -> None:
    texts = REGISTRY.check_citations(resolver)
    assert len({eid for _, eid in texts}) == len(base.ALL_CITATIONS)
    assert assert_docstrings_quote_cited_text(REGISTRY, texts) >= 14


def test_citation_texts_are_the_corpus_citations(docs_by_id) -> None:
    doc = docs_by_id[DOC]
    for c in base.ALL_CITATIONS:
        assert c.text == doc.node(c.eid).citation


def test_missing_node_is_reported(resolver) -> None:
    with pytest.raises(CitationCheckError) as err:
        REGISTRY.check_citations(lambda d, e: None if e == "sec_5__para_1" else resolver(d, e))
    assert [m[0] for m in err.value.missing] == ["land.system.upload"]


def test_compliant_use_has_no_findings(resolver) -> None:
    assert run(OK, resolver=resolver) == []


def test_findings_carry_the_quoted_text(resolver) -> None:
    [f] = run(replace(OK, leased=True), resolver=resolver)
    assert f.citations[0].text == "《自然资源部关于规范临时用地管理的通知》四、第1段"
    assert "不得转让、出租、抵押临时用地" in f.citations[0].quote


# --- in force -------------------------------------------------------------------------------------


def test_notice_in_force_from_issue_day_for_five_years() -> None:
    bad = replace(OK, approved_on=date(2021, 11, 4), term_end=date(2022, 11, 4), transferred=True)
    assert run(bad, date(2021, 11, 3)) == []
    assert [f.rule_id for f in run(bad, date(2021, 11, 4))] == ["land.use.as_approved"]
    assert [f.rule_id for f in run(bad, date(2026, 11, 4), "land.use.as_approved")] == [
        "land.use.as_approved"
    ]
    assert run(bad, date(2026, 11, 5)) == []
    assert date(2026, 11, 5) == base.REPEALED


def test_approvals_before_the_notice_are_not_judged_by_its_approval_rules() -> None:
    old = replace(OK, approved_on=date(2021, 11, 3), term_end=date(2025, 1, 1), approval_delegated=True)
    assert run(old, date(2022, 1, 1)) == []


# --- scope ----------------------------------------------------------------------------------------


def test_unrelated_use_is_outside_scope() -> None:
    [f] = run(replace(OK, project_kind="unrelated"), rule_id="land.scope.activity")
    assert f.kind is Kind.VIOLATION and eids(f) == ["sec_1__para_1"]


def test_permanent_structures_and_unrestorable_land() -> None:
    found = run(replace(OK, permanent_structures=True, restorable=False), rule_id="land.scope.activity")
    assert [f.kind for f in found] == [Kind.VIOLATION, Kind.VIOLATION]
    assert eids(found[0]) == ["sec_1__para_1", "sec_1__subsec_1"]
    assert "永久性建（构）筑物" in found[0].message and "无法恢复" in found[1].message


def test_other_lawful_use_needs_its_legal_basis() -> None:
    [f] = run(replace(OK, project_kind="other_lawful"), rule_id="land.scope.activity")
    assert f.kind is Kind.CANNOT_DECIDE and f.needs == ("legal_basis",)
    ok = replace(OK, project_kind="other_lawful", legal_basis="《中华人民共和国土地管理法》第五十七条")
    assert run(ok, rule_id="land.scope.activity") == []


def test_unknown_restorability_cannot_be_decided() -> None:
    [f] = run(replace(OK, restorable=None), rule_id="land.scope.activity")
    assert f.kind is Kind.CANNOT_DECIDE and "restorable" in f.needs and "可供利用状态" in f.message


def test_borrow_pit_outside_infrastructure_is_a_warning() -> None:
    [f] = run(replace(OK, purpose="borrow_pit"), rule_id="land.scope.activity")
    assert f.kind is Kind.WARNING and eids(f) == ["sec_1__subsec_1", "sec_1__subsec_3"]
    assert (
        run(replace(OK, purpose="borrow_pit", infrastructure_sector="water"), rule_id="land.scope.activity")
        == []
    )


# --- 制梁场、拌合站 and 永久基本农田 ----------------------------------------------------------------------


@pytest.mark.parametrize("purpose", ["beam_yard", "mixing_station"])
def test_beam_yard_or_mixing_station_on_one_square_metre_of_cultivated_land(purpose) -> None:
    [f] = run(replace(OK, purpose=purpose, area_cultivated_m2=1), rule_id="land.siting.hard_to_restore")
    assert f.kind is Kind.VIOLATION and eids(f) == ["sec_2__para_1"]
    assert run(replace(OK, purpose=purpose), rule_id="land.siting.hard_to_restore") == []


def test_mixing_station_on_permanent_basic_farmland_and_other_hard_to_restore_facilities() -> None:
    use = replace(OK, purpose="mixing_station", area_permanent_basic_m2=500, restore_planting_conditions=True)
    [f] = run(use, rule_id="land.siting.hard_to_restore")
    assert "永久基本农田500平方米" in f.message
    other = replace(OK, purpose="material_yard", hard_to_restore=True, area_cultivated_m2=10)
    assert len(run(other, rule_id="land.siting.hard_to_restore")) == 1
    assert (
        run(
            replace(OK, purpose="material_yard", area_cultivated_m2=10), rule_id="land.siting.hard_to_restore"
        )
        == []
    )


def test_permanent_basic_farmland_must_be_restorable_to_planting() -> None:
    rule = "land.siting.permanent_basic"
    [f] = run(replace(OK, area_permanent_basic_m2=1, restore_planting_conditions=False), rule_id=rule)
    assert f.kind is Kind.VIOLATION and eids(f) == ["sec_2__para_1"]
    assert run(replace(OK, area_permanent_basic_m2=1, restore_planting_conditions=True), rule_id=rule) == []
    [f] = run(replace(OK, area_permanent_basic_m2=1), rule_id=rule)
    assert f.kind is Kind.CANNOT_DECIDE and f.needs == ("restore_planting_conditions",)


# --- term -----------------------------------------------------------------------------------------


def test_term_of_exactly_two_years_is_allowed_one_day_more_is_not() -> None:
    assert run(replace(OK, term_end=date(2024, 3, 1)), rule_id="land.term.max") == []
    [f] = run(replace(OK, term_end=date(2024, 3, 2)), rule_id="land.term.max")
    assert f.kind is Kind.VIOLATION and eids(f) == ["sec_2__para_2"] and "最迟2024-03-01" in f.message


def test_four_years_for_long_energy_transport_water_projects() -> None:
    long = replace(OK, infrastructure_sector="transport", long_cycle=True, term_end=date(2026, 3, 1))
    assert run(long, rule_id="land.term.max") == []
    [f] = run(replace(long, term_end=date(2026, 3, 2)), rule_id="land.term.max")
    assert "4年" in f.message
    # A long cycle without infrastructure, or infrastructure without a long cycle, keeps two years.
    assert len(run(replace(long, infrastructure_sector="none"), rule_id="land.term.max")) == 1
    assert len(run(replace(long, long_cycle=False), rule_id="land.term.max")) == 1
    # A survey never gets four years.
    survey = replace(long, project_kind="geological_survey", purpose="survey_works")
    assert len(run(survey, rule_id="land.term.max")) == 1


def test_term_counted_from_approval_on_29_february() -> None:
    leap = replace(OK, approved_on=date(2024, 2, 29), uploaded_on=date(2024, 3, 1))
    assert run(replace(leap, term_end=date(2026, 2, 28)), date(2024, 6, 1), "land.term.max") == []
    assert len(run(replace(leap, term_end=date(2026, 3, 1)), date(2024, 6, 1), "land.term.max")) == 1


def test_term_over_two_years_with_unknown_project_facts_cannot_be_decided() -> None:
    [f] = run(replace(OK, infrastructure_sector=None, term_end=date(2025, 1, 1)), rule_id="land.term.max")
    assert f.kind is Kind.CANNOT_DECIDE and f.needs == ("infrastructure_sector",)


# --- approval -------------------------------------------------------------------------------------


def test_cultivated_land_needs_city_level_approval() -> None:
    [f] = run(replace(OK, area_cultivated_m2=1), rule_id="land.approval.level")
    assert f.kind is Kind.VIOLATION and eids(f) == ["sec_3__para_1"]
    assert run(replace(OK, area_cultivated_m2=1, approval_level="city"), rule_id="land.approval.level") == []
    assert (
        run(replace(OK, area_permanent_basic_m2=9, approval_level="province"), rule_id="land.approval.level")
        == []
    )
    assert len(run(replace(OK, area_permanent_basic_m2=9), rule_id="land.approval.level")) == 1


def test_approval_by_another_department() -> None:
    [f] = run(replace(OK, approval_department="other"), rule_id="land.approval.level")
    assert "不是由自然资源主管部门批准" in f.message


def test_delegated_approval_power() -> None:
    [f] = run(replace(OK, approval_delegated=True), rule_id="land.approval.no_delegation")
    assert f.kind is Kind.VIOLATION and eids(f) == ["sec_3__para_2"]


def test_contract_and_reclamation_plan() -> None:
    rule = "land.approval.materials"
    found = run(replace(OK, contract_signed=False, reclamation_plan="none"), rule_id=rule)
    assert [f.message[:6] for f in found] == ["批准临时用地", "未编制土地复"]
    assert all(eids(f) == ["sec_3__para_3"] for f in found)
    assert run(replace(OK, reclamation_plan="covered_by_project"), rule_id=rule) == []


def test_approval_while_the_county_is_suspended() -> None:
    rule = "land.approval.suspended_county"
    [f] = run(replace(OK, suspension_ordered_on=date(2022, 2, 20)), rule_id=rule)
    assert f.kind is Kind.VIOLATION and eids(f) == ["sec_4__para_4"] and "2022-02-20" in f.message
    assert run(OK, rule_id=rule) == []


# --- system upload (from 2022-03-01, 20 working days) -----------------------------------------------


def test_upload_on_the_twentieth_working_day_is_in_time() -> None:
    # 2022-03-01 + 20 working days (no holidays in March 2022) = 2022-03-29.
    assert run(replace(OK, uploaded_on=date(2022, 3, 29)), rule_id="land.system.upload") == []
    [f] = run(replace(OK, uploaded_on=date(2022, 3, 30)), rule_id="land.system.upload")
    assert f.kind is Kind.VIOLATION and eids(f) == ["sec_5__para_1"] and "2022-03-29" in f.message


def test_upload_deadline_follows_the_official_calendar() -> None:
    # Approved 2024-04-15: the 劳动节 holiday (05-01..05-05) does not count, the make-up working days
    # Sunday 2024-04-28 and Saturday 2024-05-11 do, so the 20th working day is 2024-05-14.
    pending = replace(OK, approved_on=date(2024, 4, 15), term_end=date(2025, 4, 15), uploaded_on=None)
    [f] = run(pending, date(2024, 5, 14), "land.system.upload")
    assert f.kind is Kind.OBLIGATION_DUE and f.due == date(2024, 5, 14)
    [f] = run(pending, date(2024, 5, 15), "land.system.upload")
    assert f.kind is Kind.VIOLATION and "未上传" in f.message


def test_upload_without_system_number_is_not_complete() -> None:
    [f] = run(replace(OK, system_number=None), date(2022, 3, 30), "land.system.upload")
    assert f.kind is Kind.VIOLATION and "未完成系统配号" in f.message


def test_upload_rule_starts_on_2022_03_01() -> None:
    before = replace(OK, approved_on=date(2022, 2, 28), uploaded_on=None)
    assert run(before, date(2022, 6, 1), "land.system.upload") == []
    assert run(replace(OK, uploaded_on=None), date(2022, 2, 28), "land.system.upload") == []


def test_approval_not_disclosed() -> None:
    [f] = run(replace(OK, disclosed=False), rule_id="land.system.upload")
    assert "未向社会公开" in f.message


# --- use and reclamation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "word"), [("transferred", "转让"), ("leased", "出租"), ("mortgaged", "抵押")]
)
def test_no_transfer_lease_or_mortgage(field, word) -> None:
    [f] = run(replace(OK, **{field: True}), rule_id="land.use.as_approved")
    assert f.kind is Kind.VIOLATION and word in f.message and eids(f) == ["sec_4__para_1"]
    assert run(replace(OK, **{field: False}), rule_id="land.use.as_approved") == []


def test_use_other_than_approved() -> None:
    [f] = run(replace(OK, used_as_approved=False), rule_id="land.use.as_approved")
    assert "批准的用途" in f.message


ENDED = replace(OK, term_end=date(2023, 6, 30), structures_removed=True)
RECLAIM = "land.reclamation.deadline"


def test_nothing_due_while_the_term_runs() -> None:
    assert run(ENDED, date(2023, 6, 30), RECLAIM) == []


def test_reclamation_due_within_one_year_of_expiry_day_included() -> None:
    [f] = run(ENDED, date(2024, 6, 30), RECLAIM)
    assert f.kind is Kind.OBLIGATION_DUE and f.due == date(2024, 6, 30)
    [f] = run(ENDED, date(2024, 7, 1), RECLAIM)
    assert f.kind is Kind.VIOLATION and eids(f) == ["sec_4__para_1", "sec_4__para_4"]
    assert (
        f.consequence.orders == ("责令限期改正",) and f.consequence.referral == "依照法律法规的规定进行处罚"
    )


def test_reclaimed_on_the_last_day_is_in_time_one_day_later_is_not() -> None:
    assert run(replace(ENDED, reclaimed_on=date(2024, 6, 30)), date(2025, 1, 1), RECLAIM) == []
    [f] = run(replace(ENDED, reclaimed_on=date(2024, 7, 1)), date(2025, 1, 1), RECLAIM)
    assert f.kind is Kind.VIOLATION and "超过复垦期限2024-06-30" in f.message


def test_force_majeure_extension_approved_moves_the_deadline() -> None:
    ext = replace(
        ENDED, extension_until=date(2024, 12, 31), extension_reason="disaster", extension_approved=True
    )
    [f] = run(ext, date(2024, 7, 1), RECLAIM)
    assert f.kind is Kind.OBLIGATION_DUE and f.due == date(2024, 12, 31)
    [f] = run(ext, date(2025, 1, 1), RECLAIM)
    assert f.kind is Kind.VIOLATION


@pytest.mark.parametrize(
    ("reason", "approved", "why"), [("other", True, "不属于不可抗力"), ("climate", False, "未经批准")]
)
def test_extension_without_force_majeure_or_approval_does_not_count(reason, approved, why) -> None:
    ext = replace(
        ENDED, extension_until=date(2024, 12, 31), extension_reason=reason, extension_approved=approved
    )
    warning, violation = run(ext, date(2024, 7, 1), RECLAIM)
    assert warning.kind is Kind.WARNING and why in warning.message
    assert violation.kind is Kind.VIOLATION


def test_reclamation_applies_to_uses_approved_before_the_notice() -> None:
    old = replace(ENDED, approved_on=date(2021, 6, 1))
    [f] = run(old, date(2024, 7, 1), RECLAIM)
    assert f.kind is Kind.VIOLATION


def test_structures_must_be_removed_after_expiry() -> None:
    rule = "land.reclamation.result"
    [f] = run(replace(ENDED, structures_removed=False), date(2023, 7, 1), rule)
    assert eids(f) == ["sec_4__para_2"] and "拆除" in f.message
    assert run(replace(ENDED, structures_removed=False), date(2023, 6, 30), rule) == []


def test_cultivated_land_reclaimed_as_cultivated_land_not_less() -> None:
    rule = "land.reclamation.result"
    used = replace(ENDED, area_cultivated_m2=6000, area_permanent_basic_m2=1000, area_other_farmland_m2=3000)
    done = replace(
        used, reclaimed_on=date(2024, 5, 1), reclaimed_cultivated_m2=7000, reclaimed_farmland_m2=10_000
    )
    assert run(done, date(2024, 6, 1), rule) == []
    [f] = run(replace(done, reclaimed_cultivated_m2=6999), date(2024, 6, 1), rule)
    assert eids(f) == ["sec_4__para_2"] and "减少1平方米" in f.message
    [f] = run(replace(done, reclaimed_farmland_m2=9999), date(2024, 6, 1), rule)
    assert eids(f) == ["sec_4__para_3"]


def test_oil_gas_converted_to_production_needs_construction_land_approval() -> None:
    rule = "land.oil_gas.conversion"
    well = replace(
        OK,
        project_kind="oil_gas",
        purpose="drilling_site",
        exploration_ended_on=date(2023, 1, 1),
        converted_to_production=True,
    )
    [f] = run(well, date(2023, 2, 1), rule)
    assert f.kind is Kind.VIOLATION and eids(f) == ["sec_3__para_2"]
    assert run(replace(well, construction_land_approved=True), date(2023, 2, 1), rule) == []
    assert run(replace(well, converted_to_production=False), date(2023, 2, 1), rule) == []
