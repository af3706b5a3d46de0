"""Batches: a folder of reports audited on the worker, counted right, cancellable, openable."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from gkaudit.audit import audit_path
from gkaudit.model import Severity
from ui.batchjob import CANCELLED, DONE, FAILED

SEED_ERRORS = {"fuxin-2020": 3, "urumqi-2020": 3, "wuhai-2020": 0, "wuzhong-2020": 0, "qingtongxia-2021": 0}


def run_batch(qtbot, window, paths: list[str]) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.batch.running_changed, timeout=30000, check_params_cb=lambda on: not on):
        window.open_paths(paths)


def test_batch_over_the_seeds_counts_right(qtbot, window, reports: Path) -> None:
    (reports / "坏文件.txt").write_bytes(b"")
    run_batch(qtbot, window, [str(reports)])
    rows = {Path(r.path).stem: r for r in window.batch.model.rows}
    assert set(rows) == {*SEED_ERRORS, "坏文件"}
    for stem, errors in SEED_ERRORS.items():
        assert rows[stem].status == DONE and rows[stem].errors == errors, stem
    for stem in SEED_ERRORS:  # the same counts as the core gives (other checks may add warnings)
        counts = audit_path(reports / f"{stem}.txt").counts()
        assert (rows[stem].errors, rows[stem].warnings) == (counts[Severity.ERROR], counts[Severity.WARNING])
    assert rows["fuxin-2020"].body == "阜新市人民政府办公室" and rows["fuxin-2020"].year == 2020
    assert (rows["fuxin-2020"].errors, rows["fuxin-2020"].problems) == (3, 1)  # one mistake, three relations
    assert rows["urumqi-2020"].problems == 4
    assert rows["qingtongxia-2021"].template == "2021"
    assert rows["坏文件"].status == FAILED and rows["坏文件"].reason == "文件为空"
    totals = window.batch.model.totals()
    assert (totals["done"], totals["failed"], totals["with_errors"], totals["errors"]) == (5, 1, 2, 6)
    assert "其中 2 份有错误" in window.statusBar().currentMessage()
    assert window.bottom.currentWidget() is window.batch
    assert window.errors == []


def test_double_click_opens_a_report_of_the_batch(qtbot, window, reports: Path) -> None:
    run_batch(qtbot, window, [str(reports)])
    view = window.batch.view
    row = next(r for r in range(view.model().rowCount()) if view.model().index(r, 0).data() == "urumqi-2020.txt")
    index = view.model().index(row, 1)
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    with qtbot.waitSignal(window.report_shown, timeout=10000) as blocker:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args[0].report.body == "乌鲁木齐市人民政府"
    assert window.bottom.currentWidget() is window.findings


def test_cancel_stops_the_batch_and_keeps_what_is_done(qtbot, window, tmp_path: Path, reports: Path) -> None:
    many = tmp_path / "很多"
    many.mkdir()
    for i in range(120):
        shutil.copy(reports / "fuxin-2020.txt", many / f"{i:03d}.txt")
    with qtbot.waitSignal(window.batch.running_changed, timeout=30000, check_params_cb=lambda on: not on):
        window.open_paths([str(many)])
        qtbot.waitUntil(lambda: window.batch.model.totals()["done"] >= 3, timeout=10000)
        qtbot.mouseClick(window.batch.cancel_button, Qt.MouseButton.LeftButton)
    statuses = [r.status for r in window.batch.model.rows]
    assert statuses.count(DONE) >= 3 and statuses.count(CANCELLED) > 0
    assert set(statuses) <= {DONE, CANCELLED}
    assert "已取消" in window.statusBar().currentMessage()
    assert not window.batch.cancel_button.isVisible()


def test_several_files_dropped_become_a_batch(qtbot, window, reports: Path) -> None:
    files = sorted(str(p) for p in reports.glob("*.txt"))[:2]
    run_batch(qtbot, window, files)
    assert [Path(r.path).name for r in window.batch.model.rows] == [Path(f).name for f in files]


def test_hostile_files_and_notes_do_not_stop_or_pad_the_batch(qtbot, window, reports: Path) -> None:
    from tests import hostile
    from ui.batchjob import SKIPPED

    (reports / "00-nested.html").write_bytes(hostile.nested_tables_html(5000))
    (reports / "01-grid.docx").write_bytes(hostile.gridspan_bomb_docx())
    (reports / "02-lying.docx").write_bytes(hostile.lying_zip_docx(8))
    (reports / "说明.txt").write_text("这里是说明文字，不是报告。\n" * 5, encoding="utf-8")
    run_batch(qtbot, window, [str(reports)])
    rows = {Path(r.path).name: r for r in window.batch.model.rows}
    assert all(rows[f"{stem}.txt"].status == DONE for stem in SEED_ERRORS)
    assert rows["说明.txt"].status == SKIPPED
    assert rows["00-nested.html"].status == rows["01-grid.docx"].status == SKIPPED  # read, and no report
    assert rows["02-lying.docx"].status == FAILED and "Error" not in rows["02-lying.docx"].reason
    assert "跳过 3 个不是年度报告的文件" in window.statusBar().currentMessage()
    assert window.errors == []
