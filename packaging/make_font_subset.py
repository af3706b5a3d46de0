"""Make resources/fonts/NotoSansSC-subset.otf: Noto Sans CJK SC cut to GB2312, ASCII and punctuation.

The window uses it only when the machine has no Chinese font of its own (see ui/theme.py), so
Chinese never renders as boxes. The subset is ~3.4 MB instead of the 19 MB collection. It is
committed, so a build machine without Noto CJK (Windows) still bundles it; this script rewrites
it only when the wanted characters change or ``--force`` is given. Needs fontTools (the ``build``
extra) and Debian's fonts-noto-cjk, or ``--source`` pointing at NotoSansCJK-Regular.ttc or
NotoSansCJKsc-Regular.otf.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "resources" / "fonts" / "NotoSansSC-subset.otf"
LICENCE = TARGET.with_name("OFL.txt")
EXTRA_LIST = Path(__file__).resolve().parent / "font-subset-extra.txt"
SOURCES = [
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),
]
SC_FAMILY = "Noto Sans CJK SC"
# Always kept: ASCII, general punctuation, CJK symbols and punctuation, full-width forms.
ALWAYS = [(0x20, 0x7E), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF)]


def gb2312_chars() -> set[str]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def extra_chars(path: Path = EXTRA_LIST) -> set[str]:
    chars: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        token = line.split()[0]
        ranged = re.fullmatch(r"U\+([0-9A-Fa-f]{4,6})(?:-([0-9A-Fa-f]{4,6}))?", token)
        if ranged:
            start = int(ranged.group(1), 16)
            end = int(ranged.group(2) or ranged.group(1), 16)
            chars.update(chr(c) for c in range(start, end + 1))
        else:
            chars.update(token)
    return chars


def wanted_chars() -> set[str]:
    chars = gb2312_chars() | extra_chars()
    for start, end in ALWAYS:
        chars.update(chr(c) for c in range(start, end + 1))
    return chars


def covered_chars(font_path: Path) -> set[str]:
    from fontTools.ttLib import TTFont

    with TTFont(font_path, lazy=True) as font:
        return {chr(c) for c in font.getBestCmap()}


def find_source(explicit: Path | None) -> tuple[Path, int]:
    """The source font file and, for a collection, the index of the SC face."""
    from fontTools.ttLib import TTCollection

    candidates = [explicit] if explicit else SOURCES
    for path in candidates:
        if path is None or not path.is_file():
            continue
        if path.suffix.lower() != ".ttc":
            return path, 0
        collection = TTCollection(str(path), lazy=True)
        for index, face in enumerate(collection.fonts):
            if face["name"].getDebugName(1) == SC_FAMILY:
                return path, index
    raise FileNotFoundError("no Noto Sans CJK source font (apt-get install fonts-noto-cjk, or --source FILE)")


def make_subset(source: Path, index: int, target: Path, chars: set[str]) -> None:
    from fontTools import subset

    options = subset.Options()
    options.font_number = index
    options.layout_features = ["*"]  # vertical forms, full-width punctuation alternates
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False  # the same input gives the same bytes
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)
    copyright_line = font["name"].getDebugName(0) or "Copyright 2014-2021 Adobe (http://www.adobe.com/)"
    write_licence(copyright_line)


def write_licence(copyright_line: str) -> None:
    debian = Path("/usr/share/doc/fonts-noto-cjk/copyright")
    text = debian.read_text(encoding="utf-8") if debian.is_file() else ""
    start = text.find("SIL OPEN FONT LICENSE Version 1.1")
    if start < 0:
        if LICENCE.is_file():
            return  # keep the committed text
        raise FileNotFoundError("OFL text not found; keep resources/fonts/OFL.txt from the repository")
    block = text[start:].split("\nLicense:", 1)[0]
    body = "\n".join(line[1:] if line.startswith(" ") else line for line in block.splitlines())
    body = body.replace("\n.\n", "\n\n").replace("\n.", "\n")
    header = (
        f"{TARGET.name}: a subset of Noto Sans CJK SC Regular (GB2312, ASCII, punctuation),\n"
        f"made by packaging/make_font_subset.py with fontTools.\n\n"
        f"{copyright_line} With Reserved Font Name 'Source'.\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n\n"
    )
    LICENCE.write_text(header + body.strip() + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="NotoSansCJK-Regular.ttc or NotoSansCJKsc-Regular.otf")
    parser.add_argument("--force", action="store_true", help="rewrite even if the subset is up to date")
    args = parser.parse_args(argv)
    chars = wanted_chars()
    if TARGET.is_file() and not args.force:
        missing = chars - covered_chars(TARGET)
        # Characters the source font itself lacks stay missing; only a new wanted one triggers a rebuild.
        if not missing or missing <= _known_absent(missing):
            print(f"font subset up to date: {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size / 1e6:.1f} MB)")
            return 0
    try:
        source, index = find_source(args.source)
    except FileNotFoundError as exc:
        if TARGET.is_file():
            print(f"warning: {exc}; keeping the existing subset", file=sys.stderr)
            return 0
        print(f"error: {exc}", file=sys.stderr)
        return 1
    make_subset(source, index, TARGET, chars)
    print(f"font subset written: {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size / 1e6:.1f} MB) from {source}")
    return 0


def _known_absent(missing: set[str]) -> set[str]:
    """Wanted characters that Noto Sans CJK SC itself has no glyph for (so a rebuild cannot add them)."""
    try:
        source, index = find_source(None)
    except (FileNotFoundError, ImportError):
        return missing  # nothing to rebuild from: treat the subset as current
    from fontTools.ttLib import TTFont

    with TTFont(source, fontNumber=index, lazy=True) as font:
        cmap = font.getBestCmap()
    return {c for c in missing if ord(c) not in cmap}


if __name__ == "__main__":
    sys.exit(main())
