"""治理资金 (财资环〔2021〕100号): award bands at their shared figures, exclusions, adjustments, factor method."""

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
from zhengce.regimes.restoration.allocation import (
    YI,
    ProvinceFactors,
    factor_allocation,
    integrated_award,
    mining_project_award,
)
from zhengce.regimes.restoration.facts import RestorationProject
from zhengce.regimes.restoration.rules import FUND_REGISTRY
from zhengce.rules import Kind, evaluate

from .lft_helpers import assert_docstrings_quote_cited_text, squash

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "funds" / "restoration.json"
ON = date(2022, 6, 1)
CLEAN = dict(
    breaches_controls=False, has_responsible_party=False, centrally_funded=False, landscape_project=False
)
P = RestorationProject("P1", kind="integrated", method="project", total_investment=30 * YI, **CLEAN)


def run(project: RestorationProject, rule_id: str | None = None, as_of: date = ON):
    found = evaluate({project.project_id: project}, as_of, FUND_REGISTRY)
    return [f for f in found if rule_id is None or f.rule_id == rule_id]


def test_citations_match_the_corpus_and_docstrings_quote_them(parsed, docs_by_id) -> None:
    texts = FUND_REGISTRY.check_citations(documents_resolver(parsed.documents))
    assert assert_docstrings_quote_cited_text(FUND_REGISTRY, texts) >= 5
    doc = docs_by_id[base.FUND_DOC]
    for c in base.FUND_CITATIONS:
        assert c.text == doc.node(c.eid).citation


@pytest.mark.parametrize(
    ("investment", "award"),
    [
        (10 * YI - 1, 0),  # below every band
        (10 * YI, 5 * YI),  # 10亿 opens the first band
        (20 * YI - 1, 5 * YI),
        (20 * YI, 10 * YI),  # the shared figure 20亿 goes to the band it opens
        (50 * YI - 1, 10 * YI),
        (50 * YI, 20 * YI),  # 50亿元以上 includes 50亿
        (300 * YI, 20 * YI),
    ],
)
def test_integrated_bands(investment, award) -> None:
    assert integrated_award(investment).amount == award


def test_shared_figures_carry_a_note() -> None:
    assert "20亿元" in integrated_award(20 * YI).note
    assert integrated_award(30 * YI).note is None


@pytest.mark.parametrize(("investment", "award"), [(5 * YI - 1, 0), (5 * YI, 3 * YI), (40 * YI, 3 * YI)])
def test_mining_project_band_includes_five_yi(investment, award) -> None:
    assert mining_project_award(investment).amount == award


def test_award_decision_cites_article_7_and_warns_on_a_different_request() -> None:
    [decision, warning] = run(
        replace(P, total_investment=20 * YI, requested_award=5 * YI), "restoration.award.integrated"
    )
    assert decision.kind is Kind.DECISION and "奖补10亿元" in decision.message
    assert [c.eid for c in decision.citations] == ["att_1__art_7__para_2"]
    assert warning.kind is Kind.WARNING
    [below] = run(replace(P, total_investment=9 * YI), "restoration.award.integrated")
    assert "奖补0元" in below.message


def test_mining_factor_method_is_not_a_project_award() -> None:
    mine = replace(P, kind="mining_legacy", method="factor")
    [f] = run(mine, "restoration.award.mining")
    assert "因素法" in f.message and run(mine, "restoration.award.integrated") == []


@pytest.mark.parametrize(
    ("field", "words"),
    [
        ("breaches_controls", "生态保护红线"),
        ("has_responsible_party", "有明确修复责任主体"),
        ("centrally_funded", "已有中央财政资金支持"),
        ("landscape_project", "“盆景”工程"),
    ],
)
def test_each_exclusion_forbids_spending_and_zeroes_the_award(field, words) -> None:
    excluded = replace(P, **{field: True})
    [v] = run(excluded, "restoration.exclusions")
    assert v.kind is Kind.VIOLATION and words in v.message and v.citations[0].eid == "att_1__art_6__para_2"
    [d] = run(excluded, "restoration.award.integrated")
    assert "0元" in d.message and d.citations[0].eid == "att_1__art_6__para_2"


