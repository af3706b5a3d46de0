"""The audit workspace: an auditor's corrections, finding reviews and history for one report, in SQLite.

One database file per report path (in ``paths.workspaces_dir()`` unless a folder is given). Rows
are scoped by the report's SHA-256, so a report whose file changed is noticed (``sha_mismatch``)
instead of silently mixing old notes into the new text. Every change is one transaction, the
journal is WAL with ``synchronous=FULL``: once a setter returns, a crash or a power cut keeps it.

``ReviewSession`` joins an ``AuditReport`` to its workspace: the findings as they stand after the
corrections (``gkaudit.audit.recheck``) and the review of each. Nothing here imports Qt.

It fails loudly, in Chinese, and never loses a review: a damaged or empty file is found on open
(integrity check, expected schema) and raises ``WorkspaceDamaged``; the file is only moved aside
(``set_aside``), never overwritten, when the auditor chooses to start anew. A lock held by another
program past the busy timeout raises ``WorkspaceBusy`` and changes nothing, so the caller can keep
the change and try again.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from gkaudit.model import AuditReport, Finding, Number, finding_key, split_cell_id
from gkaudit.paths import workspaces_dir
from gkaudit.problems import Problem, problems_of

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    sha256 TEXT PRIMARY KEY, path TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS corrections (
    sha256 TEXT NOT NULL, cell_id TEXT NOT NULL, printed_raw TEXT NOT NULL, printed_value TEXT NOT NULL,
    corrected_value TEXT NOT NULL, who TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (sha256, cell_id)
);
CREATE TABLE IF NOT EXISTS reviews (
    sha256 TEXT NOT NULL, finding_key TEXT NOT NULL, rule TEXT NOT NULL, message TEXT NOT NULL,
    status TEXT NOT NULL, note TEXT NOT NULL, who TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (sha256, finding_key)
);
CREATE TABLE IF NOT EXISTS choices (
    sha256 TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, who TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (sha256, key)
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, sha256 TEXT NOT NULL, at TEXT NOT NULL, who TEXT NOT NULL,
    kind TEXT NOT NULL, subject TEXT NOT NULL, detail TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS signoffs (
    sha256 TEXT NOT NULL, role TEXT NOT NULL, name TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (sha256, role)
);
CREATE TABLE IF NOT EXISTS finals (sha256 TEXT PRIMARY KEY, who TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS conclusions (
    sha256 TEXT PRIMARY KEY, text TEXT NOT NULL, who TEXT NOT NULL, at TEXT NOT NULL
);
"""


class Status(enum.StrEnum):
    """The auditor's decision on a problem; only ``PENDING`` counts as still open.

    ``CORRECTED`` is never chosen: a problem is 已更正 when the auditor's corrections resolve it.
    """

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    FIXED = "fixed"
    CORRECTED = "corrected"

    @property
    def label(self) -> str:
        return {"pending": "待定", "confirmed": "确认", "rejected": "驳回", "fixed": "已整改",
                "corrected": "已更正"}[self.value]

    @property
    def is_open(self) -> bool:
        return self is Status.PENDING

    @classmethod
    def choices(cls) -> tuple[Status, ...]:
        """The statuses an auditor sets by hand (buttons, keys, the workbook's drop-down)."""
        return tuple(s for s in cls if s is not Status.CORRECTED)


class Role(enum.StrEnum):
    """Who signs a working paper: the preparer (编制) and then a different reviewer (复核)."""

    PREPARER = "preparer"
    REVIEWER = "reviewer"

    @property
    def label(self) -> str:
        return {"preparer": "编制", "reviewer": "复核"}[self.value]


@dataclass(frozen=True, slots=True)
class SignOff:
    """A sign-off (编制/复核) or the 定稿 itself: who and when."""

    name: str
    at: str


@dataclass(frozen=True, slots=True)
class Correction:
    """A cell the auditor corrected: what the report printed, and the value it should have."""

    cell_id: str
    printed_raw: str
    printed_value: Number | None
    corrected_value: Number | None
    who: str
    at: str


