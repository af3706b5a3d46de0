"""Generated reports as Word documents and, through LibreOffice, as PDF files (``tests/docgen.py``).

The official layout — merged header cells (gridSpan, vMerge), narrow label columns whose labels
wrap, blank cells as printed — read back through ``audit_path``:

* every cell's extracted value is the printed one (int counts, float amounts, None for blanks) and
  its source points at its text in ``Document.text``;
* for PDF, every cell also has a page and a box, and the box on that page holds the printed digits;
* a consistent report gives no error finding; a report with one wrong count gives an error finding
  naming the cell, the suspect when it is the only single-cell fix, and never a wrong suspect.

The Word cases are fast; the PDF cases (``slow``) convert all their documents in one LibreOffice
call, once per session, and are skipped when ``soffice`` is not installed.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import NamedTuple

import pypdfium2 as pdfium
import pytest
from docgen import make_doc_report, soffice, to_pdf, write_docx
from generator import Report
from test_generated import _digits, single_cell_fixes, value_mismatches

from gkaudit.audit import audit_path
from gkaudit.model import AuditReport, Severity


class Case(NamedTuple):
    seed: int
    template: str
    inject: str | bool | None = None
    one_row_other: bool | None = None
    blanks: bool | None = None
    fullwidth: bool | None = None

    @property
    def id(self) -> str:
        extra = "".join(f"-{k}" for k in ("one_row_other", "blanks", "fullwidth") if getattr(self, k))
        return f"{self.seed}-{self.template}-{self.inject or 'consistent'}{extra}"

    def report(self, kind: str) -> Report:
        return make_doc_report(self.seed, self.template, kind=kind, inject=self.inject,
                               one_row_other=self.one_row_other, blanks=self.blanks, fullwidth=self.fullwidth)


DOCX_CASES = [
    Case(0, "2019"),
    Case(1, "2021", one_row_other=False, blanks=True),
    Case(2, "2021", one_row_other=True),
    Case(3, "2019", blanks=True, fullwidth=True),
    Case(4, "2021", "leaf", one_row_other=False),
    Case(5, "2019", "leaf_total", blanks=True),
    Case(6, "2021", "processed_total", one_row_other=True),
    Case(7, "2019", "row_total", blanks=True),
    Case(8, "2021", "head", fullwidth=True),
    Case(9, "2019", "review_total"),
    Case(10, "2021", "review_part", blanks=True),
    Case(11, "2021", True, one_row_other=True, blanks=True),
]
PDF_CASES = [
    Case(16, "2021"),  # the apply table's header rows cut by a page break
    Case(20, "2021"),  # the review table's header rows cut by a page break
    Case(20, "2019", blanks=True),
    Case(22, "2021", one_row_other=True, blanks=True),
    Case(23, "2019", "leaf"),
    Case(24, "2021", "processed_total", one_row_other=False, blanks=True),
    Case(25, "2021", "review_part"),
]

needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


class Audited(NamedTuple):
    report: Report
    result: AuditReport
    path: Path


def _name(case: Case, report: Report) -> str:
    """A Chinese file name, unique per case."""
    return f"{case.seed:02d}_{Path(report.filename).stem}.docx"


@pytest.fixture(scope="module")
def docx_audits(tmp_path_factory: pytest.TempPathFactory) -> dict[Case, Audited]:
    folder = tmp_path_factory.mktemp("docx") / "生成的年报"
    out = {}
    for case in DOCX_CASES:
        report = case.report("docx")
        path = write_docx(report, folder, _name(case, report))
        out[case] = Audited(report, audit_path(path), path)
    return out


@pytest.fixture(scope="module")
def pdf_audits(tmp_path_factory: pytest.TempPathFactory) -> dict[Case, Audited]:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    base = tmp_path_factory.mktemp("pdf")
    reports = {case: case.report("pdf") for case in PDF_CASES}
    sources = [write_docx(r, base / "源文件", _name(case, r)) for case, r in reports.items()]
    pdfs = to_pdf(sources, base / "转换后 PDF")
    return {case: Audited(r, audit_path(pdf), pdf) for (case, r), pdf in zip(reports.items(), pdfs, strict=True)}


def _where(a: Audited) -> str:
    r = a.report
    opts = {k: v for k, v in r.options.items() if k != "look"}
    inj = f" injected {r.injection.cell}: {r.injection.correct} -> {r.injection.wrong}" if r.injection else ""
    return f"{a.path.name} seed={r.seed} template={r.template}{inj} {opts}"


# ------------------------------------------------------------------------------------ the checks


def check_meta(a: Audited) -> None:
    assert a.result.kind in ("docx", "pdf"), _where(a)
    assert a.result.template == a.report.template, _where(a)
    assert a.result.year == a.report.year, _where(a)


def check_values(a: Audited) -> None:
    bad = value_mismatches(a.report.tables, a.result)
    if bad:
        doc = a.result.document
        pytest.fail(f"{_where(a)}\n" + "\n".join(bad[:15]) + "\n--- read text ---\n" + (doc.text if doc else ""))
    text = a.result.document.text if a.result.document is not None else ""
    wrong_source = []
    for cid in a.report.tables.cell_ids():
        cell = a.result.cell(cid)
        assert cell is not None and cell.source is not None, cid
        printed = text[cell.source.start:cell.source.end]
        if _digits(printed) != _digits(a.report.tables.raw[cid]):
            wrong_source.append(f"{cid}: source is {printed!r}, printed {a.report.tables.raw[cid]!r}")
    assert wrong_source == [], _where(a) + "\n" + "\n".join(wrong_source[:10])


def check_findings(a: Audited) -> None:
    errors = [f for f in a.result.findings if f.severity == Severity.ERROR]
    listing = "\n".join(f"{f.rule}: {f.message} {f.cells[:4]}" for f in errors)
    inj = a.report.injection
    if inj is None:
        assert errors == [], _where(a) + "\n" + listing
        return
    assert a.result.cell(inj.cell) is not None and a.result.cell(inj.cell).value == inj.wrong, _where(a)
    assert any(inj.cell in f.cells for f in errors), _where(a) + "\n" + listing
    fixes = single_cell_fixes(a.report.tables)
    assert fixes.get(inj.cell) == inj.correct  # the generator's promise
    suspects = {(f.suspect.cell, f.suspect.suggested) for f in a.result.findings if f.suspect is not None}
    wrong = {s for s in suspects if s != (inj.cell, inj.correct)}
    assert not wrong, f"{_where(a)}; fixes {fixes}; suspects named {sorted(suspects)}"
    if len(fixes) == 1:
        assert (inj.cell, inj.correct) in suspects, f"{_where(a)}; the only fix, but suspects are {sorted(suspects)}"


def check_pages(a: Audited) -> None:
    """Every cell has a page and a box; a printed cell's box on its page holds its digits."""
    missing, misplaced = [], []
    pdf = pdfium.PdfDocument(str(a.path))
    try:
        for cid in a.report.tables.cell_ids():
            cell = a.result.cell(cid)
            box = cell.source.page if cell is not None and cell.source is not None else None
            raw = a.report.tables.raw[cid]
            if box is None:
                missing.append(f"{cid} (printed {raw!r})")
                continue
            assert 1 <= box.page <= len(pdf), cid
            page = pdf[box.page - 1]
            x0, top, x1, bottom = box.bbox
            height = page.get_height()
            assert 0 <= x0 < x1 <= page.get_width() and 0 <= top < bottom <= height, (cid, box)
            inside = page.get_textpage().get_text_bounded(left=x0, bottom=height - bottom, right=x1, top=height - top)
            if _digits(inside) != _digits(raw):
                misplaced.append(f"{cid}: page {box.page} box {box.bbox} holds {inside!r}, printed {raw!r}")
    finally:
        pdf.close()
    assert missing == [], f"{_where(a)}\ncells without a page box: " + ", ".join(missing)
    assert misplaced == [], _where(a) + "\n" + "\n".join(misplaced[:10])


