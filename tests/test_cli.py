"""The command line: summaries, the JSON contract, folders, exit codes, bad files in a batch."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gkaudit.cli import main
from tests.conftest import SAMPLES, SEEDS


def test_summary_names_body_year_template_and_findings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(SAMPLES / "fuxin-2020.txt")]) == 0
    out = capsys.readouterr().out
    assert "阜新市人民政府办公室" in out and "2020" in out and "模板：2019" in out
    assert "[错误] apply.row_total" in out


def test_json_contract_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(SAMPLES / "fuxin-2020.txt"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "gkaudit.audit/1"
    assert data["file"] == "fuxin-2020.txt"
    assert len(data["sha256"]) == 64
    assert (data["body"], data["year"], data["template"]) == ("阜新市人民政府办公室", 2020, "2019")
    cell = data["tables"]["apply"]["3.7"]["social"]
    assert cell["value"] == 1 and cell["raw"] == "1"
    assert set(cell["source"]) >= {"start", "end"}
    row_total = next(f for f in data["findings"] if f["rule"] == "apply.row_total")
    assert row_total["severity"] == "error"
    assert row_total["expected"] == 61 and row_total["actual"] == 60
    assert row_total["suspect"] == {"cell": "apply/3.7/social", "suggested": 0}
    assert "apply/3.7/total" in row_total["cells"]
    assert data["tables"]["active"]["procurement"]["amount"]["value"] == 0


def test_folder_batch_goes_on_past_bad_files(cn_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in SEEDS:
        shutil.copy(SAMPLES / f"{name}.txt", cn_tmp / f"{name}.txt")
    (cn_tmp / "空文件.txt").write_bytes(b"")
    (cn_tmp / "二进制.txt").write_bytes(bytes(range(256)) * 8)
    (cn_tmp / "无表格.txt").write_text("某某县人民政府2021年政府信息公开工作年度报告\n一、总体情况\n无。\n", encoding="utf-8")
    code = main(["audit", str(cn_tmp), "--json"])
    captured = capsys.readouterr()
    assert code == 1
    data = json.loads(captured.out)
    assert len(data) == 8
    errors = [d for d in data if "error" in d]
    assert {Path(d["file"]).name for d in errors} == {"空文件.txt", "二进制.txt"}
    assert captured.err.count("无法审计") == 2
    no_tables = next(d for d in data if d["file"] == "无表格.txt")
    assert any(f["rule"] == "table.missing" for f in no_tables["findings"])


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["audit"]) == 2
    capsys.readouterr()


def test_console_script_runs_as_a_process(cn_tmp: Path) -> None:
    target = cn_tmp / "报告 输出.json"
    proc = subprocess.run(
        [sys.executable, "-m", "gkaudit", "audit", str(SAMPLES / "urumqi-2020.txt"), "--json", "-o", str(target)],
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["body"] == "乌鲁木齐市人民政府"


def test_plain_audit_imports_nothing_heavy() -> None:
    code = (
        "import sys; from gkaudit.cli import main; main(['audit', {!r}]);"
        "heavy = [m for m in ('pandas', 'openpyxl', 'pdfplumber', 'pypdfium2', 'PySide6', 'lxml', 'docx')"
        " if m in sys.modules]; print('HEAVY', heavy)"
    ).format(str(SAMPLES / "wuhai-2020.txt"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert b"HEAVY []" in proc.stdout, proc.stdout[-300:]
