"""The layout readings the converter suites rely on, each on a small case of its own (fast)."""

from __future__ import annotations

import re
from pathlib import Path

from gkaudit.extraction import alignment, headedline, positions, wrapped
from gkaudit.extraction.tokens import Run, Tok, TokKind, runs_of, tokenise
from gkaudit.templates import TEMPLATES

APPLY = TEMPLATES["2021"].table("apply")


def _values(texts: list[str], line: int, cols: list[int] | None = None, start: int = 0) -> list[Tok]:
    out, pos = [], start
    for i, text in enumerate(texts):
        col = cols[i] if cols else -1
        out.append(Tok(TokKind.VALUE, text, pos, pos + len(text), line, col))
        pos += len(text) + 3
    return out


def test_short_row_placed_under_the_columns_of_its_own_page() -> None:
    # Page 1 sets the columns at 10, 20, … ; page 2 (the table cut by a page break) at 12, 16, … .
    page1 = Run("一", 0, _values(["1"] * 7, 1, [10, 20, 30, 40, 50, 60, 70]))
    page2_full = Run("二", 0, _values(["2"] * 7, 3, [12, 16, 20, 24, 28, 32, 36]))
    short = Run("三", 0, _values(["3"] * 6, 2, [12, 16, 24, 28, 32, 36]))
    placed = positions.place([7, 7, 7], [page1, short, page2_full], [0, 1, 1])
    slots = placed[1]
    assert slots is not None
    assert [t is None for t in slots] == [False, False, True, False, False, False, False]


def test_positions_of_single_spaced_text_say_nothing() -> None:
    # pypdf prints "1181 287 27": the characters' places are no columns.
    full = Run("行政处罚", 0, [Tok(TokKind.VALUE, t, s, s + len(t), 1, c) for t, s, c in
                              (("1181", 0, 2), ("287", 5, 6), ("27", 9, 10))])
    short = Run("其他", 0, [Tok(TokKind.VALUE, t, s, s + len(t), 2, c) for t, s, c in (("-247", 20, 2), ("0", 25, 5))])
    assert positions.place([3, 3], [full, short], [0, 0]) == [None, None]


def test_wrapped_number_side_by_side_is_joined_only_where_the_row_adds_up() -> None:
    checks = wrapped.line_checks(APPLY, TEMPLATES["2021"])
    run = Run("一、本年新收", 0, _values(["1921", "526", "66", "78", "193", "187", "29", "71"], 1))
    joined = wrapped.rejoin([run], checks, "space")[0]
    assert [t.text for t in joined.cells] == ["1921", "526", "66", "78", "193", "187", "2971"]
    assert joined.cells[-1].parts == ((run.cells[6].start, run.cells[6].end), (run.cells[7].start, run.cells[7].end))
    # The same pieces with a total that no joining makes: left as printed (the arithmetic decides nothing).
    wrong = Run("一、本年新收", 0, _values(["1921", "526", "66", "78", "193", "187", "29", "72"], 1))
    assert [t.text for t in wrapped.rejoin([wrong], checks, "space")[0].cells][-2:] == ["29", "72"]


def test_wrapped_number_above_and_below_its_row() -> None:
    checks = wrapped.line_checks(APPLY, TEMPLATES["2021"])
    above = Run("表头", 0, _values(["29"], 1, [70]))
    row = Run("一、本年新收", 10, _values(["1921", "526", "66", "78", "193", "187"], 2, [10, 20, 30, 40, 50, 60], 20)
              + _values(["71"], 3, [70], 60))
    runs = wrapped.rejoin([above, row], checks, "space")
    assert len(runs) == 1 and runs[0].label == "表头一、本年新收"
    assert [t.text for t in runs[0].cells] == ["1921", "526", "66", "78", "193", "187", "2971"]
    assert runs[0].others == []  # the positions put 2971 last; no other place is a reading


def test_markdown_cell_wrapped_with_br_is_one_number() -> None:
    text = "| 一、本年新收 | 1921 | 526 | 66 | 78 | 193 | 187 | ２９<br>７１ |\n" * 3
    toks, layout = tokenise(text.replace("２９", "29").replace("７１", "71"), 0, len(text))
    assert layout == "pipe"
    run = runs_of(toks, layout)[0]
    assert [t.text for t in run.cells][-1] == "2971" and run.cells[-1].parts


