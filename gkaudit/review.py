"""A saved review as plain data for the working paper: problem states, sign-off, conclusion, audit trail.

``review_state(session)`` takes it from a session in the window; ``saved_review(report)`` reads it
from the report's workspace without changing anything (the command line's ``--xlsx``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gkaudit.model import AuditReport, Severity
from gkaudit.problems import Problem, cell_title, fmt, problems_of, short_name
from gkaudit.workspace import (
    Correction,
    Event,
    ReviewSession,
    Role,
    SignOff,
    Status,
    Workspace,
    workspace_file,
)


@dataclass(frozen=True, slots=True)
class ProblemReview:
    """What the auditor decided about one problem, and the corrections on its cells."""

    status: Status
    note: str = ""
    who: str = ""
    at: str = ""
    corrections: tuple[Correction, ...] = ()


@dataclass(frozen=True, slots=True)
class TrailEntry:
    """One line of the audit trail (审计轨迹): when, who, what was done, to what, and the detail."""

    at: str
    who: str
    action: str
    subject: str
    detail: str


@dataclass(frozen=True, slots=True)
class ReviewState:
    """A report's review as the workbook shows it."""

    problems: tuple[Problem, ...]
    reviews: Mapping[str, ProblemReview]  # problem key → review
    corrections: Mapping[str, Correction] = field(default_factory=dict)
    signoffs: Mapping[Role, SignOff] = field(default_factory=dict)
    final: SignOff | None = None
    conclusion: str = ""
    trail: tuple[TrailEntry, ...] = ()

    def status(self, problem: Problem) -> Status:
        review = self.reviews.get(problem.key)
        return Status.PENDING if review is None else review.status

    def counts(self) -> dict[Status, int]:
        out = dict.fromkeys(Status, 0)
        for p in self.problems:
            out[self.status(p)] += 1
        return out


def unreviewed(report: AuditReport) -> ReviewState:
    """The machine's findings without a review: every problem 待定, the generated conclusion."""
    problems = tuple(problems_of(report.findings, report))
    reviews = {p.key: ProblemReview(Status.PENDING) for p in problems}
    return ReviewState(problems, reviews, conclusion=default_conclusion(report, problems, lambda _p: Status.PENDING))


def review_state(session: ReviewSession) -> ReviewState:
    """The session's review as data (problems in list order, the trail oldest first)."""
    reviews: dict[str, ProblemReview] = {}
    for p in session.problems:
        r = session.review(p)
        reviews[p.key] = ProblemReview(session.status(p), r.note if r else "", r.who if r else "",
                                       r.at if r else "", tuple(session.corrections_of(p)))
    problems = tuple(session.problems)
    written = session.workspace.conclusion()
    return ReviewState(
        problems=problems,
        reviews=reviews,
        corrections=dict(session.corrections),
        signoffs=session.signoffs(),
        final=session.final,
        conclusion=written or default_conclusion(session.report, problems, session.status),
        trail=tuple(describe(e, session) for e in session.workspace.trail()),
    )


def saved_review(report: AuditReport, directory: str | Path | None = None) -> ReviewState | None:
    """The review saved for this version of the report, read without writing; None when there is none."""
    db = workspace_file(report.file, directory)
    if not db.exists():
        return None
    conn = sqlite3.connect(f"file:{db.as_posix()}?mode=ro", uri=True, timeout=5.0)
    try:
        known = conn.execute("SELECT 1 FROM versions WHERE sha256 = ?", (report.sha256,)).fetchone()
    except sqlite3.Error:
        conn.close()
        return None
    if not known:
        conn.close()
        return None
    ws = Workspace(conn, db, report.file, report.sha256, read_only=True)
    try:
        return review_state(ReviewSession(report, ws))
    finally:
        ws.close()


