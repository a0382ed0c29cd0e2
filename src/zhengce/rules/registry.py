"""Rules: plain functions with an id, the nodes they cite, and the date they take effect."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from zhengce.rules.citation import Citation, parse_eid
from zhengce.rules.consequence import Consequence
from zhengce.rules.facts import Facts
from zhengce.rules.finding import Kind

Resolver = Callable[[str, str], str | None]
"""``(doc_id, eid) -> node text``, or None when the node does not exist."""

ConsequenceSpec = Consequence | Callable[[Facts], Consequence] | None

_RULE_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


class RuleDefinitionError(Exception):
    """A rule is malformed (no citation, no docstring, bad id or date, duplicate id)."""


class CitationCheckError(Exception):
    """Some rules cite nodes that do not exist. ``missing`` lists (rule_id, doc_id, eid, human text)."""

    def __init__(self, missing: list[tuple[str, str, str, str]]) -> None:
        self.missing = missing
        lines = [f"  {rule_id}: {doc_id} {eid}（{text}）" for rule_id, doc_id, eid, text in missing]
        super().__init__(f"{len(missing)} 处引用的条文节点不存在：\n" + "\n".join(lines))


@dataclass(frozen=True)
class Outcome:
    """What a rule function returns for one subject. The kernel turns it into a Finding.

    ``cites`` picks, by eid, which of the rule's declared citations this outcome rests on (default: all).
    ``consequence`` may be a callable over the same Facts, so a penalty band that needs a fact the
    subject lacks becomes a separate cannot_decide finding instead of sinking the violation.
    """

    kind: Kind
    message: str
    cites: Sequence[str] | None = None
    consequence: ConsequenceSpec = None
    due: date | None = None


RuleFn = Callable[[Facts], Outcome | Iterable[Outcome] | None]


@dataclass(frozen=True)
class Rule:
    rule_id: str
    fn: RuleFn
    citations: tuple[Citation, ...]
    effective: date
    repealed: date | None = None
    applies_to: type | tuple[type, ...] | None = None
    doc: str = field(default="", repr=False)

    def __call__(self, facts: Facts) -> Outcome | Iterable[Outcome] | None:
        return self.fn(facts)

    def in_force(self, on: date) -> bool:
        """On/after ``effective`` and before ``repealed``."""
        return self.effective <= on and (self.repealed is None or on < self.repealed)

    def applies(self, subject_facts: object) -> bool:
        return self.applies_to is None or isinstance(subject_facts, self.applies_to)

    def citation(self, eid: str) -> Citation:
        for c in self.citations:
            if c.eid == eid:
                return c
        raise RuleDefinitionError(f"rule {self.rule_id} outcome cites {eid}, which the rule does not declare")


CiteSpec = tuple[str, str] | Citation


def _to_date(value: date | str, what: str, rule_id: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise RuleDefinitionError(f"rule {rule_id}: {what} {value!r} is not an ISO date") from exc


def rule(
    rule_id: str,
    *,
    cites: Sequence[CiteSpec],
    effective: date | str,
    repealed: date | str | None = None,
    applies_to: type | tuple[type, ...] | None = None,
    titles: Mapping[str, str] | None = None,
) -> Callable[[RuleFn], Rule]:
    """Decorator turning a function into a :class:`Rule`. Rejects rules without citations or docstring."""

    def wrap(fn: RuleFn) -> Rule:
        if not _RULE_ID.match(rule_id):
            raise RuleDefinitionError(f"rule id {rule_id!r} must be dotted lowercase, e.g. gw.meter.required")
        if not cites:
            raise RuleDefinitionError(f"rule {rule_id} cites no node; every rule must cite at least one")
        if not (fn.__doc__ or "").strip():
            raise RuleDefinitionError(f"rule {rule_id} has no docstring; quote the article it implements")
        citations = []
        for spec in cites:
            doc_id, eid = spec.key if isinstance(spec, Citation) else spec
            try:
                parse_eid(eid)
            except ValueError as exc:
                raise RuleDefinitionError(f"rule {rule_id}: {exc}") from exc
            citations.append(Citation.of(doc_id, eid, (titles or {}).get(doc_id)))
        return Rule(
            rule_id=rule_id,
            fn=fn,
            citations=tuple(citations),
            effective=_to_date(effective, "effective", rule_id),
            repealed=None if repealed is None else _to_date(repealed, "repealed", rule_id),
            applies_to=applies_to,
            doc=fn.__doc__ or "",
        )

    return wrap


class Registry:
    """An ordered set of rules with unique ids. ``titles`` maps doc ids to titles for citation text."""

    def __init__(self, titles: Mapping[str, str] | None = None) -> None:
        self.titles: dict[str, str] = dict(titles or {})
        self._rules: dict[str, Rule] = {}

    def register(self, r: Rule) -> Rule:
        if r.rule_id in self._rules:
            raise RuleDefinitionError(f"rule id {r.rule_id} registered twice")
        self._rules[r.rule_id] = r
        return r

    def rule(
        self,
        rule_id: str,
        *,
        cites: Sequence[CiteSpec],
        effective: date | str,
        repealed: date | str | None = None,
        applies_to: type | tuple[type, ...] | None = None,
    ) -> Callable[[RuleFn], Rule]:
        """Like :func:`rule`, and registers the result here (citation text uses this registry's titles)."""
        make = rule(
            rule_id,
            cites=cites,
            effective=effective,
            repealed=repealed,
            applies_to=applies_to,
            titles=self.titles,
        )
        return lambda fn: self.register(make(fn))

    def extend(self, other: Registry) -> Registry:
        """Add every rule (and title) of ``other``; duplicate ids are still rejected."""
        for r in other:
            self.register(r)
        self.titles.update(other.titles)
        return self

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def get(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def check_citations(self, resolver: Resolver) -> dict[tuple[str, str], str]:
        """Resolve every cited node; raise :class:`CitationCheckError` listing all that do not exist.

        Returns the resolved texts so callers can reuse them.
        """
        texts: dict[tuple[str, str], str] = {}
        missing: list[tuple[str, str, str, str]] = []
        for r in self:
            for c in r.citations:
                text = texts.get(c.key)
                if text is None:
                    text = resolver(c.doc_id, c.eid)
                if text is None:
                    missing.append((r.rule_id, c.doc_id, c.eid, c.text))
                else:
                    texts[c.key] = text
        if missing:
            raise CitationCheckError(missing)
        return texts
