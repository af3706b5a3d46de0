"""Readers: turn a report file (text, HTML, Word, PDF) into one normalised ``Document``."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from gkaudit.model import Document, ReadError
from gkaudit.reading.oserror import os_reason
from gkaudit.reading.scan import OcrOptions
from gkaudit.reading.text import UNMAPPED, unmapped_text

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".csv", ""}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".mhtml"}
DOCX_SUFFIXES = {".docx"}
OLD_WORD_SUFFIXES = {".doc", ".wps"}
PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
MAX_FILE_BYTES = 300 * 1024 * 1024
MAX_TEXT_BYTES = 20 * 1024 * 1024
# About 1,300 pages of dense Chinese: ten times the longest real report; the checks take seconds per
# million characters, so a document beyond this is refused rather than audited past any budget.
MAX_DOCUMENT_CHARS = 2_000_000
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES | OLD_WORD_SUFFIXES | PDF_SUFFIXES | IMAGE_SUFFIXES - {""}


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


def read_document(path: str | Path, ocr: OcrOptions | None = None) -> Document:
    """Read any supported report file; raises ReadError (one line, Chinese) when it cannot.

    ``ocr``: how scanned PDF pages and page images are read (default: by OCR, cached). A folder
    holding page images and no report file is read as one report, its pages in name order.
    """
    p = Path(path)
    if p.is_dir():
        from gkaudit.reading.page_folder import is_page_folder

        # A folder of page photos (and nothing else that is a report) is one scanned report.
        if is_page_folder(p):
            return _page_folder(p, ocr)
    return read_bytes(str(p), read_page_file(p), ocr)


def _page_folder(p: Path, ocr: OcrOptions | None) -> Document:
    from gkaudit.reading.images import folder_document

    try:
        return folder_document(str(p), read_page_file, MAX_FILE_BYTES, ocr)
    except ReadError:
        raise
    except Exception as exc:  # as for a file: a photo the reader does not cope with must not end the batch
        raise ReadError(f"页面图片无法读取：{failure_reason(exc)}") from exc


def read_page_file(p: Path) -> bytes:
    """A file's bytes within the size limits; ReadError (one line) when it cannot be read."""
    try:
        return _read_regular_file(p)
    except ReadError:
        raise
    except FileNotFoundError as exc:
        raise ReadError("文件不存在") from exc
    except IsADirectoryError as exc:
        raise ReadError("这是一个文件夹，不是报告文件") from exc
    except PermissionError as exc:
        raise ReadError("没有读取权限（文件可能被其他程序占用）") from exc
    except OSError as exc:
        raise ReadError(f"无法读取文件：{os_reason(exc)}") from exc


def _read_regular_file(p: Path) -> bytes:
    """The file's bytes, for a regular file only, never more than the size limit allows.

    Opened without blocking and checked on the open handle: a FIFO named ``x.txt`` would wait for
    a writer forever, and a link to ``/dev/zero`` would never end.
    """
    if p.is_dir():  # Windows refuses to open a folder with "permission denied": say what it is
        raise ReadError("这是一个文件夹，不是报告文件")
    fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise ReadError("这是一个文件夹，不是报告文件")
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(f"不是普通文件（{_special_kind(info.st_mode)}），不能作为报告读取")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise ReadError(f"文件过大（{size / 1024 / 1024:.0f} MB），超出上限 {MAX_FILE_BYTES // 1024 // 1024} MB")
        head = fh.read(2048)
        limit = MAX_FILE_BYTES
        if sniff_kind(str(p), head) not in ("pdf", "docx", "oldword", "image"):
            limit = MAX_TEXT_BYTES
            if size > limit:
                raise ReadError(
                    f"文件过大（{size / 1024 / 1024:.0f} MB），文本/网页报告上限为 {limit // 1024 // 1024} MB"
                )
        # The size is read again while reading: a file growing under us stops at the limit.
        data = head + fh.read(limit + 1 - len(head))
        if len(data) > limit:
            raise ReadError(f"文件过大（读取时超过 {limit // 1024 // 1024} MB 上限）")
        return data


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "命名管道"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def read_bytes(path: str, data: bytes, ocr: OcrOptions | None = None) -> Document:
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise ReadError("文件为空")
    kind = sniff_kind(path, data)
    if kind == "binary":
        raise ReadError("不是可识别的报告文件（二进制内容；支持 .txt .html .docx .pdf 及扫描图片）")
    reader = _reader(kind)
    try:
        doc = reader(path, data, sha, ocr=ocr) if kind != "text" else reader(path, data, sha)
    except ReadError:
        raise
    except Exception as exc:  # a file a reader does not cope with must not end the batch
        raise ReadError(f"{_KIND_NAMES[kind]}无法读取：{failure_reason(exc)}") from exc
    if kind != "pdf" and unmapped_text(doc.text):  # the PDF reader says so in its own words
        raise ReadError(UNMAPPED)
    if len(doc.text) > MAX_DOCUMENT_CHARS:
        raise ReadError(
            f"文字过多（{len(doc.text) / 10000:.0f} 万字，上限 {MAX_DOCUMENT_CHARS // 10000} 万字），不像是一份年度报告，未审核"
        )
    return doc


