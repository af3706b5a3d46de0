"""The record layer: DataFrames of reports, cells and findings; CSV that reads back; one figure for every view."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from gkaudit import frames
from gkaudit.batch import audit_batch
from gkaudit.cli import main
from gkaudit.export.xlsx import build_batch_workbook
from gkaudit.model import AuditReport
from tests.checks.reports import audit_pair, consistent_tables, set_value
from tests.conftest import SAMPLES
from ui.batchjob import entry_row


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds plus a generated pair of consecutive years (carry-forward findings on the later one)."""
    d = tmp_path_factory.mktemp("记录")
    for p in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(p, d / p.name)
    prev_t, curr_t = consistent_tables("2021", 5)
    set_value(curr_t, "apply/2/total", int(curr_t.v("apply/2/total")) + 2)
    for r in audit_pair(prev_t, curr_t, 2021, body="丙市人民政府", seed=5):
        assert r.document is not None
        (d / Path(r.file).name).write_text(r.document.text, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def reports(folder: Path) -> list[AuditReport]:
    return audit_batch([folder], processes=0).reports


def test_frames_hold_every_report_cell_and_finding(reports: list[AuditReport]) -> None:
    f = frames.frames_of(reports)
    assert len(f.reports) == len(reports) == 7
    assert len(f.cells) == sum(len(t.cells) for r in reports for t in r.tables.values())
    assert len(f.findings) == sum(len(r.findings) for r in reports)
    urumqi = f.reports.set_index("name").loc["urumqi-2020.txt"]
    assert urumqi["body"] == "乌鲁木齐市人民政府" and urumqi["received"] == 239 and urumqi["processed"] == 237
    assert urumqi["rate_disclosed"] == pytest.approx(163 / 237)
    cell = f.cells[(f.cells.file.str.endswith("urumqi-2020.txt")) & (f.cells.cell == "apply/3.1/total")]
    assert cell["value"].tolist() == [163] and cell["raw"].tolist() == ["163"]
    later = f.reports[f.reports.previous.notna()]
    assert later["body"].tolist() == ["丙市人民政府"]
    carry = f.findings[(f.findings.rule == "carry.apply_forward") & (f.findings.cells == "apply/2/total")]
    assert len(carry) == 1 and carry.iloc[0]["clause"].startswith("国办公开办函")


def test_csv_reads_back_to_the_same_values(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "导出"
    assert main(["audit", str(folder), "--csv", str(out), "-o", str(tmp_path / "out.txt")]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["cells.csv", "findings.csv", "reports.csv"]
    for name in ("reports.csv", "cells.csv", "findings.csv"):
        assert (out / name).read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel/WPS read Chinese
    back = frames.read_csv(out)
    again = frames.frames_of(audit_batch([folder], processes=0).reports)
    for name in ("reports", "cells", "findings"):
        pd.testing.assert_frame_equal(getattr(back, name), getattr(again, name))
    assert "乌鲁木齐市人民政府" in back.reports["body"].tolist()


def test_cli_window_and_workbook_give_the_same_figures(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert main(["audit", str(folder), "--json", "-o", str(target)]) == 0
    cli = {Path(d["path"]).name: d["summary"] for d in json.loads(target.read_text(encoding="utf-8"))}
    batch = audit_batch([folder], processes=0)
    window = {Path(e.path).name: entry_row(e) for e in batch.entries}
    canvas, _ = build_batch_workbook(batch.reports)
    ws = openpyxl.load_workbook(io.BytesIO(canvas.save()))["汇总"]
    head = [c.value for c in ws[3]]
    sheet = {}
    for row in ws.iter_rows(min_row=4, values_only=True):
        record = dict(zip(head, row, strict=True))
        if record["序号"] == "合计" or record["文件"] is None:
            continue
        sheet[record["文件"]] = record
    table = frames.reports(batch.reports).set_index("name")
    assert set(cli) == set(window) == set(sheet) == set(table.index)
    for name in cli:
        figures = {(cli[name]["error"], cli[name]["warning"]), (window[name].errors, window[name].warnings),
                   (sheet[name]["错误"], sheet[name]["警告"]),
                   (int(table.at[name, "errors"]), int(table.at[name, "warnings"]))}
        assert len(figures) == 1, (name, figures)
        assert window[name].body == (sheet[name]["单位"] or "") == (table.at[name, "body"] or "")
        received = table.at[name, "received"]
        assert sheet[name]["本年新收"] == (None if pd.isna(received) else int(received))
