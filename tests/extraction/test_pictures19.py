"""Statistics tables published as pictures inside a text report are read by OCR (session 18).

Made by ``scripts/make_picture_reports.py`` (seeds 31300-31302): each generated report's tables
rendered from its LibreOffice PDF at 150 dpi and put in place of the tables, as an <img> of the
saved page's "_files" folder, a Word picture, and an image on a PDF's text page. Until now each
was "[图片]" and the table unreadable (``test_blind17``); a picture reachable from the file and
drawn with a table's rules is now read by the scan reader, its cells OCR readings, and a report's
real mistake in it is found. Unreachable pictures and OCR turned off keep the warning.
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from gkaudit.model import Severity
from gkaudit.reading import OcrOptions
from gkaudit.reading.ocr import available
from tests.converters.scoring import assert_reads

DATA = Path(__file__).resolve().parents[1] / "data" / "pictures19"
needs_ocr = pytest.mark.skipif(not available(), reason="OCR models not installed")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKAUDIT_DATA_DIR", str(tmp_path / "data"))


def _assert_pictures_read(name: str, cells: int) -> None:
    """Every cell of the picture tables read right (as an OCR reading), the injected error found."""
    report = assert_reads(DATA / name, DATA / f"{name.rsplit('.', 1)[0]}.truth.json", exact_at_least=cells)
    readings = {c.reading for t in report.tables.values() for c in t.cells.values()}
    assert readings <= {"ocr", "uncertain"}, readings
    assert not [f for f in report.findings if f.rule in ("extract.unreadable", "table.missing")]
    assert report.document.ocr_regions


@needs_ocr
def test_tables_as_images_of_a_saved_page_are_read_from_its_files() -> None:
    """2019 template; 3.5.3 科研机构 printed 2 for 0: the error of 行 3.5 and of its column found."""
    _assert_pictures_read("gen31300-images.html", 198)
    report = audit_path(DATA / "gen31300-images.html")
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    assert any("apply/3.5.3/research" in f.cells for f in errors), errors


@needs_ocr
def test_tables_as_word_pictures_are_read_from_the_package() -> None:
    _assert_pictures_read("gen31301-pictures.docx", 186)


@needs_ocr
def test_tables_as_images_on_pdf_text_pages_are_read_from_the_page() -> None:
    """The images' boxes on their pages are where the cells are: the cell's page box lies in its picture."""
    _assert_pictures_read("gen31302-pictures.pdf", 190)
    report = audit_path(DATA / "gen31302-pictures.pdf")
    cell = report.cell("apply/3.5.4/total")
    assert cell is not None and cell.source is not None and report.document.read_by_ocr(cell.source.page)


def test_with_ocr_off_a_picture_stays_unreadable() -> None:
    """--ocr never: the tables stay pictures, unreadable (a warning), never missing."""
    from gkaudit.audit import audit_document
    from gkaudit.reading import read_document

    report = audit_document(read_document(DATA / "gen31301-pictures.docx", OcrOptions(mode="never")))
    assert {f.anchor for f in report.findings if f.rule == "extract.unreadable"} == {"active", "apply", "review"}
    assert not [f for f in report.findings if f.severity is Severity.ERROR]


def test_a_page_saved_without_its_files_keeps_the_warning(tmp_path: Path) -> None:
    """The <img> names a file that is not there: the picture cannot be reached, the table is unreadable."""
    shutil.copy(DATA / "gen31300-images.html", tmp_path / "gen31300-images.html")
    report = audit_path(tmp_path / "gen31300-images.html")
    assert {f.anchor for f in report.findings if f.rule == "extract.unreadable"} == {"active", "apply", "review"}


def test_a_picture_is_reached_only_inside_the_page_folder_or_a_data_uri(tmp_path: Path) -> None:
    """A data: URI is read; a path out of the page's folder, or on the network, is never opened."""
    from gkaudit.reading.html import _linked_frame

    png = (DATA / "gen31300-images_files" / "table1.png").read_bytes()
    (tmp_path / "page").mkdir()
    (tmp_path / "outside.png").write_bytes(png)
    (tmp_path / "page" / "inside.png").write_bytes(png)
    folder = tmp_path / "page"
    assert _linked_frame(folder, "data:image/png;base64," + base64.b64encode(png).decode()) is not None
    assert _linked_frame(folder, "inside.png") is not None
    assert _linked_frame(folder, "../outside.png") is None
    assert _linked_frame(folder, str(tmp_path / "outside.png")) is None
    assert _linked_frame(folder, "http://example.org/inside.png") is None


def test_a_picture_that_cannot_be_decoded_stays_a_picture() -> None:
    """A damaged picture or a decompression bomb leaves its line and the report read, never a failed reading."""
    from gkaudit.model import Document
    from gkaudit.reading.pictures import Picture, read_pictures

    def broken() -> None:
        raise MemoryError

    doc = Document(path="x.html", kind="html", text="二、主动公开政府信息情况\n[图片]\n", sha256="0" * 64)
    assert read_pictures(doc, [Picture(broken)], OcrOptions()) is doc
