"""A page that continues the 依申请 table from the page before, read alone (a page photo, one page
of a PDF): no table heading, its first row any of the template's. The rows are placed by their own
labels; numbers above the first labelled row, whose labels were on the page before, are left
unplaced, never taken for the table's first rows; the review table's numbers without its labels
are not placed either. Lines are laid out as the PDF reader gives a ruled grid (tab-separated
cells, the group's merged cell on its first row)."""

from __future__ import annotations

import random

import pytest
from generator import Tables, make_tables

from gkaudit.audit import audit_text
from gkaudit.model import AuditReport, Severity
from gkaudit.templates import RowSpec

_YEAR = {"2019": 2020, "2021": 2022}


def _row_line(t: Tables, row: RowSpec, first_of_group: bool, label: bool = True) -> str:
    values = "\t".join(t.raw[f"apply/{row.id}/{c}"] for c in t.columns("apply", row))
    name = row.label if label else ""
    if row.group:
        return f"\t{row.group if first_of_group and label else ''}\t{name}\t{values}"
    if row.id.startswith("3."):
        return f"\t{name}\t\t{values}"
    return f"{name}\t\t\t{values}"


def _page(t: Tables, start: int, unlabelled: int = 0) -> tuple[str, list[RowSpec]]:
    """The page: the apply rows from ``start`` on (the first ``unlabelled`` of them without their
    labels), the review table, the last sections. Returns the text and the rows printed."""
    rows = t.rows("apply")[start:]
    lines = []
    for k, row in enumerate(rows):
        first = k == unlabelled or (k > 0 and rows[k - 1].group != row.group)
        lines.append(_row_line(t, row, first, label=k >= unlabelled))
    review = "\t".join(t.raw[cid] for cid in t.cell_ids("review"))
    lines += [
        "", "四、政府信息公开行政复议、行政诉讼情况", "",
        "行政复议\t\t\t\t\t行政诉讼",
        "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉",
        "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
        review, "", "五、政府信息公开工作存在的主要问题及改进情况",
        f"{_YEAR[t.template]}年，我们将进一步加强政策解读，规范信息发布。",
    ]
    return "\n".join(lines), rows


def _tables(seed: int) -> Tables:
    return make_tables(("2019", "2021")[seed % 2], random.Random(f"continued-{seed}"))


def _same(report: AuditReport, t: Tables, cid: str) -> bool:
    cell = report.cell(cid)
    return cell is not None and (cell.value == t.values[cid] or cell.reading == "uncertain")


@pytest.mark.parametrize("seed", range(8))
def test_a_continued_apply_table_is_placed_by_its_labels(seed: int) -> None:
    t = _tables(seed)
    rows = t.rows("apply")
    start = random.Random(seed).randrange(4, len(rows) - 3)
    text, printed = _page(t, start)
    report = audit_text(text, "第3页.txt")
    assert report.template == t.template
    wrong = [cid for row in printed for cid in (f"apply/{row.id}/{c}" for c in t.columns("apply", row))
             if not _same(report, t, cid)]
    assert not wrong, wrong
    before = [row.id for row in rows[:start] if row.id in {r for r, _c in report.tables["apply"].cells}]
    assert not before, before  # no row of the page before is made up
    assert all(_same(report, t, cid) for cid in t.cell_ids("review"))
    # The page alone has not the rows above: their relations are warnings, never errors.
    assert not [f for f in report.findings if f.rule.startswith("apply.") and f.severity is Severity.ERROR
                and not all(c.split("/")[1] in {r.id for r in printed} for c in f.cells)]


@pytest.mark.parametrize("seed", range(8))
def test_numbers_whose_labels_are_on_the_page_before_are_not_placed(seed: int) -> None:
    """Two rows at the top of the page print their numbers, their labels on the page before: which
    rows they are is not on the page, so their cells are left out (not read as rows 一 and 二)."""
    t = _tables(seed)
    rows = t.rows("apply")
    start = random.Random(seed).randrange(4, len(rows) - 5)
    text, printed = _page(t, start, unlabelled=2)
    report = audit_text(text, "第3页.txt")
    placed = {r for r, _c in report.tables["apply"].cells}
    assert not placed & {row.id for row in rows[: start + 2]}, sorted(placed)
    wrong = [cid for row in printed[2:] for cid in (f"apply/{row.id}/{c}" for c in t.columns("apply", row))
             if not _same(report, t, cid)]
    assert not wrong, wrong


