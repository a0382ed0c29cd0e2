"""Classify a provision by the deontic and functional kinds it expresses.

A provision can be several kinds at once (an article imposing a duty and fixing the fine for
breaching it), so `classify` returns a set. The rules (docs/provisions.md) are cue words with
guards against the usual false positives (不得不, 无须, 技术支持, 实施行动, 负责人):

- cue words inside a 《title》 or inside a task block (（牵头单位：…按职责分工负责）) do not count;
- a modal in a clause that ends in 的 describes a condition (`应当备案而未备案的，` / `必须进行
  临时应急取水的，`), not a duty, so it does not make the node an obligation.
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
# Derived at document level, not from cue words: a time limit, or a bare limit with no other kind.
DEADLINE = "deadline"
OTHER = "other"

_C = r"[^，。；：！？,;:]"  # any char inside one clause

# Modal verbs, shared with actors.py (the subject of a modal bears the provision).
OBLIGATION_CUE = (
    r"应当|应该(?!看到|认识到)|必须|务必"
    r"|(?<![必无毋不勿])须(?![知])"
    # bare 应 before a verb (应坚持, 应科学组织); not 相应/适应/供应/应用/应急/应对/应有…
    r"|(?<![相适供响对反效呼顺感回报答不])应(?![当该用急对变收付激答声届运力有])"
    # 要 as a directive (各地区要…, 要严格控制); not 需要/重要/主要/要求/要素/纲要…
    r"|(?<![需重主必只纪摘提概简首紧险政扼机纲])要(?![求素点件闻害领旨务津地塞职员案道冲]|清醒看到|看到|认识到)"
    r"(?=[\u4e00-\u9fff])"
    # X负责Y: a duty; not 负责人 or a relative clause (…负责的部分权限)
    r"|(?<!于)负责(?![人的同]|原则)"
    rf"|承担{_C}{{0,8}}?(?:责任|职责|义务)"
    # 请…: the directive of a notice (请遵照执行); not 申请/报请/提请/邀请/请示
    r"|(?<![申提报邀聘敬])请(?![示求假教柬愿])(?=[\u4e00-\u9fff])"
)
PROHIBITION_CUE = (
    r"(?<!不)禁止(?![、和]限制|的|[^，。；]{0,4}区)|严禁|不得(?![不已])|不准|不许|不应当|不应|杜绝"
    r"|不予(?!以)"
    r"|(?<![政为])不作为(?![、，。；的]|乱)"
)
PERMISSION_MODAL = (
    r"(?<!不)可以"
    # bare 可 before a verb; not 可能/可行/可靠/可持续/可再生/可复制可推广…
    r"|(?<![不许认宁尽即])可(?!能|行|靠|控|持续|再生|视|比|及|溶|开采|恢复|信|追溯|复制|推广|操作|预期"
    r"|观|是|见|谓|供|达|知|降解|以|用[、，。])(?=[\u4e00-\u9fff])"
    r"|(?<!所)有权"
)
PERMISSION_CUE = (
    PERMISSION_MODAL + r"|允许|鼓励|倡导"
    # 支持 as a verb with an object, not the noun (技术支持, 支持力度, 给予…支持。)
    r"|(?<![术技据策息融金撑持])(?<!有力)(?<!动力)支持(?!力度|体系|系统|政策|作用|能力|下|范围|方式|措施|资金|的|事项)"
    r"(?=[\u4e00-\u9fff“])"
)
# Verbs whose subject bears the provision (鼓励/支持 introduce their party after them instead).
SUBJECT_MODAL = re.compile(f"{OBLIGATION_CUE}|{PROHIBITION_CUE}|{PERMISSION_MODAL}")

_PATTERNS: dict[str, re.Pattern[str]] = {
    OBLIGATION: re.compile(OBLIGATION_CUE),
    PROHIBITION: re.compile(PROHIBITION_CUE),
    PERMISSION: re.compile(PERMISSION_CUE),
    PENALTY: re.compile(
        rf"处{_C}{{0,25}}?(?:罚款|罚金|拘留)|罚款|吊销|没收|暂扣|责令|追究{_C}{{0,12}}?责任"
        rf"|给予{_C}{{0,12}}?处分|(?<!行政)处罚(?!法)|依法处理|停业整顿|关闭(?=。|；|$)"
        rf"|惩戒|惩处|撤销{_C}{{0,6}}?许可|停批|停建|暂停{_C}{{0,10}}?(?:审批|资格|拨付|受理)"
        rf"|取消{_C}{{0,12}}?资格|通报批评|予以公开通报|违法行为人"
        rf"|移送{_C}{{0,12}}?(?:处理|查处)"
    ),
    DEFINITION: re.compile(r"是指|系指|指的是|本\w{0,8}?所称|用语含义|下列用语的含义|含义是"),
    TASK: re.compile(
        r"牵头单位|参与单位|参加单位|配合单位|责任单位|按职责分工负责|分工负责）|按职责分工共同推进"
    ),
    EFFECT: re.compile(r"(?<![实措])施行|起执行|开始执行|停止执行|废止|有效期|同时失效|失效|实施期限|试行"),
}
# Targets need the document (years, goal sections): see extract.py. The cue alone is kept for
# callers that classify loose text.
_TARGET = re.compile(
    r"到\s*20[0-9]{2}\s*年|20[0-9]{2}\s*年(?:底|末)?(?:前|之前)"
    rf"|(?:控制在|稳定在|保持在){_C}{{0,20}}?(?:以内|以下|以上|左右|[%％])"
    rf"|(?:达到|提高到|提升到|降低到|下降到|降至|提高至|提升至|突破|超过){_C}{{0,12}}?[0-9]"
    r"|(?:下降|降低|减少|提高|提升|增长|增加)\s*[0-9][0-9.]*\s*[%％]"
)
_TITLE = re.compile(r"《[^《》]*》|（试行）")
# Slogans (“层层负责、人人有责”) and quoted speech (提出要“坚持以水定城…”) bind no one here.
SPEECH = re.compile(r"(?:提出|强调|指出)要?“[^“”]*”")
QUOTED = re.compile(rf"“[^“”]{{1,30}}”|{SPEECH.pattern}")
# A modal inside a relative clause: 依法应当停止取水的地下水取水工程.
_RELATIVE = re.compile(r"依法(?:应当|必须)[^，。；]{1,10}?的(?=[\u4e00-\u9fff])")
_TASK_BLOCK = re.compile(
    r"[（(][^（）()]*(?:牵头单位|参与单位|参加单位|配合单位|责任单位|按职责分工)[^（）()]*[）)]"
)
_CLAUSE_END = re.compile(r"[，。；：]")


def mask(text: str) -> str:
    """`text` with titles and task blocks blanked out (same length, so offsets still hold)."""
    text = _TITLE.sub(lambda m: "　" * len(m.group()), text)
    return _TASK_BLOCK.sub(lambda m: "　" * len(m.group()), text)


def in_condition(text: str, pos: int) -> bool:
    """Whether the modal at `pos` describes rather than binds: it lies in a clause ending in 的
    (`…应当备案而未备案的，`, a list item `列入…名录的。`) or in a relative clause."""
    end = _CLAUSE_END.search(text, pos)
    if end is not None and text[end.start() - 1] == "的":
        return True
    return any(m.start() <= pos < m.end() for m in _RELATIVE.finditer(text, max(0, pos - 2), pos + 20))


def classify(text: str) -> set[str]:
    """The set of kinds (see KINDS) expressed anywhere in `text`."""
    masked = mask(text)
    deontic = QUOTED.sub(lambda m: "　" * len(m.group()), masked)
    found = set()
    if _TASK_BLOCK.search(text):
        found.add(TASK)
    for kind, pattern in _PATTERNS.items():
        if kind == TASK:
            continue
        target = deontic if kind in (OBLIGATION, PROHIBITION, PERMISSION) else masked
        if kind in (OBLIGATION, PROHIBITION):
            if any(not in_condition(target, m.start()) for m in pattern.finditer(target)):
                found.add(kind)
        elif pattern.search(target):
            found.add(kind)
    if _TARGET.search(masked):
        found.add(TARGET)
    return found


def matches(text: str, kind: str) -> list[tuple[int, int]]:
    """Spans of the cue words for one kind, for highlighting and debugging."""
    pattern = _TARGET if kind == TARGET else _PATTERNS[kind]
    return [m.span() for m in pattern.finditer(mask(text))]
