"""Every Qt model passes pytest-qt's model tester, on both templates, before and after a correction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from gkaudit.audit import audit_path
from gkaudit.workspace import ReviewSession, Workspace
from ui.batchjob import BatchRow
from ui.batchpanel import COL_PREVIOUS, COL_STATUS, BatchModel
from ui.models import FindingsFilterProxy, FindingsModel, ReportTableModel, table_layout
from ui.roles import HeadingRole

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"


@pytest.fixture(params=["fuxin-2020", "urumqi-2020", "qingtongxia-2021"])
def session(request, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / f"{request.param}.txt"
    shutil.copy(SAMPLES / path.name, path)
    report = audit_path(path)
    s = ReviewSession(report, Workspace.open(report))
    yield s
    s.workspace.close()


@pytest.mark.parametrize("table", ["active", "apply", "review"])
def test_report_table_model(qtmodeltester, session, table: str) -> None:
    model = ReportTableModel()
    model.set_session(session, table)
    qtmodeltester.check(model)
    assert model.rowCount() > 0
    if table == "apply":
        session.correct("apply/1/natural", 999, "甲")
        model.refresh()
        qtmodeltester.check(model)
        assert model.index_of("apply/1/natural").data().endswith("→ 999")


def test_findings_models(qtmodeltester, session) -> None:
    model = FindingsModel()
    model.set_session(session)
    qtmodeltester.check(model)
    proxy = FindingsFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(0)
    qtmodeltester.check(proxy)
    proxy.set_text("总计")
    qtmodeltester.check(proxy)


def test_batch_model(qtmodeltester) -> None:
    model = BatchModel()
    model.start(["a.txt", "b.txt"])
    model.update_row(0, BatchRow("a.txt", "完成", "某市", 2020, "2019", 3, 1, previous="年报/某市 2019.txt"))
    qtmodeltester.check(model)
    model.cancel_queued()
    assert model.index(1, COL_STATUS).data() == "已取消"
    assert model.index(0, COL_PREVIOUS).data() == "某市 2019.txt" and model.index(1, COL_PREVIOUS).data() == ""
    assert model.totals()["paired"] == 1


def test_2021_layout_follows_the_printed_rows(session) -> None:
    report = session.report
    from gkaudit.templates import TEMPLATES

    spec = TEMPLATES[report.template].table("apply")
    present = {row for row, _ in report.tables["apply"].cells}
    layout, lines = table_layout(spec, present)
    labels = [line.label for line in lines]
    assert layout.label_head == "项目" and layout.column_titles[-1] == "总计"
    assert "（三）不予公开" in labels and "三、本年度办理结果" in labels
    if report.template == "2021" and "3.6" not in present:
        assert "（六）其他处理" in labels  # a heading over its three rows
    model = ReportTableModel()
    model.set_session(session, "active")
    headings = [model.index(r, 0).data() for r in range(model.rowCount()) if model.index(r, 0).data(HeadingRole)]
    assert headings[0] == "第二十条第（一）项"
    first_caption = model.index(0, 1).data(Qt.ItemDataRole.DisplayRole)
    assert first_caption in ("本年新制作数量", "本年制发件数")


def test_settings_catalogue_round_trips(settings) -> None:
    """Every declared setting reads back as the type of its default (qutebrowser-style catalogue test)."""
    from ui.settings import SETTINGS

    keys = [s.key for s in SETTINGS]
    assert len(keys) == len(set(keys))
    samples = {str: "张三", list: ["/报告/一.txt", "/报告/二.txt"], bytes: b"\x01\x02", float: 1.5}
    for spec in SETTINGS:
        value = samples[type(spec.default)]
        settings.set(spec.key, value)
        assert settings.get(spec.key) == value, spec.key
    settings.set("recent/files", ["/只有一个.txt"])  # an INI file gives back a lone string for this
    assert settings.get("recent/files") == ["/只有一个.txt"]
    with pytest.raises(KeyError):
        settings.set("no/such", 1)
