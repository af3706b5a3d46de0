"""Word documents made of positioned text boxes (a PDF converted to Word keeping its layout).

LibreOffice's PDF import (``soffice --infilter=writer_pdf_import --convert-to docx``) writes every
piece of text of every page as a text box anchored at an absolute position, all in one paragraph,
in the order the PDF drew them: a row's numbers before its label, a wrapped label's second line
between the numbers. Read in that order, the 洪泽区 2023 report came out with 21 wrong cells and 4
invented row-total errors; laid out by position it reads like the PDF.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from gkaudit.audit import audit_document
from gkaudit.model import Severity
from gkaudit.reading import read_bytes
from gkaudit.reading.docx import docx_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
DATA = Path(__file__).resolve().parents[1] / "data"
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
PT = 12700  # EMU per point

Frame = tuple[float, float, float, float, str]  # x, y, width, height (points), text


def _frame(x: float, y: float, w: float, h: float, text: str) -> str:
    """One text box as LibreOffice writes it: an anchored drawing, with a VML fallback copy."""
    content = f"<w:txbxContent><w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p></w:txbxContent>"
    return (
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor>"
        f"<wp:positionH relativeFrom=\"column\"><wp:posOffset>{round(x * PT)}</wp:posOffset></wp:positionH>"
        f"<wp:positionV relativeFrom=\"paragraph\"><wp:posOffset>{round(y * PT)}</wp:posOffset></wp:positionV>"
        f"<wp:extent cx=\"{round(w * PT)}\" cy=\"{round(h * PT)}\"/>"
        f"<a:graphic><a:graphicData><wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def frames_docx(frames: list[Frame]) -> bytes:
    body = "<w:p>" + "".join(_frame(*f) for f in frames) + "</w:p>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><w:document xmlns:w="{W}" xmlns:wp="{WP}" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
            f'xmlns:v="urn:schemas-microsoft-com:vml"><w:body>{body}'
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>',
        )
    return buf.getvalue()


def test_frames_are_laid_out_by_position_page_by_page() -> None:
    # Drawn as the PDF drew them: numbers first, the wrapped label's lines around them, then page 2
    # starting again near the top.
    frames: list[Frame] = [
        (300, 100, 10, 16, "4"), (330, 100, 10, 16, "0"), (90, 97, 150, 14, "（二）部分公开（区分处理的，只计这一情"),
        (90, 111, 80, 14, "计其他情形）"), (360, 100, 10, 16, "4"),
        (90, 60, 200, 14, "三、收到和处理政府信息公开申请情况"),
        *[(90 + i * 2.5, 70, 2.5, 14, ch) for i, ch in enumerate("")],
        (90, 780, 40, 12, "- 3 -"),
        (300, 90, 10, 16, "1"), (90, 88, 60, 14, "（七）总计"), (330, 90, 10, 16, "0"), (360, 90, 10, 16, "1"),
        (90, 60, 200, 14, "四、政府信息公开行政复议、行政诉讼情况"), (200, 40, 60, 14, "第 4 页"),
        (100, 130, 5, 14, "1."), (105, 130, 60, 14, "属于国家秘密"), (120, 150, 200, 14, "号 ， 邮 编 ："),
    ]
    doc = docx_document("f.docx", frames_docx(frames), "sha")
    assert doc.text.splitlines() == [
        "三、收到和处理政府信息公开申请情况",
        "（二）部分公开（区分处理的，只计这一情 4 0 4",
        "计其他情形）",
        "- 3 -",
        "第 4 页",
        "四、政府信息公开行政复议、行政诉讼情况",
        "（七）总计 1 0 1",
        "1.属于国家秘密",
        "号 ， 邮 编 ：",
    ]
    # Each number keeps its box (the table reader aligns short rows by them), on its own page.
    boxes = {(s.page, doc.text[s.start:s.end]) for s in doc.spans if s.end - s.start == 1}
    assert {(1, "4"), (1, "0"), (2, "1")} <= boxes


def _layout_frames(text: str) -> list[Frame]:
    """A layout text (pdftotext -layout of a real report, pages split by form feeds) as positioned
    frames in a drawing order that is not the reading order: pages in order, but on each page
    every pair of lines drawn lower one first, and on every line the numbers before the words.
    Each page's lines fill the page from 60 to 780 points, as the printed page does."""
    frames: list[Frame] = []
    for page in text.split("\f"):
        lines = page.splitlines()
        pitch = min(720 / max(len(lines) - 1, 1), 24.0)
        order = [j for i in range(0, len(lines), 2) for j in (i + 1, i) if j < len(lines)]
        for i in order:
            words = [(m.start(), m.group()) for m in re.finditer(r"\S+", lines[i])]
            words.sort(key=lambda w: not w[1].isdigit())
            for col, word in words:
                frames.append((40 + col * 4.5, 60 + i * pitch, len(word) * 4.5, 11, word))
    return frames


def test_real_report_converted_to_frames_reads_like_its_pdf() -> None:
    # 淮安市洪泽区 2023 (tests/golden): its layout text as a PDF-to-Word converter's text boxes.
    layout = (DATA / "huaian-hongze-district-2023.pdftotext-layout.txt").read_text(encoding="utf-8")
    report = audit_document(read_bytes("洪泽区2023.docx", frames_docx(_layout_frames(layout))))
    golden = json.loads((GOLDEN / "huaian-hongze-district-2023.json").read_text(encoding="utf-8"))
    got: dict[str, dict[str, dict[str, object]]] = {}
    for tid, table in report.tables.items():
        for (row, col), cell in table.cells.items():
            got.setdefault(tid, {}).setdefault(row, {})[col] = cell.value
    want = {tid: {row: {col: v[0] for col, v in cols.items()} for row, cols in rows.items()}
            for tid, rows in golden["tables"].items()}
    assert got == want
    assert not [c for t in report.tables.values() for c in t.cells.values() if c.reading == "uncertain"]
    errors = {(f.rule, f.cells[-1]) for f in report.findings if f.severity is Severity.ERROR}
    assert errors == {("review.total", "review/review/total"), ("review.total", "review/suit_after_review/total")}


def test_a_rows_numbers_stay_together_whatever_their_box_heights() -> None:
    # As LibreOffice wrote a generated 2019-format report: the label wrapped in its cell, the
    # row's numbers centred between its two lines, full-width ０ in taller boxes than 0, and a
    # 减 and its 8 (one cell, two fonts) as two boxes side by side.
    frames: list[Frame] = [
        (186.0, 543.1, 100.0, 15.3, "属于行政查询事"), (172.7, 545.5, 12.0, 12.3, "8."),
        (282.2, 549.2, 10.0, 15.3, "０"), (354.2, 549.2, 10.0, 15.3, "０"),
        (320.1, 551.6, 7.0, 12.3, "0"), (392.1, 551.6, 7.0, 12.3, "0"), (428.3, 551.6, 7.0, 12.3, "0"),
        (172.7, 555.3, 15.0, 15.3, "项"),
        (90.0, 600.0, 60.0, 15.3, "行政许可"), (250.0, 601.2, 15.0, 12.3, "15"),
        (300.0, 600.0, 15.3, 15.3, "减"), (315.3, 601.2, 7.0, 12.3, "8"), (380.0, 601.2, 28.0, 12.3, "7178"),
    ]
    doc = docx_document("f.docx", frames_docx(frames), "sha")
    assert doc.text.splitlines() == ["8.属于行政查询事", "０ 0 ０ 0 0", "项", "行政许可 15 减8 7178"]