@dataclass(frozen=True, slots=True)
class Review:
    finding_key: str
    status: Status
    note: str
    who: str
    at: str


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    sha256: str
    at: str
    who: str
    kind: str  # "version", "correct", "uncorrect", "review", "choice"
    subject: str  # a cell id, a finding key or a choice's key
    detail: dict[str, object]


class WorkspaceReadOnly(Exception):
    """A change was asked of a workspace opened to look at an earlier version, or of a finalised review."""


class SignOffRefused(Exception):
    """A sign-off, 定稿 or 撤销定稿 that the review's rules do not allow; the message says why."""


LOCKED = "审核已定稿，不能修改；如需修改，请先撤销定稿（需填写原因）"


class WorkspaceError(Exception):
    """The workspace cannot be used as asked; ``str()`` is one Chinese line."""


class WorkspaceDamaged(WorkspaceError):
    """The workspace file is damaged, empty or not a workspace; ``db_path`` is left as it is."""

    def __init__(self, message: str, db_path: Path) -> None:
        super().__init__(message)
        self.db_path = db_path


class WorkspaceBusy(WorkspaceError):
    """Another program holds the workspace locked; nothing was changed, the same call may be retried."""


BUSY_TIMEOUT = 2.0  # seconds sqlite waits for another program's lock before WorkspaceBusy
BUSY_MESSAGE = "审核工作区正被其他程序占用（加锁），暂时无法保存"


def set_aside(db_path: str | Path) -> Path:
    """Move a damaged workspace (and its journal files) to a new name beside it, never over a file;
    the new name. The reviews in it stay there for recovery."""
    db_path = Path(db_path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}{f'-{n}' if n else ''}")
        if not any(Path(str(aside) + ext).exists() for ext in ("", "-wal", "-shm")):
            break
    for ext in ("-wal", "-shm", ""):  # the database last: a journal must not be left without it
        src = Path(str(db_path) + ext)
        if src.exists():
            os.replace(src, Path(str(aside) + ext))
    return aside