def test_unknown_exclusion_fact_cannot_be_decided() -> None:
    [f] = run(replace(P, landscape_project=None), "restoration.exclusions")
    assert f.kind is Kind.CANNOT_DECIDE and f.needs == ("landscape_project",)


def test_in_force_2021_10_26_through_2023_12_31() -> None:
    assert run(P, as_of=date(2021, 10, 25)) == []
    assert run(P, as_of=date(2021, 10, 26)) and run(P, as_of=date(2023, 12, 31))
    assert run(P, as_of=date(2024, 1, 1)) == []


ADJ = replace(
    P,
    plan_adjusted=True,
    adjustment_lowers_targets=False,
    adjustment_changes_area=False,
    adjustment_procedure="filed",
    province_government_approved=True,
)


def test_adjustment_procedures() -> None:
    rule = "restoration.adjustment"
    assert run(ADJ, rule) == []
    [f] = run(replace(ADJ, adjustment_lowers_targets=True), rule)
    assert f.citations[0].eid == "att_1__art_9__para_1"
    [f] = run(replace(ADJ, adjustment_changes_area=True), rule)
    assert "审批" in f.message and f.citations[0].eid == "att_1__art_9__para_2"
    assert run(replace(ADJ, adjustment_changes_area=True, adjustment_procedure="approved"), rule) == []
    [f] = run(replace(ADJ, adjustment_procedure="none"), rule)
    assert "备案" in f.message
    [f] = run(replace(ADJ, province_government_approved=False), rule)
    assert "省级人民政府" in f.message
    mine = replace(ADJ, kind="mining_legacy", province_government_approved=None)
    assert run(mine, rule) == []


def test_factor_allocation_sums_to_the_budget_in_whole_yuan() -> None:
    shares = factor_allocation(
        100, [ProvinceFactors("甲", 1), ProvinceFactors("乙", 1), ProvinceFactors("丙", 1)]
    )
    assert shares == {"甲": 34, "乙": 33, "丙": 33}
    weighted = factor_allocation(
        10 * YI, [ProvinceFactors("甲", 100, difficulty=1.5), ProvinceFactors("乙", 100, performance=0.5)]
    )
    assert weighted == {"甲": 7.5 * YI, "乙": 2.5 * YI} and sum(weighted.values()) == 10 * YI
    with pytest.raises(ValueError):
        factor_allocation(100, [ProvinceFactors("甲", 0)])


def test_cli_restoration_example() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["funds", "restoration", str(EXAMPLE), "--as-of", "2023-06-30", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    decisions = {f["subject"]: f["message"] for f in data["findings"] if f["kind"] == "decision"}
    assert "奖补10亿元" in decisions["SSLT-01"] and "奖补20亿元" in decisions["SSLT-02"]
    assert "奖补3亿元" in decisions["GK-01"] and "0元" in decisions["GK-02"]
    assert sum(data["factor_shares"].values()) == 10 * YI
    lapsed = runner.invoke(app, ["funds", "restoration", str(EXAMPLE), "--as-of", "2024-01-01"])
    assert lapsed.exit_code == 0 and "不在实施期内" in squash(lapsed.output)


def test_cli_restoration_bad_file(tmp_path) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["projects"][0]["total_investment"] = -5
    data["projects"][1]["kind"] = "forest"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["funds", "restoration", str(path)])
    out = squash(result.output)
    assert result.exit_code == 2 and "projects[0].total_investment" in out and "projects[1].kind" in out


from hypothesis import HealthCheck, given, settings  # noqa: E402

from zhengce.errors import UserError  # noqa: E402
from zhengce.regimes.restoration.query import assess_fund_application  # noqa: E402

from .lft_helpers import mutated  # noqa: E402


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(json.loads(EXAMPLE.read_text(encoding="utf-8"))))
def test_any_malformed_restoration_file_gives_a_clear_error(data) -> None:
    try:
        assess_fund_application(data, ON)
    except UserError as exc:
        assert "(" in str(exc)
