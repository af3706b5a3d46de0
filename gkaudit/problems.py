"""Problems (问题): the unit an auditor reviews — one suspected mistake with the findings it explains.

Broken table relations that share cells form the localiser's groups (``rules.engine``); within a
group, the relations explained by the same fix (one suspect cell, or the same candidates) are one
problem, so one printed mistake that breaks a row, a column and the balance is one problem with
three broken relations, and two independent mistakes are two. Every other finding is a problem
of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gkaudit.model import AuditReport, Finding, Number, Severity, Source, Suspect, finding_key, split_cell_id
from gkaudit.rules.catalogue import RULES_BY_ID
from gkaudit.rules.engine import cluster_by_cells
from gkaudit.rules.relations import BUILDERS
from gkaudit.templates import TABLE_TITLES, column_label, row_label

RELATION_RULES = frozenset(r.id for r in RULES_BY_ID.values() if r.relation in BUILDERS)


@dataclass(frozen=True, slots=True)
class Problem:
    """One suspected mistake and the findings it explains (the first one names the problem).

    ``key`` is its identity across re-checks and workspaces: the suspect cell when there is one,
    else the candidates, else its first finding's key.
    """

    key: str
    findings: tuple[Finding, ...]
    message: str
    suspect: Suspect | None = None
    candidates: tuple[Suspect, ...] = ()

    @property
    def rule(self) -> str:
        return self.findings[0].rule

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.rule for f in self.findings))

    @property
    def severity(self) -> Severity:
        return min((f.severity for f in self.findings), key=lambda s: s.rank)

    @property
    def cells(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for f in self.findings for c in f.cells))

    @property
    def source(self) -> Source | None:
        return self.findings[0].source

    @property
    def quote(self) -> str | None:
        return self.findings[0].quote

    @property
    def expected(self) -> Number | None:
        return self.findings[0].expected if len(self.findings) == 1 else None

    @property
    def actual(self) -> Number | None:
        return self.findings[0].actual if len(self.findings) == 1 else None

    @property
    def finding_keys(self) -> tuple[str, ...]:
        return tuple(finding_key(f) for f in self.findings)


def problems_of(findings: Sequence[Finding], report: AuditReport | None = None) -> list[Problem]:
    """The findings grouped into problems, in the order of each problem's first finding."""
    arithmetic = [f for f in findings if f.rule in RELATION_RULES]
    grouped: dict[int, list[Finding]] = {}  # id of the first finding → its problem's findings
    for cluster in cluster_by_cells(arithmetic, lambda f: f.cells):
        by_fix: dict[frozenset[tuple[str, Number]], list[Finding]] = {}
        for f in cluster:
            by_fix.setdefault(_fixes(f), []).append(f)
        for group in by_fix.values():
            ordered = sorted(group, key=lambda f: _position(findings, f))
            grouped[id(ordered[0])] = ordered
    out: list[Problem] = []
    for f in findings:
        if f.rule in RELATION_RULES:
            members = grouped.get(id(f))
            if members is not None:
                out.append(_problem(members, report))
        else:
            out.append(Problem(finding_key(f), (f,), f.message, f.suspect, f.candidates))
    return out


def _position(findings: Sequence[Finding], f: Finding) -> int:
    return next(i for i, g in enumerate(findings) if g is f)


def _fixes(f: Finding) -> frozenset[tuple[str, Number]]:
    found = [f.suspect] if f.suspect is not None else list(f.candidates)
    return frozenset((s.cell, s.suggested) for s in found)


def _problem(members: list[Finding], report: AuditReport | None) -> Problem:
    first = members[0]
    suspect = first.suspect
    candidates = first.candidates
    if suspect is not None:
        key = f"fix|{suspect.cell}"
    elif candidates:
        key = "fixes|" + ",".join(sorted(c.cell for c in candidates))
    else:
        key = finding_key(first)
    if len(members) == 1:
        message = first.message
    else:
        titles = "、".join(dict.fromkeys(RULES_BY_ID[f.rule].title for f in members))
        if suspect is not None:
            cell = report.cell(suspect.cell) if report is not None else None
            printed = f"报告值 {cell.raw.strip() or '（空白）'}，" if cell is not None else ""
            where = cell_title(report, suspect.cell) if report is not None else suspect.cell
            message = (f"{where} 很可能有误（{printed}应为 {fmt(suspect.suggested)}）："
                       f"{len(members)} 项勾稽关系因此不平衡（{titles}）")
        else:
            message = f"{len(members)} 项勾稽关系不平衡（{titles}）：" + first.message
    return Problem(key, tuple(members), message, suspect, candidates)


def short_name(report: AuditReport | None, p: Problem) -> str:
    """A problem named in a line (the audit trail): its suspect cell, else its rule and where."""
    if p.suspect is not None:
        return f"{cell_title(report, p.suspect.cell)} 有误"
    title = RULES_BY_ID[p.rule].title if p.rule in RULES_BY_ID else p.rule
    text = p.findings[0].message
    where = text.split("：", 1)[0] if "：" in text[:30] else text[:24]
    return f"{title}：{where}"


def cell_title(report: AuditReport | None, cid: str) -> str:
    """A cell named for a reader: 依申请公开·（七）总计/社会公益组织."""
    table, row, col = split_cell_id(cid)
    if report is None or report.template is None:
        return cid
    try:
        return f"{TABLE_TITLES.get(table, table)}·{row_label(report.template, table, row).strip()}/" \
               f"{column_label(report.template, table, col)}"
    except KeyError:
        return cid


def fmt(x: Number | None) -> str:
    if x is None:
        return ""
    if isinstance(x, float):
        return f"{x:.6f}".rstrip("0").rstrip(".")
    return str(x)


def difference(reported: Number | None, should_be: Number | None) -> Number | None:
    """The one sign convention for differences: 应为（计算）值 − 报告值, as the workbook's check formulas."""
    if reported is None or should_be is None:
        return None
    d = should_be - reported
    if isinstance(d, float):
        d = round(d, 6)
        return int(d) if d.is_integer() else d
    return d


def problem_ids(problems: Sequence[Problem]) -> dict[int, str]:
    """``id(finding)`` → its problem's public id (P1, P2 … in list order), for the JSON."""
    return {id(f): f"P{n}" for n, p in enumerate(problems, start=1) for f in p.findings}
