"""Cross-check the readings of real reports that have no ground truth: every rendering of one report must agree.

Usage: ``.venv/bin/python scripts/crosscheck_readings.py FOLDER [-v] [--converters NAME ...] [--context N]``

For each PDF in FOLDER the report is audited through our own PDF reader and through the text of
each PDF converter (``tests/converters/runners.py``); a saved page (``.html``/``.htm``) through
the page and through the text a browser copies from it; a ``.docx`` through Word and the text of
each Word converter. The same cell read *certainly* (``reading != "uncertain"``, a value or a
printed blank, its table readable) two different ways is a misread by at least one rendering: the
file has one printed value. Arithmetic errors (severity error, not marked uncertain) are listed
per rendering: one that only some renderings raise is a misread, one every rendering raises is
the report's own mistake (to be confirmed on the page). Prints a per-file, per-rendering table,
then the disagreements (each reading with the lines of its text around the cell) and the errors.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from converters.runners import by_name, inner_text  # noqa: E402

from gkaudit.audit import audit_path  # noqa: E402
from gkaudit.model import AuditReport, Cell, ReadError, Severity  # noqa: E402

PDF_CONVERTERS = ("pdftotext-layout", "pypdf", "pdfplumber", "pymupdf4llm", "pdfium", "pdfplumber-layout",
                  "pymupdf-text")
DOCX_CONVERTERS = ("libreoffice-text", "markitdown-docx", "pandoc-gfm", "browser-copy")
ARITHMETIC = ("apply.", "review.")
UNREADABLE = "extract.unreadable"


@dataclass
class Rendering:
    """One way of reading a file: the report the tool made of it, or why it could not."""

    name: str
    report: AuditReport | None = None
    failed: str = ""
    certain: dict[str, object] = field(default_factory=dict)  # cell id -> value ("blank" for a printed blank)
    read: int = 0
    errors: list[str] = field(default_factory=list)


def _value(cell: Cell) -> object | None:
    """What a cell was certainly read as, or None when the reading is not certain."""
    if cell.reading == "uncertain":
        return None
    if cell.blank:
        return "blank"
    return cell.value


def _unreadable(report: AuditReport) -> set[str]:
    return {c.split("/")[0] for f in report.findings if f.rule == UNREADABLE for c in f.cells} \
        | {f.anchor for f in report.findings if f.rule == UNREADABLE and f.anchor}


def _fill(r: Rendering) -> None:
    assert r.report is not None
    skip = _unreadable(r.report)
    for table in r.report.tables.values():
        if table.id in skip:
            continue
        for cell in table.cells.values():
            if cell.value is None and not cell.blank:
                continue
            r.read += 1
            v = _value(cell)
            if v is not None:
                r.certain[cell.id] = v
    for f in r.report.findings:
        if f.severity is Severity.ERROR and f.rule.startswith(ARITHMETIC) and not f.uncertain:
            r.errors.append(f"{f.rule} {f.cells[-1] if f.cells else ''} 计算值 {f.expected} 报告值 {f.actual}")


def _audit(name: str, path: Path) -> Rendering:
    r = Rendering(name)
    try:
        r.report = audit_path(path)
    except ReadError as e:
        r.failed = str(e)
        return r
    _fill(r)
    return r


def _converted(name: str, source: Path, work: Path) -> Rendering:
    conv = by_name(name)
    try:
        text = conv.run(source)
    except Exception as e:  # a converter that fails is reported, not fatal
        return Rendering(name, failed=f"{type(e).__name__}: {e}"[:200])
    out = work / f"{source.stem}.{name}{conv.suffix}"
    out.write_text(text, encoding="utf-8")
    return _audit(name, out)


def _scanned(source: Path, work: Path, dpi: int = 200) -> Rendering:
    """The PDF as a scan: its pages as images in a PDF with no text layer, read by our OCR (an
    independent reading of the same printed page)."""
    from PIL import Image

    pages = work / f"{source.stem}.pages"
    pages.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(pages / "p")], check=True,
                   capture_output=True, timeout=600)
    images = [Image.open(p).convert("RGB") for p in sorted(pages.glob("p-*.png"))]
    out = work / f"{source.stem}.scan.pdf"
    images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi)
    return _audit("pdf-ocr", out)


def renderings(path: Path, work: Path, converters: list[str] | None, scan: int = 0) -> list[Rendering]:
    """Every rendering of one file this script knows for its kind."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return [_audit("pdf", path)] + [_converted(c, path, work) for c in converters or PDF_CONVERTERS] \
            + ([_scanned(path, work, scan)] if scan else [])
    if suffix in (".html", ".htm"):
        copied = work / f"{path.stem}.inner-text.txt"
        html = path.read_bytes().decode("utf-8", errors="replace")
        copied.write_text(inner_text(html), encoding="utf-8")
        return [_audit("html", path), _audit("inner-text", copied)]
    if suffix == ".docx":
        return [_audit("docx", path)] + [_converted(c, path, work) for c in converters or DOCX_CONVERTERS]
    return []


