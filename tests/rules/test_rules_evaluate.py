from dataclasses import dataclass
from datetime import date

import pytest

from zhengce.rules import Consequence, Facts, Kind, MissingFact, Outcome, Registry, evaluate

DOC = "国务院令-748"
P1, P2 = "chp_3__art_22__para_1", "chp_3__art_22__para_2"
TEXTS = {(DOC, P1): "新建、改建、扩建地下水取水工程，应当同时安装计量设施。……", (DOC, P2): "单位和个人……"}


def _registry() -> Registry:
    reg = Registry(titles={DOC: "地下水管理条例"})

    @reg.rule("t.meter.required", cites=[(DOC, P1), (DOC, P2)], effective="2021-12-01")
    def required(f: Facts) -> Outcome | None:
        """第二十二条第一款：……应当同时安装计量设施。"""
        if f.need("meter_installed"):
            return None
        return Outcome(Kind.VIOLATION, "未安装计量设施。", cites=[P1])

    return reg


def test_rule_applies_from_its_effective_date() -> None:
    facts = {"井1": {"meter_installed": False}}
    assert evaluate(facts, date(2021, 11, 30), _registry()) == []
    [finding] = evaluate(facts, date(2021, 12, 1), _registry())
    assert finding.kind is Kind.VIOLATION and finding.subject == "井1"


def test_repealed_rule_stops_applying() -> None:
    reg = Registry()

    @reg.rule("t.a.b", cites=[(DOC, P1)], effective="2021-12-01", repealed="2030-01-01")
    def always(f: Facts) -> Outcome:
        """quote"""
        return Outcome(Kind.WARNING, "w")

    assert len(evaluate({"s": {}}, date(2029, 12, 31), reg)) == 1
    assert evaluate({"s": {}}, date(2030, 1, 1), reg) == []


def test_finding_records_evidence_and_cites_chosen_node_with_quote() -> None:
    [finding] = evaluate(
        {"井1": {"meter_installed": False, "other": 1}},
        date(2022, 1, 1),
        _registry(),
        lambda d, e: TEXTS.get((d, e)),
    )
    assert finding.evidence == {"meter_installed": False}
    assert [c.eid for c in finding.citations] == [P1]
    assert finding.citations[0].text == "《地下水管理条例》第二十二条第一款"
    assert finding.citations[0].quote == TEXTS[(DOC, P1)]


def test_missing_fact_yields_cannot_decide_never_a_guess() -> None:
    findings = evaluate({"井1": {}, "井2": {"meter_installed": None}}, date(2022, 1, 1), _registry())
    assert [f.kind for f in findings] == [Kind.CANNOT_DECIDE, Kind.CANNOT_DECIDE]
    assert findings[0].needs == ("meter_installed",)
    assert "meter_installed" in findings[0].message and "缺少事实" in findings[0].message
    assert findings[0].citations  # still cites the rule's nodes


def test_need_reports_all_missing_names_with_dataclass_labels() -> None:
    from dataclasses import field

    @dataclass
    class Work:
        a: int | None = field(default=None, metadata={"label": "甲"})
        b: int | None = None
        c: int = 3

    f = Facts(Work(), date(2022, 1, 1))
    with pytest.raises(MissingFact) as err:
        f.need("a", "b", "c")
    assert err.value.names == ("a", "b")
    assert err.value.message() == "无法判定，缺少事实：a（甲）、b"
    assert f.need("c") == 3 and f.get("a", 7) == 7 and f.used == {"c": 3}


def test_need_requires_a_name() -> None:
    with pytest.raises(TypeError):
        Facts({}, date(2022, 1, 1)).need()


def test_lazy_consequence_missing_fact_keeps_violation_and_adds_cannot_decide() -> None:
    reg = Registry()

    def penalty(f: Facts) -> Consequence:
        serious = f.need("serious")
        return Consequence(fine_min=100_000, fine_max=500_000, revocation=serious)

    @reg.rule("t.a.b", cites=[(DOC, P1)], effective="2021-12-01")
    def r(f: Facts) -> Outcome:
        """quote"""
        f.need("x")
        return Outcome(Kind.VIOLATION, "v", consequence=penalty)

    violation, undecided = evaluate({"s": {"x": 1}}, date(2022, 1, 1), reg)
    assert violation.kind is Kind.VIOLATION and violation.consequence is None
    assert undecided.kind is Kind.CANNOT_DECIDE and undecided.needs == ("serious",)
    assert undecided.message.startswith("处罚档次")
    [decided] = evaluate({"s": {"x": 1, "serious": True}}, date(2022, 1, 1), reg)
    assert decided.consequence is not None and decided.consequence.revocation
    assert decided.evidence == {"x": 1, "serious": True}


def test_applies_to_filters_subjects_and_rules_may_return_several_outcomes() -> None:
    @dataclass
    class Well:
        depth: int

    reg = Registry()

    @reg.rule("t.well.two", cites=[(DOC, P1), (DOC, P2)], effective="2021-12-01", applies_to=Well)
    def two(f: Facts) -> list[Outcome]:
        """quote"""
        f.need("depth")
        return [Outcome(Kind.DECISION, "a", cites=[P1]), Outcome(Kind.WARNING, "b", cites=[P2])]

    findings = evaluate({"w": Well(5), "m": {"depth": 5}}, date(2022, 1, 1), reg)
    assert [(f.subject, f.kind) for f in findings] == [("w", Kind.DECISION), ("w", Kind.WARNING)]


def test_outcome_citing_undeclared_node_is_an_error() -> None:
    reg = Registry()

    @reg.rule("t.a.b", cites=[(DOC, P1)], effective="2021-12-01")
    def r(f: Facts) -> Outcome:
        """quote"""
        return Outcome(Kind.WARNING, "w", cites=[P2])

    with pytest.raises(Exception, match="does not declare"):
        evaluate({"s": {}}, date(2022, 1, 1), reg)
