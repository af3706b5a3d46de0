"""One report as flat records (plain dicts, no pandas): its summary row, its cells, its findings.

``gkaudit.frames`` stacks these into DataFrames; the window's batch table and the CLI's header
line read ``report_record`` directly, so every summary of a report comes from this one place.
Key figures and rates are defined here once (``FIGURES``, ``RATES``), with their Chinese names;
so are the counts of a report's problems (by status, when its review is given) and its sign-off.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gkaudit.crosscheck.carry import value_of  # as the cross-report checks read a cell
from gkaudit.model import AuditReport, Number, Severity, finding_key
from gkaudit.problems import problems_of
from gkaudit.rules.catalogue import RULES_BY_ID
from gkaudit.workspace import Role, Status

if TYPE_CHECKING:
    from gkaudit.review import ReviewState

Record = dict[str, Number | str | bool | None]


@dataclass(frozen=True, slots=True)
class Figure:
    """A key figure: the sum of the total column of the 依申请 rows (or the review cells) it names."""

    name: str
    label: str
    cells: tuple[str, ...] = ()  # cell ids added up
    apply_rows: str = ""  # or: the 依申请 group with this row id and its sub-rows ("3.3": 3.3.1 … 3.3.8)


FIGURES: tuple[Figure, ...] = (
    Figure("received", "本年新收", ("apply/1/total",)),
    Figure("carried_in", "上年结转", ("apply/2/total",)),
    Figure("disclosed", "予以公开", ("apply/3.1/total",)),
    Figure("partly", "部分公开", ("apply/3.2/total",)),
    Figure("refused", "不予公开", apply_rows="3.3"),
    Figure("unable", "无法提供", apply_rows="3.4"),
    Figure("not_processed", "不予处理", apply_rows="3.5"),
    Figure("other", "其他处理", apply_rows="3.6"),
    Figure("processed", "办理总计", ("apply/3.7/total",)),
    Figure("carried_out", "结转下年", ("apply/4/total",)),
    Figure("review", "行政复议", ("review/review/total",)),
    Figure("review_corrected", "复议纠正", ("review/review/corrected",)),
    Figure("review_pending", "复议未结", ("review/review/pending",)),
    Figure("suit", "行政诉讼", ("review/suit_direct/total", "review/suit_after_review/total")),
    Figure("suit_corrected", "诉讼纠正", ("review/suit_direct/corrected", "review/suit_after_review/corrected")),
    Figure("suit_pending", "诉讼未结", ("review/suit_direct/pending", "review/suit_after_review/pending")),
)


@dataclass(frozen=True, slots=True)
class Rate:
    """A ratio of key figures (None when the denominator is 0 or a figure is unreadable)."""

    name: str
    label: str
    numerator: str
    denominator: tuple[str, ...]  # added up; a name prefixed "-" is subtracted
    definition: str


RATES: tuple[Rate, ...] = (
    Rate("rate_disclosed", "予以公开率", "disclosed", ("processed",), "予以公开 ÷ 办理总计（三（七））"),
    Rate("rate_refused", "不予公开率", "refused", ("processed",), "不予公开（三（三）各项之和）÷ 办理总计"),
    Rate("rate_unable", "无法提供率", "unable", ("processed",), "无法提供（三（四）各项之和）÷ 办理总计"),
    Rate("rate_carried", "结转率", "carried_out", ("received", "carried_in"),
         "结转下年度（四）÷（本年新收 + 上年结转）"),
    Rate("rate_review_corrected", "复议纠错率", "review_corrected", ("review", "-review_pending"),
         "行政复议结果纠正 ÷（行政复议总计 − 尚未审结）"),
    Rate("rate_suit_corrected", "诉讼纠错率", "suit_corrected", ("suit", "-suit_pending"),
         "行政诉讼结果纠正 ÷（行政诉讼总计 − 尚未审结），两类诉讼合计"),
)

# Problems by the auditor's decision: one column per status, named after it ("status_pending" 待定 …).
STATUS_COLUMNS: dict[Status, str] = {s: f"status_{s.value}" for s in Status}
# Problems by severity (a problem is as severe as its gravest finding), as the conclusion counts them.
PROBLEM_SEVERITY_COLUMNS: dict[Severity, str] = {s: f"problem_{s.value}s" for s in Severity}

LABELS: dict[str, str] = {
    "file": "文件路径", "name": "文件", "body": "单位", "body_kind": "单位类别", "year": "年度", "template": "模板",
    "file_kind": "文件类型", "publish_date": "发布日期", "previous": "上年报告", "sha256": "SHA-256",
    "errors": "错误", "warnings": "警告", "infos": "提示", "findings": "检查发现", "problems": "问题",
    "uncertain": "识别存疑", "preparer": "编制人", "reviewer": "复核人", "final": "定稿",
    **{column: s.label for s, column in STATUS_COLUMNS.items()},
    **{column: f"{s.label}问题" for s, column in PROBLEM_SEVERITY_COLUMNS.items()},
    **{f.name: f.label for f in FIGURES}, **{r.name: r.label for r in RATES},
}


def figure_value(report: AuditReport, figure: Figure) -> Number | None:
    cells = figure.cells
    if figure.apply_rows:
        group = figure.apply_rows
        apply = report.tables.get("apply")
        rows = [] if apply is None else [r for r in apply.rows() if r == group or r.startswith(group + ".")]
        if group in rows:  # （六）其他处理 printed as one row (and perhaps its sub-rows too): counted once
            rows = [group]
        cells = tuple(f"apply/{r}/total" for r in rows)
    if not cells:
        return None
    values = [value_of(report, c) for c in cells]
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def rate_value(figures: Record, rate: Rate) -> float | None:
    top = figures.get(rate.numerator)
    bottom: float = 0.0
    for name in rate.denominator:
        v = figures.get(name.lstrip("-"))
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            return None
        bottom += -v if name.startswith("-") else v
    if not isinstance(top, (int, float)) or isinstance(top, bool) or bottom <= 0:
        return None
    return top / bottom


def report_record(report: AuditReport, previous: str = "", review: ReviewState | None = None) -> Record:
    """One row per report: what it is, its key figures and rates, its findings counted by severity,
    its problems counted (by the auditor's decision when ``review`` is given) and its sign-off."""
    from gkaudit.compliance import body_kind

    counts = report.counts()
    record: Record = {
        "file": report.file,
        "name": Path(report.file).name,
        "body": report.body,
        "body_kind": report.body_kind or body_kind(report.body),
        "year": report.year,
        "template": report.template,
        "file_kind": report.kind,
        "publish_date": report.publish_date,
        "previous": previous or (report.previous.file if report.previous is not None else None),
        "sha256": report.sha256,
    }
    for figure in FIGURES:
        record[figure.name] = figure_value(report, figure) if report.template else None
    for rate in RATES:
        record[rate.name] = rate_value(record, rate)
    # The review's problems when there is one: corrections may have resolved some (已更正) or
    # brought new ones, and the 问题清单 lists exactly these.
    problems = list(review.problems) if review is not None else problems_of(report.findings, report)
    statuses = dict.fromkeys(Status, 0)
    for p in problems:
        statuses[review.status(p) if review is not None else Status.PENDING] += 1
    signed = review.signoffs if review is not None else {}
    record.update({
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "infos": counts[Severity.INFO],
        "findings": len(report.findings),
        "problems": len(problems),  # one suspected mistake may break several relations
        **{column: sum(p.severity is s for p in problems) for s, column in PROBLEM_SEVERITY_COLUMNS.items()},
        # Problems that may be misreadings rather than mistakes: they rest on a cell read with doubt.
        "uncertain": sum(any(f.uncertain for f in p.findings) for p in problems),
        **{STATUS_COLUMNS[s]: n for s, n in statuses.items()},
        "preparer": signed[Role.PREPARER].name if Role.PREPARER in signed else None,
        "reviewer": signed[Role.REVIEWER].name if Role.REVIEWER in signed else None,
        "final": review is not None and review.final is not None,
    })
    return record


def cell_records(report: AuditReport) -> list[Record]:
    """One row per extracted cell: report × table × row × column, value, printed text, reading, source."""
    out: list[Record] = []
    for table in report.tables.values():
        for cell in table.cells.values():
            src = cell.source
            page = src.page if src is not None else None
            out.append({
                "file": report.file, "body": report.body, "year": report.year, "template": report.template,
                "table": cell.table, "row": cell.row, "col": cell.col, "cell": cell.id,
                "value": cell.value, "raw": cell.raw, "blank": cell.blank, "invalid": cell.invalid,
                "reading": cell.reading,
                "start": src.start if src is not None else None, "end": src.end if src is not None else None,
                "page": page.page if page is not None else None,
            })
    return out


def finding_records(report: AuditReport) -> list[Record]:
    """One row per finding, with its rule's catalogue title and clause and its stable key."""
    out: list[Record] = []
    for f in report.findings:
        spec = RULES_BY_ID.get(f.rule)
        out.append({
            "file": report.file, "body": report.body, "year": report.year,
            "rule": f.rule, "title": spec.title if spec else "", "severity": f.severity.value,
            "message": f.message, "cells": ",".join(f.cells), "expected": f.expected, "actual": f.actual,
            "suspect": f.suspect.cell if f.suspect else None,
            "suggested": f.suspect.suggested if f.suspect else None,
            "uncertain": f.uncertain, "clause": spec.clause if spec else "", "key": finding_key(f),
        })
    return out

