"""GUI test setup: offscreen Qt, a throwaway data folder and settings file, the window as a fixture.

``tests/ui`` has no ``__init__.py`` on purpose: as a package it would be imported under the name
``ui`` and hide the application's own ``ui`` package.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `pytest` (not `python -m pytest`) would otherwise see tests/ui as `ui`
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

SAMPLES = ROOT / "resources" / "samples"
AUDITOR = "测试审核员"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(r"propagateSizeHints", r"QFont::setPointSizeF"))


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Path:
    """Every test gets its own data folder (workspaces) and settings file."""
    from ui.app import make_app

    data = tmp_path / "数据"
    monkeypatch.setenv("GKAUDIT_DATA_DIR", str(data))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    make_app()
    return data


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    from ui.settings import Settings

    s = Settings(QSettings(str(tmp_path / "settings" / "gkaudit.ini"), QSettings.Format.IniFormat))
    s.set("auditor/name", AUDITOR)
    return s


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """Copies of the five seed reports in a folder with a Chinese name."""
    d = tmp_path / "年报 样本"
    d.mkdir()
    for p in SAMPLES.glob("*.txt"):
        shutil.copy(p, d / p.name)
    return d


@pytest.fixture
def window(qtbot, settings, monkeypatch: pytest.MonkeyPatch) -> Iterator:  # type: ignore[no-untyped-def]
    """The real main window, shown offscreen; error dialogs are recorded in ``window.errors``."""
    from ui import dialogs
    from ui.mainwindow import MainWindow

    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, _title, reason: errors.append(reason))
    w = MainWindow(settings)
    w.errors = errors  # type: ignore[attr-defined]
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


@pytest.fixture
def open_report(qtbot):  # type: ignore[no-untyped-def]
    """``open_report(window, path)``: open a report as the menu does, wait until every panel shows it."""

    def opener(window, path: Path):  # type: ignore[no-untyped-def]
        with qtbot.waitSignal(window.report_shown, timeout=15000) as blocker:
            window.open_file(str(path))
        return blocker.args[0]

    return opener
