"""The 统计分析 sheet on 200 generated reports of 40 bodies over five years, against an independent computation."""

from __future__ import annotations

import io
import random
import statistics
from collections.abc import Iterator

import openpyxl
import pytest

from gkaudit import frames
from gkaudit.audit import audit_document, crosscheck_batch
from gkaudit.export.canvas import Canvas
from gkaudit.export.statistics import write_statistics
from gkaudit.model import AuditReport
from gkaudit.reading import read_bytes
from gkaudit.templates import template_for_year
from tests.generator import _PLACES, Tables, make_tables, render

YEARS = range(2019, 2024)
BODIES = [f"{place}{level}人民政府" for place in _PLACES for level in ("市", "县")]  # 40 bodies


@pytest.fixture(scope="module")
def generated() -> tuple[list[AuditReport], dict[tuple[str, int], Tables]]:
    return generate()


def generate() -> tuple[list[AuditReport], dict[tuple[str, int], Tables]]:
    """200 reports: 40 bodies × five years, audited and paired, with the generator's true tables."""
    reports, truth = [], {}
    for b, body in enumerate(BODIES):
        for year in YEARS:
            rng = random.Random(f"stats-{b}-{year}")
            template = template_for_year(year)
            assert template is not None
            t = make_tables(template, rng, blanks=False, fullwidth=False)
            rendered = render(t, "tab", rng, year=year, body=body)
            reports.append(audit_document(read_bytes(f"{body}{year}.txt", rendered.data)))
            truth[(body, year)] = t
    crosscheck_batch(reports)
    return reports, truth


@pytest.fixture(scope="module")
def sheet(generated: tuple) -> openpyxl.worksheet.worksheet.Worksheet:
    # The sheet alone, as the batch workbook writes it (the 200 report sheets would only cost time).
    canvas = Canvas(openpyxl.Workbook())
    write_statistics(canvas, canvas.wb.active, frames.reports(generated[0]))
    return openpyxl.load_workbook(io.BytesIO(canvas.save())).active


def _sum_rows(t: Tables, prefix: str) -> float:
    return sum(t.v(f"apply/{r.id}/total") for r in t.rows("apply") if r.id.startswith(prefix + "."))


def true_rates(t: Tables) -> dict[str, float | None]:
    """The rates from the generator's own values (not from anything gkaudit extracted)."""
    processed = t.v("apply/3.7/total")
    handled = t.v("apply/1/total") + t.v("apply/2/total")
    reviewed = t.v("review/review/total") - t.v("review/review/pending")
    suits = ("suit_direct", "suit_after_review")
    sued = sum(t.v(f"review/{s}/total") - t.v(f"review/{s}/pending") for s in suits)

    def ratio(a: float, b: float) -> float | None:
        return a / b if b > 0 else None

    return {
        "予以公开率": ratio(t.v("apply/3.1/total"), processed),
        "不予公开率": ratio(_sum_rows(t, "3.3"), processed),
        "无法提供率": ratio(_sum_rows(t, "3.4"), processed),
        "结转率": ratio(t.v("apply/4/total"), handled),
        "复议纠错率": ratio(t.v("review/review/corrected"), reviewed),
        "诉讼纠错率": ratio(sum(t.v(f"review/{s}/corrected") for s in suits), sued),
    }


def _section(ws, *header: str) -> Iterator[dict[str, object]]:  # type: ignore[no-untyped-def]
    """The rows of the table whose header row starts with ``header``."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[: len(header)] == header)
    head = [h for h in rows[start] if h is not None]
    for r in rows[start + 1:]:
        if r[0] is None:
            return
        yield dict(zip(head, r, strict=False))


def test_distribution_matches_an_independent_computation(generated: tuple, sheet) -> None:  # type: ignore[no-untyped-def]
    _, truth = generated
    rows = list(_section(sheet, "比率", "年度"))
    assert len(rows) == 6 * (len(YEARS) + 1)
    checked = 0
    for row in rows:
        year = row["年度"]
        keys = [k for k in truth if year == "全部" or str(k[1]) == year]
        values = sorted(v for k in keys if (v := true_rates(truth[k])[str(row["比率"])]) is not None)
        assert row["报告数"] == len(values), row
        if len(values) < 2:
            continue
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
        assert row["中位数"] == pytest.approx(median) and row["下四分位数"] == pytest.approx(q1)
        assert row["上四分位数"] == pytest.approx(q3) and row["最小值"] == pytest.approx(values[0])
        assert row["平均值"] == pytest.approx(statistics.fmean(values))
        iqr = q3 - q1
        if year != "全部" and len(values) >= 5 and iqr > 0:
            low, high = q1 - 1.5 * iqr, q3 + 1.5 * iqr
            assert row["异常下限"] == pytest.approx(low) and row["异常上限"] == pytest.approx(high)
            assert row["异常数"] == sum(v < low or v > high for v in values), row
        checked += 1
    assert checked >= 30


def test_each_body_row_and_its_change_from_last_year(generated: tuple, sheet) -> None:  # type: ignore[no-untyped-def]
    _, truth = generated
    rows = {(r["单位"], r["年度"]): r for r in _section(sheet, "单位", "年度", "模板")}
    assert len(rows) == len(BODIES) * len(YEARS) == 200
    flagged = 0
    for (body, year), t in truth.items():
        row = rows[(body, year)]
        assert row["本年新收"] == t.v("apply/1/total") and row["无法提供"] == _sum_rows(t, "3.4")
        for label, rate in true_rates(t).items():
            assert (row[label] is None) if rate is None else row[label] == pytest.approx(rate), (body, year, label)
        change = row["本年新收同比"]
        if year == YEARS[0]:
            assert change is None
        else:
            assert change == t.v("apply/1/total") - truth[(body, year - 1)].v("apply/1/total")
        flagged += bool(row["异常比率"])
    assert flagged > 0  # random tables do produce outliers: the marking is exercised


def test_top_changes_and_charts(generated: tuple, sheet) -> None:  # type: ignore[no-untyped-def]
    _, truth = generated
    top = list(_section(sheet, "单位", "年度", "上年"))
    expected = sorted(
        (abs(truth[(b, y)].v("apply/1/total") - truth[(b, y - 1)].v("apply/1/total")) for b, y in truth
         if y > YEARS[0]), reverse=True)[:10]
    assert [abs(r["变化"]) for r in top] == expected
    assert len(sheet._charts) == 3
