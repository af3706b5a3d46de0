"""Fixtures for the export tests: the five seed reports and a generated batch, each audited once."""

from __future__ import annotations

from pathlib import Path

import pytest
from generator import STYLES, make_report

from gkaudit.audit import audit_path
from gkaudit.model import AuditReport

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"
SEED_NAMES = ("fuxin-2020", "urumqi-2020", "wuhai-2020", "wuzhong-2020", "qingtongxia-2021")


@pytest.fixture(scope="session")
def seeds() -> dict[str, AuditReport]:
    return {name: audit_path(SAMPLES / f"{name}.txt") for name in SEED_NAMES}


@pytest.fixture(scope="session")
def generated_batch(tmp_path_factory: pytest.TempPathFactory) -> list[AuditReport]:
    """Twenty generated reports, both templates, every style, every third with an injected error."""
    folder = tmp_path_factory.mktemp("生成批次")
    reports = []
    for seed in range(20):
        made = make_report(seed, "2021" if seed % 2 else "2019", STYLES[seed % len(STYLES)], inject=seed % 3 == 0)
        path = folder / f"{seed:02d}-{made.filename}"
        path.write_bytes(made.data)
        reports.append(audit_path(path))
    return reports
