"""Registers the checks beyond the table arithmetic with the pipeline (``audit.DOCUMENT_CHECKS``).

Imported once by ``gkaudit.audit``; the order here is the order the findings are produced in.
``recheck_document`` recomputes the ones that read table cells after the auditor corrects cells.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from gkaudit.audit import DOCUMENT_CHECKS, DocumentCheck
from gkaudit.compliance import deadline_findings, fee_findings, section_findings
from gkaudit.model import AuditReport, Finding, Number, Table, split_cell_id
from gkaudit.narrative import narrative_findings

CHECKS: tuple[DocumentCheck, ...] = (narrative_findings, section_findings, fee_findings, deadline_findings)

# Findings of these rules depend on cell values; ``recheck_document`` recomputes them.
CELL_DEPENDENT_PREFIXES = ("narrative.", "fees.")

for _check in CHECKS:
    if _check not in DOCUMENT_CHECKS:
        DOCUMENT_CHECKS.append(_check)


def corrected_tables(tables: Mapping[str, Table], corrections: Mapping[str, Number | None]) -> dict[str, Table]:
    """Copies of ``tables`` with the corrected values (None: the cell is taken as blank)."""
    out = {tid: Table(t.id, dict(t.cells), t.source, t.found) for tid, t in tables.items()}
    for cid, value in corrections.items():
        table_id, row, col = split_cell_id(cid)
        table = out.get(table_id)
        cell = table.get(row, col) if table is not None else None
        if table is None or cell is None:
            continue
        table.cells[(row, col)] = dataclasses.replace(cell, value=value, blank=value is None, invalid=None)
    return out


def recheck_document(report: AuditReport, corrections: Mapping[str, Number | None]) -> list[Finding]:
    """The narrative and fee findings recomputed with the auditor's corrections (cell id → value).

    ``audit.recheck`` keeps every non-table finding as it was; to refresh these, drop the findings
    whose rule starts with ``CELL_DEPENDENT_PREFIXES`` and add what this returns.
    """
    doc = report.document
    if doc is None or report.template is None:
        return [f for f in report.findings if f.rule.startswith(CELL_DEPENDENT_PREFIXES)]
    view = dataclasses.replace(report, tables=corrected_tables(report.tables, corrections), findings=[])
    return narrative_findings(doc, view) + fee_findings(doc, view)
