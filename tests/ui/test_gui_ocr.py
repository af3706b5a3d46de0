"""A scanned report in the window: page progress with cancel, the page image with cell boxes, the
crop beside an uncertain cell, the OCR setting reaching the audit child, and no stall while it reads."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from gkaudit.reading.ocr import available

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
pytestmark = pytest.mark.skipif(not available(), reason="OCR models not installed")


class StallMeter:
    """The longest gap between ticks of a 10 ms timer on the GUI thread: how long the window stalled."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now


def _photos(folder: Path, pages: list[int]) -> Path:
    from tests.reading.scans import scan_page

    folder.mkdir()
    for n, index in enumerate(pages, start=1):
        scan_page(SAMPLES / "huaian-hongze-district-2024.pdf", index, 150, 0.7, 75, seed=n).save(folder / f"{n}.jpg")
    return folder


def test_scanned_report_in_the_window(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # With OCR off, the setting reaches the audit child: the scan is refused in one line.
    folder = _photos(tmp_path / "扫描照片", [2, 3])
    window.settings.set("reading/ocr", "never")
    with qtbot.waitSignal(window.controller.failed, timeout=60000) as refused:
        window.open_paths([str(folder)])
    assert "未启用文字识别" in refused.args[1]

    # Cancelled after the first page: the child is killed, the progress bar goes away.
    window.settings.set("reading/ocr", "auto")
    pages: list[tuple[int, int]] = []
    window.controller.pages_read.connect(lambda done, total: pages.append((done, total)))
    with qtbot.waitSignal(window.controller.pages_read, timeout=60000):
        window.open_paths([str(folder)])
    assert window.ocr_progress.isVisible() and window.ocr_cancel.isVisible()
    window.ocr_cancel.click()
    qtbot.waitUntil(lambda: not window.ocr_progress.isVisible(), timeout=5000)
    assert window.session is None and pages[0] == (0, 2)

    # Read to the end: the page image with its cell boxes, and no stall of the window on the way.
    # The reading runs in the audit child: the window keeps ticking while the pages are read.
    pages.clear()
    meter = StallMeter()
    window.controller.opening_ended.connect(meter.timer.stop)
    with qtbot.waitSignal(window.report_shown, timeout=120000):
        window.open_paths([str(folder)])
    assert pages[-1] == (2, 2) and not window.ocr_progress.isVisible()
    report = window.session.report
    assert report.kind == "image" and report.document.pages == 2
    view = window.document.pdf_view
    assert len(view.pages) == 2 and window.document.showing_pages
    qtbot.waitUntil(lambda: all(p.image is not None for p in view.pages[:1]), timeout=20000)
    # Reading a page takes seconds; a stall of that order is the reading on the GUI thread. A
    # loaded machine (two cores shared) delays the timer by a few hundred ms without any stall.
    assert not meter.timer.isActive() and meter.longest < 0.5, f"the window stalled {meter.longest * 1000:.0f} ms"

    # The crop of the page a cell was read from, set beside its description.
    cid = "review/review/total"
    with qtbot.waitSignal(window.document.crop_ready, timeout=20000) as crop:
        window.document.request_crop(cid)
    image = crop.args[1]
    box = report.cell(cid).source.page.bbox
    assert crop.args[0] == cid and not image.isNull()
    assert abs(image.width() / image.height() - (box[2] - box[0]) / (box[3] - box[1])) < 0.6
    window.tables.select_cells([cid])
    window.tables.show_crop(cid, image)
    assert window.tables.crop.isVisible() and "原图" in window.tables.crop.toolTip()

    # A cell OCR was unsure of says what was read and how sure, and asks for its crop by itself.
    table = report.tables["review"]
    key = next(k for k, c in table.cells.items() if c.id == cid)
    table.cells[key] = replace(table.cells[key], reading="uncertain", confidence=0.61)
    window.tables.select_cells(["review/review/upheld"])
    with qtbot.waitSignal(window.document.crop_ready, timeout=20000):
        window.tables.select_cells([cid])
    assert "扫描识别不确定" in window.tables.detail.text() and "61%" in window.tables.detail.text()
    qtbot.waitUntil(window.tables.crop.isVisible, timeout=5000)
