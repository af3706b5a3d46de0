"""``gkaudit-gui [FILE|DIR...] [--screenshot PNG]``: start the auditor's workbench."""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from gkaudit import APP_TITLE, __version__
from gkaudit.workspace import ReviewSession
from ui import crashguard
from ui.mainwindow import MainWindow
from ui.theme import apply_theme

SCREENSHOT_TIMEOUT_MS = 60_000


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gkaudit-gui", description="政府信息公开工作年度报告审计工具（图形界面）")
    parser.add_argument("paths", nargs="*", metavar="FILE|DIR", help="要打开的报告；文件夹或多个文件则批量审计")
    parser.add_argument("--screenshot", metavar="PNG", help="打开 FILE 后把窗口保存为 PNG 图片并退出")
    parser.add_argument("--finding", metavar="RULE", help="截图时选中的问题（规则编号，默认第一个）")
    parser.add_argument("--size", metavar="WxH", default="1500x940", help="截图时的窗口大小（默认 1500x940）")
    parser.add_argument("--version", action="version", version=f"gkaudit {__version__}")
    return parser


def make_app(argv0: str = "gkaudit-gui") -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([argv0])
    app.setOrganizationName("gkaudit")
    app.setApplicationName("gkaudit")
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    # One INI file per user on every OS (not the Windows registry): easy to back up, to inspect, to redirect.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    _install_qt_translation(app)
    apply_theme(app)
    return app


def _install_qt_translation(app: QApplication) -> None:
    # Qt's own dialogs and buttons (“显示详情”, “确定”) in Chinese; the bundle keeps only qtbase_zh_CN.
    translator = QTranslator(app)
    if translator.load(
        QLocale(QLocale.Language.Chinese, QLocale.Country.China),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(translator)


def main(argv: Sequence[str] | None = None) -> int:
    # In the frozen build a batch worker process starts this executable again: run the worker and exit.
    multiprocessing.freeze_support()
    args = _parser().parse_args(sys.argv[1:] if argv is None else list(argv))
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"gkaudit-gui: 找不到：{'，'.join(missing)}", file=sys.stderr)
        return 2
    crashguard.install()
    app = make_app(sys.argv[0] if sys.argv else "gkaudit-gui")
    # A screenshot shows the default layout, not the one this user last left the window in.
    window = MainWindow(restore_geometry=not args.screenshot)
    crashguard.add_flush_callback(window.flush)
    if args.screenshot:
        if not args.paths:
            print("gkaudit-gui: --screenshot 需要一个报告文件", file=sys.stderr)
            return 2
        return screenshot(app, window, args.paths, args.screenshot, args.finding, args.size)
    window.show()
    if args.paths:
        QTimer.singleShot(0, lambda: window.open_paths(args.paths))
    return app.exec()


def screenshot(app: QApplication, window: MainWindow, paths: list[str], target: str, rule: str | None,
               size: str) -> int:
    """Open ``paths``, select a finding, let the pages render, save the window as PNG."""
    width, _, height = size.partition("x")
    window.resize(int(width), int(height))
    window.show()
    outcome = {"code": 2}
    batch = not (len(paths) == 1 and Path(paths[0]).is_file())

    def save() -> None:
        if window.runner.active():  # PDF pages still rendering
            QTimer.singleShot(50, save)
            return
        app.processEvents()
        if window.grab().save(target):
            print(f"已保存截图：{target}")
            outcome["code"] = 0
        else:
            print(f"gkaudit-gui: 无法写入 {target}", file=sys.stderr)
            outcome["code"] = 1
        app.quit()

    def shown(session: ReviewSession | None) -> None:
        if session is None:
            return
        wanted = [f for f in session.findings if rule is None or f.rule == rule]
        if wanted:
            window.findings.select_finding(wanted[0])
        if batch:  # show the batch summary under the report it opened
            window.bottom.setCurrentWidget(window.batch)
            rows = [r.path for r in window.batch.model.rows]
            if session.report.file in rows:
                window.batch.view.selectRow(window.batch.proxy.mapFromSource(
                    window.batch.model.index(rows.index(session.report.file), 0)).row())
        QTimer.singleShot(300, save)

    def batch_ended(running: bool) -> None:
        if running:
            return
        # A batch: open the first report with errors (or the first audited) above the summary.
        done = [r for r in window.batch.model.rows if r.status == "完成"]
        first = next((r for r in done if r.errors), done[0] if done else None)
        if first is None:
            QTimer.singleShot(300, save)
        else:
            window.open_file(first.path)

    def failed(path: str, reason: str) -> None:
        print(f"gkaudit-gui: {path}: 无法审计：{reason}", file=sys.stderr)
        outcome["code"] = 1
        app.quit()

    window.report_shown.connect(shown)
    window.controller.failed.disconnect()
    window.controller.failed.connect(failed)
    window.batch.running_changed.connect(batch_ended)
    QTimer.singleShot(0, lambda: window.open_paths(paths))
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, lambda: (print("gkaudit-gui: 截图超时", file=sys.stderr), app.quit()))
    app.exec()
    window.close()
    return outcome["code"]
