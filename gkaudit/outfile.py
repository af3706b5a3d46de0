"""Writing ``-o`` result files whole: a temporary file beside the target, then a rename; stale ones removed.

The temporary is named ``.~gkaudit-<pid>-<random>.tmp`` so a later run can tell a leftover (its
writer is gone: killed, or the power failed) from the file of a run still writing, and remove it.
The workbook writer (``export.safety``) names its temporaries the same way.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
import tempfile
import time
from pathlib import Path

TEMP_PREFIX = ".~gkaudit-"
TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(r"^\.~gkaudit-(?:(\d+)-)?.*\.tmp$")
STALE_AFTER = 24 * 3600.0  # a temporary whose writer cannot be asked about is left a day


class OutputError(OSError):
    """The result file cannot be written; ``str()`` is one Chinese line."""

    def __str__(self) -> str:
        return str(self.args[0])


def temp_prefix() -> str:
    return f"{TEMP_PREFIX}{os.getpid()}-"


def check_target(target: str | Path) -> Path:
    """``target`` as an absolute path, or ``OutputError`` saying why it cannot be written (checked
    before the audit, so a typo does not cost the batch)."""
    path = Path(target).expanduser().absolute()
    if path.is_dir():
        raise OutputError(f"无法写入 {path}：这是一个文件夹，请给出文件名")
    folder = path.parent
    if not folder.exists():
        raise OutputError(f"无法写入 {path}：文件夹 {folder} 不存在")
    if not folder.is_dir():
        raise OutputError(f"无法写入 {path}：{folder} 不是文件夹")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"无法写入 {path}：文件夹 {folder} 只读或没有写入权限")
    return path


def is_special(path: Path) -> bool:
    """True for an existing target that is no regular file: a device (/dev/null, NUL) or a pipe."""
    try:
        return path.exists() and not path.is_file() and not path.is_dir()
    except OSError:
        return False


def write_text_atomically(text: str, target: str | Path) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` line ends) so that ``target`` is always the old file or the whole new one."""
    path = check_target(target)
    if is_special(path):
        # A device or a pipe (``-o /dev/null``, ``-o NUL``): written to, never replaced by a file.
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        except OSError as exc:
            raise OutputError(_reason(exc, path)) from exc
        return path
    clean_stale_temporaries(path.parent)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(), suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise OutputError(_reason(exc, path)) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(_reason(exc, path)) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return path


def clean_stale_temporaries(folder: str | Path) -> list[Path]:
    """Remove this tool's temporaries in ``folder`` whose writer is gone; the ones removed."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP_NAME.match(entry.name)
        if m is None or not entry.is_file(follow_symlinks=False):
            continue
        pid = int(m.group(1)) if m.group(1) else None
        if pid == os.getpid() or not _stale(entry, pid):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _stale(entry: os.DirEntry[str], pid: int | None) -> bool:
    if pid is not None and sys.platform != "win32":  # os.kill(pid, 0) would end the process on Windows
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False
        return False
    try:
        return time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
    except OSError:
        return False


def _reason(exc: OSError, path: Path) -> str:
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"无法写入 {path}：没有写入权限（或文件正被其他程序打开）"
    if exc.errno == errno.ENOSPC:
        return f"无法写入 {path}：磁盘空间不足"
    if isinstance(exc, IsADirectoryError):
        return f"无法写入 {path}：这是一个文件夹，请给出文件名"
    return f"无法写入 {path}：{exc.strerror or '写入失败'}"


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once: reading it briefly changes it for the whole process
