"""The one pipeline: file → document → metadata → tables → findings → ``AuditReport``.

The CLI loops over ``audit_path``; the GUI runs it on a worker and calls ``recheck`` after the
auditor corrects a cell. Nothing here prints or imports Qt.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from gkaudit.extraction.meta import detect_meta
from gkaudit.extraction.ocr_cells import mark_ocr_cells
from gkaudit.extraction.tables import extract_tables
from gkaudit.model import AuditReport, Document, Finding, Number, Severity, Table
from gkaudit.reading import OcrOptions, read_document
from gkaudit.reading.scan import OCR_ENV
from gkaudit.rules.catalogue import catalogued
from gkaudit.rules.engine import check_tables
from gkaudit.templates import TABLE_IDS, TEMPLATES, template_for_year

# Checks beyond the table arithmetic (narrative, sections, deadlines) register here:
# each takes the document and the report built so far and returns more findings.
DocumentCheck = Callable[[Document, AuditReport], list[Finding]]
DOCUMENT_CHECKS: list[DocumentCheck] = []


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
    meta = detect_meta(doc.text)
    findings: list[Finding] = [
        catalogued("document.note", message=note) for note in doc.notes
    ]
    template_id = meta.template
    tables: dict[str, Table]
    if template_id is None:
        findings.append(
            Finding(
                rule="template.unknown",
                severity=Severity.ERROR,
                message="无法判断报告使用的模板（未找到 2019 或 2021 年度报告格式的表格特征），未能提取表格",
            )
        )
        tables = {t: Table(t, found=False) for t in TABLE_IDS}
    else:
        findings.extend(_template_year(meta.year, template_id))
        extraction = extract_tables(doc, TEMPLATES[template_id])
        tables = extraction.tables
        mark_ocr_cells(doc, tables)
        findings.extend(extraction.findings)
        findings.extend(check_tables(template_id, tables))
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
    for check in DOCUMENT_CHECKS:
        report.findings.extend(check(doc, report))
    report.findings.sort(key=lambda f: f.severity.rank)
    return report


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


TABLE_RULE_PREFIXES = ("apply.", "review.", "cell.blank", "cell.invalid")


def recheck(report: AuditReport, corrections: Mapping[str, Number | None]) -> list[Finding]:
    """The report's findings after the auditor's corrections (cell id → corrected value).

    Table arithmetic and cell checks are recomputed; every other finding is kept as it was.
    """
    if report.template is None:
        return list(report.findings)
    from gkaudit.checks import CELL_DEPENDENT_PREFIXES, recheck_document

    kept = [f for f in report.findings if not f.rule.startswith(TABLE_RULE_PREFIXES + CELL_DEPENDENT_PREFIXES)]
    fresh = check_tables(report.template, report.tables, corrections) + recheck_document(report, corrections)
    return sorted(kept + fresh, key=lambda f: f.severity.rank)


# The checks beyond the tables register themselves in DOCUMENT_CHECKS when imported.
import gkaudit.checks  # noqa: E402, F401
