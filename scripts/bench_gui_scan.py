"""Benchmark the window on a scanned report (not a test): open → shown with every page read, and the longest stall.

    .venv/bin/python scripts/bench_gui_scan.py [--runs 3] [--dpi 150] [--pages 6]
    xvfb-run -a .venv/bin/python scripts/bench_gui_scan.py    # a real X server (Xvfb)

What it measures, and how:

- Each run makes a **fresh** image-only PDF: the pages of a sample PDF rendered at ``--dpi``,
  turned within ±1°, grey noise, JPEG quality 60-85, with a new seed each run (so neither the OCR
  cache nor the workspace has seen it; the OCR cache is also turned off).
- **open → shown**: from ``MainWindow.open_file`` (the menu's action) until ``report_shown`` and the
  page images in view have come back rendered from the worker, and the window has painted once.
  The per-page progress the window showed (the status-bar bar's values) is recorded and checked:
  one step per page, in order, ending at all pages.
- **stall**: a ``QTimer`` fires every 10 ms on the main thread for the whole run (opening, OCR in the
  audit child, showing, rendering); the largest gap between two ticks minus 10 ms is the longest
  the window could not react. Also the longest stall after the report arrived (the showing part).

``BENCH_PROFILE=1`` profiles the main thread (cProfile) while the finished report is shown and
prints the slowest functions; ``BENCH_DEBUG=1`` prints the five longest gaps, when they were, and
what the main thread was doing in them (its Python stack, sampled every 2 ms by another thread).

Target (issue 13): ≤ 20 s for a 6-page scan, no stall > 100 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["GKAUDIT_OCR_CACHE"] = "0"  # measure the reading, not the cache

SAMPLE = ROOT / "resources" / "samples" / "huaian-city-2024.pdf"
TICK_MS = 10


def fresh_scan(source: Path, pages: int, dpi: int, seed: int, out: Path) -> Path:
    """An image-only PDF of the first ``pages`` pages of ``source``, noised and turned by ``seed``."""
    from tests.reading.scans import scanned_pdf

    quality = 60 + (seed * 7) % 26
    return scanned_pdf(source, range(pages), out, dpi=dpi, quality=quality, seed=seed)


class StackSampler:
    """Samples the main thread's Python stack every 2 ms from a thread of its own (debugging stalls)."""

    def __init__(self) -> None:
        import threading

        self.samples: list[tuple[float, tuple[str, ...]]] = []
        self._main = threading.main_thread().ident or 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.002):
            frame = sys._current_frames().get(self._main)
            stack: list[str] = []
            while frame is not None and len(stack) < 14:
                code = frame.f_code
                if "PySide6" not in code.co_filename:
                    stack.append(f"{Path(code.co_filename).name}:{frame.f_lineno} {code.co_name}")
                frame = frame.f_back
            self.samples.append((time.perf_counter(), tuple(stack)))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def during(self, start: float, end: float) -> list[tuple[int, tuple[str, ...]]]:
        """The stacks seen between two ``perf_counter`` times, most frequent first."""
        from collections import Counter

        counts = Counter(stack for at, stack in self.samples if start <= at <= end)
        return [(n, stack) for stack, n in counts.most_common(4)]


@dataclass
class Run:
    """What one opening of a fresh scan measured."""

    seconds: float  # open → shown, pages in view rendered, painted
    stall: float  # ms, the longest the main thread did not tick during the whole run
    stall_showing: float  # ms, the same from the moment the finished report arrived
    steps: list[int]  # the values the status bar's page bar showed, in order
    ocr_pages: int


