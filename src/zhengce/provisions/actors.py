"""Who bears a provision: the named subjects, with their administrative level where stated.

An actor is a noun phrase in one of three positions (docs/provisions.md, "Actors"):
1. the subject of a modal or duty verb: `临时用地使用人应当…`, `各地区要…`, `财政部负责…`
   (a subject followed only by adverbials, `X按照管理权限，负责…`, is found one clause back);
2. the agent after 由: `由县级以上地方人民政府水行政主管部门责令…`, `费用由建设单位承担`;
3. the party encouraged, supported or allowed: `鼓励社会资本参与…`, `允许生态保护修复主体…`.
Bodies that only receive, approve or co-operate (`报…备案`, `经…批准`, `会同…`), violators in a
condition (`…有下列行为之一的，`) and units in a task block (tasks.py) are not actors.
Coordinated bodies are split: `县级以上人民政府水行政、自然资源等主管部门` gives one actor per
department, each with the shared level; 部/我部 is the issuing ministry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import rjieba

from .kinds import SPEECH, SUBJECT_MODAL, in_condition, mask

LEVELS = ("国务院", "省级", "市级", "县级", "县级以上", "乡级")


@dataclass(frozen=True)
class Actor:
    name: str
    level: str | None  # one of LEVELS, or None when not stated (地方人民政府, 理事会)


# Level prefixes, longest first; the value is the normalised level.
_LEVEL_OF = {
    "国务院": "国务院",
    "省、自治区、直辖市": "省级",
    "省级": "省级",
    "省": "省级",
    "设区的市级": "市级",
    "设区的市": "市级",
    "市级或者市级以上": "市级",
    "市级": "市级",
    "县级以上地方各级": "县级以上",
    "县级以上地方": "县级以上",
    "县级以上": "县级以上",
    "县（市、区）": "县级",
    "县（市）": "县级",
    "县级": "县级",
    "乡镇": "乡级",
    "乡（镇）": "乡级",
    "乡级": "乡级",
    "地方各级": None,
    "地方": None,
    "上级": None,
}
_LEVEL_RE = "|".join(re.escape(k) for k in sorted(_LEVEL_OF, key=len, reverse=True))
_LEVEL_PREFIX = re.compile(rf"^(?P<level>{_LEVEL_RE})(?P<gov>人民政府|政府)?(?=.)")
_MINISTRY = re.compile(
    r"国家发展改革委|国家发展和改革委员会|发展改革委|工业和信息化部|住房和城乡建设部|住房城乡建设部"
    r"|人力资源社会保障部|人力资源和社会保障部|农业农村部|自然资源部|生态环境部|交通运输部|水利部|财政部"
    r"|科技部|教育部|商务部|司法部|公安部|民政部|卫生健康委|文化和旅游部|应急管理部|人民银行|税务总局"
    r"|市场监管总局|统计局|国管局|能源局|林草局|银保监会|证监会|海关总署|国资委"
)
# The head nouns a subject phrase ends with.
_SUFFIX = (
    r"(?:单位和个人|单位或者个人|单位|个人|使用人|申请人|行为人|责任人|管理人|所有权人|所有人|权利人|负责人"
    r"|企业|机构|基金|部门|机关|政府|委员会|理事会|理事长|成员|代表|组织|公司|主体|用户|农户|人员|经营者"
    r"|生产者|投资者|地区|地方|各地|城市|层面|院校|高校|银行|公众|资本|力量|载体|协会|出资方|所在地|省"
    r"|(?<![全内局东中西南北干底外上下头腹])部|委|(?<![布格结大全当终开])局"
    r"|办公厅|办公室|司局|机组|电厂|行业|园区|工厂|考试点|党委和政府)(?:（[^（）]{1,8}）)?"
)
_ENDS_WITH_SUFFIX = re.compile(rf"{_SUFFIX}$")
# Words that end a subject phrase: prepositions, adverbs, modals (what follows is the predicate).
_MARKER = re.compile(
    r"对(?!外|照)|(?<!所)在|按照|依照|根据|依法|依规|向|会同|结合|通过|将|把|都|均|也|还|积极|认真|切实"
    r"|及时|进一步|不断|共同|统一|按规定|(?<!参)与|同时|于|自(?!治|然|主|愿|身|行|备|查|评|律)|以(?![上下及外])|为(?!主)|"
    + SUBJECT_MODAL.pattern
)
_LEADING = re.compile(
    r"^(?:第[零一二两三四五六七八九十百千0-9]+条|并且?|还|也|均|都|同时|但是?|而且?|另外|此外|其中|对此|为此"
    r"|由)+"
)
# A phrase opening with one of these verbs is a predicate, not a subject (unless it is a
# relative clause: 利用地下水的单位和个人).
_VERB_START = re.compile(
    r"^(?:推动|推进|加强|加快|强化|完善|建立|健全|实施|开展|落实|坚持|鼓励|支持|引导|促进|提高|提升|优化"
    r"|深化|加大|严格|做好|抓好|保障|确保|组织|围绕|依托|发挥|构建|培育|发展|扩大|规范|探索|统筹"
    r"|聚焦|着力|全面|大力|持续|充分|注重|面对|面向|针对|立足|除|凡|如|若|当|就|关于|已有|已经|上述|本|该|其|经"
    r"|发现|对于|凡是|如果|因|由于|随着|涉及|属于|列入|纳入|经过|申请|取得|未|不|违反|超过|达到|低于|确需"
    r"|需要|具备|符合|实行)"
)
# Objects of 支持/鼓励 that are activities, not parties (支持扩大…, 支持举办…, 请认真组织实施).
_ACTIVITY = re.compile(
    r"^(?:扩大|用好|举办|结合|利用|参与|建设|认真|积极|加快|开发|做大|推广|应用|发展|开展|实施|建立|完善"
    r"|提高|提升|促进|推动|加强)"
)
_BY = re.compile(r"(?<![理自缘经来])由(?!于|此)")
_BY_VERB = re.compile(
    r"责令|负责|依法|组织|处|给予|承担|实施|确定|制定|提供|审核|予以|进行|另行|募集|会同|按照|依照|依托"
    r"|统一|决定|下放|批准|编制|公开|通过|在"
)
_AGENT_VERB = re.compile(
    r"(?<![术技据策息融金撑持])(?<!有力)(?<!动力)(?:鼓励|支持|允许|请)(?:和(?:支持|引导|鼓励|指导))?"
    r"(?!力度|体系|系统|政策|作用|能力|下|范围|方式|措施|资金|的|事项)"
)
# POS tags that end an agent's noun phrase once it has a head: verbs, adjectives, adverbs, prepositions.
_BREAK_TAGS = {"v", "a", "ad", "ag", "d", "dg", "p", "vd", "f"}
_LEAD_TAGS = {"ad", "d", "p", "c", "u", "uj"}
_CLAUSE_PUNCT = "，。；：！？"
_STRONG_COORD = re.compile(r"或者|以及|(?<![涉以普危顾波提企来])及(?!其|时)")
_CITY_LEVELS = re.compile(r"^(?P<a>[省市县])、(?P<b>[省市县])级(?P<rest>.+)$")
_DEPT_LIST = re.compile(
    r"^(?P<items>(?:[^、等]{1,8}?、)*[^、等]{1,8}?)等?(?P<tail>主管部门|行政部门|管理部门|部门)$"
)
_NAMED_LEAD = re.compile(r"^(?P<head>.+?)等(?:有关|相关)?(?:部门|单位)$")  # 自然资源部等部门
_QUALIFIER = re.compile(
    r"^(?:任何|更多|符合条件的|有条件的|具备条件的|有条件|所在地|(?:有|具有|具备)[^的，]{1,10}的"
    r"|除?[^，。；的]{1,20}?(?:以外|之外|外)的)"
)
# The body named after a locative or relative qualifier: 地下水超采区的县级以上地方人民政府.
_BODY_TAIL = re.compile(rf"^(?:{_LEVEL_RE}|各级|各地|国务院).*(?:部门|机关|政府|机构)$")
_HALF_PARENS = str.maketrans("()", "（）")
_SELF = {"部", "我部", "本部"}


def _normalise(name: str) -> str:
    return re.sub(r"\s+", "", name).translate(_HALF_PARENS)


def canonical_name(name: str) -> str:
    """The comparable form of an actor's name: no spaces, full-width brackets, no 任何 / 符合条件的,
    and no leading 有关 before a named body (有关县级以上地方人民政府 -> 县级以上地方人民政府)."""
    name = _QUALIFIER.sub("", _normalise(name))
    if name.startswith("各") and _LEVEL_PREFIX.match(name[1:]):
        name = name[1:]  # 各省级应急管理部门 -> 省级应急管理部门
    tail = name.rsplit("的", 1)[-1]
    if tail != name and _BODY_TAIL.match(tail) and not name.startswith("设区的"):
        name = tail
    rest = name.removeprefix("有关")
    if rest != name and len(rest) >= 4 and not rest.startswith(("部门", "单位")):
        name = rest
    return name


def level_of(name: str) -> str | None:
    """The administrative level a body's name states, or None."""
    bare = name.removeprefix("各")
    m = _LEVEL_PREFIX.match(bare)
    if m and not bare.startswith("地方"):
        return _LEVEL_OF[m.group("level")]
    if _MINISTRY.fullmatch(name) or name.startswith(("国务院", "国家")):
        return "国务院"
    if bare.startswith("省级") or re.search(r"所在省|省（|省$", bare):
        return "省级"
    if "城市" in bare:
        return "市级"
    return None


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(p, 0, pos) for p in _CLAUSE_PUNCT) + 1
    ends = [i for i in (text.find(p, pos) for p in _CLAUSE_PUNCT) if i != -1]
    return start, min(ends, default=len(text))


