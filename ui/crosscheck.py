"""The open report checked against reports the auditor chose: last year's, its departments', and its kind.

The auditor's choices (``ReportChoices``) are kept in the report's workspace and applied again
when the report is reopened. The other reports are audited on the worker (``apply_choices``); the
findings they bring replace the report's earlier ones of the same rules on the main thread.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from gkaudit.audit import attach_consolidation, attach_pair, set_body_kind
from gkaudit.compliance import KIND_LABELS, BodyKind, body_kind
from gkaudit.crosscheck.consolidate import CellSum, consolidation_table
from gkaudit.isolation import audit_within_budget
from gkaudit.model import AuditReport, ReadError
from gkaudit.workspace import ReviewSession, WorkspaceError, WorkspaceReadOnly
from ui.controller import ReviewController
from ui.worker import PRIORITY_OPEN, Task, TaskRunner

PREVIOUS_KEY, PARTS_KEY, KIND_KEY = "pair.previous", "consolidation.parts", "body.kind"


@dataclass(frozen=True, slots=True)
class ReportChoices:
    """What the auditor chose for one report: last year's report, its parts, its kind (None: inferred)."""

    previous: str = ""
    parts: tuple[str, ...] = ()
    kind: BodyKind | None = None

    @classmethod
    def from_stored(cls, stored: dict[str, object]) -> ReportChoices:
        previous, parts, kind = stored.get(PREVIOUS_KEY), stored.get(PARTS_KEY), stored.get(KIND_KEY)
        return cls(
            previous if isinstance(previous, str) else "",
            tuple(str(p) for p in parts) if isinstance(parts, list) else (),
            kind if kind in ("government", "department") else None,
        )

    def stored(self) -> dict[str, object | None]:
        return {PREVIOUS_KEY: self.previous or None, PARTS_KEY: list(self.parts) or None, KIND_KEY: self.kind}

    @property
    def any(self) -> bool:
        return bool(self.previous or self.parts or self.kind)


@dataclass(frozen=True, slots=True)
class Consolidation:
    """The parent's table beside the sum of its parts, as the dialog shows it."""

    parent: str
    parts: tuple[str, ...]  # the file names of the parts compared
    left_out: tuple[str, ...]  # parts of another year: not summed (the core leaves them out too)
    template: str
    cells: tuple[CellSum, ...]


@dataclass(frozen=True, slots=True)
class CrossCheckResult:
    report: AuditReport  # a copy of the report with the findings and the other reports it was checked against
    consolidation: Consolidation | None


def _read(path: str) -> AuditReport:
    try:
        return audit_within_budget(path)
    except ReadError as exc:
        raise ReadError(f"{Path(path).name}：{exc}") from exc


def apply_choices(report: AuditReport, choices: ReportChoices) -> CrossCheckResult:
    """The report's findings with the checks against the chosen reports. Runs on the worker thread.

    Works on a copy of the report's findings: the report itself is only read here.
    """
    view = dataclasses.replace(report, findings=list(report.findings))
    if choices.previous:
        attach_pair(_read(choices.previous), view)
    consolidation = None
    if choices.parts:
        parts = [_read(p) for p in choices.parts]
        attach_consolidation(view, parts)
        same_year = [p for p in parts if view.year is None or p.year in (None, view.year)]
        consolidation = Consolidation(
            Path(view.file).name,
            tuple(Path(p.file).name for p in same_year),
            tuple(Path(p.file).name for p in parts if p not in same_year),
            view.template or "2021",
            tuple(consolidation_table(view, same_year)),
        )
    set_body_kind(view, choices.kind)
    return CrossCheckResult(view, consolidation)


