"""Scanned pages, whatever holds them (an image-only PDF page, a photo, a TIFF): options, cache, flow.

``OcrOptions`` says whether to OCR at all and whom to tell about each page; the readers hand over
page images through ``read_scanned``, which answers from the cache (one file per report hash and
page, so reopening a report does not run OCR again) or reads the page and stores it.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gkaudit.model import OcrMark, ReadError

NEVER = "未启用文字识别（OCR），无法读取扫描件或图片"
CANCELLED = "文字识别已取消"
ENV_CACHE = "GKAUDIT_OCR_CACHE"  # "0" turns the cache off (benchmarks measure the reading itself)

Progress = Callable[[int, int], None]


class OcrCancelled(ReadError):
    """Raised through the reader when the progress callback asks to stop."""


OCR_ENV = "GKAUDIT_OCR"  # "auto" or "never": the default for audits started without options


@dataclass(frozen=True, slots=True)
class OcrOptions:
    """How readers treat pages without a text layer.

    ``mode``: "auto" reads them by OCR, "never" refuses them as before. ``progress`` is called
    with (pages done, pages to read) before and after each page read; it may raise
    ``OcrCancelled`` to stop. ``cache``: reuse and store results in the per-user cache folder.
    """

    mode: str = "auto"
    progress: Progress | None = None
    cache: bool = True


MODES = ("auto", "never")
DEFAULT = OcrOptions()


@dataclass(frozen=True, slots=True)
class PageImage:
    """A page to read: its number, size in points, and how to get its grey image (deferred: the
    cache may answer without it)."""

    number: int
    width: float
    height: float
    render: Callable[[], Any]  # -> numpy uint8 array (height, width)


def ocr_available() -> bool:
    from gkaudit.reading.ocr import available

    return available()


def read_scanned(sha256: str, pages: Sequence[PageImage], options: OcrOptions) -> list[Any]:
    """Each page as a ``ScannedPage``, from the cache or by OCR; ReadError when OCR cannot run."""
    if options.mode == "never":
        raise ReadError(NEVER)
    import gkaudit.reading.ocr as ocr

    eng = None
    out = []
    total = len(pages)
    for done, page in enumerate(pages):
        _tell(options, done, total)
        cached = _load(sha256, page) if _caching(options) else None
        if cached is None:
            if eng is None:
                eng = ocr.engine()
                if eng is None:
                    raise ReadError(ocr.MISSING)
            from gkaudit.reading.scan_page import read_page

            cached = read_page(page.render(), page.number, page.width, page.height, eng)
            if _caching(options):
                _store(sha256, page, cached)
        out.append(cached)
    _tell(options, total, total)
    return out


def _tell(options: OcrOptions, done: int, total: int) -> None:
    if options.progress is not None:
        options.progress(done, total)


def _caching(options: OcrOptions) -> bool:
    return options.cache and os.environ.get(ENV_CACHE, "1") != "0"


def cache_dir() -> Path:
    from gkaudit.paths import data_dir

    return data_dir() / "ocr-cache"


def _cache_file(sha256: str, page: PageImage) -> Path:
    from gkaudit.reading.ocr import ENGINE_VERSION

    return cache_dir() / f"{sha256[:32]}-{ENGINE_VERSION}-{page.number}.json"


def _load(sha256: str, page: PageImage) -> Any:
    from gkaudit.reading.pdf_text import Glyph, PageText
    from gkaudit.reading.scan_page import ScannedPage

    path = _cache_file(sha256, page)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        text = PageText(
            page.number, page.width, page.height, [Glyph(*g) for g in raw["glyphs"]], 0, 0, raw["rules"]
        )
        marks = [OcrMark(page.number, tuple(m[0]), *m[1:4]) for m in raw["marks"]]
        return ScannedPage(text, marks, raw["skew"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no cache entry, or a damaged one: read the page again


def _store(sha256: str, page: PageImage, scanned: Any) -> None:
    path = _cache_file(sha256, page)
    payload = {
        "glyphs": [list(g) for g in scanned.text.glyphs],
        "rules": scanned.text.rules,
        "marks": [[list(m.bbox), m.text, m.conf, m.alt] for m in scanned.marks],
        "skew": scanned.skew,
    }
    # The cache only saves time: a full disk or a read-only profile must not fail the audit.
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
