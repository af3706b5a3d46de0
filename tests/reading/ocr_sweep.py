"""Generated reports in scanned forms (image-only PDFs, page photos, a folder of photos), scored
against the generator's truth: cells exact, broken relations found, errors the report does not have.

Shared by ``scripts/bench_ocr_generated.py`` (the sweep) and ``tests/reading/test_ocr_generated.py``.
The forms are those of the corpus sweep (``tests/reading/scans.py``): rendered with pypdfium2,
turned within ±1°, grey noise, JPEG 60-85; a photo also gets light falling off across the page.
"""

from __future__ import annotations

import io
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

TESTS = Path(__file__).resolve().parent.parent
if str(TESTS) not in sys.path:  # docgen and generator are imported as top-level modules by the tests
    sys.path.insert(0, str(TESTS))

from docgen import make_doc_report, to_pdf, write_docx  # noqa: E402
from generator import INJECT_KINDS, Relation, Report, violations  # noqa: E402

from gkaudit.model import AuditReport, Finding, Severity  # noqa: E402
from gkaudit.templates import Kind  # noqa: E402
from tests.reading.scans import scan_page, scanned_pdf  # noqa: E402

ARITHMETIC = ("apply.", "review.", "active.")
# Why a cell on a page photographed alone is not placeable from that page (the text PDF of the
# page alone does not place it either).
APART_WHY = {
    "template": "no template marker or year on the page: the template, so every table, is unknown",
    "rows": "its row named neither by a label nor by a heading on the page (numbers only)",
}
FORMS = ("pdf150", "pdf200", "png", "jpeg", "folder")


@dataclass(frozen=True)
class Generated:
    """One generated report: the generator's truth and its text PDF (LibreOffice's conversion)."""

    report: Report
    pdf: Path

    @property
    def name(self) -> str:
        r = self.report
        inj = f" {r.injection.kind} {r.injection.cell} {r.injection.correct}->{r.injection.wrong}" if r.injection else ""
        return f"seed {r.seed} {r.template}{inj}"


def generated_pdfs(seeds: Sequence[int], out: Path, inject_every: int = 2) -> list[Generated]:
    """Reports for ``seeds``: templates 2019 and 2021 in turn, an error injected in every
    ``inject_every``-th (the seven kinds in turn), converted to PDF in one LibreOffice call."""
    reports = []
    for k, seed in enumerate(seeds):
        inject = INJECT_KINDS[(k // inject_every) % len(INJECT_KINDS)] if k % inject_every == 0 else None
        reports.append(make_doc_report(seed, ("2019", "2021")[k % 2], kind="pdf", inject=inject))
    sources = [write_docx(r, out / "docx", f"{r.seed:03d}-{r.template}.docx") for r in reports]
    pdfs = to_pdf(sources, out / "pdf")
    return [Generated(r, p) for r, p in zip(reports, pdfs, strict=True)]


@dataclass(frozen=True)
class Form:
    """One scanned form of a report: what it is, the file (or folder), the text PDF pages it holds."""

    kind: str  # one of FORMS
    path: Path
    pages: tuple[int, ...]  # 1-based pages of the text PDF
    dpi: int
    quality: int | None  # JPEG quality, None for lossless PNG

    @property
    def label(self) -> str:
        q = f" q{self.quality}" if self.quality else ""
        return f"{self.kind} {self.dpi} dpi{q} p{','.join(map(str, self.pages))}"


def photo(pdf: Path, page: int, dpi: int, rng: random.Random, quality: int | None) -> Image.Image:
    """A page as a photo: turned within ±1°, grey noise, light falling off to one side, JPEG or PNG."""
    image = scan_page(pdf, page - 1, dpi, rng.uniform(-1, 1), quality or 95, seed=rng.randrange(1 << 30))
    grey = np.asarray(image.convert("L"), dtype=np.float32)
    h, w = grey.shape
    # A phone's light: the paper goes from white to a light grey across the page.
    ramp = np.linspace(0, rng.uniform(20, 40), w, dtype=np.float32)[None, :] * np.linspace(0.6, 1, h)[:, None]
    shaded = Image.fromarray(np.clip(grey - (ramp if rng.random() < 0.5 else ramp[:, ::-1]), 0, 255).astype(np.uint8))
    if quality is None:
        return shaded
    buf = io.BytesIO()
    shaded.convert("RGB").save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue()))


