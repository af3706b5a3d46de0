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
    for unwanted in ("QtQml", "QtQuick", "QtWebEngine", "QtNetwork", "QtPdf", "tkinter", "cv2", "libgtk-3"):
        assert not any(unwanted in n for n in names), unwanted
    translations = {p.name for p in (internal / "PySide6").rglob("*.qm")}
    assert translations <= {"qtbase_zh_CN.qm", "qt_zh_CN.qm"}
    if sys.platform.startswith("linux") and shutil.which("gcc"):  # the ICU data is rebuilt with gcc
        icu = [p for p in internal.rglob("libicudata.so.*") if not p.is_symlink()]
        assert icu and all(p.stat().st_size < 10_000_000 for p in icu)
    assert (internal / "resources" / "fonts" / "NotoSansSC-subset.otf").is_file()
    assert (internal / "resources" / "fonts" / "OFL.txt").is_file()
    assert (internal / "ocr-models" / "ch_PP-OCRv4_rec_infer.onnx").is_file()
