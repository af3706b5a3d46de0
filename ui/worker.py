"""The one worker helper: run functions off the GUI thread and hand their results back on it.

Which thread may do what:

- The **main (GUI) thread** creates tasks with ``TaskRunner.run`` / ``TaskRunner.map``, connects
  to their signals and cancels them. Every signal of a ``Task`` is emitted on the main thread, so
  slots may touch widgets, models and the audit workspace freely.
- The **worker thread** runs the submitted function and nothing else. The function must not touch
  widgets, models, QSettings or the workspace (its SQLite connection belongs to the main thread);
  it gets its input as arguments and gives back a value (a ``QImage`` is fine, a ``QPixmap`` is not).
  A function run with ``context=True`` also gets a ``TaskContext`` to report progress and to see
  a cancellation; a ``map`` checks for cancellation between items itself.
- There is **one worker thread** on purpose: the audit is pure Python (more threads would only
  fight over the GIL) and pdfium, which reads and renders PDFs, must never run in two threads at
  once. Page rendering is submitted with a higher priority so it overtakes queued work.
- A **batch** (``map(..., processes=N)``) runs in worker *processes* instead: no GIL shared with
  the GUI, several CPUs used, and a report that crashes its reader (pdfium on a damaged PDF)
  takes down a worker process, not the window. The function and its items must be picklable
  and the function importable without Qt (``ui.batchjob``). Results come back through the same
  signals, on the main thread; items then finish in any order (``ItemResult.index`` says which).
- The GUI thread needs the GIL for every Python call Qt makes (each ``data()`` of a model while
  painting). With the default 5 ms switch interval a busy worker thread makes each such call wait
  up to 5 ms (a repaint stalled 100–200 ms in a threaded batch); ``TaskRunner`` lowers it to 1 ms.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

from gkaudit.model import ReadError
from gkaudit.reading import failure_reason

GIL_SWITCH_INTERVAL = 0.001
PRIORITY_BATCH = 0
PRIORITY_OPEN = 5
PRIORITY_RENDER = 10


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One item of a ``map``: its input and either its value or a one-line reason it failed."""

    index: int
    input: Any
    value: Any = None
    error: str | None = None


def batch_processes() -> int:
    """Worker processes for a batch: one CPU is left to the window (and to Qt's own threads)."""
    return max(1, min(4, (os.cpu_count() or 2) - 1))


def describe_error(exc: BaseException) -> str:
    """The one-line reason shown to the auditor."""
    if isinstance(exc, ReadError):
        return str(exc)
    return f"内部错误：{failure_reason(exc)}"


class _Relay(QObject):
    """Carries results from the worker thread to its task on the main thread (queued signals)."""

    progress = Signal(int, int, str)
    done = Signal(object)
    error = Signal(str)
    item = Signal(object)
    update = Signal(object)


class TaskContext:
    """Handed to a function run with ``context=True``; safe to use from the worker thread."""

    def __init__(self, relay: _Relay, cancel: threading.Event) -> None:
        self._relay = relay
        self._cancel = cancel

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._relay.progress.emit(done, total, text)

    def update(self, value: object) -> None:
        """Hand an intermediate result to the main thread (the task's ``update`` signal)."""
        self._relay.update.emit(value)


