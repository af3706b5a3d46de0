"""Crash guard for the windowed program: a log file in the data folder and a dialog instead of a silent exit.

A windowed build has no console, so without this an error would vanish. ``install()`` (first
thing in ``main``, before the QApplication exists) sends logging, warnings, Qt's messages and
``print`` output to a rotating log file under ``paths.data_dir()/logs``, enables ``faulthandler``
for hard crashes, and replaces ``sys.excepthook`` and ``threading.excepthook``. An unhandled
exception is logged, the registered flush callbacks run (the window keeps its workspace saved and
open), and a dialog names the log file. The program goes on: a bug in one slot never costs the
auditor the open report.

Threads: the hooks may run on any thread; the dialog is always shown on the main thread (a
queued signal). Under the offscreen or minimal platform (CI, ``--screenshot``) no dialog is shown.
"""

from __future__ import annotations

import contextlib
import faulthandler
import io
import logging
import logging.handlers
import os
import platform
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TextIO

from PySide6.QtCore import QObject, Qt, QtMsgType, QUrl, Signal, qInstallMessageHandler
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from gkaudit import APP_NAME, __version__
from gkaudit.paths import data_dir

LOG_NAME = f"{APP_NAME}.log"
FAULT_LOG_NAME = "faulthandler.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
ENV_NO_DIALOG = "GKAUDIT_NO_CRASH_DIALOG"
# The same error again within this many seconds is only logged, not shown (a failing paint event
# would otherwise open dialogs without end).
REPEAT_QUIET_SECONDS = 10.0
HEADLESS_PLATFORMS = {"offscreen", "minimal"}

log = logging.getLogger(APP_NAME)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class _Bridge(QObject):
    """Carries an error report from any thread to the main thread.

    Signals:
        crashed(str, str): a one-line summary and the full traceback.
    """

    crashed = Signal(str, str)


