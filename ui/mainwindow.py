"""The main window: composes the panels, the menus and the status bar, and connects their signals."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QToolButton,
)

from gkaudit import APP_TITLE
from gkaudit.isolation import prestart
from gkaudit.model import Finding, Source
from gkaudit.reading.page_folder import is_page_folder
from gkaudit.scan import scan_paths
from gkaudit.workspace import ReviewSession, Role, Status
from ui import about, dialogs, helpdialog
from ui.batchjob import DONE
from ui.batchpanel import BatchPanel
from ui.consolidationdialog import ConsolidationDialog
from ui.controller import ReviewController
from ui.crosscheck import Consolidation, CrossCheckController
from ui.documentview import DocumentView
from ui.findingspanel import FindingsPanel
from ui.settings import Settings
from ui.tablespanel import TablesPanel
from ui.trailpanel import TrailPanel
from ui.worker import PRIORITY_BATCH, Task, TaskRunner

FILE_FILTER = dialogs.REPORT_FILTER


class MainWindow(QMainWindow):
    """Report on the left, tables on the right, findings and batches below.

    Signals:
        report_shown(object): a session was shown in every panel (None when closed).
    """

    report_shown = Signal(object)

    def __init__(self, settings: Settings | None = None, restore_geometry: bool = True) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.runner = TaskRunner(self)
        # Reports are audited in a child process (gkaudit.isolation): start it now, not on the first open.
        self.runner.run(prestart, priority=PRIORITY_BATCH)
        self.controller = ReviewController(
            self.runner, self.settings, lambda: dialogs.ask_auditor(self, self.settings),
            lambda path: dialogs.ask_changed_file(self, path), self,
            ask_start_anew=lambda reason: dialogs.ask_start_anew(self, reason),
        )
        self.crosscheck = CrossCheckController(self.runner, self.controller, self)
        self.consolidation_dialog: ConsolidationDialog | None = None
        self.document = DocumentView(self.runner)
        self.tables = TablesPanel()
        self.findings = FindingsPanel()
        self.batch = BatchPanel(self.runner)
        self.trail = TrailPanel()
        self.bottom = QTabWidget()
        self.bottom.setDocumentMode(True)
        self.bottom.addTab(self.findings, "问题清单")
        self.bottom.addTab(self.batch, "批量审计")
        self.bottom.addTab(self.trail, "审计轨迹")
        self.export_task: Task | None = None
        self.top_split = QSplitter(Qt.Orientation.Horizontal)
        self.top_split.addWidget(self.document)
        self.top_split.addWidget(self.tables)
        self.top_split.setStretchFactor(0, 5)
        self.top_split.setStretchFactor(1, 6)
        self.main_split = QSplitter(Qt.Orientation.Vertical)
        self.main_split.addWidget(self.top_split)
        self.main_split.addWidget(self.bottom)
        self.main_split.setStretchFactor(0, 3)
        self.main_split.setStretchFactor(1, 1)
        self.setCentralWidget(self.main_split)
        self.setAcceptDrops(True)
        self._build_status_bar()
        self._build_menus()
        self._connect()
        self._split_on_show = False
        self._restore_geometry(restore_geometry)
        self._update_title()

    # ------------------------------------------------------------------ composition

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.open_label = QLabel()
        self.open_label.setObjectName("statusOpen")
        self.batch_progress = QProgressBar()
        self.batch_progress.setMaximumWidth(180)
        self.batch_progress.setFormat("批量 %v/%m")
        self.batch_progress.setVisible(False)
        # A scanned report's pages as OCR reads them, with a way out of a long reading.
        self.ocr_progress = QProgressBar()
        self.ocr_progress.setMaximumWidth(180)
        self.ocr_progress.setFormat("识别 %v/%m 页")
        self.ocr_progress.setVisible(False)
        self.ocr_cancel = QToolButton()
        self.ocr_cancel.setText("取消")
        self.ocr_cancel.setToolTip("停止识别并取消打开这份报告")
        self.ocr_cancel.setVisible(False)
        self.ocr_cancel.clicked.connect(self.controller.cancel_opening)
        self.review_label = QLabel()
        self.review_label.setObjectName("statusReview")
        bar.addPermanentWidget(self.ocr_progress)
        bar.addPermanentWidget(self.ocr_cancel)
        bar.addPermanentWidget(self.batch_progress)
        bar.addPermanentWidget(self.review_label)
        bar.addPermanentWidget(self.open_label)
        bar.showMessage("就绪：打开报告（Ctrl+O）或文件夹（Ctrl+Shift+O），也可以把它们拖到窗口中")

    def _action(self, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("文件(&F)")
        file.addAction(self._action("打开报告…", self.choose_file, QKeySequence.StandardKey.Open, "打开一份年度报告"))
        file.addAction(self._action("打开文件夹（批量审计）…", self.choose_folder, "Ctrl+Shift+O",
                                    "审计一个文件夹中的所有报告"))
        self.recent_menu = file.addMenu("最近打开")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        file.addAction(self._action("导出审计底稿…", self.export_report, "Ctrl+E",
                                    "把打开的报告连同审核记录（状态、意见、更正、签字、结论、审计轨迹）写成 Excel 底稿"))
        file.addAction(self._action("导出批量审计底稿…", self.export_batch, "Ctrl+Shift+E",
                                    "把批量审计的所有报告连同各自的审核记录写成一个 Excel 底稿"))
        file.addSeparator()
        file.addAction(self._action("关闭报告", self.controller.close_session, QKeySequence.StandardKey.Close))
        file.addAction(self._action("退出", self.close, QKeySequence.StandardKey.Quit))
        review = bar.addMenu("审核(&R)")
        review.addAction(self._action("下一个待定问题", lambda: self._move(1), "F8"))
        review.addAction(self._action("上一个待定问题", lambda: self._move(-1), "Shift+F8"))
        review.addSeparator()
        for i, status in enumerate(Status.choices()):
            review.addAction(self._action(f"标为“{status.label}”", partial(self.findings.request_status, status),
                                          f"Ctrl+{i}"))
        review.addSeparator()
        review.addAction(self._action("更正选中的单元格", self._edit_current_cell, "F2"))
        review.addAction(self._action("恢复印刷值（撤销更正）", self._clear_current_cell, "Ctrl+Backspace"))
        review.addSeparator()
        review.addAction(self._action("与上一年度报告比对…", self._choose_previous, None,
                                      "选择同一单位上一年度的报告，核对上年结转数、现行有效件数和文字雷同"))
        review.addAction(self._action("与所属部门报告汇总核对…", self._choose_parts, None,
                                      "选择所属部门的报告，比较本报告的表格与各部门之和"))
        review.addAction(self._action("更正单位类别…", self._choose_kind, None,
                                      "人民政府或政府部门：决定发布时限（条例第四十九条）"))
        review.addSeparator()
        review.addAction(self._action("审计结论…", self.edit_conclusion, None, "写入底稿的审计结论（默认按问题自动生成）"))
        review.addAction(self._action("编制签字…", partial(self.sign_off, Role.PREPARER), None, "编制人签字"))
        review.addAction(self._action("复核签字…", partial(self.sign_off, Role.REVIEWER), None,
                                      "复核人签字（不能是编制人）"))
        review.addAction(self._action("定稿", self.finalise, None, "锁定审核记录（只读）；需编制人、复核人都已签字"))
        review.addAction(self._action("撤销定稿…", self.unfinalise, None, "解除锁定；原因记入审计轨迹"))
        review.addSeparator()
        review.addAction(self._action("搜索问题", self._focus_search, QKeySequence.StandardKey.Find))
        view = bar.addMenu("视图(&V)")
        view.addAction(self._action("问题清单", lambda: self.bottom.setCurrentWidget(self.findings), "Ctrl+L"))
        view.addAction(self._action("批量审计", lambda: self.bottom.setCurrentWidget(self.batch), "Ctrl+B"))
        view.addAction(self._action("审计轨迹", lambda: self.bottom.setCurrentWidget(self.trail), "Ctrl+T"))
        view.addAction(self._action("放大 PDF", self.document.zoom_in.click, QKeySequence.StandardKey.ZoomIn))
        view.addAction(self._action("缩小 PDF", self.document.zoom_out.click, QKeySequence.StandardKey.ZoomOut))
        settings = bar.addMenu("设置(&S)")
        settings.addAction(self._action("首选项（审核人）…", self.edit_prefs, QKeySequence.StandardKey.Preferences))
        help_menu = bar.addMenu("帮助(&H)")
        help_menu.addAction(self._action("使用说明", self.show_help, QKeySequence.StandardKey.HelpContents))
        help_menu.addAction(self._action("关于 gkaudit", lambda: about.show_about(self)))

    def _connect(self) -> None:
        c = self.controller
        c.session_closing.connect(self.flush)
        c.session_changed.connect(self._show_session)
        c.findings_changed.connect(self._findings_changed)
        c.review_changed.connect(self._review_changed)
        c.signoff_changed.connect(self._signoff_changed)
        self.document.cell_clicked.connect(self.select_cell)
        c.failed.connect(lambda path, reason: dialogs.show_error(self, "无法打开报告", f"{Path(path).name}\n\n{reason}"))
        c.message.connect(self.statusBar().showMessage)
        c.pages_read.connect(self._pages_read)
        c.opening_ended.connect(self._opening_ended)
        c.problem.connect(lambda reason: dialogs.show_error(self, "审核工作区", reason))
        self.document.status.connect(self.statusBar().showMessage)
        self.findings.finding_selected.connect(self.show_finding)
        self.findings.status_requested.connect(c.set_status)
        self.findings.note_requested.connect(c.set_note)
        self.tables.cell_selected.connect(self.show_cell)
        self.tables.edit_requested.connect(c.correct_text)
        self.tables.clear_requested.connect(c.clear_correction)
        self.tables.suggestion_requested.connect(c.apply_suggestion)
        self.tables.crop_wanted.connect(self.document.request_crop)
        self.document.crop_ready.connect(self.tables.show_crop)
        self.batch.open_requested.connect(self.open_file)
        x = self.crosscheck
        x.findings_changed.connect(self._findings_changed)
        x.consolidation_ready.connect(self.show_consolidation)
        x.failed.connect(lambda title, reason: dialogs.show_error(self, title, reason))
        x.message.connect(self.statusBar().showMessage)
        self.batch.message.connect(self.statusBar().showMessage)
        self.batch.running_changed.connect(self.batch_progress.setVisible)
        self.batch.progress.connect(self._batch_progress)

    def _pages_read(self, done: int, total: int) -> None:
        self.ocr_progress.setRange(0, total)
        self.ocr_progress.setValue(done)
        self.ocr_progress.setVisible(True)
        self.ocr_cancel.setVisible(True)

    def _opening_ended(self) -> None:
        self.ocr_progress.setVisible(False)
        self.ocr_cancel.setVisible(False)

    def _batch_progress(self, done: int, total: int) -> None:
        self.batch_progress.setRange(0, total)
        self.batch_progress.setValue(done)

    # ------------------------------------------------------------------ opening

    def open_paths(self, paths: list[str]) -> None:
        """One file opens for review; folders and several files become a batch."""
        # A folder of page photos is one scanned report: it opens for review like a file.
        if len(paths) == 1 and (Path(paths[0]).is_file() or is_page_folder(paths[0])):
            self.open_file(paths[0])
            return
        scan = scan_paths(paths)
        files = [str(p) for p in scan.files if p.is_file() or is_page_folder(p)]
        skipped = [f"无法读取文件夹 {folder}：{reason}" for folder, reason in scan.unreadable]
        skipped += [f"找不到：{missing}" for missing in scan.missing]
        if not files:
            reason = "所选位置中没有 .txt .html .htm .docx .doc .wps .pdf 报告文件，也不是只含页面图片的文件夹"
            dialogs.show_error(self, "没有可审计的报告", "\n".join([reason, *skipped]))
            return
        if skipped:  # said, not skipped without a word; the rest is audited
            self.statusBar().showMessage("；".join(skipped))
        title = paths[0] if len(paths) == 1 else f"{len(files)} 份报告"
        self.bottom.setCurrentWidget(self.batch)
        self.batch.start(files, f"{title}（{len(files)} 份）" if len(paths) == 1 else title,
                         frozenset(str(p) for p in scan.from_folders), self.settings.ocr)

    def open_file(self, path: str, previous: str = "") -> None:
        self.controller.open(path, previous)

    def choose_file(self) -> None:
        start = str(self.settings.get("recent/folder") or Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "打开年度报告", start, FILE_FILTER)
        if path:
            self.open_file(path)

    def choose_folder(self) -> None:
        start = str(self.settings.get("recent/folder") or Path.home())
        folder = QFileDialog.getExistingDirectory(self, "选择要批量审计的文件夹", start)
        if folder:
            self.settings.set("recent/folder", folder)
            self.open_paths([folder])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        for i, path in enumerate(files):
            label = f"&{i + 1} {Path(path).name}" if i < 9 else Path(path).name
            act = self.recent_menu.addAction(label, partial(self.open_file, path))
            act.setStatusTip(path)
            act.setEnabled(Path(path).exists())
        if not files:
            self.recent_menu.addAction("（无）").setEnabled(False)

    # ------------------------------------------------------------------ other reports

    def _choose_previous(self) -> None:
        if self._need_session():
            path = dialogs.choose_report(self, "选择同一单位上一年度的报告", self._report_folder())
            if path:
                self.crosscheck.pair_with(path)

    def _choose_parts(self) -> None:
        if self._need_session():
            paths = dialogs.choose_reports(self, "选择所属部门的报告（可多选）", self._report_folder())
            if paths:
                self.crosscheck.consolidate_with(paths)

    def _choose_kind(self) -> None:
        session = self.session
        if self._need_session() and session is not None:
            x = self.crosscheck
            answer = dialogs.ask_body_kind(self, session.report.body or "", x.inferred_kind(), x.choices.kind)
            if answer is not None:
                x.set_body_kind(answer[0])

    def show_consolidation(self, consolidation: Consolidation) -> None:
        if self.consolidation_dialog is not None:
            self.consolidation_dialog.close()
        self.consolidation_dialog = ConsolidationDialog(consolidation, self)
        self.consolidation_dialog.show()

    def _need_session(self) -> bool:
        if self.session is None:
            self.statusBar().showMessage("请先打开一份报告")
        return self.session is not None

    def _report_folder(self) -> str:
        return str(Path(self.session.report.file).parent) if self.session else str(Path.home())

    def edit_prefs(self) -> None:
        dialogs.PrefsDialog(self.settings, self).exec()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # ------------------------------------------------------------------ showing

    @property
    def session(self) -> ReviewSession | None:
        return self.controller.session

    def _show_session(self, session: ReviewSession | None) -> None:
        if self.consolidation_dialog is not None:  # it compared the report that is no longer open
            self.consolidation_dialog.close()
            self.consolidation_dialog = None
        self.document.show_report(session.report if session else None, self.controller.page_sizes)
        self.tables.show_session(session)
        self.findings.show_session(session)
        self.trail.show_session(session)
        if session is not None:
            self.bottom.setCurrentWidget(self.findings)
        self._update_title()
        self._update_open_count()
        self.report_shown.emit(session)

    def _findings_changed(self, _gone: list[Finding]) -> None:
        self.tables.refresh()
        self.findings.reload()
        self.trail.refresh()
        self._update_open_count()

    def _review_changed(self, finding: Finding) -> None:
        self.findings.review_changed(finding)
        self.trail.refresh()
        self._update_open_count()

    def _signoff_changed(self) -> None:
        self.findings.reload()  # 定稿 or 撤销定稿 turns the review editor off or on
        self.trail.refresh()
        self._update_title()

    def select_cell(self, cell_id: str) -> None:
        """A number clicked on the page or in the text: select its cell and the problem it is in."""
        self.tables.select_cells([cell_id], cell_id)
        self.show_cell(cell_id)

    def show_finding(self, finding: Finding | None) -> None:
        """Select the finding's cells and show where they (or its text) are in the report."""
        session = self.session
        if finding is None or session is None:
            return
        report = session.report
        focus = finding.suspect.cell if finding.suspect else None
        if finding.cells:
            self.tables.select_cells(finding.cells, focus)
        sources: list[Source] = []
        primary = finding.source
        for cid in finding.cells:
            cell = report.cell(cid)
            if cell is None or cell.source is None:
                continue
            if primary is None and (focus is None or cid == focus):
                primary = cell.source
            else:
                sources.append(cell.source)
        self.document.show_sources(primary, sources)
        self.statusBar().showMessage(finding.message)

    def show_cell(self, cell_id: str) -> None:
        session = self.session
        if session is None:
            return
        cell = session.report.cell(cell_id)
        self.document.show_sources(cell.source if cell else None, [])
        self.findings.select_for_cell(cell_id)
        if cell is not None and cell.source is None:
            self.statusBar().showMessage("此格在报告中的位置未记录")

    def _move(self, step: int) -> None:
        if not self.findings.move_open(step):
            self.statusBar().showMessage("没有待定的问题" if self.session else "未打开报告")

    def _edit_current_cell(self) -> None:
        if not self.tables.edit_current():
            self.statusBar().showMessage("请先在右侧表格中选中要更正的单元格")

    def _clear_current_cell(self) -> None:
        cid = self.tables.current_cell()
        if cid is not None:
            self.controller.clear_correction(cid)

    def _focus_search(self) -> None:
        self.bottom.setCurrentWidget(self.findings)
        self.findings.search.setFocus()
        self.findings.search.selectAll()

    def _update_title(self) -> None:
        session = self.session
        if session is None:
            self.setWindowTitle(APP_TITLE)
            self.review_label.setText("")
            return
        r = session.report
        state = self.review_state_text()
        ro = "（只读）" if session.read_only else ""
        self.setWindowTitle(f"{r.body or Path(r.file).name} {r.year or ''} — {Path(r.file).name}"
                            f"【{state}】{ro} — {APP_TITLE}")
        self.review_label.setText(state)

    def review_state_text(self) -> str:
        """未签字 / 编制：甲 / 编制：甲 复核：乙 / 已定稿, as the title and the status bar show it."""
        session = self.session
        if session is None:
            return ""
        if session.final is not None:
            return f"已定稿 {session.final.name} {session.final.at[:10]}"
        signed = session.signoffs()
        if not signed:
            return "未签字"
        return " ".join(f"{role.label}：{signed[role].name}" for role in Role if role in signed)

    def _update_open_count(self) -> None:
        session = self.session
        if session is None:
            self.open_label.setText("")
            return
        self.open_label.setText(f"待定 {len(session.open_problems())} / {len(session.problems)} 个问题")

    # ------------------------------------------------------------------ sign-off and export

    def sign_off(self, role: Role) -> None:
        if not self._need_session():
            return
        default = self.settings.auditor if role is Role.PREPARER else ""
        label = "编制人姓名：" if role is Role.PREPARER else "复核人姓名（不能是编制人）："
        name = dialogs.ask_text(self, f"{role.label}签字", label, default)
        if name:
            self.controller.sign_off(role, name)

    def finalise(self) -> None:
        if self._need_session():
            self.controller.finalise()

    def unfinalise(self) -> None:
        if not self._need_session():
            return
        reason = dialogs.ask_text(self, "撤销定稿", "撤销定稿的原因（记入审计轨迹）：")
        if reason:
            self.controller.unfinalise(reason)
        else:
            self.statusBar().showMessage("撤销定稿需要填写原因，未撤销")

    def edit_conclusion(self) -> None:
        if not self._need_session():
            return
        text = dialogs.edit_conclusion(self, self.controller.conclusion())
        if text is not None:
            self.controller.set_conclusion(text)

    def export_report(self) -> None:
        session = self.session
        if not self._need_session() or session is None:
            return
        source = Path(session.report.file)
        target = dialogs.ask_save_path(self, "导出审计底稿", str(source.with_name(f"{source.stem}-审计底稿.xlsx")))
        if target:
            self.flush()
            self.export_task = self.controller.export(target)

    def export_batch(self) -> None:
        paths = [r.path for r in self.batch.model.rows if r.status == DONE]
        if not paths:
            self.statusBar().showMessage("请先批量审计一个文件夹（Ctrl+Shift+O）")
            return
        folder = Path(paths[0]).parent
        target = dialogs.ask_save_path(self, "导出批量审计底稿", str(folder / "批量审计底稿.xlsx"))
        if target:
            self.flush()
            self.export_task = self.controller.export_batch(paths, target)

    def show_help(self) -> None:
        self.help_dialog = helpdialog.show_help(self)

    # ------------------------------------------------------------------ geometry and closing

    def _restore_geometry(self, restore: bool) -> None:
        geometry = self.settings.get("window/geometry") if restore else b""
        if isinstance(geometry, bytes) and geometry and self.restoreGeometry(QByteArray(geometry)):
            for key, splitter in (("window/state", self.main_split), ("window/split", self.top_split)):
                state = self.settings.get(key)
                if isinstance(state, bytes) and state:
                    splitter.restoreState(QByteArray(state))
            return
        screen = QApplication.primaryScreen()
        avail = screen.availableGeometry() if screen else None
        width = min(1440, int(avail.width() * 0.9)) if avail else 1440
        height = min(900, int(avail.height() * 0.9)) if avail else 900
        self.resize(width, height)
        self._split_on_show = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._split_on_show:  # first show without saved state: split by the real size
            self._split_on_show = False
            QTimer.singleShot(0, self._default_split)

    def _default_split(self) -> None:
        width, height = self.main_split.width(), self.main_split.height()
        self.top_split.setSizes([width * 9 // 20, width - width * 9 // 20])
        self.main_split.setSizes([height * 66 // 100, height - height * 66 // 100])

    def flush(self) -> None:
        """Save what is being typed (a note not yet confirmed); changes are otherwise saved as made."""
        self.findings.save_note_now()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set("window/geometry", bytes(self.saveGeometry().data()))
        self.settings.set("window/state", bytes(self.main_split.saveState().data()))
        self.settings.set("window/split", bytes(self.top_split.saveState().data()))
        self.batch.cancel()
        self.runner.shutdown()
        self.controller.close_session()
        super().closeEvent(event)
