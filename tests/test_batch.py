"""``audit_batch``: reading in worker processes, pairing, the auditor's choices, cancel, a pluggable runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gkaudit.audit import audit_path, crosscheck_batch
from gkaudit.batch import BatchProgress, Choices, audit_batch
from gkaudit.model import AuditReport, ReadError, finding_key
from tests.checks.reports import audit_pair, consistent_tables, set_value
from tests.conftest import SAMPLES


def fail_on_wuhai(path: str) -> AuditReport:
    """A runner (module level: it is sent to the worker processes) that refuses one file."""
    if "wuhai" in path:
        raise ReadError("测试：拒绝读取")
    return audit_path(path)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("批量")
    for p in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(p, d / p.name)
    (d / "坏文件.txt").write_bytes(b"")
    return d


def _keys(report: AuditReport) -> list[str]:
    return sorted(finding_key(f) for f in report.findings)


def test_worker_processes_give_what_one_process_gives(folder: Path) -> None:
    seen: list[BatchProgress] = []
    two = audit_batch([folder], processes=2, progress=seen.append)
    one = audit_batch([folder], processes=0)
    assert [e.path for e in two.entries] == [e.path for e in one.entries] == sorted(
        str(p) for p in folder.iterdir())
    assert [e.error for e in two.entries] == [e.error for e in one.entries]
    assert [e.error for e in two.entries if e.error] == ["文件为空"]
    for a, b in zip(two.reports, one.reports, strict=True):
        assert _keys(a) == _keys(b) == _keys(audit_path(a.file))
    assert sorted(p.index for p in seen if p.stage == "read") == list(range(len(two.entries)))
    assert seen[-1].stage == "crosscheck" and seen[-1].done == seen[-1].total == len(two.entries)


def test_a_runner_is_plugged_in(folder: Path) -> None:
    result = audit_batch([folder], processes=2, runner=fail_on_wuhai)
    errors = {Path(e.path).name: e.error for e in result.failed}
    assert errors == {"wuhai-2020.txt": "测试：拒绝读取", "坏文件.txt": "文件为空"}


def test_cancel_keeps_what_was_read(folder: Path) -> None:
    calls = iter(range(100))
    result = audit_batch([folder], processes=0, cancel=lambda: next(calls) >= 2)
    assert result.cancelled
    assert len(result.reports) == 2 and all(e.report is None and e.error is None for e in result.entries[2:])


@pytest.fixture(scope="module")
def pair_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One body's 2021 and 2022 reports; the later one's 上年结转 (总计) is one more than carried."""
    prev_t, curr_t = consistent_tables("2021", 3)
    set_value(curr_t, "apply/2/total", int(curr_t.v("apply/2/total")) + 1)
    prev, curr = audit_pair(prev_t, curr_t, 2021, body="乙县人民政府", seed=3)
    d = tmp_path_factory.mktemp("两年")
    for r in (prev, curr):
        assert r.document is not None
        (d / Path(r.file).name).write_text(r.document.text, encoding="utf-8")
    return d


def test_consecutive_years_are_paired_as_crosscheck_batch_pairs_them(pair_folder: Path) -> None:
    result = audit_batch([pair_folder], processes=0)
    first, second = result.entries
    assert second.previous == first.path and first.previous == ""
    assert result.pairs == [(first.path, second.path)]
    assert any(f.rule == "carry.apply_forward" for f in second.report.findings)  # type: ignore[union-attr]
    by_hand = [audit_path(e.path) for e in result.entries]
    crosscheck_batch(by_hand)
    assert [_keys(r) for r in result.reports] == [_keys(r) for r in by_hand]


def test_the_auditors_choices_are_applied(pair_folder: Path, folder: Path) -> None:
    first, second = sorted(str(p) for p in pair_folder.iterdir())
    wuzhong = str(folder / "wuzhong-2020.txt")
    choices = {
        second: Choices(previous=""),  # no choice of last year: the automatic pairing stays
        first: Choices(parts=(second,), kind="department"),
        wuzhong: Choices(previous=str(folder / "fuxin-2020.txt"), kind="government"),
    }
    result = audit_batch([pair_folder, wuzhong], processes=0, choices=choices)
    by_path = {e.path: e for e in result.entries}
    parent = by_path[first].report
    assert parent is not None and parent.body_kind == "department"
    assert [p.file for p in parent.parts] == [second]
    # The chosen last-year report, from outside the batch's pairing, is read and compared.
    assert by_path[wuzhong].previous == str(folder / "fuxin-2020.txt")
    assert by_path[wuzhong].report.body_kind == "government"  # type: ignore[union-attr]
    assert by_path[second].previous == first
