"""Benchmark the window (not a test): time to a highlighted report, and the longest stall in a batch.

    .venv/bin/python scripts/bench_gui.py                 # offscreen unless a display is set
    xvfb-run -a .venv/bin/python scripts/bench_gui.py     # a real X server (Xvfb)

What it measures, and how:

- **open → highlighted**: from ``MainWindow.open_file`` (the menu's action) until the report is
  shown in every panel, the first finding is selected (cells selected, report text scrolled to the
  source) and the window has painted once (a synchronous ``repaint``). For a PDF, also until the
  pages in view have come back rendered from the worker. Median and worst of several runs, each
  run a fresh copy of the file (so the workspace is created, as on first opening).
- **batch stall**: 500 report files (copies of the seed reports) audited as a batch while a
  ``QTimer`` fires every 10 ms on the main thread; the largest gap between two timer ticks minus
  10 ms is the longest the window could not react. Also the 99th percentile gap and batch time.

``BENCH_DEBUG=1`` also prints the five longest gaps (and when they happened) and the slowest garbage
collections, to tell a GIL convoy from a collection pause.

Targets (issue 4): text < 300 ms, 10-page PDF < 1 s, no stall > 100 ms during a 500-report batch.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SAMPLES = ROOT / "resources" / "samples"
TEXT_SEEDS = sorted(SAMPLES.glob("*.txt"))
RUNS = 7
BATCH_SIZE = 500
TICK_MS = 10


def make_ten_page_pdf(folder: Path) -> Path | None:
    """A 10-page report: 淮安市 2024 (6 pages) followed by 4 pages of 洪泽区 2023."""
    import pypdfium2 as pdfium

    first, second = SAMPLES / "huaian-city-2024.pdf", SAMPLES / "huaian-hongze-district-2023.pdf"
    if not first.exists() or not second.exists():
        return None
    pdf = pdfium.PdfDocument(first)
    extra = pdfium.PdfDocument(second)
    pdf.import_pages(extra, list(range(10 - len(pdf))))
    target = folder / "ten-pages.pdf"
    pdf.save(target)
    pdf.close()
    extra.close()
    return target


def main() -> int:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    work = Path(tempfile.mkdtemp(prefix="gkaudit-bench-"))
    os.environ["GKAUDIT_DATA_DIR"] = str(work / "data")
    from ui.app import make_app
    from ui.mainwindow import MainWindow
    from ui.settings import Settings

    make_app()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "settings"))
    settings = Settings()
    settings.set("auditor/name", "bench")
    window = MainWindow(settings, restore_geometry=False)
    window.resize(1500, 940)
    window.show()
    QApplication.processEvents()

    def wait_until(predicate, timeout_s: float = 60.0) -> None:  # type: ignore[no-untyped-def]
        """Run the event loop (not a busy loop: that would starve the worker of the GIL) until true."""
        if predicate():
            return
        deadline = time.perf_counter() + timeout_s
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(1)
        poll.timeout.connect(lambda: (predicate() or time.perf_counter() > deadline) and loop.quit())
        poll.start()
        loop.exec()
        poll.stop()
        if not predicate():
            raise TimeoutError("benchmark step did not finish")

    def open_to_highlighted(path: Path) -> float:
        shown: list[object] = []
        window.report_shown.connect(shown.append)
        started = time.perf_counter()
        window.open_file(str(path))
        wait_until(lambda: bool(shown))
        window.report_shown.disconnect(shown.append)
        session = window.session
        assert session is not None
        if session.findings:
            window.findings.select_finding(session.findings[0])
        if window.document.showing_pages:
            # Pages in view are rendered on the worker; wait for them (and nothing else is queued).
            wait_until(lambda: window.runner.active() == 0 and all(
                p.image is not None for p in window.document.pdf_view.pages if not p.visibleRegion().isEmpty()))
        window.repaint()
        return time.perf_counter() - started

    print(f"Qt platform: {QApplication.platformName()}; Python {sys.version.split()[0]}; "
          f"{os.cpu_count()} CPUs")
    results: dict[str, list[float]] = {}
    for seed in TEXT_SEEDS[:2]:
        times = []
        for i in range(RUNS):
            copy = work / f"run{i}-{seed.name}"
            shutil.copy(seed, copy)
            times.append(open_to_highlighted(copy))
        results[seed.name] = times
    pdf = make_ten_page_pdf(work)
    if pdf is not None:
        times = []
        for i in range(3):
            copy = work / f"run{i}-{pdf.name}"
            shutil.copy(pdf, copy)
            try:
                times.append(open_to_highlighted(copy))
            except TimeoutError:
                print("PDF: did not open (reader missing?)")
                break
        if times:
            results["10-page PDF"] = times
    for name, times in results.items():
        print(f"open → highlighted  {name:<22} median {statistics.median(times) * 1000:6.0f} ms   "
              f"worst {max(times) * 1000:6.0f} ms   ({len(times)} runs, first opening of each copy)")

    batch_dir = work / "batch"
    batch_dir.mkdir()
    for i in range(BATCH_SIZE):
        seed = TEXT_SEEDS[i % len(TEXT_SEEDS)]
        shutil.copy(seed, batch_dir / f"{i:03d}-{seed.name}")
    gaps: list[float] = []
    clock = QElapsedTimer()
    last = [0]

    where: list[tuple[float, int]] = []

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        where.append((now - last[0], now))
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(TICK_MS)
    heartbeat.timeout.connect(tick)
    done: list[bool] = []
    window.batch.running_changed.connect(lambda running: running or done.append(True))
    gc_log: list[tuple[int, float, float]] = []
    gc_start: list[float] = [0.0]

    def on_gc(phase: str, info: dict) -> None:  # type: ignore[type-arg]
        if phase == "start":
            gc_start[0] = time.perf_counter()
        else:
            gc_log.append((info["generation"], (time.perf_counter() - gc_start[0]) * 1000, clock.elapsed()))

    import gc

    if os.environ.get("BENCH_DEBUG"):
        gc.callbacks.append(on_gc)
    clock.start()
    heartbeat.start()
    started = time.perf_counter()
    window.open_paths([str(batch_dir)])
    wait_until(lambda: bool(done), timeout_s=600)
    seconds = time.perf_counter() - started
    heartbeat.stop()
    totals = window.batch.model.totals()
    if os.environ.get("BENCH_DEBUG"):
        print("worst gaps (ms, at ms):", sorted(where, reverse=True)[:5], "batch ms", seconds * 1000)
        print("slowest gc (gen, ms, at ms):", sorted(gc_log, key=lambda g: -g[1])[:4])
    gaps.sort()
    p99 = gaps[int(len(gaps) * 0.99) - 1] if gaps else 0
    print(f"batch of {BATCH_SIZE}: {seconds:.1f} s, {totals['done']} audited, {totals['failed']} failed; "
          f"heartbeat every {TICK_MS} ms: longest gap {max(gaps, default=0):.0f} ms "
          f"(stall {max(0, max(gaps, default=0) - TICK_MS):.0f} ms), 99th percentile {p99:.0f} ms, {len(gaps)} ticks")
    window.close()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