@contextlib.contextmanager
def _sqlite_errors(db_path: Path) -> Iterator[None]:
    """sqlite's errors as the auditor reads them: a lock is ``WorkspaceBusy``, damage ``WorkspaceDamaged``."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise WorkspaceBusy(BUSY_MESSAGE) from exc
        if "disk i/o" in text or "readonly" in text or "unable to open" in text or "full" in text:
            raise WorkspaceError(f"审核工作区无法写入（{_os_reason(text)}）：{db_path}") from exc
        raise WorkspaceDamaged(f"审核工作区文件已损坏，无法读取：{db_path}", db_path) from exc
    except sqlite3.DatabaseError as exc:  # "database disk image is malformed", "file is not a database"
        raise WorkspaceDamaged(f"审核工作区文件已损坏，无法读取：{db_path}", db_path) from exc


def _os_reason(text: str) -> str:
    if "readonly" in text:
        return "文件或文件夹只读"
    if "full" in text:
        return "磁盘空间不足"
    if "unable to open" in text:
        return "无法打开文件"
    return "磁盘读写错误"


def workspace_file(report_path: str | Path, directory: str | Path | None = None) -> Path:
    """The database file of the report at ``report_path``: a readable stem plus a hash of the full path."""
    full = os.path.normcase(str(Path(report_path).expanduser().resolve()))
    digest = hashlib.sha256(full.encode("utf-8")).hexdigest()[:16]
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in Path(report_path).stem)[:40]
    folder = Path(directory) if directory is not None else workspaces_dir()
    return folder / f"{stem or 'report'}-{digest}.gkaudit.sqlite"


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class Workspace:
    """The audit workspace of one report file, bound to one version (SHA-256) of its content.

    Open it with ``Workspace.open(report)``. Use it from one thread (the GUI's main thread).
    """

    def __init__(self, conn: sqlite3.Connection, db_path: Path, report_path: str, sha256: str,
                 read_only: bool = False, sha_mismatch: str | None = None) -> None:
        self._conn = conn
        self.db_path = db_path
        self.report_path = report_path
        self.sha256 = sha256
        self.read_only = read_only
        # The earlier version with reviews or corrections, when this version has never been opened.
        self.sha_mismatch = sha_mismatch

    @classmethod
    def open(cls, report: AuditReport, directory: str | Path | None = None,
             busy_timeout: float | None = None) -> Workspace:
        """``busy_timeout``: seconds to wait for another program's lock (``BUSY_TIMEOUT`` when None);
        a window keeps it short and retries on a timer instead of freezing."""
        return cls.open_file(report.file, report.sha256, directory, busy_timeout)

    @classmethod
    def open_file(cls, report_path: str | Path, sha256: str, directory: str | Path | None = None,
                  busy_timeout: float | None = None) -> Workspace:
        db_path = workspace_file(report_path, directory)
        conn = _connect(db_path, busy_timeout)
        ws = cls(conn, db_path, str(report_path), sha256)
        try:
            known = ws._row("SELECT 1 FROM versions WHERE sha256 = ?", (sha256,))
            if known:
                with ws._transaction():
                    conn.execute("UPDATE versions SET last_seen = ?, path = ? WHERE sha256 = ?",
                                 (now(), str(report_path), sha256))
            else:
                ws.sha_mismatch = ws._latest_other_version_with_data()
                if ws.sha_mismatch is None:
                    with ws._transaction():
                        ws._record_version("")
        except BaseException:
            conn.close()
            raise
        return ws

    def version_view(self, sha256: str) -> Workspace:
        """The same workspace bound to another (earlier) version of the report, read-only."""
        timeout = self._conn.execute("PRAGMA busy_timeout").fetchone()[0] / 1000
        return Workspace(_connect(self.db_path, timeout), self.db_path, self.report_path, sha256, read_only=True)

    def start_new_version(self, who: str) -> None:
        """Begin reviewing this version of the file; the earlier version's records stay as they were."""
        self._check_writable()
        with self._transaction():
            self._record_version(who)
        self.sha_mismatch = None

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ corrections

    def corrections(self) -> dict[str, Correction]:
        rows = self._rows(
            "SELECT cell_id, printed_raw, printed_value, corrected_value, who, at FROM corrections"
            " WHERE sha256 = ? ORDER BY at, cell_id",
            (self.sha256,),
        )
        return {
            r[0]: Correction(r[0], r[1], json.loads(r[2]), json.loads(r[3]), r[4], r[5]) for r in rows
        }

    def correction_values(self) -> dict[str, Number | None]:
        return {cid: c.corrected_value for cid, c in self.corrections().items()}

    def set_correction(self, cell_id: str, value: Number | None, who: str, *,
                       printed_raw: str = "", printed_value: Number | None = None) -> Correction:
        self._check_writable()
        at = now()
        with self._transaction():
            self._record_version(who)
            self._conn.execute(
                "INSERT OR REPLACE INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?)",
                (self.sha256, cell_id, printed_raw, json.dumps(printed_value), json.dumps(value), who, at),
            )
            self._event(who, at, "correct", cell_id,
                        {"printed_raw": printed_raw, "printed_value": printed_value, "value": value})
        return Correction(cell_id, printed_raw, printed_value, value, who, at)

    def clear_correction(self, cell_id: str, who: str) -> None:
        self._check_writable()
        at = now()
        with self._transaction():
            cur = self._conn.execute("DELETE FROM corrections WHERE sha256 = ? AND cell_id = ?",
                                     (self.sha256, cell_id))
            if cur.rowcount:
                self._event(who, at, "uncorrect", cell_id, {})

    # ------------------------------------------------------------------ reviews

    def review(self, key: str) -> Review | None:
        row = self._row(
            "SELECT finding_key, status, note, who, at FROM reviews WHERE sha256 = ? AND finding_key = ?",
            (self.sha256, key),
        )
        return None if row is None else Review(row[0], Status(row[1]), row[2], row[3], row[4])

    def reviews(self) -> dict[str, Review]:
        rows = self._rows(
            "SELECT finding_key, status, note, who, at FROM reviews WHERE sha256 = ?", (self.sha256,)
        )
        return {r[0]: Review(r[0], Status(r[1]), r[2], r[3], r[4]) for r in rows}

    def set_review(self, key: str, who: str, *, status: Status | None = None, note: str | None = None,
                   rule: str = "", message: str = "") -> Review:
        """Change a finding's status and/or note; what is not given keeps its current value."""
        self._check_writable()
        at = now()
        with self._transaction():
            self._record_version(who)
            old = self.review(key)
            new_status = status if status is not None else (old.status if old else Status.PENDING)
            new_note = note if note is not None else (old.note if old else "")
            self._conn.execute(
                "INSERT OR REPLACE INTO reviews VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (self.sha256, key, rule, message, new_status.value, new_note, who, at),
            )
            self._event(who, at, "review", key, {
                "status": new_status.value, "note": new_note,
                "old_status": old.status.value if old else None, "old_note": old.note if old else None,
            })
        return Review(key, new_status, new_note, who, at)

    # ------------------------------------------------------------------ choices

    def choice(self, key: str) -> object | None:
        """A choice the auditor made for the report (a JSON value), such as last year's report to compare."""
        row = self._row("SELECT value FROM choices WHERE sha256 = ? AND key = ?", (self.sha256, key))
        return None if row is None else json.loads(row[0])

    def choices(self) -> dict[str, object]:
        rows = self._rows("SELECT key, value FROM choices WHERE sha256 = ?", (self.sha256,))
        return {r[0]: json.loads(r[1]) for r in rows}

    def set_choice(self, key: str, value: object | None, who: str) -> None:
        """Remember a choice (any JSON value); None forgets it. Recorded in the history like a correction."""
        self._check_writable()
        at = now()
        with self._transaction():
            self._record_version(who)
            if value is None:
                self._conn.execute("DELETE FROM choices WHERE sha256 = ? AND key = ?", (self.sha256, key))
            else:
                self._conn.execute("INSERT OR REPLACE INTO choices VALUES (?, ?, ?, ?, ?)",
                                   (self.sha256, key, json.dumps(value, ensure_ascii=False), who, at))
            self._event(who, at, "choice", key, {"value": value})

    # ------------------------------------------------------------------ history

    def events(self, limit: int | None = None) -> list[Event]:
        sql = "SELECT id, sha256, at, who, kind, subject, detail FROM events ORDER BY id DESC"
        rows = self._rows(sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ())
        return [Event(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6])) for r in rows]

    def versions(self) -> list[tuple[str, str, str]]:
        """(sha256, first seen, last seen) of every version of the file reviewed here, newest first."""
        rows = self._rows("SELECT sha256, first_seen, last_seen FROM versions ORDER BY last_seen DESC")
        return [(r[0], r[1], r[2]) for r in rows]

    # ------------------------------------------------------------------ sign-off, 定稿, conclusion, trail

    def signoffs(self) -> dict[Role, SignOff]:
        rows = self._conn.execute("SELECT role, name, at FROM signoffs WHERE sha256 = ?", (self.sha256,)).fetchall()
        return {Role(r[0]): SignOff(r[1], r[2]) for r in rows}

    def sign_off(self, role: Role, name: str) -> SignOff:
        """编制 or 复核 sign-off; the reviewer must be someone other than the preparer, who signs first."""
        self._check_writable()
        name = name.strip()
        if not name:
            raise SignOffRefused("签字需要填写姓名")
        signed = self.signoffs()
        if role is Role.REVIEWER:
            preparer = signed.get(Role.PREPARER)
            if preparer is None:
                raise SignOffRefused("请先由编制人签字，再由复核人签字")
            if preparer.name == name:
                raise SignOffRefused("复核人不能是编制人本人")
        elif Role.REVIEWER in signed and signed[Role.REVIEWER].name == name:
            raise SignOffRefused("编制人不能是复核人本人")
        at = now()
        with self._transaction():
            self._record_version(name)
            self._conn.execute("INSERT OR REPLACE INTO signoffs VALUES (?, ?, ?, ?)", (self.sha256, role.value, name, at))
            self._event(name, at, "signoff", role.value, {"role": role.label, "name": name})
        return SignOff(name, at)

    def final(self) -> SignOff | None:
        """Who finalised (定稿) this review and when; None while it is open to changes."""
        row = self._conn.execute("SELECT who, at FROM finals WHERE sha256 = ?", (self.sha256,)).fetchone()
        return None if row is None else SignOff(row[0], row[1])

    def finalise(self, who: str) -> SignOff:
        """定稿: lock the review (read-only) once both the preparer and the reviewer have signed."""
        self._check_writable()
        signed = self.signoffs()
        if Role.PREPARER not in signed or Role.REVIEWER not in signed:
            raise SignOffRefused("定稿前需要编制人和复核人都已签字")
        at = now()
        with self._transaction():
            self._conn.execute("INSERT INTO finals VALUES (?, ?, ?)", (self.sha256, who, at))
            self._event(who, at, "finalise", self.sha256, {})
        return SignOff(who, at)

    def unfinalise(self, who: str, reason: str) -> None:
        """撤销定稿: unlock the review; the reason is kept in the audit trail."""
        if self.read_only:
            raise WorkspaceReadOnly("这是报告旧版本的审核记录，只能查看，不能修改")
        if self.final() is None:
            raise SignOffRefused("审核尚未定稿")
        if not reason.strip():
            raise SignOffRefused("撤销定稿需要填写原因")
        at = now()
        with self._transaction():
            self._conn.execute("DELETE FROM finals WHERE sha256 = ?", (self.sha256,))
            self._event(who, at, "unfinalise", self.sha256, {"reason": reason.strip()})

    def conclusion(self) -> str | None:
        """The conclusion the auditor wrote, or None when the generated one stands."""
        row = self._conn.execute("SELECT text FROM conclusions WHERE sha256 = ?", (self.sha256,)).fetchone()
        return None if row is None else str(row[0])

    def set_conclusion(self, text: str | None, who: str) -> None:
        """Keep the auditor's conclusion; None or an empty text goes back to the generated one."""
        self._check_writable()
        at = now()
        with self._transaction():
            self._record_version(who)
            if text and text.strip():
                self._conn.execute("INSERT OR REPLACE INTO conclusions VALUES (?, ?, ?, ?)",
                                   (self.sha256, text.strip(), who, at))
            else:
                self._conn.execute("DELETE FROM conclusions WHERE sha256 = ?", (self.sha256,))
            self._event(who, at, "conclusion", self.sha256, {"text": (text or "").strip()})

    def record(self, who: str, kind: str, subject: str, detail: dict[str, object]) -> None:
        """An event for the audit trail that changes nothing else (a problem a correction resolved)."""
        self._check_writable()
        with self._transaction():
            self._event(who, now(), kind, subject, detail)

    def trail(self) -> list[Event]:
        """Every event of this version of the report, oldest first: the audit trail (审计轨迹)."""
        rows = self._conn.execute(
            "SELECT id, sha256, at, who, kind, subject, detail FROM events WHERE sha256 = ? ORDER BY id",
            (self.sha256,),
        ).fetchall()
        return [Event(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6])) for r in rows]

    # ------------------------------------------------------------------ internals

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with _sqlite_errors(self.db_path):
            return self._conn.execute(sql, params).fetchall()

    def _row(self, sql: str, params: Sequence[object] = ()) -> tuple[Any, ...] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One change, all or nothing; a lock or damage met on the way leaves the workspace as it was."""
        with _sqlite_errors(self.db_path):
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                raise
            try:
                self._conn.execute("COMMIT")
            except sqlite3.Error:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                raise

    def _check_writable(self) -> None:
        if self.read_only:
            raise WorkspaceReadOnly("这是报告旧版本的审核记录，只能查看，不能修改")
        if self.final() is not None:
            raise WorkspaceReadOnly(LOCKED)

    def _record_version(self, who: str) -> None:
        at = now()
        cur = self._conn.execute(
            "INSERT OR IGNORE INTO versions VALUES (?, ?, ?, ?)", (self.sha256, self.report_path, at, at)
        )
        if cur.rowcount:
            self._event(who, at, "version", self.sha256, {"path": self.report_path})

    def _event(self, who: str, at: str, kind: str, subject: str, detail: dict[str, object]) -> None:
        self._conn.execute(
            "INSERT INTO events (sha256, at, who, kind, subject, detail) VALUES (?, ?, ?, ?, ?, ?)",
            (self.sha256, at, who, kind, subject, json.dumps(detail, ensure_ascii=False)),
        )

    def _latest_other_version_with_data(self) -> str | None:
        row = self._row(
            "SELECT v.sha256 FROM versions v WHERE v.sha256 != ? AND ("
            " EXISTS (SELECT 1 FROM corrections c WHERE c.sha256 = v.sha256)"
            " OR EXISTS (SELECT 1 FROM reviews r WHERE r.sha256 = v.sha256))"
            " ORDER BY v.last_seen DESC LIMIT 1",
            (self.sha256,),
        )
        return None if row is None else str(row[0])


def _connect(db_path: Path, busy_timeout: float | None = None) -> sqlite3.Connection:
    """A connection to the workspace at ``db_path``, created when absent, checked when present."""
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        existed = db_path.stat().st_size if db_path.exists() else None
    except OSError as exc:
        raise WorkspaceError(f"无法创建审核工作区文件夹 {db_path.parent}：{exc.strerror or '无法写入'}") from exc
    if existed == 0 and not Path(str(db_path) + "-wal").exists():
        # sqlite would take an empty file for a new database: the reviews it held would vanish unseen.
        raise WorkspaceDamaged(f"审核工作区文件是空的（0 字节），原有审核记录已丢失或被截断：{db_path}", db_path)
    with _sqlite_errors(db_path):
        # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE … COMMIT), one per change.
        conn = sqlite3.connect(str(db_path), isolation_level=None,
                               timeout=BUSY_TIMEOUT if busy_timeout is None else busy_timeout)
    try:
        with _sqlite_errors(db_path):
            if existed is not None:
                _check(conn, db_path)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            # One transaction for the whole schema: one sync to disk instead of one per statement.
            conn.executescript(
                f"BEGIN IMMEDIATE;{_SCHEMA}INSERT OR IGNORE INTO meta VALUES ('schema', '{SCHEMA_VERSION}');COMMIT;"
            )
    except BaseException:
        conn.close()
        raise
    return conn


def _check(conn: sqlite3.Connection, db_path: Path) -> None:
    """An existing workspace must pass sqlite's integrity check and have the expected tables and columns."""
    result = conn.execute("PRAGMA quick_check").fetchall()
    if result != [("ok",)]:
        raise WorkspaceDamaged(f"审核工作区文件已损坏（完整性检查未通过）：{db_path}", db_path)
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return  # created but never written (a crash before the schema): nothing to lose
    expected = _expected_columns()
    if not tables & expected.keys():
        raise WorkspaceDamaged(f"这不是本程序的审核工作区（是别的数据库文件）：{db_path}", db_path)
    for table in tables & expected.keys():  # a table added by a later schema is created, not missed
        have = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        if have != expected[table]:
            raise WorkspaceDamaged(f"审核工作区的结构与本程序不符（{table} 表），可能已损坏：{db_path}", db_path)
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() if "meta" in tables else None
    if row is not None and str(row[0]).isdigit() and int(row[0]) > SCHEMA_VERSION:
        raise WorkspaceError(f"审核工作区由更新版本的 gkaudit 创建，请升级后再打开：{db_path}")


