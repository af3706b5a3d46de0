"""A folder of page photos as one report: which folders are one, page order, and the batch walk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from gkaudit.reading import ReadError, read_document
from gkaudit.reading.ocr import available
from gkaudit.reading.page_folder import is_page_folder, natural_key, page_files
from gkaudit.scan import scan_paths
from tests.conftest import SAMPLES


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKAUDIT_DATA_DIR", str(tmp_path / "data"))


def _blank(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("L", (60, 80), 255).save(path)
    return path


def test_pages_in_natural_name_order(tmp_path: Path) -> None:
    for name in ("10.jpg", "2.jpg", "第1页.png", "p-9.tif", "P-10.TIF", ".hidden.jpg", "notes.md"):
        _blank(tmp_path / name) if name != "notes.md" else (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in page_files(tmp_path)] == ["2.jpg", "10.jpg", "p-9.tif", "P-10.TIF", "第1页.png"]
    assert natural_key("page2.jpg") < natural_key("page10.jpg") < natural_key("page10b.jpg")


def test_which_folders_are_one_report(tmp_path: Path) -> None:
    photos = tmp_path / "批量" / "某县2023年报（扫描）"
    _blank(photos / "1.jpg")
    _blank(photos / "2.jpg")
    mixed = tmp_path / "批量" / "某局"
    _blank(mixed / "插图.png")
    (mixed / "报告.txt").write_text("政府信息公开工作年度报告", encoding="utf-8")
    assert is_page_folder(photos) and not is_page_folder(mixed) and not is_page_folder(tmp_path / "批量")
    assert not is_page_folder(tmp_path / "无此文件夹")

    named = scan_paths([str(photos)])
    assert named.files == [photos] and not named.folders
    walked = scan_paths([str(tmp_path / "批量")])
    # The photo folder is one entry of the batch; the figure beside a report is not read.
    assert walked.files == [photos, mixed / "报告.txt"]  # the walk's order: 县 sorts before 局
    assert photos in walked.from_folders


def test_a_folder_that_is_not_pages_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read_document(tmp_path)
    assert "文件夹" in str(err.value) and "\n" not in str(err.value)


def test_a_damaged_photo_names_itself(tmp_path: Path) -> None:
    _blank(tmp_path / "1.png")
    (tmp_path / "2.jpg").write_bytes(b"\xff\xd8\xff" + b"\x00" * 40)
    with pytest.raises(ReadError) as err:
        read_document(tmp_path)
    assert "2.jpg" in str(err.value) and "\n" not in str(err.value)


@pytest.mark.skipif(not available(), reason="OCR models not installed")
def test_photos_of_two_pages_read_as_one_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Pages 3 and 4 of hongze 2024 photographed as 第2页.jpg and 第10页.jpg: one report whose second
    page (named 10, after 2) holds the review table; the command line audits the folder as one."""
    from gkaudit.cli import main
    from tests.reading.scans import scan_page

    folder = tmp_path / "扫描照片"
    folder.mkdir()
    pdf = SAMPLES / "huaian-hongze-district-2024.pdf"
    scan_page(pdf, 3, 150, 0.6, 80).save(folder / "第10页.jpg")
    scan_page(pdf, 2, 150, -0.5, 75).save(folder / "第2页.jpg")
    assert main(["audit", str(folder), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["kind"] == "image" and out["path"] == str(folder)
    total = out["tables"]["review"]["review"]["total"]
    assert total["source"]["page"] == 2 and total["value"] is not None
    assert out["tables"]["apply"]["1"]["total"]["source"]["page"] == 1


@pytest.mark.skipif(not available(), reason="OCR models not installed")
def test_a_multi_page_tiff_gives_its_frames_in_place(tmp_path: Path) -> None:
    from gkaudit.reading import OcrOptions
    from gkaudit.reading.images import page_size, page_sources

    frames = [Image.new("L", (300, 420), 255) for _ in range(2)]
    frames[0].save(tmp_path / "1.tif", save_all=True, append_images=frames[1:], dpi=(150, 150))
    _blank(tmp_path / "2.png")
    assert page_sources(tmp_path) == [(tmp_path / "1.tif", 0), (tmp_path / "1.tif", 1), (tmp_path / "2.png", 0)]
    assert page_size((tmp_path / "1.tif", 1)) == pytest.approx((144.0, 201.6))  # 150 dpi: 300 px = 144 pt
    told: list[tuple[int, int]] = []
    with pytest.raises(ReadError) as err:  # blank pages: nothing to read, said in one line
        read_document(tmp_path, OcrOptions(progress=lambda done, total: told.append((done, total))))
    assert told == [(0, 3), (1, 3), (2, 3), (3, 3)] and "\n" not in str(err.value)
