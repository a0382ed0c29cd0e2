"""Cross-references: to other documents (《…》 with an optional 文号) and within the same document
(`本条例第四十九条`, `前款第二项`, `第五十六条至第五十八条`), and their resolution to node ids.

Relative references (本条, 前款, 前两款) only make sense against the citing node, so `resolve`
takes that node's eid; the caller supplies `eid_lookup` because only the corpus knows which
nodes exist. Nothing is dropped: an unresolvable reference yields a Resolution with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .numbers import parse_number

THIS, PREVIOUS = "this", "previous"

EidLookup = Callable[[int, int | None, int | None], str | None]


@dataclass(frozen=True)
class ExternalRef:
    title: str  # inside 《》
    doc_number: str | None  # 文号 such as 财教〔2011〕289号, when given right after the title
    span: tuple[int, int]
    text: str


@dataclass(frozen=True)
class InternalRef:
    span: tuple[int, int]
    text: str
    scope: str | None = None  # 本条例 / 本办法 … when written out
    article: int | None = None
    article_to: int | None = None  # end of 第五十六条至第五十八条
    article_rel: str | None = None  # this (本条) | previous (前条)
    para: int | None = None
    para_rel: str | None = None  # this (本款) | previous (前款, 前两款)
    para_count: int = 1  # 前两款 -> 2
    item: int | None = None
    item_rel: str | None = None
    document: str | None = None  # set for 《水法》第十条: an article of another document


Reference = ExternalRef | InternalRef


@dataclass(frozen=True)
class Resolution:
    ref: Reference
    eids: tuple[str, ...]  # every node the reference denotes that exists
    reason: str | None  # why (part of) the reference could not be resolved; None when complete


_N = r"[0-9]+|[零〇一二两三四五六七八九十百千]+"
_SCOPE = r"本(?:条例|法|办法|规定|细则|实施细则|决定|通知|意见|方案|规则|准则|章程|文件)"
_ART = (
    rf"第(?P<art>{_N})条(?:(?:至|到|—|－|-)第(?P<art_to>{_N})条)?"
    r"|(?P<art_rel>本条|前条|上一条)(?!例)"
)
_PARA = rf"第(?P<para>{_N})款|(?P<para_rel>本款|前款|上款|前(?P<para_count>[两二三四五])款)"
_ITEM = rf"第(?P<item>{_N})项|第[（(](?P<item_p>{_N})[）)]项|(?P<item_rel>本项|前项)"
# Every part is optional (group names may not repeat in an alternation); the lookahead keeps the
# empty matches to the few positions where a reference can start, and `references` skips them.
_INTERNAL = re.compile(rf"(?=[本第前上])(?P<scope>{_SCOPE})?(?:{_ART})?(?:{_PARA})?(?:{_ITEM})?")
# 本条第一款、第二款、第三款: later members inherit the levels above the one they name.
_CONTINUATION = re.compile(rf"(?:、|和|及|以及|或者|或)第(?P<n>{_N})(?P<level>[条款项])")
_EXTERNAL = re.compile(
    r"《(?P<title>[^《》\n]{1,80})》(?:[（(](?P<num>[^（）()\n]{0,20}?〔\s*[0-9]{4}\s*〕\s*[0-9]+\s*号)[）)])?"
)
_CITATION_FOLLOWERS = set("规的至、，。；和及或中所第")  # what follows 第N条 when it is cited
_POINTER_GROUPS = ("art", "art_rel", "para", "para_rel", "item", "item_p", "item_rel")
_EID_PART = re.compile(r"(?:^|__)(art|para|item)_([0-9]+)")


def _num(s: str | None) -> int | None:
    if not s:
        return None
    v = parse_number(s)
    return v if isinstance(v, int) else None


def _internal(m: re.Match[str], document: str | None) -> InternalRef:
    art_rel = {"本条": THIS, "前条": PREVIOUS, "上一条": PREVIOUS}.get(m.group("art_rel") or "")
    para_rel_text = m.group("para_rel") or ""
    para_rel = THIS if para_rel_text == "本款" else PREVIOUS if para_rel_text else None
    item_rel = {"本项": THIS, "前项": PREVIOUS}.get(m.group("item_rel") or "")
    return InternalRef(
        span=m.span(),
        text=m.group(),
        scope=m.group("scope"),
        article=_num(m.group("art")),
        article_to=_num(m.group("art_to")),
        article_rel=art_rel,
        para=_num(m.group("para")),
        para_rel=para_rel,
        para_count=_num(m.group("para_count")) or 1,
        item=_num(m.group("item") or m.group("item_p")),
        item_rel=item_rel,
        document=document,
    )


def _continuations(text: str, first: InternalRef) -> list[InternalRef]:
    out: list[InternalRef] = []
    prev = first
    pos = first.span[1]
    while (m := _CONTINUATION.match(text, pos)) is not None:
        n = _num(m.group("n"))
        level = m.group("level")
        start = m.start("n") - 1  # the 第
        span = (start, m.end())
        if level == "条":
            ref = InternalRef(span, text[start : m.end()], prev.scope, article=n, document=prev.document)
        elif level == "款":
            ref = InternalRef(
                span, text[start : m.end()], prev.scope, prev.article, None, prev.article_rel,
                para=n, document=prev.document,
            )  # fmt: skip
        else:
            ref = InternalRef(
                span, text[start : m.end()], prev.scope, prev.article, None, prev.article_rel,
                prev.para, prev.para_rel, prev.para_count, item=n, document=prev.document,
            )  # fmt: skip
        out.append(ref)
        prev, pos = ref, m.end()
    return out


def _is_heading(m: re.Match[str], text: str) -> bool:
    """A bare 第N条 opening the text and running straight into prose is the article's heading."""
    bare_article = bool(m.group("art")) and m.end() == m.end("art") + 1 and not m.group("scope")
    return (
        m.start() == 0 and bare_article and m.end() < len(text) and text[m.end()] not in _CITATION_FOLLOWERS
    )