class Task(QObject):
    """A unit of background work, seen from the main thread.

    Signals (all emitted on the main thread; exactly one of the last three ends a task):
        progress(int done, int total, str text): a step finished.
        update(object): an intermediate result of a function run with ``context=True``.
        item(ItemResult): one item of a ``map`` finished (in input order on the worker thread, in
            any order with worker processes).
        finished(object): the function's value (``run``) or the list of ``ItemResult`` (``map``).
        failed(str): the function raised; a one-line reason (``run`` only — ``map`` reports per item).
        cancelled(): the task was cancelled before it finished.
    """

    progress = Signal(int, int, str)
    update = Signal(object)
    item = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, total: int, on_end: Callable[[Task], None]) -> None:
        super().__init__()
        self.total = total
        self.done = False
        self.results: list[ItemResult] = []
        self._skipped = 0
        self._cancel = threading.Event()
        self._on_end = on_end
        self._on_cancel: list[Callable[[], None]] = []
        self.relay = _Relay()
        queued = Qt.ConnectionType.QueuedConnection  # also when a result is reported from the main thread
        self.relay.progress.connect(self._relay_progress, queued)
        self.relay.done.connect(self._relay_done, queued)
        self.relay.error.connect(self._relay_error, queued)
        self.relay.item.connect(self._relay_item, queued)
        self.relay.update.connect(self._relay_update, queued)

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def cancel_event(self) -> threading.Event:
        return self._cancel

    def cancel(self) -> None:
        """Ask the task to stop; it ends with ``cancelled`` (queued items are skipped, not run)."""
        self._cancel.set()
        for callback in self._on_cancel:
            callback()

    @Slot(int, int, str)
    def _relay_progress(self, done: int, total: int, text: str) -> None:
        if not self.done:
            self.progress.emit(done, total, text)

    @Slot(object)
    def _relay_update(self, value: object) -> None:
        if not self.done:
            self.update.emit(value)

    @Slot(object)
    def _relay_done(self, value: object) -> None:
        if self.is_cancelled:
            self._end(self.cancelled.emit)
        else:
            self._end(lambda: self.finished.emit(value))

    @Slot(str)
    def _relay_error(self, reason: str) -> None:
        if self.is_cancelled:
            self._end(self.cancelled.emit)
        else:
            self._end(lambda: self.failed.emit(reason))

    @Slot(object)
    def _relay_item(self, result: ItemResult | None) -> None:
        if result is None:
            self._skipped += 1
        else:
            self.results.append(result)
            self.item.emit(result)
            self.progress.emit(len(self.results), self.total, str(result.input))
        if len(self.results) + self._skipped == self.total:
            if self.is_cancelled:
                self._end(self.cancelled.emit)
            else:
                self.results.sort(key=lambda r: r.index)
                self._end(lambda: self.finished.emit(self.results))

    def _end(self, emit: Callable[[], None]) -> None:
        if self.done:
            return
        self.done = True
        emit()
        self._on_end(self)


