"""Scanned reports read by OCR: image-only PDFs and page photos give the text PDF's cells."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from gkaudit.audit import audit_path
from gkaudit.jsonio import report_to_dict
from gkaudit.model import Cell, Document, OcrMark, PageBox, ReadError, Severity, Source, Table
from gkaudit.reading import OcrOptions, read_document
from gkaudit.reading.ocr import available
from tests.conftest import GOLDEN, SAMPLES

needs_ocr = pytest.mark.skipif(not available(), reason="OCR models not installed")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKAUDIT_DATA_DIR", str(tmp_path / "data"))


def _golden_cells(name: str) -> dict[str, object]:
    golden = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    return {
        f"{t}/{r}/{c}": v for t, rows in golden["tables"].items() for r, cols in rows.items() for c, (v, _) in cols.items()
    }


@needs_ocr
def test_scanned_table_pages_read_like_the_text_pdf(tmp_path: Path) -> None:
    """Hongze 2023's table pages at 150 dpi, turned ±1°, noisy, JPEG 70: the cells and the two
    broken totals of the text PDF, and no error the text PDF does not have."""
    from tests.reading.scans import scanned_pdf

    name = "huaian-hongze-district-2023"
    scanned = scanned_pdf(SAMPLES / f"{name}.pdf", [2, 3], tmp_path / "扫描件.pdf")
    report = audit_path(scanned)
    expected = _golden_cells(name)
    got = {c.id: c.value for t in report.tables.values() for c in t.cells.values()}
    on_pages = {cid: v for cid, v in expected.items() if not cid.startswith("active/")}  # page 2 not scanned
    exact = sum(1 for cid, v in on_pages.items() if got.get(cid) == v)
    assert exact >= 0.99 * len(on_pages), sorted((cid, v, got.get(cid)) for cid, v in on_pages.items() if got.get(cid) != v)
    broken = {f.cells[-1] for f in report.findings if f.rule == "review.total"}
    assert broken >= {"review/review/total", "review/suit_after_review/total"}
    errors = [f for f in report.findings if f.severity is Severity.ERROR and f.rule.startswith(("apply.", "review."))]
    assert {f.cells[-1] for f in errors} <= {"review/review/total", "review/suit_after_review/total"}
    cell = report_to_dict(report)["tables"]["review"]["review"]["total"]
    assert cell["reading"] in ("ocr", "uncertain") and 0 < cell["confidence"] <= 1
    assert cell["source"]["page"] == 2 and len(cell["source"]["bbox"]) == 4


@needs_ocr
def test_a_page_photo_and_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A JPEG photo of the review table page reads its cells; reading it again uses the cache."""
    from tests.reading.scans import scan_page

    name = "huaian-hongze-district-2024"
    photo = tmp_path / "第4页.jpg"
    scan_page(SAMPLES / f"{name}.pdf", 3, 200, -1.0, 80).save(photo)
    progress: list[tuple[int, int]] = []
    doc = read_document(photo, OcrOptions(progress=lambda done, total: progress.append((done, total))))
    assert doc.kind == "image" and doc.ocr_pages == (1,)
    assert progress[0] == (0, 1) and progress[-1] == (1, 1)
    expected = _golden_cells(name)
    report = audit_path(photo)
    review = {cid: v for cid, v in expected.items() if cid.startswith("review/")}
    got = {c.id: c.value for c in report.tables["review"].cells.values()}
    assert sum(1 for cid, v in review.items() if got.get(cid) == v) >= 0.99 * len(review)

    import gkaudit.reading.scan_page as scan_page_module

    def no_ocr(*args: object) -> None:
        raise AssertionError("OCR ran again")

    monkeypatch.setattr(scan_page_module, "read_page", no_ocr)
    assert read_document(photo).text == doc.text


def test_ocr_never_refuses_a_scan_in_one_line(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (300, 400), "white").save(path, "PDF")
    with pytest.raises(ReadError) as err:
        read_document(path, OcrOptions(mode="never"))
    assert "扫描件" in str(err.value) and "\n" not in str(err.value)


