"""One audit of one file in a child process with a time and a memory budget; overruns end in one line.

The readers are bounded by design; this is the second wall, for what they did not foresee. A file
is audited in a child process (``Isolator``) whose address space is limited (``RLIMIT_AS``, where
the OS has it) and which is killed when the audit takes longer than the time budget. The child is
kept for the next file and replaced after it was killed or ran out of memory, so a batch pays the
start-up (imports) once. Where ``resource`` is missing (Windows) only the time budget applies.

Which thread may do what: an ``Isolator`` is used by one thread at a time; ``audit_isolated`` may
be called from any thread (it takes an idle child from a shared pool, or starts one).
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar, cast

from gkaudit.model import AuditReport, ReadError

T = TypeVar("T")
# (pages read, pages to read) as a scanned report is read in the child; called on the caller's thread.
PageProgress = Callable[[int, int], None]
_POLL = 0.05  # seconds between looks at the cancel flag while an audit runs
START_TIMEOUT = 120.0  # a child's imports on a slow, busy machine; not part of any file's budget
# Each page read by OCR adds this to the time budget: a long scanned report is not a hostile file,
# and a page that takes longer than this (3 s is usual) still ends the audit.
OCR_PAGE_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class Limits:
    """The budget of one audit: wall-clock seconds, and megabytes of memory above the child's
    start-up size (its imports). ``None`` means no limit."""

    seconds: float | None = 60.0
    memory_mb: int | None = 1024


DEFAULT_LIMITS = Limits()


def timeout_reason(seconds: float) -> str:
    return f"审计超时（超过 {seconds:g} 秒），已停止；文件可能是恶意构造的或异常复杂"


MEMORY_REASON = "审计所需内存超出上限，已停止；文件可能是恶意构造的（如压缩炸弹）"
CRASH_REASON = "审计此文件时进程意外退出（可能超出内存上限，或文件已损坏）"
CANCELLED_REASON = "已取消"


class Isolator:
    """A child process that audits files one at a time within ``limits``."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self._proc: Any = None
        self._conn: Connection | None = None

    def audit(self, path: str | Path, cancelled: Callable[[], bool] | None = None,
              progress: PageProgress | None = None, ocr: str | None = None) -> AuditReport | ReadError:
        """The report of ``path``, or a ``ReadError`` saying in one line why there is none."""
        value = self.run(path, None, cancelled, progress, ocr)
        return value if isinstance(value, AuditReport | ReadError) else ReadError(CRASH_REASON)

    def run(self, path: str | Path, then: Callable[[AuditReport], T] | None,
            cancelled: Callable[[], bool] | None = None, progress: PageProgress | None = None,
            ocr: str | None = None) -> T | AuditReport | ReadError:
        """``then(report)`` computed in the child (a module-level function: it is sent by name), or
        the report when ``then`` is None; a ``ReadError`` when there is no report. A batch sends
        back a small summary instead of a whole report.

        ``progress`` hears each scanned page read (from this thread); ``ocr`` ("auto"/"never")
        overrides the child's ``GKAUDIT_OCR`` for this file. Cancelling kills the child at once.
        """
        try:
            conn = self._child()
            conn.send((str(path), then, ocr))
        except (OSError, EOFError):
            self.close()
            return ReadError(CRASH_REASON)
        started = time.monotonic()
        budget = self.limits.seconds
        while True:
            while not conn.poll(_POLL):
                if cancelled is not None and cancelled():
                    self.close()
                    return ReadError(CANCELLED_REASON)
                if budget is not None and time.monotonic() - started > budget:
                    self.close()
                    return ReadError(timeout_reason(budget))
            try:
                kind, value = conn.recv()
            except (OSError, EOFError):  # the child died: killed by the OS for memory, or a reader crashed
                self.close()
                return ReadError(CRASH_REASON)
            if kind != "page":
                break
            done, total = value
            if budget is not None and done > 0:
                budget += OCR_PAGE_SECONDS
            if progress is not None:
                progress(done, total)
        if kind == "memory":
            self.close()  # a fresh child for the next file, with its whole budget
        return value

    def start(self) -> None:
        """Start the child now (from the main thread, before others exist, it can be forked)."""
        try:
            self._child()
        except (OSError, EOFError):
            self.close()

    def _child(self) -> Connection:
        if self._proc is not None and self._proc.is_alive() and self._conn is not None:
            return self._conn
        self.close()
        ctx: Any = multiprocessing.get_context(start_method())
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child, self.limits.memory_mb), daemon=True,
                           name="gkaudit-audit")
        proc.start()
        child.close()
        self._proc, self._conn = proc, parent
        # The budget is the file's: wait until the child has its libraries loaded.
        if not parent.poll(START_TIMEOUT) or parent.recv() != "ready":
            raise OSError("the audit process did not start")
        return parent

    def close(self) -> None:
        """Stop the child (killed if busy)."""
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            conn.close()
        if proc is not None:
            if proc.is_alive():
                proc.kill()
            proc.join(5)

    def __enter__(self) -> Isolator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def start_method() -> str:
    """``fork`` where it is safe and cheap (Linux, a process with one thread and no Qt: the command
    line, a batch's worker process): the child starts in milliseconds. ``spawn`` otherwise: forking
    a process that runs Qt or other threads can deadlock the child, and Windows has nothing else."""
    if (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and "PySide6" not in sys.modules and threading.active_count() == 1):
        return "fork"
    return "spawn"


