"""Sub-fund checks of 财教〔2021〕176号 at their boundaries (第九条至第十六条、第二十一条)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from zhengce.regimes.funds import base
from zhengce.regimes.funds.rules import SUBFUND_REGISTRY
from zhengce.regimes.funds.rules_subfund import conversion_required, share_within_range
from zhengce.regimes.funds.subfund import Contributor, IdleHolding, Investment, SubFund
from zhengce.regimes.land.citing import documents_resolver
from zhengce.rules import Kind, evaluate

from .lft_helpers import assert_docstrings_quote_cited_text

WAN = 10_000
ON = date(2022, 6, 1)


def fund(fund_amount: int, *others: int, **kw) -> SubFund:
    contributors = (
        Contributor("转化基金", fund_amount, True),
        *(Contributor(f"出资人{i}", a) for i, a in enumerate(others)),
    )
    defaults = dict(
        name="子基金",
        stage="proposal",
        term_years=8,
        custody_bank="某银行",
        custody_bank_qualified=True,
        manager="某管理公司",
        manager_professional=True,
        planned_conversion_investment=10**12,
        agreement_states_terms=True,
    )
    return SubFund(contributors=contributors, **(defaults | kw))


OK = fund(1000 * WAN, 2000 * WAN, 2000 * WAN)  # 20% of 5000万


def run(subfund: SubFund, rule_id: str | None = None, as_of: date = ON, resolver=None):
    found = evaluate({subfund.name: subfund}, as_of, SUBFUND_REGISTRY, resolver)
    return [f for f in found if rule_id is None or f.rule_id == rule_id]


def test_citations_exist_match_the_corpus_and_are_quoted(parsed, docs_by_id) -> None:
    texts = SUBFUND_REGISTRY.check_citations(documents_resolver(parsed.documents))
    assert assert_docstrings_quote_cited_text(SUBFUND_REGISTRY, texts) >= 8
    doc = docs_by_id[base.DOC_ID]
    for c in base.ALL_CITATIONS:
        assert c.text == doc.node(c.eid).citation


def test_compliant_proposal_and_effective_date() -> None:
    assert run(OK) == []
    bad = fund(100, 100)
    assert run(bad, as_of=date(2021, 12, 31)) == []  # the 2011 办法 still applied
    assert run(bad, as_of=date(2022, 1, 1))


@pytest.mark.parametrize(
    ("fund_amount", "others", "ok"),
    [
        (10, (90,), True),  # exactly 10%
        (30, (70,), True),  # exactly 30%
        (999, (9001,), False),  # 9.99%
        (3001, (6999,), False),  # 30.01%
    ],
)
def test_share_between_ten_and_thirty_percent_inclusive(fund_amount, others, ok) -> None:
    assert share_within_range(fund_amount, fund_amount + sum(others)) is ok
    found = run(fund(fund_amount, *others), "funds.subfund.share")
    assert (found == []) is ok
    if not ok:
        assert [c.eid for c in found[0].citations] == ["att_1__chp_2__art_9"]
        assert "不在10%-30%之间" in found[0].message


def test_fund_may_not_be_the_largest_contributor_not_even_tied() -> None:
    # 30% each for the fund and one other, 40% split: the fund ties for largest.
    [f] = run(fund(30, 30, 20, 20), "funds.subfund.share")
    assert f.kind is Kind.VIOLATION and "第一大出资人" in f.message
    assert run(fund(30, 31, 20, 19), "funds.subfund.share") == []


def test_conversion_requirement_three_times_and_half_inclusive() -> None:
    # fund 1000万 of 5000万: 3× = 3000万 > 50% = 2500万 → 3000万 needed.
    assert conversion_required(1000 * WAN, 5000 * WAN) == 3000 * WAN
    assert conversion_required(10, 100) == 50  # 50% of 100 beats 3 × 10
    assert conversion_required(10, 101) == 51  # half of an odd total rounds up: 50.5 is not enough
    assert run(replace(OK, planned_conversion_investment=3000 * WAN), "funds.subfund.conversion") == []
    [f] = run(replace(OK, planned_conversion_investment=3000 * WAN - 1), "funds.subfund.conversion")
    assert f.kind is Kind.VIOLATION and [c.eid for c in f.citations] == ["att_1__chp_2__art_10"]


def _invested(stage: str, converting: int) -> SubFund:
    investments = (
        Investment("甲", converting, converts_public_results=True),
        Investment("乙", 100, converts_public_results=False, high_tech_field=True),
    )
    return replace(OK, stage=stage, planned_conversion_investment=None, investments=investments)


def test_portfolio_short_of_the_requirement_is_due_while_investing_and_violates_after() -> None:
    [f] = run(_invested("investing", 3000 * WAN - 1), "funds.subfund.conversion")
    assert f.kind is Kind.OBLIGATION_DUE and "尚差1元" in f.message
    [f] = run(_invested("completed", 3000 * WAN - 1), "funds.subfund.conversion")
    assert f.kind is Kind.VIOLATION
    assert run(_invested("completed", 3000 * WAN), "funds.subfund.conversion") == []


def test_other_investments_must_be_in_high_tech_fields() -> None:
    sub = _invested("completed", 3000 * WAN)
    sub = replace(
        sub,
        investments=(
            *sub.investments,
            Investment("丙", 50, converts_public_results=False, high_tech_field=False),
        ),
    )
    [f] = run(sub, "funds.subfund.conversion")
    assert "高新技术领域" in f.message and "丙" in f.message


def test_unknown_conversion_status_cannot_be_decided() -> None:
    sub = replace(OK, stage="investing", investments=(Investment("丁", 10),))
    [f] = run(sub, "funds.subfund.conversion")
    assert f.kind is Kind.CANNOT_DECIDE and f.needs == ("investments.丁.converts_public_results",)


@pytest.mark.parametrize(
    "kind",
    [
        "loan",
        "futures",
        "real_estate",
        "securities_fund",
        "corporate_bond",
        "derivative",
        "sponsorship",
        "donation",
    ],
)
def test_forbidden_uses(kind) -> None:
    [f] = run(replace(OK, investments=(Investment("X", 5, kind=kind),)), "funds.subfund.forbidden")
    assert f.kind is Kind.VIOLATION and [c.eid for c in f.citations] == ["att_1__chp_2__art_11"]


def test_stock_only_after_the_investee_listed() -> None:
    rule = "funds.subfund.forbidden"
    assert len(run(replace(OK, investments=(Investment("X", 5, kind="stock"),)), rule)) == 1
    assert run(replace(OK, investments=(Investment("X", 5, kind="stock", investee_listed=True),)), rule) == []


def test_idle_money_only_in_banks_or_government_bonds() -> None:
    rule = "funds.subfund.forbidden"
    good = tuple(IdleHolding(k, 1) for k in ("bank_deposit", "treasury_bond", "local_government_bond"))
    assert run(replace(OK, idle_funds=good), rule) == []
    [f] = run(replace(OK, idle_funds=(IdleHolding("other", 7),)), rule)
    assert "待投资金7元" in f.message


def test_term_of_eight_years_and_longer_terms_are_a_warning() -> None:
    assert run(replace(OK, term_years=8), "funds.subfund.term") == []
    [f] = run(replace(OK, term_years=8.5), "funds.subfund.term")
    assert f.kind is Kind.WARNING and "8.5年" in f.message and f.citations[0].eid == "att_1__chp_2__art_12"


def test_custody_bank_and_no_recycled_proceeds() -> None:
    rule = "funds.subfund.custody"
    [f] = run(replace(OK, custody_bank=None), rule)
    assert "未选择托管银行" in f.message
    [f] = run(replace(OK, custody_bank_qualified=False), rule)
    assert "不具有托管资格" in f.message
    [f] = run(
        replace(OK, investments=(Investment("Y", 1, from_proceeds=True, converts_public_results=True),)), rule
    )
    assert "循环投资" in f.message


def test_professional_manager_agreement_and_representative() -> None:
    [f] = run(replace(OK, manager_professional=False), "funds.subfund.manager")
    assert f.citations[0].eid == "att_1__chp_2__art_14"
    [f] = run(replace(OK, agreement_states_terms=False), "funds.subfund.agreement")
    assert f.citations[0].eid == "att_1__chp_2__art_16"
    found = run(
        replace(OK, representative_holds_post=True, representative_paid=True), "funds.subfund.representative"
    )
    assert [f.citations[0].eid for f in found] == ["att_1__chp_3__art_21"] * 2


def test_cli_check_subfund_examples_and_bad_input(tmp_path) -> None:
    import json
    from pathlib import Path

    from typer.testing import CliRunner

    from zhengce.cli import app

    examples = Path(__file__).resolve().parents[2] / "examples" / "funds"
    runner = CliRunner()
    result = runner.invoke(app, ["funds", "check-subfund", str(examples / "subfund-proposal.json"), "--json"])
    assert result.exit_code == 0 and json.loads(result.output) == []  # exactly 3× the fund's contribution
    result = runner.invoke(
        app,
        [
            "funds",
            "check-subfund",
            str(examples / "subfund-portfolio.json"),
            "--as-of",
            "2025-06-30",
            "--json",
        ],
    )
    rules = sorted({f["rule_id"] for f in json.loads(result.output)})
    assert rules == [
        "funds.subfund.conversion",
        "funds.subfund.custody",
        "funds.subfund.forbidden",
        "funds.subfund.representative",
        "funds.subfund.term",
    ]
    bad = tmp_path / "s.json"
    bad.write_text(
        '{"name": "x", "stage": "draft", "contributors": [{"name": "a", "amount": 1.5}]}', encoding="utf-8"
    )
    result = runner.invoke(app, ["funds", "check-subfund", str(bad)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    for expected in ("子基金.stage", "contributors[0].amount", "transfer_fund"):
        assert expected in result.output


from hypothesis import HealthCheck, given, settings  # noqa: E402

from zhengce.errors import UserError  # noqa: E402
from zhengce.regimes.funds.query import check_subfund  # noqa: E402

from .lft_helpers import mutated  # noqa: E402


def _load(name: str):
    import json
    from pathlib import Path

    return json.loads(
        (Path(__file__).resolve().parents[2] / "examples" / "funds" / name).read_text(encoding="utf-8")
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(_load("subfund-portfolio.json")))
def test_any_malformed_subfund_file_gives_a_clear_error(data) -> None:
    try:
        check_subfund(data, ON)
    except UserError as exc:
        assert "(" in str(exc)