class CrossCheckController(QObject):
    """Applies the auditor's choices to the report under review and remembers them in its workspace.

    Signals:
        findings_changed(object): the report's findings changed; the list of those that went away.
        consolidation_ready(object Consolidation): the comparison the auditor asked for is ready.
        failed(str title, str reason): another report could not be read (nothing was changed).
        message(str): a line for the status bar.
    """

    findings_changed = Signal(object)
    consolidation_ready = Signal(object)
    failed = Signal(str, str)
    message = Signal(str)

    def __init__(self, runner: TaskRunner, review: ReviewController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.review = review
        self.choices = ReportChoices()  # in effect for the session under review, or being applied
        self._good = ReportChoices()  # as last applied without an error
        self._stored = ReportChoices()  # as in the workspace
        self.consolidation: Consolidation | None = None
        self._task: Task | None = None
        review.session_changed.connect(self._session_changed)

    # ------------------------------------------------------------------ the auditor's choices

    def pair_with(self, previous: str) -> Task | None:
        """Compare the open report with last year's report ``previous``."""
        return self._apply(dataclasses.replace(self.choices, previous=previous),
                           f"正在与上年报告 {Path(previous).name} 比对…", "无法与上年报告比对")

    def consolidate_with(self, parts: list[str]) -> Task | None:
        """Compare the open report's tables with the sum of its departments' reports ``parts``."""
        return self._apply(dataclasses.replace(self.choices, parts=tuple(parts)),
                           f"正在审计 {len(parts)} 份所属部门报告并汇总…", "无法汇总核对", show=True)

    def set_body_kind(self, kind: BodyKind | None) -> Task | None:
        """The body's kind as the auditor says it is (None: as inferred from its name); the deadline is rechecked."""
        return self._apply(dataclasses.replace(self.choices, kind=kind), "正在按单位类别重新核对发布时限…",
                           "无法更正单位类别")

    def inferred_kind(self) -> BodyKind | None:
        session = self.review.session
        return body_kind(session.report.body) if session is not None else None

    # ------------------------------------------------------------------ applying them

    def _session_changed(self, session: ReviewSession | None) -> None:
        self._task = None
        self.consolidation = None
        self.choices = self._good = self._stored = ReportChoices()
        if session is None:
            return
        try:
            self._stored = ReportChoices.from_stored(session.workspace.choices())
        except WorkspaceError as exc:  # locked or damaged since it was opened: said, not a crash
            self.message.emit(f"{exc}；未能读取保存的比对选择")
            return
        if self._stored.any:
            self._apply(self._stored, "正在按审核记录与其他报告比对…", "无法按审核记录与其他报告比对")

    def _apply(self, choices: ReportChoices, busy: str, failure: str, show: bool = False) -> Task | None:
        session = self.review.session
        if session is None:
            self.message.emit("请先打开一份报告")
            return None
        # Each run applies every choice, so a later one supersedes an earlier one still running.
        self.choices = choices
        task = self.runner.run(apply_choices, session.report, choices, priority=PRIORITY_OPEN)
        self._task = task
        task.finished.connect(lambda result: self._applied(task, session, choices, result, show))
        task.failed.connect(lambda reason: self._failed(task, failure, reason))
        self.message.emit(busy)
        return task

    def _failed(self, task: Task, title: str, reason: str) -> None:
        if task is self._task:
            self._task = None
            self.choices = self._good
            self.failed.emit(title, reason)

    def _applied(self, task: Task, session: ReviewSession, choices: ReportChoices, result: CrossCheckResult,
                 show: bool) -> None:
        if task is not self._task or session is not self.review.session:
            return  # a newer choice, or another report, is under review now
        self._task = None
        self._good = choices
        self.consolidation = result.consolidation
        gone = session.adopt_crosschecks(result.report)
        self.findings_changed.emit(gone)
        saved = self._remember(session, choices)
        self.message.emit(self._describe(session, choices) + saved)
        if show and result.consolidation is not None:
            self.consolidation_ready.emit(result.consolidation)

    def _remember(self, session: ReviewSession, now: ReportChoices) -> str:
        before = self._stored.stored()
        changed = {k: v for k, v in now.stored().items() if before[k] != v}
        if not changed:
            return ""
        who = self.review.who()
        if who is None:
            return "（未填写审核人，此选择未保存）"
        try:
            for key, value in changed.items():
                session.workspace.set_choice(key, value, who)
        except WorkspaceReadOnly:
            return "（旧版本的审核记录为只读，此选择未保存）"
        except WorkspaceError as exc:
            return f"（{exc}，此选择未保存）"
        self._stored = now
        return "（已记入审核记录，重新打开时自动比对）"

    def _describe(self, session: ReviewSession, choices: ReportChoices) -> str:
        parts: list[str] = []
        if choices.previous:
            n = sum(f.rule.startswith(("carry.", "reuse.")) for f in session.findings)
            parts.append(f"已与上年报告 {Path(choices.previous).name} 比对：{n} 项问题")
        if choices.parts:
            n = sum(f.rule.startswith("consolidation.") for f in session.findings)
            parts.append(f"已与 {len(choices.parts)} 份所属部门报告汇总核对：{n} 行不符")
        kind = choices.kind or self.inferred_kind()
        if kind is not None:
            how = "审计人员指定" if choices.kind else "按名称推断"
            late = any(f.rule == "deadline.late" for f in session.findings)
            parts.append(f"单位类别：{KIND_LABELS[kind]}（{how}），{'逾期发布' if late else '未见逾期'}")
        return "；".join(parts)