def test_cancel_from_progress_stops_reading(tmp_path: Path) -> None:
    from PIL import Image

    from gkaudit.reading.scan import CANCELLED, OcrCancelled

    path = tmp_path / "page.png"
    Image.new("L", (300, 400), 255).save(path)

    def cancel(done: int, total: int) -> None:
        raise OcrCancelled(CANCELLED)

    with pytest.raises(OcrCancelled):
        read_document(path, OcrOptions(progress=cancel))


def test_deskew_and_rules_of_a_drawn_grid() -> None:
    """A 4 × 3 grid drawn and turned 1°: the skew is measured and the rules come out level."""
    from PIL import Image, ImageDraw

    from gkaudit.reading.scan_grid import deskew, ink, rule_segments

    img = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(img)
    for k in range(5):
        draw.line([(100, 300 + 80 * k), (1100, 300 + 80 * k)], fill=0, width=2)
    for x in (100, 500, 800, 1100):
        draw.line([(x, 300), (x, 620)], fill=0, width=2)
    turned = np.asarray(img.rotate(1.0, resample=Image.Resampling.BICUBIC, fillcolor=255))
    level, skew = deskew(turned)
    assert abs(skew - 1.0) < 0.1
    hs, vs = rule_segments(ink(level))
    assert len(hs) == 5 and len(vs) == 4
    assert all(b[3] - b[1] <= 6 for b in hs)


def test_a_low_confidence_digit_makes_its_cell_uncertain() -> None:
    from gkaudit.extraction.ocr_cells import UNSURE_BELOW, mark_ocr_cells

    box = PageBox(1, (100.0, 100.0, 140.0, 115.0))
    doc = Document(
        path="x.pdf", kind="pdf", text="", sha256="0", ocr_pages=(1,),
        ocr=(OcrMark(1, (105.0, 101.0, 110.0, 114.0), "1", 0.99), OcrMark(1, (110.0, 101.0, 115.0, 114.0), "7", 0.4)),
    )
    table = Table("apply")
    table.cells[("1", "total")] = Cell("apply", "1", "total", 17, "17", Source(0, 2, box))
    table.cells[("2", "total")] = Cell("apply", "2", "total", 3, "3", Source(3, 4, PageBox(1, (300.0, 100.0, 340.0, 115.0))))
    mark_ocr_cells(doc, {"apply": table})
    low, plain = table.cells[("1", "total")], table.cells[("2", "total")]
    assert low.reading == "uncertain" and low.confidence == 0.4 < UNSURE_BELOW
    assert plain.reading == "ocr" and plain.confidence is None


def _apply_table_of_zeros(template_id: str, uncertain: dict[str, tuple[int, str]]) -> tuple[Document, Table]:
    """A 2021 依申请 table read by OCR, every cell 0 with confidence, but ``uncertain``: cell id →
    (the value read, the other reading), each at 0.5."""
    from gkaudit.templates import TEMPLATES

    spec = TEMPLATES[template_id].table("apply")
    table = Table("apply")
    marks = []
    for k, (row, col) in enumerate((r.id, c.id) for r in spec.rows for c in spec.columns):
        box = PageBox(1, (10.0 * k, 100.0, 10.0 * k + 8, 115.0))
        value, other = uncertain.get(f"apply/{row}/{col}", (0, ""))
        table.cells[(row, col)] = Cell("apply", row, col, value, str(value), Source(k, k + 1, box))
        marks.append(OcrMark(1, (10.0 * k + 2, 101.0, 10.0 * k + 6, 114.0), str(value), 0.5 if other else 0.99, other))
    return Document(path="x.pdf", kind="pdf", text="", sha256="0", ocr_pages=(1,), ocr=tuple(marks)), table


