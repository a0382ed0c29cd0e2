"""Task assignments in plans: `（牵头单位：水利部；参与单位：国家发展改革委、工业和信息化部）` and
`（X、Y按职责分工负责）` trailing a measure."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Task:
    lead: tuple[str, ...]  # 牵头单位, or the units of a bare `（X、Y按职责分工负责）`
    participants: tuple[str, ...]  # 参与/参加/配合单位
    by_division_of_duties: bool  # 按职责分工负责: each unit acts within its own remit
    span: tuple[int, int]
    text: str


# One level of nested parentheses is allowed inside the block: 挥发性有机物（VOCs）.
_BLOCK = re.compile(r"[（(](?P<body>(?:[^（）()]|[（(][^（）()]*[）)])*)[）)]")
_CUE = re.compile(r"牵头单位|参与单位|参加单位|配合单位|责任单位|按职责分工负责|分工负责$|按职责分工共同推进")
_FIELD = re.compile(r"^(?P<label>牵头单位|参与单位|参加单位|配合单位|责任单位)\s*[:：]\s*(?P<names>.*)$")
_DUTY = re.compile(r"(?:按照?职责分工(?:共同推进|负责)|分工负责|负责|按职责分工)$")
_SPLIT = re.compile(r"[、，,]|及(?=各|有关|相关|国务院)")
_GENERIC = {"部门", "单位", "有关部门", "相关部门"}


def _names(s: str) -> list[str]:
    out: list[str] = []
    for raw in _SPLIT.split(s):
        name = re.sub(r"\s+", "", raw).strip("。")
        if not name:
            continue
        # 商务部等国务院相关部门: both the named unit and the group it stands for.
        head, sep, tail = name.partition("等")
        if sep and tail in _GENERIC:
            tail = ""  # 国管局等部门: the list already named them
        out.extend(
            part for part in ((head, tail) if sep and head and tail else (head if sep else name,)) if part
        )
    return out


def tasks(text: str) -> list[Task]:
    """Every task-assignment parenthesis in `text`, in order."""
    found: list[Task] = []
    for m in _BLOCK.finditer(text):
        body = m.group("body").strip()
        if not _CUE.search(body):
            continue
        lead: list[str] = []
        participants: list[str] = []
        by_division = "分工负责" in body
        for part in re.split(r"[；;]", body):
            part = part.strip()
            if not part:
                continue
            field = _FIELD.match(part)
            names = _DUTY.sub("", field.group("names") if field else part).strip()
            label = field.group("label") if field else "牵头单位"
            (lead if label in ("牵头单位", "责任单位") else participants).extend(_names(names))
        found.append(Task(tuple(lead), tuple(participants), by_division, m.span(), m.group()))
    return found
