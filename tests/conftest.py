"""Shared fixtures: where the sample reports are, and a scratch folder with a Chinese name."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"

SEEDS = {
    "wuhai-2020": "乌海市人民政府",
    "wuzhong-2020": "吴忠市政务服务中心",
    "urumqi-2020": "乌鲁木齐市人民政府",
    "qingtongxia-2021": "青铜峡市",
    "fuxin-2020": "阜新市人民政府办公室",
}


@pytest.fixture
def cn_tmp(tmp_path: Path) -> Path:
    """A temporary folder whose path has Chinese characters, as on auditors' machines."""
    d = tmp_path / "审计 工作区"
    d.mkdir()
    return d
