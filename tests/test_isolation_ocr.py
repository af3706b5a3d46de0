"""The audit child tells the parent each scanned page it reads, and takes the OCR choice per file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from gkaudit.isolation import CANCELLED_REASON, Isolator, Limits
from gkaudit.model import AuditReport, ReadError
from gkaudit.reading.ocr import available
from gkaudit.reading.scan import NEVER


@pytest.fixture
def pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GKAUDIT_DATA_DIR", str(tmp_path / "data"))  # before the child starts
    folder = tmp_path / "照片"
    folder.mkdir()
    for n in (1, 2, 3):
        _page(n).save(folder / f"{n}.png")
    return folder


def _page(n: int) -> Image.Image:
    """A page with a few lines of marks: OCR has something to look at, and reads no report in it."""
    image = Image.new("L", (400, 560), 255)
    draw = ImageDraw.Draw(image)
    for k in range(6):
        draw.text((30, 40 + 60 * k), f"{n} x {k} " * 4, fill=0)
    return image


def test_never_reaches_the_child(pages: Path) -> None:
    with Isolator(Limits(seconds=60, memory_mb=None)) as iso:
        result = iso.audit(pages, ocr="never")
    assert isinstance(result, ReadError) and str(result) == NEVER


@pytest.mark.skipif(not available(), reason="OCR models not installed")
def test_pages_told_to_the_parent_and_cancel_kills_the_child(pages: Path) -> None:
    seen: list[tuple[int, int]] = []
    with Isolator(Limits(seconds=60, memory_mb=None)) as iso:
        result = iso.audit(pages, progress=lambda done, total: seen.append((done, total)), ocr="auto")
        # Whatever the pages hold (no template here), every page was told on the way.
        assert isinstance(result, AuditReport) and result.kind == "image" and result.template is None
        assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
        seen.clear()
        _page(4).save(pages / "4.png")  # another report: its last page is not in the OCR cache
        child = iso._proc
        result = iso.audit(pages, cancelled=lambda: bool(seen), progress=lambda d, t: seen.append((d, t)))
        assert isinstance(result, ReadError) and str(result) == CANCELLED_REASON
        assert child is not None and not child.is_alive()


def test_a_batch_takes_the_ocr_choice_to_its_children(pages: Path) -> None:
    from gkaudit.batch import audit_batch

    (pages.parent / "报告.txt").write_text("政府信息公开工作年度报告", encoding="utf-8")
    result = audit_batch([str(pages.parent)], limits=Limits(seconds=60, memory_mb=None), ocr="never")
    # The photo folder is one entry of the batch, refused as OCR is off.
    entry = next(e for e in result.entries if e.path == str(pages))
    assert entry.report is None and entry.error == NEVER
