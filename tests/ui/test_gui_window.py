"""The real window driven like an auditor: open, look, select, correct, review, reopen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLineEdit

from gkaudit.model import Severity
from gkaudit.workspace import Status, Workspace
from ui import dialogs
from ui.roles import CorrectedRole, FindingRole, SeverityRole, SuspectRole

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"
ROW_TOTAL_CELLS = [f"apply/3.7/{c}" for c in ("natural", "commercial", "research", "social", "legal", "other", "total")]


@pytest.fixture
def fuxin(tmp_path: Path) -> Path:
    target = tmp_path / "报告" / "阜新市 2020.txt"
    target.parent.mkdir()
    shutil.copy(SAMPLES / "fuxin-2020.txt", target)
    return target


def click_finding(qtbot, window, rule: str):  # type: ignore[no-untyped-def]
    view = window.findings.view
    for row in range(view.model().rowCount()):
        index = view.model().index(row, 3)
        if index.data(FindingRole).rule == rule:
            view.scrollTo(index)
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
            return index.data(FindingRole)
    raise AssertionError(f"no finding {rule}")


def test_open_seed_colours_the_broken_relation(window, open_report, fuxin) -> None:
    session = open_report(window, fuxin)
    assert [f.rule for f in session.findings] == ["apply.row_total", "apply.processed_total", "apply.balance"]
    model = window.tables.models["apply"]
    for cid in ROW_TOTAL_CELLS:
        index = model.index_of(cid)
        assert index.data(SeverityRole) == Severity.ERROR, cid
        assert index.data(SuspectRole) is (cid == "apply/3.7/social"), cid
    suspect = model.index_of("apply/3.7/social")
    other = model.index_of("apply/3.7/natural")
    assert suspect.data(Qt.ItemDataRole.BackgroundRole).color() != other.data(Qt.ItemDataRole.BackgroundRole).color()
    untouched = model.index_of("apply/1/natural")
    assert untouched.data(SeverityRole) is None and untouched.data(Qt.ItemDataRole.BackgroundRole) is None
    tip = suspect.data(Qt.ItemDataRole.ToolTipRole)
    assert "依申请表：行合计" in tip and "61" in tip and "60" in tip and "差额" in tip and "改为 0" in tip
    assert window.tables.tabs.tabText(1).startswith("依申请公开（3）")
    # One printed mistake, three broken relations: one problem to review.
    assert window.findings.counter.text().replace("<b style='color:#c62828'>", "").startswith("待定 1</b> / 共 1 个问题")
    assert window.findings.model.rowCount() == 1 and "（3 项检查结果）" in window.findings.counter.text()
    assert "fuxin" not in window.windowTitle() and "阜新市人民政府办公室" in window.windowTitle()
    assert window.errors == []


def test_selecting_a_finding_selects_its_cells_and_scrolls_the_report(qtbot, window, open_report, fuxin) -> None:
    session = open_report(window, fuxin)
    text_view = window.document.text_view
    text_view.verticalScrollBar().setValue(0)
    finding = click_finding(qtbot, window, "apply.row_total")
    assert window.tables.tabs.currentIndex() == 1
    assert set(ROW_TOTAL_CELLS) <= set(window.tables.selected_cells()) == set(finding.cells)
    assert window.tables.current_cell() == "apply/3.7/social"
    source = session.report.cell("apply/3.7/social").source
    assert text_view.textCursor().position() == source.start
    assert (source.start, source.end) in text_view.highlighted()
    assert text_view.verticalScrollBar().value() > 0  # the table is far below the first screen
    rect = text_view.cursorRect()
    assert text_view.viewport().rect().contains(rect.center())
    assert window.statusBar().currentMessage() == finding.message


def test_selecting_a_cell_shows_its_source_and_its_finding(qtbot, window, open_report, fuxin) -> None:
    session = open_report(window, fuxin)
    window.tables.tabs.setCurrentIndex(1)
    view = window.tables.views["apply"]
    for cid, rule in (("apply/4/social", "apply.row_total"), ("apply/1/natural", None)):  # the problem's first
        index = view.model().index_of(cid)
        view.scrollTo(index)
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
        source = session.report.cell(cid).source
        assert window.document.text_view.highlighted() == [(source.start, source.end)]
        assert window.document.text_view.textCursor().position() == source.start
        current = window.findings.current_finding()
        assert (current.rule if current else None) == rule
        buttons_down = [s for s, b in window.findings.status_buttons.items() if b.isChecked()]
        assert buttons_down == ([Status.PENDING] if rule else [])  # nothing selected: no status shown


def test_correcting_the_suspect_cell_clears_the_findings(qtbot, window, open_report, fuxin) -> None:
    open_report(window, fuxin)
    click_finding(qtbot, window, "apply.row_total")
    view = window.tables.views["apply"]
    index = view.model().index_of("apply/3.7/social")
    view.setFocus()
    view.edit(index)
    editor = view.findChild(QLineEdit)
    assert editor is not None and editor.text() == "1"
    editor.selectAll()
    qtbot.keyClicks(editor, "0")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on a queued call
    session = window.session
    qtbot.waitUntil(lambda: session.findings == [], timeout=3000)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "1 → 0"
    assert index.data(CorrectedRole) is True and index.data(SeverityRole) is None
    # The problem stays listed, 已更正, with the correction in its tooltip.
    assert window.findings.model.rowCount() == 1
    assert window.findings.model.index(0, 4).data() == "已更正"
    assert "1 → 0" in window.findings.model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert "1 个问题已更正（3 项勾稽关系恢复平衡）" in window.statusBar().currentMessage()
    correction = session.workspace.corrections()["apply/3.7/social"]
    assert (correction.printed_raw, correction.printed_value, correction.corrected_value) == ("1", 1, 0)
    assert correction.who == "测试审核员"
    # Undo: the printed value comes back, and so do the findings.
    window.tables.clear_requested.emit("apply/3.7/social")
    assert len(session.findings) == 3 and index.data(Qt.ItemDataRole.DisplayRole) == "1"


def test_bad_input_is_refused_with_a_reason(window, open_report, fuxin) -> None:
    open_report(window, fuxin)
    assert not window.controller.correct_text("apply/3.7/social", "一")
    assert "不是数字" in window.statusBar().currentMessage()
    assert not window.controller.correct_text("apply/3.7/social", "-1")
    assert "负数" in window.statusBar().currentMessage()
    assert window.session.corrections == {}


def test_status_and_note_survive_closing_and_reopening(qtbot, window, open_report, fuxin, settings) -> None:
    open_report(window, fuxin)
    finding = click_finding(qtbot, window, "apply.row_total")
    qtbot.mouseClick(window.findings.status_buttons[Status.CONFIRMED], Qt.MouseButton.LeftButton)
    window.findings.note.setFocus()
    window.findings.note.insert("已电话核实，社会公益组织栏误填")  # QTest cannot type CJK characters
    qtbot.keyClick(window.findings.note, Qt.Key.Key_Return)
    assert window.session.status(finding) is Status.CONFIRMED
    assert "待定 0" in window.open_label.text()
    window.close()

    from ui.mainwindow import MainWindow

    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.show()
    session = open_report(again, fuxin)
    (reopened,) = session.problems
    review = session.review(reopened)
    assert review is not None
    assert (review.status, review.note, review.who) == (Status.CONFIRMED, "已电话核实，社会公益组织栏误填", "测试审核员")
    row = again.findings.model.row_of(reopened.key)
    assert again.findings.model.index(row, 4).data() == "确认"
    assert again.findings.model.index(row, 5).data() == "已电话核实，社会公益组织栏误填"
    assert again.settings.recent_files()[0] == str(fuxin.resolve())
    again.close()


def test_f8_walks_the_open_problems(qtbot, window, open_report, tmp_path) -> None:
    urumqi = tmp_path / "urumqi-2020.txt"
    shutil.copy(SAMPLES / "urumqi-2020.txt", urumqi)
    session = open_report(window, urumqi)
    n = len(session.problems)
    seen = []
    for _ in range(n):
        qtbot.keyClick(window, Qt.Key.Key_F8)
        seen.append(window.findings.current_finding().key)
    assert sorted(seen) == sorted(p.key for p in session.problems)
    window.findings.request_status(Status.REJECTED)  # the last one is closed now
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert window.findings.current_finding().key == seen[0]  # wraps, skipping the closed one
    qtbot.keyClick(window, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.findings.current_finding().key == seen[-2]
    assert f"待定 {n - 1}" in window.open_label.text()


def test_filters(window, open_report, tmp_path) -> None:
    urumqi = tmp_path / "urumqi-2020.txt"
    shutil.copy(SAMPLES / "urumqi-2020.txt", urumqi)
    session = open_report(window, urumqi)
    panel = window.findings
    assert panel.proxy.rowCount() == len(session.problems) == len(session.findings) - 1
    panel.severity_filter.setCurrentIndex(panel.severity_filter.findData(Severity.ERROR))
    assert panel.proxy.rowCount() == 2  # the carried-forward mistake (two relations) and the review total
    panel.severity_filter.setCurrentIndex(0)
    panel.search.setText("未经复议")
    assert panel.proxy.rowCount() == 1
    assert panel.proxy.index(0, 0).data(FindingRole).rule == "review.total"
    panel.search.setText("")
    window.session.set_status(session.problems[0], Status.FIXED, "甲")
    panel.review_changed(session.problems[0])
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("open"))
    assert panel.proxy.rowCount() == len(session.problems) - 1
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("fixed"))
    assert panel.proxy.rowCount() == 1


def test_review_table_is_three_by_five(window, open_report, tmp_path) -> None:
    urumqi = tmp_path / "urumqi-2020.txt"
    shutil.copy(SAMPLES / "urumqi-2020.txt", urumqi)
    open_report(window, urumqi)
    model = window.tables.models["review"]
    assert (model.rowCount(), model.columnCount()) == (3, 6)  # label column + 5
    assert [model.index(r, 0).data() for r in range(3)] == ["行政复议", "行政诉讼·未经复议直接起诉", "行政诉讼·复议后起诉"]
    assert model.index_of("review/suit_direct/total").data(SeverityRole) == Severity.ERROR


def test_changed_file_is_not_mixed_with_old_notes(qtbot, window, open_report, fuxin, monkeypatch) -> None:
    session = open_report(window, fuxin)
    window.controller.set_status(session.findings[0], Status.CONFIRMED)
    fuxin.write_text(fuxin.read_text(encoding="utf-8") + "\n附：更正说明。\n", encoding="utf-8")
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_changed_file", lambda _parent, path: asked.append(path) or "old")
    old_view = open_report(window, fuxin)
    assert asked == [str(fuxin)]
    assert old_view.read_only and old_view.status(old_view.findings[0]) is Status.CONFIRMED
    index = window.tables.models["apply"].index_of("apply/3.7/social")
    assert not window.tables.models["apply"].flags(index) & Qt.ItemFlag.ItemIsEditable
    assert "只读" in window.windowTitle()
    monkeypatch.setattr(dialogs, "ask_changed_file", lambda _parent, _path: "new")
    fresh = open_report(window, fuxin)
    assert not fresh.read_only and fresh.status(fresh.findings[0]) is Status.PENDING


def test_unreadable_file_shows_a_reason(qtbot, window, tmp_path) -> None:
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    with qtbot.waitSignal(window.controller.failed, timeout=5000):
        window.open_file(str(empty))
    assert window.errors == ["空.txt\n\n文件为空"]
    assert window.session is None


def test_drop_a_file_opens_it(qtbot, window, fuxin) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(fuxin))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.report_shown, timeout=10000):
        window.dropEvent(event)
    assert window.session is not None and Path(window.session.report.file) == fuxin


def test_workspace_written_at_once(window, open_report, fuxin) -> None:
    """Nothing waits for the window to close: another connection sees each change immediately."""
    session = open_report(window, fuxin)
    window.controller.correct_text("apply/3.7/social", "0")
    with Workspace.open(session.report) as other:
        assert other.correction_values() == {"apply/3.7/social": 0}


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.iterdir() if p.is_file()))
def test_every_sample_opens_and_every_finding_shows(qtbot, window, open_report, tmp_path, sample: str) -> None:
    """Smoke: each sample report opens; selecting each finding and each found cell raises nothing."""
    copy = tmp_path / sample
    shutil.copy(SAMPLES / sample, copy)
    session = open_report(window, copy)
    for row in range(window.findings.proxy.rowCount()):
        window.findings.view.selectRow(row)
        assert window.findings.current_finding() is not None
    for model in window.tables.models.values():
        for cid in model.cell_ids():
            window.show_cell(cid)
            assert model.index_of(cid).data(Qt.ItemDataRole.ToolTipRole)
    assert window.errors == []
    assert session.report.file == str(copy)


def test_the_auditor_is_asked_for_a_name_once(qtbot, window, open_report, fuxin, monkeypatch) -> None:
    window.settings.set("auditor/name", "")
    asked: list[bool] = []

    def ask(_parent, settings):  # type: ignore[no-untyped-def]
        asked.append(True)
        settings.set("auditor/name", "王审计")
        return "王审计"

    monkeypatch.setattr(dialogs, "ask_auditor", ask)
    session = open_report(window, fuxin)
    window.findings.select_finding(session.findings[0])
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # 确认
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # 已整改
    assert asked == [True]
    review = session.review(session.findings[0])
    assert review is not None and (review.status, review.who) == (Status.FIXED, "王审计")


def test_a_text_finding_scrolls_the_report_to_its_source(window, open_report, fuxin) -> None:
    from gkaudit.model import Finding, Source

    session = open_report(window, fuxin)
    text = session.report.document.text
    start = text.index("四、政府信息公开行政复议")
    finding = Finding("narrative.example", Severity.WARNING, "正文与表格不一致", source=Source(start, start + 8))
    window.show_finding(finding)
    view = window.document.text_view
    assert view.highlighted() == [(start, start + 8)]
    assert view.textCursor().position() == start
    assert view.viewport().rect().contains(view.cursorRect().center())


def test_a_note_being_typed_is_kept_when_the_window_closes(qtbot, window, open_report, fuxin) -> None:
    session = open_report(window, fuxin)
    finding = click_finding(qtbot, window, "apply.row_total")
    window.findings.note.setFocus()
    window.findings.note.insert("尚未按回车")  # no Enter, no focus change
    window.close()
    with Workspace.open(session.report) as ws:
        review = ws.review(finding.key)
        assert review is not None and review.note == "尚未按回车"


def test_a_note_is_saved_after_a_pause_in_typing(qtbot, window, open_report, fuxin) -> None:
    session = open_report(window, fuxin)
    finding = click_finding(qtbot, window, "apply.row_total")
    window.findings.note.setFocus()
    qtbot.keyClicks(window.findings.note, "typing")
    qtbot.waitUntil(lambda: session.review(finding) is not None, timeout=3000)
    assert session.review(finding).note == "typing"


def test_rows_are_sized_once_and_only_for_the_table_in_view(window, open_report, fuxin) -> None:
    """Showing a report sizes the rows of the tab in view only (sizing every cell of all three
    tables on each reset stalled the window); another tab is sized when it is first shown."""
    from PySide6.QtWidgets import QHeaderView

    open_report(window, fuxin)
    panel = window.tables
    for view in panel.views.values():
        assert view.verticalHeader().sectionResizeMode(0) != QHeaderView.ResizeMode.ResizeToContents
    current = next(t for t, v in panel.views.items() if v is panel.tabs.currentWidget())
    assert panel._sized == {current}
    other = next(t for t in panel.views if t != current)
    panel.tabs.setCurrentWidget(panel.views[other])
    assert panel._sized == {current, other}
    panel.tabs.setCurrentWidget(panel.views[current])
    assert panel._sized == {current, other}  # once per report: going back sizes nothing again
