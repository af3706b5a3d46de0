"""Benchmark the core: one text report in-process, the CLI's wall time, and a 1,000-report batch.

How it measures: in-process figures are the best of 20 runs of ``audit_document`` on an already
decoded document (time.perf_counter); the CLI figure is the best of 5 runs of
``python -m gkaudit audit FILE`` as a subprocess (interpreter start included); the batch copies the
five seeds 200 times each into a temporary folder and times one ``gkaudit audit DIR --json -o``
process over all 1,000 files. Run: ``.venv/bin/python scripts/bench_core.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gkaudit.audit import audit_document  # noqa: E402
from gkaudit.reading import read_document  # noqa: E402

SEEDS = sorted((ROOT / "resources" / "samples").glob("*.txt"))


def best(fn, n: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    print("in-process audit of one text report (best of 20):")
    for seed in SEEDS:
        doc = read_document(seed)
        t = best(lambda doc=doc: audit_document(doc), 20)
        print(f"  {seed.name:24s} {t * 1000:6.2f} ms")
    cli = [sys.executable, "-m", "gkaudit", "audit", str(SEEDS[0])]
    t = best(lambda: subprocess.run(cli, capture_output=True, check=False), 5)
    print(f"CLI wall time, one file, interpreter start included (best of 5): {t * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "批量"
        folder.mkdir()
        for i in range(200):
            for seed in SEEDS:
                shutil.copy(seed, folder / f"{i:03d}-{seed.name}")
        out = Path(tmp) / "out.json"
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "gkaudit", "audit", str(folder), "--json", "-o", str(out)], check=False
        )
        t = time.perf_counter() - t0
        print(f"batch of 1,000 text reports, one process, JSON written: {t:.2f} s")


if __name__ == "__main__":
    main()
