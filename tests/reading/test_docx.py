"""Word reader: body order, gridSpan/vMerge expanded, numbering, the blank template, bad files."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from gkaudit.model import ReadError
from gkaudit.reading import read_bytes, read_document
from gkaudit.reading.docx import docx_document, old_word_document

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
TEMPLATE = SAMPLES / "template-2021.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def table_rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if "\t" in line]


def saved(document: object) -> bytes:
    buf = io.BytesIO()
    document.save(buf)  # type: ignore[attr-defined]
    return buf.getvalue()


def merged_table_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("二、主动公开政府信息情况")
    t = d.add_table(rows=4, cols=4)
    t.cell(0, 0).merge(t.cell(0, 3)).text = "第二十条第（一）项"
    for col, label in enumerate(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        t.cell(1, col).text = label
    t.cell(2, 0).text = "规章"
    t.cell(2, 1).text = "1"
    t.cell(2, 3).text = "11"
    t.cell(3, 0).text = "行政规范性文件"
    t.cell(3, 1).merge(t.cell(3, 2)).text = "8"
    t.cell(3, 3).text = "66"
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t2 = d.add_table(rows=3, cols=3)
    t2.cell(0, 0).merge(t2.cell(2, 0)).text = "三、本年度办理结果"
    t2.cell(0, 1).text = "（一）予以公开"
    t2.cell(0, 2).text = "5"
    t2.cell(1, 1).text = "（二）部分公开"
    t2.cell(1, 2).text = "2"
    t2.cell(2, 1).merge(t2.cell(2, 2)).text = "（七）总计 7"
    d.add_paragraph("四、结尾")
    return saved(d)


def test_paragraphs_and_tables_in_body_order_with_merges_expanded() -> None:
    doc = read_bytes("报告.docx", merged_table_docx())
    assert doc.kind == "docx"
    lines = doc.text.split("\n")
    assert lines[0] == "二、主动公开政府信息情况" and lines[1] == ""
    assert lines[2:7] == [
        "第二十条第（一）项\t\t\t",
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t1\t\t11",
        "行政规范性文件\t8\t\t66",
        "",
    ]
    assert lines[7] == "三、收到和处理政府信息公开申请情况"
    assert table_rows(doc.text)[4:] == [
        ["三、本年度办理结果", "（一）予以公开", "5"],
        ["", "（二）部分公开", "2"],  # vMerge continuation: an empty string
        ["", "（七）总计 7", ""],
    ]
    assert doc.text.endswith("\n\n四、结尾\n")


def test_blank_2021_template_has_every_value_cell_empty() -> None:
    text = read_document(TEMPLATE).text
    rows = table_rows(text)
    assert {len(r) for r in rows if r[0].startswith(("一、本年新收", "二、上年结转", "四、结转"))} == {10}
    first = next(i for i, r in enumerate(rows) if r[0].startswith("一、本年新收"))
    last = next(i for i, r in enumerate(rows) if r[0].startswith("四、结转下年度"))
    apply_rows = rows[first : last + 1]
    assert len(apply_rows) == 25  # 一 二 （一）（二） 8 + 3 + 5 + 3 leaves, （七） 四
    assert {len(r) for r in apply_rows} == {10}
    assert all(cell == "" for r in apply_rows for cell in r[3:])
    active = [r for r in rows if r[0] in ("规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费")]
    assert len(active) == 6 and all(cell == "" for r in active for cell in r[1:])
    review_header = next(i for i, r in enumerate(rows) if r[0] == "行政复议")
    assert rows[review_header + 3] == [""] * 15  # the value row: fifteen blank cells
    assert "（文字描述）" in text.splitlines()


def test_template_apply_table_groups_are_merged_cells() -> None:
    rows = table_rows(read_document(TEMPLATE).text)
    group = next(r for r in rows if r[1] == "（三）不予公开")
    assert group[:3] == ["", "（三）不予公开", "1.属于国家秘密"]
    follower = rows[rows.index(group) + 1]
    assert follower[:3] == ["", "", "2.其他法律行政法规禁止公开"]


def _package(body: str, numbering: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><w:document xmlns:w="{W}" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
            f'xmlns:v="urn:schemas-microsoft-com:vml"><w:body>{body}</w:body></w:document>',
        )
        if numbering:
            z.writestr("word/numbering.xml", f'<?xml version="1.0"?><w:numbering xmlns:w="{W}">{numbering}</w:numbering>')
    return buf.getvalue()


def _p(text: str, num: tuple[int, int] | None = None) -> str:
    numpr = f'<w:pPr><w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr></w:pPr>' if num else ""
    return f"<w:p>{numpr}<w:r><w:t>{text}</w:t></w:r></w:p>"


NUMBERING = """
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
"""


def test_automatic_numbering_is_rendered() -> None:
    body = "".join([
        _p("总体情况", (1, 0)), _p("主动公开情况", (1, 1)), _p("依申请公开情况", (1, 1)),
        _p("第一点", (1, 2)), _p("主动公开政府信息情况", (1, 0)), _p("下一组", (1, 1)),
        _p("项目符号", (2, 0)), _p("没有编号"),
    ])
    text = docx_document("n.docx", _package(body, NUMBERING), "sha").text
    assert text.splitlines() == [
        "一、总体情况", "（一）主动公开情况", "（二）依申请公开情况", "1. 第一点",
        "二、主动公开政府信息情况", "（一）下一组", "项目符号", "没有编号",
    ]


def test_revisions_hidden_text_text_boxes_and_breaks() -> None:
    body = (
        "<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除的</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>插入的</w:t></w:r></w:ins>"
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏的</w:t></w:r>'
        "<w:r><w:tab/><w:t>制表符后</w:t><w:br/><w:t>换行后</w:t></w:r></w:p>"
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>"
        "<w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        "<w:r><w:t>段落正文</w:t></w:r></w:p>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>内容控件</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    text = docx_document("r.docx", _package(body), "sha").text
    assert text.splitlines() == ["保留插入的 制表符后", "换行后", "段落正文", "文本框", "内容控件"]


def test_grid_before_and_after_pad_rows() -> None:
    body = (
        "<w:tbl>"
        "<w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>丙</w:t></w:r></w:p></w:tc></w:tr>"
        '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>'
        "<w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr>"
        "</w:tbl>"
    )
    assert table_rows(docx_document("g.docx", _package(body), "sha").text) == [["甲", "乙", "丙"], ["", "1", "2"]]


def test_layout_table_around_a_data_table_is_read_as_paragraphs() -> None:
    d = docx.Document()
    outer = d.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].text = "某县2021年政府信息公开工作年度报告"
    cell.add_paragraph("二、主动公开政府信息情况")
    inner = cell.add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "信息内容"
    inner.cell(0, 1).text = "本年制发件数"
    inner.cell(1, 0).text = "规章"
    inner.cell(1, 1).text = "3"
    cell.add_paragraph("三、收到和处理政府信息公开申请情况")
    lines = read_bytes("l.docx", saved(d)).text.splitlines()
    assert lines == [
        "某县2021年政府信息公开工作年度报告", "二、主动公开政府信息情况", "",
        "信息内容\t本年制发件数", "规章\t3", "", "三、收到和处理政府信息公开申请情况",
    ]


def test_trivial_nested_table_is_flattened_into_its_cell() -> None:
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "信息内容"
    t.cell(0, 1).text = "本年处理决定数量"
    t.cell(1, 0).text = "行政许可"
    nested = t.cell(1, 1).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "12"
    nested.cell(0, 1).text = "件"
    assert table_rows(read_bytes("f.docx", saved(d)).text) == [["信息内容", "本年处理决定数量"], ["行政许可", "12 件"]]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"this is not a zip file at all", "不是有效的 .docx"),
        (b"PK\x03\x04" + b"\x00" * 40, "压缩包已损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版 Word"),
    ],
)
def test_bad_docx_is_a_one_line_read_error(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError, match=reason) as err:
        docx_document("bad.docx", data, "sha")
    assert "\n" not in str(err.value)


def test_truncated_docx_and_zip_without_word_part() -> None:
    good = merged_table_docx()
    with pytest.raises(ReadError):
        read_bytes("cut.docx", good[: len(good) // 2])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ReadError, match="Excel"):
        read_bytes("sheet.docx", buf.getvalue())


def test_old_word_without_libreoffice_asks_for_docx(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ReadError, match=r"另存为 \.docx"):
        old_word_document("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "sha")


def test_docx_named_doc_and_html_saved_as_doc_are_read_directly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert read_bytes("misnamed.doc", merged_table_docx()).text.startswith("二、主动公开政府信息情况")
    html = "<html><body><p>一、总体情况</p></body></html>".encode()
    assert old_word_document("web.doc", html, "sha").text == "一、总体情况\n"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_doc_converted_by_libreoffice(tmp_path: Path) -> None:
    from gkaudit.reading.docx import convert_with_soffice

    soffice = shutil.which("soffice")
    assert soffice is not None
    doc_bytes = convert_with_soffice(soffice, merged_table_docx(), ".docx", "doc")
    assert doc_bytes.startswith(b"\xd0\xcf\x11\xe0")
    path = tmp_path / "旧版报告.doc"
    path.write_bytes(doc_bytes)
    doc = read_document(path)
    assert doc.notes and "LibreOffice" in doc.notes[0]
    rows = table_rows(doc.text)
    assert ["规章", "1", "", "11"] in rows
    assert ["", "（二）部分公开", "2"] in rows
