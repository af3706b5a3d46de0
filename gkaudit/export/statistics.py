"""The batch workbook's 统计分析 sheet: rates by body, their spread by year, outliers, changes, native charts.

Everything is computed by ``gkaudit.stats`` on the reports table (``gkaudit.frames.reports``); this
module only lays it out and draws openpyxl charts over the laid-out cells, so Excel, WPS and
LibreOffice redraw them from the numbers shown.
"""

from __future__ import annotations

import math

import pandas as pd
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.worksheet.worksheet import Worksheet

from gkaudit.export.canvas import Canvas, column_widths
from gkaudit.export.findings_sheet import print_setup
from gkaudit.export.styles import (
    BOLD,
    HEADER_FILL,
    LEFT,
    LINE,
    NO_BORDER,
    SMALL,
    SUBTITLE,
    TITLE,
    Look,
    severity_fill,
)
from gkaudit.model import Severity
from gkaudit.records import FIGURES, LABELS, RATES
from gkaudit.stats import ALL_YEARS, FENCE, MIN_FOR_FENCES, BatchStats, batch_stats, records, top_changes

PERCENT = "0.0%"
POINTS = "+0.0;-0.0;0.0"
SIGNED = "+0;-0;0"
HIST_RATES = ("rate_disclosed", "rate_refused", "rate_unable")
BINS = 10
BODY_FIGURES = ("received", "carried_in", "processed", "disclosed", "refused", "unable", "carried_out", "review",
                "review_corrected", "suit", "suit_corrected")
TOP = 10
# The three charts stacked beside the tables (each about 20 rows high), whatever the tables' lengths.
CHART_COLUMN, CHART_ROWS = "N", (4, 25, 46)
CHART_REACH = 21  # rows a chart covers below its anchor (9.5 cm at the default row height)

_HEAD = Look(font=BOLD, fill=HEADER_FILL)
_CELL = Look()
_LEFT = Look(alignment=LEFT)
_PCT = Look(number_format=PERCENT)
_OUT = Look(number_format=PERCENT, fill=severity_fill(Severity.ERROR), font=BOLD)
_PTS = Look(number_format=POINTS)
_SIGNED = Look(number_format=SIGNED)
_NOTE = Look(font=SMALL, border=NO_BORDER, alignment=LINE)
_SECTION = Look(font=SUBTITLE, border=NO_BORDER, alignment=LINE)


def definitions() -> list[str]:
    lines = [f"{r.label}＝{r.definition}；分母为 0 或数字无法读取时留空。" for r in RATES]
    lines.append(f"分布按年度计算（“{ALL_YEARS}”为各年合并），四分位数为线性插值（同 Excel QUARTILE.INC）。")
    lines.append(f"异常值：低于 下四分位数 − {FENCE}×四分位距 或高于 上四分位数 + {FENCE}×四分位距（Tukey 法），"
                 f"同一年度有效值不少于 {MIN_FOR_FENCES} 个且四分位距大于 0 时才标记；标红的格即异常。")
    lines.append("同比：与同一单位上一年度的报告比较（批次中按单位与年度配对，或审计人员指定的上年报告）；比率的变化以百分点计。")
    return lines


def write_statistics(canvas: Canvas, ws: Worksheet, reports: pd.DataFrame, top: int = 1) -> BatchStats:
    """Lay out the 统计分析 sheet for ``reports`` (``frames.reports``) from row ``top`` (below a
    working-paper header); returns the statistics written."""
    shift = top - 1
    stats = batch_stats(reports)
    years = sorted(int(y) for y in reports["year"].dropna().unique())
    bodies = reports["body"].dropna().nunique()
    canvas.text(ws, top, 1, "政府信息公开工作年度报告统计分析", Look(font=TITLE, border=NO_BORDER, alignment=LINE))
    span = f"{years[0]}–{years[-1]} 年度" if years else "年度未识别"
    canvas.text(ws, top + 1, 1, f"共 {len(reports)} 份报告、{bodies} 个单位，{span}；"
                f"{int(stats.outliers.to_numpy().sum())} 个比率异常值（标红），{len(stats.changes)} 份报告可作同比",
                _NOTE)
    row = _distribution(canvas, ws, stats, top + 3)
    if years:
        row = _latest(canvas, ws, reports, stats, row + 1, years[-1], shift)
    row = _top_changes(canvas, ws, stats, row + 1, shift)
    # The bodies' table is wider than the column the charts stand in: it starts below the last chart.
    row = _bodies(canvas, ws, reports, stats, max(row + 1, CHART_ROWS[-1] + shift + CHART_REACH))
    canvas.text(ws, row + 1, 1, "说明", _SECTION)
    for i, line in enumerate(definitions(), start=row + 2):
        canvas.text(ws, i, 1, line, _NOTE)
    column_widths(ws, {1: 26, 2: 8, **{c: 11.0 for c in range(3, 30)}})
    ws.freeze_panes = f"B{top + 3}"
    print_setup(ws)
    return stats


