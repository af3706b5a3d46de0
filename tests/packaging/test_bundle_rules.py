"""What build.spec keeps and drops, checked without building (packaging/bundle_rules.py)."""

from __future__ import annotations

import os
import shutil
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
    """Import every module of gkaudit and ui, audit the samples, write a batch workbook (with 统计分析)
    and CSV, load the record layer, and read a page photo by OCR: none excluded may load, except the
    modules their importers try optionally (test_optional_modules_can_be_missing)."""
    script = (
        "import importlib, pkgutil, sys, tempfile\n"
        "from pathlib import Path\n"
        "import gkaudit, ui\n"
        "for pkg, prefix in ((gkaudit, 'gkaudit.'), (ui, 'ui.')):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, prefix):\n"
        "        if not m.name.endswith('__main__'):\n"
        "            importlib.import_module(m.name)\n"
        "from gkaudit import frames\n"
        "from gkaudit.cli import main\n"
        "d = tempfile.mkdtemp()\n"
        "main(['audit', 'resources/samples', '--xlsx', d + '/x.xlsx', '--csv', d + '/csv', '-o', d + '/o.txt'])\n"
        "frames.read_csv(d + '/csv')\n"
        "from gkaudit.reading.ocr import available\n"
        "if available():\n"
        "    from gkaudit.audit import audit_path\n"
        "    from tests.reading.scans import scan_page\n"
        "    photo = Path(d) / 'page.png'\n"
        "    scan_page(Path('resources/samples/huaian-hongze-district-2023.pdf'), 3, 100, 0.5, 80).save(photo)\n"
        "    audit_path(photo)\n"
        "print('\\n'.join(sys.modules))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GKAUDIT_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert {"pandas", "openpyxl"} <= loaded
    excluded = set(bundle_rules.EXCLUDED_MODULES) - set(bundle_rules.OPTIONAL_MODULES)
    assert not sorted(m for m in loaded if any(m == e or m.startswith(e + ".") for e in excluded))


def test_optional_modules_can_be_missing(tmp_path: Path) -> None:
    """Without the modules the bundle leaves out: Pillow still lists its formats and reads what scans
    come as (PNG, JPEG, multi-page TIFF) and writes image-only PDFs; pandas (which imports urllib and
    http.client) loads; hashlib and hmac give the same digests as with OpenSSL."""
    pytest.importorskip("PIL.Image")
    import hashlib
    import hmac

    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name in {bundle_rules.OPTIONAL_MODULES!r}:\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import hashlib, hmac\n"
        "import pandas\n"
        "from PIL import Image\n"
        "Image.init()\n"
        "folder = sys.argv[1]\n"
        "page = Image.new('L', (64, 32), 200)\n"
        "page.save(folder + '/a.png'); page.save(folder + '/a.jpg', quality=70)\n"
        "page.save(folder + '/a.tif', save_all=True, append_images=[page])\n"
        "page.convert('RGB').save(folder + '/a.pdf')\n"
        "for name in ('a.png', 'a.jpg', 'a.tif'):\n"
        "    with Image.open(folder + '/' + name) as im:\n"
        "        im.load(); print(name, im.format, getattr(im, 'n_frames', 1))\n"
        f"print(sorted(set(sys.modules) & set({bundle_rules.OPTIONAL_MODULES!r})))\n"
        "data = '审计'.encode()\n"
        "print(hashlib.sha256(data).hexdigest(), hashlib.sha1(data).hexdigest(), hashlib.md5(data).hexdigest())\n"
        "print(hmac.new(b'k', data, 'sha256').hexdigest())\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    data = "审计".encode()
    assert done.stdout.split("\n")[:6] == [
        "a.png PNG 1", "a.jpg JPEG 1", "a.tif TIFF 2", "[]",
        f"{hashlib.sha256(data).hexdigest()} {hashlib.sha1(data).hexdigest()} {hashlib.md5(data).hexdigest()}",
        hmac.new(b"k", data, "sha256").hexdigest(),
    ]


@pytest.mark.parametrize(("dest", "kept"), [
    ("pdfminer/cmap/UniGB-UCS2-H.json.gz", True),
    ("pdfminer/cmap/GBK-EUC-H.json.gz", True),
    ("pdfminer/cmap/GB-H.json.gz", True),
    ("pdfminer/cmap/to-unicode-Adobe-GB1.json.gz", True),
    ("pdfminer/cmap/UniJIS-UCS2-H.json.gz", False),
    ("pdfminer/cmap/H.json.gz", False),
    ("pdfminer/cmap/B5pc-H.json.gz", False),
    ("pdfminer/cmap/KSC-EUC-H.json.gz", False),
    ("pdfminer/cmap/to-unicode-Adobe-Japan1.json.gz", False),
    ("pandas/io/formats/templates/html.tpl", False),
    ("pandas/_libs/tslibs/offsets.cpython-311-x86_64-linux-gnu.so", True),
])
def test_data_kept(dest: str, kept: bool) -> None:
    assert keep((dest, "src", "DATA")) is kept


def test_every_cmap_a_simplified_chinese_pdf_names_is_kept() -> None:
    """pdfminer finds the GB1 CMaps by the names PDFs use (Encoding and the collection's ToUnicode)."""
    pdfminer = pytest.importorskip("pdfminer")
    folder = Path(pdfminer.__file__).parent / "cmap"
    kept = {p.name for p in folder.iterdir() if keep((f"pdfminer/cmap/{p.name}", str(p), "DATA"))}
    for name in ("UniGB-UCS2-H", "UniGB-UTF16-H", "GBK-EUC-H", "GB-EUC-H", "to-unicode-Adobe-GB1"):
        assert f"{name}.json.gz" in kept, name
    assert len(kept) < len(list(folder.iterdir())) / 3


def _library(folder: Path, name: str) -> Path:
    """A small shared library built with debug symbols (gcc -g)."""
    source = folder / f"{name}.c"
    source.write_text("int answer(void) { return 42; }\nint twice(int x) { return 2 * x; }\n", encoding="utf-8")
    target = folder / f"lib{name}.so"
    subprocess.run(["gcc", "-g", "-O0", "-shared", "-fPIC", "-o", str(target), str(source)], check=True)
    source.unlink()
    return target


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("gcc") is None
                    or shutil.which("strip") is None, reason="needs Linux, gcc and strip")