def test_blank_mark_before_label_text_is_a_label_character() -> None:
    text = "规章 1 2 3\n（四）  0  0  0\n  无  政府信  7   1   0\n法提供\n规章 1 2 3\n规章 1 2 3\n"
    toks, layout = tokenise(text, 0, len(text))
    assert layout == "space"
    assert "无" not in [t.text for t in toks if t.kind is TokKind.VALUE]


def test_labels_with_br_and_numbered_short_keys_name_their_rows() -> None:
    rows = APPLY.rows
    named = alignment.label_rows(rows, "1.属<br>于国<br>家秘<br>密")
    assert [rows[i].id for i in named] == ["3.3.1"]
    named = alignment.label_rows(rows, "(六)其他处理3.其他")
    assert [rows[i].id for i in named] == ["3.6.3"]


def test_figure_of_a_sentence_cut_into_grid_cells_is_no_cell() -> None:
    # markitdown on a PDF cuts "被申请行政复议7件，被提起" into cells; the 7 is not the table's.
    line = "| 本年度因政府信息公开工作被申请行政复议 |  | 7 | 件，被提起 |  |\n| 0 | 7 | 件 |\n| 行政复议 | 0 | 0 |"
    toks, layout = tokenise(line, 0, len(line))
    assert layout == "pipe"
    kinds = {(t.line, t.text): t.kind for t in toks if t.text in ("7", "0")}
    assert kinds[(0, "7")] is TokKind.TEXT
    # A unit alone in the next cell is a unit column, not a sentence: the numbers stay cells.
    assert kinds[(1, "0")] is TokKind.VALUE and kinds[(1, "7")] is TokKind.VALUE


def test_headings_repeated_after_a_page_break_leave_the_next_label() -> None:
    from gkaudit.extraction import headrepeat

    text = ("（本列数据的  申请人情况\n第一项加第二  自然人  商业企  总计\n其他\n一、本年新收  5  0  5\n"
            "申请数量\n（本列数据的  申请人情况\n第一项加第二  自然人  商业企  总计\n其他\n2.重复  1  0  1\n3.\n其他  2  0  2\n")
    toks, _layout = tokenise(text, 0, len(text))
    kept = [t.text for t in headrepeat.drop_repeats(toks, APPLY) if t.kind is TokKind.TEXT]
    assert kept.count("其他") == 2  # the first header's and the row label's (3. / 其他), not the repeat's
    assert "申请数量" in kept and "2.重复" in kept and kept.count("（本列数据的") == 1


def test_two_wrapped_numbers_side_by_side_in_a_one_line_table_make_its_reading_doubtful() -> None:
    # pypdf on a review table with two numbers wrapped in their narrow cells (７０, １４５) and two
    # blanks printed as nothing: fifteen numbers, as many as cells, that read in order break the totals.
    review = TEMPLATES["2019"].table("review")
    checks = wrapped.line_checks(review, TEMPLATES["2019"])
    check, row = checks[15], checks[5]
    line = _values(["0", "5", "5", "７", "０", "0", "0", "75", "14", "5", "0", "1", "31", "55", "87"], 1)
    assert not check(line)
    assert wrapped.joined_reading_holds(line, check, row, 5)
    # A line that no joining makes hold is left to the arithmetic (a real mistake stays an error).
    wrong = _values(["0", "5", "5", "７", "０", "0", "0", "75", "14", "6", "0", "1", "31", "55", "87"], 1)
    assert not wrapped.joined_reading_holds(wrong, check, row, 5)
    # Nor is a line of numbers that no joining makes hold, whatever pairs of neighbours join.
    plain = _values(["13", "20", "47", "76", "157", "34", "51", "64", "11", "161", "35", "12", "41", "33", "122"], 1)
    assert not wrapped.joined_reading_holds(plain, check, row, 5)


def test_sentence_before_the_table_is_no_row_whichever_rows_it_names() -> None:
    from gkaudit.extraction import rowalign

    # "共新收…申请 18 件，上年结转 0 件；办结 18 件，结转下年度继续办理 0 件。": the sentence's last
    # number (18, at a line end) looks like a short row, and the rest of the sentence, before the
    # first row, names 四、结转下年度继续办理 (the row's own label is wrapped: "一、本年" / "新收…").
    sentence = Run("三收到和处理政府信息公开申请情况本机关共新收政府信息公开申请18件上年结转0件办结", 0,
                   _values(["18"], 1), tail="本机关共新收政府信息公开申请18件上年结转0件办结")
    first = Run("件结转下年度继续办理0件申请人情况一本年", 10, _values(["15", "0", "1", "1", "1", "0", "18"], 3, start=10),
                tail="一本年")
    second = Run("新收政府信息公开申请数量二上年结转政", 40, _values(["0"] * 7, 5, start=40), tail="二上年结转政")
    placed = rowalign.align(APPLY, [sentence, first, second])
    assert [(row.id, run.cells[0].text) for row, run in placed[:2]] == [("1", "15"), ("2", "0")]


