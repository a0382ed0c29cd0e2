"""One document span of cleaned lines -> a described, structured, identified Document."""

from __future__ import annotations

import hashlib
import re

from . import describe
from .clean import Line, Para, join_paragraphs, typical_width
from .ids import assign_ids, doc_id_for, normalise_doc_number
from .markers import ATTACHMENT, ATTACHMENT_INLINE
from .model import AttachmentRef, Document, Node
from .numerals import int_to_cn
from .split import DATE_LINE, DOC_NUMBER, KIND_AT_END, PAREN_NOTE, SENTENCE_PUNCT, is_recipients_start
from .structure import parse_body

URL_IN = re.compile(r"https?://[\x21-\x7e]+")
ISSUER = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff\s（）()、]{1,29}$")


def _para_of(lines: list[Line]) -> Para:
    text = "".join(ln.text for ln in lines)
    pages: list[tuple[int, int]] = []
    offset = 0
    for ln in lines:
        if not pages or pages[-1][1] != ln.page:
            pages.append((offset, ln.page))
        offset += len(ln.text)
    return Para(text, lines[0].raw, pages, lines[0].lineno, len(lines))


def _leaf(kind: str, para: Para, heading: str = "") -> Node:
    return Node(kind=kind, text=para.text, pages=list(para.pages), heading=heading)


def _consume_preface(lines: list[Line], i: int) -> tuple[list[tuple[str, Para]], int]:
    """Metadata lines after the title: 文号, dates, a parenthesised note, the 主送 line."""
    out: list[tuple[str, Para]] = []
    while i < len(lines):
        t = lines[i].text
        if DOC_NUMBER.match(t):
            out.append(("docnumber", _para_of([lines[i]])))
            i += 1
        elif DATE_LINE.match(t):
            out.append(("date", _para_of([lines[i]])))
            i += 1
        elif PAREN_NOTE.match(t):
            j = i
            while j < len(lines) - 1 and not re.search(r"[）)]$", lines[j].text) and j - i < 6:
                j += 1
            out.append(("note", _para_of(lines[i : j + 1])))
            i = j + 1
        elif is_recipients_start(lines, i):
            j = i
            while not lines[j].text.endswith(("：", ":")):
                j += 1
            out.append(("recipients", _para_of(lines[i : j + 1])))
            i = j + 1
        else:
            break
    return out, i


def _signature_at(paras: list[Para], k: int) -> int | None:
    """If paras[k] is a signing date preceded by issuer lines, return the first issuer index."""
    if not DATE_LINE.match(paras[k].text):
        return None
    start = k
    while start > 0 and k - start < 8:
        t = paras[start - 1].text
        if not ISSUER.match(t) or SENTENCE_PUNCT.search(t) or DATE_LINE.match(t):
            break
        start -= 1
    return start if start < k else None


def _is_attachment_title(para: Para) -> bool:
    t = para.text
    return len(t) <= 80 and not SENTENCE_PUNCT.search(t) and bool(KIND_AT_END.search(t))


