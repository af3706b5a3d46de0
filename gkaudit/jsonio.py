"""The public JSON contract ``gkaudit.audit/1`` (shared/spec/report-model.md): ids and fields fixed.

``report_to_dict`` writes it; ``report_from_dict`` (and ``loads``) read it back into an
``AuditReport`` whose tables re-check as the original's did: the cells, and the placements of
cells the layout left open (``Table.readings``), without which a relation broken under every
placement is no longer an error (the engine cannot tell it is broken whichever is true).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gkaudit.model import (
    AuditReport,
    Cell,
    Finding,
    Number,
    PageBox,
    Readings,
    Severity,
    Source,
    Suspect,
    Table,
)
from gkaudit.problems import Problem, problem_ids, problems_of

SCHEMA = "gkaudit.audit/1"


def report_to_dict(report: AuditReport) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for table_id, table in report.tables.items():
        rows: dict[str, dict[str, Any]] = {}
        for (row, col), cell in table.cells.items():
            rows.setdefault(row, {})[col] = cell_to_dict(cell)
        tables[table_id] = rows
    problems = problems_of(report.findings, report)
    ids = problem_ids(problems)
    findings = []
    for f in report.findings:
        out = finding_to_dict(f)
        out["problem"] = ids[id(f)]
        findings.append(out)
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
        "readings": {tid: [readings_to_dict(r) for r in t.readings] for tid, t in report.tables.items()},
        "findings": findings,
        "summary": {s.value: n for s, n in report.counts().items()},
        "problems": [problem_to_dict(p, ids[id(p.findings[0])], report) for p in problems],
    }


def problem_to_dict(p: Problem, pid: str, report: AuditReport) -> dict[str, Any]:
    """A problem: its id (the ``problem`` of its findings), key, severity, rules, message and fix."""
    out: dict[str, Any] = {
        "id": pid,
        "key": p.key,
        "severity": p.severity.value,
        "rule": p.rule,
        "rules": list(p.rules),
        "message": p.message,
        "cells": list(p.cells),
        "findings": [i for i, f in enumerate(report.findings) if any(f is g for g in p.findings)],
    }
    if p.suspect is not None:
        cell = report.cell(p.suspect.cell)
        out["suspect"] = {"cell": p.suspect.cell, "suggested": p.suspect.suggested,
                          "reported": None if cell is None else cell.value}
    if p.candidates:
        out["candidates"] = [{"cell": s.cell, "suggested": s.suggested} for s in p.candidates]
    return out


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
    if cell.confidence is not None:
        out["confidence"] = cell.confidence
    return out


def readings_to_dict(readings: Readings) -> dict[str, Any]:
    """Every placement of a stretch of cells: their ids, and one value per cell (null: blank) for each."""
    return {"cells": list(readings.cells), "options": [list(option) for option in readings.options]}


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
    if f.anchor:
        out["anchor"] = f.anchor
    return out


def dumps(reports: list[AuditReport] | AuditReport, indent: int | None = 2) -> str:
    if isinstance(reports, AuditReport):
        return to_text(report_to_dict(reports), indent)
    return to_text([report_to_dict(r) for r in reports], indent)


def to_text(payload: Any, indent: int | None = 2) -> str:
    """``json.dumps(payload, ensure_ascii=False, indent=indent)`` of a report or a list of them,
    except that each placement in a ``readings`` entry's ``options`` stands on one line: a short row
    of a one-line table may have thousands, and one number a line would make them most of the file."""
    if indent is None:
        return json.dumps(payload, ensure_ascii=False)
    return _indented(payload, indent, 0, "root")


def _indented(value: Any, indent: int, depth: int, part: str) -> str:
    """``value`` at ``depth`` as ``json.dumps`` indents it. ``part`` says where it stands: the
    ``root``, a ``report``, inside ``readings``, a list of ``options``, or a ``leaf`` (anything else)."""
    inner, outer = " " * (indent * (depth + 1)), " " * (indent * depth)
    if part == "leaf" or not value or not isinstance(value, dict | list):
        # Newlines in json.dumps output are only its own (a string's are escaped).
        return json.dumps(value, ensure_ascii=False, indent=indent).replace("\n", "\n" + outer)
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_indented(v, indent, depth + 1, _part(part, k))}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{outer}}}"
    if part == "options":
        items = [inner + json.dumps(v, ensure_ascii=False, separators=(", ", ": ")) for v in value]
    else:
        items = [inner + _indented(v, indent, depth + 1, "report" if part == "root" else part) for v in value]
    return "[\n" + ",\n".join(items) + f"\n{outer}]"


def _part(part: str, key: object) -> str:
    """Where the value under ``key`` of a dict standing at ``part`` stands."""
    if part in ("root", "report"):
        return "readings" if key == "readings" else "leaf"
    if part == "readings":
        return "options" if key == "options" else "readings"
    return "leaf"


def error_to_dict(path: str, reason: str) -> dict[str, Any]:
    """A file that could not be audited, in a batch's JSON list."""
    return {"schema": SCHEMA, "file": Path(path).name, "path": path, "error": reason}


