"""A batch as the window shows it: ``run_batch`` calls the core's ``audit_batch`` and turns each report into a row.

Runs on a thread of its own (``TaskRunner.run(..., own_thread=True)``). Each file is audited in
its own child process within the time and memory budget (``gkaudit.isolation``), as the command
line does: a file that would hang or flood the audit is stopped, its row says why, and the batch
goes on. A file that is clearly not an annual report is counted as such, not as a failure. No Qt
here: the task context is only asked for ``update`` and ``cancelled``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from gkaudit.batch import BatchEntry, BatchProgress, audit_batch
from gkaudit.isolation import DEFAULT_LIMITS
from gkaudit.model import AuditReport
from gkaudit.records import report_record
from gkaudit.scan import NOT_A_REPORT

QUEUED, DONE, FAILED, CANCELLED = "排队中", "完成", "无法审计", "已取消"
SKIPPED = NOT_A_REPORT


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One report of a batch as the summary shows it (the report itself is not kept).

    ``previous`` is last year's report of the same body in the batch, once the two were compared.
    """

    path: str
    status: str = QUEUED
    body: str = ""
    year: int | None = None
    template: str = ""
    errors: int = 0
    warnings: int = 0
    reason: str = ""
    previous: str = ""
    problems: int = 0  # suspected mistakes (one may break several relations: the errors above)


class Context(Protocol):
    @property
    def cancelled(self) -> bool: ...

    def update(self, value: object) -> None: ...


def row_of(path: str, report: AuditReport, previous: str = "") -> BatchRow:
    """The row of a report: the record layer's figures (``gkaudit.records``, the 汇总 sheet's too)."""
    r = report_record(report, previous)
    return BatchRow(path, DONE, str(r["body"] or ""), r["year"] if isinstance(r["year"], int) else None,
                    str(r["template"] or ""),
                    int(r["errors"] or 0), int(r["warnings"] or 0), previous=previous,
                    problems=int(r["problems"] or 0))


def entry_row(entry: BatchEntry) -> BatchRow:
    if entry.skipped:
        return BatchRow(entry.path, SKIPPED, reason="没有年度报告的表格特征，也没有报告标题")
    if entry.report is None:
        return BatchRow(entry.path, FAILED, reason=entry.error or "")
    return row_of(entry.path, entry.report, entry.previous)


def run_batch(ctx: Context, paths: list[str], processes: int, from_folders: frozenset[str] = frozenset(),
              ocr: str = "auto") -> list[BatchRow] | None:
    """Audit ``paths`` with the core's batch; each read report goes to the window as ``(index, row)``.

    ``from_folders``: the files found by walking a chosen folder (one that is not a report is skipped).
    ``ocr``: the reading/ocr setting, for every file's audit child.

    Returns every row once the reports are checked against each other (None when cancelled).
    """

    def progress(p: BatchProgress) -> None:
        if p.entry is not None:
            ctx.update((p.index, entry_row(p.entry)))

    result = audit_batch(paths, progress=progress, cancel=lambda: ctx.cancelled, processes=processes,
                         limits=DEFAULT_LIMITS, from_folders=from_folders, ocr=ocr)
    if result.cancelled:
        return None
    return [entry_row(e) for e in result.entries]
