"""The report itself: its text with the source of a cell highlighted, or its PDF pages with boxes."""

from __future__ import annotations

import bisect
from pathlib import Path

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gkaudit.locate import cell_at_offset, cell_at_point
from gkaudit.model import AuditReport, PageBox, Source
from ui import pdfpages, theme
from ui.worker import PRIORITY_RENDER, Task, TaskRunner

CROP_HEIGHT = 72  # pixels: the crop beside an uncertain OCR cell, digits large enough to judge
KIND_NAMES = {"text": "文本", "html": "网页", "docx": "Word 文档", "pdf": "PDF", "oldword": "Word 文档", "image": "扫描图片"}


class TextView(QPlainTextEdit):
    """The report's text (``Document.text``: what every offset points into), read-only.

    Signals:
        offset_clicked(int): the auditor clicked the character at this offset of ``Document.text``.
    """

    offset_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setObjectName("reportText")
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setCenterOnScroll(True)
        self.setFont(theme.ui_font(11))
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance("0") * 4)
        self.setPlaceholderText("打开年度报告：文件 → 打开报告（Ctrl+O），或把 .txt .html .docx .pdf 文件拖到窗口中。\n\n"
                                "扫描件：PDF 扫描件、页面图片（.png .jpg .tif），或只含页面照片的文件夹（按文件名顺序作为一份报告）。\n\n"
                                "批量审计：文件 → 打开文件夹（Ctrl+Shift+O），或把文件夹拖到窗口中。")
        self._astral: list[int] = []

    def show_text(self, text: str) -> None:
        # Qt counts UTF-16 units: a character outside the BMP (rare CJK) takes two.
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self.setPlainText(text)

    def qt_pos(self, offset: int) -> int:
        return offset + bisect.bisect_left(self._astral, offset)

    def text_offset(self, qt_pos: int) -> int:
        """The ``Document.text`` offset of a Qt cursor position (the inverse of ``qt_pos``)."""
        offset = qt_pos
        while offset > 0 and self.qt_pos(offset) > qt_pos:
            offset -= 1
        return offset

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        # A click, not the end of a drag that selected text to copy.
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self.offset_clicked.emit(self.text_offset(self.cursorForPosition(event.position().toPoint()).position()))

    def highlight(self, primary: tuple[int, int] | None, others: list[tuple[int, int]]) -> None:
        """Mark the ranges [start, end) and scroll the primary one (or the first) to the middle."""
        selections = []
        for rng, colour in [(r, theme.TEXT_OTHER) for r in others] + ([(primary, theme.TEXT_PRIMARY)] if primary else []):
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.qt_pos(rng[0]))
            cursor.setPosition(self.qt_pos(max(rng[1], rng[0] + 1)), QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(colour)
            if rng is primary:
                fmt.setFontWeight(700)
            sel.cursor, sel.format = cursor, fmt
            selections.append(sel)
        self.setExtraSelections(selections)
        target = primary or (others[0] if others else None)
        if target is not None:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.qt_pos(target[0]))
            self.setTextCursor(cursor)
            self.centerCursor()

    def highlighted(self) -> list[tuple[int, int]]:
        return [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in self.extraSelections()]


