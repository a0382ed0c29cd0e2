"""Findings and their status life cycle: open → ordered → rectified | overdue."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from zhengce.errors import UserError
from zhengce.rules.citation import Citation
from zhengce.rules.consequence import Consequence


class Kind(StrEnum):
    VIOLATION = "violation"
    OBLIGATION_DUE = "obligation_due"
    WARNING = "warning"
    DECISION = "decision"
    CANNOT_DECIDE = "cannot_decide"


class Status(StrEnum):
    OPEN = "open"
    ORDERED = "ordered"
    RECTIFIED = "rectified"
    OVERDUE = "overdue"


class IllegalTransition(UserError):
    """A status change the life cycle does not allow (wrong order, wrong date, wrong kind)."""


@dataclass(frozen=True)
class StatusEvent:
    status: Status
    on: date
    deadline: date | None = None  # set on ORDERED: the 限期 the authority fixed


@dataclass(frozen=True)
class Finding:
    """What a rule concluded about one subject on one date, with the facts and nodes it rests on."""

    subject: str
    rule_id: str
    kind: Kind
    citations: tuple[Citation, ...]
    message: str
    as_of: date
    evidence: dict[str, Any] = field(default_factory=dict)
    consequence: Consequence | None = None
    due: date | None = None  # for obligation_due: the last day the obligation can be met
    needs: tuple[str, ...] = ()  # for cannot_decide: the missing facts
    history: tuple[StatusEvent, ...] = ()

    def __post_init__(self) -> None:
        if not self.citations:
            raise ValueError(f"finding of {self.rule_id} cites nothing; every finding must cite a node")
        if not self.history:
            object.__setattr__(self, "history", (StatusEvent(Status.OPEN, self.as_of),))

    @property
    def status(self) -> Status:
        return self.history[-1].status

    @property
    def order_deadline(self) -> date | None:
        return next((e.deadline for e in reversed(self.history) if e.status is Status.ORDERED), None)

    def _advance(self, event: StatusEvent) -> Finding:
        last = self.history[-1]
        if event.on < last.on:
            raise IllegalTransition(f"状态变更日期 {event.on} 早于上一状态（{last.status}）日期 {last.on}")
        return dataclasses.replace(self, history=(*self.history, event))

    def order(self, on: date, deadline: date) -> Finding:
        """open → ordered: the authority ordered rectification by ``deadline`` (责令限期改正)."""
        if self.kind is not Kind.VIOLATION:
            raise IllegalTransition(f"只有违法认定（violation）可以责令改正，本认定为 {self.kind}")
        if self.status is not Status.OPEN:
            raise IllegalTransition(f"不能从 {self.status} 变为 ordered")
        if deadline < on:
            raise IllegalTransition(f"改正期限 {deadline} 早于责令日期 {on}")
        advanced = self._advance(StatusEvent(Status.ORDERED, on, deadline))
        if advanced.consequence is not None:
            advanced = dataclasses.replace(
                advanced, consequence=dataclasses.replace(advanced.consequence, deadline=deadline)
            )
        return advanced

    def rectify(self, on: date) -> Finding:
        """ordered → rectified, on or before the deadline (the deadline day itself counts)."""
        deadline = self._ordered_deadline("rectified")
        if on > deadline:
            raise IllegalTransition(f"{on} 已超过改正期限 {deadline}，应认定为逾期（overdue）")
        return self._advance(StatusEvent(Status.RECTIFIED, on))

    def mark_overdue(self, on: date) -> Finding:
        """ordered → overdue, only after the deadline day has passed."""
        deadline = self._ordered_deadline("overdue")
        if on <= deadline:
            raise IllegalTransition(f"{on} 尚未超过改正期限 {deadline}，不能认定逾期")
        return self._advance(StatusEvent(Status.OVERDUE, on))

    def _ordered_deadline(self, target: str) -> date:
        if self.status is not Status.ORDERED:
            raise IllegalTransition(f"不能从 {self.status} 变为 {target}")
        deadline = self.history[-1].deadline
        assert deadline is not None  # ORDERED events always carry one (see order())
        return deadline
