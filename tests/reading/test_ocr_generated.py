"""A generated report as an image-only scan: read by OCR, scored against the generator's truth."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from gkaudit.reading.ocr import available
from tests.docgen import soffice
from tests.reading.ocr_sweep import generated_pdfs, make_forms, photo, score, table_pages, text_of_pages


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKAUDIT_DATA_DIR", str(tmp_path / "data"))


@pytest.mark.skipif(not available(), reason="OCR models not installed")
@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_a_scanned_generated_report_has_no_false_error_and_no_confident_misread(tmp_path: Path) -> None:
    """A 2021 report whose blank cells are printed "/" (a / read as a 1 with confidence gave six
    false errors before), scanned at 150 dpi: no arithmetic error the report does not have, every
    cell read wrong is uncertain, and at least 97% of the cells exact."""
    g = generated_pdfs([102, 103], tmp_path)[1]
    text = audit_path(g.pdf)
    assert any(raw.strip() == "/" for raw in g.report.tables.raw.values())  # the case this test is about
    form = make_forms(g, text, tmp_path / "scans", 0, ["pdf150"])[0]
    result = audit_path(form.path)
    s = score(g, text, result, form.pages)
    assert not s.false_errors, s.false_errors
    confident_misreads = [
        line for line in s.misread
        if (cell := result.cell(line.split(":", 1)[0])) is not None and cell.reading != "uncertain"
    ]
    assert not confident_misreads, confident_misreads
    assert s.exact >= 0.97 * s.cells, s.misread
    assert s.broken_found == s.broken


@pytest.mark.skipif(not available(), reason="OCR models not installed")
@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_a_photo_of_a_page_that_continues_the_apply_table_is_placed(tmp_path: Path) -> None:
    """A PNG photo of the page that goes on with the 依申请 table from the page before (no table
    heading on it, its first row （四）3. or so): the rows are placed by their labels, every cell on
    the page is read (exact, or uncertain), none is put on a row of the page before, and no
    arithmetic error comes of the rows the page does not show."""
    g = generated_pdfs([7050], tmp_path)[0]
    text = audit_path(g.pdf)
    heading = text.cell("apply/1/natural")
    assert heading is not None and heading.source is not None and heading.source.page is not None
    pages = [p for p in table_pages(text) if p > heading.source.page.page]
    on = [cid for cid in g.report.tables.cell_ids("apply")
          if (c := text.cell(cid)) is not None and c.source is not None and c.source.page is not None
          and c.source.page.page in pages[:1]]
    assert on and not any(cid.startswith("apply/1/") for cid in on)  # the case: the table continued
    page = pages[0]
    path = tmp_path / f"第{page}页.png"
    photo(g.pdf, page, 150, random.Random(7050), None).save(path)
    result = audit_path(path)
    s = score(g, text, result, [page], audit_path(text_of_pages(g.pdf, [page], tmp_path / "page.pdf")))
    assert s.cells >= len(on) and not s.unplaced and not s.misplaced, (s.unplaced, s.misread)
    unsure = [line for line in s.misread
              if (cell := result.cell(line.split(":", 1)[0])) is None or cell.reading != "uncertain"]
    assert not unsure, unsure
    assert not s.false_errors, s.false_errors
