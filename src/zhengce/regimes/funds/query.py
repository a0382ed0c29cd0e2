"""Functions the CLI and the web service call: parse plain JSON-like data, return findings.

Each takes the decoded JSON (dict) of the corresponding file, the evaluation date and an optional
resolver (``zhengce.regimes.land.citing.store_resolver(CorpusStore(engine))``) that adds quotes.
Invalid data raises ``FileProblems`` (a ``UserError``: show its message, answer 4xx).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from zhengce.regimes.funds.council import parse_council
from zhengce.regimes.funds.rules import COUNCIL_REGISTRY, SUBFUND_REGISTRY
from zhengce.regimes.funds.subfund import parse_subfund
from zhengce.rules import Finding, Resolver, evaluate


def check_subfund(data: Any, as_of: date, resolver: Resolver | None = None) -> list[Finding]:
    """Findings for a sub-fund proposal or running sub-fund (第九条至第十六条、第二十一条)."""
    subfund = parse_subfund(data)
    return evaluate({subfund.name: subfund}, as_of, SUBFUND_REGISTRY, resolver)


def council_decision(data: Any, as_of: date | None = None, resolver: Resolver | None = None) -> list[Finding]:
    """Quorum, vote result and term findings for a council record (第二十二条至第二十四条).

    ``as_of`` defaults to the meeting date (or today when there is no meeting).
    """
    council = parse_council(data)
    day = as_of or (council.meeting.held_on if council.meeting else date.today())
    subject = council.meeting.meeting_id if council.meeting else "理事会"
    return evaluate({subject: council}, day, COUNCIL_REGISTRY, resolver)