_lock = threading.Lock()
_idle: dict[Limits, list[Isolator]] = {}  # children waiting for a file, per budget
_all: list[Isolator] = []


def _take(limits: Limits) -> Isolator:
    with _lock:
        idle = _idle.get(limits)
        if idle:
            return idle.pop()
        isolator = Isolator(limits)
        _all.append(isolator)
        return isolator


def _give_back(isolator: Isolator) -> None:
    with _lock:
        _idle.setdefault(isolator.limits, []).append(isolator)


def audit_isolated(path: str | Path, limits: Limits = DEFAULT_LIMITS,
                   cancelled: Callable[[], bool] | None = None, progress: PageProgress | None = None,
                   ocr: str | None = None) -> AuditReport | ReadError:
    """Audit one file in a child process within ``limits``: the report, or why there is none.

    Safe from any thread. The child is kept for the next file (of any thread); it ends with the process.
    ``progress`` and ``ocr`` as for ``Isolator.run``.
    """
    isolator = _take(limits)
    try:
        return isolator.audit(path, cancelled, progress, ocr)
    finally:
        _give_back(isolator)


def run_isolated(path: str | Path, then: Callable[[AuditReport], T], limits: Limits = DEFAULT_LIMITS,
                 cancelled: Callable[[], bool] | None = None) -> T | ReadError:
    """``then(report)`` of ``path``, computed in a child process within ``limits``; or why there is none."""
    isolator = _take(limits)
    try:
        return cast("T | ReadError", isolator.run(path, then, cancelled))
    finally:
        _give_back(isolator)


def prestart(limits: Limits = DEFAULT_LIMITS) -> None:
    """Start a child ahead of the first file (a window calls it on its worker at start-up)."""
    isolator = _take(limits)
    try:
        isolator.start()
    finally:
        _give_back(isolator)


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def audit_files(paths: Iterable[str | Path], limits: Limits = DEFAULT_LIMITS, workers: int | None = None,
                cancelled: Callable[[], bool] | None = None,
                ocr: str | None = None) -> Iterator[tuple[Path, AuditReport | ReadError]]:
    """Audit many files, each in a child process within ``limits``, ``workers`` at a time; yields
    (path, report or reason) in the order of ``paths``. A file that overruns costs only its own child.
    ``ocr`` ("auto"/"never") as for ``Isolator.run``."""
    files = [Path(p) for p in paths]
    workers = max(1, min(workers or default_workers(), len(files)))
    if workers == 1:
        for path in files:
            yield path, audit_isolated(path, limits, cancelled, ocr=ocr)
        return
    isolators = [Isolator(limits) for _ in range(workers)]
    for isolator in isolators:
        isolator.start()  # before the threads below exist, so the children can be forked
    free: queue.SimpleQueue[Isolator] = queue.SimpleQueue()
    for isolator in isolators:
        free.put(isolator)

    def one(path: Path) -> AuditReport | ReadError:
        isolator = free.get()
        try:
            return isolator.audit(path, cancelled, ocr=ocr)
        finally:
            free.put(isolator)

    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="gkaudit-audit") as pool:
            yield from zip(files, pool.map(one, files), strict=True)
    finally:
        for isolator in isolators:
            isolator.close()


