"""Page furniture between table rows: a folio "n / m" is dropped, a row "0 / 0" is not."""

from __future__ import annotations

import pytest

from gkaudit.extraction.tokens import page_noise


@pytest.mark.parametrize("line", ["3/9", " 1 / 1 ", "- 3 -", "第 2 页 共 5 页", "— 12"])
def test_folio_is_noise(line: str) -> None:
    assert page_noise(line)


@pytest.mark.parametrize("line", ["0 / 0", "0/3", "5 / 2", "03/9", "1 0 / 0", "— 0", "              —             0", "— 0 —", "- 0"])
def test_row_is_not_noise(line: str) -> None:
    # A row printed by a browser with its blanks as nothing: two numbers and a blank mark; a blank
    # mark and a 0 (a page is never numbered 0: pdftotext -layout of （一）予以公开 "—  0").
    assert not page_noise(line)
