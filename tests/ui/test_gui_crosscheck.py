"""Checks across reports in the window: batch pairing, last year's report, consolidation, the body's kind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from gkaudit.audit import audit_path, crosscheck_batch
from gkaudit.model import Severity
from gkaudit.workspace import Workspace
from ui import dialogs
from ui.batchjob import DONE
from ui.batchpanel import COL_PREVIOUS
from ui.roles import DiffersRole, FindingRole

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (ROOT / "resources" / "samples" / "qingtongxia-2021.txt").read_text(encoding="utf-8")
SIGNED = "\n\n青铜峡市人民政府办公室\n2022年2月20日\n"  # after 31 January: late for a department only
APPLY_ROW_1 = "一、本年新收政府信息公开申请数量\t20\t0\t0\t0\t0\t0\t20"


@pytest.fixture
def years(tmp_path: Path) -> tuple[Path, Path]:
    """青铜峡市 2021 (四、结转下年度 1) and a 2022 copy whose 二、上年结转 is 0: the carry does not hold."""
    folder = tmp_path / "青铜峡 年报"
    folder.mkdir()
    y2021, y2022 = folder / "青铜峡市 2021 年报.txt", folder / "青铜峡市 2022 年报.txt"
    y2021.write_text(SAMPLE + SIGNED, encoding="utf-8")
    y2022.write_text(SAMPLE.replace("2021", "2022"), encoding="utf-8")
    return y2021, y2022


def zero_tables(text: str) -> str:
    """The report with every count of its apply and review tables set to 0."""
    start, end = text.index("三、收到和处理政府信息公开申请情况"), text.index("五、存在的主要问题及改进情况")
    return text[:start] + re.sub(r"\t\d+(?=\t|\n)", "\t0", text[start:end]) + text[end:]


@pytest.fixture
def departments(tmp_path: Path) -> list[Path]:
    """Two department reports: the first as the government's; the second empty but for 3 new applications."""
    folder = tmp_path / "所属部门"
    folder.mkdir()
    same, extra = folder / "青铜峡市教育局 2021.txt", folder / "青铜峡市卫生健康局 2021.txt"
    same.write_text(SAMPLE, encoding="utf-8")
    zeroed = zero_tables(SAMPLE)
    extra.write_text(zeroed.replace(APPLY_ROW_1.replace("20", "0"), APPLY_ROW_1.replace("20", "3")),
                     encoding="utf-8")
    assert zeroed != SAMPLE and "\t3\t0\t0\t0\t0\t0\t3" in extra.read_text(encoding="utf-8")
    return [same, extra]


def trigger(window, text: str) -> None:  # type: ignore[no-untyped-def]
    action = next(a for a in window.actions() if a.text() == text)
    action.trigger()


def listed(window) -> list:  # type: ignore[no-untyped-def]
    """The findings the findings list shows."""
    model = window.findings.model
    return [model.index(r, 0).data(FindingRole) for r in range(model.rowCount())]


def rules(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.rule for f in listed(window)]


