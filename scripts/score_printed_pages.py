"""Score web pages printed to PDF by a browser (Chromium), read by our PDF reader and by ``pdftotext -layout``.

Usage: ``.venv/bin/python scripts/score_printed_pages.py [--seeds 21300 21311] [--no-realdev]
[--kinds gen lo variant] [--papers default a4 a4l a4-zoom a5] [--readers pdf layout] [--work DIR] [-v]``.

An auditor who finds a report published as a web page often prints it to PDF from the browser and
opens that, or copies its text. The page is laid out for a screen: a table wider than the paper
runs off its edge (its last columns outside the drawn grid or cut), a cell's label, number and the
next item's heading share one line. The pages are the realdev HTML files (their truths), the
generator's saved government pages (``tests/generator.py`` ``html`` style), its table variants
(``tests/variants.py``) and LibreOffice's HTML export of generated Word reports (``docgen``), each
printed by ``chromium --headless --print-to-pdf`` on a few papers (``@page`` size and a print
zoom injected as CSS, as the print dialog's paper and scale do), then audited as the PDF
(``audit_path``) and as its ``pdftotext -layout`` text, scored strictly
(``tests/converters/scoring.score``).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "scripts"), str(ROOT)]

from converters.runners import libreoffice_html, pdftotext_layout  # noqa: E402
from converters.scoring import Score, score, tally  # noqa: E402
from docgen import make_doc_report, write_docx  # noqa: E402
from generator import INJECT_KINDS, make_report  # noqa: E402
from make_converter_suite import plan, report_truth, truth_of  # noqa: E402
from variants import make_variant_report  # noqa: E402
from variants import truth as variant_truth  # noqa: E402

from gkaudit.audit import audit_path  # noqa: E402

REALDEV = ROOT.parent / "shared" / "realdev"
REALDEV_PAGES = ("007_shanghai_govoffice_2019", "015_hangzhou_style_2025_fixture", "018_shuyang_fgj_2023")
# The print dialog's paper and scale: CSS put before the page's own (which may set neither).
PAPERS = {
    "default": "",  # Chromium's own (Letter, as --print-to-pdf gives with no page CSS)
    "a4": "@page{size:A4 portrait}",
    "a4l": "@page{size:A4 landscape}",
    "a4-zoom": "@page{size:A4 portrait} html{zoom:0.75}",
    "a5": "@page{size:A5 portrait}",
}
KINDS = ("gen", "lo", "variant")


def sources(seeds: tuple[int, int] | None, realdev: bool, kinds: list[str], work: Path) -> list[tuple[str, Path, dict]]:
    """The pages to print with their truths."""
    out: list[tuple[str, Path, dict]] = []
    if realdev:
        for stem in REALDEV_PAGES:
            truth = json.loads((REALDEV / f"{stem}.truth.json").read_text(encoding="utf-8"))
            out.append((stem[:3], REALDEV / f"{stem}.html", truth))
    if seeds is None:
        return out
    first, last = seeds
    pages = work / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for i, seed in enumerate(range(first, last + 1)):
        template = ("2019", "2021")[i % 2]
        inject = INJECT_KINDS[(i // 2) % len(INJECT_KINDS)] if i % 4 >= 2 else None
        if "gen" in kinds:
            rep = make_report(seed, template, "html", inject=inject, traditional=False)
            name = f"gen{seed}-{template}-{inject or 'consistent'}"
            path = pages / f"{name}.html"
            path.write_bytes(rep.data)
            out.append((name, path, {"file": name, **truth_of(rep.tables)}))
        if "variant" in kinds:
            vrep = make_variant_report(seed, template, "html", "mix", inject=inject)
            name = f"var{seed}-{template}-{inject or 'consistent'}"
            path = pages / f"{name}.html"
            path.write_bytes(vrep.data)
            out.append((name, path, {"file": name, **variant_truth(vrep)}))
    if "lo" in kinds:
        for p in plan(last - first + 1, first):
            rep = make_doc_report(int(p["seed"]), str(p["template"]), kind="pdf", inject=p["inject"],  # type: ignore[arg-type]
                                  blanks=p["blanks"], one_row_other=p["one_row_other"], word=p["word"])  # type: ignore[arg-type]
            name = f"lo{p['seed']}-{p['template']}-{p['inject'] or 'consistent'}"
            path = pages / f"{name}.html"
            if not path.is_file():
                docx = write_docx(rep, work / "docx", name + ".docx")
                path.write_text(libreoffice_html(docx), encoding="utf-8")
            out.append((name, path, report_truth(name, rep)))
    return out


def _with_paper(page: Path, css: str, out: Path) -> Path:
    """The page with the paper's CSS in its head, decoded as the browser would (meta charset kept)."""
    data = page.read_bytes()
    style = f"<style>{css}</style>".encode("ascii")
    m = re.search(rb"<head[^>]*>", data, re.I)
    at = m.end() if m else 0
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):  # UTF-16: re-encode the style
        text = data.decode("utf-16")
        m2 = re.search(r"<head[^>]*>", text, re.I)
        at2 = m2.end() if m2 else 0
        out.write_bytes((text[:at2] + style.decode("ascii") + text[at2:]).encode("utf-16"))
    else:
        out.write_bytes(data[:at] + style + data[at:])
    return out


