"""Readers: turn a report file (text, HTML, Word, PDF) into one normalised ``Document``."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from gkaudit.model import Document, ReadError

TEXT_SUFFIXES = {".txt", ".text", ".md", ".csv", ""}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".mhtml"}
DOCX_SUFFIXES = {".docx"}
OLD_WORD_SUFFIXES = {".doc", ".wps"}
PDF_SUFFIXES = {".pdf"}
MAX_FILE_BYTES = 300 * 1024 * 1024
MAX_TEXT_BYTES = 20 * 1024 * 1024
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES | OLD_WORD_SUFFIXES | PDF_SUFFIXES - {""}


def iter_report_files(paths: Sequence[str | Path]) -> Iterator[Path]:
    """Files named, and the report files found under named folders (sorted; hidden and ~$ files skipped)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for name in sorted(files):
                    f = Path(root) / name
                    if f.suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith(("~$", ".")):
                        yield f
        else:
            yield p


def read_document(path: str | Path) -> Document:
    """Read any supported report file; raises ReadError (one line, Chinese) when it cannot."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReadError(f"文件过大（{size / 1024 / 1024:.0f} MB），超出上限 {MAX_FILE_BYTES // 1024 // 1024} MB")
        with p.open("rb") as fh:
            head = fh.read(2048)
        if size > MAX_TEXT_BYTES and sniff_kind(str(p), head) not in ("pdf", "docx", "oldword"):
            raise ReadError(
                f"文件过大（{size / 1024 / 1024:.0f} MB），文本/网页报告上限为 {MAX_TEXT_BYTES // 1024 // 1024} MB"
            )
        data = p.read_bytes()
    except ReadError:
        raise
    except FileNotFoundError as exc:
        raise ReadError("文件不存在") from exc
    except IsADirectoryError as exc:
        raise ReadError("这是一个文件夹，不是报告文件") from exc
    except PermissionError as exc:
        raise ReadError("没有读取权限（文件可能被其他程序占用）") from exc
    except OSError as exc:
        raise ReadError(f"无法读取文件：{exc.strerror or exc}") from exc
    return read_bytes(str(p), data)


def read_bytes(path: str, data: bytes) -> Document:
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise ReadError("文件为空")
    kind = sniff_kind(path, data)
    if kind == "binary":
        raise ReadError("不是可识别的报告文件（二进制内容；支持 .txt .html .docx .pdf）")
    reader = _reader(kind)
    try:
        return reader(path, data, sha)
    except ReadError:
        raise
    except Exception as exc:  # a file a reader does not cope with must not end the batch
        raise ReadError(_UNREADABLE[kind].format(type(exc).__name__)) from exc


_UNREADABLE = {
    "pdf": "PDF 文件无法读取（{}），文件可能已损坏",
    "docx": "Word 文档无法读取（{}），文件可能已损坏",
    "oldword": "Word 文档无法读取（{}），文件可能已损坏",
    "html": "网页无法读取（{}）",
    "text": "文本文件无法读取（{}）",
}


def _reader(kind: str) -> Callable[[str, bytes, str], Document]:
    # Imported on demand: auditing a text file must not load lxml, pdfium or pdfplumber.
    if kind == "pdf":
        from gkaudit.reading.pdf import pdf_document

        return pdf_document
    if kind == "docx":
        from gkaudit.reading.docx import docx_document

        return docx_document
    if kind == "oldword":
        from gkaudit.reading.docx import old_word_document

        return old_word_document
    if kind == "html":
        from gkaudit.reading.html import html_document

        return html_document
    from gkaudit.reading.text import text_document

    return text_document


def sniff_kind(path: str, data: bytes) -> str:
    """Decide the reader by content first (a .txt that is really a PDF happens), then by suffix."""
    head = data[:2048]
    suffix = Path(path).suffix.lower()
    if head.lstrip().startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if suffix not in OLD_WORD_SUFFIXES else "oldword"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: .doc / .wps / .xls
        return "oldword"
    if suffix in PDF_SUFFIXES:
        return "pdf"  # the PDF reader explains what is wrong with a damaged PDF
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in OLD_WORD_SUFFIXES:
        return "oldword"
    lowered = head.lower()
    if suffix in HTML_SUFFIXES or b"<html" in lowered or b"<!doctype html" in lowered or b"<table" in lowered:
        return "html"
    if b"\x00" in head and not _utf16_like(head):
        return "binary"
    return "text"


def _utf16_like(head: bytes) -> bool:
    from gkaudit.reading.text import utf16_parity

    return head[:2] in (b"\xff\xfe", b"\xfe\xff") or utf16_parity(head) is not None


__all__ = ["SUPPORTED_SUFFIXES", "Document", "ReadError", "read_bytes", "read_document"]
