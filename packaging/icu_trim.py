"""Rebuild Qt's libicudata with only the ICU data Qt uses here: 32 MB down to about 5 MB (Linux).

PySide6's Linux wheels ship ICU, and QtCore calls it for four things only: character-set
converters (``ucnv``), collation (``ucol``, e.g. QFileDialog's sorting), time-zone display names
(``ucal``) and locale case mapping (``u_strToUpper``). The data library carries every locale's
names, units, currencies, break-iterator dictionaries (2 MB for Chinese/Japanese words alone) and
transliterators. This keeps the root, English and Chinese data, the Chinese converters and the core
property files, writes them as a new ICU common-data blob and assembles it into a
``libicudata.so.<N>`` exporting the same ``icudt<N>_dat`` symbol, so nothing else changes.

Needs ``gcc`` (or ``cc``); without it, or off Linux, the bundle keeps the original library.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ALIGN = 16
# Top-level locale bundles are named like "fr.res", "de_CH.res", "zh_Hant_HK.res".
_LOCALE_RES = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*\.res$")
_KEPT_LOCALES = re.compile(r"^(root|en|en_US|en_001|en_GB|zh|zh_Hans|zh_Hans_CN|zh_CN|zh_Hant|zh_Hant_TW|zh_TW|"
                           r"zh_Hant_HK|zh_HK)\.res$")
# Subfolders whose per-locale bundles Qt reaches through ucol/ucal; the others it never opens.
_LOCALE_TREES = {"coll", "zone", "curr", "lang", "region", "unit"}
_DROPPED_TREES = {"brkitr", "translit", "rbnf"}
# Converters for Chinese text (GB18030, GBK/CP936, GB2312/EUC-CN, Big5 = ibm-1373, CP950); UTF-* need no data.
_KEPT_CONVERTERS = re.compile(r"(gb18030|936|1383|1386|5478|950|1373)", re.IGNORECASE)


@dataclass(frozen=True)
class CommonData:
    """An ICU common-data package ("CmnD"): its header and its items, in name order."""

    header: bytes
    items: dict[str, bytes]


def keep_item(name: str) -> bool:
    """Whether one item (``icudt73l/coll/zh.res``) stays."""
    parts = name.split("/")[1:]
    if len(parts) == 1:
        leaf = parts[0]
        if leaf.endswith(".cnv"):
            return bool(_KEPT_CONVERTERS.search(leaf))
        if _LOCALE_RES.match(leaf) and leaf != "res_index.res":
            return bool(_KEPT_LOCALES.match(leaf))
        return True  # property files, aliases, pool.res, res_index.res, time-zone and supplemental data
    tree, leaf = parts[0], parts[-1]
    if tree in _DROPPED_TREES:
        return False
    if tree in _LOCALE_TREES:
        return leaf in {"pool.res", "res_index.res", "ucadata.icu"} or bool(_KEPT_LOCALES.match(leaf))
    return True


def find_blob(library: bytes, size: int | None = None) -> tuple[int, int]:
    """Offset and length of the common-data blob inside a libicudata file (length: ``size`` or to the end)."""
    index = library.find(b"CmnD")
    while index >= 0:
        start = index - 12  # headerSize(2) magic(2) then UDataInfo: size(2) reserved(2) flags(4) format(4)
        if start >= 0 and library[start + 2:start + 4] == b"\xda\x27":
            return start, size or len(library) - start
        index = library.find(b"CmnD", index + 1)
    raise ValueError("no ICU common data in this file")


def symbol_size(library: Path, symbol: str) -> int | None:
    """The size of an exported symbol, from binutils' nm (None without nm)."""
    nm = shutil.which("nm")
    if nm is None:
        return None
    listing = subprocess.run([nm, "-D", "-S", "--defined-only", str(library)], capture_output=True, text=True,
                             check=True).stdout
    for line in listing.splitlines():
        fields = line.split()
        if len(fields) == 4 and fields[3] == symbol:
            return int(fields[1], 16)
    return None


