"""Score the table variants (tests/variants.py) as users get them: through the converters that keep rows in order.

    python scripts/score_variant_converters.py --seeds 30200 30202 [--variants V...] [--converters C...]
        [--jobs 2] [--out DIR] [-v]

``score_variants.py`` scores each variant in its own formats only. Here each seed gives both
templates of every variant (and ``mix``), once consistent and once with an injected error (the
kinds in turn), as a Word file and as a web page; then

* the Word file goes through the Word converters (``DOCX``: LibreOffice's text and HTML export,
  markitdown, pandoc, docx2txt, mammoth, python-docx) and, made a PDF by LibreOffice (one call for
  all, as ``make_converter_suite.py`` does), through the PDF text tools (``PDF``);
* the web page goes through what turns a page into text (``HTML``: a browser's copy, w3m,
  html2text, inscriptis, markitdown).

Each output is saved under ``--out`` (``<converter>/<doc>.<suffix>``, a temporary folder by
default; outputs already there are reused, so a second run, on other code, only audits), audited
and scored against the variant's truth (``tests/converters/scoring.score``, ``variants.truth``).
One line per converter and per variant; ``-v`` lists (as they come) each output with a wrong
cell, a false error, a missed injected error or a wrong 模板/年度 flag. ``--jobs`` (at most 2)
audits in worker processes. gkaudit is imported from ``PYTHONPATH`` when set: ``PYTHONPATH=/work/main``
scores main's code with this checkout's test helpers.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import io
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The test helpers from here; gkaudit from PYTHONPATH when set (another checkout's code scored), else from here.
sys.path.insert(0, str(ROOT / "tests"))
sys.path.append(str(ROOT))

from converters import runners  # noqa: E402
from converters.scoring import score, tally  # noqa: E402
from docgen import soffice, to_pdf  # noqa: E402
from generator import INJECT_KINDS  # noqa: E402
from variants import VARIANTS, make_variant_report, truth  # noqa: E402

from gkaudit.audit import audit_path  # noqa: E402


def _w3m(page: str) -> str:
    proc = subprocess.run(["w3m", "-dump", "-cols", "200", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8"],
                          input=page.encode("utf-8"), capture_output=True, timeout=runners.TIMEOUT, check=True)
    return proc.stdout.decode("utf-8")


def _html2text(page: str) -> str:
    import html2text

    h = html2text.HTML2Text()
    h.body_width = 0
    return str(h.handle(page))


def _inscriptis(page: str) -> str:
    from inscriptis import get_text

    return str(get_text(page))


def _markitdown_html(page: str) -> str:
    from markitdown import MarkItDown

    stream = io.BytesIO(page.encode("utf-8"))
    return str(MarkItDown(enable_plugins=False).convert_stream(stream, file_extension=".html").text_content)


# The page converters, on the variant's own web page (the runners' ones start from LibreOffice's page of a Word file).
HTML: dict[str, tuple[str, Callable[[str], str]]] = {
    "browser-copy": (".txt", runners.inner_text),
    "w3m": (".txt", _w3m),
    "html2text": (".md", _html2text),
    "inscriptis": (".txt", _inscriptis),
    "markitdown-html": (".md", _markitdown_html),
}
# LibreOffice's exports are made in one call for all the Word files (its start-up dominates).
SOFFICE = {"libreoffice-text": ("txt:Text (encoded):UTF8", ".txt"), "libreoffice-html": ("html:HTML (StarWriter)", ".html")}
DOCX = ("libreoffice-text", "libreoffice-html", "markitdown-docx", "pandoc-gfm", "docx2txt", "mammoth-md", "python-docx")
PDF = ("pdftotext-layout", "pypdf", "pdfplumber", "pymupdf4llm", "mutool")
ALL = (*DOCX, *PDF, *HTML)


def _runner(name: str) -> runners.Converter:
    return runners.by_name(name)


def soffice_batch(paths: list[Path], target: str, out_dir: Path) -> None:
    """LibreOffice's export of every file in ``paths`` into ``out_dir``, one headless call, private profile."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    profile = Path(tempfile.mkdtemp(prefix="gkaudit-vconv-"))
    try:
        subprocess.run([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
                        "--nodefault", "--nologo", "--convert-to", target, "--outdir", str(out_dir), *map(str, paths)],
                       capture_output=True, timeout=60 + 10 * len(paths), check=False,
                       env=dict(os.environ, LC_ALL="C.UTF-8"))
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def convert_and_score(job: tuple[str, str, Path, Path, dict, bool]) -> tuple[str, str, dict, str, bool]:
    """One converter on one source: the output written (unless already there), audited and scored.
    Gives the converter, the document, the tallies, a line for ``-v`` (empty when all is well) and
    whether 模板/年度 was flagged."""
    conv, doc, source, out, tru, expect_flag = job
    if not out.exists():
        if conv in HTML:
            text = HTML[conv][1](source.read_text(encoding="utf-8"))
        else:
            text = _runner(conv).run(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    audited = audit_path(out)
    s = score(audited, tru, doc)
    tot: collections.Counter[str] = collections.Counter(files=1)
    tally(tot, s)
    flagged = any(f.rule == "template.year" for f in audited.findings)
    line = ""
    if s.wrong or s.false_errors or s.misread or s.found < s.violations or flagged != expect_flag:
        line = (f"{conv} {out.name}: {s.exact}/{s.cells} unsure {s.unsure} found {s.found}/{s.violations}"
                f" year-flag {flagged}" + "".join(f"\n      wrong {w}" for w in s.wrong[:8])
                + "".join(f"\n      false {f}" for f in (s.false_errors + s.misread)[:5]))
    return conv, doc, dict(tot), line, flagged != expect_flag


def make_sources(seeds: range, variants: list[str], convs: list[str], out: Path) -> list[tuple[str, str, Path, Path, dict, bool]]:
    """Write the variant reports (Word and web page), the PDF and LibreOffice exports; the jobs."""
    docs: list[tuple[str, dict[str, Path], dict[str, dict], dict[str, bool]]] = []
    src = out / "source"
    src.mkdir(parents=True, exist_ok=True)
    for variant in variants:
        for seed in seeds:
            for template in ("2019", "2021"):
                for k, inject in enumerate((None, INJECT_KINDS[seed % len(INJECT_KINDS)])):
                    name = f"{seed}-{template}-{variant}-{'inj' if k else 'ok'}"
                    files: dict[str, Path] = {}
                    tru: dict[str, dict] = {}
                    expect: dict[str, bool] = {}
                    for fmt in ("docx", "html"):
                        report = make_variant_report(seed, template, fmt, variant, inject=inject)
                        path = src / f"{name}.{fmt}"
                        if not path.exists():
                            path.write_bytes(report.data)
                        files[fmt] = path
                        tru[fmt] = truth(report)  # each format its own tables (its own random draws)
                        # Both at once print the 主动公开 table in the year's own template: nothing is out of place.
                        vs = report.options["variant"]
                        expect[fmt] = ("year_mismatch" in vs) != ("active_other" in vs)
                    docs.append((name, files, tru, expect))
    docx = [f["docx"] for _, f, _, _ in docs]
    if any(c in PDF for c in convs):
        todo = [p for p in docx if not p.with_suffix(".pdf").exists()]
        for i in range(0, len(todo), 60):
            to_pdf(todo[i:i + 60], src)
    for conv, (target, suffix) in SOFFICE.items():
        if conv in convs:
            todo = [p for p in docx if not (out / conv / (p.stem + suffix)).exists()]
            for i in range(0, len(todo), 60):
                soffice_batch(todo[i:i + 60], target, out / conv)
    jobs = []
    for name, files, tru, expect in docs:
        for conv in convs:
            fmt = "html" if conv in HTML else "docx"
            if conv in HTML:
                source, suffix = files["html"], HTML[conv][0]
            elif conv in PDF:
                source, suffix = files["docx"].with_suffix(".pdf"), _runner(conv).suffix
            else:
                source, suffix = files["docx"], SOFFICE[conv][1] if conv in SOFFICE else _runner(conv).suffix
            jobs.append((conv, name, source, out / conv / f"{name}{suffix}", tru[fmt], expect[fmt]))
    return jobs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", nargs=2, type=int, default=(30200, 30202), metavar=("FIRST", "END"))
    ap.add_argument("--variants", nargs="*", default=[*VARIANTS, "mix"], help="names of VARIANTS, or mix")
    ap.add_argument("--converters", nargs="*", default=list(ALL), help=f"of {' '.join(ALL)}")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (1 or 2)")
    ap.add_argument("--out", type=Path, help="keep the sources and outputs here (reused when present)")
    ap.add_argument("-v", action="store_true", help="list the outputs with a wrong cell, a false error or a miss")
    args = ap.parse_args()
    unknown = set(args.converters) - set(ALL)
    if unknown:
        ap.error(f"unknown converters {sorted(unknown)}")
    out = args.out or Path(tempfile.mkdtemp(prefix="gkaudit-vconv-"))
    jobs = make_sources(range(*args.seeds), args.variants, args.converters, out)
    by_conv: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    by_variant: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, min(2, args.jobs))) as pool:
        for conv, doc, tot, line, flag_wrong in pool.map(convert_and_score, jobs, chunksize=4):
            by_conv[conv].update(tot | {"flag_wrong": int(flag_wrong)})
            by_variant[doc.split("-", 2)[2].rsplit("-", 1)[0]].update(tot | {"flag_wrong": int(flag_wrong)})
            if line and args.v:
                print(line, flush=True)
    head = f"{'':18s} files  cells  exact%  unsure wrong  found/relations  false  flag-wrong"

    def row(name: str, t: collections.Counter[str]) -> str:
        return (f"{name:18s} {t['files']:5d} {t['cells']:6d} {100 * t['exact'] / max(1, t['cells']):7.2f} "
                f"{t['unsure']:6d} {t['wrong']:5d} {t['found']:7d}/{t['relations']:<7d} {t['false'] + t['misread']:5d}"
                f" {t['flag_wrong']:6d}")

    grand: collections.Counter[str] = collections.Counter()
    print(head.replace(" " * 18, f"{'converter':18s}", 1))
    for conv in args.converters:
        grand.update(by_conv[conv])
        print(row(conv, by_conv[conv]))
    print(head.replace(" " * 18, f"{'variant':18s}", 1))
    for variant in args.variants:
        print(row(variant, by_variant[variant]))
    print(row("all", grand))
    print(f"outputs in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
