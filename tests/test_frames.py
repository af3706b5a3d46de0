"""The record layer: DataFrames of reports, cells and findings; CSV that reads back; one figure for every view."""

from __future__ import annotations

import math
import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from gkaudit import frames
from gkaudit.batch import audit_batch
from gkaudit.cli import main
from gkaudit.model import AuditReport
from tests.checks.reports import audit_pair, consistent_tables, set_value
from tests.conftest import SAMPLES
from tests.surfaces import (
    bodies_table,
    cli_json,
    cli_text,
    conclusions,
    csv_reports,
    make_folder,
    summary_sheet,
    window_rows,
)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the window's batch table, without a display


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


def _csv_value(v: object) -> object:
    """A value as a CSV cell holds it, for comparing what pandas reads: missing → None, numbers as floats."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, float, np.integer, np.floating)):
        return float(v)
    try:
        return float(str(v))  # pandas reads "2019" (a template) as a number
    except ValueError:
        return str(v)


def _assert_same_frame(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Equal column by column, value by value, types too (``assert_frame_equal`` lets nullable
    floats differ in the sixth digit even with ``check_exact``)."""
    assert list(got.columns) == list(want.columns)
    assert list(got.dtypes.astype(str)) == list(want.dtypes.astype(str))
    for col in want.columns:
        a, b = (f[col].astype(object).where(f[col].notna(), None).tolist() for f in (got, want))
        assert a == b, (col, [(x, y) for x, y in zip(a, b, strict=True) if x != y][:3])


