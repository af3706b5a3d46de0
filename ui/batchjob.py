"""What one report of a batch comes back as; runs in the batch's worker processes, so no Qt here."""

from __future__ import annotations

from dataclasses import dataclass

from gkaudit.audit import audit_path
from gkaudit.model import Severity

QUEUED, DONE, FAILED, CANCELLED = "排队中", "完成", "无法审计", "已取消"


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One report of a batch as the summary shows it (the report itself is not kept)."""

    path: str
    status: str = QUEUED
    body: str = ""
    year: int | None = None
    template: str = ""
    errors: int = 0
    warnings: int = 0
    reason: str = ""


def summarize(path: str) -> BatchRow:
    """Audit one report for the batch summary (in a worker process)."""
    report = audit_path(path)
    counts = report.counts()
    return BatchRow(path, DONE, report.body or "", report.year, report.template or "",
                    counts[Severity.ERROR], counts[Severity.WARNING])