class TaskRunner(QObject):
    """Submits functions to the single worker thread; keeps each task alive until it ends."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if sys.getswitchinterval() > GIL_SWITCH_INTERVAL:
            sys.setswitchinterval(GIL_SWITCH_INTERVAL)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._tasks: set[Task] = set()

    def run(self, fn: Callable[..., Any], *args: Any, priority: int = PRIORITY_OPEN,
            context: bool = False, own_thread: bool = False) -> Task:
        """Run ``fn(*args)`` (``fn(ctx, *args)`` with ``context=True``) on the worker thread.

        ``own_thread``: on a thread of its own instead, for long work that mostly waits on worker
        processes (a batch), so reports can still be opened and pages rendered meanwhile.
        """
        task = self._new(1)
        job = partial(_run_one, task.relay, task.cancel_event, fn, args, context)
        if own_thread:
            threading.Thread(target=job, name="gkaudit-batch", daemon=True).start()
        else:
            self._pool.start(job, priority)
        return task

    def map(self, fn: Callable[[Any], Any], items: Sequence[Any], priority: int = PRIORITY_BATCH,
            processes: int = 0) -> Task:
        """Run ``fn(item)`` for every item; ``item`` reports each as it ends.

        On the worker thread (``processes=0``) items run one after the other, each queued on its
        own so higher-priority work (page rendering) runs between them. With ``processes=N`` they
        run in N worker processes.
        """
        task = self._new(len(items))
        if not items:
            task._end(lambda: task.finished.emit([]))
            return task
        if processes > 0:
            _ProcessMap(task, fn, list(items), processes)
            return task
        for i, x in enumerate(items):
            self._pool.start(partial(_run_item, task.relay, task.cancel_event, fn, i, x), priority)
        return task

    def active(self) -> int:
        return len(self._tasks)

    def shutdown(self, wait_ms: int = 3000) -> bool:
        """Cancel everything and wait for the running function to return (at exit)."""
        for task in list(self._tasks):
            task.cancel()
        self._pool.clear()
        return self._pool.waitForDone(wait_ms)

    def _new(self, total: int) -> Task:
        task = Task(total, self._tasks.discard)
        self._tasks.add(task)
        return task


# ---------------------------------------------------------------- worker thread side


def _run_one(relay: _Relay, cancel: threading.Event, fn: Callable[..., Any], args: tuple[Any, ...],
             context: bool) -> None:
    if cancel.is_set():
        relay.error.emit("已取消")
        return
    try:
        value = fn(TaskContext(relay, cancel), *args) if context else fn(*args)
    except Exception as exc:  # reported to the main thread, which shows it; never lost in a thread
        relay.error.emit(describe_error(exc))
        return
    relay.done.emit(value)


def _run_item(relay: _Relay, cancel: threading.Event, fn: Callable[[Any], Any], index: int, item: Any) -> None:
    if cancel.is_set():
        relay.item.emit(None)
        return
    try:
        result = ItemResult(index, item, value=fn(item))
    except Exception as exc:  # one bad report must not stop a batch
        result = ItemResult(index, item, error=describe_error(exc))
    relay.item.emit(result)


class _ProcessMap:
    """The process side of ``TaskRunner.map``: a spawn-based pool, restarted once if a worker dies.

    Futures complete on the pool's own thread; results go to the task through its relay (queued
    signals), like the worker thread's. An item whose worker process died is tried once more in a
    fresh pool; if it kills that one too it is reported as failed.
    """

    def __init__(self, task: Task, fn: Callable[[Any], Any], items: list[Any], processes: int) -> None:
        self.task, self.fn, self.items, self.processes = task, fn, items, processes
        self.lock = threading.Lock()
        self.retried: set[int] = set()
        self.executor = self._new_executor()
        task._on_cancel.append(self.cancel)
        task.finished.connect(self.close)
        task.cancelled.connect(self.close)
        task.backend = self  # type: ignore[attr-defined]  # kept alive as long as the task
        # Starting worker processes takes 50–100 ms: do it (on the first submit) off the GUI thread.
        threading.Thread(target=self._submit_all, name="gkaudit-batch-submit", daemon=True).start()

    def _submit_all(self) -> None:
        for i in range(len(self.items)):
            self._submit(self.executor, i)

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.processes, mp_context=multiprocessing.get_context("spawn"))

    def _submit(self, executor: ProcessPoolExecutor, i: int) -> None:
        if self.task.cancel_event.is_set():
            self.task.relay.item.emit(None)
            return
        try:
            future = executor.submit(self.fn, self.items[i])
        except (BrokenProcessPool, RuntimeError):  # shut down by a cancel, or broken meanwhile
            self.task.relay.item.emit(None if self.task.cancel_event.is_set() else
                                      ItemResult(i, self.items[i], error="审计进程已停止"))
            return
        future.add_done_callback(partial(self._done, executor, i))

    def _done(self, executor: ProcessPoolExecutor, i: int, future: Future[Any]) -> None:
        relay = self.task.relay
        if future.cancelled():
            relay.item.emit(None)
            return
        exc = future.exception()
        if isinstance(exc, BrokenProcessPool) and not self.task.cancel_event.is_set():
            with self.lock:
                retry = i not in self.retried
                self.retried.add(i)
                if retry and executor is self.executor:
                    executor.shutdown(wait=False, cancel_futures=True)
                    self.executor = self._new_executor()
                fresh = self.executor
            if retry:
                self._submit(fresh, i)
                return
            relay.item.emit(ItemResult(i, self.items[i], error="审计此文件时进程意外退出（文件可能已损坏）"))
            return
        if exc is not None:
            relay.item.emit(ItemResult(i, self.items[i], error=describe_error(exc)))
        else:
            relay.item.emit(ItemResult(i, self.items[i], value=future.result()))

    def cancel(self) -> None:
        with self.lock:
            executor = self.executor
        executor.shutdown(wait=False, cancel_futures=True)

    def close(self, *_args: object) -> None:
        self.executor.shutdown(wait=False)
