"""Workspace problems in the window: a message, never a crash dialog, never a review silently lost."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from gkaudit.workspace import Status, Workspace, workspace_file
from ui import dialogs

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"


@pytest.fixture
def fuxin(tmp_path: Path) -> Path:
    target = tmp_path / "报告" / "阜新市 2020.txt"
    target.parent.mkdir()
    shutil.copy(SAMPLES / "fuxin-2020.txt", target)
    return target


def reviewed(fuxin: Path, n: int = 300) -> Path:
    with Workspace.open(audit_path(fuxin)) as ws:
        for i in range(n):
            ws.set_review(f"key-{i}", "张审计", status=Status.CONFIRMED, note=f"备注 {i}" * 10)
        return ws.db_path


def damage(db: Path, how: str) -> None:
    if how == "empty":
        db.write_bytes(b"")
    else:
        data = bytearray(db.read_bytes())
        data[3 * 4096 : 4 * 4096] = bytes((i * 37) % 256 for i in range(4096))
        db.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["empty", "damaged"])
def test_damaged_workspace_is_told_and_kept(qtbot, window, open_report, fuxin, monkeypatch, how: str) -> None:
    db = reviewed(fuxin)
    damage(db, how)
    before = db.read_bytes()
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_start_anew", lambda _parent, reason: asked.append(reason) or False)
    with qtbot.waitSignal(window.controller.failed, timeout=15000):
        window.open_file(str(fuxin))
    assert len(asked) == 1 and ("损坏" in asked[0] or "空的" in asked[0])
    assert window.session is None and len(window.errors) == 1 and "原样保留" in window.errors[0]
    assert db.read_bytes() == before  # the auditor said no: nothing touched

    monkeypatch.setattr(dialogs, "ask_start_anew", lambda _parent, _reason: True)
    session = open_report(window, fuxin)
    assert session is not None and not session.read_only
    aside = list(db.parent.glob(db.name + ".damaged-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == before  # kept aside whole
    assert "另存为" in window.statusBar().currentMessage()
    window.controller.set_status(session.findings[0], Status.CONFIRMED)
    assert window.session.status(session.findings[0]) is Status.CONFIRMED


def test_a_lock_held_elsewhere_keeps_the_change_pending_then_saves_it(
    qtbot, window, open_report, fuxin, monkeypatch
) -> None:
    from ui import savequeue

    monkeypatch.setattr(savequeue, "RETRY_MS", 100)
    session = open_report(window, fuxin)
    finding = session.findings[0]
    other = sqlite3.connect(workspace_file(fuxin), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    started = time.perf_counter()
    assert window.controller.set_status(finding, Status.CONFIRMED) is False
    assert time.perf_counter() - started < 1.0  # the window is not frozen while it waits
    assert "占用" in window.statusBar().currentMessage()
    assert window.session.status(finding) is Status.PENDING and window.controller.saves.pending == 1
    qtbot.wait(300)
    assert window.controller.saves.pending == 1  # still waiting, still not pretended saved
    other.execute("COMMIT")
    other.close()
    qtbot.waitUntil(lambda: window.controller.saves.pending == 0, timeout=5000)
    assert window.session.status(finding) is Status.CONFIRMED
    assert "已保存" in window.statusBar().currentMessage()
    assert window.errors == []
    with Workspace.open(audit_path(fuxin)) as ws:
        assert ws.reviews()  # on disk


def test_a_lock_that_never_goes_is_told(qtbot, window, open_report, fuxin, monkeypatch) -> None:
    from ui import savequeue

    monkeypatch.setattr(savequeue, "RETRY_MS", 50)
    monkeypatch.setattr(savequeue, "GIVE_UP_SECONDS", 0.3)
    session = open_report(window, fuxin)
    other = sqlite3.connect(workspace_file(fuxin), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        window.controller.set_status(session.findings[0], Status.CONFIRMED)
        qtbot.waitUntil(lambda: bool(window.errors), timeout=5000)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "未保存" in window.errors[0] and "locked" not in window.errors[0]
    assert window.session.status(session.findings[0]) is Status.PENDING


def test_save_queue_keeps_order_and_tells_what_was_lost(qtbot, monkeypatch) -> None:
    from gkaudit.workspace import WorkspaceBusy, WorkspaceDamaged
    from ui import savequeue
    from ui.savequeue import SaveQueue

    monkeypatch.setattr(savequeue, "FLUSH_SECONDS", 0.2)
    queue = SaveQueue()
    problems: list[str] = []
    queue.problem.connect(problems.append)
    locked = [True]
    saved: list[str] = []

    def write(name: str):  # type: ignore[no-untyped-def]
        def run() -> str:
            if locked[0]:
                raise WorkspaceBusy("占用")
            return name
        return run

    assert queue.submit(write("a"), saved.append, "甲") is False
    locked[0] = False
    assert queue.submit(write("b"), saved.append, "乙") is False  # behind 甲, not before it
    queue.retry()
    assert saved == ["a", "b"] and queue.pending == 0

    def broken() -> None:
        raise WorkspaceDamaged("审核工作区文件已损坏", Path("x"))

    assert queue.submit(broken, saved.append, "丙") is False
    assert "未保存：丙" in problems[-1]
    locked[0] = True
    queue.submit(write("c"), saved.append, "丁")
    assert queue.flush() is False and "丁" in problems[-1] and saved == ["a", "b"]
