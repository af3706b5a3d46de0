"""Which files of a batch are reports: the named files, the report files under named folders, and why not.

A folder is walked for report suffixes only; a folder that cannot be read, or a named path that
does not exist, is reported, never skipped without a word. A folder of page photos with no report
file in it (``reading.page_folder``) is one report: named, or found in the walk, it is one entry. After the audit, ``is_report`` tells a
file that is clearly not an annual report (no template features, no report title) from a report
that could not be understood, so a folder's README is counted as "not a report", not as an error.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from gkaudit.model import AuditReport
from gkaudit.reading.page_folder import REPORT_SUFFIXES, is_page_folder

_TITLE = re.compile(r"(?:政府|政务)?信息公开.{0,20}?(?:年度报告|年报)|年度报告.{0,6}政府信息公开")
_TITLE_CHARS = 3000  # the title is at the top; a stray mention deep in some other text is not one
NOT_A_REPORT = "不是年度报告"


@dataclass
class Scan:
    """The files to audit, in order; and the named paths and folders that could not be used."""

    files: list[Path] = field(default_factory=list)
    from_folders: set[Path] = field(default_factory=set)  # found by walking a folder, not named
    missing: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (folder, one-line reason)
    folders: list[str] = field(default_factory=list)


def scan_paths(paths: list[str] | tuple[str, ...]) -> Scan:
    scan = Scan()
    for raw in paths:
        p = Path(raw)
        if p.is_dir() and is_page_folder(p):
            scan.files.append(p)  # the pages of one scanned report
        elif p.is_dir():
            scan.folders.append(raw)
            for f in _walk(p, scan):
                scan.files.append(f)
                scan.from_folders.add(f)
        elif os.path.lexists(p):
            scan.files.append(p)
        else:
            scan.missing.append(raw)
    return scan


def _walk(folder: Path, scan: Scan) -> list[Path]:
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        reason = "没有读取权限" if isinstance(exc, PermissionError) else (exc.strerror or "无法读取")
        scan.unreadable.append((str(exc.filename or folder), reason))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if Path(root) != folder and is_page_folder(root):
            found.append(Path(root))  # a subfolder of page photos is one report among the others
            continue
        for name in sorted(files):
            if Path(name).suffix.lower() in REPORT_SUFFIXES and not name.startswith(("~$", ".")):
                found.append(Path(root) / name)
    return found


def is_report(report: AuditReport) -> bool:
    """Whether the file reads as an annual report: a template was recognised, or it has a report title."""
    if report.template is not None:
        return True
    text = report.document.text[:_TITLE_CHARS] if report.document is not None else ""
    return bool(_TITLE.search(text))
