"""Statute datasets in the common JSON-lines shape: one article per line.

`{"id": "...", "law": "中华人民共和国水法", "article": "第五十四条", "text": "..."}` — every
line becomes an article node of document `law`, in file order. A malformed line stops the
whole file (nothing is stored) with a message naming the line.
"""

from __future__ import annotations

import hashlib
import json
import re

from ..errors import InputError
from .ids import assign_ids, doc_id_for
from .markers import NUM
from .model import Document, Node
from .numerals import cn_to_int

ARTICLE_LABEL = re.compile(rf"^第?\s*({NUM})\s*条?$")


def looks_like_jsonl(text: str) -> bool:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    return first.lstrip().startswith("{")


def parse_jsonl(text: str, name: str) -> list[Document]:
    laws: dict[str, list[tuple[int, str, str, str]]] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name} 第{lineno}行：不是合法的 JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise InputError(f"{name} 第{lineno}行：应为 JSON 对象 (expected an object)")
        missing = [
            k for k in ("law", "article", "text") if not isinstance(row.get(k), str) or not row[k].strip()
        ]
        if missing:
            raise InputError(f"{name} 第{lineno}行：缺少字段 {', '.join(missing)} (missing or empty fields)")
        m = ARTICLE_LABEL.match(row["article"].strip())
        if not m:
            raise InputError(f"{name} 第{lineno}行：无法识别的条号“{row['article']}” (bad article label)")
        laws.setdefault(row["law"].strip(), []).append(
            (cn_to_int(m.group(1)), row["article"].strip(), row["text"].strip(), str(row.get("id", "")))
        )
    if not laws:
        raise InputError(f"{name}：没有任何条文 (no articles)")
    return [_document(law, rows, name) for law, rows in laws.items()]


def _document(law: str, rows: list[tuple[int, str, str, str]], source: str) -> Document:
    title = law.strip("《》")
    body = Node(kind="document")
    for number, label, text, row_id in rows:
        num = label if label.startswith("第") else f"第{label}条"
        node = Node(kind="article", num=num, number=number, text=text)
        if row_id:
            node.attrs["source_id"] = row_id
        body.children.append(node)
    doc = Document(doc_id=doc_id_for("", title), title=title, kind=_kind(title), body=body, source=source)
    doc.short_title = title
    assign_ids(doc)
    doc.content_hash = hashlib.sha256(body.full_text().encode("utf-8")).hexdigest()
    return doc


def _kind(title: str) -> str:
    for word in ("法", "条例", "办法", "规定", "解释"):
        if title.endswith(word):
            return word
    return "其他"
