"""Benchmark whole audits (read + extract + check) of the sample PDFs, the Word template and a 12-page PDF.

How it measures: best of 5 runs of ``audit_path`` in one warm process (time.perf_counter), after
one untimed run that loads the libraries. The 12-page PDF is the 6-page 淮安市 2024 report twice
over, joined with pypdfium2 into a temporary file. Run: ``.venv/bin/python scripts/bench_audit.py``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2  # noqa: E402

from gkaudit.audit import audit_path  # noqa: E402

SAMPLES = ROOT / "resources" / "samples"


def best_ms(path: Path, n: int = 5) -> float:
    audit_path(path)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        audit_path(path)
        times.append(time.perf_counter() - t0)
    return min(times) * 1000


def twelve_pages(folder: Path) -> Path:
    src = pypdfium2.PdfDocument(str(SAMPLES / "huaian-city-2024.pdf"))
    out = pypdfium2.PdfDocument.new()
    out.import_pages(src)
    out.import_pages(src)
    target = folder / "十二页.pdf"
    out.save(str(target))
    return target


def main() -> None:
    files = [*sorted(SAMPLES.glob("*.pdf")), SAMPLES / "template-2021.docx"]
    with tempfile.TemporaryDirectory() as tmp:
        files.append(twelve_pages(Path(tmp)))
        for f in files:
            pages = len(pypdfium2.PdfDocument(str(f))) if f.suffix == ".pdf" else 0
            label = f"{f.name} ({pages} pages)" if pages else f.name
            print(f"{label:42s} {best_ms(f):7.1f} ms")


if __name__ == "__main__":
    main()
