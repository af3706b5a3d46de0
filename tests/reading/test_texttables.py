"""Tables that Markdown converters write in forms of their own (pandoc's dash-ruled tables, raw HTML
inside Markdown) read as the grid every other reader gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from gkaudit.model import AuditReport
from gkaudit.reading import read_document, sniff_kind
from gkaudit.reading.texttables import rewrite_tables, width

GRID = [
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "０", "", "12"],
    ["规范性文件", "8", "无", "３６"],
]


def _ruled(grid: list[list[str]], wide: bool, multiline: bool) -> str:
    """The grid laid out as pandoc lays out a table: left-aligned cells, columns by display width
    (``wide``) or by characters, a dash rule under the header, rows apart by blank lines and
    bordered when ``multiline``."""
    def w(s: str) -> int:
        return sum(width(c) for c in s) if wide else len(s)

    cols = [max(w(r[c]) for r in grid) + 2 for c in range(len(grid[0]))]

    def line(row: list[str]) -> str:
        return "  " + " ".join(cell + " " * (cols[i] - w(cell)) for i, cell in enumerate(row)).rstrip()

    rule = "  " + " ".join("-" * c for c in cols)
    border = "  " + "-" * (sum(cols) + len(cols) - 1)
    body = [line(r) for r in grid[1:]]
    if multiline:
        return "\n".join([border, line(grid[0]), rule, *"\n\n".join(body).split("\n"), border])
    return "\n".join([line(grid[0]), rule, *body])


def _rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if "\t" in line]


@pytest.mark.parametrize("wide", [True, False])
@pytest.mark.parametrize("multiline", [True, False])
def test_dash_ruled_table_is_cut_at_its_columns(wide: bool, multiline: bool) -> None:
    text = "二、主动公开政府信息情况\n\n" + _ruled(GRID, wide, multiline) + "\n\n三、收到和处理\n"
    rows = _rows(rewrite_tables(text))
    assert rows == GRID
    assert "二、主动公开政府信息情况" in rewrite_tables(text).splitlines()


def test_multiline_row_joins_its_wrapped_label_and_undoes_escapes() -> None:
    text = "\n".join([
        "  ------------------------------------",
        "  信息内容       数量 甲   数量 乙",
        "  -------------- -------- --------",
        "  1\\. 其他对外   5        ---",
        "  管理服务事项",
        "",
        "  规章           0        7",
        "  ------------------------------------",
    ])
    rows = _rows(rewrite_tables(text))
    assert rows[1] == ["1. 其他对外管理服务事项", "5", "—"]
    assert rows[2] == ["规章", "0", "7"]


def test_text_without_tables_is_unchanged() -> None:
    text = "一、总体情况\n\n—— 第 3 页 ——\n- 3 -\n收费 -- 元\n"
    assert rewrite_tables(text) == text


def test_html_table_inside_markdown(cn_tmp: Path) -> None:
    head = "某县人民政府2021年政府信息公开工作年度报告\n\n二、主动公开政府信息情况\n\n"
    table = ("<table><tr><th>信息内容</th><th>本年制发件数</th><th>本年废止件数</th><th>现行有效件数</th></tr>"
             "<tr><td>规章</td><td>3</td><td></td><td>12</td></tr></table>\n\n三、收到和处理政府信息公开申请情况\n")
    path = cn_tmp / "报告 pandoc.md"
    path.write_text(head + table, encoding="utf-8")
    assert sniff_kind(str(path), path.read_bytes()) == "text"
    doc = read_document(path)
    lines = doc.text.splitlines()
    assert "二、主动公开政府信息情况" in lines  # the paragraphs keep their lines
    assert ["规章", "3", "", "12"] in [line.split("\t") for line in lines]
    # A page fragment of the same table without a text suffix is still read as a page.
    assert sniff_kind("fragment", table.encode("utf-8")) == "html"


def test_ruled_report_audits_like_its_grid(cn_tmp: Path) -> None:
    """A whole report with its apply table dash-ruled reads the same cells as the tab-grid report."""
    from tests.conftest import SAMPLES

    source = SAMPLES / "fuxin-2020.txt"
    grid_report = audit_path(source)
    text = source.read_text(encoding="utf-8")
    lines = text.splitlines()
    tab_rows = {i for i, line in enumerate(lines) if line.count("\t") >= 3}
    assert len(tab_rows) > 30
    out: list[str] = []
    i = 0
    while i < len(lines):
        if i in tab_rows:
            j = i
            while j < len(lines) and j in tab_rows:
                j += 1
            block = [row.split("\t") for row in lines[i:j]]
            most = max(len(r) for r in block)
            block = [r + [""] * (most - len(r)) for r in block]
            out.extend(["", _ruled(block, True, True), ""])
            i = j
        else:
            out.append(lines[i])
            i += 1
    path = cn_tmp / "阜新 pandoc.md"
    path.write_text("\n".join(out), encoding="utf-8")
    ruled_report = audit_path(path)
    for table in ("active", "apply", "review"):
        ruled = {k: (c.value, c.blank) for k, c in ruled_report.tables[table].cells.items()}
        grid = {k: (c.value, c.blank) for k, c in grid_report.tables[table].cells.items()}
        assert ruled == grid, table
        assert len(grid) >= 15
    def key(report: AuditReport) -> list[tuple[str, str, tuple[str, ...]]]:
        return [(f.rule, str(f.severity), f.cells) for f in report.findings]

    assert key(ruled_report) == key(grid_report)
    assert any(f.rule.startswith("apply") for f in grid_report.findings)


def _same_reading(page: Path, copied: Path) -> list[str]:
    """What differs between auditing a page and auditing the text a browser copies from it."""
    a, b = audit_path(page), audit_path(copied)
    out = []
    for tid, table in a.tables.items():
        for key, cell in table.cells.items():
            other = b.tables[tid].cells.get(key) if tid in b.tables else None
            if cell.reading == "uncertain":
                continue  # the page itself is not sure of it
            if other is None or (other.value, other.blank, other.reading) != (cell.value, cell.blank, cell.reading):
                out.append(f"{page.name} {tid}/{key}: page {cell.raw!r}, copy {None if other is None else other.raw!r}")
    errors = [sorted((f.rule, f.cells) for f in r.findings if f.severity == "error" and not f.uncertain)
              for r in (a, b)]
    if errors[0] != errors[1]:
        out.append(f"{page.name}: errors {errors[0]} vs {errors[1]}")
    return out


def _pages() -> list[Path]:
    from tests.converters.scoring import SUITE

    realdev = Path(__file__).resolve().parents[2].parent / "shared" / "realdev"
    return sorted((SUITE / "libreoffice-html").glob("*.html")) + sorted(realdev.glob("*.html"))


def test_text_a_browser_copies_from_a_page_reads_as_the_page(cn_tmp: Path) -> None:
    """Pages whose cells hold paragraphs (Word's and LibreOffice's) copy as one cell per line with
    the tabs on lines of their own; rebuilt, every cell and every arithmetic error is the page's."""
    from tests.converters.runners import inner_text

    pages = _pages()
    assert len(pages) >= 20
    differ: list[str] = []
    copies = 0
    for page in pages:
        copied = cn_tmp / f"{page.stem} 复制.txt"
        copied.write_text(inner_text(page.read_text(encoding="utf-8")), encoding="utf-8")
        copies += "\t\n" in copied.read_text(encoding="utf-8")
        differ += _same_reading(page, copied)
    assert copies == len(pages)  # every copy has cells on lines of their own
    assert differ == [], "\n".join(differ[:10])


