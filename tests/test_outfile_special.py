"""Writing output to a device or a pipe (``-o /dev/null``) writes to it and never replaces it with a file."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from gkaudit.outfile import write_text_atomically

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="named pipes made with mkfifo")


def test_a_pipe_as_target_is_written_to_and_stays_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "输出.fifo"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write_text_atomically('{"报告": 1}\n', fifo)
    reader.join(timeout=10)
    assert got == ['{"报告": 1}\n']
    assert not fifo.is_file() and fifo.exists()  # still the pipe: os.replace would have made it a file
    assert list(tmp_path.iterdir()) == [fifo]  # no temporary left beside it


def test_cli_json_to_dev_null_leaves_the_device(tmp_path: Path) -> None:
    from gkaudit.cli import main

    sample = Path(__file__).resolve().parent.parent / "resources" / "samples" / "fuxin-2020.txt"
    before = os.stat(os.devnull)
    assert main(["audit", str(sample), "--json", "-o", os.devnull]) in (0, 1)
    after = os.stat(os.devnull)
    assert (after.st_mode, after.st_rdev) == (before.st_mode, before.st_rdev)
