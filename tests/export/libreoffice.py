"""LibreOffice headless for the tests: recalculate a workbook on load, render it to PDF.

LibreOffice keeps the cached results of an xlsx it did not write unless told otherwise; a private
profile whose ``OOXMLRecalcMode`` is 0 ("always") makes it recompute every formula on load. Each
call gets its own profile folder, so parallel runs never share one.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and Path("/usr/bin/soffice").exists():
        found = "/usr/bin/soffice"
    return found


def convert(source: Path, fmt: str, outdir: Path, timeout: float = 300, infilter: str | None = None) -> Path:
    """``source`` converted by LibreOffice to ``fmt`` ("xlsx", "pdf", "ods") in ``outdir``, formulas recalculated.

    ``infilter``: the import filter and its options (a CSV's character set, as the import dialog sets it).
    """
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gkaudit-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, encoding="utf-8")
        done = subprocess.run(
            [exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
             *([f"--infilter={infilter}"] if infilter else []),
             "--convert-to", fmt, "--outdir", str(outdir), str(source)],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    target = outdir / f"{source.stem}.{fmt.split(':')[0]}"
    if done.returncode != 0 or not target.exists():
        raise RuntimeError(f"LibreOffice failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    return target


def render_png(workbook: Path, sheet: str, png: Path, dpi: int = 110) -> Path:
    """The first printed page of one sheet of ``workbook`` as a PNG (LibreOffice → PDF → pdftoppm)."""
    import openpyxl

    with tempfile.TemporaryDirectory(prefix="gkaudit-shot-") as scratch:
        folder = Path(scratch)
        # Formula results as cached, so the other sheets can go without breaking references to them.
        wb = openpyxl.load_workbook(workbook, data_only=True)
        for name in wb.sheetnames:
            if name != sheet:
                del wb[name]
        wb[sheet].oddFooter.center.text = None  # the page number would stretch the picture to the page
        single = folder / "sheet.xlsx"
        wb.save(single)
        pdf = convert(single, "pdf", folder)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(folder / "page")], check=True, capture_output=True, timeout=120)
        png.parent.mkdir(parents=True, exist_ok=True)
        _crop(folder / "page.png", png)
    return png


def _crop(source: Path, target: Path, margin: int = 16) -> None:
    """Copy the page without its empty paper around the printed area."""
    from PIL import Image, ImageChops

    page = Image.open(source).convert("RGB")
    box = ImageChops.difference(page, Image.new("RGB", page.size, "white")).getbbox()
    if box is not None:
        left, top, right, bottom = box
        page = page.crop((max(left - margin, 0), max(top - margin, 0),
                          min(right + margin, page.width), min(bottom + margin, page.height)))
    page.save(target)


def _reviewed(folder: Path) -> None:
    """Reviews of two seeds in the workspace (GKAUDIT_DATA_DIR): Fuxin corrected, signed and finalised."""
    from gkaudit.audit import audit_path
    from gkaudit.workspace import ReviewSession, Role, Status, Workspace

    report = audit_path(folder / "fuxin-2020.txt")
    with Workspace.open(report) as ws:
        s = ReviewSession(report, ws)
        s.set_status(s.problems[0], Status.CONFIRMED, "张三")
        s.set_note(s.problems[0], "社会公益组织总计误填 1，已与报告单位电话核实", "张三")
        s.correct("apply/3.7/social", 0, "张三")
        s.sign_off(Role.PREPARER, "张三")
        s.sign_off(Role.REVIEWER, "李四")
        s.finalise("李四")
    report = audit_path(folder / "urumqi-2020.txt")
    with Workspace.open(report) as ws:
        s = ReviewSession(report, ws)
        s.set_status(s.problems[0], Status.CONFIRMED, "张三")
        s.set_note(s.problems[0], "结转下年度自然人栏漏填 2", "张三")
        s.set_status(s.problems[3], Status.REJECTED, "张三")
        s.set_note(s.problems[3], "第六部分以“无其他事项”并入第五部分", "张三")
        s.sign_off(Role.PREPARER, "张三")


def main() -> None:
    """Write the README screenshots: ``python tests/export/libreoffice.py docs/screenshots``."""
    import os
    import shutil
    import sys

    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root))
    out = Path(sys.argv[1] if len(sys.argv) > 1 else root / "docs" / "screenshots")
    with tempfile.TemporaryDirectory(prefix="gkaudit-shot-") as scratch:
        os.environ["GKAUDIT_DATA_DIR"] = str(Path(scratch) / "data")  # the reviews below, not the user's
        from gkaudit.audit import audit_path
        from gkaudit.export.xlsx import write_batch_from_files, write_batch_workbook, write_report_workbook
        from gkaudit.review import saved_review

        folder = Path(scratch) / "样本"
        folder.mkdir()
        for p in (root / "resources" / "samples").glob("*.txt"):
            shutil.copy(p, folder / p.name)
        _reviewed(folder)
        for name, sheet, png in (
            ("urumqi-2020", "依申请公开", "xlsx-apply.png"),
            ("urumqi-2020", "问题清单", "xlsx-findings.png"),
            ("fuxin-2020", "审计概要", "xlsx-overview.png"),
            ("fuxin-2020", "审计轨迹", "xlsx-trail.png"),
        ):
            report = audit_path(folder / f"{name}.txt")
            workbook = write_report_workbook(report, Path(scratch) / f"{name}.xlsx", review=saved_review(report))
            print(render_png(workbook, sheet, out / png))
        batch, _, _ = write_batch_from_files(sorted(str(p) for p in folder.glob("*.txt")), Path(scratch) / "批量.xlsx")
        print(render_png(batch, "汇总", out / "xlsx-summary.png"))
        print(render_png(batch, "索引表", out / "xlsx-index.png"))
        # 统计分析 needs many bodies over several years: the 200 generated reports of its test.
        from tests.export.test_statistics import generate

        generated = write_batch_workbook(generate()[0], Path(scratch) / "统计.xlsx", preparer="张三")
        print(render_png(generated, "统计分析", out / "xlsx-statistics.png", dpi=90))


if __name__ == "__main__":
    main()
