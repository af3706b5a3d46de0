"""The user's settings, declared as data and kept in QSettings (an INI file per user)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 10


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    default: object
    doc: str


SETTINGS: tuple[Setting, ...] = (
    Setting("auditor/name", "", "审核人姓名，记录在每一次更正和审核结论上"),
    Setting("recent/files", [], "最近打开的报告（最新的在前）"),
    Setting("recent/folder", "", "上次打开文件或文件夹的位置"),
    Setting("window/geometry", b"", "主窗口位置和大小"),
    Setting("window/state", b"", "主窗口上下分栏"),
    Setting("window/split", b"", "报告与表格的左右分栏"),
    Setting("view/pdf_zoom", 1.0, "PDF 页面缩放（相对于适合宽度）"),
    Setting("reading/ocr", "auto", "扫描件和图片：auto 用内置模型离线识别文字，never 不识别"),
)
_BY_KEY = {s.key: s for s in SETTINGS}


class Settings:
    """Typed access to the declared settings; unknown keys are a programming error."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._q = qsettings if qsettings is not None else QSettings()

    def get(self, key: str) -> object:
        spec = _BY_KEY[key]
        value = self._q.value(key, spec.default)
        if isinstance(spec.default, list):
            # INI files give back a lone string for a one-element list, and nothing for an empty one.
            if value is None or value == "":
                return []
            return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
        if isinstance(spec.default, float):
            try:
                return float(value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                return spec.default
        if isinstance(spec.default, bytes):
            return bytes(value) if isinstance(value, bytes | bytearray) else b""
        return "" if value is None else str(value)

    def set(self, key: str, value: object) -> None:
        if key not in _BY_KEY:
            raise KeyError(key)
        self._q.setValue(key, value)
        self._q.sync()

    @property
    def auditor(self) -> str:
        return str(self.get("auditor/name")).strip()

    @property
    def ocr(self) -> str:
        """How scans and page images are read: "auto" (OCR) or "never"."""
        return str(self.get("reading/ocr")) or "auto"

    def recent_files(self) -> list[str]:
        return [p for p in self.get("recent/files") if p]  # type: ignore[attr-defined]

    def add_recent(self, path: str) -> None:
        full = str(Path(path).resolve())
        files = [full] + [p for p in self.recent_files() if p != full]
        self.set("recent/files", files[:MAX_RECENT])
        self.set("recent/folder", str(Path(full).parent))

    def clear_recent(self) -> None:
        self.set("recent/files", [])