def references(text: str) -> list[Reference]:
    """External and internal references in order of appearance."""
    out: list[Reference] = []
    ext_end: dict[int, str] = {}  # end offset of a 《title》 -> title, to attach 《水法》第十条
    for m in _EXTERNAL.finditer(text):
        num = re.sub(r"\s+", "", m.group("num")) if m.group("num") else None
        out.append(ExternalRef(m.group("title"), num, m.span(), m.group()))
        ext_end[m.end("title") + 1] = m.group("title")
    covered = 0  # end of the last list continuation, already emitted
    for m in _INTERNAL.finditer(text):
        if m.start() < covered:
            continue
        if not any(m.group(g) for g in _POINTER_GROUPS):
            continue  # empty, or a bare 本条例
        if _is_heading(m, text):
            continue  # `第五十五条违反…`: the article's own heading, not a citation
        ref = _internal(m, ext_end.get(m.start()) if not m.group("scope") else None)
        out.append(ref)
        more = _continuations(text, ref)
        out.extend(more)
        if more:
            covered = more[-1].span[1]
    out.sort(key=lambda r: r.span)
    return out


def _context(eid: str) -> dict[str, int]:
    return {k: int(v) for k, v in _EID_PART.findall(eid)}


def resolve_detail(ref: Reference, context_eid: str, eid_lookup: EidLookup) -> Resolution:
    """Every node `ref` denotes, seen from the node `context_eid`; the reason when any is missing."""
    if isinstance(ref, ExternalRef):
        return Resolution(ref, (), f"external document 《{ref.title}》")
    if ref.document:
        return Resolution(ref, (), f"points into another document 《{ref.document}》")
    ctx = _context(context_eid)
    here_art, here_para, here_item = ctx.get("art"), ctx.get("para"), ctx.get("item")

    # Article(s)
    if ref.article is not None:
        last = ref.article_to if ref.article_to is not None else ref.article
        if last < ref.article:
            return Resolution(ref, (), "article range runs backwards")
        articles = list(range(ref.article, last + 1))
    elif here_art is None:
        return Resolution(ref, (), f"relative reference but context {context_eid!r} has no article")
    elif ref.article_rel == PREVIOUS:
        if here_art <= 1:
            return Resolution(ref, (), "前条 in the first article")
        articles = [here_art - 1]
    else:  # 本条, or a 款/项 reference that stays in the citing article
        articles = [here_art]

    # Paragraph(s)
    paras: list[int | None]
    if ref.para is not None:
        paras = [ref.para]
    elif ref.para_rel == THIS:
        paras = [here_para]  # None when the citing article has no paragraphs: the article itself
    elif ref.para_rel == PREVIOUS:
        if here_para is None:
            return Resolution(ref, (), f"前款 but context {context_eid!r} is not a paragraph")
        first = here_para - ref.para_count
        if first < 1:
            return Resolution(ref, (), f"only {here_para - 1} paragraph(s) precede {context_eid!r}")
        paras = list(range(first, here_para))
    elif ref.item is not None or ref.item_rel:
        # 第三项 alone means an item of the citing paragraph; 第N条第三项 an item of that article.
        same_article = ref.article is None and ref.article_rel is None
        paras = [here_para if same_article else None]
    else:
        paras = [None]

    # Item
    item: int | None = ref.item
    if ref.item_rel == THIS:
        item = here_item
    elif ref.item_rel == PREVIOUS:
        if here_item is None or here_item <= 1:
            return Resolution(ref, (), "前项 without a preceding item")
        item = here_item - 1

    eids: list[str] = []
    missing: list[str] = []
    for art in articles:
        for para in paras:
            eid = eid_lookup(art, para, item)
            if eid is None:
                missing.append(
                    f"art {art}" + (f" para {para}" if para else "") + (f" item {item}" if item else "")
                )
            else:
                eids.append(eid)
    reason = f"no such node: {', '.join(missing)}" if missing else None
    return Resolution(ref, tuple(eids), reason)


def resolve(ref: Reference, context_eid: str, eid_lookup: EidLookup) -> str | None:
    """The single node `ref` denotes, or None (use `resolve_detail` for ranges and the reason)."""
    res = resolve_detail(ref, context_eid, eid_lookup)
    return res.eids[0] if len(res.eids) == 1 and res.reason is None else None


def resolve_all(text: str, context_eid: str, eid_lookup: EidLookup) -> list[Resolution]:
    """Every reference in `text` with its resolution; unresolvable ones keep their reason."""
    return [resolve_detail(ref, context_eid, eid_lookup) for ref in references(text)]
