"""Who bears a provision: government bodies (with their administrative level) and other subjects.

Two sources: government bodies are recognised wherever they act (`由县级以上地方人民政府水行政主管
部门责令…`), and any other subject is the noun phrase opening the clause of a modal verb
(`临时用地使用人应当…`, `子基金应以…`). Bodies that only receive something (`向…备案`) are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
# Department words may not run across a verb: stop at modals and the usual clause verbs.
_DEPT_CHAR = r"(?:(?!应当|必须|不得|可以|负责|按照|依照|组织|对|向|由|将|在|于|的规定)[\u4e00-\u9fff、])"
_DEPT_END = r"主管部门|行政部门|管理部门|有关部门|相关部门|部门|机关|机构|办公厅|办公室"
_GOV = re.compile(rf"(?P<level>{_LEVEL_RE})(?P<gov>人民政府)?(?P<dept>{_DEPT_CHAR}{{0,16}}?(?:{_DEPT_END}))?")
_MINISTRY = re.compile(
    r"国家发展改革委|国家发展和改革委员会|发展改革委|工业和信息化部|住房和城乡建设部|住房城乡建设部"
    r"|人力资源社会保障部|人力资源和社会保障部|农业农村部|自然资源部|生态环境部|交通运输部|水利部|财政部"
    r"|科技部|教育部|商务部|司法部|公安部|民政部|卫生健康委|文化和旅游部|应急管理部|人民银行|税务总局"
    r"|市场监管总局|统计局|国管局|能源局|林草局|银保监会|证监会|海关总署|国资委"
)
_MODAL = re.compile(r"应当|必须|不得|可以|负责|有权|应(?![当用急对变])|须(?!知)")
_CLAUSE_START = re.compile(r"[，。；：,;:！？\n]")
_ADDRESSEE = re.compile(r"向|报送|报请|报经|报告|提请|提交|征求")
_LEADING = re.compile(
    r"^(?:第[零一二两三四五六七八九十百千0-9]+条|并|还|也|均|都|同时|但是?|而且?|另外|此外|其中|由)+"
)
_SUBJECT_END = re.compile(
    r"(?:单位和个人|单位或者个人|单位|个人|使用人|申请人|行为人|责任人|管理人|所有人|权利人|企业|机构"
    r"|基金|部门|机关|政府|委员会|理事会|组织|公司|主体|用户|农户|人员|者)$"
)
_HALF_PARENS = str.maketrans("()", "（）")


def _normalise(name: str) -> str:
    return re.sub(r"\s+", "", name).translate(_HALF_PARENS)


def _clause_start(text: str, pos: int) -> int:
    start = 0
    for m in _CLAUSE_START.finditer(text, max(0, pos - 40), pos):
        start = m.end()
    return start


def actors(text: str) -> list[Actor]:
    """Subjects bearing the provision, in order of first appearance, without duplicates."""
    text = text.translate(_HALF_PARENS)
    found: list[tuple[int, Actor]] = []
    gov_spans: list[tuple[int, int]] = []
    for m in _GOV.finditer(text):
        if not (m.group("gov") or m.group("dept")) and m.group("level") != "国务院":
            continue  # a bare 省/地方 is no body
        if m.group("level") == "国务院" and text.startswith("国务院文件", m.start()):
            continue
        prefix = text[_clause_start(text, m.start()) : m.start()]
        if _ADDRESSEE.search(prefix):
            continue
        found.append((m.start(), Actor(_normalise(m.group()), _LEVEL_OF[m.group("level")])))
        gov_spans.append(m.span())
    for m in _MINISTRY.finditer(text):
        if any(s <= m.start() < e for s, e in gov_spans):
            continue
        prefix = text[_clause_start(text, m.start()) : m.start()]
        if not _ADDRESSEE.search(prefix):
            found.append((m.start(), Actor(m.group(), "国务院")))
            gov_spans.append(m.span())
    for m in _MODAL.finditer(text):
        start = _clause_start(text, m.start())
        if any(start < e and s < m.start() for s, e in gov_spans):
            continue
        phrase = _LEADING.sub("", text[start : m.start()].strip())
        if 2 <= len(phrase) <= 20 and _SUBJECT_END.search(phrase):
            found.append((start, Actor(_normalise(phrase), None)))
    found.sort(key=lambda item: item[0])
    seen: set[str] = set()
    out: list[Actor] = []
    for _, actor in found:
        if actor.name not in seen:
            seen.add(actor.name)
            out.append(actor)
    return out
