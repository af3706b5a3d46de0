"""Generated reports whose statistics tables are pictures: in a Word file, a saved web page (with its
"_files" folder) and a PDF, each with the generator's truth, for ``score_files.py``.

Each seed's report (templates 2019 and 2021 in turn, an error injected in every other one) is
converted to PDF by LibreOffice; each of its ruled tables is rendered from that PDF with pypdfium2
at ``--dpi``, cut to the table's rules (a table broken over a page is its pieces stacked), and
put in place of the table: a Word picture (``X-pictures.docx``), an <img> of ``X_files/`` in a page
made of the report's paragraphs (``X-images.html``), and the Word file converted to PDF
(``X-pictures.pdf``: images on text pages).

Usage: .venv/bin/python scripts/make_picture_reports.py --out DIR --seed-base S [--count N] [--dpi 150] [--jpeg Q]
"""

from __future__ import annotations

import argparse
import html
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

import docx  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402
from docgen import make_doc_report, to_pdf, write_docx  # noqa: E402
from docx.shared import Cm  # noqa: E402
from generator import INJECT_KINDS  # noqa: E402
from PIL import Image  # noqa: E402

from gkaudit.reading.pdf import _page_items, _read_pages, _tables  # noqa: E402
from scripts.make_converter_suite import report_truth  # noqa: E402

_MARGIN_PT = 2.0
_TEXT_WIDTH_CM = 16.0
_TEXT_HEIGHT_CM = 22.0


def table_images(pdf: Path, dpi: int) -> list[Image.Image]:
    """Each ruled table of the PDF as one picture, in document order."""
    data = pdf.read_bytes()
    pages = _read_pages(data)
    items = _page_items(None, pages, [], set())
    doc = pdfium.PdfDocument(data)
    rendered: dict[int, Image.Image] = {}
    out = []
    for segments in _tables(items).values():
        pieces = []
        for seg in segments:
            if seg.page not in rendered:
                rendered[seg.page] = doc[seg.page - 1].render(scale=dpi / 72).to_pil().convert("L")
            x0, top, x1, bottom = seg.bbox
            k = dpi / 72
            pieces.append(rendered[seg.page].crop((round((x0 - _MARGIN_PT) * k), round((top - _MARGIN_PT) * k),
                                                   round((x1 + _MARGIN_PT) * k), round((bottom + _MARGIN_PT) * k))))
        width = max(p.width for p in pieces)
        stacked = Image.new("L", (width, sum(p.height for p in pieces)), 255)
        y = 0
        for p in pieces:
            stacked.paste(p, (0, y))
            y += p.height
        out.append(stacked)
    doc.close()
    return out


QUALITY: int | None = None  # ``--jpeg``: pictures saved as JPEG of this quality (a web page's usual form)


def picture_file(image: Image.Image) -> bytes:
    """The picture's file: a PNG, or a JPEG with ``--jpeg``."""
    buf = io.BytesIO()
    if QUALITY is None:
        image.save(buf, "PNG", optimize=True)
    else:
        image.save(buf, "JPEG", quality=QUALITY)
    return buf.getvalue()


def pictures_docx(source: Path, images: list[Image.Image], dest: Path) -> None:
    """The Word file with each table replaced by a paragraph showing its picture."""
    document = docx.Document(str(source))
    tables = list(document.tables)
    if len(tables) != len(images):
        raise SystemExit(f"{source}: {len(tables)} tables in Word, {len(images)} in its PDF")
    for table, image in zip(tables, images, strict=True):
        paragraph = document.add_paragraph()
        # As wide as the text, at most; never taller than a page's text (LibreOffice cuts a taller picture).
        width = min(_TEXT_WIDTH_CM, _TEXT_HEIGHT_CM * image.width / image.height)
        paragraph.add_run().add_picture(io.BytesIO(picture_file(image)), width=Cm(width))
        table._tbl.addprevious(paragraph._p)
        table._tbl.getparent().remove(table._tbl)
    document.save(str(dest))


def images_html(source: Path, images: list[Image.Image], dest: Path) -> None:
    """A saved page: the Word file's paragraphs, each table an <img> of the page's "_files" folder."""
    document = docx.Document(str(source))
    files = dest.parent / f"{dest.stem}_files"
    files.mkdir(exist_ok=True)
    body = []
    k = 0
    for el in document.element.body:
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in el.iter("{*}t"))
            if text.strip():
                body.append(f"<p>{html.escape(text)}</p>")
        elif tag == "tbl":
            name = f"table{k + 1}.{'png' if QUALITY is None else 'jpg'}"
            (files / name).write_bytes(picture_file(images[k]))
            body.append(f'<p><img src="{files.name}/{name}" width="{min(640, images[k].width)}"></p>')
            k += 1
    dest.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>\n' + "\n".join(body)
                    + "\n</body></html>\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed-base", type=int, required=True)
    ap.add_argument("--count", type=int, default=4)
    ap.add_argument("--dpi", type=int, default=150)
    ap.add_argument("--jpeg", type=int, default=None, help="save the pictures as JPEG of this quality")
    args = ap.parse_args()
    global QUALITY
    QUALITY = args.jpeg
    out: Path = args.out
    for d in ("src", "pdf", "files"):
        (out / d).mkdir(parents=True, exist_ok=True)
    reports = []
    for k in range(args.count):
        seed = args.seed_base + k
        inject = INJECT_KINDS[(k // 2) % len(INJECT_KINDS)] if k % 2 == 0 else None
        reports.append(make_doc_report(seed, ("2019", "2021")[k % 2], kind="pdf", inject=inject))
    sources = [write_docx(r, out / "src", f"gen{r.seed}.docx") for r in reports]
    text_pdfs = to_pdf(sources, out / "src")
    made = []
    for report, source, text_pdf in zip(reports, sources, text_pdfs, strict=True):
        images = table_images(text_pdf, args.dpi)
        stem = f"gen{report.seed}"
        pictures_docx(source, images, out / "files" / f"{stem}-pictures.docx")
        images_html(source, images, out / "files" / f"{stem}-images.html")
        made.append(out / "files" / f"{stem}-pictures.docx")
        for name in (f"{stem}-pictures", f"{stem}-images"):
            truth = report_truth(name, report)
            (out / "files" / f"{name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1),
                                                             encoding="utf-8")
    for pdf in to_pdf(made, out / "pdf"):
        target = out / "files" / pdf.name
        target.write_bytes(pdf.read_bytes())
    print(f"made {len(reports) * 3} files in {out / 'files'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
