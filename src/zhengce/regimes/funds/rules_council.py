"""第二十二条至第二十四条: the 理事会's working meetings, its votes on sub-funds, and member terms."""

from __future__ import annotations

from datetime import timedelta

from zhengce.regimes.funds.base import ART_22_1, ART_23, ART_24_1, ART_24_2, COUNCIL_REGISTRY, EFFECTIVE
from zhengce.regimes.funds.council import Council, CouncilTerm, Meeting, Member
from zhengce.regimes.land.citing import regime_rule
from zhengce.regimes.land.periods import add_years
from zhengce.rules import Facts, Kind, Outcome

TERM_YEARS = 3
MAX_CONSECUTIVE_TERMS = 2


def sitting_members(
    members: tuple[Member, ...], terms: tuple[CouncilTerm, ...], meeting: Meeting
) -> tuple[Member, ...]:
    """The council on the meeting day: the term covering that day, else every member listed."""
    return Council(members, terms, meeting).sitting()


def quorum_met(present: int, total: int) -> bool:
    """出席…人数应达到全体理事会成员人数的二分之一以上: exactly half is enough (以上 includes it)."""
    return total > 0 and 2 * present >= total


def vote_passes(yes: int, present: int) -> bool:
    """同意票数占比达到出席人数三分之二以上为通过: exactly two thirds passes (以上 includes it)."""
    return present > 0 and 3 * yes >= 2 * present


def _attendance(f: Facts) -> tuple[Meeting, tuple[Member, ...], list[Member], list[str]]:
    meeting = f.need("meeting")
    sitting = sitting_members(f.need("members"), f.get("terms", ()), meeting)
    here = set(meeting.present)
    present = [m for m in sitting if m.member_id in here]
    domains = sorted({m.domain for m in sitting if m.domain})
    missing = [d for d in domains if not any(m.domain == d for m in present)]
    return meeting, sitting, present, missing


@regime_rule(
    COUNCIL_REGISTRY,
    "funds.council.quorum",
    cites=[ART_24_1, ART_22_1],
    effective=EFFECTIVE,
    applies_to=Council,
)
def quorum(f: Facts) -> list[Outcome] | None:
    """第二十四条第一款：理事会设理事长，负责召集理事会工作会议。出席理事会工作会议的理事会成员人数应达到全体理事会
    成员人数的二分之一以上，且各领域至少应有1名理事会成员参加。

    第二十二条第一款：科技部、财政部组织成立转化基金理事会，成员由科技、财务、法律、金融、投资等领域的专家组成，为
    转化基金提供咨询。

    Exactly half of all members is a quorum (二分之一以上 includes one half; 9 of 18 suffices, 8 of 17
    does not). 各领域 are the fields of the members sitting on the meeting day.
    """
    if f.get("meeting") is None:
        return None
    meeting, sitting, present, missing = _attendance(f)
    out: list[Outcome] = []
    if not quorum_met(len(present), len(sitting)):
        out.append(
            Outcome(
                Kind.VIOLATION,
                f"{meeting.meeting_id}：出席{len(present)}人，全体理事会成员{len(sitting)}人，未达到二分之一以上。",
                cites=[ART_24_1.eid],
            )
        )
    if missing:
        out.append(
            Outcome(
                Kind.VIOLATION,
                f"{meeting.meeting_id}：{'、'.join(missing)}领域没有理事会成员参加。",
            )
        )
    strangers = sorted(set(meeting.present) - {m.member_id for m in sitting})
    if strangers:
        out.append(
            Outcome(
                Kind.WARNING,
                f"{meeting.meeting_id}：{'、'.join(strangers)}在会议当日不是本届理事会成员，不计入出席人数。",
                cites=[ART_24_1.eid],
            )
        )
    return out