def _header(canvas: Canvas, ws: Worksheet, row: int, names: list[str]) -> None:
    for col, name in enumerate(names, start=1):
        canvas.text(ws, row, col, name, _HEAD)


def _num(value: object) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    try:
        return value.item() if hasattr(value, "item") else value  # type: ignore[return-value]
    except (TypeError, ValueError):
        return None


def _distribution(canvas: Canvas, ws: Worksheet, stats: BatchStats, top: int) -> int:
    canvas.text(ws, top, 1, "一、各比率的分布（按年度）", _SECTION)
    _header(canvas, ws, top + 1, ["比率", "年度", "报告数", "最小值", "下四分位数", "中位数", "上四分位数", "最大值",
                                  "平均值", "异常下限", "异常上限", "异常数"])
    row = top + 2
    for _, d in stats.distribution.iterrows():
        canvas.text(ws, row, 1, str(d["label"]), _LEFT)
        canvas.text(ws, row, 2, str(d["year"]), _CELL)
        canvas.number(ws, row, 3, int(d["n"]), _CELL)
        for col, name in enumerate(("min", "q1", "median", "q3", "max", "mean", "low", "high"), start=4):
            canvas.number(ws, row, col, _num(d[name]), _PCT)
        canvas.number(ws, row, 12, int(d["outliers"]), _CELL)
        row += 1
    return row


def _latest(canvas: Canvas, ws: Worksheet, reports: pd.DataFrame, stats: BatchStats, top: int, year: int,
            shift: int = 0) -> int:
    """The latest year's quartiles and histogram, with a chart of each."""
    canvas.text(ws, top, 1, f"二、{year} 年度各比率的四分位数与分布", _SECTION)
    _header(canvas, ws, top + 1, ["比率", "报告数", "下四分位数", "中位数", "上四分位数"])
    first = top + 2
    dist = stats.distribution[stats.distribution["year"] == year]
    for i, (_, d) in enumerate(dist.iterrows()):
        canvas.text(ws, first + i, 1, str(d["label"]), _LEFT)
        canvas.number(ws, first + i, 2, int(d["n"]), _CELL)
        for col, name in enumerate(("q1", "median", "q3"), start=3):
            canvas.number(ws, first + i, col, _num(d[name]), _PCT)
    last = first + len(dist) - 1
    quart = BarChart()
    quart.type = "col"
    quart.title = f"{year} 年度各比率的四分位数"
    quart.y_axis.title = "比率"
    quart.y_axis.number_format = "0%"
    quart.y_axis.scaling.min = 0
    quart.add_data(Reference(ws, min_col=3, max_col=5, min_row=top + 1, max_row=last), titles_from_data=True)
    quart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    quart.height, quart.width = 9.5, 18
    _show_axes(quart)
    ws.add_chart(quart, f"{CHART_COLUMN}{CHART_ROWS[0] + shift}")

    hist_top = last + 2
    canvas.text(ws, hist_top, 1, f"{year} 年度比率分布（报告数）", Look(font=BOLD, border=NO_BORDER, alignment=LINE))
    _header(canvas, ws, hist_top + 1, ["区间", *[LABELS[r] for r in HIST_RATES]])
    latest = reports[reports["year"] == year]
    counts = {r: histogram(latest[r]) for r in HIST_RATES}
    for b in range(BINS):
        row = hist_top + 2 + b
        hi = "100%]" if b == BINS - 1 else f"{(b + 1) * 100 // BINS}%)"
        canvas.text(ws, row, 1, f"[{b * 100 // BINS}%, {hi}", _CELL)
        for col, r in enumerate(HIST_RATES, start=2):
            canvas.number(ws, row, col, counts[r][b], _CELL)
    hist_last = hist_top + 1 + BINS
    hist = BarChart()
    hist.type = "col"
    hist.grouping = "clustered"
    hist.title = f"{year} 年度比率分布"
    hist.y_axis.title = "报告数"
    hist.x_axis.title = "区间"
    hist.add_data(Reference(ws, min_col=2, max_col=1 + len(HIST_RATES), min_row=hist_top + 1, max_row=hist_last),
                  titles_from_data=True)
    hist.set_categories(Reference(ws, min_col=1, min_row=hist_top + 2, max_row=hist_last))
    hist.height, hist.width = 9.5, 18
    _show_axes(hist)
    ws.add_chart(hist, f"{CHART_COLUMN}{CHART_ROWS[1] + shift}")
    return hist_last + 1