def _head_ends(text: str) -> list[int]:
    """Every position at which a prefix of `text` ends with a head noun (各地 and 各地区 both)."""
    return [e for e in range(1, len(text) + 1) if _ENDS_WITH_SUFFIX.search(text, 0, e)]


def _subject(phrase: str) -> str | None:
    """The noun phrase opening `phrase` (everything before the first marker), if it has a head."""
    phrase = _LEADING.sub("", phrase.strip("　 "))
    cut = _MARKER.search(phrase)
    head = phrase[: cut.start()] if cut else phrase
    ends = _head_ends(head[:40])
    if not ends:
        return None
    best = head[: ends[-1]]
    if "的" not in best and _VERB_START.match(best):
        return None
    return best


def _modal_subjects(text: str) -> list[tuple[int, str]]:
    out = []
    for m in SUBJECT_MODAL.finditer(text):
        if in_condition(text, m.start()):
            continue  # the subject of `…应当备案而未备案的，` is the violator
        start, _ = _clause_bounds(text, m.start())
        np = _subject(text[start : m.start()])
        bare = _LEADING.sub("", text[start : m.start()].strip("　 "))
        if np is None and not bare and start > 1 and text[start - 1] == "，":
            # `X按照管理权限，负责…` and `单位和个人取用地下水量达到取水规模以上的，应当…`: the
            # subject opens the clause before.
            prev_start, _ = _clause_bounds(text, start - 1)
            prev = text[prev_start : start - 1]
            if not SUBJECT_MODAL.search(prev):
                np, start = _subject(prev), prev_start
        if np:
            out.append((start, np))
    return out


