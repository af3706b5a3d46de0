"""The right panel: one tab per table of the report, cells coloured by the findings that touch them."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen, QPixmap, QPolygon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gkaudit.model import Severity, split_cell_id
from gkaudit.templates import TABLE_IDS, TABLE_TITLES, TEMPLATES
from gkaudit.workspace import ReviewSession
from ui import theme
from ui.models import ReportTableModel, cell_summary, fmt
from ui.roles import CorrectedRole, SeverityRole, SuspectRole

Index = QModelIndex | QPersistentModelIndex
SELECTION_FILL = QColor(30, 91, 184, 40)
SELECTION_EDGE = QColor(30, 91, 184, 170)


class CellDelegate(QStyledItemDelegate):
    """Draws the suspect cell's frame and the corrected-cell corner mark; edits with a line edit."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # The style paints a selected cell in the plain highlight colour, hiding its severity fill:
        # paint it unselected, then lay a translucent selection over it.
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        opt = QStyleOptionViewItem(option)
        opt.state &= ~QStyle.StateFlag.State_Selected
        super().paint(painter, opt, index)
        rect = option.rect
        if selected:
            painter.save()
            painter.fillRect(rect, SELECTION_FILL)
            painter.setPen(QPen(SELECTION_EDGE, 1))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
            painter.restore()
        if index.data(SuspectRole):
            severity = Severity(index.data(SeverityRole) or Severity.ERROR)
            painter.save()
            painter.setPen(QPen(theme.SUSPECT_BORDER[severity], 2.5))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
            painter.restore()
        if index.data(CorrectedRole):
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.CORRECTED_INK)
            tl = rect.topLeft()
            painter.drawPolygon(QPolygon([tl, tl + QPoint(9, 0), tl + QPoint(0, 9)]))
            painter.restore()

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setPlaceholderText("留空则恢复印刷值")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        if editor.text().strip() != str(index.data(Qt.ItemDataRole.EditRole) or "").strip():
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class TablesPanel(QWidget):
    """Tabs 主动公开 / 依申请公开 / 复议诉讼, each a ``ReportTableModel`` in a table view.

    Signals:
        cell_selected(str cell_id): the auditor selected one cell.
        edit_requested(str cell_id, str text): the auditor typed a correction.
        clear_requested(str cell_id): the auditor asked to undo a correction.
        suggestion_requested(str cell_id): the auditor accepted the suggested value of a suspect cell.
        crop_wanted(str cell_id): a cell OCR read without certainty is shown: the window is asked for
            the piece of the page image it was read from (``show_crop``).
    """

    cell_selected = Signal(str)
    edit_requested = Signal(str, str)
    clear_requested = Signal(str)
    suggestion_requested = Signal(str)
    crop_wanted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: ReviewSession | None = None
        self.summary = QLabel("打开一份年度报告（Ctrl+O），或把文件、文件夹拖到窗口中")
        self.summary.setObjectName("panelTitle")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.models: dict[str, ReportTableModel] = {}
        self.views: dict[str, QTableView] = {}
        self._programmatic = False
        self._detail_cell: str | None = None
        for table in TABLE_IDS:
            model = ReportTableModel(self)
            view = self._make_view(model)
            model.edit_requested.connect(self.edit_requested)
            self.models[table], self.views[table] = model, view
            self.tabs.addTab(view, TABLE_TITLES[table])
        self._sized: set[str] = set()
        self.tabs.currentChanged.connect(lambda _i: self._size_rows())
        # What the tooltip says about the current cell, always in view: rule, both sides, difference.
        self.detail = QLabel()
        self.detail.setObjectName("cellDetail")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A fixed height, so selecting a cell never moves the table under the mouse.
        self.detail.setFixedHeight(self.fontMetrics().lineSpacing() * 6 + 18)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        # The page image an uncertain OCR cell was read from, beside what was read: one look confirms it.
        self.crop = QLabel()
        self.crop.setObjectName("ocrCrop")
        self.crop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.crop.setFixedHeight(self.detail.height())
        self.crop.setMinimumWidth(120)
        self.crop.setVisible(False)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.crop)
        row.addWidget(self.detail, 1)
        layout.addLayout(row)

    def _make_view(self, model: ReportTableModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setItemDelegate(CellDelegate(view))
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        view.setWordWrap(True)
        view.setAlternatingRowColors(False)
        view.verticalHeader().setVisible(False)
        # Rows are sized once per report and only for the tab in view (resize-to-contents asked every
        # cell of all three tables on each model reset: ~100 ms on the main thread when a report showed).
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setHighlightSections(False)
        view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(lambda pos, v=view: self._context_menu(v, pos))
        view.selectionModel().currentChanged.connect(lambda cur, _prev, m=model: self._current_changed(m, cur))
        return view

    # ------------------------------------------------------------------ feeding

    def show_session(self, session: ReviewSession | None) -> None:
        self.session = session
        report = session.report if session else None
        for table, model in self.models.items():
            model.set_session(session if report and report.template else None, table)
            view = self.views[table]
            header = view.horizontalHeader()
            header.setVisible(table != "active")
            if model.columnCount():
                header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
                view.setColumnWidth(0, 300 if table == "apply" else 200)
                for c in range(1, model.columnCount()):
                    header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
        if report is None:
            self.summary.setText("打开一份年度报告（Ctrl+O），或把文件、文件夹拖到窗口中")
        else:
            template = TEMPLATES[report.template].issued_with if report.template else "未识别的格式"
            ro = "　<span style='color:#a86400'>（旧版本审核记录，只读）</span>" if session and session.read_only else ""
            self.summary.setText(
                f"<b>{report.body or '（未识别单位）'}</b>　{report.year or '？'} 年度　"
                f"<span style='color:#666'>{report.template or '？'} 版格式（{template}）</span>{ro}"
            )
        self._sized.clear()
        self._size_rows()
        self._update_tab_titles()
        self.show_detail(None)

    def _size_rows(self) -> None:
        """Fit the rows of the table in view to their wrapped labels, once per report."""
        view = self.tabs.currentWidget()
        table = next((t for t, v in self.views.items() if v is view), None)
        if table is None or table in self._sized:
            return
        self._sized.add(table)
        self.views[table].resizeRowsToContents()

    def refresh(self) -> None:
        for model in self.models.values():
            model.refresh()
        self._update_tab_titles()
        self.show_detail(self._detail_cell)

    def show_detail(self, cid: str | None) -> None:
        """Describe a cell under the table (its correction and every finding on it)."""
        if cid != self._detail_cell:
            self.crop.setVisible(False)
        self._detail_cell = cid
        session = self.session
        if cid is None or session is None or session.report.template is None:
            self.detail.setText("<span style='color:#888'>选中一个单元格，这里显示它所在的勾稽关系（分项之和、合计、差额）</span>"
                                if session is not None else "")
            return
        cell = session.report.cell(cid)
        unsure = cell is not None and cell.confidence is not None and cell.reading == "uncertain"
        text = cell_summary(session, cid)
        if unsure and cell is not None:
            read = fmt(cell.value) if cell.value is not None else "（空）"
            text += (f"<br><span style='color:#a86400'>扫描识别不确定：读作 {read}（把握 {cell.confidence:.0%}），"
                     "请与左侧原图核对；不对就按 F2 更正</span>")
        self.detail.setText(text)
        if unsure and not self.crop.isVisible():
            self.crop_wanted.emit(cid)

    def show_crop(self, cid: str, image: QImage) -> None:
        """Show the page image of cell ``cid`` beside its description (if it is still the one shown)."""
        if cid != self._detail_cell or image.isNull():
            return
        self.crop.setPixmap(QPixmap.fromImage(image))
        self.crop.setToolTip("原图中的此格（扫描识别不确定），请与识别结果核对")
        self.crop.setVisible(True)

    def _update_tab_titles(self) -> None:
        findings = self.session.findings if self.session else []
        for i, table in enumerate(TABLE_IDS):
            mine = [f for f in findings if any(c.startswith(f"{table}/") for c in f.cells)]
            worst = min((f.severity for f in mine), key=lambda s: s.rank, default=None)
            self.tabs.setTabText(i, f"{TABLE_TITLES[table]}（{len(mine)}）" if mine else TABLE_TITLES[table])
            self.tabs.tabBar().setTabTextColor(i, theme.SEVERITY_INK[worst] if worst else QColor())

    # ------------------------------------------------------------------ selection

    def select_cells(self, cells: tuple[str, ...] | list[str], focus: str | None = None) -> None:
        """Select the cells (of one table), show its tab and scroll ``focus`` (or the first) into view."""
        if not cells:
            return
        table = split_cell_id(focus or cells[0])[0]
        model, view = self.models[table], self.views[table]
        selection = QItemSelection()
        for cid in cells:
            index = model.index_of(cid)
            if index.isValid():
                selection.select(index, index)
        self._programmatic = True
        try:
            self.tabs.setCurrentWidget(view)
            target = model.index_of(focus or cells[0])
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            view.selectionModel().select(selection, flags)
            if target.isValid():
                view.selectionModel().setCurrentIndex(target, QItemSelectionModel.SelectionFlag.NoUpdate)
                view.scrollTo(target, QAbstractItemView.ScrollHint.PositionAtCenter)
            self.show_detail(focus or cells[0])
        finally:
            self._programmatic = False

    def selected_cells(self) -> list[str]:
        view = self.tabs.currentWidget()
        if not isinstance(view, QTableView):
            return []
        model = view.model()
        assert isinstance(model, ReportTableModel)
        ids = [model.cell_id_at(i) for i in view.selectionModel().selectedIndexes()]
        return [c for c in ids if c]

    def current_cell(self) -> str | None:
        view = self.tabs.currentWidget()
        if not isinstance(view, QTableView):
            return None
        model = view.model()
        assert isinstance(model, ReportTableModel)
        return model.cell_id_at(view.currentIndex())

    def edit_current(self) -> bool:
        """Open the editor on the current cell (F2 from anywhere in the window)."""
        view = self.tabs.currentWidget()
        if not isinstance(view, QTableView) or not view.currentIndex().isValid():
            return False
        view.setFocus()
        view.edit(view.currentIndex())
        return True

    def _current_changed(self, model: ReportTableModel, current: QModelIndex) -> None:
        if self._programmatic:
            return
        cid = model.cell_id_at(current)
        self.show_detail(cid)
        if cid is not None:
            self.cell_selected.emit(cid)

    # ------------------------------------------------------------------ context menu

    def _context_menu(self, view: QTableView, pos: QPoint) -> None:
        index = view.indexAt(pos)
        model = view.model()
        assert isinstance(model, ReportTableModel)
        cid = model.cell_id_at(index)
        if cid is None or self.session is None:
            return
        menu = QMenu(self)
        edit = menu.addAction("更正此格…\tF2", lambda: view.edit(index))
        edit.setEnabled(bool(model.flags(index) & Qt.ItemFlag.ItemIsEditable))
        undo = menu.addAction("恢复印刷值（撤销更正）", lambda: self.clear_requested.emit(cid))
        undo.setEnabled(cid in self.session.corrections and not self.session.read_only)
        for f in self.session.findings_of_cell(cid):
            if f.suspect is not None and f.suspect.cell == cid:
                act = menu.addAction(f"采用建议值 {fmt(f.suspect.suggested)}", lambda: self.suggestion_requested.emit(cid))
                act.setEnabled(not self.session.read_only)
                break
        menu.addSeparator()
        menu.addAction("复制单元格编号", lambda: QGuiApplication.clipboard().setText(cid))
        menu.exec(view.viewport().mapToGlobal(pos))
