"""Orchestration: a file (text or PDF) -> documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .assemble import build_document, layout_width
from .clean import Artifact, clean_lines
from .decode import decode_bytes
from .jsonl import looks_like_jsonl, parse_jsonl
from .model import Document
from .split import KIND_AT_END, SENTENCE_PUNCT, DocSpan, find_documents


@dataclass
class ParseResult:
    documents: list[Document]
    encoding: str
    artifacts: list[Artifact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_bytes(data: bytes, name: str = "input") -> ParseResult:
    source = decode_bytes(data, name)
    if not source.from_pdf and looks_like_jsonl(source.text):
        return ParseResult(parse_jsonl(source.text, name), source.encoding)
    cleaned = clean_lines(source.text)
    lines = cleaned.lines
    if not lines:
        raise InputError(f"{name}: 没有可识别的文本 (no text found)")
    width = layout_width(lines)
    spans = find_documents(lines)
    if not spans:
        # A single document may carry no metadata at all: accept a title line followed by a body.
        first = lines[0].text
        if (
            len(lines) > 1
            and len(first) <= 60
            and not SENTENCE_PUNCT.search(first)
            and KIND_AT_END.search(first)
        ):
            spans = [DocSpan(0, 1, len(lines))]
        else:
            raise InputError(
                f"{name}: 未找到可识别的政策文件（标题 + 文号/日期/主送）(no recognisable document)"
            )
    # Each document has its own line width (page layouts differ between source PDFs).
    docs = [
        build_document(
            lines[s.start : s.end], s.title_end - s.start, name, layout_width(lines[s.start : s.end]) or width
        )
        for s in spans
    ]
    warnings = [f"{d.title}: {w}" for d in docs for w in d.warnings]
    return ParseResult(docs, source.encoding, cleaned.artifacts, warnings)


def parse_file(path: str | Path) -> list[Document]:
    return parse_path(path).documents


def parse_path(path: str | Path) -> ParseResult:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: 无法读取文件 ({exc.strerror})") from None
    return parse_bytes(data, p.name)
