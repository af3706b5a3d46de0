"""HTML reader: visible text in order, merged cells expanded into grids, charsets, layout tables."""

from __future__ import annotations

import pytest

from gkaudit.model import ReadError
from gkaudit.reading import read_bytes
from gkaudit.reading.html import collapse_inline, declared_charset, html_document


def read(html: str, encoding: str = "utf-8", name: str = "report.html") -> str:
    return html_document(name, html.encode(encoding), "sha").text


def table_lines(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if "\t" in line]


APPLY = """
<table border="1">
  <tr><td rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
      <td colspan="7">申请人情况</td></tr>
  <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
  <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
  <tr><td colspan="3">一、本年新收政府信息公开申请数量</td>
      <td>150</td><td>&nbsp;</td><td>0</td><td>0</td><td>0</td><td>0</td><td>150</td></tr>
  <tr><td rowspan="3">三、本年度办理结果</td><td colspan="2">（一）予以公开</td>
      <td>20</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>20</td></tr>
  <tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td>
      <td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
  <tr><td>2.其他法律行政法规禁止公开</td>
      <td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
"""


def test_rowspan_and_colspan_expand_into_an_aligned_grid() -> None:
    rows = table_lines(read(f"<html><body><p>三、收到和处理政府信息公开申请情况</p>{APPLY}</body></html>"))
    assert {len(r) for r in rows} == {10}
    assert rows[0][0].startswith("（本列数据的勾稽关系") and rows[0][1:3] == ["", ""]
    assert rows[0][3] == "申请人情况" and rows[0][4:] == [""] * 6
    assert rows[1] == ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]
    assert rows[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert rows[3] == ["一、本年新收政府信息公开申请数量", "", "", "150", "", "0", "0", "0", "0", "150"]
    assert rows[4][:3] == ["三、本年度办理结果", "（一）予以公开", ""]
    assert rows[5][:3] == ["", "（三）不予公开", "1.属于国家秘密"]
    assert rows[6][:4] == ["", "", "2.其他法律行政法规禁止公开", "0"]


def test_blank_line_around_tables_and_paragraph_lines_kept() -> None:
    text = read(f"<body><p>前言</p>{APPLY}<p>四、复议诉讼</p></body>")
    lines = text.split("\n")
    first_row = next(i for i, line in enumerate(lines) if "\t" in line)
    last_row = max(i for i, line in enumerate(lines) if "\t" in line)
    assert lines[first_row - 1] == "" and lines[first_row - 2] == "前言"
    assert lines[last_row + 1] == "" and lines[last_row + 2] == "四、复议诉讼"


def test_caption_of_a_data_table_comes_before_it() -> None:
    html = "<table><caption>表1 主动公开情况</caption><tr><td>规章</td><td>3</td></tr></table>"
    assert read(html) == "表1 主动公开情况\n\n规章\t3\n"


def test_nbsp_cells_are_empty_strings_and_cell_newlines_become_nothing_between_chinese() -> None:
    html = """<table><tr><td>行政规范<br>性文件</td><td>&nbsp;&nbsp;</td><td> 3 </td></tr>
              <tr><td>规章 <br> rules</td><td>1</td><td>2</td></tr></table>"""
    assert table_lines(read(html)) == [["行政规范性文件", "", "3"], ["规章 rules", "1", "2"]]


def test_gbk_page_with_meta_charset() -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>乌海市2020年政府信息公开工作年度报告</title></head>"
        "<body><p>一、总体情况</p><p>本年度共收到政府信息公开申请数量为 12 件。</p></body></html>"
    )
    data = html.encode("gbk")
    assert declared_charset(data) == "gb2312"
    doc = read_bytes("乌海.htm", data)
    assert doc.kind == "html" and doc.encoding == "gb18030"
    assert doc.text.splitlines() == [
        "乌海市2020年政府信息公开工作年度报告",  # the title, since the body does not print it
        "一、总体情况",
        "本年度共收到政府信息公开申请数量为 12 件。",
    ]


def test_html5_meta_charset_and_xml_declaration() -> None:
    assert declared_charset(b'<!doctype html><meta charset="GBK">') == "GBK"
    xhtml = '<?xml version="1.0" encoding="gb2312"?><html><body><p>二、主动公开政府信息情况</p></body></html>'
    assert read(xhtml, "gbk") == "二、主动公开政府信息情况\n"


def test_scripts_styles_comments_and_hidden_text_are_dropped() -> None:
    html = """<html><head><style>p { color: red }</style><script>var x = "脚本文字";</script></head>
    <body><!-- 注释文字 --><p>正文<script>document.write("脚本")</script>一</p>
    <noscript>请启用脚本</noscript><div style="display: none">隐藏文字</div><div hidden>也隐藏</div>
    <template><p>模板</p></template><p>正文二</p></body></html>"""
    assert read(html) == "正文一\n正文二\n"


