"""What goes into the one-folder bundle: data files, licence texts, and the Qt trimming rules.

``build.spec`` calls these; they are plain functions over PyInstaller's TOC entries
``(dest, src, typecode)`` so that tests can check the rules without building.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent

TocEntry = tuple[str, str, str]

# Modules their importers try in try/except, left out on purpose (test_optional_modules_can_be_missing):
OPTIONAL_MODULES = [
    # Image codecs Pillow tries when it lists its formats (``Image.init()``): AVIF and WebP images
    # are then refused as unknown. Scans are JPEG, PNG and TIFF (Pillow's core: libjpeg, libtiff).
    # Drops libavif, libwebp and their helpers (6 MB).
    "PIL._avif", "PIL._webp",
    # OpenSSL for the standard library (libssl + libcrypto, 5.4 MB): the program never opens a
    # network connection (urllib and http.client import ssl optionally), and hashlib and hmac fall
    # back to Python's own SHA-1/SHA-2/MD5 (the file hashes, the OCR cache key). cryptography, which
    # pdfminer needs for encrypted PDFs, carries its own OpenSSL.
    "_ssl", "_hashlib",
]
# Python packages the bundle never needs, whatever imports them optionally.
EXCLUDED_MODULES = [
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "unittest", "pydoc", "pydoc_data",
    "doctest", "test", "lib2to3", "ensurepip", "venv", "distutils", "setuptools", "pkg_resources",
    "pip", "IPython", "ipykernel", "jupyter_client", "matplotlib", "scipy", "pytest", "_pytest",
    "hypothesis", "pytestqt", "mypy", "ruff", "fontTools", "PyInstaller", "jinja2", "numba", "pyarrow",
    # onnxruntime parts that only train, quantise or convert models; numpy's own tests.
    "onnxruntime.transformers", "onnxruntime.quantization", "onnxruntime.tools", "onnxruntime.training",
    "numpy.tests", "numpy._core.tests", "numpy.f2py", "numpy.testing", "numpy.conftest",
    # numpy parts nothing here reaches: FFT, polynomials, the SIMD test module (1.5 MB) and the
    # C-API test module PyInstaller's numpy hook adds for numpy's own test suite.
    "numpy.fft", "numpy.polynomial", "numpy._core._simd", "numpy._core._multiarray_tests", "numpy.ma.mrecords",
    # pandas outputs we never use (we write CSV ourselves and workbooks with openpyxl): Styler and
    # its templates, HTML/XML/LaTeX/Excel writers, SAS readers (with their C parts), the clipboard,
    # matplotlib plotting and the test suite.
    "pandas.tests", "pandas.conftest", "pandas.io.formats.style", "pandas.io.formats.style_render",
    "pandas.io.formats.html", "pandas.io.formats.xml", "pandas.io.formats.excel", "pandas.io.formats.css",
    "pandas.io.sas.sas7bdat", "pandas.io.sas.sas_xport", "pandas._libs.sas", "pandas._libs.byteswap",
    "pandas.io.clipboard", "pandas.plotting._matplotlib",
    # Pillow stays (OCR opens page images and resizes with Image and ImageOps): its font engine
    # (FreeType, HarfBuzz), colour management (LittleCMS), drawing and the Tk/Qt bridges do not.
    "PIL._imagingft", "PIL.ImageFont", "PIL.ImageDraw", "PIL.ImageText", "PIL._imagingcms", "PIL.ImageCms",
    "PIL._imagingtk", "PIL.ImageTk", "PIL.ImageQt", "PIL._imagingmath", "PIL.ImageMath", "PIL._imagingmorph",
    "PIL.ImageMorph", "PIL.ImageShow", "PIL.ImageGrab",
    # The OCR model files come from this wheel; its code would import OpenCV.
    "rapidocr_onnxruntime", "cv2",
    # lxml parts nothing here uses (etree and html are used); 4 MB.
    "lxml.objectify", "lxml.isoschematron", "lxml.sax", "lxml.builder", "lxml.html.diff", "lxml.html._difflib",
    "lxml.doctestcompare", "lxml.usedoctest", "lxml.html.usedoctest",
    # PySide6 modules the window does not use; WebEngine is not even in PySide6-Essentials.
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickControls2", "PySide6.QtQuickWidgets",
    "PySide6.QtQuickTest", "PySide6.Qt3DCore", "PySide6.QtMultimedia", "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets", "PySide6.QtNetwork", "PySide6.QtSql", "PySide6.QtTest",
    "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtUiTools", "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets", "PySide6.QtDBus", "PySide6.QtConcurrent", "PySide6.QtXml",
    "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtCharts", "PySide6.QtDataVisualization",
    "PySide6.scripts",
    *OPTIONAL_MODULES,
]
# The console executable has no window at all.
CLI_EXCLUDED_MODULES = [*EXCLUDED_MODULES, "PySide6", "shiboken6", "ui"]

# Qt plugins kept, by type and stem (file name without lib, .so, .dll); every other plugin is dropped.
QT_PLUGINS_KEPT: dict[str, tuple[str, ...]] = {
    "platforms": ("qoffscreen", "qminimal", "qxcb", "qwindows", "qcocoa"),
    "imageformats": ("qsvg", "qico", "qjpeg", "qgif"),
    "iconengines": ("qsvgicon",),
    # Chinese input methods on Linux go through IBus (fcitx5 installs its own plugin system-wide).
    "platforminputcontexts": ("ibusplatforminputcontextplugin", "composeplatforminputcontextplugin"),
    "xcbglintegrations": ("qxcb-glx-integration", "qxcb-egl-integration"),
    # The native Windows 10/11 look; Fusion is built in.
    "styles": ("qmodernwindowsstyle", "qwindowsvistastyle"),
}
# Qt translations kept: Chinese for the standard dialogs and buttons (qt_zh_CN loads qtbase_zh_CN).
QT_TRANSLATIONS_KEPT = frozenset({"qtbase_zh_CN.qm", "qt_zh_CN.qm"})
# Qt libraries that only dropped plugins or PySide6's blanket linking would bring in.
QT_LIBRARIES_DROPPED = re.compile(
    r"Qt6(Qml|Quick|Pdf|WebEngine|Multimedia|3D|Designer|Help|Test|Wayland|Wl|EglFS|Lottie|Labs|"
    r"VirtualKeyboard|Sql|UiTools|Network|Charts|DataVisualization)",
    re.IGNORECASE,
)

# Windows-only files the widgets never load: the software OpenGL renderer (20 MB) and Direct3D's compiler.
QT_FILES_DROPPED = frozenset({"opengl32sw.dll", "d3dcompiler_47.dll"})

# pdfminer's CMaps (7.9 MB) cover the four Adobe CJK character collections. The reports are in
# simplified Chinese, so only Adobe-GB1's stay: PDFium reads every glyph's text whatever its font,
# and pdfminer (which only lays out borderless tables) would lack a Japanese, Korean or traditional
# Chinese CMap only for a font of that collection without its own encoding.
CMAPS_KEPT = re.compile(r"^(GB|UniGB-|to-unicode-Adobe-GB1\.|README)")
# Data files of dropped modules: the Styler's templates (pandas.io.formats.style is excluded).
DATA_DROPPED = re.compile(r"^pandas/io/formats/templates/")

# Distributions whose licence files ship in licenses/<name>/ (those absent are skipped).
LICENSED_DISTRIBUTIONS = (
    "PySide6_Essentials", "shiboken6", "lxml", "python-docx", "pypdfium2", "pdfplumber", "pdfminer.six",
    "openpyxl", "et_xmlfile", "charset-normalizer", "cryptography", "cffi", "pandas",
    "pycparser", "python-dateutil", "six", "tzdata", "typing_extensions",
    # OCR: the runtime (MIT), numpy (BSD), Pillow (MIT-CMU), PP-OCR models via RapidOCR (Apache-2.0).
    "onnxruntime", "numpy", "pillow", "rapidocr-onnxruntime",
)
_LICENCE_FILE = re.compile(r"(^|/)(LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*$|\.dist-info/licenses/", re.IGNORECASE)
QT_LICENCES = ROOT / "packaging" / "licenses"
# The rapidocr-onnxruntime wheel carries no licence file: the models' notice and Apache-2.0 text are ours.
MODEL_LICENCES = QT_LICENCES / "ocr-models"


def data_files() -> list[tuple[str, str]]:
    """The resources folder, copied whole (samples, icons, stylesheet, translations, fonts)."""
    found = []
    for path in sorted((ROOT / "resources").rglob("*")):
        if path.is_file() and not path.name.startswith(".") and "__pycache__" not in path.parts:
            found.append((str(path), path.parent.relative_to(ROOT).as_posix()))
    return found


def ocr_model_files() -> list[tuple[str, str]]:
    """The two PP-OCRv4 models into ``ocr-models/`` (``gkaudit.reading.ocr.model_dir`` looks there)."""
    from gkaudit.reading.ocr import DET_MODEL, REC_MODEL, model_dir

    found = model_dir()
    if found is None:
        return []
    return [(str(found / name), "ocr-models") for name in (DET_MODEL, REC_MODEL)]


def licence_files() -> list[tuple[str, str]]:
    """Licence texts of the bundled distributions, as ``(source, "licenses/<distribution>[/sub]")``.

    Qt's wheels carry no licence file, so the LGPL-3.0 and GPL-3.0 texts come from packaging/licenses/.
    """
    found = []
    for name in LICENSED_DISTRIBUTIONS:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        label = dist.metadata["Name"]
        for file in dist.files or []:
            path = PurePosixPath(str(file))
            if not _LICENCE_FILE.search(str(path)):
                continue
            src = Path(str(dist.locate_file(file)))
            if not src.is_file():
                continue
            # Keep folders under dist-info/licenses/ (pypdfium2 has one per platform, same names inside).
            parts = path.parent.parts
            sub = parts[parts.index("licenses") + 1:] if "licenses" in parts else ()
            found.append((str(src), "/".join(("licenses", label, *sub))))
        if label.lower().startswith(("pyside6", "shiboken6")):
            found += [(str(text), f"licenses/{label}") for text in sorted(QT_LICENCES.glob("*.txt"))]
    if ocr_model_files():
        found += [(str(text), "licenses/ocr-models") for text in sorted(MODEL_LICENCES.glob("*.txt"))]
    base = Path(sys.base_prefix)
    for python_licence in (base / "LICENSE.txt", base / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "LICENSE.txt"):
        if python_licence.is_file():
            found.append((str(python_licence), "licenses/Python"))
            break
    return found


def plugin_kept(dest: str) -> bool:
    parts = dest.split("/")
    index = parts.index("plugins")
    if len(parts) < index + 3:
        return True
    kind, name = parts[index + 1], parts[-1]
    stem = re.sub(r"^lib|\.(so|dll|dylib)(\..*)?$", "", name)
    return stem in QT_PLUGINS_KEPT.get(kind, ())


def keep(entry: TocEntry) -> bool:
    """Whether one collected file stays in the bundle."""
    dest, src, typecode = entry
    dest = dest.replace("\\", "/")
    if typecode == "SYMLINK":  # PyInstaller's top-level links to relocated libraries follow their target
        target = os.path.normpath(os.path.join(os.path.dirname(dest), src)).replace("\\", "/")
        return keep((target, "", "BINARY"))
    if dest.startswith("pdfminer/cmap/"):
        return bool(CMAPS_KEPT.match(dest.rsplit("/", 1)[-1]))
    if DATA_DROPPED.match(dest):
        return False
    if not dest.startswith("PySide6/"):
        return True
    parts = dest.split("/")
    if parts[-1].lower() in QT_FILES_DROPPED:
        return False
    if "plugins" in parts:
        return plugin_kept(dest)
    if "translations" in parts:
        return parts[-1] in QT_TRANSLATIONS_KEPT
    if "qml" in parts:
        return False
    return not QT_LIBRARIES_DROPPED.search(parts[-1])


def linked_libraries(paths: Iterable[str]) -> set[str]:
    """Base names of every shared library the given binaries link to, transitively."""
    from PyInstaller.depend.bindepend import get_imports

    seen: set[str] = set()
    queue = list(paths)
    while queue:
        path = queue.pop()
        try:
            imports = get_imports(path)
        except Exception:  # not a binary after all (a data file with a library-like name)
            continue
        for name, resolved in imports:
            base = os.path.basename(name)
            if base not in seen:
                seen.add(base)
                if resolved:
                    queue.append(resolved)
    return seen


def trim(binaries: list[TocEntry], datas: list[TocEntry]) -> tuple[list[TocEntry], list[TocEntry]]:
    """Both TOCs without what ``keep`` refuses, nor the libraries that only the refused files linked.

    Dropping the GTK platform theme must also drop GTK, cairo and pango, which PyInstaller
    collected as its dependencies: a library is an orphan when a dropped file links it and nothing
    kept does.
    """
    entries = [*binaries, *datas]
    dropped = [e for e in entries if not keep(e) and e[2] != "SYMLINK"]
    candidates = linked_libraries(src for _, src, _ in dropped)
    roots = [src for dest, src, typ in entries
             if typ != "SYMLINK" and keep((dest, src, typ)) and os.path.basename(dest) not in candidates]
    orphans = candidates - linked_libraries(roots)

    def kept(toc: list[TocEntry]) -> list[TocEntry]:
        return [e for e in toc if keep(e) and os.path.basename(e[1] if e[2] == "SYMLINK" else e[0]) not in orphans]

    return kept(binaries), kept(datas)


_ELF = b"\x7fELF"
# Loads one library the way the program will (dependencies from _internal), exit status 0 if it can.
_LOAD_PROBE = "import ctypes, sys; ctypes.CDLL(sys.argv[1])"


def loads(library: Path, internal: Path) -> bool:
    """Whether ``library`` loads in a fresh process that finds its dependencies in ``internal``."""
    import subprocess

    env = dict(os.environ, LD_LIBRARY_PATH=str(internal))
    return subprocess.run([sys.executable, "-c", _LOAD_PROBE, str(library)], env=env, capture_output=True,
                          timeout=120).returncode == 0


def strip_libraries(bundle: Path) -> int:
    """Strip the symbol tables of the Linux bundle's libraries, keeping each only if it still loads;
    returns the bytes saved.

    A pyenv-built Python carries ~25 MB of debug symbols in libpython and lib-dynload, and some wheels
    ship unstripped libraries (Pillow's ``_imaging``, cryptography, PDFium: 7 MB). But stripping a
    library that auditwheel patched can break it (numpy's OpenBLAS: "ELF load command address/offset
    not page-aligned"), which is why COLLECT's own strip is off: here every stripped copy is loaded
    in a fresh process first, and the original stays when the copy fails where the original loads.
    """
    import shutil
    import subprocess

    strip = shutil.which("strip")
    if not sys.platform.startswith("linux") or strip is None:
        return 0
    internal = bundle / "_internal"
    saved = 0
    for target in sorted(internal.rglob("*.so*")):
        if target.is_symlink() or not target.is_file():
            continue
        with target.open("rb") as f:
            if f.read(4) != _ELF:
                continue
        copy = target.with_name(target.name + ".stripped")
        subprocess.run([strip, "--strip-unneeded", "-o", str(copy), str(target)], check=True,
                       capture_output=True)
        before, after = target.stat().st_size, copy.stat().st_size
        if after < before and (loads(copy, internal) or not loads(target, internal)):
            copy.replace(target)
            saved += before - after
        else:
            if after < before:
                print(f"bundle_rules: {target.name} kept unstripped (the stripped copy does not load)")
            copy.unlink()
    return saved


def trim_icu(binaries: list[TocEntry], work: Path) -> list[TocEntry]:
    """Linux: swap PySide6's libicudata (32 MB) for one with only the data Qt uses (packaging/icu_trim.py).

    Where that cannot be built (no gcc, another ICU layout) or ``GKAUDIT_FULL_ICU=1``, the original stays.
    """
    import subprocess

    import icu_trim

    if not sys.platform.startswith("linux") or os.environ.get("GKAUDIT_FULL_ICU") == "1":
        return binaries
    swapped = []
    for dest, src, typecode in binaries:
        name = os.path.basename(dest)
        if typecode != "SYMLINK" and re.fullmatch(r"libicudata\.so\.\d+", name):
            try:
                old, new = icu_trim.trim_library(Path(src), work / name)
            except (OSError, ValueError, subprocess.CalledProcessError) as exc:
                print(f"bundle_rules: warning: ICU data kept whole ({exc})")
            else:
                print(f"bundle_rules: ICU data {old / 1e6:.1f} MB -> {new / 1e6:.1f} MB")
                src = str(work / name)
        swapped.append((dest, src, typecode))
    return swapped
