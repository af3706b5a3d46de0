"""The audit trail (审计轨迹) of the open report: every status, note, correction and sign-off, oldest first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from gkaudit.review import TrailEntry, review_state
from gkaudit.workspace import ReviewSession
from ui.models import read_only_flags

Index = QModelIndex | QPersistentModelIndex
TRAIL_COLUMNS = ("时间", "操作人", "操作", "对象", "内容")


class TrailModel(QAbstractTableModel):
    """The trail entries of a session as rows."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[TrailEntry] = []

    def set_entries(self, entries: list[TrailEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TRAIL_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return TRAIL_COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return read_only_flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        e = self.entries[index.row()]
        values = (e.at, e.who, e.action, e.subject, e.detail)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return values[index.column()]
        return None


class TrailPanel(QWidget):
    """A tab under the report listing the trail; ``refresh`` after any change the auditor makes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: ReviewSession | None = None
        self.model = TrailModel(self)
        self.view = QTableView()
        self.view.setObjectName("trailView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        for col, width in ((0, 150), (1, 90), (2, 100), (3, 360)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def show_session(self, session: ReviewSession | None) -> None:
        self.session = session
        self.refresh()

    def refresh(self) -> None:
        entries = list(review_state(self.session).trail) if self.session is not None else []
        self.model.set_entries(entries)
        if entries:
            self.view.scrollToBottom()
