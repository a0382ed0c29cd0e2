"""Fines in a penalty provision: each money range with who pays it and what triggers it.

`…的，由…责令限期改正，处20万元以上200万元以下罚款，对直接负责的主管人员和其他直接责任人员处2万元
以上10万元以下罚款；造成严重后果的，处200万元以上500万元以下罚款，…` gives four fines: the unit's and
the individuals' for the offence, then both again under 造成严重后果的. The condition is the nearest
clause ending in 的 before the fine, within its sentence or semicolon segment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .quantities import Quantity

UNIT, INDIVIDUAL = "unit", "individual"

_FINE_WORDS = re.compile(r"罚款|罚金")
_INDIVIDUAL = re.compile(r"对[^，；。]*?(?:人员|个人|负责人)")
_SEGMENT_END = "。；"


@dataclass(frozen=True)
class Fine:
    min: int | float | None
    max: int | float | None
    payer: str  # unit | individual
    condition: str | None  # the 的-clause that triggers it (情节严重的, 造成严重后果的, the offence)
    text: str
    span: tuple[int, int]


def fines(text: str, found: Sequence[Quantity]) -> list[Fine]:
    out: list[Fine] = []
    for q in found:
        if q.kind != "money" or q.unit != "元":
            continue
        after = text[q.span[1] : q.span[1] + 6]
        if not _FINE_WORDS.search(after):
            continue  # 计征相关费用 or an amount that is not a fine
        seg_start = max(text.rfind(p, 0, q.span[0]) for p in _SEGMENT_END) + 1
        clause_start = max(text.rfind(p, 0, q.span[0]) for p in "，。；") + 1
        payer = INDIVIDUAL if _INDIVIDUAL.search(text, clause_start, q.span[0]) else UNIT
        clauses = re.split(r"[，,]", text[seg_start : q.span[0]])
        condition = next((c for c in reversed(clauses) if c.endswith("的")), None)
        out.append(Fine(q.value_min, q.value_max, payer, condition, q.text, q.span))  # type: ignore[arg-type]
    return out
