"""Extraction from styles the seeds do not show: Markdown pipe tables, traditional characters, full-width digits."""

from __future__ import annotations

from gkaudit.audit import audit_text
from gkaudit.model import Severity
from tests.conftest import SAMPLES

QTX = (SAMPLES / "qingtongxia-2021.txt").read_text(encoding="utf-8")


def _as_pipes(text: str) -> str:
    out = []
    for line in text.split("\n"):
        if "\t" in line:
            cells = line.split("\t")
            out.append("| " + " | ".join(cells) + " |")
            if len(out) > 1 and not out[-2].startswith("|"):
                out.append("|" + "---|" * len(cells))
        else:
            out.append(line)
    return "\n".join(out)


def _values(report) -> dict:  # type: ignore[no-untyped-def]
    return {(t, r, c): cell.value for t, tab in report.tables.items() for (r, c), cell in tab.cells.items()}


def test_markdown_pipe_tables_give_the_same_cells() -> None:
    base = audit_text(QTX, "qtx.txt")
    piped = audit_text(_as_pipes(QTX), "qtx.md")
    assert _values(piped) == _values(base)
    for cell in piped.tables["apply"].cells.values():
        assert cell.source is not None
        assert _as_pipes(QTX)[cell.source.start : cell.source.end] == cell.raw


def test_traditional_characters_and_full_width_digits() -> None:
    trad = QTX.replace("总计", "總計").replace("结转", "結轉").replace("处理", "處理").replace("申请", "申請")
    full = trad.replace("\t19\t", "\t１９\t")
    report = audit_text(full, "mirror.txt")
    assert report.template == "2021"
    assert report.tables["apply"].value("3.7", "natural") == 19
    assert report.tables["apply"].value("4", "total") == 1
    assert not [f for f in report.findings if f.severity is Severity.ERROR]


def test_one_cell_per_line_with_empty_line_blank() -> None:
    lines = []
    for line in QTX.split("\n"):
        if "\t" in line:
            lines.extend(cell if cell.strip() else "" for cell in line.split("\t"))
        elif line.strip():
            lines.append(line)
    single = "\n".join(lines)
    # Blank the 科研机构 cell of row 一 (printed as an empty line).
    single = single.replace("本年新收政府信息公开申请数量\n20\n0\n0", "本年新收政府信息公开申请数量\n20\n0\n", 1)
    report = audit_text(single, "lines.txt")
    cell = report.tables["apply"].get("1", "research")
    assert cell is not None and cell.blank
    assert report.tables["apply"].value("1", "total") == 20
    assert report.tables["apply"].value("3.7", "natural") == 19


def test_report_without_tables_says_so() -> None:
    report = audit_text("某某局2022年政府信息公开工作年度报告\n一、总体情况\n本局全年未收到申请。\n", "none.txt")
    assert report.year == 2022 and report.body == "某某局"
    assert any(f.rule in ("table.missing", "template.unknown") and f.severity is Severity.ERROR for f in report.findings)


def test_truncated_table_reports_missing_rows() -> None:
    cut = QTX[: QTX.index("(五)不予处理")]
    report = audit_text(cut, "cut.txt")
    missing = {f.cells[0].split("/")[1] for f in report.findings if f.rule == "row.missing"}
    assert {"3.5.1", "3.7", "4"} <= missing
    assert any(f.rule == "table.missing" for f in report.findings)  # the review table is gone too


def test_row_numbers_wrapped_onto_the_next_line_are_joined() -> None:
    wrapped = QTX.replace("(七)总计\t\t19\t0\t0\t0", "(七)总计\t\t19\t0\t0\t0\n0\t0", 1).replace(
        "(七)总计\t\t19\t0\t0\t0\n0\t0\t0\t0\t19", "(七)总计\t\t19\t0\t0\t0\n0\t0\t19", 1
    )
    assert "0\t0\t19\n" in wrapped
    report = audit_text(wrapped, "wrapped.txt")
    assert report.tables["apply"].value("3.7", "total") == 19
    assert report.tables["apply"].value("4", "total") == 1
    assert not [f for f in report.findings if f.severity is Severity.ERROR]


def test_year_in_chinese_numerals() -> None:
    text = QTX.replace("2021 年政府信息公开工作年度报告", "二〇二一年政府信息公开工作年度报告", 1)
    report = audit_text(text, "cn-year.txt")
    assert report.year == 2021 and report.body == "青铜峡市"


def test_review_printed_as_three_rows_of_five() -> None:
    flat = "0\t0\t0\t0\t0\t0\t1\t0\t1\t2\t0\t0\t0\t0\t0"
    assert flat in QTX
    variants = [
        "0\t0\t0\t0\t0\n0\t1\t0\t1\t2\n0\t0\t0\t0\t0",
        "行政复议\t0\t0\t0\t0\t0\n未经复议直接起诉\t0\t1\t0\t1\t2\n复议后起诉\t0\t0\t0\t0\t0",
        "复议后起诉\t3\t0\t0\t0\t3\n行政复议\t0\t0\t0\t0\t0\n未经复议直接起诉\t0\t1\t0\t1\t2",
    ]
    expected = [
        {"review": 0, "suit_direct": 2, "suit_after_review": 0},
        {"review": 0, "suit_direct": 2, "suit_after_review": 0},
        {"review": 0, "suit_direct": 2, "suit_after_review": 3},
    ]
    for text, want in zip(variants, expected, strict=True):
        report = audit_text(QTX.replace(flat, text), "review-rows.txt")
        got = {row: report.tables["review"].value(row, "total") for row in want}
        assert got == want, text
        assert report.tables["review"].value("suit_direct", "corrected") == 1
