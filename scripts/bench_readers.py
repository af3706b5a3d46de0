"""Time the readers on the sample reports: milliseconds per file, best of 5.

What is timed is ``gkaudit.reading.read_document(path)`` end to end: reading the file, hashing it,
sniffing the kind, and the reader itself (for a PDF: PDFium text and rules of every page, table
cells, joins across pages, the text and spans). Each file is read once first, untimed, so module
imports and PDFium's one-off font setup are not counted; then five timed runs. Reported: the
fastest wall-clock time (``time.perf_counter``; the run least disturbed by other work on the
machine), the median wall-clock time, and the fastest CPU time of this process
(``time.process_time``), which stays meaningful when other jobs load the machine.

    .venv/bin/python scripts/bench_readers.py [FILE ...]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gkaudit.reading import read_document  # noqa: E402

SAMPLES = ROOT / "resources" / "samples"
DEFAULT = [
    SAMPLES / "huaian-city-2024.pdf",
    SAMPLES / "huaian-hongze-district-2023.pdf",
    SAMPLES / "huaian-hongze-district-2024.pdf",
    SAMPLES / "template-2021.docx",
]
RUNS = 5


def bench(path: Path) -> tuple[float, float, float, int]:
    doc = read_document(path)  # warm-up
    wall, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        read_document(path)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return min(wall), statistics.median(wall), min(cpu), doc.pages


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or DEFAULT
    print(f"{'file':<36} {'pages':>5} {'best ms':>9} {'median ms':>10} {'cpu ms':>8} {'ms/page':>8}")
    for path in paths:
        best, median, cpu, pages = bench(path)
        per_page = f"{best / pages:8.1f}" if pages else f"{'-':>8}"
        print(f"{path.name:<36} {pages or '-':>5} {best:9.1f} {median:10.1f} {cpu:8.1f} {per_page}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