def build_document(lines: list[Line], title_end: int, source: str, width: float) -> Document:
    title_lines = lines[:title_end]
    title = describe.display_title([ln.raw for ln in title_lines])
    preface, body_start = _consume_preface(lines, title_end)
    body_lines = lines[body_start:]
    paras = join_paragraphs(body_lines, blank_lines_are_noise=True, width=width) if body_lines else []

    doc = Document(doc_id="", title=title, kind="", body=Node(kind="document"), source=source)
    doc.short_title = describe.short_title_of(title)
    doc.kind = describe.kind_of(doc.short_title)
    if doc.kind == "其他":
        doc.kind = describe.kind_of(title)
    preface_node = Node(kind="preface", children=[_leaf("title", _para_of(title_lines), heading=title)])
    note_text = ""
    for kind, para in preface:
        preface_node.children.append(_leaf(kind, para))
        if kind == "docnumber":
            doc.doc_number = normalise_doc_number(para.text)
        elif kind == "date":
            doc.signed_date = describe.parse_date(para.text)
        elif kind == "note":
            note_text = para.text
        elif kind == "recipients":
            doc.recipients = para.text.rstrip("：:")
    if note_text:
        _describe_note(doc, note_text)

    # conclusions: the first signature block; what follows it is attachments
    main, conclusions, rest = paras, [], []
    for k in range(len(paras)):
        start = _signature_at(paras, k)
        if start is not None:
            main, conclusions, rest = paras[:start], paras[start : k + 1], paras[k + 1 :]
            break
    if conclusions:
        *issuers, dated = conclusions
        doc.signed_date = describe.parse_date(dated.text) or doc.signed_date
        doc.issuers = [n for p in issuers for n in re.split(r"\s+", p.raw.strip()) if n]

    _record_attachment_list(main, doc)
    style, nodes = parse_body(main)
    doc.body.children.append(preface_node)
    doc.body.children.extend(nodes)
    if conclusions:
        doc.body.children.append(
            Node(kind="conclusions", children=[_leaf("signature", p) for p in conclusions])
        )
    doc.body.children.extend(_attachments(rest, doc))
    doc.body.attrs["style"] = style

    if not doc.issuers:
        doc.issuers = describe.issuers_from_title(title) or (
            ["国务院"] if "国务院令" in doc.doc_number else []
        )
    all_nodes = doc.body.walk()
    texts = [n.text for n in all_nodes]
    doc.effective_date, doc.effective_text = describe.effective(texts, doc.signed_date or doc.published_date)
    doc.validity = describe.validity(texts)
    doc.expiry_date = describe.expiry(doc.effective_date, doc.validity)
    doc.repeals = describe.repeals(texts)
    doc.doc_id = doc_id_for(doc.doc_number, doc.title)
    pages = [p for n in all_nodes for _, p in n.pages]
    doc.page_start, doc.page_end = (min(pages), max(pages)) if pages else (None, None)
    assign_ids(doc)
    full_text = doc.body.full_text()
    doc.content_hash = hashlib.sha256(full_text.encode("utf-8")).hexdigest()
    _warn_if_truncated(doc, full_text)
    return doc


def _describe_note(doc: Document, note: str) -> None:
    """`(2021年9月15日国务院第149次常务会议通过 2021年10月21日…国务院令第748号公布 自…起施行)`."""
    dates = list(describe.DATE_RE.finditer(note))
    for k, m in enumerate(dates):
        segment = note[m.start() : dates[k + 1].start() if k + 1 < len(dates) else len(note)]
        iso = describe.parse_date(m.group(0))
        if "通过" in segment:
            doc.passed_date = iso
        elif "公布" in segment or "发布" in segment:
            doc.published_date = iso
            doc.signed_date = doc.signed_date or iso
    if not doc.doc_number:
        doc.doc_number = describe.decree_number(note)
    if not doc.signed_date and not doc.passed_date:
        doc.signed_date = describe.parse_date(note)


def _record_attachment_list(paras: list[Para], doc: Document) -> None:
    """`附件：X` lines inside the notice list its attachments; record them (the text stays in the body)."""
    for para in paras:
        m = ATTACHMENT_INLINE.match(para.text)
        if m:
            doc.attachments.append(AttachmentRef(title=m.group(2).strip().strip("《》")))


