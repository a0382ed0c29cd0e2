"""Run every rule in force over every subject's facts and collect findings."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from zhengce.rules.citation import Citation
from zhengce.rules.consequence import Consequence
from zhengce.rules.facts import Facts, MissingFact
from zhengce.rules.finding import Finding, Kind
from zhengce.rules.registry import Outcome, Registry, Resolver, Rule


def _quoted(citations: Iterable[Citation], resolver: Resolver | None) -> tuple[Citation, ...]:
    if resolver is None:
        return tuple(citations)
    return tuple(dataclasses.replace(c, quote=resolver(c.doc_id, c.eid)) for c in citations)


def _outcomes(result: Outcome | Iterable[Outcome] | None) -> list[Outcome]:
    if result is None:
        return []
    if isinstance(result, Outcome):
        return [result]
    return list(result)


def _cannot_decide(
    subject: str,
    r: Rule,
    as_of: date,
    missing: MissingFact,
    facts: Facts,
    prefix: str = "",
    citations: tuple[Citation, ...] | None = None,
) -> Finding:
    return Finding(
        subject=subject,
        rule_id=r.rule_id,
        kind=Kind.CANNOT_DECIDE,
        citations=r.citations if citations is None else citations,
        message=prefix + missing.message(),
        as_of=as_of,
        evidence=facts.used,
        needs=missing.names,
    )


def _evaluate_rule(r: Rule, subject: str, source: object, as_of: date) -> list[Finding]:
    facts = Facts(source, as_of)
    try:
        outcomes = _outcomes(r(facts))
    except MissingFact as missing:
        return [_cannot_decide(subject, r, as_of, missing, facts)]
    findings: list[Finding] = []
    for outcome in outcomes:
        citations = r.citations if outcome.cites is None else tuple(r.citation(e) for e in outcome.cites)
        consequence: Consequence | None = None
        penalty_gap: MissingFact | None = None
        if callable(outcome.consequence):
            try:
                consequence = outcome.consequence(facts)
            except MissingFact as missing:
                penalty_gap = missing  # the violation stands; only its penalty band is undecided
        else:
            consequence = outcome.consequence
        findings.append(
            Finding(
                subject=subject,
                rule_id=r.rule_id,
                kind=outcome.kind,
                citations=citations,
                message=outcome.message,
                as_of=as_of,
                evidence=facts.used,
                consequence=consequence,
                due=outcome.due,
            )
        )
        if penalty_gap is not None:
            findings.append(_cannot_decide(subject, r, as_of, penalty_gap, facts, "处罚档次", citations))
    return findings


def evaluate(
    facts: Mapping[str, Any],
    as_of: date,
    registry: Registry,
    resolver: Resolver | None = None,
) -> list[Finding]:
    """Findings for each ``subject → facts`` entry under every rule in force on ``as_of``.

    A rule is skipped before its effective date (and from its repeal date). Citations get the node
    text from ``resolver`` when one is given. Order: rules in registration order, subjects in input order.
    """
    findings: list[Finding] = []
    for r in registry:
        if not r.in_force(as_of):
            continue
        for subject, source in facts.items():
            if r.applies(source):
                findings.extend(_evaluate_rule(r, subject, source, as_of))
    if resolver is not None:
        findings = [dataclasses.replace(f, citations=_quoted(f.citations, resolver)) for f in findings]
    return findings
