"""Reading facts while recording which ones a rule used.

Rules never read their input directly: they go through :class:`Facts`, so every finding can list the
evidence it rests on, and a missing fact stops the rule with :class:`MissingFact` instead of a guess.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any

_ABSENT = object()


class MissingFact(Exception):
    """A fact the rule needs is absent (or None). Carries every missing name at once."""

    def __init__(self, names: tuple[str, ...], labels: Mapping[str, str] | None = None) -> None:
        self.names = names
        self.labels = dict(labels or {})
        super().__init__("needs " + ", ".join(names))

    def message(self) -> str:
        """Chinese message for the user, naming each missing fact and its label."""
        shown = [f"{n}（{self.labels[n]}）" if n in self.labels else n for n in self.names]
        return "无法判定，缺少事实：" + "、".join(shown)


def _labels_of(source: object) -> dict[str, str]:
    # Dataclass facts may carry a Chinese label in field metadata: field(metadata={"label": "..."}).
    if dataclasses.is_dataclass(source) and not isinstance(source, type):
        return {f.name: f.metadata["label"] for f in dataclasses.fields(source) if "label" in f.metadata}
    return {}


class Facts:
    """Accessor over a mapping or an object (e.g. a dataclass) that records what was read."""

    def __init__(self, source: Mapping[str, Any] | object, as_of: date) -> None:
        self._source = source
        self.as_of = as_of
        self.labels = _labels_of(source)
        self._used: dict[str, Any] = {}

    @property
    def source(self) -> Mapping[str, Any] | object:
        return self._source

    @property
    def used(self) -> dict[str, Any]:
        """The facts read so far, in reading order (a copy)."""
        return dict(self._used)

    def _lookup(self, name: str) -> Any:
        if isinstance(self._source, Mapping):
            return self._source.get(name, _ABSENT)
        return getattr(self._source, name, _ABSENT)

    def need(self, *names: str) -> Any:
        """Value of one fact (or a tuple for several). Absent or None → MissingFact naming all of them."""
        if not names:
            raise TypeError("need() takes at least one fact name")
        values = [self._lookup(n) for n in names]
        missing = tuple(n for n, v in zip(names, values, strict=True) if v is _ABSENT or v is None)
        if missing:
            raise MissingFact(missing, {n: self.labels[n] for n in missing if n in self.labels})
        for n, v in zip(names, values, strict=True):
            self._used[n] = v
        return values[0] if len(values) == 1 else tuple(values)

    def get(self, name: str, default: Any = None) -> Any:
        """Optional fact: its value, or ``default`` when absent. Recorded only when present."""
        value = self._lookup(name)
        if value is _ABSENT or value is None:
            return default
        self._used[name] = value
        return value


def as_facts(facts: Facts | Mapping[str, Any] | object, as_of: date | None = None) -> Facts:
    """Wrap plain input in a :class:`Facts`, leaving an existing accessor (and its record) alone."""
    if isinstance(facts, Facts):
        return facts
    return Facts(facts, as_of or date.today())
