"""Writing workbooks safely: report text stays text, sheet names stay legal, files are replaced whole.

A workbook is written to a temporary file in the target's folder and moved over the target with
``os.replace``, so a reader never sees half a file. A target held open by Excel or WPS, or a folder
that cannot be written, raises ``ExportError``: one Chinese line and a name to try instead.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from pathlib import Path

# Characters the XML of a workbook cannot hold (openpyxl raises on them); tab and newlines stay.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Excel and WPS read these first characters as the start of a formula when a cell is edited.
FORMULA_PREFIXES = ("=", "+", "-", "@")
MAX_CELL_CHARS = 32767
MAX_SHEET_CHARS = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_RESERVED_SHEETS = {"history"}


class ExportError(OSError):
    """The workbook could not be written; ``str()`` is one Chinese line, ``suggestion`` a path to try."""

    def __init__(self, message: str, target: Path, suggestion: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.target = target
        self.suggestion = suggestion

    def __str__(self) -> str:
        return self.message


def clean_text(text: str, limit: int = MAX_CELL_CHARS) -> str:
    """Text without the control characters Excel rejects, cut to what one cell can hold."""
    text = _ILLEGAL.sub("", text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def sheet_title(wanted: str, taken: set[str]) -> str:
    """A legal, unique sheet name (31 characters, no []:*?/\\, not 'History'); ``taken`` is updated."""
    name = _SHEET_FORBIDDEN.sub("_", clean_text(wanted)).strip().strip("'").strip() or "Sheet"
    if name.lower() in _RESERVED_SHEETS:
        name += "_"
    base, n = name[:MAX_SHEET_CHARS], 1
    name = base
    lowered = {t.lower() for t in taken}
    while name.lower() in lowered:
        n += 1
        suffix = f"({n})"
        name = base[: MAX_SHEET_CHARS - len(suffix)] + suffix
    taken.add(name)
    return name


def quote_sheet(name: str) -> str:
    """A sheet name as formulas and hyperlinks write it: always quoted, quotes doubled."""
    return "'" + name.replace("'", "''") + "'"


def alternative_path(target: Path) -> Path:
    """The first free name beside ``target`` in the way Windows numbers copies: 审计底稿(1).xlsx."""
    for n in range(1, 1000):
        candidate = target.with_name(f"{target.stem}({n}){target.suffix}")
        if not candidate.exists() and not lock_files(candidate):
            return candidate
    return target.with_name(f"{target.stem}(new){target.suffix}")


def lock_files(target: Path) -> list[Path]:
    """Owner files Excel/WPS (~$name) and LibreOffice (.~lock.name#) keep beside a file they have open."""
    names = (f"~${target.name}", f".~lock.{target.name}#", f".~{target.name}")
    return [p for p in (target.with_name(n) for n in names) if p.exists()]


def save_atomically(data: bytes, target: str | Path) -> Path:
    """Write ``data`` to ``target`` so that ``target`` is always either the old file or the new one.

    Raises ``ExportError`` when the folder cannot be written or the target is open in another program.
    """
    target = Path(target).expanduser()
    if target.suffix.lower() != ".xlsx":
        target = target.with_name(target.name + ".xlsx")
    target = target.absolute()
    folder = target.parent
    if target.is_dir():
        raise ExportError(f"无法写出审计底稿：{target} 是一个文件夹", target, folder / "审计底稿.xlsx")
    locks = lock_files(target)
    if locks:
        raise ExportError(
            f"无法写出审计底稿：{target.name} 正被 Excel 或 WPS 打开（有锁定文件 {locks[0].name}），请关闭后重试",
            target,
            alternative_path(target),
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".~gkaudit-{os.getpid()}-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _folder_error(exc, target) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, target)
    except PermissionError as exc:
        # On Windows a workbook open in Excel or WPS cannot be replaced.
        raise ExportError(
            f"无法写出审计底稿：{target.name} 可能正被 Excel 或 WPS 打开，或没有写入权限，请关闭后重试",
            target,
            alternative_path(target),
        ) from exc
    except OSError as exc:
        raise _folder_error(exc, target) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return target


def _folder_error(exc: OSError, target: Path) -> ExportError:
    folder = target.parent
    elsewhere = Path.home() / target.name
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ExportError(f"无法写出审计底稿：文件夹 {folder} 只读或没有写入权限", target, elsewhere)
    if isinstance(exc, (NotADirectoryError, FileExistsError)) or exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return ExportError(f"无法写出审计底稿：{folder} 不是文件夹", target, elsewhere)
    if exc.errno == errno.ENOSPC:
        return ExportError(f"无法写出审计底稿：磁盘 {folder} 空间不足", target, elsewhere)
    return ExportError(f"无法写出审计底稿：{exc.strerror or exc}", target, elsewhere)


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp creates 0600 files; a workbook gets the permissions any new file would get. Read once, at
# import, because reading the umask briefly changes it for the whole process.
_UMASK = _read_umask()
