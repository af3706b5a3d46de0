"""Score our PDF reader on PDFs re-made by other tools (re-printed, re-written, re-compressed).

Usage: ``.venv/bin/python scripts/score_remade_pdfs.py [--seeds 17000 17011] [--no-corpus]
[--tools original cairo gs qpdf mupdf] [--work DIR] [-v]``.

A published report reaches us through whatever tool its maker last saved it with: a print to PDF
(``pdftocairo -pdf`` does what a print driver does), Ghostscript's ``pdfwrite`` (many "optimise"
and archiving tools), ``qpdf`` (linearise), PyMuPDF's ``save(garbage=4, deflate=True)``. Each
rewrites the page's drawings in its own way (glyph outlines drawn as paths, rules split into
short segments, rectangles as four lines) while the printed cells stay the same. The documents are
generated Word reports (``make_converter_suite.plan``, their truths) converted by LibreOffice,
and the corpus PDFs (their golden files); each is re-made by every tool and read by ``audit_path``,
scored strictly (``tests/converters/scoring.score``: wrong = a certain value that differs from the
truth, or a printed blank where it has a number; false = an arithmetic error the truth has not).
Missing tools are skipped with a note.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "scripts"), str(ROOT)]

from converters.scoring import Score, score, tally  # noqa: E402
from docgen import make_doc_report, to_pdf, write_docx  # noqa: E402
from make_converter_suite import corpus_truth, plan, report_truth  # noqa: E402

from gkaudit.audit import audit_path  # noqa: E402

SAMPLES = ROOT / "resources" / "samples"
CORPUS = ("huaian-city-2024", "huaian-hongze-district-2023", "huaian-hongze-district-2024")


def _run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)


def _cairo(src: Path, out: Path) -> None:
    _run(["pdftocairo", "-pdf", str(src), str(out)])


def _gs(src: Path, out: Path) -> None:
    _run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={out}", str(src)])


def _qpdf(src: Path, out: Path) -> None:
    _run(["qpdf", "--object-streams=generate", "--linearize", str(src), str(out)])


def _mupdf(src: Path, out: Path) -> None:
    import pymupdf

    doc = pymupdf.open(str(src))
    try:
        doc.save(str(out), garbage=4, deflate=True, clean=True)
    finally:
        doc.close()


def _mupdf_ez(src: Path, out: Path) -> None:
    import pymupdf

    doc = pymupdf.open(str(src))
    try:
        doc.ez_save(str(out))
    finally:
        doc.close()


TOOLS: dict[str, tuple[str | None, Callable[[Path, Path], None] | None]] = {
    "original": (None, None),
    "cairo": ("pdftocairo", _cairo),
    "gs": ("gs", _gs),
    "qpdf": ("qpdf", _qpdf),
    "mupdf": (None, _mupdf),
    "mupdf-ez": (None, _mupdf_ez),
}


def sources(seeds: tuple[int, int] | None, corpus: bool, work: Path) -> list[tuple[str, Path, dict]]:
    """The PDFs to re-make with their truths: generated documents (LibreOffice) and the corpus."""
    out: list[tuple[str, Path, dict]] = []
    if seeds is not None:
        first, last = seeds
        docs: list[tuple[str, Path, dict]] = []
        for p in plan(last - first + 1, first):
            report = make_doc_report(int(p["seed"]), str(p["template"]), kind="pdf", inject=p["inject"],  # type: ignore[arg-type]
                                     blanks=p["blanks"], one_row_other=p["one_row_other"], word=p["word"])  # type: ignore[arg-type]
            name = f"gen{p['seed']}-{p['template']}-{p['inject'] or 'consistent'}"
            docs.append((name, write_docx(report, work / "docx", name + ".docx"), report_truth(name, report)))
        missing = [d for d in docs if not (work / "pdf" / (d[0] + ".pdf")).is_file()]
        if missing:
            to_pdf([d[1] for d in missing], work / "pdf")
        out += [(name, work / "pdf" / (name + ".pdf"), truth) for name, _docx, truth in docs]
    if corpus:
        out += [(name, SAMPLES / f"{name}.pdf", corpus_truth(name)) for name in CORPUS]
    return out


def remake(tool: str, src: Path, work: Path) -> Path | None:
    exe, fn = TOOLS[tool]
    if fn is None:
        return src
    if exe is not None and shutil.which(exe) is None:
        return None
    if tool.startswith("mupdf"):
        try:
            import pymupdf  # noqa: F401
        except ImportError:
            return None
    out = work / tool / src.name
    if not out.is_file():
        out.parent.mkdir(parents=True, exist_ok=True)
        fn(src, out)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs=2, metavar=("FIRST", "LAST"), help="generated documents (inclusive)")
    ap.add_argument("--no-corpus", action="store_true")
    ap.add_argument("--tools", nargs="*", default=list(TOOLS), choices=list(TOOLS))
    ap.add_argument("--work", type=Path, help="keeps the PDFs made (re-used when run again)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every wrong cell and false error")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="gkaudit-remade-"))
    docs = sources(tuple(args.seeds) if args.seeds else None, not args.no_corpus, work)
    print(f"{'tool':10s} {'files':>5s} {'cells':>6s} {'exact%':>7s} {'unsure':>6s} {'wrong':>5s} "
          f"{'found':>7s} {'false':>5s} {'misread':>7s}")
    bad = 0
    for tool in args.tools:
        tot: Counter[str] = Counter()
        scores: list[Score] = []
        for name, src, truth in docs:
            path = remake(tool, src, work)
            if path is None:
                break
            try:
                s = score(audit_path(path), truth, name)
            except Exception as exc:  # a re-made file the reader refuses: count it, go on
                print(f"  {tool} {name}: {type(exc).__name__}: {exc}")
                continue
            scores.append(s)
            tally(tot, s)
        if not scores:
            print(f"{tool:10s} (not available)")
            continue
        pct = 100.0 * tot["exact"] / tot["cells"] if tot["cells"] else 0.0
        print(f"{tool:10s} {len(scores):5d} {tot['cells']:6d} {pct:7.2f} {tot['unsure']:6d} {tot['wrong']:5d} "
              f"{tot['found']:3d}/{tot['relations']:<3d} {tot['false']:5d} {tot['misread']:7d}")
        bad += tot["wrong"] + tot["false"]
        if args.verbose:
            for s in scores:
                for item in s.wrong + s.false_errors:
                    print(f"    {s.name}: {item}")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"wrong_or_false": bad}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
