"""PDF reader: the three real reports' tables as aligned grids with page boxes, joins across pages,
and one-line reasons for scanned, encrypted, garbled and damaged files."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from gkaudit.model import Document, ReadError
from gkaudit.reading import read_bytes, read_document
from gkaudit.reading.pdf import GARBLED, SCANNED

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def rows_of(doc: Document) -> list[list[str]]:
    return [line.split("\t") for line in doc.text.splitlines() if "\t" in line]


def row(doc: Document, label: str) -> list[str]:
    found = [r for r in rows_of(doc) if any(c.startswith(label) for c in r)]
    assert found, f"no table row labelled {label}"
    return found[0]


def table_block(doc: Document, first: str, last: str) -> list[str]:
    """The text lines from the row starting ``first`` to the row starting ``last``."""
    lines = doc.text.splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith(first))
    j = next(k for k, line in enumerate(lines) if line.startswith(last) and k >= i)
    return lines[i : j + 1]


@pytest.fixture(scope="module")
def hongze2023() -> Document:
    return read_document(SAMPLES / "huaian-hongze-district-2023.pdf")


@pytest.fixture(scope="module")
def hongze2024() -> Document:
    return read_document(SAMPLES / "huaian-hongze-district-2024.pdf")


@pytest.fixture(scope="module")
def city2024() -> Document:
    return read_document(SAMPLES / "huaian-city-2024.pdf")


# --- the three real reports -------------------------------------------------------------------


def test_hongze_2023_apply_table(hongze2023: Document) -> None:
    assert hongze2023.kind == "pdf" and hongze2023.pages == 5 and not hongze2023.notes
    block = table_block(hongze2023, "（本列数据的勾稽关系", "四、结转下年度继续办理")
    assert block[:8] == [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\t\t\t\t\t\t",
        "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
        "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t",
        "一、本年新收政府信息公开申请数量\t\t\t21\t0\t0\t0\t0\t0\t21",
        "二、上年结转政府信息公开申请数量\t\t\t0\t0\t0\t0\t0\t0\t0",
        "三、本年度办理结果\t（一）予以公开\t\t0\t0\t0\t0\t0\t0\t0",
        "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t4\t0\t0\t0\t0\t0\t4",
        "\t（三）不予公开\t1.属于国家秘密\t1\t0\t0\t0\t0\t0\t1",
    ]
    # One grid across the page break (pages 3 and 4): no blank line, no stray line, same width.
    assert len(block) == 26 and all(line.count("\t") == 9 for line in block)
    assert row(hongze2023, "2.没有现成信息需要另行制作") == ["", "", "2.没有现成信息需要另行制作", "3", "0", "0", "0", "0", "0", "3"]
    assert row(hongze2023, "3.补正后申请内容仍不明确")[:3] == ["", "", "3.补正后申请内容仍不明确"]
    assert row(hongze2023, "（六）其他处理") == ["", "（六）其他处理", "", "0", "0", "0", "0", "0", "0", "0"]
    assert row(hongze2023, "（七）总计")[3] == "21"


def test_hongze_2023_review_table(hongze2023: Document) -> None:
    block = table_block(hongze2023, "行政复议", "10\t")
    assert block == [
        "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t",
        "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t",
        "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
        "10\t1\t0\t0\t0\t0\t0\t0\t0\t0\t5\t0\t0\t0\t0",
    ]


def test_hongze_active_table_joined_across_pages(hongze2023: Document, hongze2024: Document) -> None:
    for doc, licence in ((hongze2023, "550"), (hongze2024, "9487")):
        block = table_block(doc, "第二十条第（一）项", "行政事业性收费")
        assert len(block) == 14 and all(line.count("\t") == 3 for line in block)
        assert row(doc, "行政许可") == ["行政许可", licence, "", ""]
        # The header cell whose rules are partly missing (page 3 of 2023) is still a cell.
        assert block.count("信息内容\t本年处理决定数量\t\t") == 2


def test_hongze_2024_tables(hongze2024: Document) -> None:
    assert row(hongze2024, "一、本年新收") == ["一、本年新收政府信息公开申请数量", "", "", "95", "0", "0", "0", "0", "0", "95"]
    assert row(hongze2024, "（六）其他处理")[1:4] == ["（六）其他处理", "", "0"]
    assert "1\t1\t0\t0\t2\t1\t0\t0\t0\t1\t2\t0\t1\t0\t3" in hongze2024.text.splitlines()


def test_city_2024_tables(city2024: Document) -> None:
    assert row(city2024, "规章") == ["规章", "1", "0", "11"]
    assert row(city2024, "行政事业性收费") == ["行政事业性收费", "96171.6", "", ""]
    # A merged label cut by the page break between pages 4 and 5 is put back together.
    assert row(city2024, "1.本机关不掌握")[:4] == ["", "（四）无法提供", "1.本机关不掌握相关政府信息", "746"]
    assert row(city2024, "2.没有现成信息")[:4] == ["", "", "2.没有现成信息需要另行制作", "11"]
    assert row(city2024, "1、申请人无正当理由逾期不补正")[1] == "（六）其他处理"
    assert row(city2024, "3、其他")[3:] == ["108", "2", "0", "0", "0", "0", "110"]
    assert row(city2024, "（七）总计")[3:] == ["2932", "53", "0", "0", "61", "4", "3050"]
    assert "72\t64\t178\t37\t351\t13\t4\t8\t1\t26\t12\t1\t1\t6\t20" in city2024.text.splitlines()
    block = table_block(city2024, "（本列数据的勾稽关系", "四、结转下年度继续办理")
    assert len(block) == 28 and all(line.count("\t") == 9 for line in block)


def test_text_outside_tables_in_reading_order(city2024: Document, hongze2023: Document) -> None:
    lines = city2024.text.splitlines()
    assert lines[:2] == ["淮安市人民政府", "2024年政府信息公开工作年度报告"]
    order = [lines.index(h) for h in (
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
    )]
    assert order == sorted(order)
    assert not any(line.strip("- ").isdigit() for line in lines)  # page numbers are dropped
    assert "全年收取政府信息公开信息处理费0元。" in hongze2023.text.splitlines()[-1]


def test_spans_give_page_and_box_for_cells_and_lines(hongze2023: Document) -> None:
    doc = hongze2023
    text = doc.text
    assert doc.spans == tuple(sorted(doc.spans, key=lambda s: s.start))
    for span in doc.spans:
        assert 1 <= span.page <= doc.pages
        x0, top, x1, bottom = span.bbox
        assert 0 <= x0 <= x1 <= 595 and 0 <= top <= bottom <= 842
        assert "\n" not in text[span.start : span.end] and "\t" not in text[span.start : span.end]
    heading = text.index("三、收到和处理政府信息公开申请情况")
    box = doc.page_box(heading, heading + 5)
    assert box is not None and box.page == 3
    # Every cell of the review value row: page 4, boxes left to right.
    line_start = text.index("10\t1\t0\t0\t0")
    cells = text[line_start : text.index("\n", line_start)].split("\t")
    offset = line_start
    lefts = []
    for cell in cells:
        box = doc.page_box(offset, offset + len(cell))
        assert box is not None and box.page == 4
        lefts.append(box.bbox[0])
        offset += len(cell) + 1
    assert lefts == sorted(lefts) and len(set(lefts)) == 15
    # A cell of the apply table continued on page 4 points at page 4, one on page 3 at page 3.
    start = text.index("2.没有现成信息需要另行制作")
    box = doc.page_box(start, start + 3)
    assert box is not None and box.page == 3
    start = text.index("3.补正后申请内容仍不明确")
    box = doc.page_box(start, start + 3)
    assert box is not None and box.page == 4


# --- hand-made PDFs -----------------------------------------------------------------------------


def _pdf(pages: list[bytes], *, encrypt: bytes | None = None, image: bool = False) -> bytes:
    """A small PDF: Helvetica as F1, the non-embedded Adobe-GB1 font STSong-Light as F2."""
    objs: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        4: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [5 0 R] >>",
        5: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 6 0 R >>",
        6: b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
        7: b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream",
    }
    kids = []
    n = 10
    for content in pages:
        if image:
            content = b"q 495 0 0 742 50 50 cm /Im1 Do Q\n" + content
        objs[n + 1] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        objs[n] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources "
            b"<< /Font << /F1 3 0 R /F2 4 0 R >> /XObject << /Im1 7 0 R >> >> >>" % (n + 1)
        )
        kids.append(n)
        n += 2
    objs[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    if encrypt is not None:
        objs[9] = encrypt
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    size = max(objs) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num] if num in offsets else b"0000000000 65535 f \n"
    trailer = b"<< /Size %d /Root 1 0 R" % size
    if encrypt is not None:
        trailer += b" /Encrypt 9 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]"
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _cjk(x: float, y: float, text: str, size: int = 10) -> bytes:
    return b"BT /F2 %d Tf %.2f %.2f Td <%s> Tj ET\n" % (size, x, y, text.encode("utf-16-be").hex().encode())


def _latin(x: float, y: float, text: str, size: int = 10) -> bytes:
    return b"BT /F1 %d Tf %.2f %.2f Td (%s) Tj ET\n" % (size, x, y, text.encode())


def _h(x0: float, x1: float, y: float) -> bytes:
    return b"%.2f %.2f m %.2f %.2f l S\n" % (x0, y, x1, y)


def _v(x: float, y0: float, y1: float) -> bytes:
    return b"%.2f %.2f m %.2f %.2f l S\n" % (x, y0, x, y1)


def _paragraph_pdf() -> bytes:
    return _pdf([_cjk(72, 760, "一、总体情况") + _cjk(72, 740, "本年度共受理政府信息公开申请二十件，均已按期答复。")])


COLS = (72.0, 200.0, 330.0, 430.0, 520.0)


def _table_rows(top: float, rows: list[tuple[list[str], float]], *, close_bottom: bool) -> tuple[bytes, float]:
    """Ruled rows from ``top`` down (PDF y grows upwards); cell text may hold "\\n" for wrapped lines."""
    out = b"0.5 w\n" + _h(COLS[0], COLS[-1], top)
    y = top
    for cells, height in rows:
        for k, text in enumerate(cells):
            for j, part in enumerate(text.split("\n")):
                out += _cjk(COLS[k] + 4, y - 14 - 12 * j, part)
        y -= height
        if close_bottom or (cells, height) != rows[-1]:
            out += _h(COLS[0], COLS[-1], y)
    for x in COLS:
        out += _v(x, y, top)
    return out, y


HEADER = (["项目", "自然人", "法人", "总计"], 20.0)


def _two_page_table() -> bytes:
    page1 = _cjk(72, 790, "三、收到和处理政府信息公开申请情况")
    body1 = [HEADER, (["一、本年新收", "10", "2", "12"], 20.0)]
    body1 += [([f"甲类事项{k}", str(k), "0", str(k)], 20.0) for k in range(1, 31)]
    body1 += [(["5.要求行政机关确认\n或重新出具已获取信息", "1", "0", "1"], 30.0)]
    table1, bottom1 = _table_rows(770, body1, close_bottom=False)  # Word leaves the rule off at a break
    assert bottom1 > 40
    body2 = [HEADER, (["（七）总计", "47", "2", "49"], 20.0), (["四、结转下年度继续办理", "0", "0", "0"], 20.0)]
    table2, bottom2 = _table_rows(800, body2, close_bottom=True)
    page2 = table2 + _cjk(72, bottom2 - 30, "四、政府信息公开行政复议、行政诉讼情况") + _latin(290, 30, "- 2 -")
    return _pdf([page1 + table1 + _latin(290, 30, "- 1 -"), page2])


def test_table_continued_on_next_page_is_one_grid_without_the_repeated_header() -> None:
    doc = read_bytes("two-pages.pdf", _two_page_table())
    rows = rows_of(doc)
    assert rows[0] == ["项目", "自然人", "法人", "总计"]
    assert sum(1 for r in rows if r[0] == "项目") == 1
    assert rows[1] == ["一、本年新收", "10", "2", "12"]
    assert ["5.要求行政机关确认或重新出具已获取信息", "1", "0", "1"] in rows  # CJK wrap joined without space
    assert rows[-2:] == [["（七）总计", "47", "2", "49"], ["四、结转下年度继续办理", "0", "0", "0"]]
    assert len(rows) == 35 and {len(r) for r in rows} == {4}
    lines = doc.text.splitlines()
    assert lines[0] == "三、收到和处理政府信息公开申请情况" and lines[1] == ""
    assert lines[-2:] == ["", "四、政府信息公开行政复议、行政诉讼情况"]
    last = doc.text.index("四、结转下年度继续办理")
    box = doc.page_box(last, last + 4)
    assert box is not None and box.page == 2


def test_plain_text_pdf_lines_have_spans() -> None:
    doc = read_bytes("text.pdf", _paragraph_pdf())
    assert doc.text == "一、总体情况\n本年度共受理政府信息公开申请二十件，均已按期答复。\n"
    assert [s.page for s in doc.spans] == [1, 1]
    assert doc.spans[0].bbox[1] < doc.spans[1].bbox[1]


def test_overprinted_fake_bold_is_read_once() -> None:
    heading = _cjk(72, 760, "一、总体情况") + _cjk(72.3, 760, "一、总体情况")
    doc = read_bytes("bold.pdf", _pdf([heading + _cjk(72, 740, "本年度共受理政府信息公开申请二十件。")]))
    assert doc.text.splitlines()[0] == "一、总体情况"


def test_scanned_pdf_without_text_layer() -> None:
    from gkaudit.reading import OcrOptions

    with pytest.raises(ReadError) as err:
        read_bytes("scan.pdf", _pdf([b"", b""], image=True), OcrOptions(mode="never"))
    assert str(err.value) == SCANNED


def test_one_scanned_page_is_a_note() -> None:
    text_page = _cjk(72, 760, "一、总体情况") + _cjk(72, 740, "本年度共受理政府信息公开申请二十件，均已按期答复。")
    doc = read_bytes("blank-page.pdf", _pdf([text_page, b""]))
    assert doc.pages == 2 and doc.notes == ()  # a blank page is not a scanned page
    mixed = _pdf([text_page, b"q 495 0 0 742 50 50 cm /Im1 Do Q\n"])
    from gkaudit.reading import OcrOptions

    doc = read_bytes("mixed.pdf", mixed, OcrOptions(mode="never"))  # with OCR the page is read
    assert doc.notes == ("第 2 页没有文字层（可能是扫描页），该页内容未能读取",)


def test_encrypted_pdf() -> None:
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"
    with pytest.raises(ReadError, match="PDF 已加密"):
        read_bytes("secret.pdf", _pdf([_cjk(72, 760, "一、总体情况")], encrypt=encrypt))


def test_pdf_with_unmapped_cid_font_is_garbled() -> None:
    glyphs = b"".join(
        b"BT /F2 10 Tf 72 %d Td <%s> Tj ET\n" % (760 - 15 * i, (bytes([0x12, 0x34 + i]) * 20).hex().encode())
        for i in range(20)
    )
    data = _pdf([glyphs])
    data = data.replace(b"/Encoding /UniGB-UCS2-H", b"/Encoding /Identity-H")
    data = data.replace(b"/Ordering (GB1) /Supplement 4", b"/Ordering (Identity) /Supplement 0")
    with pytest.raises(ReadError) as err:
        read_bytes("cid.pdf", data)
    assert str(err.value) == GARBLED


@pytest.mark.parametrize("keep", [0.2, 0.6, 0.95])
def test_truncated_pdf(keep: float) -> None:
    data = (SAMPLES / "huaian-hongze-district-2024.pdf").read_bytes()
    with pytest.raises(ReadError, match="PDF 文件不完整") as err:
        read_bytes("cut.pdf", data[: int(len(data) * keep)])
    assert "\n" not in str(err.value)


def test_not_a_pdf_named_pdf() -> None:
    with pytest.raises(ReadError, match="不是有效的 PDF"):
        read_bytes("fake.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)


# --- through LibreOffice: Word tables printed to PDF -----------------------------------------------

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


def _soffice_pdf(docx_bytes: bytes, tmp_path: Path) -> bytes:
    from gkaudit.reading.docx import convert_with_soffice

    soffice = shutil.which("soffice")
    assert soffice is not None
    try:
        return convert_with_soffice(soffice, docx_bytes, ".docx", "pdf")
    except ReadError as exc:  # pragma: no cover - a broken LibreOffice install
        pytest.skip(f"LibreOffice could not convert: {exc}")
    except subprocess.SubprocessError as exc:  # pragma: no cover
        pytest.skip(str(exc))


def _long_table_docx(borders: bool) -> bytes:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=1, cols=4)
    if borders:
        t.style = "Table Grid"
    for k, label in enumerate(["申请事项", "自然人", "商业企业", "总计"]):
        t.rows[0].cells[k].text = label
    header = t.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    for k in range(1, 61):
        cells = t.add_row().cells
        cells[0].text = f"第{k}项要求行政机关确认或重新出具已获取信息的申请"
        cells[1].text = str(k)
        cells[2].text = "0"
        cells[3].text = str(k)
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.slow
@needs_soffice
def test_word_table_over_pages_with_repeated_header(tmp_path: Path) -> None:
    doc = read_bytes("long.pdf", _soffice_pdf(_long_table_docx(borders=True), tmp_path))
    assert doc.pages >= 2
    rows = rows_of(doc)
    assert sum(1 for r in rows if r[0] == "申请事项") == 1
    data = [r for r in rows if r[0].startswith("第")]
    assert [r[1] for r in data] == [str(k) for k in range(1, 61)]
    assert all(r[0] == f"第{k}项要求行政机关确认或重新出具已获取信息的申请" for k, r in enumerate(data, 1))
    assert {len(r) for r in rows} == {4}
    lines = doc.text.splitlines()
    assert lines.index("四、政府信息公开行政复议、行政诉讼情况") > lines.index("\t".join(data[-1]))


@pytest.mark.slow
@needs_soffice
def test_borderless_word_table_is_found_by_text_alignment(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("二、主动公开政府信息情况")
    t = d.add_table(rows=4, cols=4)  # the default style: no borders
    for r, values in enumerate([
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "1", "0", "11"],
        ["行政规范性文件", "8", "26", "66"],
        ["行政许可", "447228", "0", "0"],
    ]):
        for c, value in enumerate(values):
            t.cell(r, c).text = value
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    buf = io.BytesIO()
    d.save(buf)
    doc = read_bytes("borderless.pdf", _soffice_pdf(buf.getvalue(), tmp_path))
    rows = rows_of(doc)
    assert ["规章", "1", "0", "11"] in rows
    assert ["行政规范性文件", "8", "26", "66"] in rows


def _filled_template() -> bytes:
    """The blank 2021 template with a different number typed into every empty value cell."""
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    source = zipfile.ZipFile(io.BytesIO((SAMPLES / "template-2021.docx").read_bytes()))
    root = etree.fromstring(source.read("word/document.xml"))
    n = 0
    for tc in root.iter(f"{w}tc"):
        merged = tc.find(f"{w}tcPr/{w}vMerge")
        if "".join(tc.itertext()).strip() or (merged is not None and merged.get(f"{w}val") != "restart"):
            continue
        n += 1
        run = etree.SubElement(tc.find(f"{w}p"), f"{w}r")
        etree.SubElement(run, f"{w}t").text = str(n * 7)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(item, data)
    return out.getvalue()


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("filled", [False, True], ids=["blank", "filled"])
def test_template_printed_to_pdf_reads_the_same_tables_as_the_docx(filled: bool, tmp_path: Path) -> None:
    word = _filled_template() if filled else (SAMPLES / "template-2021.docx").read_bytes()
    from_word = read_bytes("template.docx", word)
    from_pdf = read_bytes("template.pdf", _soffice_pdf(word, tmp_path))
    assert from_pdf.pages >= 2
    assert rows_of(from_pdf) == rows_of(from_word)
    if filled:
        assert row(from_pdf, "一、本年新收")[3:] == ["77", "84", "91", "98", "105", "112", "119"]


def test_words_of_a_line_get_their_own_boxes() -> None:
    """A borderless table row printed as one line: each number has a box, left to right."""
    row = _cjk(72, 700, "规章") + _cjk(200, 700, "0") + _cjk(300, 700, "12") + _cjk(400, 700, "7")
    doc = read_bytes("row.pdf", _pdf([row]))
    line = doc.text.splitlines()[0]
    assert line == "规章 0 12 7"
    start = doc.text.index("12")
    box = doc.page_box(start, start + 2)
    assert box is not None and 295 <= box.bbox[0] < box.bbox[2] <= 320
    assert doc.page_box(0, len(line)) is not None  # the whole line keeps its span
