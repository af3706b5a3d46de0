"""``--csv`` opened in LibreOffice: Chinese, not mojibake, every text cell as pandas reads it.

LibreOffice's text-import dialog looks at the file's first bytes and preselects UTF-8 when they are
the UTF-8 byte-order mark (``ScImportAsciiDlg``: "Sniff for Unicode"); headless conversion has no
dialog, so the test passes the character set the dialog would choose. A GBK copy of the same file
read the same way must come out garbled, or the check could not tell.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from gkaudit import frames
from gkaudit.cli import main
from gkaudit.paths import ENV_DATA_DIR

from .conftest import SAMPLES
from .libreoffice import convert, soffice

BOM = b"\xef\xbb\xbf"
UTF8_IMPORT = "Text - txt - csv (StarCalc):44,34,76,1"  # comma, double quote, UTF-8 (76), from row 1


def _texts(path: Path) -> list[list[str]]:
    """The text cells of each row of a workbook LibreOffice wrote (numbers left out)."""
    ws = openpyxl.load_workbook(path, read_only=True).active
    return [[v for v in row if isinstance(v, str)] for row in ws.iter_rows(values_only=True)]


def _chosen_by_dialog(data: bytes) -> str | None:
    """The character set LibreOffice's import dialog preselects from the first bytes, None: the system's."""
    return UTF8_IMPORT if data.startswith(BOM) else None


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_csv_opens_in_libreoffice_as_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "数据"))
    out = tmp_path / "导出"
    assert main(["audit", str(SAMPLES), "--csv", str(out), "-o", str(tmp_path / "out.txt")]) == 0
    gbk = tmp_path / "gbk"
    gbk.mkdir()
    for name in frames.CSV_NAMES.values():
        data = (out / name).read_bytes()
        infilter = _chosen_by_dialog(data)
        assert infilter is not None, name  # no BOM: the dialog would fall back on the system's (GBK) encoding
        opened = _texts(convert(out / name, "xlsx", tmp_path / "lo", infilter=infilter))
        plain = pd.read_csv(out / name, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert opened[0] == list(plain.columns), name  # the BOM read as a mark, not as part of "file"
        # Every cell with Chinese (or any non-ASCII) text, as pandas read it; LibreOffice may turn
        # ASCII ones into numbers, dates or booleans, which cannot be garbled.
        want = [[v for v in row if not v.isascii()] for row in plain.itertuples(index=False)]
        got = [[v for v in row if not v.isascii()] for row in opened[1:]]
        assert got == want, name
        assert any("人民政府" in v for row in got for v in row), name
        # The same check on a GBK copy read as UTF-8 finds the garbling.
        (gbk / name).write_bytes(data[len(BOM):].decode("utf-8").encode("gbk", errors="replace"))
        garbled = _texts(convert(gbk / name, "xlsx", tmp_path / "lo-gbk", infilter=UTF8_IMPORT))
        assert [[v for v in row if not v.isascii()] for row in garbled[1:]] != want, name