class _Guard:
    """The installed state: log path, flush callbacks, the previous hooks (for ``uninstall``)."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self.flush_callbacks: list[Callable[[], None]] = []
        self.previous_excepthook = sys.excepthook
        self.previous_threading_hook = threading.excepthook
        self.previous_streams: tuple[TextIO | None, TextIO | None] = (sys.stdout, sys.stderr)
        self.handlers: list[logging.Handler] = []
        self.fault_file: io.TextIOWrapper | None = None
        self.bridge: _Bridge | None = None
        self.showing = False
        self.last_shown: dict[str, float] = {}


_guard: _Guard | None = None


def log_dir() -> Path:
    return data_dir() / "logs"


def log_path() -> Path:
    """The current log file (where it would be if ``install`` has not run)."""
    return _guard.log_path if _guard else log_dir() / LOG_NAME


def install(level: int = logging.INFO) -> Path:
    """Log to the data folder and catch every unhandled exception; returns the log file. Idempotent."""
    global _guard
    if _guard is not None:
        return _guard.log_path
    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / LOG_NAME, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True)
    except OSError:  # a read-only or full profile must not stop the program
        handler = logging.NullHandler()
    _guard = _Guard(folder / LOG_NAME)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    _guard.handlers.append(handler)
    _redirect_missing_streams(_guard)
    root = logging.getLogger()
    for each in _guard.handlers:
        root.addHandler(each)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    logging.captureWarnings(True)
    _enable_faulthandler(folder)
    qInstallMessageHandler(_qt_message)
    sys.excepthook = _excepthook
    threading.excepthook = _threading_excepthook
    _guard.bridge = _Bridge()
    _guard.bridge.crashed.connect(_show_dialog, Qt.ConnectionType.QueuedConnection)
    log.info("%s %s starting: Python %s, %s, %s, frozen=%s, argv=%s", APP_NAME, __version__,
             platform.python_version(), platform.platform(), _qt_versions(), bool(getattr(sys, "frozen", False)),
             sys.argv)
    return _guard.log_path


def uninstall() -> None:
    """Undo ``install`` (tests)."""
    global _guard
    if _guard is None:
        return
    sys.excepthook = _guard.previous_excepthook
    threading.excepthook = _guard.previous_threading_hook
    qInstallMessageHandler(None)
    logging.captureWarnings(False)
    for handler in _guard.handlers:
        logging.getLogger().removeHandler(handler)
        handler.close()
    if _guard.fault_file is not None:
        faulthandler.disable()
        _guard.fault_file.close()
    sys.stdout, sys.stderr = _guard.previous_streams
    _guard = None


def add_flush_callback(callback: Callable[[], None]) -> None:
    """Run ``callback`` after every unhandled exception, before the dialog: save what is open."""
    if _guard is not None:
        _guard.flush_callbacks.append(callback)


def report_exception(exc_info: ExcInfo, where: str = "") -> None:
    """Log an exception, flush the workspace and tell the user; what both hooks do."""
    exc_type, exc, tb = exc_info
    if issubclass(exc_type, KeyboardInterrupt):
        if _guard is not None:
            _guard.previous_excepthook(exc_type, exc, tb)
        return
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    log.critical("unhandled exception%s:\n%s", f" in {where}" if where else "", text.rstrip())
    _run_flush_callbacks()
    summary = f"{exc_type.__name__}: {exc}"
    if _guard is None or _guard.bridge is None:
        return
    if threading.current_thread() is threading.main_thread():
        _show_dialog(summary, text)
    else:
        _guard.bridge.crashed.emit(summary, text)


def _excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    # A QThread or QRunnable raising in Python ends up here on its own thread, not in threading.excepthook.
    where = "" if threading.current_thread() is threading.main_thread() else threading.current_thread().name
    report_exception((exc_type, exc, tb), where)


def _threading_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:
        return
    report_exception((args.exc_type, args.exc_value, args.exc_traceback),
                     args.thread.name if args.thread else "thread")


def _run_flush_callbacks() -> None:
    for callback in list(_guard.flush_callbacks if _guard else []):
        try:
            callback()
        except Exception:
            log.exception("flush callback %r failed", callback)


def _dialog_wanted(summary: str) -> bool:
    if _guard is None or _guard.showing or os.environ.get(ENV_NO_DIALOG):
        return False
    app = QApplication.instance()
    if not isinstance(app, QApplication) or QGuiApplication.platformName() in HEADLESS_PLATFORMS:
        return False
    now = time.monotonic()
    if now - _guard.last_shown.get(summary, -REPEAT_QUIET_SECONDS) < REPEAT_QUIET_SECONDS:
        return False
    _guard.last_shown[summary] = now
    return True


def _show_dialog(summary: str, details: str) -> None:
    """The error dialog: what happened, that the review is saved, where the log is; keeps the program open."""
    if _guard is None or not _dialog_wanted(summary):
        return
    _guard.showing = True
    try:
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(f"{APP_NAME} 出现错误")
        box.setText("程序遇到一个意外错误。已打开的报告和审核记录已保存，可以继续工作。")
        box.setInformativeText(f"{summary}\n\n错误详情已记入日志文件：\n{_guard.log_path}\n\n"
                               "如需报告问题，请附上该日志文件。")
        box.setDetailedText(details)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        open_folder = box.addButton("打开日志文件夹", QMessageBox.ButtonRole.ActionRole)
        box.addButton("继续", QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        if box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(_guard.log_path.parent)))
    except Exception:  # the dialog itself failing must not recurse into the hook
        log.exception("could not show the error dialog")
    finally:
        _guard.showing = False


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_qt_log = logging.getLogger("qt")


def _qt_message(mode: QtMsgType, context: object, message: str) -> None:
    _qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "%s", message)


class _LogStream(io.TextIOBase):
    """Stands in for the missing stdout/stderr of a windowed build: each line becomes a log record."""

    def __init__(self, logger: logging.Logger, level: int) -> None:
        self._logger = logger
        self._level = level
        self._buffer = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._buffer += text
        while "\n" in self._buffer:
            line, self._buffer = self._buffer.split("\n", 1)
            if line.strip():
                self._logger.log(self._level, "%s", line)
        return len(text)


def _redirect_missing_streams(guard: _Guard) -> None:
    # PyInstaller's windowed executables (console=False) start with sys.stdout/sys.stderr = None.
    if sys.stdout is None:
        sys.stdout = _LogStream(logging.getLogger("stdout"), logging.INFO)
    if sys.stderr is None:
        sys.stderr = _LogStream(logging.getLogger("stderr"), logging.WARNING)
    else:
        # With a terminal, warnings and errors show there as well as in the log.
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.WARNING)
        console.setFormatter(logging.Formatter(f"{APP_NAME}: %(levelname)s %(name)s: %(message)s"))
        guard.handlers.append(console)


def _enable_faulthandler(folder: Path) -> None:
    # A segfault in Qt or a C extension skips every Python hook; faulthandler still writes the stack.
    if _guard is None:
        return
    with contextlib.suppress(OSError, RuntimeError, ValueError):
        _guard.fault_file = open(folder / FAULT_LOG_NAME, "a", encoding="utf-8")  # noqa: SIM115
        faulthandler.enable(file=_guard.fault_file, all_threads=True)


def _qt_versions() -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    return f"Qt {qVersion()}, PySide6 {pyside_version}"