def _excerpt(report: AuditReport | None, cid: str, lines: int) -> str:
    """The lines of the rendering's text around where the cell was read (indented), and its PDF page."""
    if report is None or report.document is None:
        return ""
    cell = report.cell(cid)
    if cell is None or cell.source is None:
        return "      (no source)"
    text = report.document.text
    at = text.count("\n", 0, cell.source.start)
    lines_ = text.split("\n")
    window = lines_[max(0, at - lines):at + lines + 1]
    page = f" (page {cell.source.page.page})" if cell.source.page else ""
    body = "\n".join("      | " + ln for ln in window)
    return f"      raw {cell.raw!r}{page}\n{body}"


def disagreements(rs: list[Rendering]) -> list[tuple[str, dict[str, object], str | None]]:
    """Cells read certainly two ways: (cell id, value by rendering, repr of the value most renderings read)."""
    out = []
    ids = sorted({cid for r in rs for cid in r.certain})
    for cid in ids:
        by = {r.name: r.certain[cid] for r in rs if cid in r.certain}
        if len(set(map(repr, by.values()))) > 1:
            common = Counter(map(repr, by.values())).most_common()
            top = common[0][0] if len(common) == 1 or common[0][1] > common[1][1] else None
            out.append((cid, by, top))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("-v", "--verbose", action="store_true", help="print the text around each disagreeing reading")
    ap.add_argument("--converters", nargs="*", help="only these converters (default: all of the file's kind)")
    ap.add_argument("--context", type=int, default=2, help="lines of text either side of a cell (-v)")
    ap.add_argument("--scan", type=int, nargs="?", const=200, default=0, metavar="DPI",
                    help="also read each PDF's pages as images (at DPI, default 200) by OCR")
    args = ap.parse_args()
    files = sorted(p for p in args.folder.iterdir() if p.suffix.lower() in (".pdf", ".html", ".htm", ".docx"))
    rows = []
    details: list[str] = []
    with tempfile.TemporaryDirectory(prefix="crosscheck-") as tmp:
        for path in files:
            rs = renderings(path, Path(tmp), args.converters, args.scan)
            dis = disagreements(rs)
            for r in rs:
                minority = sum(1 for _, by, top in dis if r.name in by and repr(by[r.name]) != top)
                rows.append({
                    "file": path.name[:40], "rendering": r.name,
                    "template": (r.report.template if r.report else None) or "-",
                    "read": r.read, "certain": len(r.certain),
                    "disagree": sum(1 for _, by, _t in dis if r.name in by), "minority": minority,
                    "errors": len(r.errors), "failed": r.failed[:40],
                })
            by_name_ = {r.name: r for r in rs}
            for cid, by, top in dis:
                details.append(f"{path.name}  {cid}: " + ", ".join(f"{k}={v}" for k, v in by.items())
                               + ("" if top else "  (no majority)"))
                if args.verbose:
                    for name, v in by.items():
                        if repr(v) != top:
                            details.append(f"    {name} read {v}:\n" + _excerpt(by_name_[name].report, cid, args.context))
            errs = Counter(e for r in rs for e in r.errors)
            for e, n in sorted(errs.items()):
                who = [r.name for r in rs if e in r.errors]
                details.append(f"{path.name}  ERROR {e}  [{n}/{len([r for r in rs if r.report])}: {' '.join(who)}]")
            # Cells stay in the table only by their counts: drop the reports before the next file.
            for r in rs:
                r.report = None
    pd.set_option("display.width", 200)
    pd.set_option("display.max_rows", 500)
    df = pd.DataFrame(rows)
    print(df.to_string(index=False))
    if not df.empty:
        print("\nby rendering:")
        print(df.groupby("rendering")[["read", "certain", "disagree", "minority", "errors"]].sum().to_string())
    print("\n" + "\n".join(details) if details else "\nno disagreements, no arithmetic errors")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
