"""The one pipeline: file → document → metadata → tables → findings → ``AuditReport``.

The CLI and the window call ``audit_path`` (or ``gkaudit.batch.audit_batch`` for many files);
``attach_pair`` and ``attach_consolidation`` add the checks against other reports, and ``recheck``
recomputes, after the auditor corrects cells, exactly the rules that read a corrected table
(the catalogue says what each rule reads). Nothing here prints or imports Qt.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from gkaudit.checks import CHECKS, CONSOLIDATION_CHECKS, DOCUMENT_CHECKS, PAIR_CHECKS, Corrections
from gkaudit.crosscheck.pairing import pair_reports
from gkaudit.extraction.glyphs import doubt_stray_glyphs, mask_stray_glyphs
from gkaudit.extraction.glyphs import learn as learn_glyphs
from gkaudit.extraction.glyphs import repaired as repaired_glyphs
from gkaudit.extraction.meta import detect_meta
from gkaudit.extraction.misread import find as find_misreads
from gkaudit.extraction.misread import read_back
from gkaudit.extraction.ocr_cells import mark_ocr_cells
from gkaudit.extraction.tables import Extraction, extract_tables
from gkaudit.model import AuditReport, Document, Finding, Number, PageBox, Table, split_cell_id
from gkaudit.reading import OcrOptions, read_document
from gkaudit.reading.scan import OCR_ENV
from gkaudit.rules.catalogue import RULES, RULES_BY_ID, Input, catalogued, rules_reading
from gkaudit.rules.engine import check_tables
from gkaudit.templates import TABLE_IDS, TEMPLATES, TemplateSpec, newest_first, template_for_year


def audit_path(path: str | Path, ocr: OcrOptions | None = None) -> AuditReport:
    """Audit one report file; raises ``ReadError`` (one line) when the file cannot be read at all.

    ``ocr``: whether and how scanned pages and page images are read (default: by OCR).
    """
    if ocr is None and os.environ.get(OCR_ENV) == "never":
        ocr = OcrOptions(mode="never")
    return audit_document(read_document(path, ocr))


def audit_text(text: str, name: str = "report.txt") -> AuditReport:
    """Audit report text held in memory (tests, paste-in)."""
    doc = Document(
        path=name, kind="text", text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), encoding="utf-8"
    )
    return audit_document(doc)


def audit_document(doc: Document) -> AuditReport:
    repair = learn_glyphs(doc.text)
    if repair.mapping:
        # Same length: every offset, span and page box still points where it did.
        doc = dataclasses.replace(doc, text=repaired_glyphs(doc.text, repair), notes=(*doc.notes, repair.note()))
    misreads = find_misreads(doc.text)
    if misreads.found:
        # Characters misread one by one (OCR): the template's phrases read back, same length.
        doc = dataclasses.replace(doc, text=read_back(doc.text, misreads), notes=(*doc.notes, misreads.note()))
    meta = detect_meta(doc.text)
    findings: list[Finding] = [catalogued("document.note", message=note) for note in doc.notes]
    template_id = meta.template
    tables: dict[str, Table]
    before = _before_templates(meta.year, meta.template_scores)
    assumed = _assumed_template(doc) if template_id is None and before is None else None
    if assumed is not None:
        template_id = assumed[0]
        findings.append(catalogued(
            "template.assumed",
            message=(f"文中没有年度，也没有哪一年版格式独有的表格特征（如单独拍摄的续表页），无法判断模板；"
                     f"按各年版读出的表格和勾稽结果完全相同，暂按 {template_id} 年版标注行名，请核对"),
        ))
    if template_id is None or before is not None:
        findings.append(before or catalogued(
            "template.unknown",
            message=f"无法判断报告使用的模板（未找到 {' 或 '.join(TEMPLATES)} 年度报告格式的表格特征），未能提取表格",
        ))
        template_id = None
        tables = {t: Table(t, found=False) for t in TABLE_IDS}
    else:
        findings.extend(_template_year(meta.year, template_id))
        extraction, checked = assumed[1] if assumed is not None else _read(doc, TEMPLATES[template_id])
        tables = extraction.tables
        findings.extend(extraction.findings)
        findings.extend(checked)
    report = AuditReport(
        file=doc.path,
        sha256=doc.sha256,
        kind=doc.kind,
        body=meta.body,
        year=meta.year,
        template=template_id,
        tables=tables,
        findings=findings,
        document=doc,
        publish_date=meta.publish_date,
    )
    if template_id is None:
        return report
    for name in DOCUMENT_CHECKS:
        report.findings.extend(CHECKS[name](report, {}) or [])
    report.findings.sort(key=lambda f: f.severity.rank)
    return report


def _read(doc: Document, spec: TemplateSpec) -> tuple[Extraction, list[Finding]]:
    """The tables read under ``spec`` (OCR cells marked) and the template's checks of them."""
    masked = mask_stray_glyphs(doc.text)
    extraction = extract_tables(doc if masked is doc.text else dataclasses.replace(doc, text=masked), spec)
    mark_ocr_cells(doc, extraction.tables, spec)
    extraction.findings.extend(doubt_stray_glyphs(doc.text, extraction.tables))
    extraction.findings.extend(_mark_doubtful(doc, extraction.tables))
    return extraction, check_tables(spec.id, extraction.tables)


