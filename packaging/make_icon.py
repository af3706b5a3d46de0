"""Make build/gkaudit.ico (the Windows executable icon) from resources/icons/gkaudit.svg or .png.

An SVG is rendered with Qt (PySide6 is in the ``gui`` extra), a PNG is read with Pillow (already
installed for pdfplumber), and Pillow writes the multi-size .ico. With no icon in resources/icons/
a plain one is drawn (审 on a blue square, in the bundled CJK subset font) so a build never fails
for want of an icon.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
TARGET = ROOT / "build" / "gkaudit.ico"
SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256]


def render_svg(svg: Path, size: int = 256) -> Image.Image:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "icon.png"
        if not image.save(str(png)):
            raise OSError(f"cannot render {svg}")
        return Image.open(png).convert("RGBA")


def draw_fallback(size: int = 256) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, size - 8, size - 8), radius=size // 6, fill=(30, 91, 184, 255))
    font_file = ROOT / "resources" / "fonts" / "NotoSansSC-subset.otf"
    font = ImageFont.truetype(str(font_file), int(size * 0.62)) if font_file.is_file() else ImageFont.load_default()
    draw.text((size / 2, size / 2), "审", font=font, fill=(255, 255, 255, 255), anchor="mm")
    return image


def source_image() -> tuple[Image.Image, str]:
    for name in ("gkaudit.svg", "gkaudit.png", "app.svg", "app.png"):
        path = ICONS / name
        if path.is_file():
            image = render_svg(path) if path.suffix == ".svg" else Image.open(path).convert("RGBA")
            return image, str(path.relative_to(ROOT))
    return draw_fallback(), "drawn fallback (no resources/icons/gkaudit.svg)"


def main() -> int:
    image, origin = source_image()
    if image.size != (256, 256):
        image = image.resize((256, 256), Image.Resampling.LANCZOS)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    image.save(TARGET, format="ICO", sizes=[(s, s) for s in SIZES])
    print(f"icon written: {TARGET.relative_to(ROOT)} from {origin}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
