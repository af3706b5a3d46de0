"""The window starts without the heavy libraries: pandas, numpy, onnxruntime, Pillow and openpyxl load
when a batch, an export or a scan needs them, so the bundle's cold start does not grow with them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("numpy", "pandas", "onnxruntime", "PIL", "openpyxl", "gkaudit.reading.ocr")


def test_the_shown_window_has_not_imported_the_heavy_libraries(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from ui.app import make_app\n"
        "from ui.mainwindow import MainWindow\n"
        "app = make_app()\n"
        "window = MainWindow(restore_geometry=False)\n"
        "window.show()\n"
        "app.processEvents()\n"
        f"print('LOADED', [m for m in {HEAVY!r} if m in sys.modules])\n"
        "print('WINDOW', window.isVisible())\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GKAUDIT_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    assert "WINDOW True" in done.stdout
    assert "LOADED []" in done.stdout, done.stdout
