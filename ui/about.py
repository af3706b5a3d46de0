"""The About dialog: name, version, where the data and log are, and the licences of what is bundled."""

from __future__ import annotations

import html
import platform
import sys

from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gkaudit import APP_NAME, APP_TITLE, __version__
from gkaudit.paths import data_dir
from gkaudit.resources import bundle_dir, is_frozen
from ui import crashguard

# (component, licence, what it does here); the licence texts ship in the bundle's licenses/ folder.
THIRD_PARTY = (
    ("Python 3.11", "PSF-2.0", "运行环境"),
    (f"Qt {qVersion()} / PySide6 {PYSIDE_VERSION}", "LGPL-3.0", "图形界面（动态链接，可替换）"),
    ("lxml", "BSD-3-Clause", "HTML 与 Word XML"),
    ("python-docx", "MIT", "Word 表格"),
    ("pypdfium2 / PDFium", "Apache-2.0 / BSD-3-Clause", "PDF 文本与页面"),
    ("pdfplumber, pdfminer.six", "MIT", "PDF 表格"),
    ("cryptography", "Apache-2.0 / BSD-3-Clause", "加密 PDF"),
    ("openpyxl", "MIT", "Excel 审计底稿"),
    ("pandas, NumPy", "BSD-3-Clause", "批量汇总表"),
    ("charset-normalizer", "MIT", "编码识别"),
    ("Noto Sans CJK SC（子集）", "OFL-1.1", "无中文字体时的界面字体"),
)


def about_html() -> str:
    """The dialog's text; also what a test reads."""
    build = "打包版" if is_frozen() else "源代码运行"
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{html.escape(licence)}</td><td>{html.escape(role)}</td></tr>"
        for name, licence, role in THIRD_PARTY
    )
    return (
        f"<h2>{html.escape(APP_TITLE)}</h2>"
        f"<p><b>{APP_NAME} {__version__}</b>（{build}，Python {platform.python_version()}，"
        f"{html.escape(platform.system())} {html.escape(platform.machine())}）</p>"
        "<p>检查政府信息公开工作年度报告各表格的勾稽关系，标出最可能有误的单元格；"
        "审核人的更正、结论和备注自动保存。</p>"
        f"<p>数据文件夹：{html.escape(str(data_dir()))}<br>"
        f"日志文件：{html.escape(str(crashguard.log_path()))}</p>"
        "<h3>第三方组件</h3>"
        "<table cellspacing='0' cellpadding='3'><tr><th align='left'>组件</th><th align='left'>许可证</th>"
        f"<th align='left'>用途</th></tr>{rows}</table>"
        "<p>许可证全文在程序目录的 <code>licenses</code> 文件夹中。Qt 库以独立的动态库形式随附，"
        "可按 LGPL-3.0 的规定替换为自行编译的版本。</p>"
    )


class AboutDialog(QDialog):
    """关于: identity, version, folders and the licence summary, with a button to copy the version line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"关于 {APP_NAME}")
        self.setMinimumSize(560, 480)
        icon = QGuiApplication.windowIcon()
        header = QLabel()
        if not icon.isNull():
            header.setPixmap(icon.pixmap(64, 64))
        header.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(about_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("复制版本信息")
        copy.clicked.connect(self.copy_version)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    @staticmethod
    def version_line() -> str:
        return (f"{APP_NAME} {__version__} ({'frozen' if is_frozen() else 'source'}, {bundle_dir()}); "
                f"Python {platform.python_version()}; Qt {qVersion()}; PySide6 {PYSIDE_VERSION}; "
                f"{platform.platform()}; {sys.getfilesystemencoding()}")

    def copy_version(self) -> None:
        QGuiApplication.clipboard().setText(self.version_line())


def show_about(parent: QWidget | None = None) -> None:
    AboutDialog(parent).exec()
