"""Batch audit of a folder: the queue, its progress, and a summary table that opens any report.

The core's ``audit_batch`` does the work (``ui.batchjob``): each row fills in as its report is
read; when every report is in and the reports of one body in consecutive years are compared, the
later one's row takes the new counts.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gkaudit.model import Severity
from ui import theme
from ui.batchjob import CANCELLED, DONE, FAILED, QUEUED, SKIPPED, BatchRow, run_batch
from ui.models import read_only_flags
from ui.roles import PathRole, SortRole
from ui.worker import PRIORITY_BATCH, Task, TaskRunner, batch_processes

Index = QModelIndex | QPersistentModelIndex
BATCH_COLUMNS = ("文件", "单位", "年度", "格式", "错误", "警告", "问题", "上年比对", "状态")
COL_ERRORS, COL_WARNINGS, COL_PROBLEMS, COL_PREVIOUS, COL_STATUS = 4, 5, 6, 7, 8


class BatchModel(QAbstractTableModel):
    """The rows of a batch, queued first and filled in as the worker finishes each report."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[BatchRow] = []

    def start(self, paths: list[str]) -> None:
        self.beginResetModel()
        self.rows = [BatchRow(p) for p in paths]
        self.endResetModel()

    def update_row(self, index: int, row: BatchRow) -> None:
        self.rows[index] = row
        self.dataChanged.emit(self.index(index, 0), self.index(index, len(BATCH_COLUMNS) - 1))

    def cancel_queued(self) -> None:
        for i, row in enumerate(self.rows):
            if row.status == QUEUED:
                self.rows[i] = replace(row, status=CANCELLED)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(BATCH_COLUMNS) - 1))

    def totals(self) -> dict[str, int]:
        out = {"done": 0, "failed": 0, "skipped": 0, "errors": 0, "warnings": 0, "with_errors": 0, "paired": 0}
        for r in self.rows:
            out["done"] += r.status == DONE
            out["failed"] += r.status == FAILED
            out["skipped"] += r.status == SKIPPED
            out["errors"] += r.errors
            out["warnings"] += r.warnings
            out["with_errors"] += r.errors > 0
            out["paired"] += bool(r.previous)
        return out

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(BATCH_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(BATCH_COLUMNS):
            return BATCH_COLUMNS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return read_only_flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == PathRole:
            return row.path
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == SortRole:
            if col in (COL_ERRORS, COL_WARNINGS, COL_PROBLEMS):
                return {COL_ERRORS: row.errors, COL_WARNINGS: row.warnings, COL_PROBLEMS: row.problems}[col]
            if col == 2:
                return row.year or 0
            return self._display(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_PREVIOUS and row.previous:
                return f"已与上年报告比对（结转数、现行有效件数、文字雷同）：{row.previous}"
            return row.reason or row.path
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, COL_ERRORS, COL_WARNINGS, COL_PROBLEMS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == COL_ERRORS and row.errors:
                return QBrush(theme.SEVERITY_INK[Severity.ERROR])
            if col == COL_WARNINGS and row.warnings:
                return QBrush(theme.SEVERITY_INK[Severity.WARNING])
            if col == COL_STATUS and row.status == FAILED:
                return QBrush(theme.SEVERITY_INK[Severity.ERROR])
            if row.status in (QUEUED, CANCELLED):
                return QBrush(theme.MISSING_FILL.darker(160))
        return None

    def _display(self, row: BatchRow, col: int) -> str:
        finished = row.status == DONE
        values = (
            Path(row.path).name,
            row.body,
            str(row.year) if row.year else "",
            row.template,
            str(row.errors) if finished else "",
            str(row.warnings) if finished else "",
            str(row.problems) if finished else "",
            Path(row.previous).name,
            f"{row.status}：{row.reason}" if row.reason else row.status,
        )
        return values[col]


class BatchPanel(QWidget):
    """Runs a batch on the worker and shows it; double-click a row to open that report.

    Signals:
        open_requested(str path, str previous): the auditor wants to review this report (compared
            with last year's report ``previous`` when the batch paired them, else "").
        progress(int done, int total): a report of the batch finished.
        running_changed(bool): a batch started or ended.
        message(str): a line for the status bar.
    """

    open_requested = Signal(str, str)
    progress = Signal(int, int)
    running_changed = Signal(bool)
    message = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.processes = batch_processes()
        self.task: Task | None = None
        self._title = ""
        self._started = 0.0
        self._read = 0  # reports of the running batch read so far
        self.model = BatchModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.title = QLabel("批量审计：打开文件夹（Ctrl+Shift+O）或把文件夹拖到窗口中")
        self.bar = QProgressBar()
        self.bar.setFormat("%v / %m")
        self.bar.setMaximumWidth(320)
        self.bar.setVisible(False)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.setToolTip("停止批量审计（已完成的结果保留）")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setVisible(False)
        top = QHBoxLayout()
        top.setContentsMargins(6, 4, 6, 4)
        top.addWidget(self.title, 1)
        top.addWidget(self.bar)
        top.addWidget(self.cancel_button)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        for col, width in enumerate((260, 260, 60, 60, 60, 60, 60, 200)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._open_row)  # double-click, or Enter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(self, paths: list[str], title: str = "", from_folders: frozenset[str] = frozenset(),
              ocr: str = "auto") -> None:
        if self.task is not None:
            self.task.cancel()
        # Unsorted while filling: sorting 500 rows calls data() thousands of times on the GUI thread.
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.model.start(paths)
        self._title = f"批量审计：{title or f'{len(paths)} 份报告'}"
        self.title.setText(self._title)
        self.bar.setRange(0, len(paths))
        self.bar.setValue(0)
        self._started = time.perf_counter()
        task = self.runner.run(run_batch, paths, self.processes, from_folders, ocr, priority=PRIORITY_BATCH, context=True,
                               own_thread=True)
        self.task = task
        self._read = 0
        task.update.connect(lambda item: self._item(task, item))
        task.finished.connect(lambda rows: self._checked(task, rows))
        task.failed.connect(lambda reason: self._failed(task, reason))
        task.cancelled.connect(lambda: self._ended(task, cancelled=True))
        self._show_running(True)
        self.message.emit(f"开始批量审计 {len(paths)} 份报告…")

    def _item(self, task: Task, item: tuple[int, BatchRow]) -> None:
        if task is not self.task:
            return
        index, row = item
        self.model.update_row(index, row)
        self._read += 1
        self.bar.setValue(self._read)
        self.progress.emit(self._read, self.model.rowCount())
        if self._read == self.model.rowCount():
            self.title.setText(f"{self._title}：与上年报告比对…")

    def _checked(self, task: Task, rows: list[BatchRow] | None) -> None:
        if task is not self.task:
            return
        if rows is None:
            self._ended(task, cancelled=True)
            return
        for i, row in enumerate(rows):
            if row != self.model.rows[i]:
                self.model.update_row(i, row)
        self._ended(task, cancelled=False)

    def _failed(self, task: Task, reason: str) -> None:
        if task is self.task:
            self.message.emit(f"批量审计中断：{reason}")
            self._ended(task, cancelled=True)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.message.emit("正在取消批量审计…")

    def _ended(self, task: Task, cancelled: bool) -> None:
        if task is not self.task:
            return
        self.task = None
        self._show_running(False)
        t = self.model.totals()
        paired = f"；{t['paired']} 份已与上年报告比对" if t["paired"] else ""
        if t["skipped"]:
            paired += f"；跳过 {t['skipped']} 个{SKIPPED}的文件"
        seconds = time.perf_counter() - self._started
        if cancelled:
            self.model.cancel_queued()
            text = f"批量审计已取消：完成 {t['done']} 份，无法审计 {t['failed']} 份{paired}"
        else:
            text = (f"批量审计完成：{t['done']} 份（{seconds:.1f} 秒），其中 {t['with_errors']} 份有错误，"
                    f"共 {t['errors']} 个错误、{t['warnings']} 个警告；无法审计 {t['failed']} 份{paired}")
        self.title.setText(text)
        self.message.emit(text)

    def _show_running(self, on: bool) -> None:
        self.bar.setVisible(on)
        self.cancel_button.setVisible(on)
        self.running_changed.emit(on)

    def _open_row(self, index: QModelIndex) -> None:
        path = index.data(PathRole)
        row = self.model.rows[self.proxy.mapToSource(index).row()]
        if row.status == DONE:
            self.open_requested.emit(path, row.previous)
        elif row.status == FAILED:
            self.message.emit(f"{Path(path).name}：{row.reason}")