class PageWidget(QWidget):
    """One PDF page: its rendered image (asked for when first painted) and the boxes drawn on it."""

    def __init__(self, view: PdfView, index: int, size_pt: tuple[float, float]) -> None:
        super().__init__()
        self.view, self.index, self.size_pt = view, index, size_pt
        self.image: QImage | None = None
        self.image_scale = 0.0
        self.boxes: list[tuple[tuple[float, float, float, float], bool]] = []
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_scale(self, scale: float) -> None:
        self.setFixedSize(QSize(round(self.size_pt[0] * scale), round(self.size_pt[1] * scale)))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.view.scale > 0:
            p = event.position()
            self.view.point_clicked.emit(self.index + 1, p.x() / self.view.scale, p.y() / self.view.scale)
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        wanted = self.view.scale * self.devicePixelRatioF()
        if self.image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRectF(self.rect()), self.image)
        if self.image is None or abs(self.image_scale - wanted) > 0.1 * wanted:
            self.view.request_render(self.index, wanted)
        if self.image is None:
            painter.setPen(QColor("#999"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, f"第 {self.index + 1} 页 正在渲染…")
        s = self.view.scale
        for bbox, primary in self.boxes:
            colour = theme.PDF_PRIMARY if primary else theme.PDF_OTHER
            rect = QRectF(bbox[0] * s, bbox[1] * s, (bbox[2] - bbox[0]) * s, (bbox[3] - bbox[1]) * s)
            fill = QColor(colour)
            fill.setAlpha(60 if primary else 35)
            painter.fillRect(rect.adjusted(-2, -2, 2, 2), fill)
            painter.setPen(QPen(colour, 2.5 if primary else 1.2))
            painter.drawRect(rect.adjusted(-2, -2, 2, 2))
        painter.end()


class PdfView(QScrollArea):
    """The pages of a PDF report, fitted to the width, rendered on the worker as they come into view.

    Signals:
        point_clicked(int page, float x, float y): a click on a page, in PDF points from its top left.
    """

    point_clicked = Signal(int, float, float)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.path = ""
        self.skews: dict[int, float] = {}
        self.zoom = 1.0
        self.scale = 1.0
        self.pages: list[PageWidget] = []
        self._pending: dict[int, Task] = {}
        self._generation = 0
        self._anchor: PageBox | None = None
        self.setWidgetResizable(True)
        self.setObjectName("pdfView")
        self._holder = QWidget()
        self._holder.setObjectName("pdfPages")
        self._layout = QVBoxLayout(self._holder)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._layout.setSpacing(12)
        self.setWidget(self._holder)
        self._refit = QTimer(self, singleShot=True, interval=120)
        self._refit.timeout.connect(self.relayout)

    def show_pdf(self, path: str, sizes: list[tuple[float, float]], skews: dict[int, float] | None = None) -> None:
        """Show the pages of ``path``; ``skews``: page number → degrees an OCR page was levelled by."""
        self.clear()
        self.path = path
        self.skews = dict(skews or {})
        for i, size in enumerate(sizes):
            page = PageWidget(self, i, size)
            self.pages.append(page)
            self._layout.addWidget(page)
        self.relayout()

    def clear(self) -> None:
        self._generation += 1
        self._anchor = None
        self._pending.clear()
        for page in self.pages:
            page.deleteLater()
        self.pages = []
        self.path = ""

    def relayout(self) -> None:
        if not self.pages:
            return
        widest = max(p.size_pt[0] for p in self.pages)
        available = max(200, self.viewport().width() - 28)
        self.scale = available / widest * self.zoom
        for page in self.pages:
            page.set_scale(self.scale)
        if self._anchor is not None:
            QTimer.singleShot(0, self._scroll_to_anchor)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = min(4.0, max(0.4, zoom))
        self.relayout()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._refit.start()

    def request_render(self, index: int, scale: float) -> None:
        if index in self._pending or not self.path:
            return
        generation = self._generation
        task = self.runner.run(pdfpages.render_page, self.path, index, scale, self.skews.get(index + 1, 0.0),
                               priority=PRIORITY_RENDER)
        self._pending[index] = task
        task.finished.connect(lambda image: self._rendered(generation, index, scale, image))
        task.failed.connect(lambda _reason: self._pending.pop(index, None))

    def _rendered(self, generation: int, index: int, scale: float, image: QImage) -> None:
        if generation != self._generation or index >= len(self.pages):
            return
        self._pending.pop(index, None)
        page = self.pages[index]
        page.image, page.image_scale = image, scale
        page.update()

    def highlight(self, primary: PageBox | None, others: list[PageBox]) -> bool:
        """Draw the boxes and scroll the primary one (or the first) into the middle; False if none."""
        for page in self.pages:
            if page.boxes:
                page.boxes = []
                page.update()
        boxes = [(b, False) for b in others] + ([(primary, True)] if primary else [])
        for box, is_primary in boxes:
            if 1 <= box.page <= len(self.pages):
                page = self.pages[box.page - 1]
                page.boxes.append((box.bbox, is_primary))
                page.update()
        target = primary or (others[0] if others else None)
        if target is None or not 1 <= target.page <= len(self.pages):
            self._anchor = None
            return False
        self._anchor = target
        self._scroll_to_anchor()
        # The pages may not be laid out yet (just opened, or resized): centre again once they are.
        QTimer.singleShot(0, self._scroll_to_anchor)
        return True

    def _scroll_to_anchor(self) -> None:
        target = self._anchor
        if target is None or not 1 <= target.page <= len(self.pages):
            return
        self._holder.adjustSize()
        page = self.pages[target.page - 1]
        y = page.y() + (target.bbox[1] + target.bbox[3]) / 2 * self.scale
        x = page.x() + (target.bbox[0] + target.bbox[2]) / 2 * self.scale
        self.verticalScrollBar().setValue(int(y - self.viewport().height() / 2))
        self.horizontalScrollBar().setValue(int(x - self.viewport().width() / 2))

    def visible_point(self, page_no: int, bbox: tuple[float, float, float, float]) -> QPoint:
        """Where the centre of ``bbox`` is in viewport coordinates (tests check it is on screen)."""
        page = self.pages[page_no - 1]
        centre = QPoint(int((bbox[0] + bbox[2]) / 2 * self.scale), int((bbox[1] + bbox[3]) / 2 * self.scale))
        return page.mapTo(self.viewport(), centre)


class DocumentView(QWidget):
    """The left panel: the report as text, or as PDF pages with a switch to its extracted text.

    Signals:
        status(str): a message for the status bar.
        cell_clicked(str cell_id): the auditor clicked a number of a table, on a page or in the text.
        crop_ready(str cell_id, QImage): the piece of the page a cell was read from (``request_crop``).
    """

    status = Signal(str)
    cell_clicked = Signal(str)
    crop_ready = Signal(str, QImage)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.report: AuditReport | None = None
        self.text_view = TextView()
        self.pdf_view = PdfView(runner)
        self.title = QLabel("未打开报告")
        self.title.setObjectName("panelTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pages_button = self._tool("页面", checkable=True, tip="显示 PDF 原版页面")
        self.text_button = self._tool("文本", checkable=True, tip="显示提取出的文字（所有位置都指向这里）")
        group = QButtonGroup(self)
        group.addButton(self.pages_button)
        group.addButton(self.text_button)
        self.pages_button.setChecked(True)
        self.pages_button.toggled.connect(lambda on: self._show_pages(on))
        self.zoom_out = self._tool("－", tip="缩小（Ctrl+-）")
        self.zoom_in = self._tool("＋", tip="放大（Ctrl++）")
        self.zoom_out.clicked.connect(lambda: self.pdf_view.set_zoom(self.pdf_view.zoom / 1.2))
        self.zoom_in.clicked.connect(lambda: self.pdf_view.set_zoom(self.pdf_view.zoom * 1.2))
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 4, 4)
        bar.addWidget(self.title, 1)
        for b in (self.zoom_out, self.zoom_in, self.pages_button, self.text_button):
            bar.addWidget(b)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.text_view)
        self.stack.addWidget(self.pdf_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self._set_pdf_controls(False)
        self.text_view.offset_clicked.connect(self._offset_clicked)
        self.pdf_view.point_clicked.connect(self._point_clicked)

    def request_crop(self, cell_id: str) -> None:
        """Render, on the worker, the piece of the page image that cell ``cell_id`` was read from."""
        report = self.report
        cell = report.cell(cell_id) if report is not None else None
        box = self._box(cell.source) if cell is not None and cell.source is not None else None
        if report is None or report.document is None or box is None or not self.pdf_view.path:
            return
        skew = report.document.skew_of(box.page)
        task = self.runner.run(pdfpages.render_crop, self.pdf_view.path, box.page - 1, box.bbox, skew, CROP_HEIGHT,
                               priority=PRIORITY_RENDER)
        task.finished.connect(lambda image: self.crop_ready.emit(cell_id, image))

    def _offset_clicked(self, offset: int) -> None:
        if self.report is not None:
            self._clicked(cell_at_offset(self.report, offset))

    def _point_clicked(self, page: int, x: float, y: float) -> None:
        if self.report is not None:
            self._clicked(cell_at_point(self.report, page, x, y))

    def _clicked(self, cid: str | None) -> None:
        if cid is not None:
            self.cell_clicked.emit(cid)

    def _tool(self, text: str, checkable: bool = False, tip: str = "") -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setCheckable(checkable)
        b.setToolTip(tip)
        b.setAutoRaise(True)
        return b

    def _set_pdf_controls(self, on: bool) -> None:
        for b in (self.zoom_out, self.zoom_in, self.pages_button, self.text_button):
            b.setVisible(on)

    def _show_pages(self, on: bool) -> None:
        self.stack.setCurrentWidget(self.pdf_view if on else self.text_view)

    @property
    def showing_pages(self) -> bool:
        return self.stack.currentWidget() is self.pdf_view

    def show_report(self, report: AuditReport | None, page_sizes: list[tuple[float, float]] | None = None) -> None:
        self.report = report
        doc = report.document if report else None
        self.pdf_view.clear()
        if doc is None:
            self.title.setText("未打开报告")
            self.text_view.show_text("")
            self._set_pdf_controls(False)
            self._show_pages(False)
            return
        pages = f" · {doc.pages} 页" if doc.pages else ""
        self.title.setText(f"{Path(doc.path).name}　<span style='color:#777'>{KIND_NAMES.get(doc.kind, doc.kind)}{pages}</span>")
        self.text_view.show_text(doc.text)
        is_pdf = doc.kind in ("pdf", "image") and bool(page_sizes)
        self._set_pdf_controls(is_pdf)
        if is_pdf and page_sizes:
            self.pdf_view.show_pdf(doc.path, page_sizes, {p: doc.skew_of(p) for p in doc.ocr_pages})
            self.pages_button.setChecked(True)
            self._show_pages(True)
        else:
            self._show_pages(False)

    def show_sources(self, primary: Source | None, others: list[Source]) -> None:
        """Highlight where values came from and scroll the primary one into view."""
        doc = self.report.document if self.report else None
        if doc is None:
            return
        self.text_view.highlight(
            (primary.start, primary.end) if primary else None, [(s.start, s.end) for s in others]
        )
        if self.pdf_view.pages:
            boxes = [b for b in (self._box(s) for s in others) if b is not None]
            ok = self.pdf_view.highlight(self._box(primary) if primary else None, boxes)
            if not ok and (primary or others):
                self.status.emit("此处在 PDF 页面上的位置未知，已在提取文本中标出")
                self.text_button.setChecked(True)

    def _box(self, source: Source) -> PageBox | None:
        if source.page is not None:
            return source.page
        doc = self.report.document if self.report else None
        return doc.page_box(source.start, source.end) if doc else None
