"""PyMuPDF spaces each line of its plain text by its own estimate: a row whose label mixes narrow and
wide characters ("3. 补正后申请") and a full row whose label is all wide ("（六）其他处理") can stand
under the same columns counted in characters and in display columns alike, and both a column off.
The page's bare lines (numbers with nothing before them) stand at their true places relative to
each other: where they do not bear the placement out (the short row stands off them otherwise than
the full row does, in either measure), the row's blanks are not placed by position, nor by the
page's display columns (a text browser's measure)."""

from __future__ import annotations

import pytest

from gkaudit.extraction import positions
from gkaudit.extraction.tokens import Run, runs_of, tokenise

# Three lines of another table out of step in characters: the document's characters are no columns.
OTHER = """\
行政处罚        12     3     4
行政强制措施事项        5     6     7
其他        1     2     3
"""
TABLE = """\
一、本年新收政府信息公开申
                         28    10           3     1     3     45
请数量
二、上年结转政府信息
                         0     0                 0     0     0
公开申请数量
  （一）予以公开          9     6     0     1     1           17
              1. 属于国家秘
                         1     0                       0     1
       密
              3. 危及三安全
                         0           0     0
         一稳定
年 不予公   5. 属于三类内                         2                 0           0     2
度  开   部事务信息
              7. 属于行
                               0           0           0
       政执法案卷
              8. 属于行政查
                               0     0     0                 0
       询事项
              2. 没有现成信
                               1     0     0           0     1
       息需要另行制作
               3. 补正后申请{gap}0     0     0     0
       内容仍不明确
   （六）其他处理          2     2     0     1     0     0     5
"""


# Rows whose labels put their numbers off the page's display columns: without them the page's
# numbers fall into seven groups counted in display columns, the way a text browser's table does.
OFF_DISPLAY = ("  （一）予以公开          9     6     0     1     1           17\n",
               "年 不予公   5. 属于三类内                         2                 0           0     2\n度  开   部事务信息\n")


def _placed(gap: str, grouped: bool = False) -> tuple[int, ...] | None:
    """Where the short row 3. 补正后申请 is placed, its first number ``gap`` after its label;
    ``grouped``: the page's numbers fall into the table's columns in display columns."""
    table = TABLE.format(gap=gap)
    for rows in OFF_DISPLAY if grouped else ():
        table = table.replace(rows, "")
    text = OTHER + table
    toks, layout = tokenise(text, 0, len(text))
    runs: list[Run] = [r for r in runs_of(toks, layout) if r.cells]
    widths = [3 if len(r.cells) == 3 else 7 for r in runs]
    out = positions.place(widths, runs, [0] * len(runs), text=text)
    assert positions.columns_evidence(text, [(0, r) for r in runs if len(r.cells) == 7]) is False
    [slots] = [s for r, s in zip(runs, out, strict=True) if r.label.endswith("补正后申请")]
    return None if slots is None else positions._cols(slots)


@pytest.mark.parametrize("grouped", [False, True])
def test_a_row_the_bare_lines_do_not_bear_out_is_not_placed(grouped: bool) -> None:
    # Its first 0 at character 27, display column 32: the bare lines' 商业企业 starts at 31, and the
    # full row stands two display columns right of them (five characters left), this row one
    # (four): agreeing with that row alone, or by the page's display columns, it was read under
    # 商业企业..法律服务机构, a column right.
    assert _placed("    ", grouped) != (1, 2, 3, 4)


@pytest.mark.parametrize("grouped", [False, True])
def test_a_row_standing_where_the_bare_lines_do_is_placed(grouped: bool) -> None:
    # One space less: its first 0 starts at display column 31, where the bare lines' 0s under
    # 商业企业 do.
    assert _placed("   ", grouped) == (1, 2, 3, 4)
