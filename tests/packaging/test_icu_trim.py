"""The trimmed ICU data library: same package format, and Qt's collation, converters and zone names unchanged."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "packaging") not in sys.path:
    sys.path.insert(0, str(ROOT / "packaging"))

import icu_trim  # noqa: E402


def _qt_icudata() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 has no bundled ICU (only the Linux wheels do)")
    return found[0]


@pytest.mark.parametrize(("name", "kept"), [
    ("icudt73l/uprops.icu", True),
    ("icudt73l/cnvalias.icu", True),
    ("icudt73l/res_index.res", True),
    ("icudt73l/pool.res", True),
    ("icudt73l/zoneinfo64.res", True),
    ("icudt73l/root.res", True),
    ("icudt73l/zh_Hans_CN.res", True),
    ("icudt73l/fr_CA.res", False),
    ("icudt73l/gb18030.cnv", True),
    ("icudt73l/windows-936-2000.cnv", True),
    ("icudt73l/ibm-1390_P110-2003.cnv", False),
    ("icudt73l/coll/zh.res", True),
    ("icudt73l/coll/ucadata.icu", True),
    ("icudt73l/coll/ko.res", False),
    ("icudt73l/zone/en.res", True),
    ("icudt73l/zone/de.res", False),
    ("icudt73l/brkitr/cjdict.dict", False),
    ("icudt73l/translit/root.res", False),
])
def test_keep_item(name: str, kept: bool) -> None:
    assert icu_trim.keep_item(name) is kept


def test_common_data_round_trip() -> None:
    library = _qt_icudata()
    raw = library.read_bytes()
    symbol = "icudt" + library.name.rsplit(".", 1)[-1] + "_dat"
    start, length = icu_trim.find_blob(raw, icu_trim.symbol_size(library, symbol))
    full = icu_trim.read_common_data(raw[start:start + length])
    assert len(full.items) > 1000
    again = icu_trim.read_common_data(icu_trim.write_common_data(full))
    assert list(again.items) == sorted(full.items)
    # Items come back whole (the writer pads each to 16 bytes).
    assert all(again.items[n][:len(b)] == b for n, b in full.items.items())


PROBE = textwrap.dedent("""
    from PySide6.QtCore import QCollator, QCoreApplication, QLocale, QStringDecoder, QTimeZone
    app = QCoreApplication([])
    zh = QCollator(QLocale("zh_CN"))
    print(" ".join(sorted(["张三", "李四", "王五", "阿明", "赵六", "审计", "年报"], key=zh.sortKey)))
    numeric = QCollator(QLocale("en_US"))
    numeric.setNumericMode(True)
    print(" ".join(sorted(["file10", "file2", "File1"], key=numeric.sortKey)))
    print([QStringDecoder(n).isValid() for n in ("GB18030", "GBK", "GB2312", "Big5", "windows-936")])
    tz = QTimeZone(b"Asia/Shanghai")
    print(tz.displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, QLocale("zh_CN")))
    print(QLocale("zh_CN").toUpper("abc ß"))
""")


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("gcc") is None, reason="needs Linux and gcc")
def test_qt_behaves_the_same_with_the_trimmed_data(tmp_path: Path) -> None:
    library = _qt_icudata()
    trimmed = tmp_path / library.name
    old, new = icu_trim.trim_library(library, trimmed)
    assert new < old / 4
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")

    def probe(preload: str | None) -> str:
        run_env = dict(env, LD_PRELOAD=preload) if preload else env
        done = subprocess.run([sys.executable, "-c", PROBE], env=run_env, capture_output=True, text=True,
                              encoding="utf-8", timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    # LD_PRELOAD puts the trimmed icudtNN_dat ahead of the wheel's, as the bundle's copy replaces it.
    with_trimmed, original = probe(str(trimmed)), probe(None)
    assert with_trimmed == original
    assert with_trimmed.splitlines()[0] == "阿明 李四 年报 审计 王五 张三 赵六"  # pinyin order: the zh data is there
