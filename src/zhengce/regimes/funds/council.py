"""The 转化基金理事会: members, terms (届) and a working meeting with its vote, read from JSON.

Members from 科技部 or 财政部 carry ``"ministry"``; 第二十三条's term limits and turnover apply to the
others. A member's ``domain`` is the 领域 of 第二十二条 (科技、财务、法律、金融、投资 or another, 等).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from zhengce.regimes.land.validate import (
    FileProblems,
    fields,
    iso_date,
    items,
    one_of,
    read_json,
    text,
    whole,
)

MINISTRIES = {"科技部": "科技部", "财政部": "财政部"}
BALLOTS = {"named": "记名投票", "secret": "无记名投票", "show_of_hands": "举手表决", "other": "其他方式"}
AGENDAS = {"subfund_review": "审核子基金设立方案", "other": "其他事项"}
VOTES = {"yes": "同意", "no": "不同意", "abstain": "弃权"}


def _label(text_: str) -> dict[str, str]:
    return {"label": text_}


@dataclass(frozen=True)
class Member:
    member_id: str
    name: str
    domain: str | None = None  # 领域; ministry members may have none
    ministry: str | None = None  # 科技部 / 财政部


@dataclass(frozen=True)
class CouncilTerm:
    number: int
    start: date
    end: date
    members: tuple[str, ...]


@dataclass(frozen=True)
class Meeting:
    meeting_id: str
    held_on: date
    agenda: str
    ballot: str
    present: tuple[str, ...]
    votes: dict[str, str]  # member id → yes / no / abstain
    subject: str | None = None  # the sub-fund under review


@dataclass(frozen=True)
class Council:
    """Facts the council rules read. ``members`` are the council on the meeting day (or all listed)."""

    members: tuple[Member, ...] = field(metadata=_label("理事会成员"))
    terms: tuple[CouncilTerm, ...] = field(default=(), metadata=_label("各届理事会组成"))
    meeting: Meeting | None = field(default=None, metadata=_label("理事会工作会议"))

    def sitting(self) -> tuple[Member, ...]:
        """The members of the term covering the meeting day; all listed members otherwise."""
        if self.meeting is None or not self.terms:
            return self.members
        term = next((t for t in self.terms if t.start <= self.meeting.held_on <= t.end), None)
        if term is None:
            return self.members
        ids = set(term.members)
        return tuple(m for m in self.members if m.member_id in ids)


_MEMBER = {
    "id": (text(64), True),
    "name": (text(100), True),
    "domain": (text(20), False),
    "ministry": (one_of(MINISTRIES), False),
}
_TERM = {
    "number": (whole("届次", 1), True),
    "start": (iso_date, True),
    "end": (iso_date, True),
    "members": (lambda v: v, True),
}
_MEETING = {
    "id": (text(100), True),
    "date": (iso_date, True),
    "agenda": (one_of(AGENDAS), True),
    "ballot": (one_of(BALLOTS), True),
    "present": (lambda v: v, True),
    "votes": (lambda v: v, False),
    "subfund": (text(200), False),
}


def _ids(raw: Any, where: str, known: set[str], problems: list[str]) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        problems.append(f"{where}：应为成员编号数组 (must be a list of member ids)")
        return ()
    for x in raw:
        if x not in known:
            problems.append(f"{where}：成员 {x} 不在 members 中 (unknown member)")
    if len(set(raw)) != len(raw):
        problems.append(f"{where}：成员编号重复 (duplicate member ids)")
    return tuple(raw)


def parse_council(data: Any) -> Council:
    problems: list[str] = []
    if not isinstance(data, dict):
        raise FileProblems(["文件顶层应为对象，含 members、terms、meeting (top level must be an object)"])
    unknown = sorted(set(data) - {"members", "terms", "meeting"})
    if unknown:
        problems.append(f"顶层：未知字段 {'、'.join(unknown)} (unknown fields)")
    members: list[Member] = []
    for i, raw in enumerate(items(data.get("members"), "members", problems)):
        row = fields(raw, f"members[{i}]", _MEMBER, problems)
        if row and row["id"] and row["name"]:
            if row["domain"] is None and row["ministry"] is None:
                problems.append(f"members[{i}].domain：非科技部、财政部成员须注明领域 (domain required)")
            members.append(Member(row["id"], row["name"], row["domain"], row["ministry"]))
    if not members:
        problems.append("members：至少应有一名理事会成员 (no members)")
    known = {m.member_id for m in members}
    if len(known) != len(members):
        problems.append("members：成员编号重复 (duplicate member ids)")
    terms: list[CouncilTerm] = []
    for i, raw in enumerate(items(data.get("terms"), "terms", problems)):
        row = fields(raw, f"terms[{i}]", _TERM, problems)
        if not row or None in (row["number"], row["start"], row["end"]):
            continue
        if row["end"] <= row["start"]:
            problems.append(f"terms[{i}].end：届满日期应晚于起始日期 (term must end after it starts)")
        ids = _ids(row["members"], f"terms[{i}].members", known, problems)
        terms.append(CouncilTerm(row["number"], row["start"], row["end"], ids))
    numbers = [t.number for t in terms]
    if numbers != sorted(set(numbers)) or any(b != a + 1 for a, b in zip(numbers, numbers[1:], strict=False)):
        problems.append("terms：届次应从小到大连续排列 (terms must be consecutive and in order)")
    meeting = None
    if data.get("meeting") is not None:
        row = fields(data["meeting"], "meeting", _MEETING, problems)
        if row and None not in (row["id"], row["date"], row["agenda"], row["ballot"]):
            present = _ids(row["present"], "meeting.present", known, problems)
            votes = row["votes"] or {}
            if not isinstance(votes, dict):
                problems.append("meeting.votes：应为 成员编号→yes/no/abstain 的对象 (must be an object)")
                votes = {}
            for who, vote in votes.items():
                if who not in present:
                    problems.append(
                        f"meeting.votes.{who}：未出席会议的成员不能投票 (only members present vote)"
                    )
                if not isinstance(vote, str) or vote not in VOTES:
                    problems.append(f"meeting.votes.{who}：“{vote}”应为 yes、no 或 abstain (bad vote)")
            meeting = Meeting(
                row["id"], row["date"], row["agenda"], row["ballot"], present, dict(votes), row["subfund"]
            )
    if problems:
        raise FileProblems(problems, "理事会文件有误 (invalid council file)")
    return Council(members=tuple(members), terms=tuple(terms), meeting=meeting)


def read_council(path: Path) -> Council:
    return parse_council(read_json(path))