def test_a_row_run_together_before_its_label_wrapped_past_a_page_is_no_sentence() -> None:
    from gkaudit.extraction import rowalign

    # pdfium: "5.要求 / 行政机 关确认 / 1000001", the page break, then the rest of the label
    # ("或重新出具已获取信息") before （六）其他处理's full row. Seven digits are the row's seven
    # cells run together, not a count in a sentence naming the row.
    short = Run("4.无正当理由大量反复申请", 0, _values(["0000000"], 1), tail="4.无正当理由大量反复申请")
    glued = Run("5.要求行政机关确认", 10, _values(["1000001"], 3, start=10), tail="行政机关确认")
    full = Run("或重新出具已获取信息(六)其他处理", 20, _values(["0", "0", "0", "0", "1", "0", "1"], 5, start=20),
               tail="处理")
    placed = rowalign.align(APPLY, [short, glued, full])
    assert [(row.id, run.cells[0].text) for row, run in placed] == [("3.5.4", "0000000"), ("3.5.5", "1000001"),
                                                                    ("3.6", "0")]


def test_numbers_wrapped_in_several_cells_of_a_one_line_table_join_in_their_columns() -> None:
    # pdftotext -layout: 136 and 103 wrapped in their narrow cells, pieces above and below the line.
    above = _values(["13", "10"], 1, [20, 52], 0)
    line = _values(["3", "0", "47", "76", "34", "5", "64", "0", "35", "0", "4", "3", "42"], 2,
                   [0, 4, 9, 15, 25, 34, 38, 43, 61, 66, 70, 78, 82], 20)
    below = _values(["6", "3"], 3, [20, 52], 90)
    runs, doubt = wrapped.join_extra([Run("复议", 0, [*above, *line, *below])], 15, aligned=True)
    assert not doubt
    assert [t.text for t in runs[0].cells] == ["3", "0", "47", "76", "136", "34", "5", "64", "0", "103",
                                               "35", "0", "4", "3", "42"]
    # Without positions that mean columns the places of the joined numbers are not known.
    _runs, doubt = wrapped.join_extra([Run("复议", 0, [*above, *line, *below])], 15, aligned=False)
    assert doubt
    # A piece standing over a number of the line is no column's: nothing is joined by position.
    crowded = [_values(["13", "10"], 1, [15, 52], 0), _values(["6", "3"], 3, [15, 52], 90)]
    runs, _doubt = wrapped.join_extra([Run("复议", 0, [*crowded[0], *line, *crowded[1]])], 15, aligned=True)
    assert "136" not in [t.text for t in runs[0].cells]


def test_numbered_item_wrapped_beside_its_group_label_names_its_row() -> None:
    from gkaudit.extraction import rowalign

    # "（六）其他处理" wrapped a few characters a line beside its items' labels, printed interleaved:
    # no key of 1.申请人无正当理由逾期不补正… is whole, its number and first characters are.
    rows = {r.id: r for r in APPLY.rows}
    label = "取信息(六)1.申请人无正当其他处理由逾期不补理正行政机关不"
    assert rowalign.key_score(rows["3.6.1"], label) > rowalign.key_score(rows["3.6"], label)
    assert rowalign.key_score(rows["3.6.1"], label) > rowalign.key_score(rows["3.6.3"], label)
    # The number with fewer characters than tell the items apart names nothing.
    assert rowalign.key_score(rows["3.6.1"], "(六)1.申请") == 0


def test_year_in_a_spaced_sentence_is_no_table_value() -> None:
    # pdfplumber's extract_text(layout=True) spaces a sentence out like a table row; "2024 年，…新收…申请"
    # read as a row took row 1's key and the number 2024, and every row below moved up by one.
    text = ("   2024  年，本机关共新收政府信息公开申请          3 件，上年结\n"
            "一、本年新收政府信息公开申请数量     1    1    0    0    1    0    3\n"
            "二、上年结转政府信息公开申请数量     0    0    0    0    0    0    0\n")
    toks, layout = tokenise(text, 0, len(text), layout="space")
    assert layout == "space"
    assert [t.text for t in toks if t.kind is TokKind.VALUE and t.line == 0] == []
    assert [t.text for t in toks if t.kind is TokKind.VALUE and t.line == 1] == ["1", "1", "0", "0", "1", "0", "3"]