# ------------------------------------------------------------------------------------------ Word


@pytest.mark.parametrize("case", DOCX_CASES, ids=[c.id for c in DOCX_CASES])
def test_docx_values(docx_audits: dict[Case, Audited], case: Case) -> None:
    a = docx_audits[case]
    check_meta(a)
    check_values(a)


@pytest.mark.parametrize("case", DOCX_CASES, ids=[c.id for c in DOCX_CASES])
def test_docx_findings(docx_audits: dict[Case, Audited], case: Case) -> None:
    check_findings(docx_audits[case])


def test_docx_layout_covers_the_variants(docx_audits: dict[Case, Audited]) -> None:
    """The Word cases print what this suite claims to test: merged cells both ways, repeated
    headers, hand-broken labels, vertical text, blank tokens, both （六） variants, injected errors."""
    seen: dict[str, int] = {}

    def hit(name: str, cond: object) -> None:
        seen[name] = seen.get(name, 0) + int(bool(cond))

    for a in docx_audits.values():
        with zipfile.ZipFile(a.path) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        hit("gridSpan", "<w:gridSpan " in xml)
        hit("vMerge", '<w:vMerge w:val="restart"/>' in xml and "<w:vMerge/>" in xml)
        hit("repeated header rows", "<w:tblHeader/>" in xml)
        hit("label broken by hand", "<w:br/>" in xml)
        hit("vertical text", 'w:textDirection w:val="tbRlV"' in xml)
        hit("blank cell", any(v is None for v in a.report.tables.values.values()))
        hit("slash or dash blank", any(r in ("/", "—", "无") for r in a.report.tables.raw.values()))
        hit("full-width digits", any(re.search("[０-９]", r) for r in a.report.tables.raw.values()))
        hit("2021 one-row (六)", a.report.template == "2021" and a.report.tables.one_row_other)
        hit("2021 three-row (六)", a.report.template == "2021" and not a.report.tables.one_row_other)
        hit("injected", a.report.injection is not None)
    assert all(n >= 1 for n in seen.values()), seen
    assert seen["gridSpan"] == seen["vMerge"] == len(docx_audits)


