"""The printed form's layout, walked over every template of the catalogue."""

from __future__ import annotations

import pytest

from gkaudit.form import Caption, form_layout
from gkaudit.templates import TEMPLATES


@pytest.mark.parametrize("template", sorted(TEMPLATES))
@pytest.mark.parametrize("flat", [None, False])
def test_every_cell_is_laid_out_once(template: str, flat: bool | None) -> None:
    for spec in TEMPLATES[template].tables:
        shown = {r.id for r in spec.rows if not r.alternative_to}  # printed in full: the split rows, not the one
        layout = form_layout(spec, shown, flat=flat)
        cells = [c for r in layout.rows for c in r.cells if c is not None]
        assert sorted(cells) == sorted(c for c in spec.cell_ids() if c.split("/")[1] in shown), spec.id
        assert all(len(r.cells) == layout.width for r in layout.rows)
        # Header captions tile the grid above the values without overlapping.
        covered = [(row, col) for h in layout.header for row in range(h.row, h.last_row + 1)
                   for col in range(h.first, h.last + 1)]
        assert len(covered) == len(set(covered)) == layout.header_rows * layout.width or not layout.header


def test_apply_header_merges_as_printed() -> None:
    layout = form_layout(TEMPLATES["2021"].table("apply"))
    assert layout.header_rows == 3
    assert Caption("申请人情况", 0, 0, 0, 6) in layout.header
    assert Caption("自然人", 1, 2, 0, 0) in layout.header and Caption("总计", 1, 2, 6, 6) in layout.header
    assert Caption("法人或其他组织", 1, 1, 1, 5) in layout.header and Caption("科研机构", 2, 2, 2, 2) in layout.header
    section = next(g for g in layout.groups if g.depth == 0)
    rows = [r.row for r in layout.rows]
    assert (section.text, rows[section.first], rows[section.last]) == ("三、本年度办理结果", "3.1", "3.7")
    assert [r.note for r in layout.rows if r.row == "3.2"] == ["（区分处理的，只计这一情形，不计其他情形）"]


def test_one_row_printed_instead_of_three_replaces_them() -> None:
    spec = TEMPLATES["2021"].table("apply")
    split = [r.row for r in form_layout(spec, {"3.6.1", "3.6.2", "3.6.3"}).rows]
    joined = [r.row for r in form_layout(spec, {"3.6"}).rows]
    assert "3.6" not in split and "3.6.1" in split
    assert "3.6" in joined and not {"3.6.1", "3.6.2", "3.6.3"} & set(joined)
    groups = {g.text for g in form_layout(spec, {"3.6"}).groups}
    assert "（六）其他处理" not in groups and "（五）不予处理" in groups


def test_review_on_one_line_and_folded() -> None:
    spec = TEMPLATES["2021"].table("review")
    flat = form_layout(spec)
    assert len(flat.rows) == 1 and flat.width == 15 and flat.header_rows == 3
    assert Caption("行政复议", 0, 1, 0, 4) in flat.header and Caption("行政诉讼", 0, 0, 5, 14) in flat.header
    assert Caption("复议后起诉", 1, 1, 10, 14) in flat.header and Caption("结果纠正", 2, 2, 6, 6) in flat.header
    folded = form_layout(spec, flat=False)
    assert [r.row for r in folded.rows] == ["review", "suit_direct", "suit_after_review"]
    assert folded.column_titles == ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") and folded.groups == ()


def test_active_blocks_print_their_own_captions() -> None:
    layout = form_layout(TEMPLATES["2019"].table("active"))
    assert layout.header == () and layout.label_head == "信息内容"
    captions = {g.text: g.captions for g in layout.groups}
    assert captions["第二十条第（一）项"] == ("本年新制作数量", "本年新公开数量", "对外公开总数量")
    assert captions["第二十条第（九）项"] == ("采购项目数量", "采购总金额")
    outline = layout.outline()
    assert outline[0].heading and outline[0].captions[:1] == ("本年新制作数量",) and len(outline[0].captions) == 3
    assert not any(line.indent for line in outline)