def test_copied_cells_row_breaks_and_empty_cells() -> None:
    text = "\n".join([
        "三、收到和处理政府信息公开申请情况", "", "",
        "信息内容", "", "\t", "", "本年制发件数", "", "\t", "", "本年废止件数", "", "", "", "",
        "规章", "", "\t", "", "3", "", "\t\t\t", "", "12", "", "", "", "",
        "8.属于行政", "", "查询事项", "", "\t", "", "5", "", "\t", "", "", "", "\t", "", "0", "", "", "", "",
        "其他", "", "\t", "", "1", "", "\t", "", "2", "",
        "四、政府信息公开行政复议、行政诉讼情况", "", "正文。",
    ])
    rows = _rows(rewrite_tables(text))
    assert rows == [["信息内容", "本年制发件数", "本年废止件数"], ["规章", "3", "", "", "12"],
                    ["8.属于行政查询事项", "5", "", "0"], ["其他", "1", "2"]]
    lines = rewrite_tables(text).splitlines()
    assert "四、政府信息公开行政复议、行政诉讼情况" in lines and "正文。" in lines


def test_copied_row_that_opens_with_an_empty_cell() -> None:
    """After a row's last cell, a longer blank run before a tab ends the row: the next opens blank;
    a cell whose text ends in a line break (two blank lines) does not."""
    text = "\n".join([
        "结果维持", "", "\t", "", "结果纠正", "", "\t", "", "总计", "", "", "", "",
        "\t", "", "0", "", "\t", "", "7", "", "", "", "",
        "规章", "", "", "\t", "", "3", "", "\t", "", "4", "", "", "", "",
        "其他", "", "\t", "", "1", "", "\t", "", "2",
    ])
    assert _rows(rewrite_tables(text)) == [["结果维持", "结果纠正", "总计"], ["", "0", "7"], ["规章", "3", "4"],
                                           ["其他", "1", "2"]]


