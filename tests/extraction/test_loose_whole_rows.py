"""A pipe row that prints its blank as an empty grid cell lacks nothing: numbers outside the grid are
not given to it (pymupdf4llm: ``|规章||1|16|``, the fees row's number printed under the grid)."""

from __future__ import annotations

from gkaudit.audit import audit_document
from gkaudit.reading import read_bytes

_TABLE = """\
二、主动公开政府信息情况
|第二十条第（一）项|第二十条第（一）项|第二十条第（一）项|第二十条第（一）项|
|---|---|---|---|
|信息内容|本年制发件数|本年废止件数|现行有效件数|
|规章|{rules}|
|行政规范性<br>文件|27|13|177|
|第二十条第（五）项|第二十条第（五）项|第二十条第（五）项|第二十条第（五）项|
|信息内容|本年处理决定数量|本年处理决定数量|本年处理决定数量|
|行政许可|34609|34609|34609|
|第二十条第（六）项|第二十条第（六）项|第二十条第（六）项|第二十条第（六）项|
|信息内容|本年处理决定数量|本年处理决定数量|本年处理决定数量|
|行政处罚|13|13|13|
|行政强制||||
|第二十条第（八）项|第二十条第（八）项|第二十条第（八）项|第二十条第（八）项|
|信息内容|本年收费金额（万元）|本年收费金额（万元）|本年收费金额（万元）|

              - 1 —

行政事业性

189697.6129
收费

三、收到和处理政府信息公开申请情况
"""


def _active(rules: str) -> dict[str, tuple[str, str]]:
    text = "某县住房和城乡建设局2023年政府信息公开工作年度报告\n" + _TABLE.format(rules=rules)
    report = audit_document(read_bytes("报告.md", text.encode("utf-8")))
    return {f"{row}/{col}": (cell.raw.strip(), cell.reading) for (row, col), cell in report.tables["active"].cells.items()}


def test_a_row_with_its_blank_printed_as_an_empty_cell_takes_no_loose_number() -> None:
    cells = _active("|1|16")
    assert cells["rules/issued"][0] == ""
    assert cells["rules/repealed"] == ("1", "printed")
    assert cells["rules/in_force"] == ("16", "printed")
    assert all(raw != "189697.6129" for key, (raw, _r) in cells.items() if key.startswith("rules/"))


def test_a_decimal_is_no_count_of_a_row_short_of_one() -> None:
    # Without the empty cell the row lacks one number; the number under the grid is a decimal,
    # which no count column holds: it is no reading of the row's missing cell.
    cells = _active("1|16")
    assert all(raw != "189697.6129" for key, (raw, _r) in cells.items() if key.startswith("rules/"))
    assert cells["fees/amount"][0] == "189697.6129"