def _by_agent(text: str, pos: int) -> str | None:
    """The noun phrase after 由 at `pos`, up to its verb (由县级以上…主管部门责令…)."""
    _, end = _clause_bounds(text, pos)
    rest = text[pos:end]
    v = _BY_VERB.search(rest)
    np = rest[: v.start()] if v else ""
    return np if np and _ENDS_WITH_SUFFIX.search(np) and len(np) <= 40 else None


def _encouraged(text: str, pos: int) -> str | None:
    """The party after 鼓励/支持/允许 at `pos`: a noun phrase with a head, ended by its verb."""
    _, end = _clause_bounds(text, pos)
    window = text[pos : min(end, pos + 40)]
    q = _QUALIFIER.match(window)
    skip = q.end() if q else 0
    rest = window[skip:]
    cut = _MARKER.search(rest)
    rest = rest[: cut.start()] if cut else rest
    tokens = rjieba.tag(rest) if rest else []
    if not tokens or _VERB_START.match(rest) or _ACTIVITY.match(rest) or tokens[0][1] in _LEAD_TAGS:
        return None  # 支持扩大…规模, 请认真组织实施: the object is an activity, not a party
    done = 0
    head_end = None
    for i, (word, tag) in enumerate(tokens):
        if head_end is not None and tag in _BREAK_TAGS and not _modifier_ahead(tokens, i):
            break
        done += len(word)
        if _ENDS_WITH_SUFFIX.search(rest, 0, done):
            head_end = done
    if head_end is None or rest.startswith("间", head_end):
        return None  # 鼓励企业间串联用水: 企业间 is adverbial
    after = pos + skip + head_end
    if after >= len(text) or text[after] in "。；":
        return None  # `支持…的科技型中小企业。`: a beneficiary that does nothing here
    return rest[:head_end]


