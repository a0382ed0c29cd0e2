"""Helpers shared by the regime tests (not a test module)."""

from __future__ import annotations

import re

from zhengce.rules import Registry

_LOCATOR = re.compile(
    r"^(?:[一二三四五六七八九十]+、(?:（[一二三四五六七八九十]+）)?(?:\d+[．.])?(?:第\d段)?|第[一二三四五六七八九十百]+条(?:第[一二三四五六七八九十]+款)?(?:第[一二三四五六七八九十]+项)?)："
)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def quoted_fragments(doc: str) -> list[str]:
    """Chinese quotations in a rule docstring: every paragraph opening with a locator such as
    ``四、第1段：`` or ``第九条：``, cut at ``……`` (elided text) into verbatim fragments."""
    fragments: list[str] = []
    for para in re.split(r"\n\s*\n", doc):
        flat = squash(para)
        m = _LOCATOR.match(flat)
        if not m:
            continue
        fragments.extend(p for p in flat[m.end() :].split("……") if p)
    return fragments


def assert_docstrings_quote_cited_text(registry: Registry, texts: dict[tuple[str, str], str]) -> int:
    """Every quoted fragment of every rule's docstring occurs verbatim in the nodes the rule cites.

    Returns how many fragments were checked, so a caller can assert the check was not vacuous.
    """
    checked = 0
    for r in registry:
        cited = "".join(squash(texts[c.key]) for c in r.citations)
        fragments = quoted_fragments(r.doc)
        assert fragments, f"{r.rule_id}: docstring quotes nothing"
        for fragment in fragments:
            assert fragment in cited, f"{r.rule_id}: “{fragment}” is not in the cited text"
            checked += 1
    return checked


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


def _replace(value, path, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        out = dict(value)
        if new is _DELETE and not rest:
            out.pop(head, None)
        else:
            out[head] = _replace(value[head], rest, new)
        return out
    out = list(value)
    out[head] = _replace(value[head], rest, None if new is _DELETE and not rest else new)
    return out


_DELETE = object()


def mutated(example):
    """Hypothesis strategy: ``example`` with one value (anywhere in the tree) replaced by arbitrary JSON,
    or one key deleted — the kinds of mistakes a hand-edited input file has."""
    from hypothesis import strategies as st

    json_values = st.recursive(
        st.none()
        | st.booleans()
        | st.integers(-(10**20), 10**20)
        | st.floats(allow_nan=True, allow_infinity=True)
        | st.text(max_size=12)
        | st.sampled_from(["2024-02-30", "2024-02-29", "", "yes", "411122", "equity", "named"]),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
        max_leaves=6,
    )
    paths = list(_paths(example))
    return st.builds(
        lambda path, new: _replace(example, path, new),
        st.sampled_from(paths),
        json_values | st.just(_DELETE),
    )