def _attachments(paras: list[Para], doc: Document) -> list[Node]:
    """After the signature: `附件` headings, stub references `…（略）` + URL, or a bare title."""
    groups: list[list[Para]] = []
    for para in paras:
        if (
            ATTACHMENT.match(para.text)
            or ATTACHMENT_INLINE.match(para.text)
            or not groups
            or _is_attachment_title(para)
            and len(groups[-1]) > 2
            and not ATTACHMENT.match(groups[-1][0].text)
        ):
            groups.append([para])
        else:
            groups[-1].append(para)
    nodes = []
    for number, group in enumerate(groups, start=1):
        node = Node(kind="attachment", number=number)
        head = group[0]
        rest = group[1:]
        inline = ATTACHMENT_INLINE.match(head.text)
        if ATTACHMENT.match(head.text) or inline:
            node.num = head.text if not inline else ""
            node.pages = list(head.pages)
            if inline:
                rest = [head] + rest
        else:
            rest = group
        rest = _merge_title_lines(rest)
        title_para = rest[0] if rest and (_is_attachment_title(rest[0]) or "（略）" in rest[0].text) else None
        stub = any("（略）" in p.text for p in rest)
        url = next((p.text for p in rest if URL_IN.fullmatch(p.text)), "")
        if title_para is not None:
            raw_title = re.sub(r"^附件\s*\d*\s*[:：]\s*", "", title_para.text)
            node.heading = re.sub(r"\.(docx?|pdf|xlsx?)?\s*（略）$|（略）$", "", raw_title).strip()
        if stub or not rest:
            node.children = [_leaf("para", p) for p in rest]
        else:
            body = rest[1:] if title_para is not None else rest
            if title_para is not None:
                node.children.append(_leaf("title", title_para, heading=node.heading))
            _, children = parse_body(body)
            node.children.extend(children)
        node.attrs = {"url": url, "stub": stub}
        if not node.heading and rest and all(URL_IN.fullmatch(p.text) for p in rest):
            # a bare link after the signature belongs to the attachment the notice listed
            listed = next((a for a in doc.attachments if not a.url), None)
            if listed is not None:
                node.heading = listed.title
        ref = next((a for a in doc.attachments if a.title and node.heading and a.title in node.heading), None)
        if ref is None:
            ref = AttachmentRef(title=node.heading)
            doc.attachments.append(ref)
        ref.url, ref.stub = url, stub
        nodes.append(node)
    return nodes


def _merge_title_lines(paras: list[Para]) -> list[Para]:
    """A title printed over two or three short lines comes out as separate paragraphs."""
    for n in (3, 2):
        if len(paras) > n:
            parts = paras[:n]
            text = "".join(p.text for p in parts)
            if (
                all(not SENTENCE_PUNCT.search(p.text) for p in parts)
                and len(text) <= 80
                and KIND_AT_END.search(text)
                and not KIND_AT_END.search(parts[0].text)
            ):
                pages = list(parts[0].pages)
                offset = len(parts[0].text)
                for p in parts[1:]:
                    pages += [(offset + o, pg) for o, pg in p.pages if pg != pages[-1][1]]
                    offset += len(p.text)
                merged = Para(text, parts[0].raw, pages, parts[0].lineno, sum(p.line_count for p in parts))
                return [merged] + paras[n:]
    return paras


def _warn_if_truncated(doc: Document, full_text: str) -> None:
    """A regulation whose article numbers skip, or a notice without a signature, is reported."""
    articles = [n.number for n in doc.nodes() if n.kind == "article" and n.number]
    expected = list(range(1, len(articles) + 1)) if articles else []
    if articles and articles != expected:
        missing = sorted(set(range(1, max(articles) + 1)) - set(articles))
        if missing:
            names = "、".join(f"第{int_to_cn(n)}条" for n in missing[:5])
            doc.warnings.append(f"条文编号不连续，缺少{names}（共{len(missing)}条）(missing articles)")
    last = full_text.rstrip()
    if last and last[-1] not in '。；！？）)》”"' and not re.search(r"日$|\.(docx?|pdf)$|http\S+$", last):
        doc.warnings.append(f"文本可能被截断：结尾为“{last[-12:]}” (document may be truncated)")


def layout_width(lines: list[Line]) -> float:
    width, wrapped = typical_width(lines)
    return width if wrapped else 0.0
