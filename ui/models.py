"""The Qt models of a report under review: one table model for any table, and the findings list.

Models translate a ``ReviewSession`` into rows, columns and roles; they compute nothing about
the report. An edit is not applied here: ``ReportTableModel`` asks for it with ``edit_requested``
and whoever owns the session corrects the cell and calls ``refresh``.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont

from gkaudit.form import FormLayout, OutlineLine, form_layout
from gkaudit.model import AuditReport, Finding, Number, Severity, split_cell_id
from gkaudit.problems import Problem, cell_title
from gkaudit.rules.catalogue import RULES_BY_ID
from gkaudit.templates import TABLE_TITLES, TEMPLATES, TableSpec, column_label, row_label
from gkaudit.workspace import ReviewSession, Status
from ui import theme
from ui.roles import (
    CellIdRole,
    CorrectedRole,
    FindingKeyRole,
    FindingRole,
    HeadingRole,
    SearchTextRole,
    SeverityRole,
    SortRole,
    StatusRole,
    SuspectRole,
)

Index = QModelIndex | QPersistentModelIndex
DISPLAY, EDIT, TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole
BACKGROUND, FOREGROUND, FONT = Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole
ALIGN, DECORATION = Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.DecorationRole
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
CENTER = int(Qt.AlignmentFlag.AlignCenter)


# One sign for differences everywhere (window, workbook check formulas, 问题清单): 计算 − 报告.
DIFFERENCE = "差额（计算−报告）"


def fmt(value: Number | None) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def rule_title(rule_id: str) -> str:
    spec = RULES_BY_ID.get(rule_id)
    return spec.title if spec is not None else rule_id


def read_only_flags(index: Index) -> Qt.ItemFlag:
    """The flags of a cell the auditor can select but not edit (findings, batch rows, comparisons)."""
    if not index.isValid():
        return Qt.ItemFlag.NoItemFlags
    return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


# ---------------------------------------------------------------- table layout


def table_layout(spec: TableSpec, present_rows: set[str]) -> tuple[FormLayout, list[OutlineLine]]:
    """The form's layout of ``spec`` (the core's, shared with the workbook) and its lines for a flat view.

    A table the form prints as one line (复议诉讼) is shown a row per line, under its column captions.
    """
    layout = form_layout(spec, present_rows, flat=False)
    return layout, layout.outline()


# ---------------------------------------------------------------- one model for every table


class ReportTableModel(QAbstractTableModel):
    """Any of the three tables of a report, laid out with the official row and column headers.

    Column 0 holds the row labels; heading lines are neither selectable nor editable.

    Signals:
        edit_requested(str cell_id, str text): the auditor typed ``text`` into a cell.
    """

    edit_requested = Signal(str, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._session: ReviewSession | None = None
        self._table = ""
        self._headers: list[str] = []
        self._labels: tuple[str, ...] = ()
        self._lines: list[OutlineLine] = []
        self._where: dict[str, tuple[int, int]] = {}
        self._worst: dict[str, Severity] = {}
        self._suspects: dict[str, Severity] = {}

    # -- feeding

    def set_session(self, session: ReviewSession | None, table: str) -> None:
        self.beginResetModel()
        self._session, self._table = session, table
        self._headers, self._labels, self._lines, self._where = [], (), [], {}
        report = session.report if session else None
        if report is not None and report.template is not None:
            spec = TEMPLATES[report.template].table(table)
            present = {row for row, _ in report.tables[table].cells} if table in report.tables else set()
            layout, self._lines = table_layout(spec, present)
            self._headers, self._labels = [layout.label_head, *layout.column_titles], layout.column_labels
            for r, line in enumerate(self._lines):
                for c, cid in enumerate(line.cells):
                    if cid is not None:
                        self._where[cid] = (r, c + 1)
        self._index_findings()
        self.endResetModel()

    def refresh(self) -> None:
        """The session's findings or corrections changed: repaint every cell."""
        self._index_findings()
        if self._lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._lines) - 1, len(self._headers) - 1))

    def _index_findings(self) -> None:
        self._worst, self._suspects = {}, {}
        if self._session is None:
            return
        for f in self._session.findings:
            for cid in f.cells:
                if cid in self._where and (cid not in self._worst or f.severity.rank < self._worst[cid].rank):
                    self._worst[cid] = f.severity
            if f.suspect is not None and f.suspect.cell in self._where:
                prev = self._suspects.get(f.suspect.cell)
                if prev is None or f.severity.rank < prev.rank:
                    self._suspects[f.suspect.cell] = f.severity

    # -- lookups

    def index_of(self, cid: str) -> QModelIndex:
        where = self._where.get(cid)
        return QModelIndex() if where is None else self.index(*where)

    def cell_id_at(self, index: Index) -> str | None:
        if not index.isValid() or index.column() == 0 or index.row() >= len(self._lines):
            return None
        cells = self._lines[index.row()].cells
        c = index.column() - 1
        return cells[c] if c < len(cells) else None

    def cell_ids(self) -> list[str]:
        return list(self._where)

    # -- Qt overrides

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            if role == DISPLAY:
                title = self._headers[section]
                # Narrow value columns: break long titles (社会公益组织) over two lines.
                return f"{title[:4]}\n{title[4:]}" if section > 0 and len(title) > 5 else title
            if role == TOOLTIP and section > 0 and self._labels[section - 1]:
                return self._labels[section - 1]
        if orientation == Qt.Orientation.Vertical and role == DISPLAY and 0 <= section < len(self._lines):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        line = self._lines[index.row()]
        if line.heading:
            return Qt.ItemFlag.ItemIsEnabled
        cid = self.cell_id_at(index)
        if cid is None:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.column() == 0 else (
                Qt.ItemFlag.NoItemFlags)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        session = self._session
        if session is not None and not session.read_only and session.report.cell(cid) is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or self._session is None:
            return None
        line = self._lines[index.row()]
        if index.column() == 0:
            return self._label_data(line, role)
        if line.heading:
            return self._caption_data(line, index.column() - 1, role)
        cid = self.cell_id_at(index)
        if cid is None:
            return None
        return self._cell_data(cid, role)

    def setData(self, index: Index, value: Any, role: int = EDIT) -> bool:
        cid = self.cell_id_at(index)
        if role != EDIT or cid is None or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        self.edit_requested.emit(cid, str(value))
        return True

    # -- data helpers

    def _label_data(self, line: OutlineLine, role: int) -> Any:
        if role == DISPLAY:
            return f"　{line.label}" if line.indent else line.label
        if role == TOOLTIP:
            return line.tooltip or line.label
        if role == HeadingRole:
            return line.heading
        if role == BACKGROUND and line.heading:
            return QBrush(theme.HEADING_FILL)
        if role == FONT and line.heading:
            font = QFont()
            font.setBold(True)
            return font
        if role == ALIGN:
            return LEFT
        return None

    def _caption_data(self, line: OutlineLine, c: int, role: int) -> Any:
        if role == DISPLAY:
            return line.captions[c] if c < len(line.captions) else ""
        if role == HeadingRole:
            return True
        if role == BACKGROUND:
            return QBrush(theme.HEADING_FILL)
        if role == ALIGN:
            return CENTER
        return None

    def _cell_data(self, cid: str, role: int) -> Any:
        session = self._session
        assert session is not None
        cell = session.report.cell(cid)
        correction = session.corrections.get(cid)
        if role == DISPLAY:
            if cell is None:
                return ""
            printed = cell.raw.strip() or "（空）"
            return f"{printed} → {fmt(correction.corrected_value)}" if correction else cell.raw.strip()
        if role == EDIT:
            value = session.value(cid)
            return "" if value is None else fmt(value)
        if role == CellIdRole:
            return cid
        if role == SeverityRole:
            worst = self._worst.get(cid)
            return None if worst is None else worst.value
        if role == SuspectRole:
            return cid in self._suspects
        if role == CorrectedRole:
            return correction is not None
        if role == HeadingRole:
            return False
        if role == BACKGROUND:
            if cid in self._suspects:
                return QBrush(theme.SUSPECT_FILL[self._suspects[cid]])
            if cid in self._worst:
                return QBrush(theme.CELL_FILL[self._worst[cid]])
            if cell is None:
                return QBrush(theme.MISSING_FILL)
            return None
        if role == FOREGROUND and correction is not None:
            return QBrush(theme.CORRECTED_INK)
        if role == FONT and (correction is not None or cid in self._suspects):
            font = QFont()
            font.setBold(cid in self._suspects)
            font.setItalic(correction is not None)
            return font
        if role == ALIGN:
            return RIGHT
        if role == TOOLTIP:
            return cell_tooltip(session, cid)
        return None


