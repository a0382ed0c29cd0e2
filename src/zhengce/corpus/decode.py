"""Bytes in, text out: detect the encoding (or PDF) and refuse what is not a text document."""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass

from ..errors import InputError

PAGE_BREAK = "\f"  # PDF pages are joined with form feeds; the cleaner counts them


@dataclass
class SourceText:
    text: str
    encoding: str  # utf-8, utf-8-sig, utf-16, gb18030, pdf
    from_pdf: bool = False


def decode_bytes(data: bytes, name: str = "input") -> SourceText:
    """Decode a compilation given as bytes. Raises InputError with a clear message."""
    if not data or not data.strip():
        raise InputError(f"{name}: 文件为空 (empty file)")
    if data.startswith(b"%PDF"):
        return SourceText(_pdf_text(data, name), "pdf", from_pdf=True)
    text, encoding = _decode_text(data, name)
    _refuse_binary(text, name)
    return SourceText(text.replace("\r\n", "\n").replace("\r", "\n"), encoding)


def _decode_text(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "utf-16"
    if b"\x00" in data:
        raise InputError(f"{name}: 二进制文件，不是文本 (binary file: contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: 无法识别的编码 (undecodable bytes at offset {exc.start}; "
            "expected UTF-8, UTF-16 with BOM or GB18030/GBK)"
        ) from None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: {encoding} 解码失败 (invalid bytes at offset {exc.start})") from None


def _refuse_binary(text: str, name: str) -> None:
    """Text that decoded but is mostly control characters is a binary file in disguise."""
    sample = text[:20000]
    controls = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\f") or 0x7F <= ord(c) < 0xA0)
    if controls > max(8, len(sample) // 100):
        raise InputError(f"{name}: 二进制文件，不是文本 (binary content: {controls} control characters)")


def _pdf_text(data: bytes, name: str) -> str:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [(page.extract_text() or "") for page in pdf.pages]
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{name}: PDF 无法解析 (unreadable PDF: {exc.__class__.__name__})") from None
    except Exception as exc:  # pdfminer raises many private exception types on damaged files
        raise InputError(f"{name}: PDF 无法解析 (unreadable PDF: {exc.__class__.__name__})") from None
    if not any(p.strip() for p in pages):
        raise InputError(f"{name}: PDF 没有文字层 (no text layer; scanned PDFs need OCR first)")
    return PAGE_BREAK.join(pages)
