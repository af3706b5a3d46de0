"""主动公开 rows read from text in a PDF's drawing order: confident misreads, each now
left uncertain (the second by ``plausible.mark_numbers_before_labels``).

Real renderings (session 6, /work/real6): the 2025 fixture page (realdev 015) and 沭阳县发改局 2023
(realdev 018) printed to PDF by LibreOffice, then ``pdftotext`` (raw) and pdfminer. The 主动公开
table has no arithmetic, so nothing is accused, but the cells are wrong without a doubt.
"""

from __future__ import annotations

from pathlib import Path

from gkaudit.audit import audit_text
from gkaudit.model import Severity

# pdftotext (raw) of realdev 015 printed to PDF: the label of the second row shares a line with its
# first number, and all five numbers follow it; the first row's three became one.
FIVE_AFTER_LABEL = (
    "测试市2025年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n\n"
    "本年制发件数 本年废止件数 现行有效件数\n\n规章\n\n3\n\n行政规范性文件 564\n\n5\n\n74\n\n984\n\n4185\n\n"
    "第二十条第（五）项\n信息内容\n\n本年处理决定数量\n\n行政许可\n\n11398889\n\n三、收到和处理政府信息公开申请情况\n"
)
# pdfminer of realdev 018 printed to PDF: the numbers of both rows, then both labels.
NUMBERS_BEFORE_LABELS = (
    "沭阳县发展和改革局2023年政府信息公开年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n\n信息内容\n\n"
    "本年废止件数\n\n本 年 制 发 件\n\n现 行 有 效 件\n\n数\n\n0\n\n8\n\n0\n\n0\n\n数\n\n0\n\n18\n\n规章\n\n规范性文件\n\n"
    "第二十条第（五）项\n\n信息内容\n\n本年处理决定数量\n\n行政许可\n\n0\n\n三、收到和处理政府信息公开申请情况\n"
)


def test_more_numbers_than_columns_after_a_label_is_doubted() -> None:
    # The last three of five numbers were kept, the first two taken for pieces of the label: only
    # a single digit (the 1 of 1.) can be one; 564 and 5 leave the row's cells unknown.
    table = audit_text(FIVE_AFTER_LABEL, "a.txt").tables["active"]
    cells = [table.get("normative", c) for c in ("issued", "repealed", "in_force")]
    assert all(c is not None and c.reading == "uncertain" for c in cells)
    assert 564 in (cells[0].value, *cells[0].alternatives)  # type: ignore[union-attr]


def test_a_number_wrapped_in_its_cell_leaves_the_row_in_doubt_not_accused() -> None:
    # pypdf of a generated report (fresh seed 6106, injected row-total error in row 一): 1566 wrapped
    # in its narrow 自然人 cell as １５６ / ６, both printed on the row's line. The row was read
    # 6, 440, … and 1566 in the balance of the 自然人 column became a false error. Its readings (an
    # end's number another row's, or two neighbours one number) are placed by the column relations
    # it shares with the rows read for sure: only 1566 keeps them, the report's slip in its total aside.
    text = (Path(__file__).resolve().parents[1] / "data" / "real" / "gen6106-pypdf-wrapped-number.txt").read_text(encoding="utf-8")
    report = audit_text(text, "c.txt")
    cell = report.tables["apply"].get("1", "natural")
    assert cell is not None and (cell.reading == "uncertain" or cell.value == 1566)
    # The row's own total (the injected slip) names every cell of the row; no column relation of
    # 自然人 is accused.
    assert not [f for f in report.findings if f.severity is Severity.ERROR and f.rule.startswith("apply.")
                and f.rule != "apply.row_total" and any(c.endswith("/natural") for c in f.cells)]


def test_numbers_before_the_row_labels_are_doubted() -> None:
    table = audit_text(NUMBERS_BEFORE_LABELS, "b.txt").tables["active"]
    cell = table.get("rules", "issued")
    assert cell is None or cell.value == 0 or cell.reading == "uncertain"