def _modifier_ahead(tokens: list[tuple[str, str]], i: int) -> bool:
    """A 的 within the next few tokens: the verb at `i` opens a relative clause (有合作需求的…)."""
    for word, _tag in tokens[i : i + 5]:
        if word == "的":
            return True
        if word in "，。；、和":
            return False
    return False


def _split(np: str, agent: bool) -> list[str]:
    """One name per body: coordinated levels, departments and lists are separated."""
    np = np.strip("等")
    m = _CITY_LEVELS.match(np)
    if m:
        return [f"{m.group('a')}级{m.group('rest')}", f"{m.group('b')}级{m.group('rest')}"]
    lp = _LEVEL_PREFIX.match(np)
    if lp and (lp.group("gov") or _DEPT_LIST.match(np[lp.end() :]) or not re.search(r"[和、]", np)):
        prefix, rest = np[: lp.end()], np[lp.end() :]
        for joiner in ("及其", "或者其"):
            if rest.startswith(joiner):  # 县级以上地方人民政府及其有关部门
                tail = rest.removeprefix(joiner)
                return [prefix] + ([prefix + tail] if joiner == "及其" else [])
        d = _DEPT_LIST.match(rest)
        if d:
            return [prefix + item + d.group("tail") for item in d.group("items").split("、")]
        return [np]
    out: list[str] = []
    for group in (p for p in _STRONG_COORD.split(np) if p):
        parts = [p for p in group.split("、") if p]
        if len(parts) > 1 and not all(_ENDS_WITH_SUFFIX.search(p.strip("等")) for p in parts):
            parts = [group]  # 包头、鄂尔多斯、石嘴山等城市: a list of names under one head
        for part in parts:
            part = part.strip("等")
            named = _NAMED_LEAD.match(part)
            part = named.group("head") if named else part
            left, sep, right = part.partition("和")
            if sep and len(right) >= 3 and not right.startswith("其他") and _ENDS_WITH_SUFFIX.search(left):
                out.extend([left, right])  # 保险机构和有条件的地方 (but not 单位和个人)
            else:
                out.append(part)
    out = [p for p in out if p and not p.startswith("其")]
    if agent:  # 有合作需求的中小企业 -> 中小企业
        out = [p.rsplit("的", 1)[-1] for p in out]
    return out


def actors(text: str, issuer: str | None = None) -> list[Actor]:
    """Subjects bearing the provision, in order of first appearance, without duplicates.

    `issuer` names the ministry that 部/我部 stands for in its own documents.
    """
    text = SPEECH.sub(lambda m: "　" * len(m.group()), mask(text.translate(_HALF_PARENS)))
    found: list[tuple[int, str, bool]] = [(pos, np, False) for pos, np in _modal_subjects(text)]
    for m in _BY.finditer(text):
        np = _by_agent(text, m.end())
        if np:
            found.append((m.start(), np, False))
    for m in _AGENT_VERB.finditer(text):
        np = _encouraged(text, m.end())
        if np:
            found.append((m.start(), np, True))
    found.sort(key=lambda item: item[0])
    seen: set[str] = set()
    out: list[Actor] = []
    for _, np, agent in found:
        for raw in _split(_QUALIFIER.sub("", _normalise(np)), agent):
            name = canonical_name(raw)
            if name in _SELF:
                if not issuer:
                    continue
                name = issuer
            if len(name) < 2 or name in seen:
                continue
            seen.add(name)
            out.append(Actor(name, level_of(name)))
    return out
