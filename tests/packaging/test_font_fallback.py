"""On a machine without Chinese fonts the bundled Noto Sans CJK SC subset keeps Chinese from rendering as boxes.

Each check runs in a child process whose fontconfig sees no CJK font (DejaVu at most).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig isolation is Linux-only")

PROBE = textwrap.dedent("""
    import sys
    from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QRawFont
    app = QGuiApplication([])
    text = "政务公开年报审计：依申请公开、行政复议，错误·警告（七）总计"
    def covers(family):
        raw = QRawFont.fromFont(QFont(family))
        return all(raw.supportsCharacter(ord(ch)) for ch in text)  # the str overload misreads some
    if any(covers(f) for f in QFontDatabase.families()):
        print("system-cjk")
        sys.exit(0)
    if sys.argv[1] == "file":
        from gkaudit.resources import resource_path
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", "NotoSansSC-subset.otf")))
        family = QFontDatabase.applicationFontFamilies(font_id)[0] if font_id >= 0 else None
    else:
        import ui.theme
        family = ui.theme.cjk_family()
    print("ok" if family and covers(family) else f"boxes {family}")
""")


def _run(tmp_path: Path, mode: str) -> str:
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), QT_QPA_PLATFORM="offscreen", GKAUDIT_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", PROBE, mode], cwd=ROOT, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_bundled_font_covers_the_window_text_without_system_fonts(tmp_path: Path) -> None:
    result = _run(tmp_path, "file")
    if result == "system-cjk":
        pytest.skip("fontconfig still found a CJK font")
    assert result == "ok"


def test_theme_falls_back_to_the_bundled_font(tmp_path: Path) -> None:
    result = _run(tmp_path, "theme")
    if result == "system-cjk":
        pytest.skip("fontconfig still found a CJK font")
    assert result == "ok"