_KIND_NAMES = {"pdf": "PDF 文件", "image": "图片", "docx": "Word 文档", "oldword": "Word 文档", "html": "网页", "text": "文本文件"}


def failure_reason(exc: BaseException) -> str:
    """Why reading failed, in words an auditor can act on, never a Python exception name."""
    if isinstance(exc, MemoryError):
        return "内容展开后过大，超出内存限制（文件可能是恶意构造的）"
    if isinstance(exc, RecursionError):
        return "结构嵌套过深（文件可能是恶意构造的）"
    if isinstance(exc, (UnicodeError, ValueError, LookupError)):
        return "内容格式错误，文件可能已损坏"
    if isinstance(exc, OSError):
        return f"读取出错（{os_reason(exc)}）"
    return "文件可能已损坏或格式不受支持"


def _reader(kind: str) -> Callable[..., Document]:
    # Imported on demand: auditing a text file must not load lxml, pdfium or pdfplumber.
    if kind == "pdf":
        from gkaudit.reading.pictures import pdf_with_pictures

        # pdfminer logs a font it cannot measure ("Could not get FontBBox…") once per glyph: noise
        # on the auditor's console, not a finding (what it cannot read is reported as such).
        logging.getLogger("pdfminer").setLevel(logging.ERROR)
        return pdf_with_pictures
    if kind == "image":
        from gkaudit.reading.images import image_document

        return image_document
    if kind == "docx":
        from gkaudit.reading.docx import docx_document

        return docx_document
    if kind == "oldword":
        from gkaudit.reading.docx import old_word_document

        return old_word_document
    if kind == "html":
        from gkaudit.reading.html import html_document

        return html_document
    return _text_document


def _text_document(path: str, data: bytes, sha256: str) -> Document:
    """A text report, its converters' own table forms (pandoc's, raw HTML, a browser's copy) as grids."""
    from gkaudit.reading.text import text_document
    from gkaudit.reading.texttables import rewrite_tables

    doc = text_document(path, data, sha256)
    text = rewrite_tables(doc.text)
    return doc if text == doc.text else dataclasses.replace(doc, text=text)


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
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in OLD_WORD_SUFFIXES:
        return "oldword"
    lowered = head.lower()
    if suffix in HTML_SUFFIXES or b"<html" in lowered or b"<!doctype html" in lowered or b"<body" in lowered:
        return "html"
    # A bare <table> in a named text file is a table a Markdown converter wrote as HTML, inside text
    # whose lines are paragraphs (the text reader renders such tables); elsewhere it is a page fragment.
    if b"<table" in lowered and suffix not in TEXT_SUFFIXES - {""}:
        return "html"
    if b"\x00" in head and not _utf16_like(head):
        return "binary"
    return "text"


def _utf16_like(head: bytes) -> bool:
    from gkaudit.reading.text import utf16_parity

    return head[:2] in (b"\xff\xfe", b"\xfe\xff") or utf16_parity(head) is not None


__all__ = ["SUPPORTED_SUFFIXES", "Document", "OcrOptions", "ReadError", "read_bytes", "read_document"]
