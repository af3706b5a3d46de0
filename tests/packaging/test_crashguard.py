"""The crash guard: log file in the data folder, hooks that log, flush and keep going, and uninstall."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui import crashguard


@pytest.fixture
def guard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("GKAUDIT_DATA_DIR", str(tmp_path / "数据"))
    previous = sys.excepthook, threading.excepthook
    log_file = crashguard.install()
    try:
        yield log_file
    finally:
        crashguard.uninstall()
    assert (sys.excepthook, threading.excepthook) == previous


def _boom() -> None:
    raise RuntimeError("测试用的错误")


def _log_text(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_log_file_lives_in_the_data_folder(guard: Path, tmp_path: Path) -> None:
    assert guard == tmp_path / "数据" / "logs" / "gkaudit.log"
    assert crashguard.log_path() == guard
    logging.getLogger("gkaudit.test").info("记一笔")
    text = _log_text(guard)
    assert "starting" in text and "记一笔" in text


def test_install_twice_is_harmless(guard: Path) -> None:
    assert crashguard.install() == guard


def test_unhandled_exception_is_logged_flushed_and_survived(guard: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flushed: list[str] = []
    crashguard.add_flush_callback(lambda: flushed.append("saved"))
    crashguard.add_flush_callback(_boom)  # a failing callback must not stop the others nor the hook
    crashguard.add_flush_callback(lambda: flushed.append("saved again"))
    shown: list[str] = []
    monkeypatch.setattr(crashguard, "_show_dialog", lambda summary, details: shown.append(summary))
    try:
        _boom()
    except RuntimeError:
        exc_type, exc, tb = sys.exc_info()
        assert exc_type is not None and exc is not None
        sys.excepthook(exc_type, exc, tb)
    assert flushed == ["saved", "saved again"]
    assert shown == ["RuntimeError: 测试用的错误"]
    text = _log_text(guard)
    assert "unhandled exception" in text and "_boom" in text and "flush callback" in text


def test_thread_exception_reaches_the_main_thread(guard: Path, qtbot: QtBot) -> None:
    bridge = crashguard._guard.bridge if crashguard._guard else None
    assert bridge is not None
    with qtbot.waitSignal(bridge.crashed, timeout=5000) as blocker:
        worker = threading.Thread(target=_boom, name="审计线程")
        worker.start()
        worker.join()
    assert blocker.args[0] == "RuntimeError: 测试用的错误"
    assert "审计线程" in _log_text(guard)


def test_no_dialog_offscreen(guard: Path, qapp: QApplication) -> None:
    assert not crashguard._dialog_wanted("RuntimeError: x")


def test_dialog_is_not_repeated_for_the_same_error(guard: Path, qapp: QApplication,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crashguard.QGuiApplication, "platformName", staticmethod(lambda: "xcb"))
    assert crashguard._dialog_wanted("RuntimeError: x")
    assert not crashguard._dialog_wanted("RuntimeError: x")
    assert crashguard._dialog_wanted("KeyError: y")
    monkeypatch.setenv(crashguard.ENV_NO_DIALOG, "1")
    assert not crashguard._dialog_wanted("ValueError: z")


def test_missing_streams_are_replaced_by_the_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A windowed build starts with sys.stdout and sys.stderr set to None."""
    monkeypatch.setenv("GKAUDIT_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    log_file = crashguard.install()
    try:
        print("已保存截图：x.png")
        sys.stderr.write("某个警告\n")
        text = _log_text(log_file)
    finally:
        crashguard.uninstall()
    assert "已保存截图：x.png" in text and "某个警告" in text
    assert sys.stdout is None and sys.stderr is None