def table_pages(text: AuditReport) -> list[int]:
    """The pages of the text PDF that hold table cells, most cells first."""
    count: dict[int, int] = {}
    for table in text.tables.values():
        for cell in table.cells.values():
            if cell.source is not None and cell.source.page is not None:
                count[cell.source.page.page] = count.get(cell.source.page.page, 0) + 1
    return sorted(count, key=lambda p: (-count[p], p))


def make_forms(g: Generated, text: AuditReport, out: Path, seed: int, kinds: Sequence[str] = FORMS) -> list[Form]:
    """The scanned forms of one report in ``out``; ``seed`` picks turns, noise and JPEG qualities."""
    rng = random.Random(f"ocr-sweep-{seed}-{g.report.seed}-{g.report.template}")
    doc = pdfium.PdfDocument(str(g.pdf))
    n = len(doc)
    doc.close()
    every = tuple(range(1, n + 1))
    tpages = table_pages(text) or [1]
    stem = f"{g.report.seed:03d}-{g.report.template}"
    out.mkdir(parents=True, exist_ok=True)
    forms = []
    for kind in kinds:
        quality = rng.randint(60, 85)
        if kind.startswith("pdf"):
            dpi = int(kind[3:])
            path = scanned_pdf(g.pdf, range(n), out / f"{stem}-{dpi}.pdf", dpi=dpi, quality=quality,
                               seed=rng.randrange(1, 1 << 20))
            forms.append(Form(kind, path, every, dpi, quality))
        elif kind in ("png", "jpeg"):
            # The page with most cells as a PNG, the next one (if any) as a JPEG.
            page = tpages[min(len(tpages) - 1, 0 if kind == "png" else 1)]
            dpi = rng.choice((150, 200))
            q = None if kind == "png" else quality
            path = out / f"{stem}-第{page}页.{'png' if kind == 'png' else 'jpg'}"
            photo(g.pdf, page, dpi, rng, q).save(path)
            forms.append(Form(kind, path, (page,), dpi, q))
        elif kind == "folder":
            folder = out / f"{stem}-照片"
            folder.mkdir(exist_ok=True)
            dpi = rng.choice((150, 200))
            for page in every:
                photo(g.pdf, page, dpi, rng, rng.randint(60, 85)).save(folder / f"IMG_{page}.jpg")
            forms.append(Form(kind, folder, every, dpi, None))
        else:
            raise ValueError(kind)
    return forms


def text_of_pages(pdf: Path, pages: Sequence[int], out: Path) -> Path:
    """A text PDF of some pages (1-based) of ``pdf``: what a photo of those pages is compared with."""
    src, new = pdfium.PdfDocument(str(pdf)), pdfium.PdfDocument.new()
    try:
        new.import_pages(src, [p - 1 for p in pages])
        new.save(str(out))
    finally:
        new.close()
        src.close()
    return out


