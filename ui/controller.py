"""Opening a report for review and applying the auditor's work to it; panels listen to the signals.

The audit runs on the worker; the workspace (SQLite) is opened and written on the main thread,
one transaction per change, so nothing typed is lost when the window closes or the power fails.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from gkaudit.audit import attach_pair
from gkaudit.isolation import audit_within_budget
from gkaudit.model import AuditReport, Finding, Severity, split_cell_id
from gkaudit.review import review_state
from gkaudit.templates import TABLE_TITLES, column_label, row_label
from gkaudit.workspace import (
    ReviewSession,
    Role,
    SignOffRefused,
    Status,
    Workspace,
    WorkspaceDamaged,
    WorkspaceError,
    WorkspaceReadOnly,
    set_aside,
)
from ui.models import fmt
from ui.savequeue import SaveQueue
from ui.settings import Settings
from ui.worker import PRIORITY_OPEN, Task, TaskContext, TaskRunner

PageSizes = list[tuple[float, float]] | None
# ask_changed_file(path) answers "new" (start a new review), "old" (look at the old one, read-only)
# or "cancel" (do not open).
ChangedFileQuestion = Callable[[str], str]
# The window waits this long for another program's lock on the main thread, then keeps the change
# pending and retries on a timer (ui.savequeue): a long wait here would freeze the window.
GUI_BUSY_TIMEOUT = 0.25
# ask_start_anew(reason) answers True to set a damaged workspace aside and start a new review.
StartAnewQuestion = Callable[[str], bool]


def load_report(ctx: TaskContext, path: str, previous: str = "", ocr: str = "auto") -> tuple[AuditReport, PageSizes]:
    """Audit a report and, for a PDF or page images, measure its pages. Runs on the worker thread.

    With ``previous`` (last year's report, as a batch paired them) the cross-year findings are added.
    The audit runs in a child process within budget, stopped at once when another report is opened
    instead or the auditor cancels: a hostile file can neither hang the window nor hold up the next
    one. ``ocr`` is the reading/ocr setting; each scanned page the child reads is told as progress.
    """

    def cancelled() -> bool:
        return ctx.cancelled

    def page_read(done: int, total: int) -> None:
        ctx.progress(done, total, f"正在识别扫描页 {min(done + 1, total)}/{total}…" if done < total else "文字识别完成，正在审计…")

    report = audit_within_budget(path, cancelled=cancelled, progress=page_read, ocr=ocr)
    if previous:
        attach_pair(audit_within_budget(previous, cancelled=cancelled, progress=page_read, ocr=ocr), report)
    sizes: PageSizes = None
    if report.kind in ("pdf", "image"):
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
        pages_read(int done, int total): a scanned page of the report being opened was read by OCR.
        opening_ended(): the opening finished, failed or was cancelled.
        session_closing(): the session under review is about to be replaced or closed (save what is typed).
        session_changed(object): a new ``ReviewSession`` (or None) is under review.
        findings_changed(object): a correction changed the findings; the list of those that went away.
        review_changed(object): a problem's status or note changed (the ``Problem``).
        signoff_changed(): a sign-off, 定稿, 撤销定稿 or the conclusion changed.
        failed(str path, str reason): a report could not be opened.
        message(str): a line for the status bar.
        problem(str): the workspace could not save a change; the auditor must be told (a dialog).
    """

    opening = Signal(str)
    pages_read = Signal(int, int)
    opening_ended = Signal()
    session_closing = Signal()
    session_changed = Signal(object)
    findings_changed = Signal(object)
    review_changed = Signal(object)
    signoff_changed = Signal()
    failed = Signal(str, str)
    message = Signal(str)
    problem = Signal(str)

    def __init__(self, runner: TaskRunner, settings: Settings, ask_auditor: Callable[[], str | None],
                 ask_changed_file: ChangedFileQuestion, parent: QObject | None = None,
                 ask_start_anew: StartAnewQuestion | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.settings = settings
        self.ask_auditor = ask_auditor
        self.ask_changed_file = ask_changed_file
        self.ask_start_anew = ask_start_anew
        self.saves = SaveQueue(self)
        self.saves.message.connect(self.message)
        self.saves.problem.connect(self.problem)
        self.session: ReviewSession | None = None
        self.page_sizes: PageSizes = None
        self.opened_in = 0.0  # seconds from ``open`` to the session being shown (status bar, benchmark)
        self._opening: Task | None = None
        self._opened_note = ""  # said with "已打开": what had to be done to the workspace first

    # ------------------------------------------------------------------ opening

    def open(self, path: str, previous: str = "") -> Task:
        """Audit ``path`` on the worker and show it; ``previous``: last year's report to compare it with."""
        if self._opening is not None:
            self._opening.cancel()
        started = time.perf_counter()
        ocr = self.settings.ocr
        task = self.runner.run(load_report, path, previous, ocr, priority=PRIORITY_OPEN, context=True)
        self._opening = task
        task.progress.connect(lambda done, total, text: self._progress(task, done, total, text))
        task.cancelled.connect(lambda: self._cancelled(task))
        task.finished.connect(lambda result: self._loaded(task, path, result, started))
        task.failed.connect(lambda reason: self._failed(task, path, reason))
        self.opening.emit(path)
        self.message.emit(f"正在审计 {Path(path).name}…")
        return task

    def cancel_opening(self) -> None:
        """Stop the audit of the report being opened (its child process is killed)."""
        if self._opening is not None:
            self._opening.cancel()

    def _progress(self, task: Task, done: int, total: int, text: str) -> None:
        if task is self._opening:
            self.pages_read.emit(done, total)
            if text:
                self.message.emit(text)

    def _cancelled(self, task: Task) -> None:
        if task is self._opening:
            self._opening = None
            self.opening_ended.emit()
            self.message.emit("已取消打开")

    def _failed(self, task: Task, path: str, reason: str) -> None:
        if task is self._opening:
            self._opening = None
            self.opening_ended.emit()
            self.failed.emit(path, reason)

    def _loaded(self, task: Task, path: str, result: tuple[AuditReport, PageSizes], started: float) -> None:
        if task is not self._opening:
            return
        self._opening = None
        self.opening_ended.emit()
        report, sizes = result
        self._opened_note = ""
        workspace = self._open_workspace(path, report)
        if workspace is None:
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
                try:
                    workspace.start_new_version(self.settings.auditor)
                except WorkspaceError as exc:
                    workspace.close()
                    self.failed.emit(path, str(exc))
                    return
        try:
            session = ReviewSession(report, workspace)
        except WorkspaceError as exc:
            workspace.close()
            self.failed.emit(path, str(exc))
            return
        if self.session is not None:
            self.session_closing.emit()
            self.saves.flush()
            self.session.workspace.close()
        self.session = session
        self.page_sizes = sizes
        self.settings.add_recent(path)
        self.session_changed.emit(self.session)
        self.opened_in = time.perf_counter() - started
        counts = {s: sum(1 for p in self.session.problems if p.severity is s) for s in Severity}
        summary = f"问题 {len(self.session.problems)}（" + " · ".join(f"{s.label} {n}" for s, n in counts.items()) + "）"
        hint = "　按 F8 查看第一个待定问题" if self.session.open_problems() else ""
        self.message.emit(f"已打开 {Path(path).name}：{summary}（{self.opened_in * 1000:.0f} 毫秒）{self._opened_note}{hint}")

    def _open_workspace(self, path: str, report: AuditReport) -> Workspace | None:
        """The report's workspace; a damaged one is set aside only when the auditor chooses to start
        anew, and any other problem ends the opening with a one-line reason (never a crash dialog)."""
        try:
            return Workspace.open(report, busy_timeout=GUI_BUSY_TIMEOUT)
        except WorkspaceDamaged as exc:
            if self.ask_start_anew is None or not self.ask_start_anew(str(exc)):
                self.failed.emit(path, f"{exc}\n\n文件原样保留，未做任何改动。")
                return None
            try:
                aside = set_aside(exc.db_path)
                workspace = Workspace.open(report, busy_timeout=GUI_BUSY_TIMEOUT)
            except (OSError, WorkspaceError) as again:
                self.failed.emit(path, str(again) if isinstance(again, WorkspaceError) else f"无法移走损坏的审核工作区：{again.strerror}")
                return None
            self._opened_note = f"；损坏的审核工作区已另存为 {aside.name}，已开始新的审核"
            return workspace
        except WorkspaceError as exc:
            self.failed.emit(path, str(exc))
            return None

    def close_session(self) -> None:
        if self.session is not None:
            self.session_closing.emit()
            self.saves.flush()
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

    # ------------------------------------------------------------------ sign-off, 定稿, conclusion

    def sign_off(self, role: Role, name: str) -> bool:
        """编制 or 复核 sign-off under ``name`` (the reviewer is someone other than the preparer)."""
        session = self.session
        if session is None:
            return False
        try:
            signed = session.sign_off(role, name)
        except (WorkspaceReadOnly, SignOffRefused) as exc:
            self.message.emit(str(exc))
            return False
        self.signoff_changed.emit()
        self.message.emit(f"{role.label}人 {signed.name} 已签字")
        return True

    def finalise(self) -> bool:
        session, who = self.session, self.who()
        if session is None or who is None:
            return False
        try:
            session.finalise(who)
        except (WorkspaceReadOnly, SignOffRefused) as exc:
            self.message.emit(str(exc))
            return False
        self.signoff_changed.emit()
        self.message.emit("已定稿：审核记录已锁定，只能查看；如需修改请先撤销定稿")
        return True

    def unfinalise(self, reason: str) -> bool:
        session, who = self.session, self.who()
        if session is None or who is None:
            return False
        try:
            session.unfinalise(who, reason)
        except (WorkspaceReadOnly, SignOffRefused) as exc:
            self.message.emit(str(exc))
            return False
        self.signoff_changed.emit()
        self.message.emit("已撤销定稿，原因已记入审计轨迹")
        return True

    def set_conclusion(self, text: str) -> bool:
        session, who = self.session, self.who()
        if session is None or who is None:
            return False
        try:
            session.workspace.set_conclusion(text, who)
        except WorkspaceReadOnly as exc:
            self.message.emit(str(exc))
            return False
        self.signoff_changed.emit()
        self.message.emit("审计结论已保存" if text.strip() else "已恢复自动生成的审计结论")
        return True

    def conclusion(self) -> str:
        """The conclusion the workbook will carry: the auditor's, else the one generated now."""
        return review_state(self.session).conclusion if self.session is not None else ""

    def export(self, target: str) -> Task | None:
        """Write the open report's working paper with its review, on the worker."""
        session = self.session
        if session is None:
            return None
        # Imported here: openpyxl (and numpy, which openpyxl imports when installed) cost the window's start.
        from gkaudit.export.xlsx import write_report_workbook

        state = review_state(session)  # taken now, on the main thread: the workspace is this thread's
        task = self.runner.run(partial(write_report_workbook, review=state), session.report, target)
        task.finished.connect(lambda path: self.message.emit(f"已导出审计底稿：{path}"))
        task.failed.connect(lambda reason: self.message.emit(f"未能导出审计底稿：{reason}"))
        return task

    def export_batch(self, paths: list[str], target: str) -> Task:
        """Write a batch's working paper, each report with its saved review, on the worker."""
        from gkaudit.export.xlsx import write_batch_from_files

        task = self.runner.run(partial(write_batch_from_files, ocr=self.settings.ocr), paths, target)
        task.finished.connect(lambda done: self.message.emit(
            f"已导出批量审计底稿：{done[0]}（{done[1]} 份报告，其中 {done[2]} 份含审核记录）"))
        task.failed.connect(lambda reason: self.message.emit(f"未能导出批量审计底稿：{reason}"))
        return task

    # ------------------------------------------------------------------ problems

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

        def saved(_value: object) -> None:
            if session is self.session:
                self.review_changed.emit(finding)
            self.message.emit(done)

        return self.saves.submit(lambda: change(session, who), saved, f"{finding.message[:30]}（{done[:12]}）")

    def _apply(self, change: Callable[[str], list[Finding]], cell_id: str) -> bool:
        session = self.session
        who = self.who()
        if session is None or who is None:
            return False

        def saved(gone: list[Finding]) -> None:
            if session is self.session:
                self.findings_changed.emit(gone)
            self.message.emit(self._describe(session, cell_id, gone))

        return self.saves.submit(lambda: change(who), saved, f"单元格 {cell_id} 的更正")

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
        resolved = [p for p in session.problems if session.status(p) is Status.CORRECTED and cell_id in p.cells]
        if resolved:
            text += f"；{len(resolved)} 个问题已更正（{len(gone)} 项勾稽关系恢复平衡）"
        elif gone:
            text += f"；{len(gone)} 项检查结果随之消除"
        return text + f"；尚有 {len(session.open_problems())} 个待定问题"

    def who(self) -> str | None:
        """The auditor's name, asked for once; None (and a status line saying why) when not given."""
        name = self.settings.auditor or self.ask_auditor()
        if not name:
            self.message.emit("请先在“设置 → 审核人”中填写姓名，更正和审核结论都会记下是谁做的")
            return None
        return name
