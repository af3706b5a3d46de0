"""The public JSON contract ``gkaudit.audit/1`` (shared/spec/report-model.md): ids and fields fixed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gkaudit.model import AuditReport, Cell, Finding, Source

SCHEMA = "gkaudit.audit/1"


def report_to_dict(report: AuditReport) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for table_id, table in report.tables.items():
        rows: dict[str, dict[str, Any]] = {}
        for (row, col), cell in table.cells.items():
            rows.setdefault(row, {})[col] = cell_to_dict(cell)
        tables[table_id] = rows
    return {
        "schema": SCHEMA,
        "file": Path(report.file).name,
        "path": report.file,
        "sha256": report.sha256,
        "kind": report.kind,
        "body": report.body,
        "year": report.year,
        "template": report.template,
        "publish_date": report.publish_date,
        "tables": tables,
        "findings": [finding_to_dict(f) for f in report.findings],
        "summary": {s.value: n for s, n in report.counts().items()},
    }


def cell_to_dict(cell: Cell) -> dict[str, Any]:
    out: dict[str, Any] = {"value": cell.value, "raw": cell.raw}
    if cell.source is not None:
        out["source"] = source_to_dict(cell.source)
    if cell.blank:
        out["blank"] = True
    if cell.invalid:
        out["invalid"] = cell.invalid
    out["reading"] = cell.reading
    if cell.alternatives:
        out["alternatives"] = list(cell.alternatives)
    return out


def source_to_dict(source: Source) -> dict[str, Any]:
    out: dict[str, Any] = {"start": source.start, "end": source.end}
    if source.page is not None:
        out["page"] = source.page.page
        out["bbox"] = [round(v, 2) for v in source.page.bbox]
    return out


def finding_to_dict(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule": f.rule,
        "severity": f.severity.value,
        "cells": list(f.cells),
        "message": f.message,
    }
    if f.expected is not None or f.actual is not None:
        out["expected"] = f.expected
        out["actual"] = f.actual
    if f.suspect is not None:
        out["suspect"] = {"cell": f.suspect.cell, "suggested": f.suspect.suggested}
    if f.candidates:
        out["candidates"] = [{"cell": s.cell, "suggested": s.suggested} for s in f.candidates]
    if f.source is not None:
        out["source"] = source_to_dict(f.source)
    if f.quote:
        out["quote"] = f.quote
    if f.uncertain:
        out["uncertain"] = True
    return out


def dumps(reports: list[AuditReport] | AuditReport, indent: int | None = 2) -> str:
    if isinstance(reports, AuditReport):
        return json.dumps(report_to_dict(reports), ensure_ascii=False, indent=indent)
    return json.dumps([report_to_dict(r) for r in reports], ensure_ascii=False, indent=indent)


def error_to_dict(path: str, reason: str) -> dict[str, Any]:
    """A file that could not be audited, in a batch's JSON list."""
    return {"schema": SCHEMA, "file": Path(path).name, "path": path, "error": reason}
