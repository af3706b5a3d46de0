"""Save docs/screenshots/crosscheck.png: the 汇总核对 dialog of a government report and two departments.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/screenshot_crosscheck.py [OUT.png]

The reports are made from the 青铜峡市 2021 sample in a throwaway folder: the government's, one
department that printed the same tables, and one that printed nothing but 3 new applications and
1 carried over; so the sums differ from the government's figures in two rows.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ROW_1 = "一、本年新收政府信息公开申请数量\t{0}\t0\t0\t0\t0\t0\t{0}"
ROW_4 = "四、结转下年度继续办理\t\t{0}\t0\t0\t0\t0\t0\t{0}"


def make_reports(folder: Path) -> tuple[Path, list[Path]]:
    sample = (ROOT / "resources" / "samples" / "qingtongxia-2021.txt").read_text(encoding="utf-8")
    start, end = sample.index("三、收到和处理政府信息公开申请情况"), sample.index("五、存在的主要问题及改进情况")
    zeroed = sample[:start] + re.sub(r"\t\d+(?=\t|\n)", "\t0", sample[start:end]) + sample[end:]
    zeroed = zeroed.replace(ROW_1.format(0), ROW_1.format(3)).replace(ROW_4.format(0), ROW_4.format(1))
    parent = folder / "青铜峡市人民政府 2021.txt"
    parts = [folder / "青铜峡市教育局 2021.txt", folder / "青铜峡市卫生健康局 2021.txt"]
    parent.write_text(sample, encoding="utf-8")
    parts[0].write_text(sample, encoding="utf-8")
    parts[1].write_text(zeroed, encoding="utf-8")
    return parent, parts


def main() -> int:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "screenshots" / "crosscheck.png")
    tmp = Path(tempfile.mkdtemp(prefix="gkaudit-shot-"))
    os.environ["GKAUDIT_DATA_DIR"] = str(tmp / "数据")
    from PySide6.QtCore import QSettings, QTimer

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    from ui.app import make_app
    from ui.mainwindow import MainWindow
    from ui.settings import Settings

    app = make_app()
    settings = Settings()
    settings.set("auditor/name", "截图")
    parent, parts = make_reports(tmp)
    window = MainWindow(settings, restore_geometry=False)
    window.resize(1500, 940)
    window.show()
    outcome = {"code": 1}

    def save() -> None:
        dialog = window.consolidation_dialog
        if dialog is not None and dialog.grab().save(str(target)):
            print(f"已保存截图：{target}")
            outcome["code"] = 0
        app.quit()

    window.report_shown.connect(lambda s: s is not None and window.crosscheck.consolidate_with([str(p) for p in parts]))
    window.crosscheck.consolidation_ready.connect(lambda _c: QTimer.singleShot(300, save))
    QTimer.singleShot(0, lambda: window.open_file(str(parent)))
    QTimer.singleShot(30000, app.quit)
    app.exec()
    window.close()
    return outcome["code"]


if __name__ == "__main__":
    raise SystemExit(main())
