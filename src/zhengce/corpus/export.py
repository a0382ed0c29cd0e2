"""Export a document as JSON (tree with ids, citations, pages), Markdown or Akoma Ntoso XML."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from .model import Document, Node

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
# Our node kinds -> Akoma Ntoso hierarchical elements
AKN_ELEMENT = {
    "book": "book",
    "chapter": "chapter",
    "section": "section",
    "article": "article",
    "paragraph": "paragraph",
    "item": "point",
    "point": "point",
    "sec": "section",
    "subsec": "subsection",
    "box": "blockContainer",
    "table": "blockContainer",
    "para": "paragraph",
    "attachment": "attachment",
}


def node_dict(node: Node) -> dict:
    return {
        "eid": node.eid,
        "kind": node.kind,
        "num": node.num,
        "number": node.number,
        "heading": node.heading,
        "text": node.text,
        "citation": node.citation,
        "page": node.page,
        "pages": [list(p) for p in node.pages],
        "attrs": node.attrs,
        "children": [node_dict(c) for c in node.children],
    }


def to_json(doc: Document) -> str:
    data = doc.meta()
    data["nodes"] = [node_dict(c) for c in doc.body.children]
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_markdown(doc: Document) -> str:
    out = [f"# {doc.title}", ""]
    facts = [
        ("文号", doc.doc_number),
        ("发文机关", "、".join(doc.issuers)),
        ("成文日期", doc.signed_date),
        ("施行日期", doc.effective_date),
        ("有效期", doc.validity),
        ("废止", "、".join(doc.repeals)),
    ]
    out += [f"- **{k}**：{v}" for k, v in facts if v] + [""]
    for child in doc.body.children:
        _md(child, out, 2)
    return "\n".join(out).rstrip() + "\n"


def _md(node: Node, out: list[str], level: int) -> None:
    if node.kind == "preface":
        return  # rendered as the title and facts above
    heading_kinds = {"book", "chapter", "section", "sec", "subsec", "attachment", "box", "conclusions"}
    if node.kind in heading_kinds:
        title = " ".join(x for x in (node.num, node.heading) if x) or (
            "落款" if node.kind == "conclusions" else ""
        )
        if title:
            out += [f"{'#' * min(level, 6)} {title}", ""]
        body = node.text if node.text and node.text != node.heading else ""
        if body:
            out += [body, ""]
    elif node.kind == "article":
        out += [f"**{node.num}** {node.text}".rstrip(), ""]
    elif node.text or node.num:
        indent = "  " if node.kind in ("item", "point") else ""
        out += [f"{indent}{node.num}{node.text}", ""]
    for child in node.children:
        _md(child, out, level + 1)


def to_akn(doc: Document) -> str:
    ET.register_namespace("", AKN_NS)
    root = ET.Element(f"{{{AKN_NS}}}akomaNtoso")
    kind = "act" if doc.kind in ("条例", "办法") else "doc"
    act = ET.SubElement(root, f"{{{AKN_NS}}}{kind}", {"name": doc.kind})
    meta = ET.SubElement(act, f"{{{AKN_NS}}}meta")
    ident = ET.SubElement(meta, f"{{{AKN_NS}}}identification", {"source": "#zhengce"})
    work = ET.SubElement(ident, f"{{{AKN_NS}}}FRBRWork")
    ET.SubElement(work, f"{{{AKN_NS}}}FRBRthis", {"value": f"/akn/cn/{kind}/{doc.doc_id}"})
    ET.SubElement(work, f"{{{AKN_NS}}}FRBRdate", {"date": doc.signed_date or "", "name": "signature"})
    ET.SubElement(work, f"{{{AKN_NS}}}FRBRname", {"value": doc.title})
    if doc.doc_number:
        ET.SubElement(work, f"{{{AKN_NS}}}FRBRnumber", {"value": doc.doc_number})
    body = ET.SubElement(act, f"{{{AKN_NS}}}mainBody" if kind == "doc" else f"{{{AKN_NS}}}body")
    for child in doc.body.children:
        if child.kind in ("preface", "conclusions"):
            container = ET.SubElement(act, f"{{{AKN_NS}}}{child.kind}", {"eId": child.eid})
            for leaf in child.children:
                p = ET.SubElement(container, f"{{{AKN_NS}}}p", {"class": leaf.kind})
                p.text = leaf.text
            continue
        _akn(child, body)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _akn(node: Node, parent: ET.Element) -> None:
    element = AKN_ELEMENT.get(node.kind, "hcontainer")
    attrs = {"eId": node.eid}
    if element == "hcontainer" or node.kind in ("box", "table"):
        attrs["name"] = node.kind
    el = ET.SubElement(parent, f"{{{AKN_NS}}}{element}", attrs)
    if node.page is not None:
        el.set("page", str(node.page))
    if node.num:
        ET.SubElement(el, f"{{{AKN_NS}}}num").text = node.num
    if node.heading and node.kind not in ("paragraph", "para", "item", "point"):
        ET.SubElement(el, f"{{{AKN_NS}}}heading").text = node.heading
    if node.children:
        if node.text:
            intro = ET.SubElement(el, f"{{{AKN_NS}}}intro")
            ET.SubElement(intro, f"{{{AKN_NS}}}p").text = node.text
        for child in node.children:
            _akn(child, el)
    else:
        content = ET.SubElement(el, f"{{{AKN_NS}}}content")
        ET.SubElement(content, f"{{{AKN_NS}}}p").text = node.text


EXPORTERS = {"json": to_json, "md": to_markdown, "akn": to_akn}