def test_csv_of_the_seeds_reads_back_to_the_same_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gkaudit.paths import ENV_DATA_DIR

    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "数据"))  # no saved review of anyone's
    out = tmp_path / "导出"
    assert main(["audit", str(SAMPLES), "--csv", str(out), "-o", str(tmp_path / "out.txt")]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["cells.csv", "findings.csv", "reports.csv"]
    made = frames.frames_of(audit_batch([SAMPLES], processes=0).reports)
    assert len(made.reports) == len([p for p in SAMPLES.iterdir() if p.is_file()])
    back = frames.read_csv(out)
    for name, columns in (("reports", frames.REPORT_COLUMNS), ("cells", frames.CELL_COLUMNS),
                          ("findings", frames.FINDING_COLUMNS)):
        data = (out / frames.CSV_NAMES[name]).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf" * 2)  # one BOM: Excel/WPS read Chinese
        _assert_same_frame(getattr(back, name), getattr(made, name))
        # As any pandas user reads it: the same columns, and every value the same once typed alike.
        plain = pd.read_csv(out / frames.CSV_NAMES[name], encoding="utf-8-sig")
        assert tuple(plain.columns) == columns and len(plain) == len(getattr(made, name)) > 0
        frame = getattr(made, name)
        for col in columns:
            got = [_csv_value(v) for v in plain[col]]
            want = [_csv_value(v) for v in frame[col]]
            assert got == want, (name, col, [(a, b) for a, b in zip(got, want, strict=True) if a != b][:3])
    assert {"乌鲁木齐市人民政府", "淮安市人民政府"} <= set(back.reports["body"].dropna())
    assert back.reports["rate_disclosed"].notna().sum() >= 5


# ------------------------------------------------------- the same figures on every surface
#
# The CLI (JSON, text, reports.csv), the window's batch table and the batch workbook (汇总,
# 统计分析) on the seeds plus generated reports, one of them reviewed and signed off. Each figure
# is also computed here independently: from the JSON's cells, or from the generated tables.

# Each key figure: the 依申请 rows or review cells it adds up (a group: the row or else its sub-rows).
INDEPENDENT = {
    "received": ["apply/1"], "carried_in": ["apply/2"], "disclosed": ["apply/3.1"], "partly": ["apply/3.2"],
    "refused": ["apply/3.3.*"], "unable": ["apply/3.4.*"], "not_processed": ["apply/3.5.*"],
    "other": ["apply/3.6.*"], "processed": ["apply/3.7"], "carried_out": ["apply/4"],
    "review": ["review/review/total"], "review_corrected": ["review/review/corrected"],
    "review_pending": ["review/review/pending"],
    "suit": ["review/suit_direct/total", "review/suit_after_review/total"],
    "suit_corrected": ["review/suit_direct/corrected", "review/suit_after_review/corrected"],
    "suit_pending": ["review/suit_direct/pending", "review/suit_after_review/pending"],
}


def _independent(cell: Callable[[str], float | None], rows: list[str]) -> dict[str, float | None]:
    """The key figures from cell values (``cell``: None when unreadable, 0 when blank)."""
    out: dict[str, float | None] = {}
    for name, parts in INDEPENDENT.items():
        ids = []
        for part in parts:
            if part.endswith(".*"):
                group = part[len("apply/"):-2]
                members = [group] if group in rows else [r for r in rows if r.startswith(group + ".")]
                ids += [f"apply/{r}/total" for r in members]
            else:
                ids.append(part if part.startswith("review/") else f"{part}/total")
        values = [cell(i) for i in ids]
        out[name] = None if not ids or any(v is None for v in values) else sum(v for v in values if v is not None)
    f = out

    def ratio(top: float | None, *bottom: float | None) -> float | None:
        if top is None or any(b is None for b in bottom):
            return None
        total = sum(b for b in bottom if b is not None)
        return top / total if total > 0 else None

    def neg(v: float | None) -> float | None:
        return None if v is None else -v

    out.update(rate_disclosed=ratio(f["disclosed"], f["processed"]), rate_refused=ratio(f["refused"], f["processed"]),
               rate_unable=ratio(f["unable"], f["processed"]),
               rate_carried=ratio(f["carried_out"], f["received"], f["carried_in"]),
               rate_review_corrected=ratio(f["review_corrected"], f["review"], neg(f["review_pending"])),
               rate_suit_corrected=ratio(f["suit_corrected"], f["suit"], neg(f["suit_pending"])))
    return out


def _from_json(d: dict[str, Any]) -> dict[str, float | None]:
    tables = d["tables"]

    def cell(cid: str) -> float | None:
        table, row, col = cid.split("/")
        c = tables.get(table, {}).get(row, {}).get(col)
        if c is None or c.get("invalid"):
            return None
        return c["value"] if c["value"] is not None else (0 if c.get("blank") else None)

    return _independent(cell, list(tables.get("apply", {})))


def _from_generated(t: Any) -> dict[str, float | None]:
    return _independent(lambda cid: t.v(cid), [r.id for r in t.rows("apply")])


def _plain(v: object) -> object:
    """A CSV or sheet value for comparing: missing as None, whole floats as ints."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v == "":
        return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _same(a: object, b: object) -> bool:
    a, b = _plain(a), _plain(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


@pytest.fixture(scope="module")
def surfaces(tmp_path_factory: pytest.TempPathFactory, qapp: Any) -> dict[str, Any]:
    """Every surface run once on one folder; first fuxin's problem is confirmed, signed off and 定稿,
    and one of urumqi's corrected."""
    from gkaudit.audit import audit_path
    from gkaudit.export.xlsx import write_batch_from_files
    from gkaudit.paths import ENV_DATA_DIR
    from gkaudit.workspace import ReviewSession, Role, Status, Workspace
    from ui.batchjob import DONE
    from ui.batchpanel import BatchPanel
    from ui.worker import TaskRunner

    base = tmp_path_factory.mktemp("各处")
    folder = base / "报告"
    truth = make_folder(folder)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(ENV_DATA_DIR, str(base / "数据"))
        report = audit_path(folder / "fuxin-2020.txt")
        session = ReviewSession(report, Workspace.open(report))
        session.set_status(session.problems[0], Status.CONFIRMED, "张编制")
        session.sign_off(Role.PREPARER, "张编制")
        session.sign_off(Role.REVIEWER, "李复核")
        session.finalise("李复核")
        session.workspace.close()
        report = audit_path(folder / "urumqi-2020.txt")  # one problem resolved by the auditor's correction
        session = ReviewSession(report, Workspace.open(report))
        fixable = next(p for p in session.problems if p.suspect is not None)
        assert fixable.suspect is not None
        session.correct(fixable.suspect.cell, fixable.suspect.suggested, "张编制")
        session.workspace.close()
        assert main(["audit", str(folder), "--json", "-o", str(base / "out.json")]) == 0
        assert main(["audit", str(folder), "--csv", str(base / "csv"), "--xlsx", str(base / "底稿.xlsx"),
                     "-o", str(base / "out.txt")]) == 0
        panel = BatchPanel(TaskRunner())
        paths = sorted(str(p) for p in folder.iterdir())
        done: list[bool] = []
        panel.running_changed.connect(done.append)
        panel.start(paths, from_folders=frozenset(paths))
        deadline = time.monotonic() + 180
        while not (done and done[-1] is False) and time.monotonic() < deadline:
            qapp.processEvents()
            time.sleep(0.02)
        assert done and done[-1] is False, "the window's batch did not finish"
        # The window's 导出批量审计底稿: the rows it audited, written as its controller writes them.
        audited = [r.path for r in panel.model.rows if r.status == DONE]
        write_batch_from_files(audited, base / "窗口底稿.xlsx")
    text, batch_lines = cli_text(base / "out.txt")
    window, title = window_rows(panel)
    sheet, totals = summary_sheet(base / "底稿.xlsx")
    window_sheet, window_totals = summary_sheet(base / "窗口底稿.xlsx")
    return {"window_sheet": window_sheet, "window_totals": window_totals,
            "window_bodies": bodies_table(base / "窗口底稿.xlsx"), "truth": truth, "json": cli_json(base / "out.json"), "text": text, "batch": batch_lines,
            "csv": csv_reports(base / "csv"), "window": window, "title": title, "sheet": sheet, "totals": totals,
            "bodies": bodies_table(base / "底稿.xlsx"), "conclusions": conclusions(base / "底稿.xlsx")}


def test_every_surface_lists_the_same_reports(surfaces: dict[str, Any]) -> None:
    names = set(surfaces["json"])
    assert len(names) == 9 + 12  # the seeds, 10 generated, a pair of years
    for surface in ("text", "window", "sheet"):
        assert set(surfaces[surface]) == names, surface
    assert set(surfaces["csv"].index) == names
    assert len(surfaces["bodies"]) == len(names)


def test_cli_window_and_workbook_give_the_same_figures(surfaces: dict[str, Any]) -> None:
    from gkaudit.records import LABELS, STATUS_COLUMNS

    csv, wrong = surfaces["csv"], []
    bodies = {(b["单位"], b["年度"]): b for b in surfaces["bodies"]}
    assert len(bodies) == len(surfaces["bodies"]), "统计分析: one row per body and year here"
    for name, d in surfaces["json"].items():
        c, t, w, s = csv.loc[name], surfaces["text"][name], surfaces["window"][name], surfaces["sheet"][name]
        b = bodies[(d["body"] or "（未识别）", d["year"])]

        def check(what: str, *values: object, name: str = name) -> None:
            if not all(_same(values[0], v) for v in values[1:]):
                wrong.append(f"{name} {what}: {values}")

        # what the report is
        check("单位", d["body"], c["body"], w["单位"] or None, s["单位"] or None,
              None if t["body"] == "（未识别）" else t["body"], None if b["单位"] == "（未识别）" else b["单位"])
        check("年度", d["year"], c["year"], w["年度"] and int(w["年度"]), s["年度"], b["年度"],
              None if t["year"] == "（未识别）" else int(t["year"]))
        # pandas reads the template "2019" as a number (``frames.read_csv`` keeps the types)
        check("模板", d["template"], _plain(c["template"]) and str(c["template"]), w["格式"] or None, None if s["模板"] == "未识别" else s["模板"],
              b["模板"] or None, None if t["template"] == "（未识别）" else t["template"])
        check("文件类型", d["kind"], c["file_kind"])
        # findings by severity, problems, problems in doubt
        check("错误", d["summary"]["error"], c["errors"], t["errors"], int(w["错误"]), s["错误"])
        check("警告", d["summary"]["warning"], c["warnings"], t["warnings"], int(w["警告"]), s["警告"])
        check("提示", d["summary"]["info"], c["infos"], t["infos"], s["提示"])
        check("问题", len(d["problems"]), c["problems"], t["problems"], int(w["问题"]), s["问题"])
        doubt = sum(any(d["findings"][i].get("uncertain") for i in p["findings"]) for p in d["problems"])
        check("识别存疑", doubt, c["uncertain"], t["uncertain"])
        # problems by the auditor's decision, sign-off (the JSON and the window show no review)
        for status, column in STATUS_COLUMNS.items():
            check(status.label, c[column], s[status.label])
        check("编制人", c["preparer"], s["编制人"])
        check("复核人", c["reviewer"], s["复核人"])
        check("定稿", bool(c["final"]), s["定稿"] == "是")
        check("上年比对", Path(c["previous"]).name if isinstance(c["previous"], str) else None, w["上年比对"] or None)
        # key figures and rates: computed here from the JSON's cells, then as each surface shows them
        mine = _from_json(d)
        for key, value in mine.items():
            shown = [c[key]]
            if LABELS[key] in s:
                shown.append(s[LABELS[key]])
            if LABELS[key] in b:
                shown.append(b[LABELS[key]])
            check(LABELS[key], value if d["template"] else None, *shown)
        if name in surfaces["truth"] and not surfaces["truth"][name].uncertain:
            for key, value in _from_generated(surfaces["truth"][name].tables).items():
                check(f"{LABELS[key]}（生成的表）", value, c[key])
        # year over year, where the batch paired the report with last year's
        if isinstance(c["previous"], str):
            before = csv.loc[Path(c["previous"]).name]
            check("本年新收同比", c["received"] - before["received"], b["本年新收同比"])
            points = (c["rate_disclosed"] - before["rate_disclosed"]) * 100
            check("予以公开率同比", points, b["予以公开率同比（百分点）"])
        else:
            check("本年新收同比", None, b["本年新收同比"])
    assert not wrong, "\n".join(wrong)


def test_each_report_sheets_conclusion_counts_as_the_summary(surfaces: dict[str, Any]) -> None:
    """The conclusion on each report's sheet: problems, by severity and by decision, as reports.csv has them."""
    from gkaudit.model import Severity
    from gkaudit.records import PROBLEM_SEVERITY_COLUMNS, STATUS_COLUMNS
    from gkaudit.workspace import Status

    csv, checked = surfaces["csv"], 0
    for name, row in surfaces["sheet"].items():
        text, c = surfaces["conclusions"][row["工作表"]], csv.loc[name]
        if "无法判断报告使用的模板" in text:
            assert pd.isna(c["template"])
            continue
        m = re.match(r"结论：发现问题 (\d+) 项（([^）]*)）", text)
        if m is None:
            assert "未发现问题" in text and c["problems"] == 0, (name, text)
            continue
        said = {k: int(n) for k, n in (part.removesuffix(" 项").split(" ") for part in m[2].split("、"))}
        assert int(m[1]) == c["problems"] == row["问题"], name
        assert said == {s.label: c[col] for s, col in PROBLEM_SEVERITY_COLUMNS.items() if c[col]}, name
        assert sum(said.values()) == c["problems"]
        decided = {s.label: c[col] for s, col in STATUS_COLUMNS.items() if c[col] and s is not Status.PENDING}
        assert {k: int(n) for k, n in re.findall(r"(确认|驳回|已整改|已更正) (\d+) 项", text)} == decided, name
        pending = re.search(r"尚待核实 (\d+) 项", text)
        assert (int(pending[1]) if pending else 0) == c[STATUS_COLUMNS[Status.PENDING]], name
        checked += 1
    assert checked >= 10 and Severity.ERROR in PROBLEM_SEVERITY_COLUMNS


def test_the_windows_workbook_is_the_cli_workbook(surfaces: dict[str, Any]) -> None:
    assert surfaces["window_sheet"] == surfaces["sheet"]
    assert surfaces["window_totals"] == surfaces["totals"]
    assert surfaces["window_bodies"] == surfaces["bodies"]


def test_the_review_shows_alike_in_the_text_csv_and_summary(surfaces: dict[str, Any]) -> None:
    c, t, s = surfaces["csv"].loc["fuxin-2020.txt"], surfaces["text"]["fuxin-2020.txt"], surfaces["sheet"]["fuxin-2020.txt"]
    assert (c["status_confirmed"], c["status_pending"], c["preparer"], c["reviewer"], bool(c["final"])) == (
        1, 0, "张编制", "李复核", True)
    assert (s["确认"], s["待定"], s["编制人"], s["复核人"], s["定稿"], s["状态"]) == (1, 0, "张编制", "李复核", "是", "已复核")
    assert t["review"] == "确认 1 · 编制 张编制 · 复核 李复核（已定稿）"
    c, t, s = (surfaces[k]["urumqi-2020.txt"] if k != "csv" else surfaces[k].loc["urumqi-2020.txt"]
               for k in ("csv", "text", "sheet"))
    assert (c["status_corrected"], s["已更正"], c["status_pending"], s["待定"]) == (1, 1, c["problems"] - 1, s["问题"] - 1)
    assert t["review"] == f"待定 {c['problems'] - 1} · 已更正 1"
    doubtful = surfaces["csv"][surfaces["csv"].index.str.startswith("u")]
    assert (doubtful["uncertain"] > 0).any() and (doubtful["uncertain"] <= doubtful["problems"]).all()


def test_batch_totals_agree(surfaces: dict[str, Any]) -> None:
    csv, batch, totals = surfaces["csv"], surfaces["batch"], surfaces["totals"]
    errors, warnings = int(csv["errors"].sum()), int(csv["warnings"].sum())
    with_errors, paired = int((csv["errors"] > 0).sum()), int(csv["previous"].notna().sum())
    assert (batch["errors"], batch["warnings"], batch["infos"], batch["with_errors"], batch["paired"]) == (
        errors, warnings, int(csv["infos"].sum()), with_errors, paired)
    assert f"其中 {with_errors} 份有错误，共 {errors} 个错误、{warnings} 个警告" in surfaces["title"]
    assert f"{paired} 份已与上年报告比对" in surfaces["title"]
    for label, column in (("本年新收", "received"), ("办理总计", "processed"), ("错误", "errors"), ("问题", "problems")):
        assert totals[label] == int(csv[column].sum()), label
    for year, (n, received, median) in batch["years"].items():
        group = csv[csv["year"] == year]
        assert (n, received) == (len(group), int(group["received"].sum()))
        rates = group["rate_disclosed"].dropna()
        assert (median is None) == rates.empty
        if median is not None:
            assert median == pytest.approx(round(float(rates.median()) * 100, 1))
