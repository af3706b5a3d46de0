"""The converter suites: what common converters print from our generated Word/PDF reports and the corpus PDFs.

Stored outputs (``tests/data/converters``, made by ``scripts/make_converter_suite.py``) audited as a
user would audit them, against each document's truth:

* converters that keep rows in order: ≥ 99.5% of cells exact, every injected error found, no false
  arithmetic error;
* converters that dump tables column by column: no false arithmetic error at all, and no table
  filled with guesses — what is not exact is uncertain or the table is reported unreadable.

Converters that do not meet the bar yet are marked ``xfail(strict=True)`` with their figures, so a
fix that gets them there shows up as a pass to be promoted, and a regression below still fails the
tests that are met.
"""

from __future__ import annotations

import json

import pytest

from gkaudit.audit import audit_path
from tests.converters.scoring import SUITE, Score, score_converter, summarise

ROW_ORDER = ("pdftotext-layout", "pypdf", "pdfplumber", "pymupdf4llm", "libreoffice-text", "libreoffice-html",
             "markitdown-docx")
COLUMN_DUMPERS = ("pdftotext-raw", "pdfminer", "markitdown-pdf")
# Not there yet (figures in README "Converter suites"): the test still runs and must fail.
NOT_YET = {
    "cells": {"pypdf", "pdfplumber"},
    "found": {"pypdf", "pdfplumber"},
    "false": set(),
    "never_wrong": set(),
    "row_never_wrong": set(),
}

_cache: dict[str, list[Score]] = {}


def scores(converter: str) -> list[Score]:
    if converter not in _cache:
        _cache[converter] = score_converter(converter)
    return _cache[converter]


def _param(converters: tuple[str, ...], check: str) -> list[object]:
    return [pytest.param(c, marks=pytest.mark.xfail(strict=True, reason="not met yet")) if c in NOT_YET[check] else c
            for c in converters]


def test_every_converter_has_outputs_and_truths() -> None:
    for conv in ROW_ORDER + COLUMN_DUMPERS:
        files = list((SUITE / conv).glob("*"))
        assert len(files) >= 20, conv
    assert len(list((SUITE / "truth").glob("*.truth.json"))) >= 24


@pytest.mark.parametrize("converter", _param(ROW_ORDER, "cells"))
def test_row_order_converters_read_cells_exactly(converter: str) -> None:
    s = summarise(converter, scores(converter))
    worst = sorted(scores(converter), key=lambda x: x.exact / x.cells)[:3]
    assert s.exact_pct >= 99.5, f"{converter}: {s.exact_pct:.2f}% exact; worst " + "; ".join(
        f"{w.name} {w.exact}/{w.cells} {w.wrong[:3]}" for w in worst)


@pytest.mark.parametrize("converter", _param(ROW_ORDER, "row_never_wrong"))
def test_row_order_converters_never_read_a_cell_wrong(converter: str) -> None:
    """Below 99.5% a row-order converter's missing cells are uncertain, never a wrong value (a blank
    read as 0 included): gen9512 is a table cut by a page break whose pages stand at other positions."""
    wrong = [f"{s.name}: {w}" for s in scores(converter) for w in s.wrong]
    assert wrong == [], "\n".join(wrong[:10])


@pytest.mark.parametrize("converter", _param(ROW_ORDER, "found"))
def test_row_order_converters_find_every_injected_error(converter: str) -> None:
    missed = [f"{s.name}: {s.found}/{s.violations}" for s in scores(converter) if s.found < s.violations]
    assert missed == []


@pytest.mark.parametrize("converter", _param(ROW_ORDER + COLUMN_DUMPERS, "false"))
def test_no_false_arithmetic_error(converter: str) -> None:
    false = [f"{s.name}: {f}" for s in scores(converter) for f in s.false_errors]
    assert false == [], "\n".join(false[:10])


@pytest.mark.parametrize("converter", _param(COLUMN_DUMPERS, "never_wrong"))
def test_column_dumps_are_never_read_wrong(converter: str) -> None:
    """What a column dump loses comes out uncertain or as an unreadable table, never as a wrong value."""
    wrong = [f"{s.name}: {w}" for s in scores(converter) for w in s.wrong]
    assert wrong == [], "\n".join(wrong[:10])


@pytest.mark.parametrize("converter", ("pdftotext-raw", "pdfminer"))
def test_column_dumps_are_reported_unreadable(converter: str) -> None:
    """Each dumped table is reported unreadable or read back (dumpdecode): a file with none reported
    is one read exactly, and each cell of a 依申请 table read back is exact or uncertain with its true
    value among its readings."""
    missing = [s.name for s in scores(converter) if not s.unreadable and s.exact < s.cells]
    assert missing == []
    read_back = [s.name for s in scores(converter) if "apply" not in s.unreadable]
    assert [name for name in read_back if not _apply_read_back(converter, name)] == []
    assert sum(1 for s in scores(converter) if "apply" in s.unreadable) >= 10


def _apply_read_back(converter: str, name: str) -> bool:
    stem = name.rsplit(".", 1)[0]
    truth = json.loads((SUITE / "truth" / f"{stem}.truth.json").read_text(encoding="utf-8"))
    report = audit_path(SUITE / converter / name)
    for row, cols in truth["tables"]["apply"].items():
        for col, value in cols.items():
            cell = report.cell(f"apply/{row}/{col}")
            readings = (cell.value, *cell.alternatives) if cell is not None and cell.reading == "uncertain" else \
                (cell.value,) if cell is not None else ()
            if value not in readings:
                return False
    return True


@pytest.mark.parametrize("converter", ROW_ORDER)
def test_rows_kept_in_order_are_never_called_unreadable(converter: str) -> None:
    assert [s.name for s in scores(converter) if s.unreadable] == []


@pytest.mark.parametrize("converter", ROW_ORDER + COLUMN_DUMPERS)
def test_no_false_alarm_on_the_text(converter: str) -> None:
    """The six parts are found in every rendering (a converter's heading run into a line or a table
    region running past it included), and the narrative, written from the tables, agrees with them."""
    alarms = [f"{s.name}: {a}" for s in scores(converter) for a in s.text_alarms]
    assert alarms == [], "\n".join(alarms[:10])