def test_the_review_numbers_without_their_labels_are_not_placed() -> None:
    """The lower half of the review table on a page of its own: its numbers under broken-off
    column names, no 行政复议 or 结果维持 on the page. It is not the review table for all the page says."""
    t = _tables(0)
    review = "\t".join(t.raw[cid] for cid in t.cell_ids("review"))
    text = "\n".join([
        "\t\t\t\t\t维持\t纠正\t结果\t审结\t\t维持\t纠正\t结果\t审结\t", review, "",
        "五、政府信息公开工作存在的主要问题及改进情况", "2020年，我们将进一步加强政策解读，规范信息发布。",
    ])
    report = audit_text(text, "第4页.txt")
    assert not any(t.cells for t in report.tables.values())


@pytest.mark.parametrize("seed", range(4))
def test_a_page_whose_last_table_runs_off_its_foot_keeps_its_rows_numbered_5(seed: int) -> None:
    """The 依申请 table under its heading, cut at the foot of the page (no review table after it):
    its rows "5.属于三类内部事务信息" and "5.要求行政机" (a label cut short, its numbers beside it)
    are its own rows, not section 五, so the rows after them are read too."""
    t = _tables(seed)
    rows = t.rows("apply")
    last = next(k for k, r in enumerate(rows) if r.id == "3.5.5")
    lines = ["三、收到和处理政府信息公开申请情况", f"{_YEAR[t.template]}年，本机关共新收政府信息公开申请若干件。"]
    for k, row in enumerate(rows[: last + 1]):
        first = k == 0 or rows[k - 1].group != row.group
        line = _row_line(t, row, first)
        lines.append(line.replace(row.label, "5.要求行政机") if row.id == "3.5.5" else line)
    report = audit_text("\n".join(lines), "第2页.txt")
    wrong = [cid for row in rows[: last + 1] for cid in (f"apply/{row.id}/{c}" for c in t.columns("apply", row))
             if not _same(report, t, cid)]
    assert not wrong, wrong


def _one_row_other(count: int) -> list[int]:
    """Seeds whose tables print （六）其他处理 as one row, as both templates may."""
    return [s for s in range(40) if "3.6" in {r.id for r in _tables(s).rows("apply")}][:count]


@pytest.mark.parametrize("seed", _one_row_other(6))
def test_a_continued_page_without_year_or_format_phrase_is_read_under_an_assumed_template(seed: int) -> None:
    """The 依申请 rows from （三）3 to the end, printed as both templates may print them, no year,
    no heading, no format phrase: the template cannot be told, but every template reads the page
    alike, so it is read and labelled by the newest, with a template.assumed warning."""
    t = _tables(seed)
    rows = t.rows("apply")
    start = next(k for k, r in enumerate(rows) if r.id == "3.3.3")
    printed = rows[start:]
    text = "\n".join(_row_line(t, row, k == 0 or rows[start + k - 1].group != row.group)
                     for k, row in enumerate(printed))
    report = audit_text(text, "第3页.txt")
    rules = {f.rule for f in report.findings}
    assert "template.assumed" in rules and "template.unknown" not in rules
    assert report.template == "2021"
    cids = [f"apply/{row.id}/{c}" for row in printed for c in t.columns("apply", row)]
    assert all(_same(report, t, cid) for cid in cids)
    assert {r for r, _c in report.tables["apply"].cells} == {r.id for r in printed}
    # The rows above are on the page before: sums over the whole column are never errors here.
    assert not [f for f in report.findings if f.severity is Severity.ERROR and f.rule.startswith("apply.")
                and f.rule != "apply.row_total"]


def test_a_text_with_no_table_stays_of_unknown_template() -> None:
    report = audit_text("本页只有一段说明文字，没有统计表。\n共 3 页\n", "page.txt")
    assert "template.unknown" in {f.rule for f in report.findings} and report.template is None
