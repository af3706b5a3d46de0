"""The one worker helper: results on the main thread, failures as one-line reasons, cancel, order."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread

from gkaudit.model import ReadError
from ui.worker import ItemResult, TaskRunner


def _unreadable(_path: str) -> None:
    raise ReadError("文件为空")


def test_run_delivers_on_the_main_thread(qtbot) -> None:
    runner = TaskRunner()
    main = QThread.currentThread()
    seen: dict[str, object] = {}

    def work(x: int) -> int:
        seen["worker"] = threading.current_thread() is not threading.main_thread()
        return x * 2

    task = runner.run(work, 21)
    task.finished.connect(lambda value: seen.update(value=value, thread=QThread.currentThread()))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert seen == {"worker": True, "value": 42, "thread": main}
    assert runner.active() == 0


def test_failure_is_a_one_line_reason(qtbot) -> None:
    runner = TaskRunner()
    task = runner.run(_unreadable, "x.txt")
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        pass
    assert blocker.args == ["文件为空"]
    task = runner.run(lambda: 1 / 0)
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        pass
    assert blocker.args[0].startswith("内部错误：") and "ZeroDivisionError" not in blocker.args[0]


def test_map_reports_items_in_order_and_keeps_going_after_a_failure(qtbot) -> None:
    runner = TaskRunner()
    items = [1, 2, 0, 4]
    task = runner.map(lambda x: 12 // x, items)
    got: list[ItemResult] = []
    progress: list[tuple[int, int]] = []
    task.item.connect(got.append)
    task.progress.connect(lambda done, total, _text: progress.append((done, total)))
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:
        pass
    assert [r.index for r in got] == [0, 1, 2, 3]
    assert [r.value for r in got] == [12, 6, None, 3]
    assert got[2].error is not None and got[2].error.startswith("内部错误") and "ZeroDivisionError" not in got[2].error
    assert progress[-1] == (4, 4)
    assert blocker.args[0] == got


def test_cancel_skips_the_queued_items(qtbot) -> None:
    runner = TaskRunner()
    gate = threading.Event()

    def slow(x: int) -> int:
        gate.wait(5)
        time.sleep(0.01)
        return x

    task = runner.map(slow, list(range(50)))
    got: list[ItemResult] = []
    task.item.connect(got.append)
    task.cancel()
    gate.set()
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        pass
    assert len(got) <= 1  # at most the item already running when cancel came
    assert task.done and runner.active() == 0


def test_a_render_overtakes_a_queued_batch(qtbot) -> None:
    from ui.worker import PRIORITY_RENDER

    runner = TaskRunner()
    order: list[str] = []
    batch = runner.map(lambda x: order.append(f"item{x}") or time.sleep(0.005), list(range(20)))
    render = runner.run(lambda: order.append("render"), priority=PRIORITY_RENDER)
    with qtbot.waitSignal(batch.finished, timeout=5000):
        pass
    assert render.done
    assert order.index("render") < 5


def test_map_in_worker_processes(qtbot) -> None:
    runner = TaskRunner()
    task = runner.map(int, ["1", "x", "3", "40"], processes=2)
    with qtbot.waitSignal(task.finished, timeout=30000) as blocker:
        pass
    results = blocker.args[0]
    assert [r.index for r in results] == [0, 1, 2, 3]
    assert [r.value for r in results] == [1, None, 3, 40]
    assert results[1].error is not None and results[1].error.startswith("内部错误") and "ValueError" not in results[1].error


def test_a_worker_process_that_dies_is_reported_not_fatal(qtbot) -> None:
    import os

    runner = TaskRunner()
    task = runner.map(os._exit, [3], processes=1)  # the worker process exits mid-item, twice
    with qtbot.waitSignal(task.finished, timeout=30000) as blocker:
        pass
    assert blocker.args[0][0].error == "审计此文件时进程意外退出（文件可能已损坏）"


def test_cancel_a_process_map(qtbot) -> None:
    runner = TaskRunner()
    task = runner.map(time.sleep, [0.05] * 200, processes=1)
    got: list[ItemResult] = []
    task.item.connect(got.append)
    qtbot.waitUntil(lambda: len(got) >= 1, timeout=30000)
    task.cancel()
    with qtbot.waitSignal(task.cancelled, timeout=30000):
        pass
    assert len(got) < 50
