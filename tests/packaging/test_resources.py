"""The resource-path helper from source and as if frozen; the version, icon and font the bundle is made from."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

import pytest

import gkaudit
from gkaudit import resources
from gkaudit.resources import resource_path, resources_dir

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
if str(PACKAGING) not in sys.path:
    sys.path.insert(0, str(PACKAGING))


@pytest.fixture(autouse=True)
def no_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(resources.ENV_RESOURCES_DIR, raising=False)


def test_from_source_resources_are_the_repository_folder() -> None:
    assert not resources.is_frozen()
    assert resources_dir() == ROOT / "resources"
    assert resource_path("samples", "fuxin-2020.txt").is_file()
    assert resource_path("fonts", "NotoSansSC-subset.otf").is_file()
    assert resource_path("fonts", "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE") >= 1


def test_frozen_resources_are_under_meipass(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    assert resources.is_frozen()
    assert resources.bundle_dir() == tmp_path / "_internal"
    assert resource_path("icons", "gkaudit.svg") == tmp_path / "_internal" / "resources" / "icons" / "gkaudit.svg"


def test_frozen_without_meipass_uses_the_executables_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "gkaudit"))
    assert resources_dir() == tmp_path / "resources"


def test_environment_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(resources.ENV_RESOURCES_DIR, str(tmp_path))
    assert resource_path("style.qss") == tmp_path / "style.qss"


@pytest.mark.parametrize("bad", ["/etc/passwd", "../pyproject.toml", "icons/../../x"])
def test_names_stay_inside_the_folder(bad: str) -> None:
    with pytest.raises(ValueError):
        resource_path(bad)


def test_the_version_is_set_in_one_place() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "gkaudit.__version__"}
    # No other file spells the version out.
    pattern = re.compile(rf"['\"]{re.escape(gkaudit.__version__)}['\"]")
    for path in [ROOT / "build.spec", *PACKAGING.glob("*.py"), *PACKAGING.glob("*.in"), *(ROOT / "ui").glob("*.py")]:
        assert not pattern.search(path.read_text(encoding="utf-8")), path


class _Recorder:
    """Stands in for PyInstaller's version-info classes (which need pefile, a Windows-only dependency)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, *args: object, **kwargs: object) -> dict[str, object]:
        return {"type": self.name, "args": args, **kwargs}


def test_windows_version_resource_carries_the_version() -> None:
    from versioninfo import render, version_tuple

    assert version_tuple("0.1.0") == (0, 1, 0, 0)
    assert version_tuple("1.2.3rc1") == (1, 2, 3, 1)
    text = render()
    names = {n.id for n in ast.walk(ast.parse(text, mode="eval")) if isinstance(n, ast.Name)}
    info = eval(text, {"__builtins__": {}}, {n: _Recorder(n) for n in names})  # our own template
    ffi = info["ffi"]
    assert ffi["filevers"] == version_tuple(gkaudit.__version__)
    table = info["kids"][0]["args"][0][0]
    strings = {s["args"][0]: s["args"][1] for s in table["args"][1]}
    assert strings["FileVersion"] == strings["ProductVersion"] == gkaudit.__version__
    assert strings["FileDescription"] == gkaudit.APP_TITLE


def test_font_subset_keeps_gb2312_and_the_windows_strings() -> None:
    import make_font_subset

    wanted = make_font_subset.wanted_chars()
    assert len(make_font_subset.gb2312_chars()) == 7445
    assert {"审", "计", "（", "）", "·", "A", "〇", "①"} <= wanted
    # Every Chinese character the window itself shows is in the subset.
    shown: set[str] = set()
    for path in (ROOT / "ui").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                shown.update(ch for ch in node.value if ord(ch) > 0x2E7F)
    assert shown - wanted == set()


def test_committed_font_subset_covers_the_wanted_characters() -> None:
    pytest.importorskip("fontTools")
    import make_font_subset

    missing = make_font_subset.wanted_chars() - make_font_subset.covered_chars(make_font_subset.TARGET)
    # Characters Noto Sans CJK SC itself lacks (a few symbols) cannot be in the subset either.
    assert not {c for c in missing if "\u4e00" <= c <= "\u9fff"}
