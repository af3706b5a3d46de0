"""What one report of a batch comes back as; runs in the batch's worker processes, so no Qt here.

A batch runs in two passes: ``summarize`` audits each report on its own; then ``batch_pairs``
finds, from the summaries, the reports of one body in consecutive years, and ``summarize_pair``
audits each such couple again to add the cross-year findings (``gkaudit.crosscheck``) to the
later one. The worker processes return summaries, not whole reports: a report with its text and
page boxes is large, and only the paired ones need it a second time.
"""

from __future__ import annotations

from dataclasses import dataclass

from gkaudit.audit import attach_pair, audit_path
from gkaudit.crosscheck import pair_reports
from gkaudit.model import AuditReport, Severity

QUEUED, DONE, FAILED, CANCELLED = "排队中", "完成", "无法审计", "已取消"


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


def row_of(path: str, report: AuditReport, previous: str = "") -> BatchRow:
    counts = report.counts()
    return BatchRow(path, DONE, report.body or "", report.year, report.template or "",
                    counts[Severity.ERROR], counts[Severity.WARNING], previous=previous)


def summarize(path: str) -> BatchRow:
    """Audit one report for the batch summary (in a worker process)."""
    return row_of(path, audit_path(path))


def batch_pairs(rows: list[BatchRow]) -> list[tuple[str, str]]:
    """(last year's path, this year's path) for the audited rows of one body in consecutive years.

    The pairing rule is the core's (``pair_reports``), applied to stand-ins that carry only what
    it reads: the body and the year.
    """
    stand_ins = [AuditReport(r.path, "", "", r.body or None, r.year, r.template or None, {}, [])
                 for r in rows if r.status == DONE]
    return [(prev.file, curr.file) for prev, curr in pair_reports(stand_ins)]


def summarize_pair(pair: tuple[str, str]) -> BatchRow:
    """This year's report of a pair, audited again with the findings against last year's (worker process)."""
    prev_path, curr_path = pair
    curr = audit_path(curr_path)
    attach_pair(audit_path(prev_path), curr)
    return row_of(curr_path, curr, previous=prev_path)
