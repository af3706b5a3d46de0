"""Score our OCR on reports scanned at several resolutions: cells strictly, and false arithmetic errors.

Usage: ``.venv/bin/python scripts/score_scan_dpi.py [--dpi 200 150 130 110 96 80] [--count 4] [--seed-base 17500]
[--no-corpus] [--folder] [-v]``

Each PDF (the three corpus PDFs with their golden truths, and generated reports with theirs, made
as ``scripts/make_converter_suite.py`` makes them) is rendered by ``pdftoppm -r DPI``, its pages
joined into an image-only PDF (what ``scripts/crosscheck_readings.py --scan`` reads) and audited
through our OCR with the OCR cache off. A cell is *wrong* when it is certain (not ``uncertain``) and
differs from the truth, a certain printed blank where the truth has a number included; a false
error is an arithmetic error the truth does not break (``tests/converters/scoring.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from converters.scoring import score  # noqa: E402
from docgen import make_doc_report, to_pdf, write_docx  # noqa: E402
from make_converter_suite import corpus_truth, plan, report_truth  # noqa: E402

from gkaudit.audit import audit_path  # noqa: E402
from gkaudit.reading.scan import ENV_CACHE  # noqa: E402

SAMPLES = ROOT / "resources" / "samples"
CORPUS = ["huaian-city-2024", "huaian-hongze-district-2023", "huaian-hongze-district-2024"]
DPIS = (200, 150, 130, 110, 96, 80)


def scanned(pdf: Path, dpi: int, work: Path, folder: bool = False) -> Path:
    """The PDF as a scan at ``dpi``: its pages as images in a PDF without a text layer (our PDF
    reader renders such a page at 200 dpi again), or with ``folder`` the folder of page images
    (read at their own resolution)."""
    from PIL import Image

    pages = work / f"{pdf.stem}.{dpi}"
    pages.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(pages / "p")], check=True,
                   capture_output=True, timeout=600)
    if folder:
        return pages
    images = [Image.open(p).convert("RGB") for p in sorted(pages.glob("p-*.png"))]
    out = work / f"{pdf.stem}.{dpi}.scan.pdf"
    images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi)
    return out


def documents(count: int, seed_base: int, corpus: bool, work: Path) -> list[tuple[str, Path, dict]]:
    """(name, PDF, truth) of the documents to score: the corpus PDFs and ``count`` generated ones
    (both templates, injected errors and Word looks varied as the converter suite varies them)."""
    out: list[tuple[str, Path, dict]] = []
    if corpus:
        out += [(n, SAMPLES / f"{n}.pdf", corpus_truth(n)) for n in CORPUS]
    if count:
        docs, truths, docx = [], [], []
        for p in plan(count, seed_base):
            seed = int(p["seed"])
            report = make_doc_report(seed, str(p["template"]), kind="pdf", inject=p["inject"],  # type: ignore[arg-type]
                                     blanks=p["blanks"], one_row_other=p["one_row_other"], word=p["word"])  # type: ignore[arg-type]
            name = f"gen{seed}-{p['template']}-{p['inject'] or 'consistent'}"
            docs.append(name)
            truths.append(report_truth(name, report))
            docx.append(write_docx(report, work / "docx", name + ".docx"))
        for name, pdf, truth in zip(docs, to_pdf(docx, work / "pdf"), truths, strict=True):
            out.append((name, pdf, truth))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", type=int, nargs="*", default=list(DPIS))
    ap.add_argument("--count", type=int, default=4, help="generated documents")
    ap.add_argument("--seed-base", type=int, default=17500)
    ap.add_argument("--no-corpus", action="store_true")
    ap.add_argument("--folder", action="store_true", help="audit the page images as a folder, not as an image PDF")
    ap.add_argument("--only", nargs="*", help="document names to keep")
    ap.add_argument("-v", action="store_true", help="list each wrong cell, false and misread error")
    args = ap.parse_args()
    os.environ[ENV_CACHE] = "0"
    work = Path(tempfile.mkdtemp(prefix="gkaudit-scandpi-"))
    docs = documents(args.count, args.seed_base, not args.no_corpus, work)
    if args.only:
        docs = [d for d in docs if d[0] in args.only]
    print(f"{'dpi':>4} {'doc':34} {'cells':>5} {'exact':>5} {'unsure':>6} {'wrong':>5} {'false':>5} {'misread':>7} {'s':>4}")
    for dpi in args.dpi:
        tot = {"cells": 0, "exact": 0, "unsure": 0, "wrong": 0, "false": 0, "misread": 0}
        for name, pdf, truth in docs:
            start = time.perf_counter()
            report = audit_path(scanned(pdf, dpi, work, args.folder))
            s = score(report, truth, name)
            secs = time.perf_counter() - start
            row = {"cells": s.cells, "exact": s.exact, "unsure": s.unsure, "wrong": len(s.wrong),
                   "false": len(s.false_errors), "misread": len(s.misread)}
            for k, v in row.items():
                tot[k] += v
            print(f"{dpi:>4} {name:34} {s.cells:>5} {s.exact:>5} {s.unsure:>6} {len(s.wrong):>5} "
                  f"{len(s.false_errors):>5} {len(s.misread):>7} {secs:>4.0f}", flush=True)
            if args.v:
                for line in [*s.wrong, *(f"false {e}" for e in s.false_errors), *(f"misread {e}" for e in s.misread)]:
                    print(f"       {line}")
        print(f"{dpi:>4} {'TOTAL':34} {tot['cells']:>5} {tot['exact']:>5} {tot['unsure']:>6} {tot['wrong']:>5} "
              f"{tot['false']:>5} {tot['misread']:>7}", flush=True)
    print(json.dumps({"work": str(work)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
