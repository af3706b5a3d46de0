"""Web pages printed to PDF by Chromium, read by our PDF reader and as ``pdftotext -layout`` text.

``tests/data/print19`` holds pages (development seeds 31200–31219) read wrong before session 18's
print19, each with its truth:

- var31213-a4 (text): cells printed with their unit ("0件") wrap in their narrow columns, and
  pdftotext sets the units among the row's numbers ("0  0  件  0  个"): each unit ended the row
  there as a label, the rest of its numbers went to the next row (blanks read for printed 0s).
- var31206-default (PDF): a grid part with an empty grid column among the value cells; a row of
  "0 1 _ 0 0 0 0 1" was given the readings "its first or last number another row's" only, not
  the one read (the empty slot left out), and the arithmetic took "1 _ 0 0 0 0 1" for sure.
- var31210-a5 (PDF): the table wider than A5, its 总计 column outside the drawn grid, one number a
  line below it: the first ran on from the row above as its total (a false row_total error).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from gkaudit.extraction.tokens import TokKind, in_sentence, tokenise
from tests.converters.scoring import score

DATA = Path(__file__).resolve().parents[1] / "data" / "print19"
COLUMNS = ("natural", "commercial", "research", "social", "legal", "other", "total")


def _scored(stem: str, suffix: str):  # type: ignore[no-untyped-def]
    truth = json.loads((DATA / f"{stem}.truth.json").read_text(encoding="utf-8"))
    report = audit_path(DATA / f"{stem}{suffix}")
    return report, score(report, truth, stem)


@pytest.mark.parametrize(("stem", "suffix", "exact"), [
    ("var31213-a4", ".txt", 171),
    ("var31206-default", ".pdf", 124),
    ("var31210-a5", ".pdf", 22),
])
def test_no_wrong_cell_no_false_error(stem: str, suffix: str, exact: int) -> None:
    _report, s = _scored(stem, suffix)
    assert s.wrong == [], s.wrong
    assert s.false_errors == [], s.false_errors
    assert s.exact >= exact, s.exact


def test_units_wrapped_among_the_numbers_stay_with_their_row() -> None:
    report, _s = _scored("var31213-a4", ".txt")
    for row in ("3.5.1", "3.5.2", "3.6"):
        assert [report.cell(f"apply/{row}/{c}").value for c in COLUMNS] == [0] * 7  # type: ignore[union-attr]
        assert all(report.cell(f"apply/{row}/{c}").reading != "uncertain" for c in COLUMNS)  # type: ignore[union-attr]
    assert [report.cell(f"apply/3.7/{c}").value for c in COLUMNS] == [2, 0, 0, None, 0, None, 2]  # type: ignore[union-attr]


def test_a_unit_alone_after_a_number_is_no_label() -> None:
    text = "（五）不予处理 1.信访举\n                0        0   件       —        个\n"
    toks, layout = tokenise(text, 0, len(text))
    assert layout == "space"
    assert [t.text for t in toks if t.kind is TokKind.VALUE] == ["0", "0", "—"]
    assert not [t for t in toks if t.kind is TokKind.TEXT and t.text in ("件", "个")]


def test_grid_row_read_with_its_empty_slot_left_out_stays_a_reading() -> None:
    report, _s = _scored("var31206-default", ".pdf")
    natural = report.cell("apply/3.5.4/natural")
    assert natural is not None and (natural.value == 0 or natural.reading == "uncertain")
    commercial = report.cell("apply/3.5.4/commercial")
    assert commercial is not None and (commercial.value == 1 or commercial.reading == "uncertain")


def test_number_outside_the_grid_does_not_end_the_row_above() -> None:
    report, _s = _scored("var31210-a5", ".pdf")
    assert report.cell("apply/3.3.6/total").reading == "uncertain"  # type: ignore[union-attr]
    assert not [f for f in report.findings if f.rule == "apply.row_total" and "apply/3.3.6/total" in f.cells
                and f.severity.name == "ERROR"]


def test_a_count_before_the_characters_of_a_label_printed_down_is_a_cell() -> None:
    # 三、本年度办理结果 printed a few characters a line beside its first row: "年度办" follows the
    # row's last number, but a count is no year, and the row keeps it.
    text = "三 、 本 （一）予以公开           26                                   26\n年度办\n"
    assert not in_sentence(text, text.rindex("26"), text.rindex("26") + 2)
    toks, _layout = tokenise(text, 0, len(text))
    assert [t.text for t in toks if t.kind is TokKind.VALUE] == ["26", "26"]
    year = "2024  年，本机关共新收政府信息公开申请  3 件\n"
    assert in_sentence(year, 0, 4)
