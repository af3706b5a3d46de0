"""A cell read as label text (OCR took the minus of "-1" for a dash: "行政处罚 29 —1 66029") cuts its
row in two. The piece after it names no row; placed as the next row, it pushed every later row of
主动公开 down by one under labels that name other rows (issue 13: 行政强制's numbers read
confidently as 行政事业性收费's). The row with the lost cell must come out uncertain or missing,
and every other row stays under its own label.
"""

from __future__ import annotations

from gkaudit.audit import audit_text

# The 主动公开 table of a scanned 2019 report as the PDF reader gave it (a cell a tab).
_TABLE = """二、主动公开政府信息情况
第二十条第（一）项\t\t\t
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t0\t0\t39
规范性文件\t80\t79\t281
第二十条第（五）项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t20\t100\t0
其他对外管理服务事项\t0\t219\t0
第二十条第（六）项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政处罚\t29\t{cut}\t66029
行政强制\t0\t0\t31371
第二十条第（八）项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t
行政事业性收费\t0\t+110\t
第二十条第（九）项\t\t\t
信息内容\t采购项目数量\t采购总金额（万元）\t
政府集中采购\t1268\t0.00\t
"""

_REPORT = "南屏县生态环境局2019年政府信息公开工作年度报告\n\n一、总体情况\n\n略。\n\n{table}\n三、收到和处理政府信息公开申请情况\n"


def _read(cut: str) -> tuple[dict[str, object], set[str]]:
    report = audit_text(_REPORT.format(table=_TABLE.format(cut=cut)), "scan.txt")
    cells = {"/".join(cid): c.value for cid, c in report.tables["active"].cells.items()}
    unsure = {c for f in report.findings if f.rule in ("extract.uncertain", "cell.missing") for c in f.cells}
    return cells, unsure


def test_the_table_reads_whole_when_the_cell_is_a_number() -> None:
    cells, _ = _read("-1")
    assert cells["penalty/change"] == -1
    assert cells["enforcement/decisions"] == 31371
    assert cells["procurement/projects"] == 1268


def test_a_cell_read_as_label_text_never_shifts_the_later_rows() -> None:
    whole, _ = _read("-1")
    cells, unsure = _read("—1")
    # The rows after the cut one stay under their own labels.
    for cid in ("enforcement/prev_items", "enforcement/change", "enforcement/decisions",
                "fees/prev_items", "fees/change", "procurement/projects", "procurement/amount"):
        assert cells.get(cid) == whole[cid], cid
    # The cut row is read right or said unsure, never a confident wrong value.
    for cid in ("penalty/prev_items", "penalty/change", "penalty/decisions"):
        assert cells.get(cid) == whole[cid] or f"active/{cid}" in unsure, cid