def cell_tooltip(session: ReviewSession, cid: str) -> str:
    """The rule, both sides and the difference of every finding on a cell, and its correction."""
    report = session.report
    assert report.template is not None
    table, row, col = split_cell_id(cid)
    where = f"{TABLE_TITLES[table]} · {row_label(report.template, table, row)} · {column_label(report.template, table, col)}"
    parts = [f"<b>{html.escape(where)}</b>"]
    cell = report.cell(cid)
    if cell is None:
        parts.append("报告中未找到此格")
        return "<p style='white-space:pre-wrap'>" + "<br>".join(parts) + "</p>"
    parts.append(f"印刷值：{html.escape(cell.raw.strip() or '（空白）')}")
    correction = session.corrections.get(cid)
    if correction is not None:
        parts.append(f"<span style='color:{theme.CORRECTED_INK.name()}'>更正为：{fmt(correction.corrected_value)}"
                     f"（{html.escape(correction.who)}，{correction.at[:16].replace('T', ' ')}）</span>")
    for f in session.findings_of_cell(cid):
        ink = theme.SEVERITY_INK[f.severity].name()
        parts.append(f"<hr><span style='color:{ink}'><b>{html.escape(rule_title(f.rule))}</b>"
                     f"（{f.rule}，{f.severity.label}）</span>")
        parts.append(html.escape(f.message))
        if f.expected is not None and f.actual is not None:
            parts.append(f"分项之和 <b>{fmt(f.expected)}</b> ｜ 合计 <b>{fmt(f.actual)}</b> ｜ "
                         f"{DIFFERENCE} <b>{fmt(f.difference)}</b>")
        if f.suspect is not None and f.suspect.cell == cid:
            parts.append(f"<b>★ 此格最可能有误，改为 {fmt(f.suspect.suggested)} 即可平衡</b>")
    if not session.read_only:
        parts.append("<span style='color:#777'>双击或按 F2 更正此格；右键可恢复印刷值或采用建议值</span>")
    return "<p style='white-space:pre-wrap'>" + "<br>".join(parts) + "</p>"


