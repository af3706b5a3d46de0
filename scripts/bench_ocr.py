"""The OCR sweep: the corpus PDFs made into scans (150 and 200 dpi, turned ±1°, grey noise, JPEG
60-85), each read by OCR and compared with the text PDF: cells exact, broken relations found,
errors the text PDF does not have, seconds a page and peak memory.

With ``--generated N``, N generated reports (tests/docgen.py: both templates, an error injected
in every other one, converted to PDF by LibreOffice) are swept the same way.

Every page's own reading time (levelling, rules, detection, recognition) is recorded too; with
``--seed`` the scans get other noise, turns and JPEG qualities, so a run reads documents no earlier
run (or cache) has seen. Prints the median and spread of seconds a page.

Usage: .venv/bin/python scripts/bench_ocr.py [--dpi 150 200] [--generated N] [--seed S]
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
from gkaudit.model import AuditReport, Severity  # noqa: E402
from tests.reading.scans import scanned_pdf, time_page_reads  # noqa: E402

CORPUS = Path(os.environ.get("GKAUDIT_CORPUS", ROOT.parent / "shared" / "corpus" / "pdf"))


def _relations(report: AuditReport, errors_only: bool) -> set[tuple[str, str]]:
    return {
        (f.rule, f.cells[-1]) for f in report.findings
        if f.cells and f.rule.startswith(("apply.", "review.", "active."))
        and (f.severity is Severity.ERROR or not errors_only)
    }


def _generated(n: int, out: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT / "tests"))
    from docgen import make_doc_report, to_pdf, write_docx

    sources = [
        write_docx(make_doc_report(seed, ("2019", "2021")[seed % 2], kind="pdf", inject=seed % 2 == 0), out, f"gen-{seed}")
        for seed in range(n)
    ]
    return to_pdf(sources, out)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 200])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--generated", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    page_times, page_cpu = time_page_reads()
    pdfs = sorted(args.corpus.glob("*.pdf"))
    gen_dir = Path(tempfile.mkdtemp(prefix="gkaudit-bench-ocr-"))
    if args.generated:
        pdfs += _generated(args.generated, gen_dir)
    per_page: list[float] = []
    total = exact = 0
    print("| report | dpi | cells exact | broken relations found | errors not in the text PDF | s/page |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for k, pdf in enumerate(pdfs):
            truth = audit_path(pdf)
            for dpi in args.dpi:
                quality = 60 + (k * 9 + dpi // 10 + args.seed * 7) % 26  # 60-85
                import pypdfium2 as pdfium

                pages = len(pdfium.PdfDocument(str(pdf)))
                scan = scanned_pdf(pdf, range(pages), Path(tmp) / f"{pdf.stem}-{dpi}.pdf", dpi=dpi, quality=quality,
                                   seed=args.seed)
                start = time.perf_counter()
                report = audit_path(scan)
                seconds = (time.perf_counter() - start) / pages
                per_page.append(seconds)
                cells = [(t, key, c) for t, table in truth.tables.items() for key, c in table.cells.items()]
                ok = 0
                for t, key, c in cells:
                    got = report.tables[t].get(*key)
                    ok += got is not None and got.value == c.value and got.blank == c.blank
                total += len(cells)
                exact += ok
                broken = _relations(truth, errors_only=True)
                found = broken & _relations(report, errors_only=False)
                extra = _relations(report, errors_only=True) - broken
                print(
                    f"| {pdf.stem} | {dpi} (q{quality}) | {ok}/{len(cells)} | {len(found)}/{len(broken)} | "
                    f"{len(extra)} | {seconds:.2f} |", flush=True,
                )
    if page_times:
        q = statistics.quantiles(page_times, n=4)
        print(f"one page read: median {statistics.median(page_times):.2f} s (quartiles {q[0]:.2f}–{q[2]:.2f}, "
              f"min {min(page_times):.2f}, max {max(page_times):.2f}; {len(page_times)} pages); "
              f"CPU a page median {statistics.median(page_cpu):.2f} s; load average {os.getloadavg()[0]:.1f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\ncells exact {exact}/{total} ({100 * exact / max(total, 1):.1f}%); s/page median "
        f"{statistics.median(per_page):.2f} (min {min(per_page):.2f}, max {max(per_page):.2f}); peak RSS {rss:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
