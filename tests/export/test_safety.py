"""Writing safely: sheet names, text cleaning, whole-file replacement, locked targets, read-only folders, the CLI."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from gkaudit.cli import main
from gkaudit.export import safety
from gkaudit.export.safety import ExportError, clean_text, save_atomically, sheet_title
from gkaudit.export.xlsx import write_report_workbook
from gkaudit.model import AuditReport

from .conftest import SAMPLES


def test_sheet_titles_are_legal_and_unique() -> None:
    taken: set[str] = {"汇总"}
    assert sheet_title("汇总", taken) == "汇总(2)"
    name = sheet_title("某市[人民]政府:办公室*2020?/\\年度报告" + "很长" * 20, taken)
    assert len(name) <= 31 and not set("[]:*?/\\") & set(name)
    assert sheet_title("History", taken) == "History_"
    assert sheet_title("'引号'", taken) == "引号"
    first = sheet_title("甲" * 40, taken)
    second = sheet_title("甲" * 40, taken)
    assert first != second and len(second) <= 31 and second.endswith("(2)")
    assert sheet_title("\x00\x01", taken) == "Sheet"


def test_clean_text_removes_what_excel_rejects() -> None:
    assert clean_text("a\x00b\x07c\x1fd\te\nf\rg") == "abcd\te\nf\rg"
    assert len(clean_text("字" * 40000)) == 32767


def test_replace_is_whole_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "底稿.xlsx"
    target.write_bytes(b"old")
    assert save_atomically(b"new", target) == target
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["底稿.xlsx"]


def test_target_open_in_excel_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "审计底稿.xlsx"
    target.write_bytes(b"old")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(safety.os, "replace", locked)
    with pytest.raises(ExportError) as caught:
        save_atomically(b"new", target)
    assert "Excel 或 WPS" in str(caught.value) and "\n" not in str(caught.value)
    assert caught.value.suggestion == tmp_path / "审计底稿(1).xlsx"
    assert isinstance(caught.value, OSError)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["审计底稿.xlsx"]


def test_lock_file_beside_the_target_means_it_is_open(tmp_path: Path) -> None:
    target = tmp_path / "审计底稿.xlsx"
    target.write_bytes(b"old")
    (tmp_path / "~$审计底稿.xlsx").write_bytes(b"owner")
    (tmp_path / "审计底稿(1).xlsx").write_bytes(b"taken")
    with pytest.raises(ExportError) as caught:
        save_atomically(b"new", target)
    assert "正被 Excel 或 WPS 打开" in str(caught.value)
    assert caught.value.suggestion == tmp_path / "审计底稿(2).xlsx"
    assert target.read_bytes() == b"old"


def test_folder_that_cannot_be_written(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "文件"
    not_a_folder.write_text("x")
    with pytest.raises(ExportError) as caught:
        save_atomically(b"new", not_a_folder / "审计底稿.xlsx")
    assert "不是文件夹" in str(caught.value) and caught.value.suggestion is not None
    if os.geteuid() != 0:  # root writes into read-only folders anyway
        folder = tmp_path / "只读"
        folder.mkdir()
        folder.chmod(0o555)
        try:
            with pytest.raises(ExportError) as caught:
                save_atomically(b"new", folder / "审计底稿.xlsx")
            assert "只读" in str(caught.value)
        finally:
            folder.chmod(0o755)


def test_read_only_folder_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(safety.tempfile, "mkstemp", denied)
    with pytest.raises(ExportError) as caught:
        save_atomically(b"new", tmp_path / "审计底稿.xlsx")
    assert "只读或没有写入权限" in str(caught.value)
    assert caught.value.suggestion == Path.home() / "审计底稿.xlsx"


def test_failed_write_removes_the_temporary_file(tmp_path: Path, seeds: dict[str, AuditReport],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safety.os, "replace", full)
    with pytest.raises(ExportError, match="空间不足"):
        write_report_workbook(seeds["fuxin-2020"], tmp_path / "审计底稿.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_cli_writes_the_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "阜新.xlsx"
    assert main(["audit", str(SAMPLES / "fuxin-2020.txt"), "--xlsx", str(target)]) == 0
    captured = capsys.readouterr()
    assert "[错误] apply.row_total" in captured.out
    assert f"已写出审计底稿：{target}" in captured.err
    assert openpyxl.load_workbook(target).sheetnames[0] == "审计概要"


def test_cli_says_why_and_offers_another_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "阜新.xlsx"
    target.write_bytes(b"old")
    (tmp_path / "~$阜新.xlsx").write_bytes(b"owner")
    with pytest.raises(SystemExit) as exited:
        main(["audit", str(SAMPLES / "fuxin-2020.txt"), "--xlsx", str(target)])
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert "[错误] apply.row_total" in captured.out  # the audit itself is not lost
    assert "正被 Excel 或 WPS 打开" in captured.err and "阜新(1).xlsx" in captured.err
    assert target.read_bytes() == b"old"
