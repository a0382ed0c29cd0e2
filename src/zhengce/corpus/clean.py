"""Undo PDF-extraction damage: running headers, page numbers, doubled URLs, hard line wraps.

Two steps. `clean_lines` removes artifacts line by line and records each line's page.
`join_paragraphs` (used per document) rebuilds real paragraphs from hard-wrapped lines.
Nothing but artifacts and whitespace is ever dropped; artifacts are returned, not forgotten.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from .decode import PAGE_BREAK
from .markers import SENTENCE_END, starts_structure

PAGE_NUMBER = re.compile(r"^[-—–－\s]*\d{1,4}[-—–－\s]*$")
URL = re.compile(r"^https?://\S+$")
# Compilation running headers and section dividers (a line of their own, no punctuation).
HEADER = re.compile(r"^(?:\S{0,8}文件|国务院公报|中华人民共和国国务院公报|部门规章和规范性文件|政策汇编)$")
FULLWIDTH_INDENT = "\u3000"


@dataclass
class Line:
    text: str  # whitespace-normalised
    raw: str  # stripped, inner spacing kept (markers like `第五条 ` need it)
    page: int
    lineno: int  # 1-based line number in the source
    blank_before: bool = False
    indent: bool = False  # full-width or multi-space indent: a paragraph start
    width: float = 0.0

    def __post_init__(self) -> None:
        # Measure the printed line: the spaces the extraction kept around digits took room on the page.
        self.width = display_width(self.raw)


@dataclass
class Artifact:
    lineno: int
    kind: str  # page_number | header | duplicate_url | junk_url
    text: str


@dataclass
class Cleaned:
    lines: list[Line]
    artifacts: list[Artifact]
    blank_lines_are_noise: bool


@dataclass
class Para:
    text: str
    raw: str  # raw form of the first line
    pages: list[tuple[int, int]] = field(default_factory=list)  # (offset, page) change points
    lineno: int = 0
    line_count: int = 1

    @property
    def page(self) -> int:
        return self.pages[0][1] if self.pages else 0


def _is_wide(c: str) -> bool:
    # Ambiguous-width characters (“ ” … ─) are full width in Chinese typesetting.
    return unicodedata.east_asian_width(c) in "WFA"


def display_width(s: str) -> float:
    """Width in full-width cells: ASCII counts half, everything else (CJK, “”, ——) one."""
    return len(s) - 0.5 * len(s.encode("ascii", "ignore"))


_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def normalise_spaces(s: str) -> str:
    """Drop spaces next to CJK text (`2021 年 9月` -> `2021年9月`, `10 万元` -> `10万元`);
    keep one space between Latin words and numbers (`GB/T 2260`)."""

    def repl(m: re.Match) -> str:
        before = s[m.start() - 1] if m.start() > 0 else ""
        after = s[m.end()] if m.end() < len(s) else ""
        if not before or not after or _is_wide(before) or _is_wide(after):
            return ""
        return " "

    return _SPACES.sub(repl, s.strip())


def clean_lines(text: str) -> Cleaned:
    raw_lines = text.split("\n")
    content = [ln for ln in raw_lines if ln.strip()]
    # Extraction that puts a blank line after every line makes blank lines meaningless.
    blanks = len(raw_lines) - len(content)
    blank_noise = len(content) > 4 and blanks >= 0.6 * len(content)

    lines: list[Line] = []
    artifacts: list[Artifact] = []
    page = 1
    from_pdf = PAGE_BREAK in text  # PDF pages are explicit; extracted text marks them by a leading space
    seen_content = False
    blank_before = False
    for lineno, original in enumerate(raw_lines, start=1):
        pieces = original.split(PAGE_BREAK)
        for i, piece in enumerate(pieces):
            if i > 0:
                page += 1
            stripped = piece.strip()
            if not stripped:
                blank_before = True
                continue
            if PAGE_NUMBER.match(stripped):
                artifacts.append(Artifact(lineno, "page_number", stripped))
                if not from_pdf:  # text extraction: the printed number is the page
                    page = int(re.sub(r"\D", "", stripped))
                continue
            normalised = normalise_spaces(stripped)
            if HEADER.match(normalised):
                artifacts.append(Artifact(lineno, "header", stripped))
                continue
            if URL.match(stripped) and "javascript:" in stripped:
                artifacts.append(Artifact(lineno, "junk_url", stripped))  # a web-page link, not content
                continue
            if URL.match(stripped) and lines and lines[-1].raw == stripped:
                artifacts.append(Artifact(lineno, "duplicate_url", stripped))
                continue
            lead = piece[: len(piece) - len(piece.lstrip())]
            # One ASCII space at the start marks a page break in extracted text (see DESIGN notes);
            # a full-width or wider indent marks a paragraph start.
            indent = FULLWIDTH_INDENT in lead or len(lead.replace("\t", "    ")) >= 2
            if lead == " " and seen_content and not from_pdf:
                page += 1
            lines.append(Line(normalised, stripped, page, lineno, blank_before, indent))
            seen_content = True
            blank_before = False
    return Cleaned(lines, artifacts, blank_noise)


def typical_width(lines: list[Line]) -> tuple[float, bool]:
    """The full line width of hard-wrapped text, and whether the text looks hard-wrapped."""
    widths = [round(ln.width) for ln in lines if ln.width >= 10]
    if len(widths) < 5:
        return 0.0, False
    mode = statistics.mode(widths)
    near = sum(1 for w in widths if mode - 2 <= w <= mode + 1)
    return float(mode), mode >= 15 and near >= 0.35 * len(widths)


def _ends_sentence(text: str) -> bool:
    if not text:
        return True
    if text[-1] in SENTENCE_END:
        # `（牵头单位：X；` — a semicolon inside an open bracket does not end the paragraph
        return not (text[-1] in "；;" and _unclosed(text[-100:]))
    # `…。（牵头单位：X）` / `…（X按职责分工负责）`: a closing note after a full stop.
    if text[-1] in "）)":
        opening = max(text.rfind("（"), text.rfind("("))
        return opening < 0 or (opening > 0 and text[opening - 1] in SENTENCE_END)
    return False


def join_paragraphs(lines: list[Line], blank_lines_are_noise: bool, width: float | None = None) -> list[Para]:
    """Rebuild paragraphs from lines.

    Hard-wrapped text: a line continues the paragraph unless it ended a sentence, stopped short
    of the right margin, or the next line opens a structural unit. A full-width line that ends
    with `。` is taken as a paragraph end: that is right far more often than not in this genre
    (measured on the bundled compilation), at the cost of splitting a few multi-sentence paragraphs.
    Text that is not hard-wrapped: every line is a paragraph.
    """
    if width is None:
        width, wrapped = typical_width(lines)
    else:
        wrapped = width > 0
    paras: list[Para] = []
    current: Para | None = None
    widths = [ln.width for ln in lines]
    for i, line in enumerate(lines):
        if current is None:
            current = Para(line.text, line.raw, [(0, line.page)], line.lineno)
        else:
            if current.pages[-1][1] != line.page:
                current.pages.append((len(current.text), line.page))
            current.text += line.text
            current.line_count += 1
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        # Boxes (专栏) and tables are set narrower than the page: judge "short" against the
        # widest of the neighbouring lines, never more than the document's width.
        local = max(widths[max(0, i - 3) : i + 4])
        line_width = min(width, max(local, 0.7 * width)) if wrapped else width
        if nxt is None or _breaks(current.text, line, nxt, wrapped, line_width, blank_lines_are_noise):
            paras.append(current)
            current = None
    return paras


def _breaks(para_text: str, line: Line, nxt: Line, wrapped: bool, width: float, blank_noise: bool) -> bool:
    if not wrapped:
        return True
    if (nxt.blank_before and not blank_noise) or nxt.indent:
        return True
    if starts_structure(nxt.raw, strict=True) or URL.match(nxt.text) or URL.match(line.text):
        return True  # a printed link is a line of its own
    if _ends_sentence(para_text):
        return True
    if line.text.endswith(("：", ":")) and starts_structure(nxt.raw, strict=False):
        return True  # `现就有关事项通知如下：` / `一、目标任务`
    if _unclosed(para_text[-100:]):
        return False  # a bracket or quote still open: the next line finishes it
    return line.width < width - 3


_OPENERS = re.compile(r"[（《“(]")


def _unclosed(text: str) -> bool:
    if not _OPENERS.search(text):
        return False
    return any(text.count(a) > text.count(b) for a, b in ("（）", "《》", "“”", "()"))