def test_tab_grid_with_rows_of_empty_cells_is_left_alone() -> None:
    rows = ["信息内容\t本年制发件数\t本年废止件数"] + ["\t\t"] * 12 + ["规章\t3\t4"]
    text = "\n".join(rows) + "\n"
    assert rewrite_tables(text) == text


BOX = """\
┌──────────────────┬──────┬────┐
│                  │自然人│总计│
├─────┬────────────┼──────┼────┤
│     │1.属于国家  │  14  │ 14 │
│     │秘密        │      │    │
│     ├────────────┼──────┼────┤
│（三 │2.其他法律  │      │  0 │
│）不 ├────────────┼──────┼────┤
│予公 │3.危及      │  10  │ 10 │
│开   ├────────────┼──────┼────┤
│     │4.保护第三方│  25  │ 25 │
└─────┴────────────┴──────┴────┘"""


def test_box_drawn_table_rows_and_wrapped_cells() -> None:
    """A text browser's dump (w3m): a band of lines between rules is one row, each cell's lines
    joined; a line that is a rule for some columns beside a row-spanning cell's text is a row
    boundary, never the middle of a row (its numbers are not joined with the next row's)."""
    rows = [row[1:] for row in _rows(rewrite_tables("四、表\n" + BOX + "\n正文\n")) if len(row) == 4]
    assert [row for row in rows if any(row)] == [["1.属于国家秘密", "14", "14"], ["2.其他法律", "", "0"],
                                                 ["3.危及", "10", "10"], ["4.保护第三方", "25", "25"]]


def test_pandoc_markup_left_in_markdown_is_dropped() -> None:
    """pandoc keeps a page's inline markup (<span style=…>) as raw HTML and writes a <br> as a line
    that is a backslash alone: neither is a cell (a lone "\\" would read as a blank mark)."""
    text = "\n".join([
        "<span style=\"font-family: 微软雅黑;\">二、主动公开政府信息情况</span>", "",
        "<table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>3</td></tr></table>", "",
        "\\", "\\", "",
        "四、政府信息公开行政复议、行政诉讼情况",
    ])
    out = rewrite_tables(text)
    assert "二、主动公开政府信息情况" in out.splitlines()
    assert ["规章", "3"] in _rows(out)
    assert "\\" not in out
    # Plain text that is no converter's Markdown keeps its backslash lines (a blank mark "\").
    assert rewrite_tables("规章\n\\\n3\n") == "规章\n\\\n3\n"


def test_page_fragment_saved_as_text_keeps_its_lines(cn_tmp: Path) -> None:
    """An HTML fragment saved as .txt (no <html>): its blocks are lines, its tables grids."""
    path = cn_tmp / "片段.txt"
    path.write_text("<h1>某县人民政府2021年政府信息公开工作年度报告</h1>\n<p>一、总体情况</p><p>2021年，本机关……</p>\n"
                    "<h2>二、主动公开政府信息情况</h2>\n<table><tr><td>信息内容</td><td>本年制发件数</td></tr>"
                    "<tr><td>规章</td><td>3</td></tr></table>\n", encoding="utf-8")
    lines = read_document(path).text.splitlines()
    assert "一、总体情况" in lines and "二、主动公开政府信息情况" in lines
    assert "规章\t3" in lines


def test_markup_inside_a_pipe_row_keeps_the_row_on_one_line() -> None:
    """pymupdf4llm writes a cell's lines with <br> and converters may leave <p> in a cell: a pipe
    table's row stays one line (a number wrapped in its cell is joined later, "２９<br>７１")."""
    text = "|规章|２９<br>７１|<p>0</p>|\n|---|---|---|\n|行政规范性文件|8|<div>1</div>|\n"
    out = rewrite_tables(text).splitlines()
    assert out[0].startswith("|规章|２９<br>７１|") and out[0].endswith("|")
    assert out[2].startswith("|行政规范性文件|8|") and len(out) == 3
