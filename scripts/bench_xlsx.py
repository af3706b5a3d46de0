"""Benchmark the Excel export: one report's workbook (< 0.5 s) and a 1,000-report batch (< 60 s, < 1 GB).

    .venv/bin/python scripts/bench_xlsx.py [--reports 1000] [--rounds 3] [--keep DIR] [--check]

The batch workbook includes the 汇总 and 统计分析 sheets (the record layer and pandas). Each round
generates fresh documents (other seeds), so nothing is reused between rounds; the median and the
spread (min–max) of the rounds are printed.

Reports for the batch come from the test suite's generator (both templates, every style, one in
three with an injected error) and are audited first; only the export is timed. Wall-clock and CPU
time are both printed, because a shared machine makes wall-clock noisy. Memory is the peak resident
size of the whole process (the audited reports included), read from ``getrusage``.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from generator import STYLES, make_report  # noqa: E402

from gkaudit.audit import audit_document, audit_path  # noqa: E402
from gkaudit.export.xlsx import write_batch_workbook, write_report_workbook  # noqa: E402
from gkaudit.model import AuditReport, ReadError  # noqa: E402
from gkaudit.reading import read_bytes  # noqa: E402

SEEDS = ("fuxin-2020", "urumqi-2020", "wuhai-2020", "wuzhong-2020", "qingtongxia-2021")
SINGLE_LIMIT_S, BATCH_LIMIT_S, MEMORY_LIMIT_MB = 0.5, 60.0, 1024.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def bench_single(folder: Path, rounds: int = 7) -> float:
    worst = 0.0
    for name in SEEDS:
        report = audit_path(ROOT / "resources" / "samples" / f"{name}.txt")
        write_report_workbook(report, folder / f"{name}.xlsx")  # warm: imports, caches
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            write_report_workbook(report, folder / f"{name}.xlsx")
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"  {name:<18} median {median * 1000:6.0f} ms  best {min(times) * 1000:6.0f} ms")
    return worst


def generated_reports(count: int, first: int = 0) -> list[AuditReport]:
    reports, unreadable = [], 0
    for seed in range(first, first + count):
        made = make_report(seed, "2021" if seed % 2 else "2019", STYLES[seed % len(STYLES)], inject=seed % 3 == 0)
        try:
            reports.append(audit_document(read_bytes(f"{seed:04d}-{made.filename}", made.data)))
        except ReadError:
            unreadable += 1
    if unreadable:
        print(f"  ({unreadable} generated reports could not be read and are left out)")
    return reports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=1, help="batches of fresh documents, each timed")
    parser.add_argument("--keep", type=Path, help="write the workbooks here instead of a temporary folder")
    parser.add_argument("--check", action="store_true", help="exit 1 when a limit is exceeded")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gkaudit-bench-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        print("one report → one workbook")
        single = bench_single(folder)
        walls, cpus, memory = [], [], 0.0
        for n in range(args.rounds):
            print(f"round {n + 1}: generating and auditing {args.reports} fresh reports …")
            start = time.perf_counter()
            reports = generated_reports(args.reports, first=n * args.reports)
            print(f"  audited {len(reports)} in {time.perf_counter() - start:.1f} s; peak memory so far {peak_mb():.0f} MB")
            wall, cpu = time.perf_counter(), time.process_time()
            written = write_batch_workbook(reports, folder / f"batch-{n + 1}.xlsx")
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            memory = peak_mb()
            print(f"  batch of {len(reports)} → one workbook: {walls[-1]:.1f} s wall, {cpus[-1]:.1f} s CPU, "
                  f"{written.stat().st_size / 1e6:.1f} MB file, peak memory {memory:.0f} MB")
            del reports
        wall = statistics.median(walls)
        print(f"batch workbook, {args.rounds} rounds: median {wall:.1f} s wall (min {min(walls):.1f}, max {max(walls):.1f}), "
              f"median {statistics.median(cpus):.1f} s CPU; peak memory {memory:.0f} MB")
    ok = single < SINGLE_LIMIT_S and wall < BATCH_LIMIT_S and memory < MEMORY_LIMIT_MB
    print(f"limits: single < {SINGLE_LIMIT_S} s, batch < {BATCH_LIMIT_S:.0f} s, memory < {MEMORY_LIMIT_MB:.0f} MB: "
          + ("met" if ok else "NOT met"))
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
