"""Each surface's per-report figures as the user sees them: the CLI's JSON, text and reports.csv, the
window's batch table (its Qt model, read cell by cell) and the workbook's 汇总 and 统计分析 sheets.

Readers only: nothing here computes a figure, so a test comparing them compares the surfaces.
The folder they run on is made by ``make_folder``: the seed reports and generated ones (both
templates, several styles, injected mistakes, readings in doubt, two consecutive years).
"""

from __future__ import annotations

import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from generator import inject_error, make_report, make_tables, render

from tests.checks.reports import consistent_tables, set_value
from tests.conftest import SAMPLES

Row = dict[str, Any]


@dataclass
class Truth:
    """What a generated file prints (its tables), to compute its figures independently."""

    tables: Any  # generator.Tables
    uncertain: bool  # read from text without a grid that breaks too much: readings may be in doubt


def make_folder(d: Path) -> dict[str, Truth]:
    """The seeds and generated reports in ``d``; the generated ones' printed tables by file name."""
    d.mkdir(parents=True, exist_ok=True)
    for p in sorted(SAMPLES.iterdir()):
        if p.is_file():
            shutil.copy(p, d / p.name)
    truth: dict[str, Truth] = {}
    for template in ("2019", "2021"):
        for k, style in enumerate(("tab", "markdown", "html", "lines")):
            r = make_report(3100 + k, template, style, inject=k % 2 == 1)
            name = f"g{template}-{k}-{Path(r.filename).stem}{'.html' if style == 'html' else '.txt'}"
            (d / name).write_bytes(r.data)
            truth[name] = Truth(r.tables, False)
        # Four slips in a table read without a grid: more broken relations than slips explain, so
        # its cells are read in doubt and the broken relations are findings "识别存疑".
        rng = random.Random(f"doubt-{template}")
        t = make_tables(template, rng)
        for _ in range(4):
            t = inject_error(t, rng, "leaf").tables
        r = render(t, "lines", rng, traditional=False, encoding="utf-8", crlf=False)
        name = f"u{template}-{Path(r.filename).stem}.txt"
        (d / name).write_bytes(r.data)
        truth[name] = Truth(t, True)
    prev_t, curr_t = consistent_tables("2021", 7)
    set_value(curr_t, "apply/2/total", int(curr_t.v("apply/2/total")) + 2)  # breaks the carry from last year
    for year, t in ((2021, prev_t), (2022, curr_t)):
        r = render(t, "tab", random.Random(year), year=year, body="丙市人民政府")
        (d / f"丙市-{year}.txt").write_bytes(r.data)
        truth[f"丙市-{year}.txt"] = Truth(t, False)
    return truth


# ------------------------------------------------------------------------------------------ CLI

_HEAD = re.compile(r"^   单位：(.*)  年度：(.*)  模板：(.*)  错误 (\d+) · 警告 (\d+) · 提示 (\d+) · 问题 (\d+)"
                   r"(?: · 其中识别存疑 (\d+))?$")
_YEAR = re.compile(r"^   (\d{4}) 年度：(\d+) 份，本年新收合计 (\d+) 件(?:，予以公开率中位数 ([\d.]+)%)?$")
_BATCH = re.compile(r"(\d+) 份有错误，共 错误 (\d+) · 警告 (\d+) · 提示 (\d+)；(\d+) 份已与上年报告比对")


def cli_json(path: Path) -> dict[str, Row]:
    return {Path(d["path"]).name: d for d in json.loads(path.read_text(encoding="utf-8"))}


def cli_text(path: Path) -> tuple[dict[str, Row], Row]:
    """Each report's header lines (and review line) and the batch's closing lines, as printed."""
    out: dict[str, Row] = {}
    batch: Row = {"years": {}}
    name = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("== 汇总："):
            m = _BATCH.search(line)
            assert m, line
            batch.update(zip(("with_errors", "errors", "warnings", "infos", "paired"), map(int, m.groups()),
                             strict=True))
            name = None
        elif line.startswith("== "):
            name = Path(line[3:]).name
        elif (m := _HEAD.match(line)) and name is not None:
            body, year, template, *counts = m.groups()
            out[name] = {"body": body, "year": year, "template": template,
                         **dict(zip(("errors", "warnings", "infos", "problems"), map(int, counts[:4]), strict=True)),
                         "uncertain": int(counts[4] or 0)}
        elif line.startswith("   审核：") and name is not None:
            out[name]["review"] = line[len("   审核："):]
        elif (m := _YEAR.match(line)) and name is None:
            batch["years"][int(m[1])] = (int(m[2]), int(m[3]), None if m[4] is None else float(m[4]))
    return out, batch


def csv_reports(folder: Path) -> pd.DataFrame:
    """reports.csv as pandas reads any CSV (not through ``gkaudit.frames.read_csv``)."""
    return pd.read_csv(folder / "reports.csv", encoding="utf-8-sig").set_index("name")


# ---------------------------------------------------------------------------------- the window


def window_rows(panel: Any) -> tuple[dict[str, Row], str]:
    """The batch table as displayed (through the view's proxy), by file name; and the title line."""
    from PySide6.QtCore import Qt

    model = panel.view.model()
    head = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    rows = {}
    for r in range(model.rowCount()):
        row = {h: model.index(r, c).data() for c, h in enumerate(head)}
        rows[row["文件"]] = row
    return rows, panel.title.text()


# --------------------------------------------------------------------------------- the workbook


def summary_sheet(path: Path) -> tuple[dict[str, Row], Row]:
    """汇总 as cached (Excel's first view), by file name; and its totals row."""
    ws = openpyxl.load_workbook(path, data_only=True)["汇总"]
    head = [c.value for c in ws[3]]
    rows: dict[str, Row] = {}
    totals: Row = {}
    for values in ws.iter_rows(min_row=4, values_only=True):
        row = dict(zip(head, values, strict=True))
        if row["序号"] == "合计":
            totals = row
        elif row["文件"]:
            rows[row["文件"]] = row
    return rows, totals


def bodies_table(path: Path) -> list[Row]:
    """统计分析's table of each report's figures and rates (section 四), row by row."""
    ws = openpyxl.load_workbook(path, data_only=True)["统计分析"]
    top = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith("四、"))
    head = [ws.cell(top + 1, c).value for c in range(1, ws.max_column + 1)]
    head = head[: head.index(None)] if None in head else head
    rows = []
    for r in range(top + 2, ws.max_row + 1):
        if ws.cell(r, 1).value in (None, "说明"):
            break
        rows.append({h: ws.cell(r, c).value for c, h in enumerate(head, start=1)})
    return rows


def conclusions(path: Path) -> dict[str, str]:
    """Each report sheet's conclusion (the line starting 结论：), by sheet name."""
    wb = openpyxl.load_workbook(path, read_only=True)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows(max_row=40, values_only=True):
            text = next((v for v in row if isinstance(v, str) and v.startswith("结论：")), None)
            if text is not None:
                out[ws.title] = text
                break
    return out
