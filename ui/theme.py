"""How things look: severity colours, the CJK font, the stylesheet and the icon."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from gkaudit.model import Severity
from gkaudit.resources import resource_path

# Light fills for every cell of a broken relation, a stronger one for the suspect cell.
CELL_FILL = {Severity.ERROR: QColor("#fde4e2"), Severity.WARNING: QColor("#fff3cf"), Severity.INFO: QColor("#e4efff")}
SUSPECT_FILL = {Severity.ERROR: QColor("#f59d94"), Severity.WARNING: QColor("#ffd45c"), Severity.INFO: QColor("#a9c8ff")}
SUSPECT_BORDER = {Severity.ERROR: QColor("#c62828"), Severity.WARNING: QColor("#b7791f"), Severity.INFO: QColor("#1e5bb8")}
SEVERITY_INK = {Severity.ERROR: QColor("#c62828"), Severity.WARNING: QColor("#a86400"), Severity.INFO: QColor("#1e5bb8")}
CORRECTED_INK = QColor("#1450a3")
MISSING_FILL = QColor("#f1f1f1")
HEADING_FILL = QColor("#eef1f5")
TEXT_PRIMARY = QColor("#ffc46b")  # the source of the selected cell or the suspect cell
TEXT_OTHER = QColor("#ffe9c4")  # the other cells of the selected finding
PDF_PRIMARY = QColor(230, 81, 0)
PDF_OTHER = QColor(255, 167, 38)

# Preferred Chinese UI fonts, first found wins; Qt falls back per glyph for the rest.
CJK_FAMILIES = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "SimSun",
)


BUNDLED_FONT = ("fonts", "NotoSansSC-subset.otf")


@cache
def cjk_family() -> str | None:
    """The first preferred CJK family installed, else the bundled subset (machines without Chinese fonts)."""
    available = set(QFontDatabase.families())
    found = next((f for f in CJK_FAMILIES if f in available), None)
    if found is not None:
        return found
    bundled = resource_path(*BUNDLED_FONT)
    if bundled.is_file():
        font_id = QFontDatabase.addApplicationFont(str(bundled))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            return families[0]
    return None


def ui_font(point_size: float | None = None) -> QFont:
    font = QFont(QApplication.font())
    family = cjk_family()
    if family:
        font.setFamilies([family, *font.families()])
    if point_size:
        font.setPointSizeF(point_size)
    return font


def apply_theme(app: QApplication) -> None:
    font = ui_font()
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    qss = resource_path("style.qss")
    if qss.is_file():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    app.setWindowIcon(app_icon())


def app_icon() -> QIcon:
    svg = resource_path("icons", "gkaudit.svg")
    return QIcon(str(svg)) if svg.is_file() else QIcon()


@cache
def severity_icon(severity: Severity, size: int = 12) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(SEVERITY_INK[severity].darker(120))
    painter.setBrush(SEVERITY_INK[severity])
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pix)
