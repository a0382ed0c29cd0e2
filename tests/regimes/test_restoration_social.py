"""社会资本参与生态保护修复 (国办发〔2021〕40号): the 3% cap and the other checkable conditions."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhengce.cli import app
from zhengce.regimes.land.citing import documents_resolver
from zhengce.regimes.restoration import base
from zhengce.regimes.restoration.facts import SocialCapitalProject
from zhengce.regimes.restoration.rules import SOCIAL_REGISTRY
from zhengce.regimes.restoration.rules_social import within_cap
from zhengce.rules import Kind, evaluate

from .lft_helpers import assert_docstrings_quote_cited_text

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "funds" / "social-capital.json"
OK = SocialCapitalProject(
    "S1",
    forest_grass_dominant=True,
    restored_area_m2=10_000,
    eco_industry_area_m2=300,
    contiguous_scale_met=True,
    breaches_red_lines=False,
    development_in_disguise=False,
    has_responsible_party=False,
    stakeholders_affected=False,
    selected_competitively=True,
    adds_hidden_debt=False,
)


def run(project: SocialCapitalProject, rule_id: str | None = None):
    found = evaluate({project.project_id: project}, date(2022, 6, 1), SOCIAL_REGISTRY)
    return [f for f in found if rule_id is None or f.rule_id == rule_id]


def test_citations_match_the_corpus_and_docstrings_quote_them(parsed, docs_by_id) -> None:
    texts = SOCIAL_REGISTRY.check_citations(documents_resolver(parsed.documents))
    assert assert_docstrings_quote_cited_text(SOCIAL_REGISTRY, texts) >= 9
    doc = docs_by_id[base.SOCIAL_DOC]
    for c in base.SOCIAL_CITATIONS:
        assert c.text == doc.node(c.eid).citation


def test_compliant_project_and_effective_date() -> None:
    assert run(OK) == []
    bad = replace(OK, breaches_red_lines=True)
    assert evaluate({"S": bad}, date(2021, 10, 24), SOCIAL_REGISTRY) == []
    assert evaluate({"S": bad}, date(2021, 10, 25), SOCIAL_REGISTRY)


@pytest.mark.parametrize(("industry", "ok"), [(300, True), (301, False), (0, True)])
def test_three_percent_of_restored_area_inclusive(industry, ok) -> None:
    assert within_cap(industry, 10_000) is ok
    found = run(replace(OK, eco_industry_area_m2=industry), "social.eco_industry")
    assert (found == []) is ok
    if not ok:
        assert found[0].kind is Kind.VIOLATION and found[0].citations[0].eid == "sec_4__subsec_13"
        assert "（300平方米）" in found[0].message


def test_cap_applies_only_to_forest_and_grassland_projects_but_scale_always() -> None:
    assert (
        run(replace(OK, forest_grass_dominant=False, eco_industry_area_m2=5000), "social.eco_industry") == []
    )
    [f] = run(replace(OK, contiguous_scale_met=False), "social.eco_industry")
    assert "一定规模和预期目标" in f.message


def test_red_lines_and_disguised_development() -> None:
    found = run(replace(OK, breaches_red_lines=True, development_in_disguise=True), "social.red_lines")
    assert [f.citations[0].eid for f in found] == ["sec_1__subsec_2__para_2"] * 2


def test_responsible_party_must_bear_the_restoration() -> None:
    [f] = run(
        replace(OK, has_responsible_party=True, responsible_party_bears=False), "social.responsible_party"
    )
    assert f.citations[0].eid == "sec_2__subsec_3"
    assert (
        run(replace(OK, has_responsible_party=True, responsible_party_bears=True), "social.responsible_party")
        == []
    )
    [f] = run(replace(OK, has_responsible_party=True), "social.responsible_party")
    assert f.kind is Kind.CANNOT_DECIDE


def test_minerals_only_sand_stone_clay_for_the_project_and_stakeholders_agree() -> None:
    ok = replace(OK, minerals=("sand", "clay"), minerals_beyond_need=False, minerals_other_use=False)
    assert run(ok, "social.plan") == []
    found = run(replace(ok, minerals=("sand", "other"), minerals_other_use=True), "social.plan")
    assert [f.message[:6] for f in found] == ["配置的矿产资", "配置的砂、石"]
    [f] = run(replace(OK, stakeholders_affected=True, stakeholders_agreed=False), "social.plan")
    assert "协商一致" in f.message and f.citations[0].eid == "sec_2__subsec_5__item_2"


def test_competitive_selection_is_only_a_warning() -> None:
    [f] = run(replace(OK, selected_competitively=False), "social.competition")
    assert f.kind is Kind.WARNING and f.citations[0].eid == "sec_2__subsec_5__item_3"


def test_materials_quota_debt_and_basic_farmland() -> None:
    assert (
        len(run(replace(OK, surplus_sold_by_entity=True, materials_used_elsewhere=True), "social.materials"))
        == 2
    )
    assert (
        run(replace(OK, quota_outside_province=True), "social.land_quota")[0].citations[0].eid
        == "sec_4__subsec_13__para_1"
    )
    assert (
        run(replace(OK, adds_hidden_debt=True), "social.hidden_debt")[0].citations[0].eid
        == "sec_4__subsec_16"
    )
    [f] = run(
        replace(OK, basic_farmland_adjusted=True, basic_farmland_approved=False), "social.basic_farmland"
    )
    assert f.citations[0].eid == "sec_4__subsec_12"
    assert (
        run(replace(OK, basic_farmland_adjusted=True, basic_farmland_approved=True), "social.basic_farmland")
        == []
    )


def test_cli_social_capital_example() -> None:
    result = CliRunner().invoke(
        app, ["funds", "social-capital", str(EXAMPLE), "--as-of", "2022-06-01", "--json"]
    )
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)
    assert {f["subject"] for f in findings} == {"SC-02"}  # SC-01 uses exactly 3%
    assert any(f["rule_id"] == "social.eco_industry" for f in findings)


from hypothesis import HealthCheck, given, settings  # noqa: E402

from zhengce.errors import UserError  # noqa: E402
from zhengce.regimes.restoration.query import assess_social_capital  # noqa: E402

from .lft_helpers import mutated  # noqa: E402


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(json.loads(EXAMPLE.read_text(encoding="utf-8"))))
def test_any_malformed_social_capital_file_gives_a_clear_error(data) -> None:
    try:
        assess_social_capital(data, date(2022, 6, 1))
    except UserError as exc:
        assert "(" in str(exc)