# ------------------------------------------------------------------------------------------- PDF


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("case", PDF_CASES, ids=[c.id for c in PDF_CASES])
def test_pdf_values_and_pages(pdf_audits: dict[Case, Audited], case: Case) -> None:
    a = pdf_audits[case]
    check_meta(a)
    check_values(a)
    check_pages(a)


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("case", PDF_CASES, ids=[c.id for c in PDF_CASES])
def test_pdf_findings(pdf_audits: dict[Case, Audited], case: Case) -> None:
    check_findings(pdf_audits[case])


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("case", PDF_CASES, ids=[c.id for c in PDF_CASES])
def test_pdf_tables_read_in_one_piece(pdf_audits: dict[Case, Audited], case: Case) -> None:
    """A table cut by a page break — even inside its merged header rows — is one grid."""
    a = pdf_audits[case]
    assert a.result.document is not None
    lines = a.result.document.text.splitlines()
    first = next(i for i, line in enumerate(lines) if "勾稽关系" in line)
    last = next(i for i, line in enumerate(lines) if line.startswith("四、结转下年度"))
    assert "" not in lines[first:last], _where(a) + "\n" + "\n".join(lines[first:last + 1])
    first = next(i for i, line in enumerate(lines) if line.startswith("行政复议\t"))
    block = lines[first:first + 4]
    assert "" not in block and len(block[-1].split("\t")) == 15, _where(a) + "\n" + "\n".join(block)


@pytest.mark.slow
@needs_soffice
def test_pdf_layout_covers_the_variants(pdf_audits: dict[Case, Audited]) -> None:
    """The PDFs wrap long labels in their narrow columns, and some apply table runs over a page break."""
    seen = {"wrapped labels": 0, "apply table over two pages": 0}
    for a in pdf_audits.values():
        pdf = pdfium.PdfDocument(str(a.path))
        try:
            lines = [line for page in pdf for line in page.get_textpage().get_text_range().splitlines()]
        finally:
            pdf.close()
        label = "要求行政机关确认或重新出具已获取信息"
        seen["wrapped labels"] += not any(label in line.replace(" ", "") for line in lines)
        pages = {c.source.page.page for c in a.result.tables["apply"].cells.values()
                 if c.source is not None and c.source.page is not None}
        seen["apply table over two pages"] += len(pages) > 1
    assert seen["wrapped labels"] == len(pdf_audits), seen
    assert seen["apply table over two pages"] >= 1, seen
