"""Screenshots of a scanned report in the window: the page progress bar while OCR reads, then the
page photo with its cell boxes and the crop beside a cell OCR read without certainty.

The report is made afresh: the table pages of a corpus PDF photographed (150 dpi, turned, noisy,
JPEG 60) into a folder, which the window opens as one report.

Usage: xvfb-run -a env QT_QPA_PLATFORM=xcb .venv/bin/python scripts/screenshot_ocr.py [PDF] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("pdf", nargs="?", default=str(ROOT / "resources" / "samples" / "huaian-hongze-district-2023.pdf"))
    parser.add_argument("--pages", type=int, nargs="+", default=[2, 3])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gkaudit-shot-"))
    os.environ["GKAUDIT_DATA_DIR"] = str(tmp / "data")  # a fresh OCR cache: the progress is seen
    from tests.reading.scans import scan_page

    folder = tmp / "某区2023年报（扫描照片）"
    folder.mkdir()
    for n, index in enumerate(args.pages, start=1):
        scan_page(Path(args.pdf), index, 150, 0.8 if n % 2 else -0.6, 60, seed=n).save(folder / f"第{n}页.jpg")

    from ui.app import make_app
    from ui.mainwindow import MainWindow
    from ui.settings import Settings

    app = make_app()
    window = MainWindow(restore_geometry=False)
    Settings().set("auditor/name", "截图")
    window.resize(1500, 950)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)
    shot = {"progress": False}

    def progress(done: int, total: int) -> None:
        if not shot["progress"] and done >= 1:
            shot["progress"] = True
            QTimer.singleShot(100, lambda: window.grab().save(str(args.out / "ocr-progress.png")))

    def shown(session: object) -> None:
        if session is None:
            return
        report = window.session.report  # type: ignore[union-attr]
        cells = [c for t in report.tables.values() for c in t.cells.values()]
        unsure = [c for c in cells if c.reading == "uncertain"]
        print(f"cells {len(cells)}, uncertain {len(unsure)}: {[c.id for c in unsure][:8]}")
        target = unsure[0].id if unsure else "review/review/total"
        window.tables.select_cells([target])
        window.show_cell(target)

        def save() -> None:
            if window.runner.active():
                QTimer.singleShot(100, save)
                return
            app.processEvents()
            window.grab().save(str(args.out / "ocr-review.png"))
            print("saved", args.out / "ocr-review.png")
            app.quit()

        QTimer.singleShot(1500, save)

    window.controller.pages_read.connect(progress)
    window.report_shown.connect(shown)
    window.controller.failed.connect(lambda path, reason: (print(reason), app.quit()))
    QTimer.singleShot(200, lambda: window.open_paths([str(folder)]))
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
