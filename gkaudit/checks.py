"""The checks as one table: a name (the catalogue's ``RuleSpec.check``) → the function that runs it.

Every check takes the report and the auditor's corrections (cell id → value) and returns its
findings, or None when it cannot run (no document text, no paired report). ``audit.audit_document``
runs ``DOCUMENT_CHECKS``; ``crosscheck`` runs the cross-report ones once their inputs are attached;
``audit.recheck`` runs again whichever emit rules that read a corrected table.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from gkaudit.compliance import BODY_KIND_OVERRIDES, check_deadline, fee_findings, section_findings
from gkaudit.crosscheck.carry import check_pair
from gkaudit.crosscheck.consolidate import consolidate
from gkaudit.crosscheck.reuse import text_reuse
from gkaudit.model import AuditReport, Finding, Number, Table, split_cell_id
from gkaudit.narrative import narrative_findings
from gkaudit.rules.engine import check_tables

Corrections = Mapping[str, Number | None]
Check = Callable[[AuditReport, Corrections], list[Finding] | None]


def corrected_tables(tables: Mapping[str, Table], corrections: Corrections) -> dict[str, Table]:
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


def corrected(report: AuditReport, corrections: Corrections) -> AuditReport:
    """The report as the checks see it after the corrections (its own findings left out)."""
    if not corrections:
        return dataclasses.replace(report, findings=[])
    return dataclasses.replace(report, tables=corrected_tables(report.tables, corrections), findings=[])


def _tables(report: AuditReport, corrections: Corrections) -> list[Finding] | None:
    if report.template is None:
        return None
    return check_tables(report.template, report.tables, corrections)


def _narrative(report: AuditReport, corrections: Corrections) -> list[Finding] | None:
    doc = report.document
    return None if doc is None else narrative_findings(doc, corrected(report, corrections))


def _sections(report: AuditReport, corrections: Corrections) -> list[Finding] | None:
    doc = report.document
    return None if doc is None else section_findings(doc, report)


def _fees(report: AuditReport, corrections: Corrections) -> list[Finding] | None:
    doc = report.document
    return None if doc is None else fee_findings(doc, corrected(report, corrections))


def _deadline(report: AuditReport, corrections: Corrections) -> list[Finding] | None:
    kind = report.body_kind or BODY_KIND_OVERRIDES.get(report.body or "")
    return check_deadline(report, kind if kind in ("government", "department") else None,  # type: ignore[arg-type]
                          report.document)


def _carry(report: AuditReport, corrections: Corrections) -> list[Finding] | None:
    prev = report.previous
    return None if prev is None else check_pair(prev, corrected(report, corrections))


def _reuse(report: AuditReport, corrections: Corrections) -> list[Finding] | None:
    prev = report.previous
    return None if prev is None else text_reuse(prev, report)


def _consolidation(report: AuditReport, corrections: Corrections) -> list[Finding] | None:
    if not report.parts:
        return None
    return consolidate(corrected(report, corrections), report.parts)


CHECKS: dict[str, Check] = {
    "tables": _tables,
    "narrative": _narrative,
    "sections": _sections,
    "fees": _fees,
    "deadline": _deadline,
    "carry": _carry,
    "reuse": _reuse,
    "consolidation": _consolidation,
}

# Run by ``audit_document`` after the tables are extracted, in this order.
DOCUMENT_CHECKS = ("narrative", "sections", "fees", "deadline")
# Run when another report is attached: last year's (carry, reuse) or the departments' (consolidation).
PAIR_CHECKS = ("carry", "reuse")
CONSOLIDATION_CHECKS = ("consolidation",)