def test_the_arithmetic_chooses_between_the_models_readings() -> None:
    """Two blank cells of one column printed "/", read as 1 with doubt and "/" as the other reading:
    their rows and their column balance only with both blank, so both are taken blank, still
    uncertain, the 1 kept as the alternative. A cell whose relations hold as read keeps its reading,
    and the arithmetic never makes up a value the model did not read."""
    from gkaudit.extraction.ocr_cells import mark_ocr_cells
    from gkaudit.templates import TEMPLATES

    slashes = {"apply/3.3.4/research": (1, "/"), "apply/3.5.4/research": (1, "/")}
    doc, table = _apply_table_of_zeros("2021", slashes)
    mark_ocr_cells(doc, {"apply": table}, TEMPLATES["2021"])
    for cid in slashes:
        cell = table.cells[tuple(cid.split("/")[1:])]  # type: ignore[index]
        assert (cell.value, cell.blank, cell.raw, cell.reading, cell.alternatives) == (None, True, "/", "uncertain", (1,))

    # The report's own error in the same column (部分公开 one over) stays broken whatever is chosen:
    # it neither blocks the choice of the blanks nor is hidden by it.
    doc, table = _apply_table_of_zeros("2021", {**slashes, "apply/3.2/research": (1, "")})
    mark_ocr_cells(doc, {"apply": table}, TEMPLATES["2021"])
    assert table.cells[("3.3.4", "research")].blank and table.cells[("3.5.4", "research")].blank
    assert table.cells[("3.2", "research")].value == 1

    # A 7 with an 8 for its other reading: no reading balances the row, so the 7 stays.
    doc, table = _apply_table_of_zeros("2021", {"apply/3.3.4/research": (7, "8")})
    mark_ocr_cells(doc, {"apply": table}, TEMPLATES["2021"])
    cell = table.cells[("3.3.4", "research")]
    assert (cell.value, cell.reading, cell.alternatives) == (7, "uncertain", (8,))


def test_a_number_cell_weighs_digits_against_blank_marks() -> None:
    """Recognition's output for a lone / the model gives 0.6 and a 1 0.3: read as a number, the /
    wins (a blank cell), and the 1 is its other reading; the 1 alone would have had 0.3, not the
    share among the digits it had before (0.99)."""
    from gkaudit.reading.ocr import Engine, _fold_matrix

    engine = Engine(Path("."))
    engine._chars = ["", "1", "/", "l", "7", " "]
    engine._fold = _fold_matrix(engine._chars)
    pred = np.zeros((5, 6), dtype=np.float32)
    pred[:, 0] = 1.0
    pred[2] = [0.05, 0.3, 0.6, 0.05, 0.0, 0.0]
    line = engine._number(pred, 4.0)
    assert line.text == "/" and abs(line.chars[0].conf - 0.6) < 1e-6
    assert line.alt == "1" and abs(line.alt_conf - 0.35) < 1e-6  # 1 and its look-alike l
    pred[2] = [0.05, 0.6, 0.3, 0.05, 0.0, 0.0]
    line = engine._number(pred, 4.0)
    assert line.text == "1" and abs(line.chars[0].conf - 0.65) < 1e-6 and line.alt == "/"


def test_a_blank_cells_dash_is_read_not_dropped_as_a_speck() -> None:
    """A dash two pixels thick in the middle of a cell is kept, in a box about as tall as it is long;
    specks, and a rule's edge along the cell's side, are not."""
    from gkaudit.reading.scan_page import _cell_lines

    mask = np.zeros((40, 120), dtype=bool)
    mask[19:21, 50:72] = True  # the dash
    mask[5:7, 10:13] = True  # a speck
    lines = _cell_lines(mask, (0, 0, 120, 40), 3)
    assert len(lines) == 1
    x0, y0, x1, y1 = lines[0]
    assert (x0, x1) == (50, 72) and y0 <= 12 and y1 >= 28
    mask[:] = False
    mask[3:5, 2:118] = True  # what a levelled rule leaves along the cell's top
    assert _cell_lines(mask, (0, 0, 120, 40), 3) == []


