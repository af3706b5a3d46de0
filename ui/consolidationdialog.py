"""汇总核对: the parent report's tables beside the sum of its departments' reports, cell by cell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gkaudit.crosscheck.consolidate import CellSum
from gkaudit.model import Severity, split_cell_id
from gkaudit.templates import TABLE_TITLES, column_label, row_label
from ui import theme
from ui.crosscheck import Consolidation
from ui.models import fmt, read_only_flags
from ui.roles import DiffersRole, SortRole

Index = QModelIndex | QPersistentModelIndex
FIXED_COLUMNS = ("表格", "行", "栏", "本报告", "各部门之和", "差额")
COL_PARENT, COL_TOTAL, COL_DIFF = 3, 4, 5


def cell_labels(template: str, cid: str) -> tuple[str, str, str]:
    """The table, row and column of a compared cell, as printed in the form."""
    table, row, col = split_cell_id(cid)
    try:
        row_text = row_label(template, table, row).strip()
    except KeyError:  # （六）其他处理 summed over its three rows, when a part prints it as one
        row_text = "（六）其他处理" if row == "3.6" else row
    return TABLE_TITLES[table], row_text, column_label(template, table, col)


class ConsolidationModel(QAbstractTableModel):
    """One row per compared cell: labels, the parent's value, the sum, the difference, each part's value."""

    def __init__(self, consolidation: Consolidation, parent: Any = None) -> None:
        super().__init__(parent)
        self.consolidation = consolidation
        self.cells: list[CellSum] = list(consolidation.cells)
        self._labels = [cell_labels(consolidation.template, c.cell) for c in self.cells]
        self._headers = [*FIXED_COLUMNS, *(Path(name).stem for name in consolidation.parts)]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and section >= len(FIXED_COLUMNS):
            return f"所属部门报告：{self.consolidation.parts[section - len(FIXED_COLUMNS)]}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return read_only_flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.cells):
            return None
        c, col = self.cells[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), c, col)
        if role == SortRole:
            return index.row() if col < COL_PARENT else self._number(c, col)
        if role == DiffersRole:
            return c.differs
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= COL_PARENT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and c.differs:
            fill = theme.SUSPECT_FILL if col == COL_DIFF else theme.CELL_FILL
            return QBrush(fill[Severity.WARNING])
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_DIFF and c.differs:
            return QBrush(theme.SEVERITY_INK[Severity.WARNING])
        if role == Qt.ItemDataRole.FontRole and col == COL_DIFF and c.differs:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and c.differs:
            return f"本报告 {fmt(c.parent)}，各部门之和 {fmt(c.total)}，相差 {fmt(c.parent - c.total)}"
        return None

    def _number(self, c: CellSum, col: int) -> float:
        if col == COL_PARENT:
            return c.parent
        if col == COL_TOTAL:
            return c.total
        if col == COL_DIFF:
            return c.parent - c.total
        value = c.parts[col - len(FIXED_COLUMNS)]
        return value if value is not None else float("-inf")

    def _display(self, row: int, c: CellSum, col: int) -> str:
        if col < COL_PARENT:
            return self._labels[row][col]
        if col == COL_PARENT:
            return fmt(c.parent)
        if col == COL_TOTAL:
            return fmt(c.total)
        if col == COL_DIFF:
            diff = c.parent - c.total
            return f"{diff:+}" if diff else "0"
        value = c.parts[col - len(FIXED_COLUMNS)]
        return "—" if value is None else fmt(value)


class DiffersFilter(QSortFilterProxyModel):
    """Only the cells that differ, when asked."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.only_differences = False
        self.setSortRole(SortRole)

    def set_only_differences(self, on: bool) -> None:
        self.beginFilterChange()
        self.only_differences = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.only_differences:
            return True
        model = self.sourceModel()
        return bool(model.index(source_row, 0, source_parent).data(DiffersRole))


class ConsolidationDialog(QDialog):
    """The comparison table of one consolidation; the differences are also findings of the report."""

    def __init__(self, consolidation: Consolidation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"汇总核对 — {consolidation.parent}")
        self.model = ConsolidationModel(consolidation, self)
        self.proxy = DiffersFilter(self)
        self.proxy.setSourceModel(self.model)
        differing = sum(c.differs for c in consolidation.cells)
        rows = {split_cell_id(c.cell)[:2] for c in consolidation.cells if c.differs}
        text = (f"本报告与 {len(consolidation.parts)} 份所属部门报告之和比较了 {len(consolidation.cells)} 个单元格："
                + (f"<b style='color:{theme.SEVERITY_INK[Severity.WARNING].name()}'>{differing} 个不符</b>"
                   f"（{len(rows)} 行，已列入问题清单）" if differing else "全部相符"))
        if consolidation.left_out:
            text += f"<br>年度不同、未计入：{'、'.join(consolidation.left_out)}"
        self.summary = QLabel(text)
        self.summary.setWordWrap(True)
        self.only_differences = QCheckBox("只显示不符的单元格")
        self.only_differences.toggled.connect(self.proxy.set_only_differences)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.only_differences)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        for col, width in enumerate((90, 300, 110, 80, 90, 70)):
            header.resizeSection(col, width)
        for col in range(len(FIXED_COLUMNS), self.model.columnCount()):
            self.view.resizeColumnToContents(col)
        wanted = sum(header.sectionSize(c) for c in range(self.model.columnCount())) + 60
        self.resize(max(900, min(1400, wanted)), 640)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        first = next((i for i, c in enumerate(self.model.cells) if c.differs), None)
        if first is not None:
            self.view.scrollTo(self.proxy.mapFromSource(self.model.index(first, 0)),
                               QAbstractItemView.ScrollHint.PositionAtTop)