def test_digits_run_into_a_row_label_are_its_values() -> None:
    # pdfium writes a row's first cells against its label when they stand close: "询事项2741003 35".
    text = "8. 属于\n行政查 询事项2741003 35\n"
    toks, _layout = tokenise(text, 0, len(text), layout="lines")
    assert [t.text for t in toks if t.kind is TokKind.VALUE] == ["2741003", "35"]
    # A year in a label stays in it when no number follows on its line.
    text = "2024年，本机关办结140\n"
    toks, _layout = tokenise(text, 0, len(text), layout="lines")
    assert [t.text for t in toks if t.kind is TokKind.VALUE] == []


def test_a_row_run_into_its_wrapped_label_keeps_its_digits_and_marks_as_cells() -> None:
    # pdfium: the row's whole run of digits against the last line of its label, no space between.
    text = "(五1.信访 举报投1000001\n— 2 —\n2.重\n复申请0000000\n"
    toks, _layout = tokenise(text, 0, len(text), layout="lines")
    assert [t.text for t in toks if t.kind is TokKind.VALUE] == ["1000001", "0000000"]
    # Blank marks run in among the digits are cells of their own; a double mark is not parted.
    text = "政法规 禁止公开0000—00\n—100001\n00//0/0\n"
    toks, _layout = tokenise(text, 0, len(text), layout="lines")
    assert [t.text for t in toks if t.kind is TokKind.VALUE] == ["0000", "—", "00", "—", "100001"]


def test_wrapped_number_beside_a_label_line_is_placed_only_where_both_measures_agree() -> None:
    # PyMuPDF spaces each line by its own estimate: the pieces "132" / "4" of 1324 (the first
    # column's) stand after 407 counted in characters and before it counted in display columns.
    template = TEMPLATES["2019"]
    # The rows under it show the converter's characters are no columns: full rows after labels of
    # different widths stand out of step with each other and with a bare one.
    text = ("                             132                             206\n"
            " 一、本年新收政府信息公开申请数量        407   32   51   125  121\n"
            "                              4                               0\n"
            "二、上年结转政府信息公开申请数量     0    0    0    0    11    0    11\n"
            "       （一）予以公开        532  150   19   26   60   53   840\n"
            "   （二）部分公开（区分处理的，\n"
            "                             125   30    2    1    12    8   178\n")
    toks, layout = tokenise(text, 0, len(text))
    runs = wrapped.rejoin(runs_of(toks, layout), wrapped.line_checks(template.table("apply"), template), layout, text)
    readings = [[t.text for t in runs[0].cells], *([t.text for t in o] for o in runs[0].others)]
    assert sorted(readings) == [["1324", "407", "32", "51", "125", "121", "2060"],
                                ["407", "1324", "32", "51", "125", "121", "2060"]]


_PYMUPDF_ROWS = ("                      13     3      0      0      1      1     18\n"
                 "果     行政法规禁           1      0      0      0      0      1\n"
                 "                      0      0      0   —     0      0      0\n"
                 "三 （一）予以公开       77     28     3      1      5      7     121\n")


