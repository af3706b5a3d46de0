"""The About dialog names the program, its version, the log file and the bundled licences."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

import gkaudit
from ui.about import AboutDialog, about_html


def test_about_text() -> None:
    text = about_html()
    assert gkaudit.APP_TITLE in text and f"{gkaudit.APP_NAME} {gkaudit.__version__}" in text
    for licence in ("LGPL-3.0", "OFL-1.1", "BSD-3-Clause", "MIT", "PSF-2.0"):
        assert licence in text
    assert "gkaudit.log" in text


def test_dialog_copies_the_version_line(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.copy_version()
    line = QGuiApplication.clipboard().text()
    assert line.startswith(f"gkaudit {gkaudit.__version__} (source")
    assert "Qt 6." in line