def cell_summary(session: ReviewSession, cid: str) -> str:
    """A few lines about a cell for the panel under the table: where, printed/corrected, each relation."""
    report = session.report
    assert report.template is not None
    table, row, col = split_cell_id(cid)
    where = f"{TABLE_TITLES[table]} · {row_label(report.template, table, row)} · {column_label(report.template, table, col)}"
    cell = report.cell(cid)
    head = f"<b>{html.escape(where)}</b>"
    if cell is None:
        return head + "　报告中未找到此格"
    head += f"　印刷值 <b>{html.escape(cell.raw.strip() or '（空白）')}</b>"
    correction = session.corrections.get(cid)
    if correction is not None:
        head += (f"　<span style='color:{theme.CORRECTED_INK.name()}'>更正为 <b>{fmt(correction.corrected_value)}</b>"
                 f"（{html.escape(correction.who)}）</span>")
    lines = [head]
    suggested = None
    for f in session.findings_of_cell(cid):
        ink = theme.SEVERITY_INK[f.severity].name()
        line = f"<span style='color:{ink}'>●</span> {html.escape(rule_title(f.rule))}"
        if f.expected is not None and f.actual is not None:
            line += f"　分项之和 <b>{fmt(f.expected)}</b> ｜ 合计 <b>{fmt(f.actual)}</b> ｜ {DIFFERENCE} <b>{fmt(f.difference)}</b>"
        else:
            line += f"　{html.escape(f.message)}"
        lines.append(line)
        if f.suspect is not None and f.suspect.cell == cid:
            suggested = f.suspect.suggested
    if suggested is not None:
        lines.append(f"<b style='color:{theme.SEVERITY_INK[Severity.ERROR].name()}'>★ 此格最可能有误：改为 "
                     f"{fmt(suggested)} 即可使以上关系全部成立</b>（右键“采用建议值”）")
    elif len(lines) == 1:
        lines.append("<span style='color:#2e7d32'>此格所在的勾稽关系均成立</span>")
    return "<br>".join(lines)


