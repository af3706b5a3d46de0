"""Harder variants of generated reports (``tests/variants.py``): what real reports vary that the
plain generator does not — a 备注 column, sub-rows labelled only ``1.``, a 合计 row under the
table, the review table split in two or transposed, numbers with units or a full-width thousands
comma printed by a PDF — read with no wrong cell and no false arithmetic error.

Every variant in every text format and as Word, both templates, with and without an injected
error: each cell is read exactly, no error finding that the truth does not break, every relation
the injected error breaks found, and a template printed under the other template's year flagged.
The PDF cases run one LibreOffice call and are skipped without ``soffice``.
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import pytest
from docgen import soffice, to_pdf
from generator import INJECT_KINDS, Report
from variants import FORMATS, VARIANTS, make_variant_report, truth

from gkaudit.audit import audit_path
from gkaudit.extraction.values import parse_value
from gkaudit.model import AuditReport
from gkaudit.reading.pdf_tables import _NUMERIC
from tests.converters.scoring import Score, score

SEEDS = (7520, 7521)


def _audit(report: Report, directory: Path) -> AuditReport:
    path = directory / f"r.{report.filename.rsplit('.', 1)[1]}"
    path.write_bytes(report.data)
    return audit_path(path)


def _check(report: Report, audited: AuditReport) -> Score:
    s = score(audited, truth(report), str(report.options["variant"]))
    assert not s.wrong, s.wrong[:5]
    assert not s.false_errors and not s.misread, s.false_errors + s.misread
    assert s.found == s.violations, f"found {s.found} of {s.violations} broken relations"
    # A 主动公开 table in the other template's layout is left unread when the rest is read by its own.
    unread = sum(1 for cid in truth_cells(report) if cid.startswith("active/") and audited.cell(cid) is None) \
        if "active_other" in str(report.options["variant"]) else 0
    assert s.exact + unread == s.cells, f"{s.cells - s.exact} cells not read exactly"
    flagged = any(f.rule == "template.year" for f in audited.findings)
    variant = str(report.options["variant"])
    assert flagged == ("year_mismatch" in variant or "active_other" in variant)
    return s


def truth_cells(report: Report) -> list[str]:
    tables = truth(report)["tables"]
    assert isinstance(tables, dict)
    return [f"{t}/{r}/{c}" for t, rows in tables.items() for r, cols in rows.items() for c in cols]


@pytest.mark.parametrize("variant", [*VARIANTS, "mix"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_variant_read_exactly(variant: str, fmt: str, tmp_path: Path) -> None:
    for seed in SEEDS:
        for template in ("2019", "2021"):
            for inject in (None, INJECT_KINDS[seed % len(INJECT_KINDS)]):
                report = make_variant_report(seed, template, fmt, variant, inject=inject)
                _check(report, _audit(report, tmp_path))


def test_variants_differ_from_the_plain_layout() -> None:
    """Each variant prints something the plain layout does not (else it tests nothing)."""
    plain = make_variant_report(7520, "2021", "tab", "year_mismatch").text
    marks = {"remark": "备注", "heji": "合计", "total_row": "合计", "g0_row": "三、本年度办理结果\t\t\t\t",
             "header_flat": "自然人\t商业企业", "word_html": "<o:p>", "units": "\t0件\t"}
    for variant, mark in marks.items():
        fmt = "html" if variant == "word_html" else "tab"
        text = make_variant_report(7520, "2021", fmt, variant).text
        assert mark in text and mark not in plain, variant


def test_thousands_comma_with_room_around_it() -> None:
    assert parse_value("1 ,004").value == 1004
    assert parse_value("12 ,34").value is None


def test_a_number_with_its_unit_is_a_cell_value_in_a_pdf_table() -> None:
    """A value cell's text is never joined to the cell above across a page break."""
    for text in ("217 件", "1,004", "26个", "无", "/", "—"):
        assert _NUMERIC.match(text), text
    for text in ("政府信息", "（五）不予处理", "1.属于国家秘密"):
        assert not _NUMERIC.match(text), text


@cache
def _pdfs() -> list[tuple[Report, Path]]:
    """The Word variants that tripped the PDF reading, as PDFs: a page break right above a row whose
    narrow cells wrap their units, a full-width thousands comma."""
    out = Path(tempfile.mkdtemp(prefix="gkaudit-variants-pdf-"))
    made = []
    for seed, variant in ((7517, "units"), (7516, "thousands"), (7522, "mix")):
        report = make_variant_report(seed, "2021", "docx", variant)
        path = out / f"{seed}-{variant}.docx"
        path.write_bytes(report.data)
        made.append((report, path))
    pdfs = to_pdf([p for _, p in made], out)
    return [(r, pdf) for (r, _), pdf in zip(made, pdfs, strict=True)]


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_variants() -> None:
    for report, pdf in _pdfs():
        _check(report, audit_path(pdf))