# ------------------------------------------------------------------------------------------ reading back


def loads(text: str) -> list[AuditReport]:
    """The reports of ``gkaudit audit --json`` output (one object or a list); a file that could not
    be read (``{"file", "error"}``) has no report and is left out."""
    data = json.loads(text)
    items = data if isinstance(data, list) else [data]
    return [report_from_dict(d) for d in items if "error" not in d]


def report_from_dict(data: dict[str, Any]) -> AuditReport:
    """The report a ``gkaudit.audit/1`` object describes, without its document text.

    Derived fields (``summary``, ``problems``, a finding's ``problem``) are recomputed, not read.
    JSON written before ``readings`` existed loads with none: its relations broken under every
    placement then re-check as warnings, as they were before placements were recorded.
    """
    if data.get("schema") != SCHEMA:
        raise ValueError(f"不是 {SCHEMA} 格式的审计结果（schema 为 {data.get('schema')!r}）")
    readings = data.get("readings") or {}
    tables: dict[str, Table] = {}
    for table_id, rows in data.get("tables", {}).items():
        cells = {
            (row, col): cell_from_dict(table_id, row, col, c) for row, cols in rows.items() for col, c in cols.items()
        }
        # "found" is not in the contract: a table is taken as found where cells were read from it.
        tables[table_id] = Table(table_id, cells, found=bool(cells),
                                 readings=[readings_from_dict(r) for r in readings.get(table_id, [])])
    return AuditReport(
        file=data.get("path") or data["file"],
        sha256=data["sha256"],
        kind=data["kind"],
        body=data.get("body"),
        year=data.get("year"),
        template=data.get("template"),
        tables=tables,
        findings=[finding_from_dict(f) for f in data.get("findings", [])],
        publish_date=data.get("publish_date"),
    )


def cell_from_dict(table: str, row: str, col: str, data: dict[str, Any]) -> Cell:
    source = data.get("source")
    return Cell(
        table, row, col, data.get("value"), data.get("raw", ""),
        None if source is None else source_from_dict(source),
        bool(data.get("blank", False)),
        data.get("invalid"),
        data.get("reading", "printed"),
        tuple(data.get("alternatives", ())),
        data.get("confidence"),
    )


def readings_from_dict(data: dict[str, Any]) -> Readings:
    return Readings(tuple(data["cells"]), tuple(tuple(option) for option in data["options"]))


def source_from_dict(data: dict[str, Any]) -> Source:
    page = None
    if data.get("page") is not None and data.get("bbox") is not None:
        x0, top, x1, bottom = (float(v) for v in data["bbox"])
        page = PageBox(int(data["page"]), (x0, top, x1, bottom))
    return Source(int(data["start"]), int(data["end"]), page)


def finding_from_dict(data: dict[str, Any]) -> Finding:
    suspect = data.get("suspect")
    source = data.get("source")
    return Finding(
        rule=data["rule"],
        severity=Severity(data["severity"]),
        message=data["message"],
        cells=tuple(data.get("cells", ())),
        expected=data.get("expected"),
        actual=data.get("actual"),
        suspect=None if suspect is None else _suspect(suspect),
        candidates=tuple(_suspect(s) for s in data.get("candidates", ())),
        source=None if source is None else source_from_dict(source),
        quote=data.get("quote"),
        anchor=data.get("anchor"),
        uncertain=bool(data.get("uncertain", False)),
    )


def _suspect(data: dict[str, Any]) -> Suspect:
    suggested: Number = data["suggested"]
    return Suspect(data["cell"], suggested)
