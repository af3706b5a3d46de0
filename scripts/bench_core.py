"""Benchmark the core: one text report in-process, the CLI's wall time, and a 1,000-report batch.

How it measures, on fresh documents (the test suite's generator, never a file seen before):
in-process, ``audit_document`` on 100 generated reports, each audited once; the CLI, ``python -m
gkaudit audit FILE`` as a subprocess (interpreter start included) on five files, each once; the
batch, ``gkaudit audit DIR --json -o`` over 1,000 newly generated text reports (its reading runs in
worker processes), repeated ``--rounds`` times with other seeds. Each figure is printed as the
median with the spread (min–max). The in-process audit is timed on the wall clock and on the
process's CPU clock: on a shared machine the wall time grows with the other jobs' load, the CPU
time much less; the load average is printed before and after. Run:
``.venv/bin/python scripts/bench_core.py [--rounds 3] [--in-process-only]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gkaudit.audit import audit_document  # noqa: E402
from gkaudit.reading import read_bytes  # noqa: E402
from tests.generator import make_report  # noqa: E402

TEXT_STYLES = ("tab", "lines", "markdown")


def spread(times: list[float], unit: float = 1000, fmt: str = "{:.1f}") -> str:
    med, lo, hi = (fmt.format(t * unit) for t in (statistics.median(times), min(times), max(times)))
    return f"median {med} (min {lo}, max {hi})"


def load() -> str:
    """The 1, 5 and 15 minute load averages (where the OS has them)."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "unknown"


def write_reports(folder: Path, first: int, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for seed in range(first, first + count):
        made = make_report(seed, "2021" if seed % 2 else "2019", TEXT_STYLES[seed % len(TEXT_STYLES)])
        path = folder / f"{seed:06d}-{made.filename}"
        path.write_bytes(made.data)
        out.append(path)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--in-process-only", action="store_true", help="only the in-process audit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gkaudit-bench-") as tmp:
        singles = write_reports(Path(tmp) / "单个", 900_000, 5)
        # One report first so that imports and compiled patterns are not counted; then each
        # report is a new one, audited once (no cache of an earlier run can answer for it).
        warm = write_reports(Path(tmp) / "预热", 910_000, 1)[0]
        audit_document(read_bytes(warm.name, warm.read_bytes()))
        times, cpu = [], []
        print(f"load average {load()}")
        for path in write_reports(Path(tmp) / "进程内", 920_000, 100):
            doc = read_bytes(path.name, path.read_bytes())
            t0, c0 = time.perf_counter(), time.process_time()
            audit_document(doc)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        print(f"in-process audit of one text report (100 fresh reports, each once): {spread(times)} ms wall, "
              f"{spread(cpu)} ms CPU; load average {load()}")
        if args.in_process_only:
            return
        times = []
        for path in singles:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "gkaudit", "audit", str(path)], capture_output=True, check=False)
            times.append(time.perf_counter() - t0)
        print(f"CLI wall time, one fresh file each, interpreter start included: {spread(times, fmt='{:.0f}')} ms")
        times = []
        for n in range(args.rounds):
            folder = Path(tmp) / f"批量{n}"
            write_reports(folder, n * args.reports, args.reports)
            out = Path(tmp) / f"out{n}.json"
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "gkaudit", "audit", str(folder), "--json", "-o", str(out)],
                           check=False, capture_output=True)
            times.append(time.perf_counter() - t0)
            print(f"  round {n + 1}: {args.reports} fresh text reports in {times[-1]:.2f} s")
        print(f"batch of {args.reports} text reports, one command, JSON written: "
              f"{spread(times, unit=1, fmt='{:.2f}')} s")


if __name__ == "__main__":
    main()
