"""Hostile and careless inputs: every file answered in one Chinese line within budget, batches go on."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gkaudit.cli import main
from gkaudit.isolation import Isolator, Limits
from gkaudit.model import AuditReport, ReadError
from gkaudit.reading import failure_reason, read_bytes, read_document
from gkaudit.scan import scan_paths
from tests import hostile
from tests.conftest import SAMPLES, SEEDS

BUDGET = Limits(seconds=10.0, memory_mb=500)
PYTHON_NAMES = re.compile(r"[A-Z][a-z]+(?:Error|Exception)|Traceback|MemoryError|RecursionError")


@pytest.fixture(scope="module")
def isolator() -> Iterator[Isolator]:
    with Isolator(BUDGET) as iso:
        yield iso


def answered_within_budget(isolator: Isolator, path: Path) -> AuditReport | ReadError:
    started = time.monotonic()
    result = isolator.audit(path)
    assert time.monotonic() - started < BUDGET.seconds  # type: ignore[operator]
    if isinstance(result, ReadError):
        reason = str(result)
        assert "\n" not in reason and not PYTHON_NAMES.search(reason), reason
        assert "超时" not in reason and "内存" not in reason, reason  # bounded by the reader, not the wall
    return result


@pytest.mark.parametrize("depth", [16, 300, 5000])
def test_nested_html_tables_are_read_in_linear_time(depth: int, tmp_path: Path, isolator: Isolator) -> None:
    data = hostile.nested_tables_html(depth)
    path = tmp_path / "nested.html"
    path.write_bytes(data)
    assert isinstance(answered_within_budget(isolator, path), AuditReport)  # first: a hang fails, not hangs
    started = time.perf_counter()
    text = read_bytes("nested.html", data).text
    assert time.perf_counter() - started < BUDGET.seconds  # type: ignore[operator]
    assert "本年度主动公开政府信息 120 条。" in text and "乙" in text


def test_nested_word_tables_are_read(tmp_path: Path, isolator: Isolator) -> None:
    assert "乙" in read_bytes("n.docx", hostile.nested_tables_docx(16)).text
    path = tmp_path / "deep.docx"
    path.write_bytes(hostile.nested_tables_docx(5000))
    result = answered_within_budget(isolator, path)
    assert isinstance(result, ReadError) and "嵌套过深" in str(result)


def test_html_span_bomb_is_clamped_to_the_table(tmp_path: Path, isolator: Isolator) -> None:
    data = hostile.span_bomb_html()
    assert len(data) < 20_000
    text = read_bytes("spans.html", data).text
    assert "本年度主动公开政府信息 120 条。" in text
    rows = [line.split("\t") for line in text.splitlines() if "\t" in line]
    assert all(len(r) <= 20 * 20 for r in rows)
    path = tmp_path / "spans.html"
    path.write_bytes(data)
    assert isinstance(answered_within_budget(isolator, path), AuditReport)


def test_docx_gridspan_bomb_is_clamped(tmp_path: Path, isolator: Isolator) -> None:
    data = hostile.gridspan_bomb_docx()
    assert len(data) < 4_000
    text = read_bytes("bomb.docx", data).text
    assert "本年度主动公开政府信息 120 条。" in text
    assert all(line.count("\t") < 100 for line in text.splitlines())
    path = tmp_path / "bomb.docx"
    path.write_bytes(data)
    assert isinstance(answered_within_budget(isolator, path), AuditReport)


def test_unpacked_size_is_measured_not_trusted(tmp_path: Path, isolator: Isolator) -> None:
    lying = hostile.lying_zip_docx()
    with pytest.raises(ReadError) as exc:
        read_bytes("lying.docx", lying)
    assert not PYTHON_NAMES.search(str(exc.value))
    big = tmp_path / "big.docx"
    big.write_bytes(hostile.big_document_docx(190))
    assert big.stat().st_size < 1_000_000
    result = answered_within_budget(isolator, big)
    assert isinstance(result, ReadError) and "解压后超过" in str(result)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")
def test_fifo_and_device_are_refused_at_once(tmp_path: Path, isolator: Isolator) -> None:
    files = hostile.special_files(tmp_path)
    with pytest.raises(ReadError, match="命名管道"):
        read_document(files["fifo"])
    with pytest.raises(ReadError, match="设备文件"):
        read_document(files["zero"])
    for path in files.values():
        assert isinstance(answered_within_budget(isolator, path), ReadError)


def test_utf8_with_a_stray_byte_is_read_with_a_note() -> None:
    doc = read_bytes("stray.txt", hostile.stray_byte_utf8())
    assert doc.encoding == "utf-8" and "乌海市人民政府" in doc.text
    assert any("无效字节" in note for note in doc.notes)


def test_unclosed_embed_does_not_hide_the_article() -> None:
    text = read_bytes("embed.html", hostile.embed_html()).text
    assert "二、主动公开政府信息情况" in text and "本年度主动公开政府信息 120 条。" in text


def test_reasons_never_name_python() -> None:
    for exc in (MemoryError(), RecursionError(), ValueError("x"), KeyError("k"), OSError(5, "I/O")):
        reason = failure_reason(exc)
        assert reason and not PYTHON_NAMES.search(reason) and type(exc).__name__ not in reason


def test_an_overrun_is_killed_and_reported_in_one_line() -> None:
    pdf = SAMPLES / "huaian-city-2024.pdf"
    with Isolator(Limits(seconds=0.01, memory_mb=None)) as iso:
        slow = iso.audit(pdf)
        assert isinstance(slow, ReadError) and "超时" in str(slow)
    with Isolator(Limits(seconds=30, memory_mb=4)) as iso:
        greedy = iso.audit(pdf)
        assert isinstance(greedy, ReadError) and "内存" in str(greedy)
    with Isolator(Limits(seconds=30, memory_mb=500)) as iso:  # and the next file is audited again
        assert isinstance(iso.audit(SAMPLES / "fuxin-2020.txt"), AuditReport)
        started = time.monotonic()
        stopped = iso.audit(pdf, cancelled=lambda: time.monotonic() - started > 0.01)  # another report opened
        assert isinstance(stopped, ReadError) and str(stopped) == "已取消"
        assert isinstance(iso.audit(SAMPLES / "fuxin-2020.txt"), AuditReport)


def test_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(SAMPLES / "fuxin-2020.txt", tmp_path / "fuxin-2020.txt")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("x", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:  # root reads any folder: refuse this one as the OS would
        if Path(str(path)) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    scan = scan_paths([str(tmp_path)])
    assert [f.name for f in scan.files] == ["fuxin-2020.txt"]
    assert scan.unreadable == [(str(locked), "没有读取权限")]


# ---------------------------------------------------------------- the command line


def test_folder_takes_reports_and_counts_what_is_not_one(cn_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(SAMPLES / "fuxin-2020.txt", cn_tmp / "fuxin-2020.txt")
    (cn_tmp / "README.md").write_text("# 说明\n本文件夹存放报告。\n", encoding="utf-8")
    (cn_tmp / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (cn_tmp / "说明.txt").write_text("这里是说明文字，不是报告。\n" * 5, encoding="utf-8")
    code = main(["audit", str(cn_tmp), "--json"])
    captured = capsys.readouterr()
    assert code == 0
    data = json.loads(captured.out)
    assert [d["file"] for d in data] == ["fuxin-2020.txt"]
    assert "跳过 1 个不是年度报告的文件：说明.txt" in captured.err


def test_empty_folder_says_so(cn_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(cn_tmp)]) == 1
    assert "文件夹中没有报告文件" in capsys.readouterr().err


def test_missing_path_is_reported_and_the_rest_audited(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["audit", str(SAMPLES / "fuxin-2020.txt"), "/no/such/报告.txt", "--json"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.count("\n") == 1 and "找不到：/no/such/报告.txt" in captured.err
    assert json.loads(captured.out)[0]["file"] == "fuxin-2020.txt"


def test_usage_and_help_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit"]) == 2
    err = capsys.readouterr().err
    assert "缺少必需的参数" in err and "用法" in err and "required" not in err
    assert main(["audit", "--help"]) == 0
    out = capsys.readouterr().out
    assert "位置参数" in out and "选项" in out and "positional arguments" not in out
    assert main(["--help"]) == 0
    top = capsys.readouterr().out
    assert "显示版本号" in top and "show" not in top


@pytest.mark.parametrize("target", ["missing-folder/out.json", "."])
def test_output_to_a_bad_target_is_one_line(target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["audit", str(SAMPLES / "fuxin-2020.txt"), "-o", str(tmp_path / target)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "无法写入" in err and not PYTHON_NAMES.search(err)


def test_output_killed_mid_write_leaves_old_or_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    target.write_text('{"old": true}\n', encoding="utf-8")
    reports = [str(SAMPLES / f"{name}.txt") for name in SEEDS]
    outcomes = set()
    for delay in (0.3, 0.8, 1.5, 3.0):
        proc = subprocess.Popen([sys.executable, "-m", "gkaudit", "audit", *reports, "--json", "-o", str(target)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
            proc.wait()
        data = json.loads(target.read_text(encoding="utf-8"))  # never empty, never partial
        outcomes.add("old" if isinstance(data, dict) else "new")
    assert outcomes <= {"old", "new"}
    # A leftover temporary of a writer that is gone is removed by the next run.
    stale = tmp_path / ".~gkaudit-999999-abc.tmp"
    stale.write_text("{", encoding="utf-8")
    assert main(["audit", reports[0], "-o", str(target)]) == 0
    assert not stale.exists() and not list(tmp_path.glob(".~gkaudit-*"))


def test_stale_workbook_temporary_is_cleaned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stale = tmp_path / ".~gkaudit-999999-killed.tmp"  # a --xlsx write killed before its rename
    stale.write_bytes(b"PK")
    live = tmp_path / f".~gkaudit-{os.getppid()}-writing.tmp"  # a run still writing: kept
    live.write_bytes(b"PK")
    assert main(["audit", str(SAMPLES / "fuxin-2020.txt"), "--xlsx", str(tmp_path / "底稿.xlsx")]) == 0
    capsys.readouterr()
    assert not stale.exists() and live.exists() and (tmp_path / "底稿.xlsx").exists()


def test_broken_pipe_ends_quietly() -> None:
    reports = [str(SAMPLES / f"{name}.txt") for name in SEEDS]
    cmd = [sys.executable, "-m", "gkaudit", "audit", *reports]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()  # what `| head -1` does
        err = proc.stderr.read().decode("utf-8", "replace")
        code = proc.wait(60)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert code == 0


def test_batch_with_hostile_files_between_audits_every_report(cn_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hostile_files = [
        ("nested.html", hostile.nested_tables_html(300)), ("spans.html", hostile.span_bomb_html()),
        ("grid.docx", hostile.gridspan_bomb_docx()), ("lying.docx", hostile.lying_zip_docx(8)),
        ("deep.html", hostile.nested_tables_html(5000)), ("embed.html", hostile.embed_html()),
        ("stray.txt", hostile.stray_byte_utf8()), ("deep.docx", hostile.nested_tables_docx(5000)),
        ("binary.txt", bytes(range(256)) * 8), ("empty.txt", b""),
    ]
    names = list(SEEDS)
    for i in range(20):
        shutil.copy(SAMPLES / f"{names[i % len(names)]}.txt", cn_tmp / f"{i:02d}a-report.txt")
        if i % 2:
            name, data = hostile_files[i // 2]
            (cn_tmp / f"{i:02d}b-{name}").write_bytes(data)
    if hasattr(os, "mkfifo"):
        os.mkfifo(cn_tmp / "05c-fifo.txt")
    main(["audit", str(cn_tmp), "--json"])
    data = json.loads(capsys.readouterr().out)
    audited = [d["file"] for d in data if "error" not in d and d["file"].endswith("a-report.txt")]
    assert len(audited) == 20


def test_a_document_past_the_character_limit_is_refused_at_once() -> None:
    from gkaudit.reading import MAX_DOCUMENT_CHARS

    line = "本年度主动公开政府信息一百二十条。\n"
    data = (line * (MAX_DOCUMENT_CHARS // len(line) + 10)).encode("utf-8")
    started = time.perf_counter()
    with pytest.raises(ReadError, match="文字过多"):
        read_bytes("long.txt", data)
    assert time.perf_counter() - started < BUDGET.seconds  # type: ignore[operator]
