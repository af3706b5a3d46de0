"""The audit workspace: an auditor's corrections, finding reviews and history for one report, in SQLite.

One database file per report path (in ``paths.workspaces_dir()`` unless a folder is given). Rows
are scoped by the report's SHA-256, so a report whose file changed is noticed (``sha_mismatch``)
instead of silently mixing old notes into the new text. Every change is one transaction, the
journal is WAL with ``synchronous=FULL``: once a setter returns, a crash or a power cut keeps it.

``ReviewSession`` joins an ``AuditReport`` to its workspace: the findings as they stand after the
corrections (``gkaudit.audit.recheck``) and the review of each. Nothing here imports Qt.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from gkaudit.model import AuditReport, Finding, Number, finding_key, split_cell_id
from gkaudit.paths import workspaces_dir

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
"""


class Status(enum.StrEnum):
    """The auditor's decision on a finding; only ``PENDING`` counts as still open."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    FIXED = "fixed"

    @property
    def label(self) -> str:
        return {"pending": "待定", "confirmed": "确认", "rejected": "驳回", "fixed": "已整改"}[self.value]

    @property
    def is_open(self) -> bool:
        return self is Status.PENDING


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
    """A change was asked of a workspace opened to look at an earlier version of the report."""


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
    def open(cls, report: AuditReport, directory: str | Path | None = None) -> Workspace:
        return cls.open_file(report.file, report.sha256, directory)

    @classmethod
    def open_file(cls, report_path: str | Path, sha256: str, directory: str | Path | None = None) -> Workspace:
        db_path = workspace_file(report_path, directory)
        conn = _connect(db_path)
        ws = cls(conn, db_path, str(report_path), sha256)
        known = conn.execute("SELECT 1 FROM versions WHERE sha256 = ?", (sha256,)).fetchone()
        if known:
            with ws._transaction():
                conn.execute("UPDATE versions SET last_seen = ?, path = ? WHERE sha256 = ?",
                             (now(), str(report_path), sha256))
        else:
            ws.sha_mismatch = ws._latest_other_version_with_data()
            if ws.sha_mismatch is None:
                with ws._transaction():
                    ws._record_version("")
        return ws

    def version_view(self, sha256: str) -> Workspace:
        """The same workspace bound to another (earlier) version of the report, read-only."""
        return Workspace(_connect(self.db_path), self.db_path, self.report_path, sha256, read_only=True)

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
        rows = self._conn.execute(
            "SELECT cell_id, printed_raw, printed_value, corrected_value, who, at FROM corrections"
            " WHERE sha256 = ? ORDER BY at, cell_id",
            (self.sha256,),
        ).fetchall()
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
        row = self._conn.execute(
            "SELECT finding_key, status, note, who, at FROM reviews WHERE sha256 = ? AND finding_key = ?",
            (self.sha256, key),
        ).fetchone()
        return None if row is None else Review(row[0], Status(row[1]), row[2], row[3], row[4])

    def reviews(self) -> dict[str, Review]:
        rows = self._conn.execute(
            "SELECT finding_key, status, note, who, at FROM reviews WHERE sha256 = ?", (self.sha256,)
        ).fetchall()
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
        row = self._conn.execute("SELECT value FROM choices WHERE sha256 = ? AND key = ?",
                                 (self.sha256, key)).fetchone()
        return None if row is None else json.loads(row[0])

    def choices(self) -> dict[str, object]:
        rows = self._conn.execute("SELECT key, value FROM choices WHERE sha256 = ?", (self.sha256,)).fetchall()
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
        rows = self._conn.execute(sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ()).fetchall()
        return [Event(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6])) for r in rows]

    def versions(self) -> list[tuple[str, str, str]]:
        """(sha256, first seen, last seen) of every version of the file reviewed here, newest first."""
        rows = self._conn.execute("SELECT sha256, first_seen, last_seen FROM versions ORDER BY last_seen DESC")
        return [(r[0], r[1], r[2]) for r in rows]

    # ------------------------------------------------------------------ internals

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _check_writable(self) -> None:
        if self.read_only:
            raise WorkspaceReadOnly("这是报告旧版本的审核记录，只能查看，不能修改")

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
        row = self._conn.execute(
            "SELECT v.sha256 FROM versions v WHERE v.sha256 != ? AND ("
            " EXISTS (SELECT 1 FROM corrections c WHERE c.sha256 = v.sha256)"
            " OR EXISTS (SELECT 1 FROM reviews r WHERE r.sha256 = v.sha256))"
            " ORDER BY v.last_seen DESC LIMIT 1",
            (self.sha256,),
        ).fetchone()
        return None if row is None else str(row[0])


def _connect(db_path: Path) -> sqlite3.Connection:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE … COMMIT), one per change.
    conn = sqlite3.connect(str(db_path), isolation_level=None, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    # One transaction for the whole schema: one sync to disk instead of one per statement.
    conn.executescript(f"BEGIN IMMEDIATE;{_SCHEMA}INSERT OR IGNORE INTO meta VALUES ('schema', '{SCHEMA_VERSION}');COMMIT;")
    return conn


class ReviewSession:
    """A report under review: its findings after the auditor's corrections, and the review of each.

    ``findings`` is recomputed (``gkaudit.audit.recheck``) after every correction; findings whose
    relation now holds drop out, and their reviews wait in the workspace under their key.
    """

    def __init__(self, report: AuditReport, workspace: Workspace) -> None:
        self.report = report
        self.workspace = workspace
        self.corrections: dict[str, Correction] = workspace.corrections()
        self._reviews: dict[str, Review] = workspace.reviews()
        self.findings: list[Finding] = []
        self._by_cell: dict[str, list[Finding]] = {}
        self._recheck()

    @property
    def read_only(self) -> bool:
        return self.workspace.read_only

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
        return self._recheck()

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

    # ------------------------------------------------------------------ findings and reviews

    def findings_of_cell(self, cell_id: str) -> list[Finding]:
        return self._by_cell.get(cell_id, [])

    def review(self, finding: Finding) -> Review | None:
        return self._reviews.get(finding_key(finding))

    def status(self, finding: Finding) -> Status:
        review = self.review(finding)
        return Status.PENDING if review is None else review.status

    def set_status(self, finding: Finding, status: Status, who: str) -> Review:
        return self._set_review(finding, who, status, None)

    def set_note(self, finding: Finding, note: str, who: str) -> Review:
        return self._set_review(finding, who, None, note)

    def open_findings(self) -> list[Finding]:
        return [f for f in self.findings if self.status(f).is_open]

    def _set_review(self, finding: Finding, who: str, status: Status | None, note: str | None) -> Review:
        key = finding_key(finding)
        review = self.workspace.set_review(key, who, status=status, note=note, rule=finding.rule,
                                           message=finding.message)
        self._reviews[key] = review
        return review

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
        after = {finding_key(f) for f in self.findings}
        return [f for key, f in before.items() if key not in after]