def test_block_elements_break_lines_and_spaces_collapse_inside_a_paragraph() -> None:
    html = """<body><h2>一、总体情况</h2><div>第一段   有   空格<br/>换行后</div>
    <ul><li>甲</li><li>乙</li></ul><p><span>（一）</span><b>主动公开</b>情况。</p>
    <p>源代码里
    断开的中文</p><p>English  words
    wrapped</p></body>"""
    assert read(html).splitlines() == [
        "一、总体情况", "第一段 有 空格", "换行后", "甲", "乙", "（一）主动公开情况。", "源代码里断开的中文",
        "English words wrapped",
    ]


def test_layout_tables_are_read_as_paragraphs_and_only_inner_tables_as_grids() -> None:
    html = f"""<body><table width="100%"><tr><td>网站首页</td><td>信息公开</td></tr>
    <tr><td colspan="2"><table><tr><td>
        <p>某县人民政府2021年政府信息公开工作年度报告</p>
        <p>二、主动公开政府信息情况</p>
        {APPLY}
        <p>五、存在的主要问题及改进情况</p>
    </td></tr></table></td></tr></table></body>"""
    text = read(html)
    lines = text.splitlines()
    assert lines[:4] == ["网站首页", "信息公开", "某县人民政府2021年政府信息公开工作年度报告", "二、主动公开政府信息情况"]
    assert len(table_lines(text)) == 7
    assert lines[-1] == "五、存在的主要问题及改进情况"


def test_single_column_and_long_text_tables_are_layout() -> None:
    long_cell = "全年共受理政府信息公开申请。" * 30
    html = f"<table><tr><td>一、总体情况</td></tr><tr><td>正文</td></tr></table>" \
           f"<table><tr><td>{long_cell}</td><td>侧栏</td></tr></table>"
    text = read(html)
    assert "\t" not in text
    assert text.splitlines()[:2] == ["一、总体情况", "正文"]


def test_rowspan_zero_and_oversized_spans_are_clamped() -> None:
    html = """<table><tr><td rowspan="0">甲</td><td>1</td></tr><tr><td>2</td></tr>
              <tr><td rowspan="99">乙</td><td colspan="2">3</td></tr></table>"""
    assert table_lines(read(html)) == [["甲", "1", ""], ["", "2", ""], ["", "乙", "3"]]


def test_empty_value_row_of_a_table_is_kept() -> None:
    html = """<table><tr><td>结果维持</td><td>结果纠正</td><td>总计</td></tr>
              <tr><td></td><td>&nbsp;</td><td> </td></tr></table>"""
    assert table_lines(read(html)) == [["结果维持", "结果纠正", "总计"], ["", "", ""]]


def test_mhtml_web_archive_is_unwrapped() -> None:
    import quopri

    html = '<html><body><p>一、总体情况</p><table><tr><td>规章</td><td>3</td></tr></table></body></html>'
    body = quopri.encodestring(html.encode("gb18030")).decode("ascii")
    archive = (
        "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----B"\r\n\r\n'
        "------B\r\nContent-Type: text/html; charset=gb2312\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + body + "\r\n------B--\r\n"
    ).encode("ascii")
    doc = read_bytes("report.mhtml", archive)
    assert doc.text == "一、总体情况\n\n规章\t3\n"


def test_no_readable_text_is_a_read_error() -> None:
    with pytest.raises(ReadError, match="没有可读的正文"):
        read("<html><head><title></title></head><body><script>x()</script></body></html>")


def test_thousands_of_unclosed_font_tags_do_not_lose_the_rest_of_the_page() -> None:
    html = "<body><p>一、总体情况</p>" + '<font face="宋体">' * 5000 + "深层文字<p>二、结尾</p></body>"
    assert read(html).splitlines() == ["一、总体情况", "深层文字", "二、结尾"]


def test_collapse_inline() -> None:
    assert collapse_inline("  甲\n  乙 \t c \n d ") == "甲乙 c d"


def test_a_column_only_a_heading_row_splits_holds_no_cell() -> None:
    """LibreOffice's HTML export of the review table: 行政复议 spans four and a half columns, so the
    value row's 总计 spans two grid columns; the second is no cell, and a blank cell after it stays
    where it is."""
    heads = "".join(f"<td>{h}</td>" for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2)
    values = "<td>0</td>" * 4 + "<td colspan=2>0</td>" + "<td>0</td>" * 4 + "<td>1</td><td>0</td><td></td>" + "<td>0</td>" * 3
    page = ("<p>四、政府信息公开行政复议、行政诉讼情况</p><table>"
            "<tr><td colspan=5>行政复议</td><td colspan=11>行政诉讼</td></tr>"
            "<tr>" + "".join(f"<td rowspan=2>{h}</td>" for h in ("结果维持", "结果纠正", "其他结果", "尚未审结"))
            + "<td rowspan=2 colspan=2>总计</td><td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>"
            f"<tr>{heads}</tr><tr>{values}</tr></table>")
    rows = table_lines(read(f"<html><body>{page}</body></html>"))
    assert {len(r) for r in rows} == {15}
    assert rows[0][0] == "行政复议" and rows[0][5] == "行政诉讼"
    assert rows[1][4:6] == ["总计", "未经复议直接起诉"]
    assert rows[3] == ["0"] * 9 + ["1", "0", ""] + ["0"] * 3