def _mark_doubtful(doc: Document, tables: Mapping[str, Table]) -> list[Finding]:
    """Cells whose page box lies where the reader doubted its layout (``Document.doubtful``) are
    uncertain, so arithmetic resting on them is a possible misread rather than an error."""
    if not doc.doubtful:
        return []
    doubted: list[str] = []
    for table in tables.values():
        cells = [c for c in table.cells.values()
                 if c.source is not None and c.source.page is not None and _inside(c.source.page, doc.doubtful)]
        doubted += table.doubt(cells)
    if not doubted:
        return []
    return [catalogued(
        "extract.uncertain",
        message="PDF 中这些格的版面不确定（数字被分页截断，或表格线穿过数字），读法不确定，请核对原文",
        cells=tuple(doubted),
    )]


def _inside(box: PageBox, regions: Sequence[PageBox]) -> bool:
    x = (box.bbox[0] + box.bbox[2]) / 2
    y = (box.bbox[1] + box.bbox[3]) / 2
    return any(r.page == box.page and r.bbox[0] <= x <= r.bbox[2] and r.bbox[1] <= y <= r.bbox[3] for r in regions)


def _assumed_template(doc: Document) -> tuple[str, tuple[Extraction, list[Finding]]] | None:
    """The template a text without a year or a format's own phrase (a photo of a table's
    continuation page) is labelled by, with its reading: the newest, when every template reads the
    same cells from it and finds the same relations broken, so that the choice changes nothing but
    row labels."""
    readings = [(spec, _read(doc, spec)) for spec in newest_first()]
    seen = {
        (frozenset(((t, key), (c.value, c.blank, c.reading)) for t, table in extraction.tables.items()
                   for key, c in table.cells.items()),
         frozenset((f.rule, f.cells) for f in checked))
        for _spec, (extraction, checked) in readings
    }
    if len(seen) != 1 or not next(iter(seen))[0]:
        return None
    spec, reading = readings[0]
    return spec.id, reading


def _before_templates(year: int | None, scores: Mapping[str, int]) -> Finding | None:
    """A report of a year before the first national format whose text shows at most one of a
    format's own phrases (a narrative may say 行政规范性文件): it has none of the format's tables,
    only whatever statistics its year asked for, so nothing is extracted or checked."""
    first = min(TEMPLATES.values(), key=lambda t: t.first_year)
    if year is None or year >= first.first_year or max(scores.values(), default=0) > 1:
        return None
    return catalogued(
        "template.before",
        message=(
            f"这是 {year} 年度的报告，早于{first.title}（{first.issued_with}，{first.first_year} 年度起使用）："
            "此前的年度报告没有统一格式的三张统计表，本工具未提取表格，也未做勾稽检查，请对照原文人工审核"
        ),
    )