def histogram(values: pd.Series) -> list[int]:
    """Counts of ``values`` (rates from 0 to 1) in ``BINS`` equal bins, the last one closed."""
    out = [0] * BINS
    for v in values.dropna().astype(float):
        out[min(BINS - 1, max(0, int(v * BINS)))] += 1
    return out


def _top_changes(canvas: Canvas, ws: Worksheet, stats: BatchStats, top: int, shift: int = 0) -> int:
    canvas.text(ws, top, 1, f"三、本年新收申请同比变化最大的 {TOP} 个单位", _SECTION)
    _header(canvas, ws, top + 1, ["单位", "年度", "上年", "本年", "变化", "变化率"])
    ranked = top_changes(stats.changes, "received", TOP)
    row = top + 2
    for _, r in ranked.iterrows():
        canvas.text(ws, row, 1, str(r["body"] or ""), _LEFT)
        canvas.number(ws, row, 2, _num(r["year"]), _CELL)
        prev, now, change = _num(r["received_prev"]), _num(r["received"]), _num(r["received_change"])
        canvas.number(ws, row, 3, prev, _CELL)
        canvas.number(ws, row, 4, now, _CELL)
        canvas.number(ws, row, 5, change, _SIGNED)
        canvas.number(ws, row, 6, change / prev if prev and change is not None else None, _PCT)
        row += 1
    if ranked.empty:
        canvas.text(ws, row, 1, "批次中没有同一单位连续两个年度的报告，无法计算同比。", _NOTE)
        return row + 1
    chart = BarChart()
    chart.type = "bar"
    chart.title = "本年新收申请同比变化（件）"
    chart.add_data(Reference(ws, min_col=5, min_row=top + 1, max_row=row - 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=top + 2, max_row=row - 1))
    chart.legend = None
    chart.x_axis.tickLblPos = "low"  # body names at the left edge, clear of the negative bars
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    chart.dataLabels.showSerName = chart.dataLabels.showCatName = chart.dataLabels.showLegendKey = False
    chart.height, chart.width = 9.5, 18
    _show_axes(chart)
    ws.add_chart(chart, f"{CHART_COLUMN}{CHART_ROWS[2] + shift}")
    return row


def _bodies(canvas: Canvas, ws: Worksheet, reports: pd.DataFrame, stats: BatchStats, top: int) -> int:
    canvas.text(ws, top, 1, "四、各单位的主要数字与比率（标红为异常值）", _SECTION)
    rates = [r.name for r in RATES]
    names = ["单位", "年度", "模板", *[LABELS[f] for f in BODY_FIGURES], *[LABELS[r] for r in rates],
             "异常比率", "本年新收同比", "予以公开率同比（百分点）"]
    _header(canvas, ws, top + 1, names)
    changes = {c["file"]: c for c in records(stats.changes)}
    flags = stats.outliers.to_dict("index")
    rows = dict(zip(reports.index, records(reports), strict=True))
    order = reports.sort_values(["body", "year"], na_position="last", kind="stable").index
    row = top + 2
    for idx in order:
        r = rows[idx]
        canvas.text(ws, row, 1, str(r["body"]) if r["body"] is not None else "（未识别）", _LEFT)
        canvas.number(ws, row, 2, _num(r["year"]), _CELL)
        canvas.text(ws, row, 3, str(r["template"] or ""), _CELL)
        col = 4
        for f in BODY_FIGURES:
            canvas.number(ws, row, col, _num(r[f]), _CELL)
            col += 1
        flagged = []
        for rate in rates:
            out = bool(flags[idx][rate])
            canvas.number(ws, row, col, _num(r[rate]), _OUT if out else _PCT)
            if out:
                flagged.append(LABELS[rate])
            col += 1
        canvas.text(ws, row, col, "、".join(flagged), _LEFT)
        c = changes.get(r["file"])
        pts = None if c is None else _num(c["rate_disclosed_change"])
        canvas.number(ws, row, col + 1, None if c is None else _num(c["received_change"]), _SIGNED)
        canvas.number(ws, row, col + 2, None if pts is None else pts * 100, _PTS)
        row += 1
    ws.auto_filter.ref = f"A{top + 1}:{_letter(len(names))}{max(row - 1, top + 1)}"
    return row


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _show_axes(chart: BarChart) -> None:
    # openpyxl ≥ 3.1 marks axes deleted unless told; LibreOffice and recent Excel then hide them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False


__all__ = ["FIGURES", "definitions", "histogram", "write_statistics"]
