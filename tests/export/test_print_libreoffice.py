"""Printing the working papers: every sheet has a footer with its 索引号 and page x of y, with room for it.

The margin check is fast; rendering through LibreOffice (marked slow, skipped without it) checks
that every printed page carries its footer and that a batch prints on few pages.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from gkaudit.export.xlsx import build_batch_workbook, build_report_workbook, write_batch_workbook
from gkaudit.model import AuditReport

from .libreoffice import convert, soffice

FOOTER = re.compile(r"索引号 (GK-[0-9-]+).*第 (\d+) 页，共 (\d+) 页")


def test_every_sheet_has_an_indexed_footer_with_room_for_it(seeds: dict[str, AuditReport]) -> None:
    report_wb = build_report_workbook(seeds["fuxin-2020"], corrections={"apply/3.7/social": 0})[0].wb
    batch_wb = build_batch_workbook(list(seeds.values()))[0].wb
    for wb in (report_wb, batch_wb):
        for ws in wb.worksheets:
            text = ws.oddFooter.center.text
            assert text.startswith("索引号 GK-") and "&P" in text and "&N" in text, ws.title
            # LibreOffice gives the footer the gap between the two margins; 0.3 inch cut it in half.
            assert ws.page_margins.bottom - ws.page_margins.footer >= 0.5, ws.title
            assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_batch_prints_each_page_with_its_footer_on_few_pages(seeds: dict[str, AuditReport], tmp_path: Path) -> None:
    reports = list(seeds.values())
    pdf = convert(write_batch_workbook(reports, tmp_path / "批量.xlsx"), "pdf", tmp_path)
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))  # type: ignore[union-attr]
    seen: dict[str, int] = {}
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        found = FOOTER.search(re.sub(r"\s+", " ", text))
        assert found is not None and (int(found.group(2)), int(found.group(3))) == (page, pages), page
        seen[found.group(1)] = seen.get(found.group(1), 0) + 1
    assert {"GK-0", "GK-1", "GK-2", "GK-4", "GK-5"} | {f"GK-3-{n}" for n in range(1, len(reports) + 1)} == set(seen)
    # A report's three tables print on at most two pages (there were three, mostly empty, before).
    assert all(n <= 2 for index, n in seen.items() if index.startswith("GK-3-")), seen
