"""PDF pages with the cell's box, and the command line: ``gkaudit-gui --screenshot``."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from gkaudit.model import AuditReport, Cell, Document, PageBox, Source, Table
from ui import pdfpages
from ui.documentview import DocumentView
from ui.worker import TaskRunner

ROOT = Path(__file__).resolve().parents[2]
PDF = ROOT / "resources" / "samples" / "huaian-city-2024.pdf"


def fake_pdf_report() -> AuditReport:
    """A PDF report as the reader would give it: text offsets and page boxes (independent of pdf.py)."""
    text = "第一页文字\n（七）总计\t12\t0\t0\n"
    box = PageBox(2, (300.0, 400.0, 330.0, 414.0))
    cell = Cell("apply", "3.7", "natural", 12, "12", Source(text.index("12"), text.index("12") + 2, box))
    doc = Document(str(PDF), "pdf", text, hashlib.sha256(PDF.read_bytes()).hexdigest(), pages=6)
    table = Table("apply", {("3.7", "natural"): cell})
    return AuditReport(str(PDF), doc.sha256, "pdf", "淮安市", 2024, "2021", {"apply": table}, [], doc)


def test_pdf_pages_render_and_show_the_box(qtbot) -> None:
    runner = TaskRunner()
    view = DocumentView(runner)
    qtbot.addWidget(view)
    view.resize(700, 800)
    view.show()
    qtbot.waitExposed(view)
    report = fake_pdf_report()
    view.show_report(report, pdfpages.page_sizes(str(PDF)))
    assert view.showing_pages and len(view.pdf_view.pages) == 6
    cell = report.cell("apply/3.7/natural")
    view.show_sources(cell.source, [])
    page = view.pdf_view.pages[1]
    assert page.boxes == [((300.0, 400.0, 330.0, 414.0), True)]
    qtbot.waitUntil(lambda: page.image is not None, timeout=10000)
    point = view.pdf_view.visible_point(2, cell.source.page.bbox)
    assert view.pdf_view.viewport().rect().contains(point)
    assert view.text_view.highlighted() == [(cell.source.start, cell.source.end)]
    # Switch to the extracted text: the same place is marked there.
    view.text_button.click()
    assert not view.showing_pages
    runner.shutdown()


def test_render_page_gives_a_qimage() -> None:
    image = pdfpages.render_page(str(PDF), 0, 0.5)
    assert isinstance(image, QImage) and not image.isNull()
    assert abs(image.width() - 595 * 0.5) <= 1


def test_screenshot_from_the_command_line(tmp_path: Path) -> None:
    target = tmp_path / "窗口.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GKAUDIT_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    sample = ROOT / "resources" / "samples" / "fuxin-2020.txt"
    proc = subprocess.run([sys.executable, "-m", "ui", "--screenshot", str(target), "--size", "1200x800", str(sample)],
                          env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1200, 800)


def test_unreadable_file_on_the_command_line(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GKAUDIT_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-m", "ui", "--screenshot", str(tmp_path / "x.png"), str(tmp_path / "无.txt")],
                          env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 2 and "找不到" in proc.stderr
