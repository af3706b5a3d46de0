"""The bottom panel: the findings list with filters, the open-findings counter and the review editor."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gkaudit.model import Finding, Severity
from gkaudit.problems import Problem
from gkaudit.workspace import ReviewSession, Status
from ui.models import (
    COL_LOCATION,
    COL_MESSAGE,
    COL_NOTE,
    COL_RULE,
    COL_SEVERITY,
    COL_STATUS,
    STATUS_FILTERS,
    FindingsFilterProxy,
    FindingsModel,
)
from ui.roles import FindingRole, StatusRole


class PlaceholderTableView(QTableView):
    """A table view that says why it is empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = "未打开报告"

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0 and self.placeholder:
            painter = QPainter(self.viewport())
            painter.setPen(QColor("#888888"))
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
            painter.end()


class FindingsPanel(QWidget):
    """Problems of the open report; selecting one asks the window to show its cells and source.

    Signals:
        finding_selected(object Problem): the auditor selected a problem (click, keys, F8).
        status_requested(object Problem, object Status): the auditor set a status.
        note_requested(object Problem, str): the auditor finished editing a note.
    """

    finding_selected = Signal(object)
    status_requested = Signal(object, object)
    note_requested = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: ReviewSession | None = None
        self.model = FindingsModel(self)
        self.proxy = FindingsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._programmatic = False
        self._note_finding: Problem | None = None

        self.counter = QLabel()
        self.counter.setObjectName("openCounter")
        self.severity_filter = QComboBox()
        self.severity_filter.addItem("全部级别", None)
        for s in Severity:
            self.severity_filter.addItem(s.label, s)
        self.status_filter = QComboBox()
        for value, label in STATUS_FILTERS:
            self.status_filter.addItem(label, value)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索规则、位置、说明、备注（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.severity_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_severity(self.severity_filter.currentData()))
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(self.status_filter.currentData()))
        self.search.textChanged.connect(self.proxy.set_text)
        self.prev_button = self._tool("◀ 上一条", "上一个待定问题（Shift+F8）", lambda: self.move_open(-1))
        self.next_button = self._tool("下一条 ▶", "下一个待定问题（F8）", lambda: self.move_open(1))

        top = QHBoxLayout()
        top.setContentsMargins(6, 4, 6, 4)
        top.addWidget(self.counter)
        top.addStretch(1)
        top.addWidget(self.severity_filter)
        top.addWidget(self.status_filter)
        top.addWidget(self.search, 1)
        top.addWidget(self.prev_button)
        top.addWidget(self.next_button)

        self.view = PlaceholderTableView()
        self.view.setObjectName("findingsView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COL_SEVERITY, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        for col, width in ((COL_SEVERITY, 76), (COL_RULE, 150), (COL_LOCATION, 270), (COL_STATUS, 64), (COL_NOTE, 200)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

        self.status_buttons: dict[Status, QToolButton] = {}
        self._status_group = QButtonGroup(self)
        self._status_group.setExclusive(True)
        editor = QHBoxLayout()
        editor.setContentsMargins(6, 4, 6, 6)
        editor.addWidget(QLabel("审核结论："))
        for i, status in enumerate(Status.choices()):
            b = QToolButton()
            b.setText(status.label)
            b.setCheckable(True)
            b.setToolTip(f"把选中的问题标为“{status.label}”（Ctrl+{i}）")
            b.setObjectName(f"status_{status.value}")
            b.clicked.connect(lambda _on=False, s=status: self.request_status(s))
            self._status_group.addButton(b)
            self.status_buttons[status] = b
            editor.addWidget(b)
        editor.addSpacing(12)
        editor.addWidget(QLabel("备注："))
        self.note = QLineEdit()
        self.note.setPlaceholderText("审核意见，回车或离开输入框即保存")
        self.note.editingFinished.connect(self.save_note_now)
        # Typing is saved after a short pause too, so a power cut loses at most the last second.
        self._note_timer = QTimer(self, singleShot=True, interval=800)
        self._note_timer.timeout.connect(self.save_note_now)
        self.note.textEdited.connect(lambda _text: self._note_timer.start())
        editor.addWidget(self.note, 1)
        self.reviewed_by = QLabel()
        self.reviewed_by.setObjectName("reviewedBy")
        editor.addWidget(self.reviewed_by)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(editor)
        self._update_editor()
        self._update_counter()

    def _tool(self, text: str, tip: str, slot: object) -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setToolTip(tip)
        b.clicked.connect(slot)
        return b

    # ------------------------------------------------------------------ feeding

    def show_session(self, session: ReviewSession | None) -> None:
        self._note_timer.stop()
        self._note_finding = None
        self.session = session
        self.model.set_session(session)
        self._update_editor()
        self._update_counter()

    def reload(self) -> None:
        """The findings changed (a correction): rebuild, keeping the selected finding if it is still there."""
        key = self.current_key()
        self._programmatic = True
        try:
            self.model.reload()
            if key is not None:
                self._select_key(key)
        finally:
            self._programmatic = False
        self._update_editor()
        self._update_counter()

    def review_changed(self, finding: Problem | Finding) -> None:
        self.model.review_changed(finding)
        self._update_editor()
        self._update_counter()

    # ------------------------------------------------------------------ selection

    def current_finding(self) -> Problem | None:
        """The selected problem (None when nothing is selected)."""
        index = self.view.currentIndex()
        return index.data(FindingRole) if index.isValid() else None

    def current_key(self) -> str | None:
        f = self.current_finding()
        return None if f is None else f.key

    def select_finding(self, finding: Problem | Finding | str, notify: bool = True) -> bool:
        if isinstance(finding, str):
            key = finding
        else:
            problem = self.session.problem(finding) if self.session is not None else None
            if problem is None:
                return False
            key = problem.key
        self._programmatic = not notify
        try:
            return self._select_key(key)
        finally:
            self._programmatic = False

    def select_for_cell(self, cell_id: str) -> None:
        """Select the first listed finding that involves the cell, quietly (the cell is already shown)."""
        self._programmatic = True
        try:
            for row in range(self.proxy.rowCount()):
                p: Problem = self.proxy.index(row, 0).data(FindingRole)
                if cell_id in p.cells:
                    self._select_proxy_row(row)
                    return
            self.view.selectionModel().clear()
            self.view.setCurrentIndex(QModelIndex())
        finally:
            self._programmatic = False
            self._update_editor()

    def _select_key(self, key: str) -> bool:
        source_row = self.model.row_of(key)
        if source_row < 0:
            return False
        proxy_index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not proxy_index.isValid():
            return False
        self._select_proxy_row(proxy_index.row())
        return True

    def _select_proxy_row(self, row: int) -> None:
        index = self.proxy.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)

    def move_open(self, step: int) -> bool:
        """Select the next (step 1) or previous (step -1) open finding in list order, wrapping round."""
        n = self.proxy.rowCount()
        if n == 0:
            return False
        current = self.view.currentIndex().row() if self.current_finding() is not None else (-1 if step > 0 else n)
        for i in range(1, n + 1):
            row = (current + step * i) % n
            if Status(self.proxy.index(row, 0).data(StatusRole)).is_open:
                if row == current:
                    self.finding_selected.emit(self.current_finding())
                else:
                    self._select_proxy_row(row)
                return True
        return False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.save_note_now()
        self._update_editor()
        if self._programmatic or not current.isValid():
            return
        self.finding_selected.emit(current.data(FindingRole))

    # ------------------------------------------------------------------ review editing

    def request_status(self, status: Status) -> None:
        f = self.current_finding()
        if f is not None:
            self.status_requested.emit(f, status)
        self._update_editor()

    def save_note_now(self) -> None:
        """Save the note editor's text to the finding it was opened for, if it changed."""
        self._note_timer.stop()
        f = self._note_finding
        if f is None or self.session is None or self.session.read_only:
            return
        review = self.session.review(f)
        if self.note.text() != (review.note if review else ""):
            self.note_requested.emit(f, self.note.text())

    def _update_editor(self) -> None:
        """The buttons show the selected problem's status, and none is down when nothing is selected."""
        f = self.current_finding()
        session = self.session
        enabled = f is not None and session is not None and not session.read_only
        review = session.review(f) if f is not None and session is not None else None
        status = session.status(f) if f is not None and session is not None else None
        # An exclusive group keeps one button down whatever is asked: lift the rule while setting them.
        self._status_group.setExclusive(False)
        for s, b in self.status_buttons.items():
            b.setEnabled(enabled and status is not Status.CORRECTED)
            b.setChecked(s is status)
        self._status_group.setExclusive(True)
        self.note.setEnabled(enabled)
        same = f is not None and self._note_finding is not None and f.key == self._note_finding.key
        if not (same and self.note.hasFocus()):
            self.note.setText(review.note if review else "")
        self._note_finding = f
        who = f"{review.who} · {review.at[:16].replace('T', ' ')}" if review else ""
        if status is Status.CORRECTED:
            who = "已更正" + (f"（{who}）" if who else "")
        self.reviewed_by.setText(who)

    def _update_counter(self) -> None:
        s = self.session
        if s is None:
            self.view.placeholder = "未打开报告"
            self.counter.setText("问题清单")
            return
        if s.findings:
            self.view.placeholder = "没有符合筛选条件的问题"
        else:
            self.view.placeholder = "未发现问题：各表勾稽关系均成立" if not s.corrections else "更正后所有勾稽关系均已成立"
        total = len(s.problems)
        still_open = len(s.open_problems())
        colour = "#c62828" if still_open else "#2e7d32"
        relations = len(s.findings)
        self.counter.setText(f"待定 <b style='color:{colour}'>{still_open}</b> / 共 {total} 个问题"
                             f"<span style='color:#777'>（{relations} 项检查结果）</span>")

    @property
    def open_count(self) -> int:
        return len(self.session.open_problems()) if self.session else 0


__all__ = ["COL_LOCATION", "COL_RULE", "COL_STATUS", "FindingsPanel"]