# ---------------------------------------------------------------- findings


def finding_location(report: AuditReport, finding: Finding) -> str:
    """Where a finding is, for a reader: a table row, a table column, a page or a line of the text."""
    if finding.cells and report.template is not None:
        ids = [split_cell_id(c) for c in finding.cells]
        tables = {t for t, _, _ in ids}
        if len(tables) == 1:
            table = ids[0][0]
            rows, cols = {r for _, r, _ in ids}, {c for _, _, c in ids}
            if len(rows) == 1:
                try:
                    label = row_label(report.template, table, ids[0][1]).strip()
                except KeyError:  # a row the template splits, compared as one (consolidation: （六）其他处理)
                    label = "（六）其他处理" if ids[0][1] == "3.6" else ids[0][1]
                return f"{TABLE_TITLES[table]} · {label}"
            if len(cols) == 1:
                return f"{TABLE_TITLES[table]} · {column_label(report.template, table, ids[0][2])}栏"
            return TABLE_TITLES[table]
    if finding.source is not None:
        box = finding.source.page
        if box is None and report.document is not None:
            box = report.document.page_box(finding.source.start, finding.source.end)
        if box is not None:
            return f"第 {box.page} 页"
        if report.document is not None:
            return f"正文第 {report.document.text.count(chr(10), 0, finding.source.start) + 1} 行"
    return "全文"


def problem_location(report: AuditReport, problem: Problem) -> str:
    """Where a problem is: its suspect cell when it has one, else where its first finding is."""
    if problem.suspect is not None:
        return cell_title(report, problem.suspect.cell).replace("·", " · ")
    return finding_location(report, problem.findings[0])


FINDING_COLUMNS = ("严重程度", "问题", "位置", "说明", "状态", "备注")
COL_SEVERITY, COL_RULE, COL_LOCATION, COL_MESSAGE, COL_STATUS, COL_NOTE = range(6)
_STATUS_ORDER = {Status.PENDING: 0, Status.CONFIRMED: 1, Status.FIXED: 2, Status.CORRECTED: 3, Status.REJECTED: 4}


