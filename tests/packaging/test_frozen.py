"""The frozen programs in dist/gkaudit/ against the source: same findings, a workbook, a screenshot.

Slow: builds the bundle with scripts/build_dist.sh (a few minutes) when ``CI`` is set or
``GKAUDIT_TEST_DIST=1``; ``GKAUDIT_DIST_DIR=dist/gkaudit`` tests an existing bundle without building
(what scripts/smoke_dist.sh does). Otherwise skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"
EXE = ".exe" if os.name == "nt" else ""
TIMEOUT = 300

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle() -> Path:
    given = os.environ.get("GKAUDIT_DIST_DIR")
    if given:
        path = Path(given).resolve()
        assert (path / f"gkaudit{EXE}").is_file(), f"no bundle at {path}"
        return path
    if not (os.environ.get("CI") or os.environ.get("GKAUDIT_TEST_DIST") == "1"):
        pytest.skip("builds the bundle only on CI or with GKAUDIT_TEST_DIST=1 (or GKAUDIT_DIST_DIR=...)")
    subprocess.run(["bash", "scripts/build_dist.sh", "--no-archive"], cwd=ROOT, check=True, timeout=3600)
    return ROOT / "dist" / "gkaudit"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A throwaway data folder (logs, workspaces) and no display: what a clean CI machine has."""
    env = dict(os.environ, GKAUDIT_DATA_DIR=str(tmp_path / "数据"), QT_QPA_PLATFORM="offscreen",
               PYTHONIOENCODING="utf-8")
    for var in ("PYTHONPATH", "PYTHONHOME"):  # the frozen programs must not lean on the source tree
        env.pop(var, None)
    return env


def _samples() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in SAMPLES.iterdir() if p.suffix in {".txt", ".pdf", ".docx"})