class Bench:
    """The real main window with a 10 ms heartbeat on its thread."""

    def __init__(self, work: Path) -> None:
        from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
        from PySide6.QtWidgets import QApplication

        from ui.app import make_app
        from ui.mainwindow import MainWindow
        from ui.settings import Settings

        make_app()
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "settings"))
        settings = Settings()
        settings.set("auditor/name", "bench")
        settings.set("reading/ocr", "auto")
        self.window = MainWindow(settings, restore_geometry=False)
        self.window.resize(1500, 940)
        self.window.show()
        QApplication.processEvents()
        self.clock = QElapsedTimer()
        self.gaps: list[tuple[float, int]] = []  # (gap ms, at ms)
        self.last = 0
        self.heartbeat = QTimer()
        self.heartbeat.setInterval(TICK_MS)
        self.heartbeat.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.gaps.append((now - self.last, now))
        self.last = now

    def wait_until(self, predicate: Callable[[], bool], timeout_s: float = 180.0) -> None:
        """Run the event loop (a busy loop would starve the worker of the GIL) until true."""
        from PySide6.QtCore import QEventLoop, QTimer

        if predicate():
            return
        deadline = time.perf_counter() + timeout_s
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(5)

        def look() -> None:
            if predicate() or time.perf_counter() > deadline:
                loop.quit()

        poll.timeout.connect(look)
        poll.start()
        loop.exec()
        poll.stop()
        if not predicate():
            raise TimeoutError("benchmark step did not finish")

    def pages_in_view_rendered(self) -> bool:
        view = self.window.document.pdf_view
        return bool(view.pages) and all(p.image is not None for p in view.pages if not p.visibleRegion().isEmpty())

    def open(self, scan: Path, pages: int) -> Run:
        window = self.window
        progress: list[int] = []
        shown: list[object] = []
        arrived = [0]

        def on_page(_done: int, _total: int) -> None:  # what the status bar's bar shows, not just the signal
            progress.append(window.ocr_progress.value())

        def on_arrived() -> None:
            arrived[0] = self.clock.elapsed()

        hooks: list[tuple[Any, Callable[..., Any]]] = [
            (window.controller.pages_read, on_page), (window.report_shown, shown.append),
            (window.controller.opening_ended, on_arrived)]
        profile = None
        if os.environ.get("BENCH_PROFILE"):
            import cProfile

            profile = cProfile.Profile()
            hooks.append((window.controller.opening_ended, profile.enable))
        for signal, slot in hooks:
            signal.connect(slot)
        sampler = StackSampler() if os.environ.get("BENCH_DEBUG") else None
        self.gaps.clear()
        base = time.perf_counter()
        self.clock.start()
        self.last = 0
        self.heartbeat.start()
        window.open_file(str(scan))
        self.wait_until(lambda: bool(shown))
        self.wait_until(lambda: self.pages_in_view_rendered() and window.runner.active() == 0)
        window.repaint()
        seconds = time.perf_counter() - base
        self.heartbeat.stop()
        for signal, slot in hooks:
            signal.disconnect(slot)
        if profile is not None:
            import pstats

            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        if sampler is not None:
            sampler.stop()
            print("  worst gaps (ms, at ms; report arrived at", arrived[0], "):", sorted(self.gaps, reverse=True)[:5])
            for gap, at in sorted(self.gaps, reverse=True)[:3]:
                print(f"  in the gap of {gap:.0f} ms ending at {at} ms the main thread was in:")
                for n, stack in sampler.during(base + (at - gap) / 1000, base + at / 1000):
                    print(f"    {n} samples:", " < ".join(stack[:9]))
        session = window.session
        assert session is not None and session.report.document is not None
        window.controller.close_session()
        return Run(seconds, max((g for g, _ in self.gaps), default=0.0) - TICK_MS,
                   max((g for g, at in self.gaps if at >= arrived[0]), default=0.0) - TICK_MS,
                   progress, len(session.report.document.ocr_pages))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--source", type=Path, default=SAMPLE)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 10000, help="first seed (fresh scans each run)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gkaudit-bench-scan-"))
    os.environ["GKAUDIT_DATA_DIR"] = str(work / "data")
    from PySide6.QtWidgets import QApplication

    bench = Bench(work)
    print(f"Qt platform: {QApplication.platformName()}; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs; "
          f"load average {os.getloadavg()[0]:.1f}")
    # The audit child is started with the window: let it start, so the first run does not pay for it.
    time.sleep(0.5)
    bench.wait_until(lambda: bench.window.runner.active() == 0, 120)
    runs: list[Run] = []
    for k in range(args.runs):
        seed = args.seed + k
        scan = fresh_scan(args.source, args.pages, args.dpi, seed, work / f"scan-{seed}.pdf")
        run = bench.open(scan, args.pages)
        runs.append(run)
        one_a_page = run.steps == list(range(args.pages + 1))
        print(f"run {k + 1} (seed {seed}, {scan.stat().st_size // 1024} KB): open → shown {run.seconds:.1f} s; "
              f"{run.ocr_pages} pages read by OCR; page bar showed {run.steps} "
              f"({'one step a page' if one_a_page else 'NOT one step a page'}); longest stall {run.stall:.0f} ms, "
              f"after the report arrived {run.stall_showing:.0f} ms; load {os.getloadavg()[0]:.1f}", flush=True)
    seconds = [r.seconds for r in runs]
    stalls = [r.stall for r in runs]
    showing = [r.stall_showing for r in runs]
    print(f"\n{args.pages}-page scan at {args.dpi} dpi, {args.runs} fresh files: open → shown median "
          f"{statistics.median(seconds):.1f} s (min {min(seconds):.1f}, max {max(seconds):.1f}); longest stall median "
          f"{statistics.median(stalls):.0f} ms (min {min(stalls):.0f}, max {max(stalls):.0f}); after the report "
          f"arrived median {statistics.median(showing):.0f} ms (max {max(showing):.0f})")
    bench.window.close()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
