"""Run the common converters on generated Word/PDF reports and the corpus PDFs; store outputs and truths.

Usage: ``.venv/bin/python scripts/make_converter_suite.py [--out tests/data/converters] [--count 24]``
(needs ``scripts/install_converters.sh``). Writes ``<out>/<converter>/<doc>.<txt|md|html>`` and one
``<out>/truth/<doc>.truth.json`` per document (cells as printed, blank cells, the relations that fail,
the injected error), so the suites (``tests/converters``) run without LibreOffice or the converters.

The documents vary what real ones vary: both templates, with and without an injected error, label
columns from roomy to two characters a line, blank cells (empty, "/", "—", "无") next to zeros,
header rows repeated or not on the next page, page numbers in the footer or none, tables cut by
page breaks wherever the text length puts them.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from converters.runners import CONVERTERS, EXTRA, MORE, Converter  # noqa: E402
from docgen import make_doc_report, to_pdf, write_docx  # noqa: E402
from generator import INJECT_KINDS, Report, Tables, violations  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"
GOLDEN = ROOT / "tests" / "golden"

# Label column widths (cm) of the apply table: 三、 column, group column, leaf label column.
# The last two wrap （六）其他处理 and 1.申请人… two characters a line.
LABEL_WIDTHS = ((1.1, 2.0, 3.6), (0.9, 1.6, 3.0), (0.8, 1.4, 2.6), (0.7, 1.0, 1.6), (0.6, 0.9, 1.2))


def plan(count: int, seed_base: int = 900) -> list[dict[str, object]]:
    """The documents: seed, template, injection and Word look, spread over every combination."""
    out = []
    for i in range(count):
        template = ("2019", "2021")[i % 2]
        inject = INJECT_KINDS[(i // 2) % len(INJECT_KINDS)] if i % 4 >= 2 else None
        word = {"label_cm": LABEL_WIDTHS[i % len(LABEL_WIDTHS)], "repeat_header": i % 3 == 0,
                "page_numbers": i % 5 != 4}
        out.append({"seed": seed_base + i, "template": template, "inject": inject, "word": word,
                    "blanks": (None, True, False)[i % 3],
                    "one_row_other": None if template == "2019" else i % 6 == 1})
    return out


def truth_of(tables: Tables) -> dict[str, object]:
    cells: dict[str, dict[str, dict[str, object]]] = {}
    for cid in tables.cell_ids():
        table, row, col = cid.split("/")
        cells.setdefault(table, {}).setdefault(row, {})[col] = tables.values[cid]
    return {
        "template": tables.template,
        "tables": cells,
        "blank_cells": [cid for cid in tables.cell_ids() if tables.is_blank(cid)],
        "violations": [{"rule": rel.rule, "cells": [cid for cid, _ in rel.terms]} for rel in violations(tables)],
    }


def report_truth(name: str, report: Report) -> dict[str, object]:
    truth: dict[str, object] = {"file": name, "body": report.body, "year": report.year, **truth_of(report.tables)}
    inj = report.injection
    truth["injected"] = None if inj is None else {"cell": inj.cell, "correct": inj.correct, "wrong": inj.wrong}
    truth["look"] = {k: v for k, v in report.options.items() if k == "one_row_other"} | {
        "label_cm": list(report.options["word"].label_cm),  # type: ignore[attr-defined]
        "repeat_header": report.options["word"].repeat_header,  # type: ignore[attr-defined]
        "page_numbers": report.options["word"].page_numbers}  # type: ignore[attr-defined]
    return truth


def corpus_truth(name: str) -> dict[str, object]:
    """A corpus PDF's truth: its golden cells (exact by the corpus tests) and golden errors."""
    golden = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    cells = {t: {r: {c: v[0] for c, v in cols.items()} for r, cols in rows.items()} for t, rows in golden["tables"].items()}
    return {"file": name, "body": golden["body"], "year": golden["year"], "template": golden["template"],
            "tables": cells, "blank_cells": [], "golden_errors": golden["errors"], "injected": None}


def run(conv: Converter, source: Path, out: Path) -> float:
    start = time.perf_counter()
    text = conv.run(source)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "data" / "converters")
    ap.add_argument("--count", type=int, default=24)
    ap.add_argument("--only", nargs="*", help="converter names (default: all)")
    ap.add_argument("--seed-base", type=int, default=900, help="first seed (another base: a fresh set)")
    ap.add_argument("--no-corpus", action="store_true", help="generated documents only")
    args = ap.parse_args()
    convs = [c for c in CONVERTERS + EXTRA + MORE if c.name in args.only] if args.only else list(CONVERTERS)
    (args.out / "truth").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="gkaudit-convsuite-"))
    sources: dict[str, dict[str, Path]] = {}
    docs = []
    for p in plan(args.count, args.seed_base):
        report = make_doc_report(int(p["seed"]), str(p["template"]), kind="pdf", inject=p["inject"],  # type: ignore[arg-type]
                                 blanks=p["blanks"], one_row_other=p["one_row_other"], word=p["word"])  # type: ignore[arg-type]
        name = f"gen{p['seed']}-{p['template']}-{p['inject'] or 'consistent'}"
        docs.append(name)
        sources[name] = {"docx": write_docx(report, work / "docx", name + ".docx")}
        (args.out / "truth" / f"{name}.truth.json").write_text(
            json.dumps(report_truth(name, report), ensure_ascii=False, indent=1), encoding="utf-8")
    pdfs = to_pdf([s["docx"] for s in sources.values()], work / "pdf")
    for name, pdf in zip(docs, pdfs, strict=True):
        sources[name]["pdf"] = pdf
    for pdf in [] if args.no_corpus else sorted(CORPUS.glob("*.pdf")):
        sources[pdf.stem] = {"pdf": pdf}
        (args.out / "truth" / f"{pdf.stem}.truth.json").write_text(
            json.dumps(corpus_truth(pdf.stem), ensure_ascii=False, indent=1), encoding="utf-8")
    for conv in convs:
        took = []
        for name, files in sources.items():
            if conv.source in files:
                took.append(run(conv, files[conv.source], args.out / conv.name / (name + conv.suffix)))
        print(f"{conv.name:18s} {len(took):3d} files, {sum(took):6.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
