"""Measure the hostile-file budgets: each file answered by ``gkaudit audit`` in seconds and peak memory.

Every run generates its hostile file afresh (``tests/hostile.py``) in a new temporary folder and
runs the command line on it as a user would (``python -m gkaudit audit FILE --json``), from a small
wrapper process that reports the wall-clock time of the command and the peak resident memory of
its largest process (``getrusage(RUSAGE_CHILDREN).ru_maxrss``: the CLI and the audit child it
starts, whichever is larger). Five runs per file; the median and the spread (min–max) are printed.
Then the batch: 20 good reports (the five seeds, four times) with 10 hostile files between them,
timed once, with the count of reports audited. Optionally a long real PDF (``--pages N``: the sample
PDFs' pages repeated to N pages).

    .venv/bin/python scripts/bench_hostile.py [--runs 5] [--pages 500]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile  # noqa: E402

SAMPLES = ROOT / "resources" / "samples"
SEEDS = ["fuxin-2020", "urumqi-2020", "wuhai-2020", "wuzhong-2020", "qingtongxia-2021"]
_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True)\n"
    "t = time.perf_counter() - t\n"
    "print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode)\n"
    "sys.stderr.write(p.stderr.decode('utf-8', 'replace')[-300:])\n"
)


def _fifo(folder: Path) -> Path:
    return hostile.special_files(folder)["fifo"]


def _zero(folder: Path) -> Path:
    return hostile.special_files(folder)["zero"]


def _bytes(name: str, make: Callable[[], bytes]) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(make())
        return path

    return write


CASES: dict[str, Callable[[Path], Path]] = {
    "HTML tables nested 16 deep": _bytes("n16.html", lambda: hostile.nested_tables_html(16)),
    "HTML tables nested 300 deep": _bytes("n300.html", lambda: hostile.nested_tables_html(300)),
    "HTML tables nested 5000 deep": _bytes("n5000.html", lambda: hostile.nested_tables_html(5000)),
    "HTML colspan/rowspan 1000 (16 KB)": _bytes("spans.html", hostile.span_bomb_html),
    "Word tables nested 5000 deep": _bytes("n5000.docx", lambda: hostile.nested_tables_docx(5000)),
    ".docx gridSpan 30,000,000": _bytes("grid.docx", hostile.gridspan_bomb_docx),
    ".docx document.xml 190 MB unpacked": _bytes("big.docx", hostile.big_document_docx),
    ".docx zip header understating size": _bytes("lying.docx", hostile.lying_zip_docx),
    "UTF-8 with a stray byte": _bytes("stray.txt", hostile.stray_byte_utf8),
    "unclosed <embed>": _bytes("embed.html", hostile.embed_html),
    "FIFO named x.txt": _fifo,
    "symlink to /dev/zero": _zero,
}


def measure(args: list[str]) -> tuple[float, float, int]:
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *args], capture_output=True, text=True, check=True)
    seconds, kb, code = out.stdout.split()
    return float(seconds), int(kb) / 1024, int(code)


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "gkaudit", "audit", *args]


def bench_case(make: Callable[[Path], Path], runs: int) -> tuple[list[float], list[float], int]:
    times, peaks, code = [], [], 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="gkaudit-hostile-") as tmp:
            path = make(Path(tmp))
            seconds, mb, code = measure(cli(str(path), "--json"))
        times.append(seconds)
        peaks.append(mb)
    return times, peaks, code


def spread(values: list[float], unit: str, fmt: str = ".2f") -> str:
    return f"{statistics.median(values):{fmt}} {unit} ({min(values):{fmt}}–{max(values):{fmt}})"


def bench_batch() -> tuple[float, float, int]:
    bad = [
        hostile.nested_tables_html(300), hostile.span_bomb_html(), hostile.gridspan_bomb_docx(),
        hostile.lying_zip_docx(8), hostile.nested_tables_html(5000), hostile.embed_html(),
        hostile.stray_byte_utf8(), hostile.nested_tables_docx(5000), bytes(range(256)) * 8, b"",
    ]
    suffixes = [".html", ".html", ".docx", ".docx", ".html", ".html", ".txt", ".docx", ".txt", ".txt"]
    with tempfile.TemporaryDirectory(prefix="gkaudit-batch-") as tmp:
        folder = Path(tmp)
        for i in range(20):
            shutil.copy(SAMPLES / f"{SEEDS[i % 5]}.txt", folder / f"{i:02d}a-report.txt")
            if i % 2:
                (folder / f"{i:02d}b-hostile{suffixes[i // 2]}").write_bytes(bad[i // 2])
        out = folder / "result.json"
        seconds, mb, _code = measure(cli(str(folder), "--json", "-o", str(out)))
        data = json.loads(out.read_text(encoding="utf-8"))
    audited = sum(1 for d in data if "error" not in d and d["file"].endswith("a-report.txt"))
    return seconds, mb, audited


def long_pdf(pages: int, folder: Path) -> Path:
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    sources = [pdfium.PdfDocument(str(p)) for p in sorted(SAMPLES.glob("*.pdf"))]
    while len(out) < pages:
        for src in sources:
            out.import_pages(src, list(range(min(len(src), pages - len(out)))))
            if len(out) >= pages:
                break
    path = folder / f"long-{pages}.pdf"
    out.save(str(path))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=0)
    args = parser.parse_args()
    print(f"{'file':40} {'answered in (median, min–max)':>30} {'peak memory':>28}  exit")
    for name, make in CASES.items():
        if name.startswith(("FIFO", "symlink")) and not hasattr(os, "mkfifo"):
            continue
        times, peaks, code = bench_case(make, args.runs)
        print(f"{name:40} {spread(times, 's'):>30} {spread(peaks, 'MB', '.0f'):>28}  {code}")
    seconds, mb, audited = bench_batch()
    print(f"batch: 20 good reports + 10 hostile files: {audited}/20 audited in {seconds:.1f} s, peak {mb:.0f} MB")
    if args.pages:
        with tempfile.TemporaryDirectory(prefix="gkaudit-long-") as tmp:
            path = long_pdf(args.pages, Path(tmp))
            times, peaks = [], []
            for _ in range(min(args.runs, 3)):
                seconds, mb, code = measure(cli(str(path), "--json", "--time-limit", "600"))
                times.append(seconds)
                peaks.append(mb)
            print(f"{args.pages}-page PDF (sample pages repeated): {spread(times, 's')}, peak {spread(peaks, 'MB', '.0f')}, exit {code}")


if __name__ == "__main__":
    main()
