"""The audit workspace without Qt: corrections, reviews, changed files, crashes, Chinese paths."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from gkaudit.model import Finding, Severity, Source
from gkaudit.paths import ENV_DATA_DIR, data_dir, workspaces_dir
from gkaudit.workspace import (
    ReviewSession,
    Status,
    Workspace,
    WorkspaceReadOnly,
    finding_key,
    workspace_file,
)
from tests.conftest import SAMPLES


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "数据"
    monkeypatch.setenv(ENV_DATA_DIR, str(d))
    return d


@pytest.fixture
def fuxin(cn_tmp: Path) -> Path:
    target = cn_tmp / "阜新市 2020 年报.txt"
    shutil.copy(SAMPLES / "fuxin-2020.txt", target)
    return target


def test_data_dir_follows_the_environment(data_home: Path) -> None:
    assert data_dir() == data_home
    assert workspaces_dir() == data_home / "workspaces"


def test_data_dir_default_is_per_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_DATA_DIR)
    d = data_dir()
    assert d.name == "gkaudit"
    if sys.platform.startswith("linux"):
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
        assert data_dir() == Path.home() / ".local" / "share" / "gkaudit"


def test_workspace_file_is_per_path_and_readable(fuxin: Path, cn_tmp: Path) -> None:
    a = workspace_file(fuxin)
    assert a.parent == workspaces_dir()
    assert a.name.startswith("阜新市_2020_年报-") and a.name.endswith(".gkaudit.sqlite")
    other = cn_tmp / "另一个" / fuxin.name
    assert workspace_file(other) != a
    assert workspace_file(fuxin, cn_tmp).parent == cn_tmp


def test_corrections_and_reviews_persist(fuxin: Path) -> None:
    report = audit_path(fuxin)
    with Workspace.open(report) as ws:
        assert ws.sha_mismatch is None
        ws.set_correction("apply/3.7/social", 0, "张审计", printed_raw="1", printed_value=1)
        ws.set_review("apply.row_total|x", "张审计", status=Status.CONFIRMED, note="合计栏有误")
        ws.set_review("apply.row_total|x", "李复核", note="已与单位核实")
    with Workspace.open(report) as ws:
        c = ws.corrections()["apply/3.7/social"]
        assert (c.printed_raw, c.printed_value, c.corrected_value, c.who) == ("1", 1, 0, "张审计")
        r = ws.review("apply.row_total|x")
        assert r is not None
        assert (r.status, r.note, r.who) == (Status.CONFIRMED, "已与单位核实", "李复核")
        kinds = [e.kind for e in ws.events()]
        assert kinds == ["review", "review", "correct", "version"]
        ws.clear_correction("apply/3.7/social", "张审计")
        assert ws.corrections() == {}
        assert ws.events(limit=1)[0].kind == "uncorrect"


def test_values_keep_their_type(fuxin: Path) -> None:
    with Workspace.open(audit_path(fuxin)) as ws:
        ws.set_correction("active/procurement/amount", 12.5, "甲", printed_raw="12.5万", printed_value=125)
        ws.set_correction("apply/1/other", None, "甲", printed_raw="/", printed_value=None)
        values = ws.correction_values()
        assert values == {"active/procurement/amount": 12.5, "apply/1/other": None}
        assert isinstance(values["active/procurement/amount"], float)


def test_changed_file_is_detected_not_mixed(fuxin: Path) -> None:
    old = audit_path(fuxin)
    with Workspace.open(old) as ws:
        ws.set_review("k", "甲", status=Status.REJECTED, note="旧版本的意见")
    fuxin.write_text(fuxin.read_text(encoding="utf-8") + "\n（更正版）\n", encoding="utf-8")
    new = audit_path(fuxin)
    assert new.sha256 != old.sha256
    ws = Workspace.open(new)
    assert ws.sha_mismatch == old.sha256
    assert ws.review("k") is None  # nothing of the old version leaks into the new one
    view = ws.version_view(old.sha256)
    review = view.review("k")
    assert review is not None and review.note == "旧版本的意见"
    with pytest.raises(WorkspaceReadOnly):
        view.set_review("k", "甲", status=Status.PENDING)
    view.close()
    ws.start_new_version("甲")
    ws.close()
    with Workspace.open(new) as again:
        assert again.sha_mismatch is None
        assert {v[0] for v in again.versions()} == {new.sha256, old.sha256}


def test_opened_but_never_reviewed_version_does_not_count_as_mismatch(fuxin: Path) -> None:
    Workspace.open(audit_path(fuxin)).close()
    fuxin.write_text(fuxin.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with Workspace.open(audit_path(fuxin)) as ws:
        assert ws.sha_mismatch is None


def test_session_correction_clears_findings_and_keeps_reviews(fuxin: Path) -> None:
    report = audit_path(fuxin)
    session = ReviewSession(report, Workspace.open(report))
    assert len(session.findings) == 3
    row_total = next(f for f in session.findings if f.rule == "apply.row_total")
    assert row_total in session.findings_of_cell("apply/3.7/social")
    # The three broken relations are one problem: reviewing one finding reviews the problem.
    assert len(session.problems) == 1 and len(session.open_problems()) == 1
    session.set_status(row_total, Status.CONFIRMED, "张审计")
    session.set_note(row_total, "社会公益组织栏误填", "张审计")
    assert session.open_findings() == [] and session.open_problems() == []

    gone = session.correct("apply/3.7/social", 0, "张审计")
    assert {f.rule for f in gone} == {"apply.row_total", "apply.processed_total", "apply.balance"}
    assert session.findings == []
    assert session.value("apply/3.7/social") == 0
    # The problem stays listed, 已更正, with the correction that resolved it and its note.
    (problem,) = session.problems
    assert session.status(problem) is Status.CORRECTED
    assert [(c.printed_raw, c.corrected_value) for c in session.corrections_of(problem)] == [("1", 0)]
    assert session.review(problem).note == "社会公益组织栏误填"

    # Undoing the correction brings the findings back, with the review they had.
    session.clear_correction("apply/3.7/social", "张审计")
    back = next(f for f in session.findings if f.rule == "apply.row_total")
    assert session.status(back) is Status.CONFIRMED
    review = session.review(back)
    assert review is not None and review.note == "社会公益组织栏误填"

    # Entering the printed value again is not a correction.
    session.correct("apply/3.7/social", 1, "张审计")
    assert session.corrections == {}
    session.workspace.close()


def test_session_reopens_with_corrections(fuxin: Path) -> None:
    report = audit_path(fuxin)
    s1 = ReviewSession(report, Workspace.open(report))
    s1.correct("apply/3.7/social", 0, "张审计")
    s1.workspace.close()
    s2 = ReviewSession(report, Workspace.open(report))
    assert s2.findings == []
    assert s2.corrections["apply/3.7/social"].printed_raw == "1"
    s2.workspace.close()


def test_choices_persist_per_version_and_are_recorded(fuxin: Path, cn_tmp: Path) -> None:
    report = audit_path(fuxin)
    previous = str(cn_tmp / "阜新市 2019 年报.txt")
    with Workspace.open(report) as ws:
        assert ws.choice("pair.previous") is None and ws.choices() == {}
        ws.set_choice("pair.previous", previous, "张审计")
        ws.set_choice("consolidation.parts", ["甲.txt", "乙.txt"], "张审计")
        ws.set_choice("body.kind", "department", "张审计")
        ws.set_choice("body.kind", None, "张审计")
    with Workspace.open(report) as ws:
        assert ws.choices() == {"pair.previous": previous, "consolidation.parts": ["甲.txt", "乙.txt"]}
        assert [(e.kind, e.subject) for e in ws.events(limit=2)] == [("choice", "body.kind")] * 2
        assert ws.sha_mismatch is None
        with ws.version_view(ws.sha256) as old, pytest.raises(WorkspaceReadOnly):
            old.set_choice("body.kind", "government", "张审计")
    fuxin.write_text(fuxin.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with Workspace.open(audit_path(fuxin)) as ws:
        assert ws.choices() == {}  # a changed file starts without the old choices, like its reviews


def test_session_takes_findings_from_other_reports(fuxin: Path) -> None:
    report = audit_path(fuxin)
    session = ReviewSession(report, Workspace.open(report))
    extra = Finding("carry.apply_forward", Severity.ERROR, "上年结转不符", cells=("apply/2/total",))
    assert session.replace_report_findings([*report.findings, extra]) == []
    assert extra in session.findings and session.findings_of_cell("apply/2/total") == [extra]
    gone = session.replace_report_findings([f for f in report.findings if f is not extra])
    assert gone == [extra] and extra not in session.findings
    session.workspace.close()


def test_finding_keys_ignore_numbers_in_messages() -> None:
    a = Finding("apply.row_total", Severity.ERROR, "相差 1", cells=("apply/1/total", "apply/1/natural"))
    b = Finding("apply.row_total", Severity.ERROR, "相差 2", cells=("apply/1/natural", "apply/1/total"))
    assert finding_key(a) == finding_key(b)
    t1 = Finding("narrative.count", Severity.WARNING, "正文", source=Source(10, 20))
    t2 = Finding("narrative.count", Severity.WARNING, "正文", source=Source(30, 40))
    assert finding_key(t1) != finding_key(t2)
    assert finding_key(Finding("document.note", Severity.WARNING, "第 3 页无文字层")).startswith("document.note#")


def test_wal_and_full_sync(fuxin: Path) -> None:
    with Workspace.open(audit_path(fuxin)) as ws:
        conn = sqlite3.connect(ws.db_path)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        conn.close()
        assert ws._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_data_survives_a_killed_process(fuxin: Path, data_home: Path) -> None:
    """A process writes, says so, and is killed without any chance to clean up: the data is there."""
    script = textwrap.dedent(
        f"""
        import sys, time
        from gkaudit.audit import audit_path
        from gkaudit.workspace import ReviewSession, Status, Workspace
        report = audit_path({str(fuxin)!r})
        session = ReviewSession(report, Workspace.open(report))
        finding = session.findings[0]
        session.set_status(finding, Status.CONFIRMED, "张审计")
        session.set_note(finding, "断电前写入的备注", "张审计")
        session.correct("apply/3.7/social", 0, "张审计")
        print("written", flush=True)
        time.sleep(60)
        """
    )
    env = dict(os.environ, **{ENV_DATA_DIR: str(data_home)})
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "written"
    finally:
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
        proc.wait(10)
    report = audit_path(fuxin)
    with Workspace.open(report) as ws:
        assert ws.corrections()["apply/3.7/social"].corrected_value == 0
        reviews = list(ws.reviews().values())
        assert len(reviews) == 1
        assert (reviews[0].status, reviews[0].note) == (Status.CONFIRMED, "断电前写入的备注")


# ---------------------------------------------------------------- failing loudly, losing nothing


def _reviewed_workspace(fuxin: Path, n: int = 300) -> Path:
    report = audit_path(fuxin)
    with Workspace.open(report) as ws:
        for i in range(n):
            ws.set_review(f"key-{i}", "张审计", status=Status.CONFIRMED, note="备注" * 20)
        return ws.db_path


def test_empty_workspace_is_reported_not_opened_as_new(fuxin: Path) -> None:
    from gkaudit.workspace import WorkspaceDamaged, set_aside

    db = _reviewed_workspace(fuxin)
    db.write_bytes(b"")  # truncated by a crash of the disk or a careless copy
    with pytest.raises(WorkspaceDamaged) as exc:
        Workspace.open(audit_path(fuxin))
    assert "空的" in str(exc.value) and exc.value.db_path == db
    assert db.exists() and db.stat().st_size == 0  # nothing overwritten until the auditor chooses
    aside = set_aside(db)
    assert aside.exists() and not db.exists()
    with Workspace.open(audit_path(fuxin)) as ws:  # starting anew after the choice
        assert ws.reviews() == {}
    assert aside.exists()


def test_damaged_page_is_found_on_open(fuxin: Path) -> None:
    from gkaudit.workspace import WorkspaceDamaged, set_aside

    db = _reviewed_workspace(fuxin)
    page = 4096
    data = bytearray(db.read_bytes())
    assert len(data) > 6 * page
    data[3 * page : 4 * page] = bytes((i * 37) % 256 for i in range(page))
    db.write_bytes(bytes(data))
    with pytest.raises(WorkspaceDamaged) as exc:
        Workspace.open(audit_path(fuxin))
    message = str(exc.value)
    assert "损坏" in message and "malformed" not in message and "Error" not in message
    original = db.read_bytes()
    aside = set_aside(db)
    assert aside.read_bytes() == original  # kept aside whole, for recovery


def test_foreign_database_is_not_taken_for_a_workspace(fuxin: Path) -> None:
    from gkaudit.workspace import WorkspaceDamaged

    db = workspace_file(fuxin)
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE reviews (a, b)")
    conn.execute("CREATE TABLE meta (key, value)")
    conn.commit()
    conn.close()
    with pytest.raises(WorkspaceDamaged, match="reviews"):
        Workspace.open(audit_path(fuxin))


def test_lock_held_by_another_program_keeps_the_change_for_a_retry(
    fuxin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gkaudit import workspace
    from gkaudit.workspace import WorkspaceBusy

    monkeypatch.setattr(workspace, "BUSY_TIMEOUT", 0.2)
    report = audit_path(fuxin)
    session = ReviewSession(report, Workspace.open(report))
    finding = session.findings[0]
    other = sqlite3.connect(session.workspace.db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program writing, and taking its time
    with pytest.raises(WorkspaceBusy) as exc:
        session.set_status(finding, Status.CONFIRMED, "张审计")
    assert "占用" in str(exc.value) and "locked" not in str(exc.value)
    assert session.status(finding) is Status.PENDING  # not pretended saved
    other.execute("COMMIT")
    other.close()
    session.set_status(finding, Status.CONFIRMED, "张审计")  # the same change, retried
    key = session.problem(finding).key  # type: ignore[union-attr]
    session.workspace.close()
    with Workspace.open(report) as ws:
        assert ws.review(key).status is Status.CONFIRMED  # type: ignore[union-attr]
