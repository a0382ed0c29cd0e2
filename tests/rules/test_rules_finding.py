from datetime import date

import pytest

from zhengce.rules import Citation, Consequence, Finding, IllegalTransition, Kind, Status

CITE = Citation.of("国务院令-748", "chp_7__art_56__para_1", "地下水管理条例")


def _finding(kind: Kind = Kind.VIOLATION) -> Finding:
    return Finding(
        subject="井1",
        rule_id="gw.meter.required",
        kind=kind,
        citations=(CITE,),
        message="未安装计量设施。",
        as_of=date(2022, 3, 1),
        consequence=Consequence(fine_min=100_000, fine_max=500_000, orders=("责令限期安装",)),
    )


def test_finding_must_cite() -> None:
    with pytest.raises(ValueError, match="cites nothing"):
        Finding(
            subject="s", rule_id="r.x", kind=Kind.WARNING, citations=(), message="", as_of=date(2022, 1, 1)
        )


def test_open_ordered_rectified_on_deadline_day() -> None:
    f = _finding()
    assert f.status is Status.OPEN
    ordered = f.order(date(2022, 3, 2), deadline=date(2022, 4, 1))
    assert ordered.status is Status.ORDERED and ordered.order_deadline == date(2022, 4, 1)
    assert ordered.consequence is not None and ordered.consequence.deadline == date(2022, 4, 1)
    assert f.status is Status.OPEN  # findings are immutable
    done = ordered.rectify(date(2022, 4, 1))
    assert done.status is Status.RECTIFIED
    assert [e.status for e in done.history] == [Status.OPEN, Status.ORDERED, Status.RECTIFIED]


def test_overdue_only_after_the_deadline_day() -> None:
    ordered = _finding().order(date(2022, 3, 2), deadline=date(2022, 4, 1))
    with pytest.raises(IllegalTransition):
        ordered.mark_overdue(date(2022, 4, 1))
    late = ordered.mark_overdue(date(2022, 4, 2))
    assert late.status is Status.OVERDUE
    with pytest.raises(IllegalTransition):
        ordered.rectify(date(2022, 4, 2))  # after the deadline it is overdue, not rectified


@pytest.mark.parametrize(
    "step",
    [
        lambda f: f.rectify(date(2022, 3, 5)),  # open → rectified
        lambda f: f.mark_overdue(date(2022, 5, 5)),  # open → overdue
        lambda f: f.order(date(2022, 3, 2), date(2022, 3, 1)),  # deadline before the order
        lambda f: f.order(date(2022, 2, 1), date(2022, 3, 1)),  # order before the finding
        lambda f: f.order(date(2022, 3, 2), date(2022, 4, 1)).order(date(2022, 3, 3), date(2022, 5, 1)),
        lambda f: f.order(date(2022, 3, 2), date(2022, 4, 1)).rectify(date(2022, 3, 1)),  # back in time
        lambda f: (
            f.order(date(2022, 3, 2), date(2022, 4, 1))
            .rectify(date(2022, 3, 9))
            .mark_overdue(date(2022, 5, 1))
        ),
        lambda f: (
            f.order(date(2022, 3, 2), date(2022, 4, 1))
            .mark_overdue(date(2022, 5, 1))
            .rectify(date(2022, 5, 2))
        ),
    ],
)
def test_illegal_transitions_raise(step) -> None:
    with pytest.raises(IllegalTransition):
        step(_finding())


@pytest.mark.parametrize("kind", [Kind.OBLIGATION_DUE, Kind.WARNING, Kind.DECISION, Kind.CANNOT_DECIDE])
def test_only_violations_can_be_ordered(kind: Kind) -> None:
    with pytest.raises(IllegalTransition):
        _finding(kind).order(date(2022, 3, 2), date(2022, 4, 1))


def test_consequence_fine_bounds_are_inclusive() -> None:
    c = Consequence(fine_min=100_000, fine_max=500_000, personal_fine_min=20_000, personal_fine_max=100_000)
    assert c.allows_fine(100_000) and c.allows_fine(500_000)
    assert not c.allows_fine(99_999) and not c.allows_fine(500_001)
    assert c.allows_personal_fine(20_000) and not c.allows_personal_fine(100_001)
    assert not Consequence().allows_fine(0) and not Consequence().has_fine


@pytest.mark.parametrize(
    "kwargs", [{"fine_min": 1}, {"fine_min": 5, "fine_max": 4}, {"personal_fine_max": 3}]
)
def test_consequence_rejects_bad_ranges(kwargs) -> None:
    with pytest.raises(ValueError):
        Consequence(**kwargs)