def _audit_json(command: list[str], env: dict[str, str], out: Path) -> list[dict[str, object]]:
    done = subprocess.run([*command, "audit", *_samples(), "--json", "-o", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def test_frozen_cli_reports_its_version(bundle: Path, env: dict[str, str]) -> None:
    import gkaudit

    done = subprocess.run([str(bundle / f"gkaudit{EXE}"), "--version"], env=env, capture_output=True, text=True,
                          timeout=TIMEOUT)
    assert done.returncode == 0 and done.stdout.strip() == f"gkaudit {gkaudit.__version__}"


def test_frozen_cli_findings_match_the_source(bundle: Path, env: dict[str, str], tmp_path: Path) -> None:
    frozen = _audit_json([str(bundle / f"gkaudit{EXE}")], env, tmp_path / "frozen.json")
    source = _audit_json([sys.executable, "-m", "gkaudit"], env, tmp_path / "source.json")
    assert [r["file"] for r in frozen] == [r["file"] for r in source]
    for got, want in zip(frozen, source, strict=True):
        assert "error" not in got, got
        assert got["findings"] == want["findings"], got["file"]
    assert frozen == source
    assert any(r["findings"] for r in frozen)  # the seeds have known mistakes


def _workbook_values(path: Path) -> dict[str, list[list[object]]]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book.worksheets}


def test_frozen_cli_writes_the_same_workbook(bundle: Path, env: dict[str, str], tmp_path: Path) -> None:
    pytest.importorskip("gkaudit.export.xlsx")
    seeds = [s for s in _samples() if s.endswith(".txt")]
    books = {}
    for name, command in (("frozen", [str(bundle / f"gkaudit{EXE}")]), ("source", [sys.executable, "-m", "gkaudit"])):
        target = tmp_path / f"{name} 底稿.xlsx"
        done = subprocess.run([*command, "audit", *seeds, "--xlsx", str(target), "-o", str(tmp_path / "out.txt")],
                              cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT)
        assert done.returncode == 0, done.stderr
        assert target.stat().st_size > 0
        books[name] = _workbook_values(target)
    assert books["frozen"] == books["source"]
    # A batch: the record layer (pandas, in the bundle) wrote 汇总 and 统计分析.
    statistics = books["frozen"]["统计分析"]
    assert sum(1 for row in statistics for v in row if isinstance(v, (int, float))) > 20


def test_frozen_cli_writes_the_same_csv(bundle: Path, env: dict[str, str], tmp_path: Path) -> None:
    """``--csv`` (pandas) from the bundle: the same three files, byte for byte, as from the source."""
    written = {}
    for name, command in (("frozen", [str(bundle / f"gkaudit{EXE}")]), ("source", [sys.executable, "-m", "gkaudit"])):
        folder = tmp_path / f"{name} 表格"
        done = subprocess.run([*command, "audit", *_samples(), "--csv", str(folder), "-o", str(tmp_path / "out.txt")],
                              cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT)
        assert done.returncode == 0, done.stderr
        written[name] = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    assert sorted(written["frozen"]) == ["cells.csv", "findings.csv", "reports.csv"]
    assert written["frozen"] == written["source"]
    assert written["frozen"]["reports.csv"].startswith("\ufeff".encode()) and "阜新".encode() in written["frozen"]["reports.csv"]


def _offline(command: list[str]) -> list[str]:
    """``command`` in a network namespace with no network at all (only a loopback that is down)."""
    return ["unshare", "--map-root-user", "--net", *command]


def _can_go_offline() -> bool:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    done = subprocess.run(_offline(["cat", "/proc/net/dev"]), capture_output=True, text=True, timeout=30)
    interfaces = {line.split(":")[0].strip() for line in done.stdout.splitlines()[2:]}
    return done.returncode == 0 and interfaces == {"lo"}


def test_frozen_cli_reads_scans_offline_as_the_source_does(bundle: Path, env: dict[str, str], tmp_path: Path) -> None:
    """OCR in the bundle, without a network: an image-only PDF of two table pages and a TIFF page photo
    give the source's JSON. Each run has its own data folder, so neither reads the other's OCR cache."""
    pytest.importorskip("PIL")
    from gkaudit.reading.ocr import available
    from tests.reading.scans import scan_page, scanned_pdf

    if not available():
        pytest.skip("no OCR models here to compare the bundle with")
    if not _can_go_offline():
        pytest.skip("needs unshare --net (Linux user namespaces) to run the bundle offline")
    source_pdf = SAMPLES / "huaian-hongze-district-2023.pdf"
    scans = tmp_path / "扫描件"
    scans.mkdir()
    scanned_pdf(source_pdf, [2, 3], scans / "扫描件.pdf")
    scan_page(source_pdf, 3, 150, -0.6, 75, seed=7).save(scans / "照片.tif")
    inputs = [str(scans / "扫描件.pdf"), str(scans / "照片.tif")]
    results = {}
    for name, command in (("frozen", _offline([str(bundle / f"gkaudit{EXE}")])),
                          ("source", [sys.executable, "-m", "gkaudit"])):
        out = tmp_path / f"{name}.json"
        run_env = dict(env, GKAUDIT_DATA_DIR=str(tmp_path / f"{name} 数据"))
        done = subprocess.run([*command, "audit", *inputs, "--json", "-o", str(out)], cwd=ROOT, env=run_env,
                              capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT)
        assert done.returncode == 0, done.stderr
        results[name] = json.loads(out.read_text(encoding="utf-8"))
    frozen, source = results["frozen"], results["source"]
    for report in frozen:
        assert "error" not in report, report
        readings = {c["reading"] for rows in report["tables"].values() for cols in rows.values() for c in cols.values()}
        assert readings <= {"ocr", "uncertain"} and "ocr" in readings, report["file"]
    assert frozen == source


def test_frozen_gui_opens_a_report_and_saves_a_screenshot(bundle: Path, env: dict[str, str], tmp_path: Path) -> None:
    shot = tmp_path / "截图.png"
    done = subprocess.run([str(bundle / f"gkaudit-gui{EXE}"), "--screenshot", str(shot),
                           str(SAMPLES / "fuxin-2020.txt")], env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=TIMEOUT)
    assert done.returncode == 0, done.stdout + done.stderr
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    # The crash guard logs to the user's data folder (a windowed build has no console).
    log = Path(env["GKAUDIT_DATA_DIR"]) / "logs" / "gkaudit.log"
    assert "frozen=True" in log.read_text(encoding="utf-8")


def test_frozen_gui_renders_a_pdf_page(bundle: Path, env: dict[str, str], tmp_path: Path) -> None:
    shot = tmp_path / "pdf.png"
    done = subprocess.run([str(bundle / f"gkaudit-gui{EXE}"), "--screenshot", str(shot),
                           str(SAMPLES / "huaian-city-2024.pdf")], env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=TIMEOUT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert shot.stat().st_size > 10_000


def test_frozen_gui_batches_a_folder_in_worker_processes(bundle: Path, env: dict[str, str], tmp_path: Path) -> None:
    """The batch pool spawns the frozen executable again as its workers (multiprocessing.freeze_support)."""
    folder = tmp_path / "批量"
    folder.mkdir()
    for sample in SAMPLES.iterdir():
        if sample.suffix in {".txt", ".pdf"}:
            (folder / sample.name).write_bytes(sample.read_bytes())
    shot = tmp_path / "batch.png"
    done = subprocess.run([str(bundle / f"gkaudit-gui{EXE}"), "--screenshot", str(shot), str(folder)], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert shot.stat().st_size > 10_000


def test_bundle_is_trimmed(bundle: Path) -> None:
    internal = bundle / "_internal"
    names = {p.name for p in internal.rglob("*")}
    for unwanted in ("QtQml", "QtQuick", "QtWebEngine", "QtNetwork", "QtPdf", "tkinter", "cv2", "libgtk-3",
                     "libavif", "libwebp", "libharfbuzz", "_imagingft", "_imagingcms", "_simd.", "_pocketfft",
                     "libonnxruntime.so", "UniJIS-UCS2-H", "html.tpl", "sas."):
        assert not any(unwanted in n for n in names), unwanted
    for wanted in ("onnxruntime_pybind11_state", "_imaging.", "libtiff", "libjpeg", "UniGB-UCS2-H.json.gz",
                   "hashtable.", "_multiarray_umath."):
        assert any(wanted in n for n in names), wanted
    translations = {p.name for p in (internal / "PySide6").rglob("*.qm")}
    assert translations <= {"qtbase_zh_CN.qm", "qt_zh_CN.qm"}
    if sys.platform.startswith("linux") and shutil.which("gcc"):  # the ICU data is rebuilt with gcc
        icu = [p for p in internal.rglob("libicudata.so.*") if not p.is_symlink()]
        assert icu and all(p.stat().st_size < 10_000_000 for p in icu)
    assert (internal / "resources" / "fonts" / "NotoSansSC-subset.otf").is_file()
    assert (internal / "resources" / "fonts" / "OFL.txt").is_file()
    assert (internal / "ocr-models" / "ch_PP-OCRv4_rec_infer.onnx").is_file()


def test_bundle_fits_its_budget(bundle: Path) -> None:
    """Issue 13's budget for the whole folder with OCR and pandas: 250 MB on disk (symbolic links not counted)."""
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    assert size <= 250_000_000, f"{size / 1e6:.1f} MB"
