"""Audit results as tidy pandas DataFrames: one row per report, per cell, per finding.

For analysts (a notebook, a script)::

    from gkaudit import frames
    f = frames.load(["报告/2023", "报告/2024"])      # audits the files, pairs consecutive years
    f.reports.groupby("year")["rate_disclosed"].median()
    f.findings[f.findings.severity == "error"].rule.value_counts()
    f.cells.query("cell == 'apply/1/total'")

``reports`` has one row per report (``gkaudit.records.report_record``: body, year, template,
kinds, key figures, rates, findings by severity, problems by the auditor's decision, sign-off);
``cells`` one row per extracted cell (value,
printed text, reading, position); ``findings`` one row per finding (rule, severity, catalogue
title and clause, cells, stable key). ``LABELS`` gives each column's Chinese name. The batch
workbook's 汇总 and 统计分析 sheets, the CLI's batch summary and ``--csv`` are built from these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from gkaudit.model import AuditReport
from gkaudit.records import (
    FIGURES,
    LABELS,
    PROBLEM_SEVERITY_COLUMNS,
    RATES,
    STATUS_COLUMNS,
    cell_records,
    finding_records,
    report_record,
)

if TYPE_CHECKING:
    from gkaudit.review import ReviewState

__all__ = ["LABELS", "Frames", "cells", "findings", "frames_of", "load", "read_csv", "reports", "write_csv"]

REPORT_COLUMNS = (
    "file", "name", "body", "body_kind", "year", "template", "file_kind", "publish_date", "previous", "sha256",
    *(f.name for f in FIGURES), *(r.name for r in RATES), "errors", "warnings", "infos", "findings", "problems",
    *PROBLEM_SEVERITY_COLUMNS.values(), "uncertain", *STATUS_COLUMNS.values(), "preparer", "reviewer", "final",
)
CELL_COLUMNS = ("file", "body", "year", "template", "table", "row", "col", "cell", "value", "raw", "blank",
                "invalid", "reading", "start", "end", "page")
FINDING_COLUMNS = ("file", "body", "year", "rule", "title", "severity", "message", "cells", "expected", "actual",
                   "suspect", "suggested", "uncertain", "clause", "key")
CSV_NAMES = {"reports": "reports.csv", "cells": "cells.csv", "findings": "findings.csv"}


@dataclass(frozen=True, slots=True)
class Frames:
    reports: pd.DataFrame
    cells: pd.DataFrame
    findings: pd.DataFrame


# Column types: the rest are text (None where unknown).
_INTS = {"year", "start", "end", "page", "errors", "warnings", "infos", "findings", "problems", "uncertain",
         *STATUS_COLUMNS.values(), *PROBLEM_SEVERITY_COLUMNS.values(), *(f.name for f in FIGURES)}
_FLOATS = {"value", "expected", "actual", "suggested", *(r.name for r in RATES)}
_BOOLS = {"blank"}
_FINDING_BOOLS = {"uncertain"}
_REPORT_BOOLS = {"final"}


def _typed(frame: pd.DataFrame, bools: set[str] = _BOOLS) -> pd.DataFrame:
    for col in frame.columns:
        if col in bools:
            frame[col] = frame[col].map(_bool).astype("boolean")
        elif col in _INTS:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64")
        elif col in _FLOATS:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Float64")
        else:
            frame[col] = frame[col].astype("object").where(frame[col].notna(), None)
            frame[col] = frame[col].map(lambda v: None if v is None or v == "" else str(v))
    return frame


def _bool(v: object) -> bool | None:
    if v is None or (isinstance(v, float) and v != v):
        return None
    return v in (True, "True", "true", 1, "1")


def reports(items: Iterable[AuditReport], reviews: Mapping[str, ReviewState] | None = None) -> pd.DataFrame:
    """One row per report (columns ``REPORT_COLUMNS``; counts as nullable integers, rates as floats).

    ``reviews``: the saved review of a report (by ``report.file``), for its problems by status and sign-off.
    """
    given = reviews or {}
    rows = [report_record(r, review=given.get(r.file)) for r in items]
    return _typed(pd.DataFrame(rows, columns=list(REPORT_COLUMNS)), _REPORT_BOOLS)


def cells(items: Iterable[AuditReport]) -> pd.DataFrame:
    """One row per extracted cell (columns ``CELL_COLUMNS``)."""
    return _typed(pd.DataFrame([rec for r in items for rec in cell_records(r)], columns=list(CELL_COLUMNS)))


def findings(items: Iterable[AuditReport]) -> pd.DataFrame:
    """One row per finding (columns ``FINDING_COLUMNS``)."""
    frame = pd.DataFrame([rec for r in items for rec in finding_records(r)], columns=list(FINDING_COLUMNS))
    return _typed(frame, _FINDING_BOOLS)


def frames_of(items: Sequence[AuditReport], reviews: Mapping[str, ReviewState] | None = None) -> Frames:
    return Frames(reports(items, reviews), cells(items), findings(items))


def load(paths: Sequence[str | Path], **batch: Any) -> Frames:
    """Audit ``paths`` (files or folders) with ``gkaudit.batch.audit_batch`` and return the three tables.

    Keyword arguments go to ``audit_batch`` (``processes=``, ``choices=``, ``progress=`` …).
    Files that could not be read are left out; ``audit_batch`` itself says why.
    """
    from gkaudit.batch import audit_batch

    return frames_of(audit_batch(paths, **batch).reports)


# ------------------------------------------------------------------------------------------ CSV


def write_csv(f: Frames, outdir: str | Path) -> list[Path]:
    """``reports.csv``, ``cells.csv``, ``findings.csv`` in ``outdir``, UTF-8 with BOM (Excel and WPS
    then open them as Chinese, not as GBK mojibake). Written to a temporary name and renamed."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in (("reports", f.reports), ("cells", f.cells), ("findings", f.findings)):
        target = out / CSV_NAMES[name]
        tmp = target.with_name(f".{target.name}.tmp")
        frame.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\r\n")
        tmp.replace(target)
        written.append(target)
    return written


def read_csv(outdir: str | Path) -> Frames:
    """The three tables back from ``write_csv``'s files, with the same column types."""
    d = Path(outdir)

    def one(name: str, bools: set[str] = _BOOLS) -> pd.DataFrame:
        raw = pd.read_csv(d / CSV_NAMES[name], encoding="utf-8-sig", dtype=str, keep_default_na=False)
        return _typed(raw, bools)

    return Frames(one("reports", _REPORT_BOOLS), one("cells"), one("findings", _FINDING_BOOLS))
