"""From review to working paper in the window: problems, corrections, sign-off, 定稿, trail, export."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QTextBrowser

from gkaudit.export.paper import HEAD_ROWS
from gkaudit.review import review_state
from gkaudit.workspace import Status
from ui import dialogs

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"
PREPARER, REVIEWER = "测试审核员", "李复核"


@pytest.fixture
def fuxin(tmp_path: Path) -> Path:
    target = tmp_path / "报告" / "阜新市 2020.txt"
    target.parent.mkdir()
    shutil.copy(SAMPLES / "fuxin-2020.txt", target)
    return target


def export(qtbot, window, monkeypatch, target: Path, batch: bool = False) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dialogs, "ask_save_path", lambda _parent, _title, _suggested: str(target))
    (window.export_batch if batch else window.export_report)()
    with qtbot.waitSignal(window.export_task.finished, timeout=30000):
        pass


def sign(window, monkeypatch, role, name: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dialogs, "ask_text", lambda _parent, _title, _label, _default="": name)
    window.sign_off(role)


def rows_by_header(ws, top: int) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    head = [c.value for c in ws[top]]
    return [dict(zip(head, (c.value for c in row), strict=False)) for row in ws.iter_rows(min_row=top + 1)
            if any(c.value is not None for c in row)]


def test_fuxin_reviewed_signed_finalised_and_exported(qtbot, window, open_report, fuxin, tmp_path,
                                                      monkeypatch) -> None:
    from gkaudit.workspace import Role

    session = open_report(window, fuxin)
    assert len(session.problems) == 1 and len(session.findings) == 3
    window.findings.select_finding(session.problems[0])
    qtbot.mouseClick(window.findings.status_buttons[Status.CONFIRMED], Qt.MouseButton.LeftButton)
    window.findings.note.setFocus()
    window.findings.note.insert("社会公益组织总计误填 1")
    qtbot.keyClick(window.findings.note, Qt.Key.Key_Return)
    assert window.controller.correct_text("apply/3.7/social", "0")
    (problem,) = window.session.problems
    assert window.session.status(problem) is Status.CORRECTED
    monkeypatch.setattr(dialogs, "edit_conclusion", lambda _parent, _text: "经核对，依申请表一处数字误填，已更正。")
    window.edit_conclusion()
    sign(window, monkeypatch, Role.PREPARER, PREPARER)
    sign(window, monkeypatch, Role.REVIEWER, PREPARER)  # refused: the reviewer is not the preparer
    assert "复核人不能是编制人本人" in window.statusBar().currentMessage()
    sign(window, monkeypatch, Role.REVIEWER, REVIEWER)
    window.finalise()
    assert "已定稿" in window.windowTitle() and "已定稿" in window.review_label.text()
    # A finalised review refuses a change, and says why.
    assert not window.controller.set_note(problem, "定稿后再改")
    assert "已定稿" in window.statusBar().currentMessage()
    assert not window.findings.note.isEnabled()
    assert not window.controller.correct_text("apply/3.7/total", "61")
    assert window.session.review(problem).note == "社会公益组织总计误填 1"

    target = tmp_path / "阜新底稿.xlsx"
    export(qtbot, window, monkeypatch, target)
    wb = openpyxl.load_workbook(target)
    (row,) = rows_by_header(wb["问题清单"], HEAD_ROWS + 1)  # the problem count is 1
    assert row["审核状态"] == "已更正" and row["审核意见"] == "社会公益组织总计误填 1"
    assert row["审核人"] == PREPARER and str(row["日期"]).startswith("20")
    assert "（七）总计/社会公益组织：1 → 0" in str(row["审核更正"]) and PREPARER in str(row["审核更正"])
    assert (row["报告值"], row["应为值"]) == (1, 0)
    overview = wb["审计概要"]
    fields = {overview.cell(r, 1).value: overview.cell(r, 2).value for r in range(4, 14)}
    dates = {overview.cell(r, 5).value: overview.cell(r, 6).value for r in range(4, 14)}
    assert fields["编制人"] == PREPARER and fields["复核人"] == REVIEWER
    assert str(dates["编制日期"]).startswith("20") and str(dates["复核日期"]).startswith("20")
    assert str(fields["审核状态"]).startswith("已定稿")
    texts = [overview.cell(r, 1).value for r in range(1, overview.max_row + 1)]
    assert "经核对，依申请表一处数字误填，已更正。" in texts
    table_head = " ".join(str(c.value) for r in wb["依申请公开"].iter_rows(max_row=4) for c in r if c.value)
    assert f"编制人：{PREPARER}" in table_head and f"复核人：{REVIEWER}" in table_head and "已定稿" in table_head
    # The trail sheet lists every action, in the order it was done.
    trail = rows_by_header(wb["审计轨迹"], HEAD_ROWS + 1)
    actions = [r["操作"] for r in trail]
    assert actions == [e.action for e in review_state(window.session).trail]
    wanted = ["审核状态", "审核意见", "更正单元格", "问题已更正", "修改审计结论", "编制签字", "复核签字", "定稿"]
    assert [a for a in actions if a in wanted] == wanted
    assert [r["序号"] for r in trail] == list(range(1, len(trail) + 1))
    assert window.errors == []


def test_correction_close_and_reopen_shows_the_same_review(qtbot, window, open_report, fuxin, settings) -> None:
    session = open_report(window, fuxin)
    window.controller.set_status(session.problems[0], Status.CONFIRMED)
    window.controller.set_note(session.problems[0], "已核实")
    window.controller.correct_text("apply/3.7/social", "0")
    before = [(p.key, window.session.status(p)) for p in window.session.problems]
    trail = list(window.trail.model.entries)
    assert [e.action for e in trail][-2:] == ["更正单元格", "问题已更正"]
    window.close()

    from ui.mainwindow import MainWindow

    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.show()
    reopened = open_report(again, fuxin)
    assert [(p.key, reopened.status(p)) for p in reopened.problems] == before == [(before[0][0], Status.CORRECTED)]
    assert again.findings.model.index(0, 4).data() == "已更正" and again.findings.model.index(0, 5).data() == "已核实"
    assert again.trail.model.entries == trail
    again.close()


def test_batch_of_two_reviewed_seeds_exported_from_the_window(qtbot, window, open_report, reports, tmp_path,
                                                              monkeypatch) -> None:
    for name, status in (("fuxin-2020", Status.CONFIRMED), ("urumqi-2020", Status.REJECTED)):
        session = open_report(window, reports / f"{name}.txt")
        window.controller.set_status(session.problems[0], status)
    window.controller.close_session()
    with qtbot.waitSignal(window.batch.running_changed, timeout=30000, check_params_cb=lambda on: not on):
        window.open_paths([str(reports)])
    target = tmp_path / "批量底稿.xlsx"
    export(qtbot, window, monkeypatch, target, batch=True)
    assert "其中 2 份含审核记录" in window.statusBar().currentMessage()
    wb = openpyxl.load_workbook(target)
    values = openpyxl.load_workbook(target, data_only=True)
    summary = values["汇总"]
    head = [c.value for c in summary[3]]
    by_body = {summary.cell(r, head.index("单位") + 1).value: r for r in range(4, summary.max_row)}
    def count(body: str, name: str) -> object:
        return summary.cell(by_body[body], head.index(name) + 1).value
    assert (count("阜新市人民政府办公室", "问题"), count("阜新市人民政府办公室", "确认")) == (1, 1)
    assert count("阜新市人民政府办公室", "待定") == 0
    assert count("乌鲁木齐市人民政府", "驳回") == 1 and count("乌鲁木齐市人民政府", "待定") == count("乌鲁木齐市人民政府", "问题") - 1
    # 索引表 links every paper, and every paper has its header.
    index = wb["索引表"]
    links = {c.hyperlink.location.split("!")[0].strip("'") for row in index.iter_rows() for c in row if c.hyperlink}
    assert links == set(wb.sheetnames) - {"索引表"}
    for name in wb.sheetnames:
        if name == "汇总":
            continue
        head_text = " ".join(str(c.value) for r in wb[name].iter_rows(max_row=4) for c in r if c.value)
        assert "被审计单位：" in head_text and "索引号：GK-" in head_text and "编制人：" in head_text, name


def test_clicking_a_number_in_the_text_selects_its_cell(qtbot, window, open_report, fuxin) -> None:
    session = open_report(window, fuxin)
    view = window.document.text_view
    source = session.report.cell("apply/4/social").source
    window.document.show_sources(source, [])  # scroll it into view, as a reader would
    cursor = view.textCursor()
    cursor.setPosition(view.qt_pos(source.start))
    point = view.cursorRect(cursor).center() + QPoint(2, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.tables.current_cell() == "apply/4/social"
    assert window.findings.current_finding() is not None and "apply/4/social" in window.findings.current_finding().cells


def test_clicking_a_number_on_the_pdf_page_selects_its_cell(qtbot, window, open_report, tmp_path) -> None:
    pdf = tmp_path / "洪泽 2023.pdf"
    shutil.copy(SAMPLES / "huaian-hongze-district-2023.pdf", pdf)
    session = open_report(window, pdf)
    cell = session.report.cell("review/review/total")
    box = cell.source.page
    pages = window.document.pdf_view
    pages.highlight(box, [])
    qtbot.waitUntil(lambda: pages.pages[box.page - 1].width() > 0, timeout=5000)
    page = pages.pages[box.page - 1]
    centre = QPoint(int((box.bbox[0] + box.bbox[2]) / 2 * pages.scale), int((box.bbox[1] + box.bbox[3]) / 2 * pages.scale))
    qtbot.mouseClick(page, Qt.MouseButton.LeftButton, pos=centre)
    assert window.tables.current_cell() == "review/review/total"
    qtbot.mouseClick(page, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))  # the margin: nothing printed there
    assert window.tables.current_cell() == "review/review/total"


def test_qt_dialogs_in_chinese_and_the_help(window) -> None:
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    window.show_help()
    text = window.help_dialog.findChild(QTextBrowser).toPlainText()
    for part in ("F8", "Ctrl+E", "编制签字", "最可能有误", "计算值 − 报告值"):
        assert part in text, part
    window.help_dialog.close()