_EXPECTED: dict[str, list[str]] = {}


def _expected_columns() -> dict[str, list[str]]:
    """Each table's columns, as ``_SCHEMA`` creates them (read from a scratch in-memory database)."""
    if not _EXPECTED:
        scratch = sqlite3.connect(":memory:")
        scratch.executescript(_SCHEMA)
        for (name,) in scratch.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
            _EXPECTED[name] = [row[1] for row in scratch.execute(f"PRAGMA table_info({name})")]
        scratch.close()
    return _EXPECTED


class ReviewSession:
    """A report under review: its problems after the auditor's corrections, and the review of each.

    ``findings`` is recomputed (``gkaudit.audit.recheck``) after every correction and grouped into
    ``problems`` (``gkaudit.problems``). A problem of the printed report that the corrections
    resolve stays listed as 已更正 with the corrections that resolved it, so nothing the auditor
    did disappears. Reviews are kept per problem key; a review saved under a finding's key (an
    older workspace) still counts for the problem that finding belongs to.
    """

    def __init__(self, report: AuditReport, workspace: Workspace) -> None:
        self.report = report
        self.workspace = workspace
        self.corrections: dict[str, Correction] = workspace.corrections()
        self._reviews: dict[str, Review] = workspace.reviews()
        self.findings: list[Finding] = []
        self.problems: list[Problem] = []
        self.resolved: dict[str, Problem] = {}  # problem key → a printed problem the corrections resolved
        self._printed: list[Problem] = problems_of(report.findings, report)
        self._by_cell: dict[str, list[Finding]] = {}
        self._by_finding: dict[str, Problem] = {}
        self._final: SignOff | None = workspace.final()
        self._recheck()

    @property
    def read_only(self) -> bool:
        """Nothing can change: an earlier version's review, or a finalised (定稿) one."""
        return self.workspace.read_only or self._final is not None

    @property
    def final(self) -> SignOff | None:
        return self._final

    # ------------------------------------------------------------------ corrections

    def correct(self, cell_id: str, value: Number | None, who: str) -> list[Finding]:
        """Correct a cell (the printed value clears the correction); returns the findings that went away."""
        cell = self.report.cell(cell_id)
        if cell is None:
            raise KeyError(cell_id)
        if value == cell.value and value is not None and type(value) is type(cell.value):
            return self.clear_correction(cell_id, who)
        self.corrections[cell_id] = self.workspace.set_correction(
            cell_id, value, who, printed_raw=cell.raw, printed_value=cell.value
        )
        was = set(self.resolved)
        gone = self._recheck()
        for key in self.resolved.keys() - was:  # the trail says which problem a correction resolved
            self.workspace.record(who, "resolved", key, {"cell": cell_id, "printed": cell.raw.strip(),
                                                         "value": value})
        return gone

    def parse_correction(self, cell_id: str, text: str) -> tuple[Number | None, str | None]:
        """What the auditor typed for a cell as its value, or None and the one-line reason it is refused."""
        from gkaudit.extraction.values import parse_value
        from gkaudit.templates import TEMPLATES

        template = self.report.template
        if template is None:
            return None, "未识别模板，无法更正"
        table, _row, col = split_cell_id(cell_id)
        parsed = parse_value(text, TEMPLATES[template].table(table).column(col).kind)
        if parsed.blank or parsed.value is None:
            return None, f"“{text.strip()}”不是数字，未更正"
        if parsed.invalid:
            return None, f"{parsed.invalid}，未更正"
        return parsed.value, None

    def clear_correction(self, cell_id: str, who: str) -> list[Finding]:
        if cell_id not in self.corrections:
            return []
        self.workspace.clear_correction(cell_id, who)
        del self.corrections[cell_id]
        return self._recheck()

    def replace_report_findings(self, findings: list[Finding]) -> list[Finding]:
        """The report's own findings changed (checks against other reports); returns those that went away."""
        self.report.findings = list(findings)
        self._printed = problems_of(self.report.findings, self.report)
        return self._recheck()

    def adopt_crosschecks(self, checked: AuditReport) -> list[Finding]:
        """Take the findings of ``checked`` (a copy of the report checked against other reports), and
        the reports it was checked against, so a later correction rechecks those rules too."""
        self.report.previous, self.report.parts = checked.previous, checked.parts
        self.report.body_kind = checked.body_kind
        return self.replace_report_findings(checked.findings)

    def value(self, cell_id: str) -> Number | None:
        """The value the checks use: the correction when there is one, else the printed value."""
        if cell_id in self.corrections:
            return self.corrections[cell_id].corrected_value
        cell = self.report.cell(cell_id)
        return None if cell is None else cell.value

    def corrections_of(self, problem: Problem) -> list[Correction]:
        """The corrections made on a problem's cells (those that resolved it, when it is 已更正)."""
        return [self.corrections[c] for c in problem.cells if c in self.corrections]

    # ------------------------------------------------------------------ problems and reviews

    def findings_of_cell(self, cell_id: str) -> list[Finding]:
        return self._by_cell.get(cell_id, [])

    def problems_of_cell(self, cell_id: str) -> list[Problem]:
        return [p for p in self.problems if cell_id in p.cells]

    def problem(self, item: Problem | Finding) -> Problem | None:
        """The problem a finding belongs to (a problem is its own)."""
        if isinstance(item, Problem):
            return item
        return self._by_finding.get(finding_key(item))

    def review(self, item: Problem | Finding) -> Review | None:
        problem = self.problem(item)
        if problem is None:
            return self._reviews.get(finding_key(item)) if isinstance(item, Finding) else None
        for key in (problem.key, *problem.finding_keys):
            review = self._reviews.get(key)
            if review is not None:
                return review
        return None

    def status(self, item: Problem | Finding) -> Status:
        problem = self.problem(item)
        if problem is not None and problem.key in self.resolved:
            return Status.CORRECTED
        review = self.review(item)
        return Status.PENDING if review is None else review.status

    def set_status(self, item: Problem | Finding, status: Status, who: str) -> Review:
        return self._set_review(item, who, status, None)

    def set_note(self, item: Problem | Finding, note: str, who: str) -> Review:
        return self._set_review(item, who, None, note)

    def open_problems(self) -> list[Problem]:
        return [p for p in self.problems if self.status(p).is_open]

    def open_findings(self) -> list[Finding]:
        return [f for f in self.findings if self.status(f).is_open]

    def _set_review(self, item: Problem | Finding, who: str, status: Status | None, note: str | None) -> Review:
        problem = self.problem(item)
        key = problem.key if problem is not None else finding_key(item)  # type: ignore[arg-type]
        rule = problem.rule if problem is not None else item.rule
        if note is None and status is not None:
            old = self.review(item)  # a review kept under a finding's key moves to the problem, note and all
            note = old.note if old is not None else None
        review = self.workspace.set_review(key, who, status=status, note=note, rule=rule, message=item.message)
        self._reviews[key] = review
        return review

    # ------------------------------------------------------------------ sign-off and 定稿

    def signoffs(self) -> dict[Role, SignOff]:
        return self.workspace.signoffs()

    def sign_off(self, role: Role, name: str) -> SignOff:
        return self.workspace.sign_off(role, name)

    def finalise(self, who: str) -> SignOff:
        self._final = self.workspace.finalise(who)
        return self._final

    def unfinalise(self, who: str, reason: str) -> None:
        self.workspace.unfinalise(who, reason)
        self._final = None

    def _recheck(self) -> list[Finding]:
        from gkaudit.audit import recheck

        before = {finding_key(f): f for f in self.findings}
        if self.corrections:
            values = {cid: c.corrected_value for cid, c in self.corrections.items()}
            self.findings = recheck(self.report, values)
        else:
            self.findings = list(self.report.findings)
        self._by_cell = {}
        for f in self.findings:
            for cid in f.cells:
                self._by_cell.setdefault(cid, []).append(f)
        current = problems_of(self.findings, self.report)
        now_keys = {finding_key(f) for f in self.findings}
        taken = {p.key for p in current}
        self.resolved = {p.key: p for p in self._printed
                         if p.key not in taken and not now_keys.intersection(p.finding_keys)
                         and any(c in self.corrections for c in p.cells)}
        self.problems = current + list(self.resolved.values())
        self._by_finding = {k: p for p in self.problems for k in p.finding_keys}
        after = {finding_key(f) for f in self.findings}
        return [f for key, f in before.items() if key not in after]