def default_conclusion(report: AuditReport, problems: Sequence[Problem],
                       status: Callable[[Problem], Status]) -> str:
    """The conclusion generated from the problems and their states, for the auditor to amend."""
    if report.template is None:
        return "结论：无法判断报告使用的模板，未能核对统计表，请人工审阅原文。"
    if not problems:
        return "结论：经核对，三张统计表的勾稽关系均平衡，未发现问题。"
    by_severity = {s: sum(1 for p in problems if p.severity is s) for s in Severity}
    text = f"结论：发现问题 {len(problems)} 项（" + "、".join(
        f"{s.label} {n} 项" for s, n in by_severity.items() if n) + "）"
    states = {s: sum(1 for p in problems if status(p) is s) for s in Status}
    done = [f"{s.label} {n} 项" for s, n in states.items() if n and s is not Status.PENDING]
    if done:
        text += "，其中" + "、".join(done)
    if states[Status.PENDING]:
        text += f"，尚待核实 {states[Status.PENDING]} 项"
    suspects = [p for p in problems if p.suspect is not None and status(p) is not Status.REJECTED]
    if suspects:
        text += "；有误的数字：" + "、".join(
            f"{cell_title(report, p.suspect.cell)}（报告 {_printed(report, p.suspect.cell)}，应为 "
            f"{fmt(p.suspect.suggested)}）" for p in suspects if p.suspect is not None)
    return text + "。建议被审计单位按“问题清单”逐项整改。"


def _printed(report: AuditReport, cid: str) -> str:
    cell = report.cell(cid)
    return "（空）" if cell is None else (cell.raw.strip() or "（空白）")


_ACTIONS = {
    "version": "开始审核", "correct": "更正单元格", "uncorrect": "恢复印刷值", "choice": "审核选择",
    "signoff": "签字", "finalise": "定稿", "unfinalise": "撤销定稿", "conclusion": "修改审计结论",
    "resolved": "问题已更正",
}


def describe(event: Event, session: ReviewSession) -> TrailEntry:
    """An event of the workspace in words an auditor reads."""
    d = event.detail
    report = session.report
    names = {p.key: short_name(report, p) for p in session.problems}
    for p in session.problems:
        for k in p.finding_keys:
            names.setdefault(k, names[p.key])
    at = event.at[:19].replace("T", " ")
    action = _ACTIONS.get(event.kind, event.kind)
    subject, detail = event.subject, ""
    if event.kind in ("correct", "uncorrect"):
        subject = cell_title(report, event.subject)
        if event.kind == "correct":
            detail = f"{str(d.get('printed_raw', '')).strip() or '（空白）'} → {_value(d.get('value'))}"
    elif event.kind == "review":
        subject = names.get(event.subject, event.subject)
        old_status, new_status = d.get("old_status"), d.get("status")
        if old_status != new_status or d.get("note") == d.get("old_note"):
            action = "审核状态"
            detail = f"{_status(old_status)} → {_status(new_status)}"
        else:
            action = "审核意见"
            detail = str(d.get("note", ""))
    elif event.kind == "resolved":
        subject = names.get(event.subject, event.subject)
        detail = f"{cell_title(report, str(d.get('cell', '')))}：{d.get('printed', '')} → {_value(d.get('value'))}"
    elif event.kind == "signoff":
        action = f"{d.get('role', '')}签字"
        subject, detail = str(d.get("name", "")), ""
    elif event.kind == "unfinalise":
        subject, detail = "", f"原因：{d.get('reason', '')}"
    elif event.kind in ("finalise", "version"):
        subject = ""
    elif event.kind == "conclusion":
        subject, detail = "", str(d.get("text", "")) or "（恢复自动生成的结论）"
    elif event.kind == "choice":
        detail = str(d.get("value", ""))
    return TrailEntry(at, event.who, action, subject, detail)


def _status(value: object) -> str:
    return Status(str(value)).label if value else Status.PENDING.label


def _value(value: object) -> str:
    return fmt(value) if isinstance(value, (int, float)) else "（空）"

