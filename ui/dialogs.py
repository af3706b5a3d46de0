"""The window's dialogs: errors, the changed-file question, preferences and about."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gkaudit.paths import workspaces_dir
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


class PrefsDialog(QDialog):
    """首选项: the auditor's name (recorded with every correction and review) and the recent list."""

    def __init__(self, settings: Settings, parent: QWidget | None = None, reason: str = "") -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("首选项")
        self.setMinimumWidth(420)
        self.name = QLineEdit(settings.auditor)
        self.name.setPlaceholderText("例如：张三")
        form = QFormLayout()
        form.addRow("审核人姓名：", self.name)
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
        super().accept()


def ask_auditor(parent: QWidget | None, settings: Settings) -> str | None:
    """The auditor's name, asking for it once if it was never set."""
    if settings.auditor:
        return settings.auditor
    dialog = PrefsDialog(settings, parent, "更正和审核结论会记下审核人。请先填写您的姓名：")
    dialog.exec()
    return settings.auditor or None