@regime_rule(
    COUNCIL_REGISTRY,
    "funds.council.vote",
    cites=[ART_24_2, ART_24_1],
    effective=EFFECTIVE,
    applies_to=Council,
)
def vote(f: Facts) -> list[Outcome] | None:
    """第二十四条第二款：理事会工作会议审核设立子基金时，采取记名投票方式表决，并形成理事会审核意见。同意票数占比
    达到出席人数三分之二以上为通过。

    Exactly two thirds of those present passes (6 of 9 passes, 5 of 8 does not); abstentions and
    members who do not vote count among those present but not as 同意. A meeting short of its quorum
    or of a field (第二十四条第一款) cannot pass the proposal.
    """
    if f.get("meeting") is None:
        return None
    meeting, _, present, missing = _attendance(f)
    if meeting.agenda != "subfund_review":
        return None
    out: list[Outcome] = []
    if meeting.ballot != "named":
        out.append(
            Outcome(
                Kind.VIOLATION,
                f"{meeting.meeting_id}：审核设立子基金未采取记名投票方式表决。",
                cites=[ART_24_2.eid],
            )
        )
    ids = {m.member_id for m in present}
    yes = sum(1 for who, v in meeting.votes.items() if v == "yes" and who in ids)
    subject = f"子基金“{meeting.subject}”" if meeting.subject else "子基金设立方案"
    tally = f"出席{len(present)}人，同意{yes}票（{yes}/{len(present) or 1}）"
    sitting = sitting_members(f.need("members"), f.get("terms", ()), meeting)
    if not quorum_met(len(present), len(sitting)) or missing:
        out.append(
            Outcome(
                Kind.DECISION,
                f"{meeting.meeting_id}：会议出席不符合第二十四条第一款，{subject}不能通过（{tally}）。",
            )
        )
    elif vote_passes(yes, len(present)):
        out.append(
            Outcome(
                Kind.DECISION,
                f"{meeting.meeting_id}：{subject}通过（{tally}，达到三分之二以上）。",
                cites=[ART_24_2.eid],
            )
        )
    else:
        out.append(
            Outcome(
                Kind.DECISION,
                f"{meeting.meeting_id}：{subject}未通过（{tally}，未达到三分之二）。",
                cites=[ART_24_2.eid],
            )
        )
    return out


def _runs(numbers: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


@regime_rule(COUNCIL_REGISTRY, "funds.council.terms", cites=[ART_23], effective=EFFECTIVE, applies_to=Council)
def terms(f: Facts) -> list[Outcome] | None:
    """第二十三条：科技部、财政部以外的理事会成员每届任期为三年，连任不得超过两届。每届理事会任届期满时，除科技部、
    财政部外的理事会成员应至少更换三分之一。

    A term (届) lasts three years: it may end on the day before or on the corresponding day three years
    after it starts (2022-01-01 → 2024-12-31 or 2025-01-01). 连任不得超过两届 is read as at most two
    consecutive terms. At least one third of the outgoing term's non-ministry members must leave;
    exactly one third complies (至少 includes it). Ministry members are outside all three limits.
    """
    terms_ = f.get("terms", ())
    if not terms_:
        return None
    members = {m.member_id: m for m in f.need("members")}
    out: list[Outcome] = []
    for t in terms_:
        full = add_years(t.start, TERM_YEARS)
        if not full - timedelta(days=1) <= t.end <= full:
            out.append(
                Outcome(
                    Kind.VIOLATION,
                    f"第{t.number}届理事会任期{t.start.isoformat()}至{t.end.isoformat()}，不是三年。",
                )
            )
    served: dict[str, list[int]] = {}
    for t in terms_:
        for mid in t.members:
            if members[mid].ministry is None:
                served.setdefault(mid, []).append(t.number)
    for mid, numbers in served.items():
        longest = max(_runs(numbers), key=len)
        if len(longest) > MAX_CONSECUTIVE_TERMS:
            out.append(
                Outcome(
                    Kind.VIOLATION,
                    f"{members[mid].name}连续担任第{longest[0]}至{longest[-1]}届理事会成员，连任超过两届。",
                )
            )
    for old, new in zip(terms_, terms_[1:], strict=False):
        outgoing = [m for m in old.members if members[m].ministry is None]
        replaced = [m for m in outgoing if m not in set(new.members)]
        if outgoing and 3 * len(replaced) < len(outgoing):
            out.append(
                Outcome(
                    Kind.VIOLATION,
                    f"第{old.number}届期满，科技部、财政部以外的{len(outgoing)}名成员只更换{len(replaced)}名，不足三分之一。",
                )
            )
    return out
