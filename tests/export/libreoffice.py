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


def convert(source: Path, fmt: str, outdir: Path, timeout: float = 300) -> Path:
    """``source`` converted by LibreOffice to ``fmt`` ("xlsx", "pdf", "ods") in ``outdir``, formulas recalculated."""
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


def main() -> None:
    """Write the README screenshots: ``python tests/export/libreoffice.py docs/screenshots``."""
    import sys

    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root))
    from gkaudit.audit import audit_path
    from gkaudit.export.xlsx import write_batch_workbook, write_report_workbook

    out = Path(sys.argv[1] if len(sys.argv) > 1 else root / "docs" / "screenshots")
    with tempfile.TemporaryDirectory(prefix="gkaudit-shot-") as scratch:
        for name, sheet, png in (
            ("urumqi-2020", "依申请公开", "xlsx-apply.png"),
            ("urumqi-2020", "问题清单", "xlsx-findings.png"),
            ("fuxin-2020", "审计概要", "xlsx-overview.png"),
        ):
            report = audit_path(root / "resources" / "samples" / f"{name}.txt")
            workbook = write_report_workbook(report, Path(scratch) / f"{name}.xlsx", preparer="张三")
            print(render_png(workbook, sheet, out / png))
        seeds = [audit_path(p) for p in sorted((root / "resources" / "samples").glob("*.txt"))]
        batch = write_batch_workbook(seeds, Path(scratch) / "批量.xlsx", preparer="张三")
        print(render_png(batch, "汇总", out / "xlsx-summary.png"))
        # 统计分析 needs many bodies over several years: the 200 generated reports of its test.
        from tests.export.test_statistics import generate

        generated = write_batch_workbook(generate()[0], Path(scratch) / "统计.xlsx", preparer="张三")
        print(render_png(generated, "统计分析", out / "xlsx-statistics.png", dpi=90))


if __name__ == "__main__":
    main()
