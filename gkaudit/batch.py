"""Many reports at once: ``audit_batch`` reads them in worker processes and checks them against each other."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gkaudit.audit import attach_consolidation, attach_pair, audit_path, set_body_kind
from gkaudit.crosscheck.pairing import pair_reports
from gkaudit.isolation import Limits
from gkaudit.model import AuditReport, ReadError
from gkaudit.scan import NOT_A_REPORT, is_report, scan_paths

Runner = Callable[[str], AuditReport]  # audits one file (in a worker process); raises ReadError
Progress = Callable[["BatchProgress"], None]


@dataclass(frozen=True, slots=True)
class Choices:
    """What the auditor chose for one report: last year's report, its departments' reports, its kind."""

    previous: str = ""
    parts: tuple[str, ...] = ()
    kind: str | None = None  # "government" or "department"; None: inferred from the body's name


@dataclass(slots=True)
class BatchEntry:
    """One file of a batch: its report, or the one-line reason it could not be audited."""

    path: str
    report: AuditReport | None = None
    error: str | None = None
    previous: str = ""  # last year's report it was checked against, if any
    skipped: str = ""  # found in a folder but not an annual report (a README beside them): why it is left out


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """Reported after each file is read (``stage`` "read") and once the cross-report checks are done."""

    done: int
    total: int
    stage: str  # "read" or "crosscheck"
    entry: BatchEntry | None = None  # the file just read
    index: int = -1  # its place among the batch's files


@dataclass(slots=True)
class BatchResult:
    entries: list[BatchEntry] = field(default_factory=list)  # in input order
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (last year's path, this year's path)
    cancelled: bool = False
    missing: list[str] = field(default_factory=list)  # named paths that do not exist
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (folder, one-line reason)
    folders: list[str] = field(default_factory=list)  # the named folders that were walked

    @property
    def reports(self) -> list[AuditReport]:
        return [e.report for e in self.entries if e.report is not None]

    @property
    def failed(self) -> list[BatchEntry]:
        return [e for e in self.entries if e.report is None and not e.skipped]

    @property
    def skipped(self) -> list[BatchEntry]:
        return [e for e in self.entries if e.skipped]


def describe_error(exc: BaseException) -> str:
    """The one-line reason a file could not be audited."""
    if isinstance(exc, ReadError):
        return str(exc)
    return f"内部错误：{exc}" if str(exc) else "内部错误：读取时出现意外情况"


def default_processes(files: int) -> int:
    """Worker processes for ``files`` files: none for one file, nor on two CPUs or fewer.

    A report costs about 13 ms to audit and 4 ms to send back from a worker, and each worker takes
    about a second to start: on two shared CPUs 300 fresh reports took 5.7 s in workers against
    3.9 s in-process, so small machines read in-process.
    """
    cpus = os.cpu_count() or 1
    if files <= 1 or cpus <= 2:
        return 0
    return min(files, cpus, 8)


def audit_batch(
    paths: Sequence[str | Path],
    *,
    choices: Mapping[str, Choices] | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    runner: Runner | None = None,
    processes: int | None = None,
    pair: bool = True,
    limits: Limits | None = None,
    from_folders: Collection[str] = (),
    ocr: str | None = None,
) -> BatchResult:
    """Audit ``paths`` (files; folders are walked) and check them against each other.

    Reading runs in ``processes`` worker processes (0: in this process) through ``runner`` (by
    default ``audit_path``; a runner must be a module-level function, it is sent to the workers).
    Then the reports of one body in consecutive years are paired (``pair``), and the auditor's
    ``choices`` (by path) are applied: a chosen last-year report replaces the automatic pairing,
    parts are consolidated, a body kind rechecks the deadline. Reports a choice names outside the
    batch are read too. ``cancel`` is asked between files; a cancelled batch returns what it read.

    With ``limits`` each file is audited in a child process within that time and memory budget
    (``gkaudit.isolation``; ``processes`` children at a time), as the CLI and the window do: a file
    that would hang or flood the audit costs only its own child. A file found in a folder that is
    clearly not an annual report is left out as ``skipped``, not counted as a failure
    (``from_folders``: files the caller found by walking a folder itself, treated alike). ``ocr``
    ("auto"/"never", the window's setting) goes to each child; without it the children's
    ``GKAUDIT_OCR`` decides.
    """
    scan = scan_paths([str(p) for p in paths])
    files = [str(p) for p in scan.files]
    from_folders = {str(p) for p in scan.from_folders} | {str(p) for p in from_folders}
    chosen = dict(choices or {})
    result = BatchResult([BatchEntry(p) for p in files], missing=scan.missing, unreadable=scan.unreadable,
                         folders=scan.folders)
    run = runner or audit_path
    stop = cancel or (lambda: False)
    if limits is not None:
        # The children are processes anyway: as many as the CPUs allow (up to four).
        from gkaudit.isolation import default_workers

        reading = _read_isolated(files, limits, processes or default_workers(), stop, ocr)
    else:
        n = default_processes(len(files)) if processes is None else processes
        reading = _read_all(files, run, n, stop)
    for done, (i, value) in enumerate(reading, start=1):
        entry = result.entries[i]
        if isinstance(value, AuditReport):
            if entry.path in from_folders and not is_report(value):
                entry.skipped = NOT_A_REPORT
            else:
                entry.report = value
        else:
            entry.error = value
        if progress is not None:
            progress(BatchProgress(done, len(files), "read", entry, i))
    if stop():
        result.cancelled = True
        return result
    _crosscheck(result, chosen, run, pair)
    if progress is not None:
        progress(BatchProgress(len(files), len(files), "crosscheck"))
    return result


def _read_all(files: list[str], run: Runner, processes: int, stop: Callable[[], bool]
              ) -> Iterator[tuple[int, AuditReport | str]]:
    """(index, report or reason) for each file, in the order they finish."""
    if processes <= 0:
        for i, f in enumerate(files):
            if stop():
                return
            yield i, _read_one(run, f)
        return
    # Imported here: a one-file run never starts a process and need not pay for these.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    pending = list(range(len(files)))
    retried: set[int] = set()
    while pending:
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = {pool.submit(_read_one, run, files[i]): i for i in pending}
            pending = []
            for future in as_completed(futures):
                i = futures[future]
                if stop():
                    pool.shutdown(wait=False, cancel_futures=True)
                    return
                try:
                    yield i, future.result()
                except BrokenProcessPool:
                    # A worker died (a reader crashed on a damaged file): every file it held is tried
                    # once more in a fresh pool; one that kills that pool too is reported.
                    if i in retried:
                        yield i, "审计此文件时进程意外退出（文件可能已损坏）"
                    else:
                        retried.add(i)
                        pending.append(i)


def _read_isolated(files: list[str], limits: Limits, processes: int, stop: Callable[[], bool],
                   ocr: str | None = None) -> Iterator[tuple[int, AuditReport | str]]:
    """(index, report or reason) for each file, each audited in a child process within ``limits``."""
    from gkaudit.isolation import CANCELLED_REASON, audit_files

    for i, (_, value) in enumerate(audit_files(files, limits, workers=max(processes, 1), cancelled=stop, ocr=ocr)):
        if isinstance(value, ReadError) and str(value) == CANCELLED_REASON and stop():
            return
        yield i, value if isinstance(value, AuditReport) else describe_error(value)


def _read_one(run: Runner, path: str) -> AuditReport | str:
    try:
        return run(path)
    except Exception as exc:  # one bad file must not stop a batch; it is reported like an unreadable one
        return describe_error(exc)


def _crosscheck(result: BatchResult, choices: dict[str, Choices], run: Runner, pair: bool) -> None:
    by_path = {e.path: e.report for e in result.entries if e.report is not None}
    outside: dict[str, AuditReport | str] = {}

    def report_at(path: str) -> AuditReport | None:
        found = by_path.get(path) or by_path.get(str(Path(path)))
        if found is not None:
            return found
        if path not in outside:
            outside[path] = _read_one(run, path)
        value = outside[path]
        return value if isinstance(value, AuditReport) else None

    previous: dict[str, AuditReport] = {}
    if pair:
        for prev, curr in pair_reports(result.reports):
            previous[curr.file] = prev
    for path, choice in choices.items():
        if choice.previous and path in by_path:
            chosen = report_at(choice.previous)
            if chosen is not None:
                previous[by_path[path].file] = chosen
    entry_of = {e.report.file: e for e in result.entries if e.report is not None}
    for file, prev in previous.items():
        entry = entry_of[file]
        assert entry.report is not None
        attach_pair(prev, entry.report)
        entry.previous = prev.file
        result.pairs.append((prev.file, file))
    for path, choice in choices.items():
        report = by_path.get(path)
        if report is None:
            continue
        if choice.parts:
            parts = [p for p in (report_at(q) for q in choice.parts) if p is not None]
            attach_consolidation(report, parts)
        if choice.kind:
            set_body_kind(report, choice.kind)
