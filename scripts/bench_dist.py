"""Figures for the built bundle: size, compressed size, cold and warm start to a shown window, first report.

    .venv/bin/python scripts/bench_dist.py [dist/gkaudit] [--runs 5] [--no-compress]

Linux only (Xvfb and xwininfo: Debian's xvfb and x11-utils). "Shown" is the moment the main
window's X11 window is viewable on the virtual screen, polled every 5 ms from outside, so it
needs nothing from the program. "Cold" runs follow ``echo 3 > /proc/sys/vm/drop_caches`` (root);
where that is refused the first run after the build is reported instead, and says so. "First
report" is ``gkaudit-gui --screenshot`` on a seed report: start, audit, show the findings, grab the
window; the screenshot code waits a fixed 300 ms before grabbing, which is subtracted. "Scanned
page" is ``gkaudit audit`` on a one-page image-only PDF made from a corpus table page (150 dpi,
turned 1°, noisy, JPEG 70) with the OCR cache off: start, load the models, read, check.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "resources" / "samples" / "fuxin-2020.txt"
PDF = ROOT / "resources" / "samples" / "huaian-city-2024.pdf"
SCREENSHOT_WAIT_S = 0.3  # QTimer.singleShot(300, save) in ui/app.py's screenshot()


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def compressed_sizes(folder: Path) -> dict[str, int]:
    sizes = {}
    with tempfile.TemporaryDirectory() as tmp:
        xz = Path(tmp) / "b.tar.xz"
        tar = subprocess.Popen(["tar", "-C", str(folder.parent), "-cf", "-", folder.name], stdout=subprocess.PIPE)
        with xz.open("wb") as out:
            subprocess.run(["xz", "-T0", "-6"], stdin=tar.stdout, stdout=out, check=True)
        tar.wait()
        sizes["tar.xz (xz -6)"] = xz.stat().st_size
        if shutil.which("zip"):
            archive = Path(tmp) / "b.zip"
            subprocess.run(["zip", "-qry6", str(archive), folder.name], cwd=folder.parent, check=True)
            sizes["zip (deflate -6, links kept)"] = archive.stat().st_size
    return sizes


def drop_caches() -> bool:
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


class VirtualScreen:
    """One Xvfb for all runs, so its own start is not counted."""

    def __init__(self, display: str = ":93") -> None:
        self.display = display
        self.proc = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while subprocess.run(["xwininfo", "-root", "-display", display], capture_output=True).returncode:
            if time.monotonic() > deadline:
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.05)

    def viewable_window(self, wm_class: str) -> bool:
        """Whether a top-level window of this WM_CLASS class (QApplication's name) is viewable."""
        tree = subprocess.run(["xwininfo", "-root", "-tree", "-display", self.display], capture_output=True,
                              text=True, errors="replace").stdout
        for line in tree.splitlines():
            if f' "{wm_class}")' in line and line.strip().startswith("0x"):
                wid = line.split()[0]
                info = subprocess.run(["xwininfo", "-id", wid, "-display", self.display], capture_output=True,
                                      text=True, errors="replace").stdout
                if "IsViewable" in info and "Width: 1\n" not in info:
                    return True
        return False

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait()


def time_to_window(command: list[str], screen: VirtualScreen, env: dict[str, str], wm_class: str) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not screen.viewable_window(wm_class):
            if proc.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with {proc.returncode} before showing a window")
            if time.perf_counter() - start > 60:
                raise RuntimeError("no window after 60 s")
            time.sleep(0.005)
        return time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def time_first_report(command: list[str], report: Path, env: dict[str, str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        shot = Path(tmp) / "s.png"
        start = time.perf_counter()
        subprocess.run([*command, "--screenshot", str(shot), str(report)], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        elapsed = time.perf_counter() - start
        assert shot.stat().st_size > 0
    return elapsed - SCREENSHOT_WAIT_S


def time_cli(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([*command, "audit", str(SEED)], env=env, check=True, stdout=subprocess.DEVNULL, timeout=120)
    return time.perf_counter() - start


def time_scan(command: list[str], scan: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([*command, "audit", str(scan), "--json", "-o", os.devnull], env=dict(env, GKAUDIT_OCR_CACHE="0"),
                   check=True, stdout=subprocess.DEVNULL, timeout=300)
    return time.perf_counter() - start


def make_scan(folder: Path) -> Path | None:
    """A one-page scan of a table page (tests/reading/scans.py), or None without Pillow or the models."""
    try:
        sys.path.insert(0, str(ROOT))
        from gkaudit.reading.ocr import available
        from tests.reading.scans import scanned_pdf
    except ImportError:
        return None
    if not available():
        return None
    return scanned_pdf(ROOT / "resources" / "samples" / "huaian-hongze-district-2023.pdf", [3], folder / "scan.pdf")


def describe(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f}, n={len(values)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", default=str(ROOT / "dist" / "gkaudit"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-compress", action="store_true")
    args = parser.parse_args()
    bundle = Path(args.bundle).resolve()
    missing = [tool for tool in ("Xvfb", "xwininfo", "xz") if shutil.which(tool) is None]
    if missing:
        print(f"bench_dist: needs {', '.join(missing)} (apt-get install xvfb x11-utils xz-utils)", file=sys.stderr)
        return 2
    gui, cli = [str(bundle / "gkaudit-gui")], [str(bundle / "gkaudit")]
    source_gui = [sys.executable, "-m", "ui"]

    print(f"bundle: {bundle}")
    print(f"  size: {tree_size(bundle) / 1e6:.1f} MB ({tree_size(bundle / '_internal') / 1e6:.1f} MB in _internal)")
    if not args.no_compress:
        for kind, size in compressed_sizes(bundle).items():
            print(f"  {kind}: {size / 1e6:.1f} MB")

    data = tempfile.mkdtemp(prefix="gkaudit-bench-")
    screen = VirtualScreen()
    env = dict(os.environ, DISPLAY=screen.display, GKAUDIT_DATA_DIR=data, GKAUDIT_NO_CRASH_DIALOG="1")
    env.pop("QT_QPA_PLATFORM", None)
    offscreen = dict(env, QT_QPA_PLATFORM="offscreen")
    try:
        cold: list[float] = []
        can_drop = drop_caches()
        for _ in range(max(1, args.runs // 2) if can_drop else 1):
            if can_drop:
                drop_caches()
            cold.append(time_to_window(gui, screen, env, "gkaudit"))
        label = "cold (page cache dropped)" if can_drop else "first run after build (cache not droppable)"
        print(f"frozen GUI to a shown window, {label}: {describe(cold)}")
        warm = [time_to_window(gui, screen, env, "gkaudit") for _ in range(args.runs)]
        print(f"frozen GUI to a shown window, warm: {describe(warm)}")
        source = [time_to_window(source_gui, screen, dict(env, PYTHONPATH=str(ROOT)), "gkaudit")
                  for _ in range(args.runs)]
        print(f"source GUI (python -m ui) to a shown window, warm: {describe(source)}")
        for report in (SEED, PDF):
            if can_drop:
                drop_caches()
                first = time_first_report(gui, report, env)
                print(f"frozen GUI start + {report.name} audited and shown, cold: {first:.2f} s")
            firsts = [time_first_report(gui, report, env) for _ in range(args.runs)]
            print(f"frozen GUI start + {report.name} audited and shown, warm: {describe(firsts)}")
        if can_drop:
            drop_caches()
            print(f"frozen CLI 'gkaudit audit {SEED.name}', cold: {time_cli(cli, offscreen):.2f} s")
        print(f"frozen CLI 'gkaudit audit {SEED.name}', warm: {describe([time_cli(cli, offscreen) for _ in range(args.runs)])}")
        source_cli = [sys.executable, "-m", "gkaudit"]
        print(f"source CLI 'python -m gkaudit audit {SEED.name}', warm: "
              f"{describe([time_cli(source_cli, dict(offscreen, PYTHONPATH=str(ROOT))) for _ in range(args.runs)])}")
        scan = make_scan(Path(data))
        if scan is not None:
            runs = max(1, min(3, args.runs))
            print(f"frozen CLI, one scanned page (OCR, cache off): {describe([time_scan(cli, scan, offscreen) for _ in range(runs)])}")
            source_scan = [time_scan(source_cli, scan, dict(offscreen, PYTHONPATH=str(ROOT))) for _ in range(runs)]
            print(f"source CLI, one scanned page (OCR, cache off): {describe(source_scan)}")
    finally:
        screen.close()
        shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