def test_a_batch_pairs_consecutive_years_and_opens_the_later_with_its_findings(
        qtbot, window, years: tuple[Path, Path]) -> None:
    y2021, y2022 = years
    with qtbot.waitSignal(window.batch.running_changed, timeout=60000, check_params_cb=lambda on: not on):
        window.open_paths([str(y2021.parent)])
    rows = {Path(r.path).name: r for r in window.batch.model.rows}
    later, earlier = rows[y2022.name], rows[y2021.name]
    assert later.status == DONE and later.previous == str(y2021) and earlier.previous == ""
    reports = [audit_path(y2021), audit_path(y2022)]
    crosscheck_batch(reports)
    for row, report in ((earlier, reports[0]), (later, reports[1])):
        counts = report.counts()
        assert (row.errors, row.warnings) == (counts[Severity.ERROR], counts[Severity.WARNING]), row.path
    assert later.errors == 1  # 上年结转 total: 0 against last year's 结转下年度 1
    assert "1 份已与上年报告比对" in window.statusBar().currentMessage()

    view = window.batch.view
    row = next(r for r in range(view.model().rowCount()) if view.model().index(r, 0).data() == y2022.name)
    assert view.model().index(row, COL_PREVIOUS).data() == y2021.name
    pos = view.visualRect(view.model().index(row, 1)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    with qtbot.waitSignal(window.report_shown, timeout=15000) as blocker:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    session = blocker.args[0]
    carry = [f for f in session.findings if f.rule == "carry.apply_forward"]
    assert {f.cells for f in carry} == {("apply/2/total",), ("apply/2/natural",)}
    assert "carry.apply_forward" in rules(window) and "reuse.copied" in rules(window)
    assert window.tables.models["apply"].index_of("apply/2/total").data(Qt.ItemDataRole.BackgroundRole) is not None
    assert window.errors == []


def test_explicit_pairing_adds_the_findings_and_is_remembered(
        qtbot, window, open_report, years: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    y2021, y2022 = years
    open_report(window, y2022)
    assert not any(r.startswith(("carry.", "reuse.")) for r in rules(window))
    monkeypatch.setattr(dialogs, "choose_report", lambda _parent, _title, start: str(y2021))
    with qtbot.waitSignal(window.crosscheck.findings_changed, timeout=15000):
        trigger(window, "与上一年度报告比对…")
    total = next(f for f in listed(window) if f.rule == "carry.apply_forward" and f.cells == ("apply/2/total",))
    assert total.severity is Severity.ERROR and "青铜峡市 2021 年报.txt" in total.message
    assert "reuse.copied" in rules(window)
    assert f"共 {len(window.session.problems)} 个问题" in window.findings.counter.text()
    assert "已与上年报告 青铜峡市 2021 年报.txt 比对" in window.statusBar().currentMessage()
    with Workspace.open(window.session.report) as ws:
        assert ws.choice("pair.previous") == str(y2021)

    # Reopened, the report is compared with the same file again, without asking.
    window.controller.close_session()
    with qtbot.waitSignal(window.crosscheck.findings_changed, timeout=15000):
        open_report(window, y2022)
    assert "carry.apply_forward" in rules(window)
    assert window.errors == []


def test_a_report_that_cannot_be_read_is_said_in_one_line(
        qtbot, window, open_report, years: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    empty = tmp_path / "青铜峡 年报" / "空白.txt"
    empty.write_bytes(b"")
    open_report(window, years[1])
    before = rules(window)
    monkeypatch.setattr(dialogs, "choose_report", lambda _parent, _title, start: str(empty))
    with qtbot.waitSignal(window.crosscheck.failed, timeout=15000):
        trigger(window, "与上一年度报告比对…")
    assert window.errors == ["空白.txt：文件为空"]
    assert rules(window) == before
    with Workspace.open(window.session.report) as ws:
        assert ws.choices() == {}


def test_consolidation_shows_the_table_and_the_differences(
        qtbot, window, open_report, years: tuple[Path, Path], departments: list[Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    open_report(window, years[0])
    monkeypatch.setattr(dialogs, "choose_reports", lambda _parent, _title, start: [str(p) for p in departments])
    with qtbot.waitSignal(window.crosscheck.consolidation_ready, timeout=15000):
        trigger(window, "与所属部门报告汇总核对…")
    dialog = window.consolidation_dialog
    assert dialog is not None and dialog.isVisible()
    model = dialog.model
    assert model.columnCount() == 6 + 2
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (6, 7)] == [p.stem for p in departments]
    differing = {c.cell: c for c in model.cells if c.differs}
    assert set(differing) == {"apply/1/natural", "apply/1/total"}
    assert (differing["apply/1/total"].parent, differing["apply/1/total"].total) == (20, 23)
    row = model.cells.index(differing["apply/1/total"])
    assert [model.index(row, c).data() for c in range(8)] == [
        "依申请公开", "一、本年新收政府信息公开申请数量", "总计", "20", "23", "-3", "20", "3"]
    assert model.index(row, 5).data(Qt.ItemDataRole.BackgroundRole) is not None
    same = next(i for i, c in enumerate(model.cells) if not c.differs)
    assert model.index(same, 5).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "2 个不符" in dialog.summary.text()
    dialog.only_differences.setChecked(True)
    assert dialog.proxy.rowCount() == 2
    assert all(dialog.proxy.index(r, 0).data(DiffersRole) for r in range(2))

    mismatch = [f for f in listed(window) if f.rule == "consolidation.mismatch"]
    assert len(mismatch) == 1 and set(mismatch[0].cells) == {"apply/1/natural", "apply/1/total"}
    assert (mismatch[0].expected, mismatch[0].actual) == (23, 20)
    with Workspace.open(window.session.report) as ws:
        assert ws.choice("consolidation.parts") == [str(p) for p in departments]
    assert window.errors == []


def test_the_body_kind_decides_the_deadline(
        qtbot, window, open_report, years: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    open_report(window, years[0])  # 青铜峡市, signed 2022-02-20: in time for a government
    assert "deadline.late" not in rules(window)
    asked: list[tuple] = []

    def answer(kind):  # type: ignore[no-untyped-def]
        def ask(_parent, body, inferred, current):  # type: ignore[no-untyped-def]
            asked.append((body, inferred, current))
            return (kind,)
        return ask

    monkeypatch.setattr(dialogs, "ask_body_kind", answer("department"))
    with qtbot.waitSignal(window.crosscheck.findings_changed, timeout=15000):
        trigger(window, "更正单位类别…")
    assert asked == [("青铜峡市", "government", None)]
    late = next(f for f in listed(window) if f.rule == "deadline.late")
    assert "2022-01-31" in late.message and "审计人员指定为政府部门" in late.message
    assert "单位类别：政府部门（审计人员指定），逾期发布" in window.statusBar().currentMessage()
    with Workspace.open(window.session.report) as ws:
        assert ws.choice("body.kind") == "department"

    monkeypatch.setattr(dialogs, "ask_body_kind", answer(None))
    with qtbot.waitSignal(window.crosscheck.findings_changed, timeout=15000):
        trigger(window, "更正单位类别…")
    assert asked[-1] == ("青铜峡市", "government", "department")
    assert "deadline.late" not in rules(window)
    with Workspace.open(window.session.report) as ws:
        assert ws.choice("body.kind") is None
    assert window.errors == []


def test_the_actions_need_an_open_report(window, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialogs, "choose_report", lambda *_a: pytest.fail("asked without a report"))
    trigger(window, "与上一年度报告比对…")
    assert window.statusBar().currentMessage() == "请先打开一份报告"