def _space_runs(text: str) -> list[Run]:
    """A run a line: its numbers (and blank marks) with their middle characters as columns."""
    runs, base = [], 0
    for n, line in enumerate(text.splitlines(keepends=True)):
        cells = [Tok(TokKind.VALUE, m.group(), base + m.start(), base + m.end(), n, (m.start() + m.end()) // 2)
                 for m in re.finditer(r"\d+|[—/]", line)]
        runs.append(Run(line[: cells[0].start - base].strip(), base, cells))
        base += len(line)
    return runs


def test_short_row_after_a_label_is_not_placed_by_characters_that_are_no_columns() -> None:
    # PyMuPDF: the row after "行政法规禁" has its blank first (its numbers stand under the
    # commercial..total columns in display columns), but counted in characters its 1 stands under
    # the first column. Full rows with labels ("予以公开") line up with bare ones in neither measure.
    runs = _space_runs(_PYMUPDF_ROWS)
    assert [len(r.cells) for r in runs] == [7, 6, 7, 7]
    assert positions.place([7] * 4, runs, [0] * 4, text=_PYMUPDF_ROWS)[1] is None


def test_short_row_after_a_label_is_placed_where_characters_are_columns() -> None:
    # pdftotext -layout lays every character on one grid: rows with labels line up with bare ones.
    text = ("                      13     3      0      0      1      1     18\n"
            "果     行政法规禁                  1      0      0      0      0      1\n"
            "                       0     0      0      —      0      0      0\n"
            "三 （一）予以公开             77    28      3      1      5      7     121\n")
    runs = _space_runs(text)
    slots = positions.place([7] * 4, runs, [0] * 4, text=text)[1]
    assert slots is not None and slots[0] is None and [t.text for t in slots[1:] if t] == ["1", "0", "0", "0", "0", "1"]


def test_review_line_read_by_its_own_spacing_where_headings_are_astray() -> None:
    # PyMuPDF: the review line's headings are spaced on another scale than its numbers, but the
    # numbers stand equal steps apart, a blank cell (printed as nothing) one step more.
    line = " 12   5   3   3   23   0        2   0   2   0   2        0   2\n"
    nums = _space_runs(line)[0].cells
    assert headedline.by_gaps(line, nums, 15) == [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 13, 14]
    # Blanks at an end are not seen in the spacing: the line says nothing.
    assert headedline.by_gaps(line, nums[1:], 15) is None
    # A gap that is no whole number of steps says nothing either.
    odd = " 12   5   3   3   23   0      2   0   2   0   2        0   2\n"
    assert headedline.by_gaps(odd, _space_runs(odd)[0].cells, 15) is None


def test_short_row_with_a_blank_mark_among_its_numbers_is_not_placed_where_characters_are_no_columns() -> None:
    # PyMuPDF respaces a line after a character that is no plain digit ("/", a full-width ０): the
    # numbers after the mark may stand a column off (PyMuPDF, fresh gen16122: "/" a column right of
    # 科研机构, the row's other blank then read under 其他): counted in characters they say nothing.
    text = ("                      13     3      0      0      1      1     18\n"
            "                      0      0             /      0      0      0\n"
            "三 （一）予以公开       77     28     3      1      5      7     121\n"
            "一、本年新收政府信息公开申请数量    10      1      2      2      1      1      17\n")
    runs = _space_runs(text)
    assert [len(r.cells) for r in runs] == [7, 6, 7, 7]
    # By characters alone the row fits the full row above it only, and the full row below stands on
    # another grid (its label pushed it): which grid the row was set on is not known either.
    assert positions.place([7] * 4, runs, [0] * 4)[1] is None
    assert positions.place([7] * 4, runs, [0] * 4, text=text)[1] is None


def test_short_row_placed_by_its_own_spacing_where_characters_are_no_columns() -> None:
    # PyMuPDF offsets each line by its own estimate but spaces a plain line's numbers as the page
    # does: "1 0 _ 0 0 0 1" spans the seven columns whatever its offset, so its blank is the third.
    # "1 0 0 0 0 1" (all one step apart) fits two places: the spacing says nothing.
    text = ("                      13     3      0      0      1      1     18\n"
            "（二）部分公开     1      0             0      0      0      1\n"
            "果     行政法规禁           1      0      0      0      0      1\n"
            "三 （一）予以公开       77     28     3      1      5      7     121\n"
            "一、本年新收政府信息公开申请数量    10      1      2      2      1      1      17\n")
    runs = _space_runs(text)
    placed = positions.place([7] * 5, runs, [0] * 5, text=text)
    assert placed[1] is not None and [t and t.text for t in placed[1]] == ["1", "0", None, "0", "0", "0", "1"]
    assert placed[2] is None


def test_wrapped_numbers_above_and_below_a_single_spaced_row_have_no_place_by_position() -> None:
    # pdfplumber prints the pieces (161 / 8 of 1618, 261 / 1 of 2611) after the label, its numbers
    # one space apart: the characters' places are no columns, so 1618 may be any part of the total.
    checks = wrapped.line_checks(APPLY, TEMPLATES["2021"])

    def spaced(texts: list[str], line: int, start: int, col: int) -> list[Tok]:
        out, pos = [], start
        for text in texts:
            out.append(Tok(TokKind.VALUE, text, pos, pos + len(text), line, col + pos - start))
            pos += len(text) + 1
        return out

    # The pieces above stand after the label (character 12), the row's numbers from character 0.
    above = Run("一、本年新收", 0, spaced(["161", "261"], 1, 12, 12))
    row = Run("", 20, spaced(["526", "61", "82", "172", "152"], 2, 20, 0) + spaced(["8", "1"], 3, 40, 0))
    runs = wrapped.rejoin([above, row], checks, "space")
    readings = [[t.text for t in cells] for cells in [runs[0].cells, *runs[0].others]]
    assert ["1618", "526", "61", "82", "172", "152", "2611"] in readings
    assert len(readings) == 6  # 1618 before any of the six parts; the total holds for each


def test_digits_with_a_blank_mark_run_into_a_label_keep_the_row_in_doubt() -> None:
    """PDFium (fresh seed 21804): "政查询事项20/1001 22" prints （三）8.'s cells 20 / 1 0 0 1 run into
    its label and 22 apart. Read as the row's only number, "22" split into 2 and 2 adds up, and the
    row's 总计 2 made a false error on the column's total. Digits with a blank mark among them run
    into a label are the row's cells as much as plain digits: the row stays in doubt."""
    from tests.converters.scoring import assert_reads

    data = Path(__file__).resolve().parent.parent / "data" / "real"
    name = "gen21804-pdfium-digits-with-mark-in-label"
    assert_reads(data / f"{name}.txt", data / f"{name}.truth.json", 190)


def test_rows_with_blank_marks_run_among_their_digits_are_read() -> None:
    """PDFium (fresh seed 22601): blanks printed "无" and "/" run into the digits of their rows
    ("930无1 13", "1/无无无01", "12无00无3"). Each mark is a cell of its own, two different marks side
    by side are two cells, and a printed mark no longer stops the rows being placed together (it
    did: the table's run-together rows stayed misplaced, 25 cells of 200 exact)."""
    from tests.converters.scoring import assert_reads

    data = Path(__file__).resolve().parent.parent / "data" / "real"
    name = "gen22601-pdfium-blank-marks-run-in"
    assert_reads(data / f"{name}.txt", data / f"{name}.truth.json", 176)


def test_doubled_blank_marks_are_two_cells_where_the_document_prints_one_alone() -> None:
    """PDFium (fresh seed 22639): "/000//0", "11//1/3". The document prints "/" alone as a cell and
    never "//", so a doubled mark in a run is two blank cells; the rows are read and the report's
    own error in the review table is found (it was not: 14 cells of 200 exact)."""
    _reads_and_finds("gen22639-pdfium-doubled-marks", 109, 1)


def test_digits_that_part_one_way_only_are_read_though_the_row_breaks_its_total() -> None:
    """PDFium (fresh seed 22603): a table of zeros, each row's seven cells run together ("0000000");
    （三）6. prints "0000002", the report's own slip (its parts 0, its total 2). No number is printed
    with leading zeros, and the digits part into the row's seven cells one way only, so the layout
    alone reads 0 0 0 0 0 0 2: the row is no longer held in doubt and both of its errors are found."""
    _reads_and_finds("gen22603-pdfium-zeros-run-together-with-slip", 200, 2)


def _reads_and_finds(name: str, exact: int, errors: int) -> None:
    """A stored text of tests/data/real reads with no wrong cell, ``exact`` cells at least, and
    every one of the ``errors`` relations its truth breaks found as an error."""
    import json

    from gkaudit.audit import audit_path
    from tests.converters.scoring import assert_reads, score

    data = Path(__file__).resolve().parent.parent / "data" / "real"
    assert_reads(data / f"{name}.txt", data / f"{name}.truth.json", exact)
    truth = json.loads((data / f"{name}.truth.json").read_text(encoding="utf-8"))
    s = score(audit_path(data / f"{name}.txt"), truth, name)
    assert s.found == s.violations == errors


def test_rows_beside_a_lost_row_are_doubted() -> None:
    """pdftotext -layout (fresh seed 23022): "1.属于国家秘" over "理  0 0 0" over "密" — the item's
    label wrapped around a letter of the side caption 办理结果 — is not found, and its line went to
    （二）部分公开 above it, blank in the report: its 0 was read as printed in 法律服务机构. With a
    row lost, the rows beside it may hold its numbers: their cells are uncertain, never wrong.
    The blank totals read where nothing stood are in doubt with the sums too (session 15: 72 -> 67),
    and so are the other blanks read where nothing stood in such a row (print16: 67 -> 63)."""
    from tests.converters.scoring import assert_reads

    data = Path(__file__).resolve().parent.parent / "data" / "real"
    name = "gen23022-pdftotext-layout-label-around-side-caption"
    assert_reads(data / f"{name}.txt", data / f"{name}.truth.json", 63)