def _png_exif_after_pixels(width: int, height: int, orientation: int) -> bytes:
    """A PNG whose eXIf chunk (the orientation) comes after its pixels, as some phones write it."""
    import io
    import zlib

    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (width, height), 255).save(buf, "PNG")
    exif = Image.Exif()
    exif[0x0112] = orientation
    raw = exif.tobytes()
    chunk = len(raw).to_bytes(4, "big") + b"eXIf" + raw + zlib.crc32(b"eXIf" + raw).to_bytes(4, "big")
    data = buf.getvalue()
    return data[:-12] + chunk + data[-12:]  # before IEND


@pytest.mark.parametrize("orientation", [1, 6])
def test_a_photo_turned_by_its_exif_has_the_size_it_is_read_at(orientation: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page stored landscape with EXIF orientation 6 (a quarter turn) is a portrait page; the
    size the reader gives is that of the image it reads, and is found without decoding the PNG
    (the page is decoded once, when it is read)."""
    from PIL import ImageFile

    from gkaudit.reading.images import image_frames

    data = _png_exif_after_pixels(300, 200, orientation)
    decoded = []
    load = ImageFile.ImageFile.load

    def counted(self: ImageFile.ImageFile) -> object:
        decoded.append(self)
        return load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counted)
    (w, h, render), = image_frames(data)
    assert not decoded
    grey = render()
    assert grey.shape == ((300, 200) if orientation == 6 else (200, 300))
    assert (h > w) == (grey.shape[0] > grey.shape[1])


def test_a_numbers_leading_dash_is_its_minus_sign() -> None:
    # The number classes fold the hyphen into the blank mark's dash: a signed 本年增/减 "-1" came out
    # "—1", which is no number, and the cell was read as label text.
    from gkaudit.reading.ocr import Char, _signed

    def text(chars: list[Char]) -> str:
        return "".join(c.text for c in chars)

    dash, one = Char("—", 0.9, 0, 4), Char("1", 0.99, 4, 8)
    assert text(_signed([dash, one])) == "-1"
    assert text(_signed([dash])) == "—"  # a blank cell's mark stays a mark
    assert text(_signed([one, dash])) == "1—"


@needs_ocr
@pytest.mark.parametrize(("dpi", "folder"), [(110, False), (96, False), (96, True)])
def test_a_low_resolution_scan_reads_no_faint_digit_as_a_certain_blank(tmp_path: Path, dpi: int, folder: bool) -> None:
    """淮安市 2024's 依申请 pages scanned at a low resolution, as an image PDF (read again at 200
    dpi) or as a folder of page images (read as they are): thin digits (a lone 2, a 7, a 1 two
    pixels wide) come out grey, lighter than the page's ink threshold. Each cell is read right or
    marked uncertain, never a certain blank, and no arithmetic error follows (the report has none)."""
    import pypdfium2 as pdfium

    name = "huaian-city-2024"
    doc = pdfium.PdfDocument(str(SAMPLES / f"{name}.pdf"))
    try:
        images = [doc[k].render(scale=dpi / 72).to_pil().convert("RGB") for k in (3, 4)]
    finally:
        doc.close()
    scanned = tmp_path / ("扫描件" if folder else "扫描件.pdf")
    if folder:
        scanned.mkdir()
        for k, image in enumerate(images):
            image.save(scanned / f"p-{k + 4}.png", dpi=(dpi, dpi))
    else:
        images[0].save(scanned, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    report = audit_path(scanned)
    expected = {cid: v for cid, v in _golden_cells(name).items() if cid.startswith("apply/")}
    wrong = []
    for cid, true in expected.items():
        cell = report.cell(cid)
        if cell is not None and cell.reading != "uncertain" and (cell.value != true or (cell.blank and true is not None)):
            wrong.append((cid, cell.raw, true))
    assert not wrong
    errors = [f for f in report.findings if f.severity is Severity.ERROR and f.rule.startswith(("apply.", "review."))]
    assert not errors, [f.message for f in errors]
