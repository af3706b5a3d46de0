"""The window's dialogs: errors, the changed-file question, picking other reports, the body's kind, preferences."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gkaudit.compliance import KIND_LABELS, BodyKind
from gkaudit.paths import workspaces_dir
from gkaudit.reading import SUPPORTED_SUFFIXES
from ui.settings import Settings


def show_error(parent: QWidget | None, title: str, reason: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, reason, QMessageBox.StandardButton.Ok, parent)
    box.exec()


def ask_changed_file(parent: QWidget | None, path: str) -> str:
    """The report's file changed since it was reviewed: "new", "old" (read-only) or "cancel"."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("报告文件已改变")
    box.setText(f"“{Path(path).name}”的内容与上次审核时不同（SHA-256 不一致）。")
    box.setInformativeText(
        "旧的更正和审核结论针对的是旧文件，不会自动套用到新文件上。\n\n"
        "开始新的审核：对新文件重新审核，旧记录原样保留。\n"
        "查看旧的审核记录：以只读方式显示上次的更正和结论。"
    )
    new = box.addButton("开始新的审核", QMessageBox.ButtonRole.AcceptRole)
    old = box.addButton("查看旧的审核记录（只读）", QMessageBox.ButtonRole.ActionRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(new)
    box.exec()
    clicked = box.clickedButton()
    if clicked is new:
        return "new"
    if clicked is old:
        return "old"
    return "cancel"


def ask_start_anew(parent: QWidget | None, reason: str) -> bool:
    """The report's workspace is damaged: set it aside and start a new review (True), or leave it (False)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("审核工作区已损坏")
    box.setText(reason)
    box.setInformativeText(
        "原文件不会被覆盖：开始新的审核时，它会改名另存在原处（.damaged-日期），可交给技术人员恢复。\n\n"
        "不打开：什么也不改动，可先备份或恢复该文件。"
    )
    anew = box.addButton("另存损坏文件并开始新的审核", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("不打开", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is anew


REPORT_FILTER = "年度报告 ({});;所有文件 (*)".format(" ".join(f"*{s}" for s in sorted(SUPPORTED_SUFFIXES)))


def choose_report(parent: QWidget | None, title: str, start: str) -> str:
    """One report file, or "" when the auditor cancels."""
    path, _ = QFileDialog.getOpenFileName(parent, title, start, REPORT_FILTER)
    return path


def choose_reports(parent: QWidget | None, title: str, start: str) -> list[str]:
    """Several report files, or [] when the auditor cancels."""
    paths, _ = QFileDialog.getOpenFileNames(parent, title, start, REPORT_FILTER)
    return paths


def ask_body_kind(parent: QWidget | None, body: str, inferred: BodyKind | None,
                  current: BodyKind | None) -> tuple[BodyKind | None] | None:
    """The body's kind as the auditor says it is: (kind,), (None,) to go back to the inferred one, None to cancel."""
    guess = KIND_LABELS[inferred] if inferred else "无法推断"
    options: list[tuple[str, BodyKind | None]] = [
        (f"按名称推断（{guess}）", None),
        (f"{KIND_LABELS['government']}（次年 3 月 31 日前公布年度报告）", "government"),
        (f"{KIND_LABELS['department']}（次年 1 月 31 日前公布年度报告）", "department"),
    ]
    labels = [text for text, _ in options]
    at = next(i for i, (_, kind) in enumerate(options) if kind == current)
    text, ok = QInputDialog.getItem(parent, "单位类别", f"“{body or '（未识别单位）'}”属于：\n（决定发布时限，条例第四十九条）",
                                    labels, at, False)
    if not ok:
        return None
    return (options[labels.index(text)][1],)


OCR_CHOICES = (("auto", "自动识别文字（内置模型，离线）"), ("never", "不识别（拒绝扫描件和图片）"))


class PrefsDialog(QDialog):
    """首选项: the auditor's name (recorded with every correction and review), whether scans are read
    by OCR, and the recent list."""

    def __init__(self, settings: Settings, parent: QWidget | None = None, reason: str = "") -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("首选项")
        self.setMinimumWidth(420)
        self.name = QLineEdit(settings.auditor)
        self.name.setPlaceholderText("例如：张三")
        # The reading/ocr setting: each report opened afterwards is read with it (in its audit child).
        self.ocr = QComboBox()
        for mode, label in OCR_CHOICES:
            self.ocr.addItem(label, mode)
        self.ocr.setCurrentIndex(max(0, self.ocr.findData(settings.ocr)))
        form = QFormLayout()
        form.addRow("审核人姓名：", self.name)
        form.addRow("扫描件和图片：", self.ocr)
        where = QLabel(f"审核记录保存在：{workspaces_dir()}")
        where.setWordWrap(True)
        where.setObjectName("hint")
        clear = QPushButton("清空“最近打开”列表")
        clear.clicked.connect(settings.clear_recent)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if reason:
            layout.addWidget(QLabel(reason))
        layout.addLayout(form)
        layout.addWidget(where)
        layout.addWidget(clear)
        layout.addWidget(buttons)

    def accept(self) -> None:
        self.settings.set("auditor/name", self.name.text().strip())
        self.settings.set("reading/ocr", str(self.ocr.currentData()))
        super().accept()


def ask_auditor(parent: QWidget | None, settings: Settings) -> str | None:
    """The auditor's name, asking for it once if it was never set."""
    if settings.auditor:
        return settings.auditor
    dialog = PrefsDialog(settings, parent, "更正和审核结论会记下审核人。请先填写您的姓名：")
    dialog.exec()
    return settings.auditor or None


def ask_text(parent: QWidget | None, title: str, label: str, default: str = "") -> str | None:
    """One line typed by the auditor (a name, a reason); None when cancelled or left empty."""
    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, default)
    return text.strip() if ok and text.strip() else None


def edit_conclusion(parent: QWidget | None, text: str) -> str | None:
    """The conclusion for the working paper, edited; None when cancelled (empty: back to the generated one)."""
    new, ok = QInputDialog.getMultiLineText(parent, "审计结论", "写入审计底稿的结论（清空则恢复自动生成的结论）：", text)
    return new if ok else None


def ask_save_path(parent: QWidget | None, title: str, suggested: str) -> str | None:
    """Where to write a workbook; ``.xlsx`` is added when the name has no suffix."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, "Excel 工作簿 (*.xlsx)")
    if not path:
        return None
    return path if path.lower().endswith(".xlsx") else path + ".xlsx"
