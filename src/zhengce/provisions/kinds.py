"""Classify a provision by the deontic and functional kinds it expresses.

A provision can be several kinds at once (an article imposing a duty and fixing the fine for
breaching it), so `classify` returns a set. Each pattern carries its own guards against the
common false positives (不得不, 无须, 技术支持, 实施行动).
"""

from __future__ import annotations

import re

OBLIGATION = "obligation"
PROHIBITION = "prohibition"
PERMISSION = "permission"
PENALTY = "penalty"
DEFINITION = "definition"
TARGET = "target"
TASK = "task"
EFFECT = "effect"
KINDS = (OBLIGATION, PROHIBITION, PERMISSION, PENALTY, DEFINITION, TARGET, TASK, EFFECT)

_C = r"[^，。；：！？,;:]"  # any char inside one clause

_PATTERNS: dict[str, re.Pattern[str]] = {
    OBLIGATION: re.compile(
        r"应当|应该|必须|务必"
        r"|(?<![必无毋不勿])须(?![知])"
        # bare 应 before a verb (应坚持, 应科学组织); not 相应/适应/供应/应用/应急/应对…
        r"|(?<![相适供响对反效呼顺感回报答不])应(?![当用急对变收付激答声届运力有])"
    ),
    PROHIBITION: re.compile(r"禁止|严禁|不得(?![不已])|不准|不许|不应当|不应|不能"),
    PERMISSION: re.compile(
        r"(?<!不)可以|(?<![不许认])可(?=先|适当|酌情|自行|申请|按照|依照|参照|采取|采用|一并|同时|直接|依法)"
        r"|允许|有权|鼓励|倡导"
        # 支持 as a verb, not the noun in 技术支持/数据支持 or 支持力度/支持政策
        r"|(?<![术技据策力息融金撑持])支持(?!力度|体系|系统|政策|作用|能力|下)"
    ),
    PENALTY: re.compile(
        rf"处{_C}{{0,25}}?(?:罚款|罚金|拘留)|罚款|吊销|没收|暂扣|责令|追究{_C}{{0,12}}?责任"
        rf"|给予{_C}{{0,12}}?处分|(?<!行政)处罚(?!法)|依法处理|停业整顿|关闭(?=。|；|$)"
    ),
    DEFINITION: re.compile(r"是指|系指|指的是|本\w{0,8}?所称|用语含义|下列用语的含义|含义是"),
    TARGET: re.compile(
        r"到\s*20[0-9]{2}\s*年|20[0-9]{2}\s*年(?:底|末)?(?:前|之前)"
        rf"|(?:控制在|稳定在|保持在){_C}{{0,20}}?(?:以内|以下|以上|左右|[%％])"
        rf"|(?:达到|提高到|提升到|降低到|下降到|降至|提高至|提升至|突破|超过){_C}{{0,12}}?[0-9]"
        r"|(?:下降|降低|减少|提高|提升|增长|增加)\s*[0-9][0-9.]*\s*[%％]"
    ),
    TASK: re.compile(r"牵头单位|参与单位|参加单位|配合单位|责任单位|按职责分工负责|分工负责）"),
    EFFECT: re.compile(r"(?<!实)施行|起执行|开始执行|停止执行|废止|有效期|同时失效|失效|实施期限|试行"),
}


def classify(text: str) -> set[str]:
    """The set of kinds (see KINDS) expressed anywhere in `text`."""
    return {kind for kind, pattern in _PATTERNS.items() if pattern.search(text)}


def matches(text: str, kind: str) -> list[tuple[int, int]]:
    """Spans of the cue words for one kind, for highlighting and debugging."""
    return [m.span() for m in _PATTERNS[kind].finditer(text)]