def read_common_data(blob: bytes) -> CommonData:
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD" or blob[8] != 0:
        raise ValueError("not a little-endian ICU common-data package")
    toc = header_size
    (count,) = struct.unpack_from("<I", blob, toc)
    entries = [struct.unpack_from("<II", blob, toc + 4 + 8 * k) for k in range(count)]
    names = [blob[toc + n:blob.index(b"\0", toc + n)].decode("ascii") for n, _ in entries]
    starts = sorted(d for _, d in entries)
    # The last item ends where the blob ends (its own header does not give its length).
    ends = dict(zip(starts, [*starts[1:], len(blob) - toc], strict=True))
    items = {name: blob[toc + data:toc + ends[data]] for name, (_, data) in zip(names, entries, strict=True)}
    return CommonData(blob[:header_size], items)


def write_common_data(data: CommonData) -> bytes:
    names = sorted(data.items)  # ICU looks items up by binary search on the name
    toc_size = 4 + 8 * len(names)
    name_block = b"".join(n.encode("ascii") + b"\0" for n in names)
    name_offsets, offset = [], toc_size
    for n in names:
        name_offsets.append(offset)
        offset += len(n) + 1
    body, data_offsets = bytearray(), []
    offset = _aligned(toc_size + len(name_block))
    for n in names:
        data_offsets.append(offset)
        item = data.items[n]
        body += item + b"\0" * (_aligned(len(item)) - len(item))
        offset += _aligned(len(item))
    toc = struct.pack("<I", len(names)) + b"".join(
        struct.pack("<II", a, b) for a, b in zip(name_offsets, data_offsets, strict=True))
    head = toc + name_block
    return data.header + head + b"\0" * (_aligned(len(head)) - len(head)) + bytes(body)


def _aligned(n: int) -> int:
    return (n + ALIGN - 1) // ALIGN * ALIGN


def assemble_library(blob: bytes, symbol: str, soname: str, target: Path) -> Path:
    """A shared library whose only content is ``blob`` exported as ``symbol`` (what libicudata is)."""
    compiler = shutil.which("gcc") or shutil.which("cc")
    if compiler is None:
        raise FileNotFoundError("no C compiler (gcc) to assemble the ICU data library")
    work = target.parent
    work.mkdir(parents=True, exist_ok=True)
    data_file = work / f"{symbol}.dat"
    data_file.write_bytes(blob)
    source = work / f"{symbol}.S"
    source.write_text(
        f'\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign {ALIGN}\n'
        f'{symbol}:\n\t.incbin "{data_file.name}"\n\t.size {symbol}, .-{symbol}\n'
        '\t.section .note.GNU-stack,"",@progbits\n',
        encoding="ascii",
    )
    subprocess.run([compiler, "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", str(target.resolve()), source.name],
                   cwd=work, check=True)
    return target


def trim_library(original: Path, target: Path) -> tuple[int, int]:
    """Write the trimmed ``target`` from ``original``; returns (old, new) data sizes in bytes."""
    match = re.match(r"libicudata\.so\.(\d+)", original.name)
    if not match:
        raise ValueError(f"not a libicudata: {original.name}")
    raw = original.read_bytes()
    symbol = f"icudt{match.group(1)}_dat"
    start, length = find_blob(raw, symbol_size(original, symbol))
    full = read_common_data(raw[start:start + length])
    kept = CommonData(full.header, {n: b for n, b in full.items.items() if keep_item(n)})
    blob = write_common_data(kept)
    assemble_library(blob, symbol, original.name, target)
    return sum(map(len, full.items.values())), len(blob)


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: icu_trim.py LIBICUDATA TARGET", file=sys.stderr)
        return 2
    old, new = trim_library(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"ICU data {old / 1e6:.1f} MB -> {new / 1e6:.1f} MB: {sys.argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
