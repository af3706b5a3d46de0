"""The OCR sweep over generated reports: both templates, an error injected in every other one,
converted to PDF by LibreOffice, then made into scanned forms (image-only PDFs at 150 and 200 dpi,
a PNG and a JPEG page photo, a folder of JPEG page photos as one report: turned within ±1°, grey
noise, JPEG 60-85), each read by OCR with the cache off and scored against the generator's truth:
cells exact, broken relations found, arithmetic errors the report does not have. A page photo is
held to the cells on its page that the text PDF of that page alone places (a table continued from
the page before is placed by its rows' labels); the rest are counted apart, and why (the page
names no template, or the rows' labels are not on it). A cell a photo gives that the report
prints on another page is misplaced (counted among the misread too).

Prints one row a form, totals by form and template, each page's reading time (median and spread)
and the process's peak memory. ``--seed`` gives other turns, noise and JPEG qualities (fresh scans).

Usage: .venv/bin/python scripts/bench_ocr_generated.py [--reports 8] [--first 100] [--seed 0]
       [--forms pdf150 pdf200 png jpeg folder] [-v]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["GKAUDIT_OCR_CACHE"] = "0"  # measure the reading, not the cache

from gkaudit.audit import audit_path  # noqa: E402
from tests.reading.ocr_sweep import (  # noqa: E402
    APART_WHY,
    FORMS,
    Score,
    generated_pdfs,
    make_forms,
    score,
    text_of_pages,
)
from tests.reading.scans import time_page_reads  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _total_row(name: str, s: Score) -> str:
    return (f"| {name} | {s.exact}/{s.cells} ({100 * s.exact / max(s.cells, 1):.2f}%) | {s.text_exact}/{s.cells} | "
            f"{s.broken_found}/{s.broken} | {len(s.false_errors)} | {len(s.text_errors)} | {s.uncertain_warnings} | "
            f"{s.misplaced} | {s.unplaced} |")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=8, help="how many generated reports")
    parser.add_argument("--first", type=int, default=100, help="the first generator seed")
    parser.add_argument("--seed", type=int, default=0, help="turns, noise and JPEG qualities of the scans")
    parser.add_argument("--forms", nargs="+", default=list(FORMS), choices=FORMS)
    parser.add_argument("-v", "--verbose", action="store_true", help="list each misread cell and false error")
    args = parser.parse_args()
    page_times, page_cpu = time_page_reads()
    by_form: dict[str, Score] = {}
    by_template: dict[str, Score] = {}
    with tempfile.TemporaryDirectory(prefix="gkaudit-ocr-sweep-") as tmp:
        start = time.perf_counter()
        generated = generated_pdfs(range(args.first, args.first + args.reports), Path(tmp))
        print(f"{len(generated)} reports generated and converted in {time.perf_counter() - start:.1f} s\n")
        print("| report | form | cells exact | text PDF of the pages | broken relations found | false errors | "
              "errors the text PDF has too | uncertain warnings | misplaced | not placeable from the pages alone | "
              "s/page |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for g in generated:
            text = audit_path(g.pdf)
            for form in make_forms(g, text, Path(tmp) / "scans", args.seed, args.forms):
                before = len(page_times)
                result = audit_path(form.path)
                pages = page_times[before:]
                same = None
                if text.document is not None and len(form.pages) < text.document.pages:
                    one = text_of_pages(g.pdf, form.pages, Path(tmp) / f"{form.path.stem}-text.pdf")
                    same = audit_path(one)
                s = score(g, text, result, form.pages, same)
                by_form.setdefault(form.kind, Score()).add(s)
                by_template.setdefault(g.report.template, Score()).add(s)
                print(f"| {g.name} | {form.label} | {s.exact}/{s.cells} | {s.text_exact}/{s.cells} | "
                      f"{s.broken_found}/{s.broken} | {len(s.false_errors)} | {len(s.text_errors)} | "
                      f"{s.uncertain_warnings} | {s.misplaced} | {s.unplaced} | "
                      f"{statistics.median(pages) if pages else 0:.2f} |",
                      flush=True)
                if args.verbose:
                    for line in s.misread + [f"FALSE {e}" for e in s.false_errors]:
                        print(f"    {line}")
    print("\n| totals | cells exact | text PDF of the pages | broken relations found | false errors | "
          "errors the text PDF has too | uncertain warnings | misplaced | not placeable from the pages alone |")
    print("|---|---|---|---|---|---|---|---|---|")
    total = Score()
    for name, s in [*(("form " + k, v) for k, v in by_form.items()),
                    *(("template " + k, v) for k, v in by_template.items())]:
        print(_total_row(name, s))
    for s in by_form.values():
        total.add(s)
    print(_total_row("all", total))
    for why, n in sorted(total.apart.items()):
        print(f"not placeable from the page alone: {n} cells, {APART_WHY[why]}")
    if page_times:
        q = statistics.quantiles(page_times, n=4) if len(page_times) > 1 else [page_times[0]] * 3
        print(f"\none page read: median {statistics.median(page_times):.2f} s (quartiles {q[0]:.2f}–{q[2]:.2f}, "
              f"min {min(page_times):.2f}, max {max(page_times):.2f}; {len(page_times)} pages); CPU a page median "
              f"{statistics.median(page_cpu):.2f} s; load average {os.getloadavg()[0]:.1f}")
    print(f"peak memory (RSS of this process, the whole sweep) {_peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
