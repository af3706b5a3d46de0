"""What build.spec keeps and drops, checked without building (packaging/bundle_rules.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "packaging") not in sys.path:
    sys.path.insert(0, str(ROOT / "packaging"))

import bundle_rules  # noqa: E402
from bundle_rules import keep  # noqa: E402


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqminimalegl.so", False),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/plugins/platforms/qwindows.dll", True),
    ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
    ("PySide6/Qt/plugins/imageformats/libqwebp.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/translations/qtbase_zh_CN.qm", True),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("PySide6/Qt/lib/libQt6Qml.so.6", False),
    ("PySide6/Qt/lib/libQt6Network.so.6", False),
    ("PySide6/Qt6Pdf.dll", False),
    ("PySide6/Qt6Core.dll", True),
    ("PySide6/opengl32sw.dll", False),
    ("PySide6/d3dcompiler_47.dll", False),
    ("resources/fonts/NotoSansSC-subset.otf", True),
    ("numpy.libs/libscipy_openblas64_.so", True),
])
def test_keep(dest: str, kept: bool) -> None:
    assert keep((dest, "src", "BINARY")) is kept


def test_symlinks_follow_their_target() -> None:
    assert keep(("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"))
    assert not keep(("libQt6Qml.so.6", "PySide6/Qt/lib/libQt6Qml.so.6", "SYMLINK"))


def test_resources_are_collected_whole() -> None:
    dests = {Path(src).relative_to(ROOT).as_posix(): dest for src, dest in bundle_rules.data_files()}
    assert dests["resources/samples/fuxin-2020.txt"] == "resources/samples"
    assert dests["resources/fonts/NotoSansSC-subset.otf"] == "resources/fonts"


def test_licence_texts_of_qt_are_collected() -> None:
    found = bundle_rules.licence_files()
    assert any(dest.startswith("licenses/PySide6") for _, dest in found)


def test_nothing_the_program_imports_is_excluded(tmp_path: Path) -> None:
    """Import every module of gkaudit and ui, audit the samples and write a workbook: none excluded may load."""
    script = (
        "import importlib, pkgutil, sys, tempfile\n"
        "import gkaudit, ui\n"
        "for pkg, prefix in ((gkaudit, 'gkaudit.'), (ui, 'ui.')):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, prefix):\n"
        "        if not m.name.endswith('__main__'):\n"
        "            importlib.import_module(m.name)\n"
        "from gkaudit.cli import main\n"
        "d = tempfile.mkdtemp()\n"
        "main(['audit', 'resources/samples', '--xlsx', d + '/x.xlsx', '-o', d + '/o.txt'])\n"
        "print('\\n'.join(sys.modules))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GKAUDIT_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    excluded = bundle_rules.EXCLUDED_MODULES
    assert not sorted(m for m in loaded if any(m == e or m.startswith(e + ".") for e in excluded))