class FindingsModel(QAbstractTableModel):
    """The problems of the session (one suspected mistake and the findings it explains), with the
    auditor's status and note; a problem the corrections resolved stays listed as 已更正."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._session: ReviewSession | None = None
        self._findings: list[Problem] = []
        self._locations: list[str] = []

    def set_session(self, session: ReviewSession | None) -> None:
        self._session = session
        self.reload()

    def reload(self) -> None:
        """The list of problems changed (a correction): rebuild the rows."""
        self.beginResetModel()
        s = self._session
        self._findings = list(s.problems) if s else []
        self._locations = [problem_location(s.report, p) for p in self._findings] if s else []
        self.endResetModel()

    def review_changed(self, problem: Problem | Finding) -> None:
        found = self._session.problem(problem) if self._session is not None else None
        row = self.row_of(found.key) if found is not None else -1
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(FINDING_COLUMNS) - 1))

    def finding_at(self, row: int) -> Problem | None:
        return self._findings[row] if 0 <= row < len(self._findings) else None

    def row_of(self, key: str) -> int:
        return next((i for i, p in enumerate(self._findings) if p.key == key), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._findings)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FINDING_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(FINDING_COLUMNS):
            return FINDING_COLUMNS[section]
        if role == DISPLAY and orientation == Qt.Orientation.Vertical and 0 <= section < len(self._findings):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return read_only_flags(index)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or self._session is None or not 0 <= index.row() < len(self._findings):
            return None
        f = self._findings[index.row()]
        col = index.column()
        if role == FindingRole:
            return f
        if role == FindingKeyRole:
            return f.key
        if role == SeverityRole:
            return f.severity.value
        if role == StatusRole:
            return self._session.status(f).value
        if role == SearchTextRole:
            review = self._session.review(f)
            note = review.note if review else ""
            rules = " ".join(f"{r} {rule_title(r)}" for r in f.rules)
            return " ".join((rules, self._locations[index.row()], f.message, note)).lower()
        if role == DISPLAY:
            return self._display(f, index.row(), col)
        if role == SortRole:
            if col == COL_SEVERITY:
                return f.severity.rank
            if col == COL_STATUS:
                return _STATUS_ORDER[self._session.status(f)]
            return self._display(f, index.row(), col)
        if role == DECORATION and col == COL_SEVERITY:
            return theme.severity_icon(f.severity)
        if role == FOREGROUND:
            if not self._session.status(f).is_open:
                return QBrush(theme.MISSING_FILL.darker(170))
            if col == COL_SEVERITY:
                return QBrush(theme.SEVERITY_INK[f.severity])
        if role == TOOLTIP:
            if col == COL_RULE:
                return "、".join(f.rules)
            if col in (COL_MESSAGE, COL_LOCATION):
                lines = [f.message] + ([g.message for g in f.findings] if len(f.findings) > 1 else [])
                return "<p style='white-space:pre-wrap'>" + "<br>· ".join(html.escape(t) for t in lines) + "</p>"
            if col in (COL_STATUS, COL_NOTE):
                return review_tooltip(self._session, f)
        return None

    def _display(self, f: Problem, row: int, col: int) -> str:
        assert self._session is not None
        if col == COL_SEVERITY:
            return f.severity.label
        if col == COL_RULE:
            title = rule_title(f.rule)
            return f"{title} 等 {len(f.findings)} 项关系" if len(f.findings) > 1 else title
        if col == COL_LOCATION:
            return self._locations[row]
        if col == COL_MESSAGE:
            return f.message
        if col == COL_STATUS:
            return self._session.status(f).label
        review = self._session.review(f)
        return review.note if review else ""


def review_tooltip(session: ReviewSession, problem: Problem) -> str | None:
    """Who reviewed a problem and when, and for 已更正 the corrections that resolved it."""
    lines = []
    review = session.review(problem)
    if review is not None:
        lines.append(f"{html.escape(review.who)} · {review.at[:16].replace('T', ' ')}")
    for c in session.corrections_of(problem):
        lines.append(f"更正 {html.escape(cell_title(session.report, c.cell_id))}：{html.escape(c.printed_raw.strip())}"
                     f" → {fmt(c.corrected_value)}（{html.escape(c.who)} {c.at[:16].replace('T', ' ')}）")
    return "<br>".join(lines) or None


STATUS_FILTERS = (("all", "全部状态"), ("open", "待定（未处理）"), ("closed", "已处理"),
                  *((s.value, s.label) for s in Status if s is not Status.PENDING))


class FindingsFilterProxy(QSortFilterProxyModel):
    """Filters the findings by severity, status and a search text; sorts by ``SortRole``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._severity: Severity | None = None
        self._status = "all"
        self._text = ""
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def set_severity(self, severity: Severity | str | None) -> None:
        self.beginFilterChange()
        self._severity = Severity(severity) if severity else None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: str) -> None:
        self.beginFilterChange()
        self._status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._severity is not None and model.data(index, SeverityRole) != self._severity.value:
            return False
        status = Status(model.data(index, StatusRole))
        if self._status == "open" and not status.is_open:
            return False
        if self._status == "closed" and status.is_open:
            return False
        if self._status not in ("all", "open", "closed") and status.value != self._status:
            return False
        return not self._text or all(word in model.data(index, SearchTextRole) for word in self._text.split())