@dataclass
class Score:
    """How one form read, against the generator's truth and against the text PDF of its pages."""

    exact: int = 0
    cells: int = 0
    text_exact: int = 0  # the same cells read from the text PDF of the same pages
    # On a page photographed alone but not placeable from it: the text PDF of that page alone
    # misses them too. Why, by cause (``APART_WHY``): cells → count.
    unplaced: int = 0
    apart: dict[str, int] = field(default_factory=dict)
    # A page photographed alone: cells it gives that the report prints on another page (a row
    # placed on the wrong template row): each one is also in ``misread``.
    misplaced: int = 0
    broken_found: int = 0
    broken: int = 0
    false_errors: list[str] = field(default_factory=list)  # arithmetic errors the text PDF does not have
    text_errors: list[str] = field(default_factory=list)  # the text PDF's own, not in the report either
    uncertain_warnings: int = 0  # failing relations taken as possible misreads
    misread: list[str] = field(default_factory=list)  # cells not exact: "cid: got (raw) / true"

    def add(self, other: Score) -> None:
        for name in ("exact", "cells", "text_exact", "unplaced", "misplaced", "broken_found", "broken",
                     "uncertain_warnings"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for why, n in other.apart.items():
            self.apart[why] = self.apart.get(why, 0) + n
        self.false_errors += other.false_errors
        self.text_errors += other.text_errors
        self.misread += other.misread


def _same_value(want: object, got: object, kind: Kind) -> bool:
    if want is None:
        return got is None
    if isinstance(got, bool) or not isinstance(got, int | float):
        return False
    if kind is Kind.AMOUNT:
        return abs(float(got) - float(want)) < 1e-6  # type: ignore[arg-type]
    return type(got) is int and got == want


def _matches(f: Finding, rel: Relation) -> bool:
    """Whether a finding is about this relation: the same rule over mostly the same cells."""
    if f.rule != rel.rule or not f.cells:
        return False
    cells = {cid for cid, _ in rel.terms}
    return len(cells & set(f.cells)) >= 0.5 * len(cells | set(f.cells))


def _errors(report: AuditReport) -> list[Finding]:
    return [f for f in report.findings if f.rule.startswith(ARITHMETIC) and f.severity is Severity.ERROR]


def score(g: Generated, text: AuditReport, result: AuditReport, pages: Sequence[int],
          same_pages: AuditReport | None = None) -> Score:
    """``result`` (a form holding ``pages`` of the text PDF, read as ``text``) against the printed
    values: the cells the text PDF has on those pages, the broken relations whose cells are all
    there, and every arithmetic error that neither the truth nor ``same_pages`` (the text PDF of
    just those pages; default ``text``) has.

    A form of some pages only (a page photo) is held to what a reader can make of those pages: the
    cells on them that the text PDF of the same pages places (``unplaced`` counts the others, by
    cause in ``apart``); a cell it gives that is printed on another page is ``misplaced``."""
    truth = g.report.tables
    ref = same_pages or text
    on = set(pages)
    where = {
        cid: (c.source.page.page if c is not None and c.source is not None and c.source.page is not None else None)
        for cid in truth.cell_ids() for c in [text.cell(cid)]
    }
    full = {p for p in where.values() if p is not None} <= on
    s = Score()
    for cid in truth.cell_ids():
        if not full and where[cid] not in on:
            continue  # a single page: only its own cells
        want, cell, mine = truth.values[cid], result.cell(cid), ref.cell(cid)
        if not full and mine is None:
            s.unplaced += 1
            why = "template" if ref.template is None else "rows"
            s.apart[why] = s.apart.get(why, 0) + 1
            continue
        s.cells += 1
        s.text_exact += mine is not None and _same_value(want, mine.value, truth.kind(cid))
        if cell is not None and _same_value(want, cell.value, truth.kind(cid)):
            s.exact += 1
        else:
            got = "missing" if cell is None else f"{cell.value!r} ({cell.raw!r}, {cell.reading})"
            s.misread.append(f"{cid}: {got} / printed {truth.raw[cid]!r}")
    if not full:
        for cid in truth.cell_ids():
            cell = result.cell(cid)
            if where[cid] is not None and where[cid] not in on and cell is not None:
                s.misplaced += 1
                s.misread.append(f"{cid}: {cell.value!r} ({cell.raw!r}, {cell.reading}) placed from page "
                                 f"{','.join(map(str, pages))}, printed on page {where[cid]}")
    broken = [rel for rel in violations(truth)
              if full or all(where[c] in on and ref.cell(c) is not None for c, _ in rel.terms)]
    arithmetic = [f for f in result.findings if f.rule.startswith(ARITHMETIC)]
    s.broken = len(broken)
    s.broken_found = sum(any(_matches(f, rel) for f in arithmetic) for rel in broken)
    s.uncertain_warnings = sum(f.uncertain for f in arithmetic if f.severity is not Severity.ERROR)
    theirs = {(f.rule, f.cells) for f in _errors(ref) if not any(_matches(f, rel) for rel in broken)}
    for f in _errors(result):
        if any(_matches(f, rel) for rel in broken):
            continue
        line = f"{f.rule} {f.cells[-1] if f.cells else ''}: {f.message}"
        (s.text_errors if (f.rule, f.cells) in theirs else s.false_errors).append(line)
    return s
