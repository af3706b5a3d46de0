"""Opening a report for review and applying the auditor's work to it; panels listen to the signals.

The audit runs on the worker; the workspace (SQLite) is opened and written on the main thread,
one transaction per change, so nothing typed is lost when the window closes or the power fails.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from gkaudit.audit import attach_pair, audit_path
from gkaudit.model import AuditReport, Finding, Severity, split_cell_id
from gkaudit.templates import TABLE_TITLES, column_label, row_label
from gkaudit.workspace import ReviewSession, Status, Workspace, WorkspaceReadOnly
from ui.models import fmt
from ui.settings import Settings
from ui.worker import PRIORITY_OPEN, Task, TaskRunner

PageSizes = list[tuple[float, float]] | None
# ask_changed_file(path) answers "new" (start a new review), "old" (look at the old one, read-only)
# or "cancel" (do not open).
ChangedFileQuestion = Callable[[str], str]


def load_report(path: str, previous: str = "") -> tuple[AuditReport, PageSizes]:
    """Audit a report and, for a PDF, measure its pages. Runs on the worker thread.

    With ``previous`` (last year's report, as a batch paired them) the cross-year findings are added.
    """
    report = audit_path(path)
    if previous:
        attach_pair(audit_path(previous), report)
    sizes: PageSizes = None
    if report.kind == "pdf":
        from ui import pdfpages

        try:
            sizes = pdfpages.page_sizes(path)
        except Exception:  # the pages view is a convenience: the extracted text still shows
            sizes = None
    return report, sizes


class ReviewController(QObject):
    """The report under review and every change the auditor makes to its review.

    Signals:
        opening(str path): an audit started on the worker.
        session_closing(): the session under review is about to be replaced or closed (save what is typed).
        session_changed(object): a new ``ReviewSession`` (or None) is under review.
        findings_changed(object): a correction changed the findings; the list of those that went away.
        review_changed(object): a finding's status or note changed (the ``Finding``).
        failed(str path, str reason): a report could not be opened.
        message(str): a line for the status bar.
    """

    opening = Signal(str)
    session_closing = Signal()
    session_changed = Signal(object)
    findings_changed = Signal(object)
    review_changed = Signal(object)
    failed = Signal(str, str)
    message = Signal(str)

    def __init__(self, runner: TaskRunner, settings: Settings, ask_auditor: Callable[[], str | None],
                 ask_changed_file: ChangedFileQuestion, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.settings = settings
        self.ask_auditor = ask_auditor
        self.ask_changed_file = ask_changed_file
        self.session: ReviewSession | None = None
        self.page_sizes: PageSizes = None
        self.opened_in = 0.0  # seconds from ``open`` to the session being shown (status bar, benchmark)
        self._opening: Task | None = None

    # ------------------------------------------------------------------ opening

    def open(self, path: str, previous: str = "") -> Task:
        """Audit ``path`` on the worker and show it; ``previous``: last year's report to compare it with."""
        if self._opening is not None:
            self._opening.cancel()
        started = time.perf_counter()
        task = self.runner.run(load_report, path, previous, priority=PRIORITY_OPEN)
        self._opening = task
        task.finished.connect(lambda result: self._loaded(task, path, result, started))
        task.failed.connect(lambda reason: self._failed(task, path, reason))
        self.opening.emit(path)
        self.message.emit(f"正在审计 {Path(path).name}…")
        return task

    def _failed(self, task: Task, path: str, reason: str) -> None:
        if task is self._opening:
            self._opening = None
            self.failed.emit(path, reason)

    def _loaded(self, task: Task, path: str, result: tuple[AuditReport, PageSizes], started: float) -> None:
        if task is not self._opening:
            return
        self._opening = None
        report, sizes = result
        try:
            workspace = Workspace.open(report)
        except Exception as exc:  # a locked or unwritable data folder: say so, do not half-open
            self.failed.emit(path, f"无法打开审核工作区：{exc}")
            return
        if workspace.sha_mismatch is not None:
            answer = self.ask_changed_file(path)
            if answer == "cancel":
                workspace.close()
                self.message.emit("已取消打开")
                return
            if answer == "old":
                old = workspace.version_view(workspace.sha_mismatch)
                workspace.close()
                workspace = old
            else:
                workspace.start_new_version(self.settings.auditor)
        if self.session is not None:
            self.session_closing.emit()
            self.session.workspace.close()
        self.session = ReviewSession(report, workspace)
        self.page_sizes = sizes
        self.settings.add_recent(path)
        self.session_changed.emit(self.session)
        self.opened_in = time.perf_counter() - started
        counts = {s: sum(1 for f in self.session.findings if f.severity is s) for s in Severity}
        summary = " · ".join(f"{s.label} {n}" for s, n in counts.items())
        hint = "　按 F8 查看第一个待定问题" if self.session.open_findings() else ""
        self.message.emit(f"已打开 {Path(path).name}：{summary}（{self.opened_in * 1000:.0f} 毫秒）{hint}")

    def close_session(self) -> None:
        if self.session is not None:
            self.session_closing.emit()
            self.session.workspace.close()
            self.session = None
            self.session_changed.emit(None)

    # ------------------------------------------------------------------ review work

    def correct_text(self, cell_id: str, text: str) -> bool:
        """Correct a cell from what the auditor typed; an empty text restores the printed value."""
        session = self.session
        if session is None or session.report.template is None:
            return False
        if not text.strip():
            return self.clear_correction(cell_id)
        value, refused = session.parse_correction(cell_id, text)
        if refused is not None:
            self.message.emit(refused)
            return False
        return self._apply(lambda who: session.correct(cell_id, value, who), cell_id)

    def apply_suggestion(self, cell_id: str) -> bool:
        session = self.session
        if session is None:
            return False
        suggested = next((f.suspect.suggested for f in session.findings_of_cell(cell_id)
                          if f.suspect is not None and f.suspect.cell == cell_id), None)
        if suggested is None:
            return False
        return self._apply(lambda who: session.correct(cell_id, suggested, who), cell_id)

    def clear_correction(self, cell_id: str) -> bool:
        session = self.session
        if session is None or cell_id not in session.corrections:
            return False
        return self._apply(lambda who: session.clear_correction(cell_id, who), cell_id)

    def set_status(self, finding: Finding, status: Status) -> bool:
        return self._review(
            finding, lambda session, who: session.set_status(finding, status, who),
            f"已标为“{status.label}”：{finding.message[:40]}",
        )

    def set_note(self, finding: Finding, note: str) -> bool:
        return self._review(finding, lambda session, who: session.set_note(finding, note, who), "备注已保存")

    def _review(self, finding: Finding, change: Callable[[ReviewSession, str], object], done: str) -> bool:
        """Record a review change by the auditor; a read-only (old) review says why it refused."""
        session = self.session
        who = self.who()
        if session is None or who is None:
            return False
        try:
            change(session, who)
        except WorkspaceReadOnly as exc:
            self.message.emit(str(exc))
            return False
        self.review_changed.emit(finding)
        self.message.emit(done)
        return True

    def _apply(self, change: Callable[[str], list[Finding]], cell_id: str) -> bool:
        session = self.session
        who = self.who()
        if session is None or who is None:
            return False
        try:
            gone = change(who)
        except WorkspaceReadOnly as exc:
            self.message.emit(str(exc))
            return False
        self.findings_changed.emit(gone)
        self.message.emit(self._describe(session, cell_id, gone))
        return True

    def _describe(self, session: ReviewSession, cell_id: str, gone: list[Finding]) -> str:
        template = session.report.template or "2019"
        table, row, col = split_cell_id(cell_id)
        where = f"{TABLE_TITLES[table]}·{row_label(template, table, row)}·{column_label(template, table, col)}"
        correction = session.corrections.get(cell_id)
        cell = session.report.cell(cell_id)
        printed = cell.raw.strip() if cell else ""
        if correction is None:
            text = f"已恢复印刷值 {where}：{printed or '（空）'}"
        else:
            text = f"已更正 {where}：{printed or '（空）'} → {fmt(correction.corrected_value)}"
        if gone:
            text += f"；{len(gone)} 项问题随之消除"
        return text + f"；尚有 {len(session.findings)} 项问题"

    def who(self) -> str | None:
        """The auditor's name, asked for once; None (and a status line saying why) when not given."""
        name = self.settings.auditor or self.ask_auditor()
        if not name:
            self.message.emit("请先在“设置 → 审核人”中填写姓名，更正和审核结论都会记下是谁做的")
            return None
        return name