def audit_within_budget(path: str | Path, limits: Limits = DEFAULT_LIMITS,
                        cancelled: Callable[[], bool] | None = None, progress: PageProgress | None = None,
                        ocr: str | None = None) -> AuditReport:
    """``audit_isolated`` for callers that expect ``audit_path``: the report, or ``ReadError`` raised."""
    result = audit_isolated(path, limits, cancelled, progress, ocr)
    if isinstance(result, ReadError):
        raise result
    return result


@atexit.register
def _close_all() -> None:
    for isolator in _all:
        isolator.close()


# ---------------------------------------------------------------- the child's side


def _serve(conn: Connection, memory_mb: int | None) -> None:
    """The child: audit every path it is sent, each within the memory budget, until the pipe closes."""
    from gkaudit.audit import audit_path

    conn.send("ready")
    while True:
        try:
            path, then, ocr = conn.recv()
        except (EOFError, OSError):
            return
        try:
            _import_reader(path)  # the reader's libraries are not the file's cost
            if memory_mb is not None:
                limit_memory(memory_mb)
            report = audit_path(path, _ocr_options(conn, ocr))
            result: tuple[str, object] = ("ok", report if then is None else then(report))
        except ReadError as exc:
            result = ("error", exc)
        except MemoryError:
            result = ("memory", ReadError(MEMORY_REASON))
        except RecursionError:
            result = ("error", ReadError("文件结构嵌套过深，无法审计（文件可能是恶意构造的）"))
        except Exception:  # a bug must not stop a batch; it is reported like a bad file, in words
            result = ("error", ReadError("内部错误：审计程序未能处理此文件，请把文件发给开发者"))
        try:
            conn.send(result)
        except (MemoryError, OSError):
            return
        if result[0] == "memory":
            return


def _ocr_options(conn: Connection, mode: str | None) -> Any:
    """The child's OCR options: the mode asked for (else its environment's); each page read is told
    to the parent, which shows it and extends the time budget by it."""
    from gkaudit.reading.scan import OCR_ENV, OcrOptions

    mode = mode or os.environ.get(OCR_ENV) or "auto"
    return OcrOptions(mode=mode, progress=lambda done, total: conn.send(("page", (done, total))))


_READERS = {".pdf": "gkaudit.reading.pdf", ".docx": "gkaudit.reading.docx", ".doc": "gkaudit.reading.docx",
            ".wps": "gkaudit.reading.docx", ".html": "gkaudit.reading.html", ".htm": "gkaudit.reading.html"}
_IMAGES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def _import_reader(path: str) -> None:
    """Import the reader the file's suffix names (the file itself is not opened: it may be a FIFO)."""
    import importlib

    suffix = Path(path).suffix.lower()
    if suffix in _IMAGES or (not suffix and Path(path).is_dir()):
        importlib.import_module("gkaudit.reading.images")
        return
    importlib.import_module(_READERS.get(suffix, "gkaudit.reading.text"))


def limit_memory(memory_mb: int) -> bool:
    """Limit this process's address space to its present size plus ``memory_mb`` (the soft limit,
    set again before each file); False where the OS has no such limit."""
    try:
        import resource
    except ImportError:  # Windows: the time budget still applies
        return False
    budget = _address_space_bytes() + memory_mb * 1024 * 1024
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            budget = min(budget, hard)
        resource.setrlimit(resource.RLIMIT_AS, (budget, hard))
    except (ValueError, OSError):
        return False
    return True


def _address_space_bytes() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 512 * 1024 * 1024  # macOS does not enforce RLIMIT_AS; elsewhere a safe guess
