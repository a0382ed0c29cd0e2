"""Shared helpers for the groundwater tests: the regulation's node texts and a one-subject runner."""

from __future__ import annotations

from datetime import date

import pytest

from zhengce.regimes.groundwater.ruleset import all_rules, corpus_resolver
from zhengce.rules import evaluate


@pytest.fixture(scope="session")
def gw_resolver():
    return corpus_resolver(None)


@pytest.fixture(scope="session")
def gw_run(gw_resolver):
    registry = all_rules()

    def run(subject, as_of: date, rule_id: str | None = None, registry=registry):
        found = evaluate({"s": subject}, as_of, registry, gw_resolver)
        return [f for f in found if rule_id is None or f.rule_id == rule_id]

    return run
