"""Citations of corpus nodes, and their human (Chinese) rendering.

A node id follows the Akoma Ntoso style used by the corpus, e.g. ``chp_7__art_59__para_2``.
Chinese legal citations omit the chapter, so ``chp_7__art_59__para_2`` in 《地下水管理条例》
reads ``《地下水管理条例》第五十九条第二款``.
"""

from __future__ import annotations

from dataclasses import dataclass

_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))

# Component prefix → Chinese counter. Order of nesting: 编 > 章 > 节 > 条 > 款 > 项 > 目.
_COUNTERS = {"book": "编", "chp": "章", "sec": "节", "art": "条", "para": "款", "item": "项", "point": "目"}
_BELOW_ARTICLE = ("art", "para", "item", "point")
# Outline documents (一、（一）1.（1）), attachments and boxes, as the corpus numbers them.
_OUTLINE = {"att", "sec", "subsec", "item", "point", "para", "box", "table"}


def chinese_number(n: int) -> str:
    """1..9999 as a Chinese numeral the way statutes write them (十一, 二十, 一百零一, 一百一十)."""
    if not 0 < n < 10000:
        raise ValueError(f"chinese_number supports 1..9999, got {n}")
    out: list[str] = []
    pending_zero = False
    for value, unit in _UNITS:
        digit, n = divmod(n, value)
        if digit:
            if pending_zero:
                out.append("零")
                pending_zero = False
            # 十一 not 一十一 at the start; but 一百一十 keeps the 一.
            if not (value == 10 and digit == 1 and not out):
                out.append(_DIGITS[digit])
            out.append(unit)
        elif out:
            pending_zero = True
    if n:
        if pending_zero:
            out.append("零")
        out.append(_DIGITS[n])
    return "".join(out)


def parse_eid(eid: str) -> list[tuple[str, int]]:
    """``chp_7__art_59__para_2`` → ``[("chp", 7), ("art", 59), ("para", 2)]``; rejects anything else."""
    parts: list[tuple[str, int]] = []
    for component in eid.split("__"):
        kind, sep, number = component.partition("_")
        if not sep or kind not in _COUNTERS.keys() | _OUTLINE or not number.isdigit() or int(number) < 1:
            raise ValueError(f"not a node id: {eid!r} (bad component {component!r})")
        parts.append((kind, int(number)))
    return parts


def human_citation(title: str | None, eid: str, doc_id: str = "") -> str:
    """``《地下水管理条例》第五十九条第二款``; falls back to the doc id when the title is unknown."""
    parts = parse_eid(eid)
    has_article = any(kind == "art" for kind, _ in parts)
    if (
        not has_article
        and any(kind in ("att", "subsec", "box", "table") for kind, _ in parts)
        or (not has_article and any(kind == "para" for kind, _ in parts))
    ):
        return _outline_citation(title, parts, doc_id)
    # Below the article only 条/款/项/目 are cited; above it (no article) cite 章/节.
    shown = [(k, n) for k, n in parts if k in _BELOW_ARTICLE] if has_article else parts
    where = "".join(f"第{chinese_number(n)}{_COUNTERS[k]}" for k, n in shown)
    source = f"《{title}》" if title else f"{doc_id} "
    return f"{source}{where}"


def _outline_citation(title: str | None, parts: list[tuple[str, int]], doc_id: str) -> str:
    """`sec_2__subsec_1__item_3` → `二、（一）3.`, as the corpus cites outline documents.

    An attachment's nodes are cited under the attachment's own title, which only the corpus
    knows: prefer the corpus node's citation (a resolver) where an exact title matters."""
    rendered = {
        "sec": lambda n: f"{chinese_number(n)}、",
        "subsec": lambda n: f"（{chinese_number(n)}）",
        "item": lambda n: f"{n}.",
        "point": lambda n: f"（{n}）",
        "para": lambda n: f"第{n}段",
        "box": lambda n: f"专栏{n}",
        "table": lambda n: f"表{n}",
        "att": lambda n: "",
    }
    where = "".join(rendered[k](n) for k, n in parts if k in rendered)
    source = f"《{title}》" if title else f"{doc_id} "
    return f"{source}{where}"


@dataclass(frozen=True)
class Citation:
    """One cited node. ``text`` is the human citation; ``quote`` the node's text when a resolver gave it."""

    doc_id: str
    eid: str
    text: str
    quote: str | None = None

    @classmethod
    def of(cls, doc_id: str, eid: str, title: str | None = None) -> Citation:
        return cls(doc_id=doc_id, eid=eid, text=human_citation(title, eid, doc_id))

    @property
    def key(self) -> tuple[str, str]:
        return (self.doc_id, self.eid)