def print_page(page: Path, paper: str, work: Path) -> Path:
    """Chromium's PDF of the page on ``paper`` (kept in ``work`` and re-used)."""
    out = work / paper / (page.stem + ".pdf")
    if out.is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    src = _with_paper(page, PAPERS[paper], work / paper / page.name)
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if exe is None:
        raise RuntimeError("chromium is not installed")
    profile = Path(tempfile.mkdtemp(prefix="gkaudit-chrome-"))
    try:
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                        "--no-pdf-header-footer", f"--print-to-pdf={out}", src.as_uri()],
                       check=True, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return out


def read(reader: str, pdf: Path) -> Path:
    if reader == "pdf":
        return pdf
    txt = pdf.with_suffix(".layout.txt")
    if not txt.is_file():
        txt.write_text(pdftotext_layout(pdf), encoding="utf-8")
    return txt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs=2, metavar=("FIRST", "LAST"), help="generated pages (inclusive)")
    ap.add_argument("--no-realdev", action="store_true")
    ap.add_argument("--kinds", nargs="*", default=list(KINDS), choices=KINDS)
    ap.add_argument("--papers", nargs="*", default=["a4", "a4l", "a4-zoom"], choices=list(PAPERS))
    ap.add_argument("--readers", nargs="*", default=["pdf", "layout"], choices=["pdf", "layout"])
    ap.add_argument("--work", type=Path, help="keeps the pages and PDFs made (re-used when run again)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every wrong cell and false error")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="gkaudit-printed-"))
    docs = sources(tuple(args.seeds) if args.seeds else None, not args.no_realdev, args.kinds, work)
    print(f"{'paper':8s} {'reader':7s} {'kind':8s} {'files':>5s} {'cells':>6s} {'exact%':>7s} {'unsure':>6s} "
          f"{'wrong':>5s} {'found':>7s} {'false':>5s} {'misread':>7s}")
    bad = 0
    for paper in args.papers:
        for reader in args.readers:
            groups: dict[str, list[tuple[Score, Counter[str]]]] = {}
            for name, page, truth in docs:
                kind = re.sub(r"\d.*", "", name) or "realdev"
                try:
                    s = score(audit_path(read(reader, print_page(page, paper, work))), truth, name)
                except Exception as exc:  # a page the reader refuses: count it, go on
                    print(f"  {paper} {reader} {name}: {type(exc).__name__}: {exc}")
                    continue
                tot: Counter[str] = Counter()
                tally(tot, s)
                groups.setdefault(kind, []).append((s, tot))
            for kind, items in groups.items():
                tot = sum((t for _s, t in items), Counter())
                pct = 100.0 * tot["exact"] / tot["cells"] if tot["cells"] else 0.0
                print(f"{paper:8s} {reader:7s} {kind:8s} {len(items):5d} {tot['cells']:6d} {pct:7.2f} {tot['unsure']:6d} "
                      f"{tot['wrong']:5d} {tot['found']:3d}/{tot['relations']:<3d} {tot['false']:5d} {tot['misread']:7d}")
                bad += tot["wrong"] + tot["false"]
                if args.verbose:
                    for s, _t in items:
                        for item in s.wrong[:12] + s.false_errors:
                            print(f"    {s.name}: {item}")
                        if len(s.wrong) > 12:
                            print(f"    {s.name}: … {len(s.wrong) - 12} more wrong")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"wrong_or_false": bad}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