def _template_year(year: int | None, template_id: str) -> list[Finding]:
    expected = template_for_year(year)
    if expected is None or expected == template_id:
        return []
    return [
        catalogued(
            "template.year",
            message=(
                f"{year} 年度报告应使用 {expected} 年版格式"
                f"（{TEMPLATES[expected].issued_with}），实际使用的是 {template_id} 年版格式"
            ),
        )
    ]


def _rerun(report: AuditReport, checks: Iterable[str], rules: frozenset[str], corrections: Corrections,
           findings: list[Finding]) -> list[Finding]:
    """``findings`` with the findings of ``rules`` replaced by what ``checks`` find now.

    A check that cannot run (no text, no paired report) leaves its rules' findings as they were.
    """
    replaced: set[str] = set()
    fresh: list[Finding] = []
    for name in dict.fromkeys(checks):
        found = CHECKS[name](report, corrections)
        if found is None:
            continue
        own = {r.id for r in RULES if r.check == name} & rules
        replaced |= own
        fresh.extend(f for f in found if f.rule in own)
    kept = [f for f in findings if f.rule not in replaced]
    return sorted(kept + fresh, key=lambda f: f.severity.rank)


def recheck(report: AuditReport, corrections: Mapping[str, Number | None]) -> list[Finding]:
    """The report's findings after the auditor's corrections (cell id → corrected value).

    The rules that read a corrected table (the catalogue's ``reads``) are recomputed, whichever
    check emits them: the table arithmetic, the narrative, the fees, the carry-forward against last
    year's report and the consolidation with the departments' reports. Every other finding is kept.
    """
    if report.template is None or not corrections:
        return list(report.findings)
    changed = {Input(split_cell_id(cid)[0]) for cid in corrections if split_cell_id(cid)[0] in TABLE_IDS}
    rules = rules_reading(changed)
    checks = [RULES_BY_ID[r].check for r in sorted(rules)]
    return _rerun(report, checks, rules, corrections, report.findings)


def _attach(report: AuditReport, checks: Sequence[str]) -> None:
    rules = frozenset(r.id for r in RULES if r.check in checks)
    report.findings = _rerun(report, checks, rules, {}, report.findings)


def attach_pair(prev: AuditReport, curr: AuditReport) -> None:
    """Check ``curr`` against last year's report ``prev``: its carry and reuse findings are replaced."""
    curr.previous = prev
    _attach(curr, PAIR_CHECKS)


def attach_consolidation(parent: AuditReport, parts: Sequence[AuditReport]) -> None:
    """Check ``parent`` against the sum of ``parts``: its consolidation findings are replaced."""
    parent.parts = tuple(parts)
    _attach(parent, CONSOLIDATION_CHECKS)


def set_body_kind(report: AuditReport, kind: str | None) -> None:
    """The body's kind as the auditor says it is (None: inferred from the name); the deadline is checked again."""
    report.body_kind = kind
    _attach(report, ("deadline",))


def crosscheck_pair(prev: AuditReport, curr: AuditReport) -> list[Finding]:
    """The cross-year findings ``curr`` would get against ``prev`` (``curr`` itself is not changed)."""
    out: list[Finding] = []
    for name in PAIR_CHECKS:
        view = AuditReport(curr.file, curr.sha256, curr.kind, curr.body, curr.year, curr.template, curr.tables, [],
                           curr.document, curr.publish_date, previous=prev)
        out.extend(CHECKS[name](view, {}) or [])
    return out


def crosscheck_batch(reports: Sequence[AuditReport]) -> list[tuple[AuditReport, AuditReport]]:
    """Pair the batch's reports by body and consecutive year; add cross-year findings to the later ones.

    Returns the pairs made. Reports in no pair keep their findings as they were.
    """
    pairs = pair_reports(reports)
    for prev, curr in pairs:
        attach_pair(prev, curr)
    return pairs