def test_strip_libraries_keeps_only_copies_that_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    internal = tmp_path / "gkaudit" / "_internal"
    internal.mkdir(parents=True)
    (internal / "sub").mkdir()
    good, refused = _library(internal, "good"), _library(internal / "sub", "refused")
    (internal / "notes.so.txt").write_text("not a library", encoding="utf-8")
    sizes = {p: p.stat().st_size for p in (good, refused)}
    real_loads = bundle_rules.loads
    # A stripped copy that does not load (as numpy's OpenBLAS after strip) must leave the original.
    monkeypatch.setattr(bundle_rules, "loads", lambda lib, where: (
        real_loads(lib, where) if "refused" not in lib.name else not lib.name.endswith(".stripped")))
    saved = bundle_rules.strip_libraries(tmp_path / "gkaudit")
    assert 0 < saved == sizes[good] - good.stat().st_size
    assert refused.stat().st_size == sizes[refused]
    assert bundle_rules.loads(good, internal)
    assert sorted(p.name for p in internal.rglob("*")) == ["libgood.so", "librefused.so", "notes.so.txt", "sub"]


def test_licence_texts_of_the_record_layer_and_the_ocr_models_are_collected() -> None:
    dests = {dest for _, dest in bundle_rules.licence_files()}
    for name in ("pandas", "numpy"):
        assert f"licenses/{name}" in dests, name
    from gkaudit.reading.ocr import model_dir

    if model_dir() is not None:
        names = {Path(src).name for src, dest in bundle_rules.licence_files() if dest == "licenses/ocr-models"}
        assert names == {"Apache-2.0.txt", "NOTICE.txt"}
