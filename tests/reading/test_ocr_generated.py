"""A generated report as an image-only scan: read by OCR, scored against the generator's truth."""

from __future__ import annotations

from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from gkaudit.reading.ocr import available
from tests.docgen import soffice
from tests.reading.ocr_sweep import generated_pdfs, make_forms, score


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
