"""Batch statistics on the reports table (``gkaudit.frames.reports``): rates, their spread, outliers, year-over-year.

Definitions (also printed on the 统计分析 sheet):

- the rates are ``gkaudit.records.RATES`` (予以公开率 = 予以公开 ÷ 办理总计, …), None where the
  denominator is 0 or a figure is unreadable;
- a rate's distribution is taken over the reports of one year (and over all years), quartiles by
  linear interpolation (Excel's QUARTILE.INC);
- an **outlier** is a report whose rate lies below Q1 − 1.5 × IQR or above Q3 + 1.5 × IQR of its
  year's reports (Tukey's fences), counted only where the year has at least ``MIN_FOR_FENCES``
  values and an IQR above 0 (when most reports share one value, a fence of width 0 would flag them all);
- **year-over-year** compares a report with the same body's previous-year report in the batch,
  as the batch paired them (the ``previous`` column): the change of each figure and, for rates,
  in percentage points.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gkaudit.records import FIGURES, RATES

MIN_FOR_FENCES = 5
FENCE = 1.5
ALL_YEARS = "全部"
CHANGE_FIGURES = ("received", "processed", "review", "suit")  # the figures whose changes are ranked


@dataclass(frozen=True, slots=True)
class BatchStats:
    distribution: pd.DataFrame  # rate × year: n, min, q1, median, q3, max, mean, low, high, outliers
    outliers: pd.DataFrame  # the reports table's index × rate: True where the rate is an outlier
    changes: pd.DataFrame  # one row per report with last year's in the batch: figures then, now, change


def distribution(reports: pd.DataFrame) -> pd.DataFrame:
    """For each rate and each year (and ``ALL_YEARS``): count, quartiles, mean, Tukey's fences."""
    rows = []
    years = sorted(int(y) for y in reports["year"].dropna().unique())
    for rate in RATES:
        for year in [*years, ALL_YEARS]:
            chosen = reports if year == ALL_YEARS else reports[reports["year"] == year]
            values = chosen[rate.name].dropna().astype(float)
            row: dict[str, object] = {"rate": rate.name, "label": rate.label, "year": year, "n": len(values)}
            if len(values):
                q1, median, q3 = (float(values.quantile(q)) for q in (0.25, 0.5, 0.75))
                iqr = q3 - q1
                fenced = len(values) >= MIN_FOR_FENCES and iqr > 0
                row.update(min=float(values.min()), q1=q1, median=median, q3=q3, max=float(values.max()),
                           mean=float(values.mean()),
                           low=q1 - FENCE * iqr if fenced else None, high=q3 + FENCE * iqr if fenced else None)
            rows.append(row)
    frame = pd.DataFrame(rows, columns=["rate", "label", "year", "n", "min", "q1", "median", "q3", "max", "mean",
                                        "low", "high"])
    return frame


def outliers(reports: pd.DataFrame, dist: pd.DataFrame) -> pd.DataFrame:
    """True where a report's rate is outside its year's fences."""
    out = pd.DataFrame(False, index=reports.index, columns=[r.name for r in RATES])
    years = pd.to_numeric(reports["year"], errors="coerce")
    for rate in RATES:
        fenced = dist[(dist["rate"] == rate.name) & (dist["year"] != ALL_YEARS) & dist["low"].notna()]
        low = years.map(dict(zip(fenced["year"], fenced["low"], strict=True))).astype(float)
        high = years.map(dict(zip(fenced["year"], fenced["high"], strict=True))).astype(float)
        values = reports[rate.name].astype("Float64").astype(float)
        out[rate.name] = ((values < low) | (values > high)).fillna(False).astype(bool)
    return out


def changes(reports: pd.DataFrame) -> pd.DataFrame:
    """Each report beside the same body's previous-year report in the batch (as the batch paired them)."""
    names = [f.name for f in FIGURES] + [r.name for r in RATES]
    plain = records(reports)
    before: dict[object, dict[str, object]] = {}
    for r in plain:
        before.setdefault(r["file"], r)  # a file named twice counts once
    rows = []
    for r in plain:
        prev = before.get(r["previous"]) if r["previous"] is not None else None
        if prev is None:
            continue
        row: dict[str, object] = {"file": r["file"], "body": r["body"], "year": r["year"]}
        for name in names:
            a, b = prev[name], r[name]
            row[f"{name}_prev"], row[name] = a, b
            both = isinstance(a, (int, float)) and isinstance(b, (int, float))
            row[f"{name}_change"] = b - a if both else None  # type: ignore[operator]
        rows.append(row)
    columns = ["file", "body", "year"] + [c for n in names for c in (f"{n}_prev", n, f"{n}_change")]
    return pd.DataFrame(rows, columns=columns)


def records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """The rows as plain dicts, pandas' missing values as None (for row-by-row work)."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def batch_stats(reports: pd.DataFrame) -> BatchStats:
    dist = distribution(reports)
    flags = outliers(reports, dist)
    counts = []
    for _, d in dist.iterrows():
        chosen = flags.index if d["year"] == ALL_YEARS else flags.index[(reports["year"] == d["year"]).fillna(False)]
        counts.append(int(flags.loc[chosen, d["rate"]].sum()))
    dist["outliers"] = counts
    return BatchStats(dist, flags, changes(reports))


def top_changes(changes_frame: pd.DataFrame, figure: str, n: int = 10) -> pd.DataFrame:
    """The ``n`` reports whose ``figure`` changed most from last year (by absolute change)."""
    col = f"{figure}_change"
    ranked = changes_frame.dropna(subset=[col])
    order = ranked[col].astype(float).abs().sort_values(ascending=False, kind="stable").index
    return ranked.loc[order[:n]]
