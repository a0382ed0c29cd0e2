"""理事会 quorum, vote and terms (第二十二条至第二十四条 of 财教〔2021〕176号) at their boundaries."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhengce.cli import app
from zhengce.regimes.funds.council import Council, CouncilTerm, Meeting, Member, parse_council
from zhengce.regimes.funds.rules import COUNCIL_REGISTRY
from zhengce.regimes.funds.rules_council import quorum_met, vote_passes
from zhengce.regimes.land.citing import documents_resolver
from zhengce.regimes.land.validate import FileProblems
from zhengce.rules import Kind, evaluate

from .lft_helpers import assert_docstrings_quote_cited_text, squash

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "funds"
DOMAINS = ["科技", "财务", "法律", "金融", "投资"]


def members(n: int) -> tuple[Member, ...]:
    """n experts cycling through the five fields."""
    return tuple(Member(f"M{i}", f"专家{i}", DOMAINS[i % 5]) for i in range(n))


def meeting(present: list[str], yes: int, ballot: str = "named", agenda: str = "subfund_review") -> Meeting:
    votes = {m: ("yes" if i < yes else "no") for i, m in enumerate(present)}
    return Meeting("会议", date(2022, 6, 1), agenda, ballot, tuple(present), votes, "甲子基金")


def run(council: Council, rule_id: str):
    return [f for f in evaluate({"c": council}, date(2022, 6, 1), COUNCIL_REGISTRY) if f.rule_id == rule_id]


def test_citations_and_quotes(parsed) -> None:
    texts = COUNCIL_REGISTRY.check_citations(documents_resolver(parsed.documents))
    assert assert_docstrings_quote_cited_text(COUNCIL_REGISTRY, texts) >= 4


@pytest.mark.parametrize(
    ("present", "total", "ok"), [(9, 18, True), (8, 17, False), (9, 17, True), (0, 0, False)]
)
def test_quorum_is_half_or_more(present, total, ok) -> None:
    assert quorum_met(present, total) is ok


@pytest.mark.parametrize(
    ("yes", "present", "ok"), [(6, 9, True), (5, 8, False), (2, 3, True), (5, 7, True), (4, 7, False)]
)
def test_two_thirds_of_those_present_passes(yes, present, ok) -> None:
    assert vote_passes(yes, present) is ok


def test_exactly_half_present_with_every_field_is_quorate_and_two_thirds_passes() -> None:
    council = Council(members(10), meeting=meeting([f"M{i}" for i in range(5)], yes=4))
    assert run(council, "funds.council.quorum") == []
    [f] = run(council, "funds.council.vote")
    assert f.kind is Kind.DECISION and "通过" in f.message and "未通过" not in f.message
    assert [c.eid for c in f.citations] == ["att_1__chp_3__art_24__para_2"]


def test_one_short_of_half_is_not_quorate_and_cannot_pass() -> None:
    council = Council(members(11), meeting=meeting([f"M{i}" for i in range(5)], yes=5))
    [f] = run(council, "funds.council.quorum")
    assert f.kind is Kind.VIOLATION and "出席5人，全体理事会成员11人" in f.message
    assert f.citations[0].eid == "att_1__chp_3__art_24__para_1"
    [d] = run(council, "funds.council.vote")
    assert "不能通过" in d.message


def test_a_field_without_anyone_present() -> None:
    # M0..M9: 科技 M0,M5; 财务 M1,M6; 法律 M2,M7; 金融 M3,M8; 投资 M4,M9. Nobody for 投资 present.
    council = Council(members(10), meeting=meeting(["M0", "M1", "M2", "M3", "M5", "M6"], yes=6))
    [f] = run(council, "funds.council.quorum")
    assert "投资领域没有理事会成员参加" in f.message
    assert "不能通过" in run(council, "funds.council.vote")[0].message


def test_below_two_thirds_fails_and_abstentions_count_as_present() -> None:
    m = meeting([f"M{i}" for i in range(6)], yes=3)
    m = replace(m, votes={**m.votes, "M5": "abstain"})
    [f] = run(Council(members(10), meeting=m), "funds.council.vote")
    assert "未通过" in f.message and "同意3票" in f.message


def test_subfund_review_needs_a_named_ballot() -> None:
    council = Council(members(10), meeting=meeting([f"M{i}" for i in range(10)], yes=10, ballot="secret"))
    ballot, decision = run(council, "funds.council.vote")
    assert ballot.kind is Kind.VIOLATION and "记名投票" in ballot.message
    assert decision.kind is Kind.DECISION
    other = Council(members(10), meeting=meeting([f"M{i}" for i in range(10)], yes=1, agenda="other"))
    assert run(other, "funds.council.vote") == []


def _terms(*sets: list[str], start: int = 2022) -> tuple[CouncilTerm, ...]:
    return tuple(
        CouncilTerm(n + 1, date(start + 3 * n, 1, 1), date(start + 3 * n + 2, 12, 31), tuple(ids))
        for n, ids in enumerate(sets)
    )


def test_three_year_terms_either_convention() -> None:
    ms = members(6)
    ok = Council(ms, terms=(CouncilTerm(1, date(2022, 1, 1), date(2025, 1, 1), ("M0",)),))
    assert run(ok, "funds.council.terms") == []
    long = Council(ms, terms=(CouncilTerm(1, date(2022, 1, 1), date(2025, 1, 2), ("M0",)),))
    [f] = run(long, "funds.council.terms")
    assert "不是三年" in f.message and f.citations[0].eid == "att_1__chp_3__art_23"


def test_at_most_two_consecutive_terms_for_experts_not_ministries() -> None:
    ms = (*members(6), Member("K", "科技部代表", ministry="科技部"))
    base = ["M0", "M1", "M2", "K"]
    # M0 serves terms 1-3; others rotate so that turnover is met; K (ministry) serves all three.
    council = Council(ms, terms=_terms(base, ["M0", "M3", "M4", "K"], ["M0", "M5", "M1", "K"]))
    [f] = run(council, "funds.council.terms")
    assert "专家0连续担任第1至3届" in f.message
    two = Council(ms, terms=_terms(base, ["M0", "M3", "M4", "K"]))
    assert run(two, "funds.council.terms") == []


def test_at_least_one_third_replaced_exactly_one_third_is_enough() -> None:
    ms = members(9)
    outgoing = [f"M{i}" for i in range(6)]
    third = Council(ms, terms=_terms(outgoing, ["M0", "M1", "M2", "M3", "M6", "M7"]))
    assert run(third, "funds.council.terms") == []
    short = Council(ms, terms=_terms(outgoing, ["M0", "M1", "M2", "M3", "M4", "M6"]))
    [f] = run(short, "funds.council.terms")
    assert "只更换1名，不足三分之一" in f.message


def test_council_file_validation() -> None:
    data = json.loads((EXAMPLES / "council-meeting.json").read_text(encoding="utf-8"))
    parse_council(data)
    data["meeting"]["votes"]["T1"] = "yes"  # T1 did not attend
    data["meeting"]["present"].append("ZZ")
    data["members"][2].pop("domain")
    with pytest.raises(FileProblems) as err:
        parse_council(data)
    text = str(err.value)
    assert "meeting.votes.T1：未出席会议的成员不能投票" in text
    assert "meeting.present：成员 ZZ 不在 members 中" in text
    assert "members[2].domain：非科技部、财政部成员须注明领域" in text


def test_cli_council_vote_example_and_bad_file(tmp_path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["funds", "council-vote", str(EXAMPLES / "council-meeting.json"), "--json"])
    assert result.exit_code == 0, result.output
    [decision] = json.loads(result.output)
    assert decision["kind"] == "decision" and "通过（出席6人，同意4票" in decision["message"]
    bad = tmp_path / "c.json"
    bad.write_text('{"members": []}', encoding="utf-8")
    result = runner.invoke(app, ["funds", "council-vote", str(bad)])
    assert result.exit_code == 2 and "至少应有一名理事会成员" in squash(result.output)


from hypothesis import HealthCheck, given, settings  # noqa: E402

from zhengce.errors import UserError  # noqa: E402
from zhengce.regimes.funds.query import council_decision  # noqa: E402

from .lft_helpers import mutated  # noqa: E402


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(json.loads((EXAMPLES / "council-meeting.json").read_text(encoding="utf-8"))))
def test_any_malformed_council_file_gives_a_clear_error(data) -> None:
    try:
        council_decision(data)
    except UserError as exc:
        assert "(" in str(exc)
