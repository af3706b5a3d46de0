"""Problems and the review of them: grouping, the JSON additions, sign-off, 定稿, the audit trail."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from gkaudit.jsonio import report_to_dict
from gkaudit.paths import ENV_DATA_DIR
from gkaudit.problems import RELATION_RULES, problems_of
from gkaudit.review import review_state, saved_review, unreviewed
from gkaudit.workspace import ReviewSession, Role, SignOffRefused, Status, Workspace, WorkspaceReadOnly
from tests.conftest import SAMPLES


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "数据"
    monkeypatch.setenv(ENV_DATA_DIR, str(d))
    return d


@pytest.fixture
def fuxin(cn_tmp: Path) -> Path:
    target = cn_tmp / "阜新市 2020 年报.txt"
    shutil.copy(SAMPLES / "fuxin-2020.txt", target)
    return target


def test_one_printed_mistake_is_one_problem_two_mistakes_are_two() -> None:
    fuxin = audit_path(SAMPLES / "fuxin-2020.txt")
    (problem,) = problems_of(fuxin.findings, fuxin)
    assert len(problem.findings) == 3 and problem.suspect is not None
    assert problem.suspect.cell == "apply/3.7/social" and "报告值 1" in problem.message
    urumqi = audit_path(SAMPLES / "urumqi-2020.txt")
    problems = problems_of(urumqi.findings, urumqi)
    arithmetic = [p for p in problems if p.rule in RELATION_RULES]
    assert len(arithmetic) == 2
    assert len(problems) == len(arithmetic) + sum(1 for f in urumqi.findings if f.rule not in RELATION_RULES)
    assert sorted(f for p in problems for f in p.finding_keys) == sorted(
        k for p in problems for k in p.finding_keys)  # every finding in exactly one problem
    assert sum(len(p.findings) for p in problems) == len(urumqi.findings)


def test_json_adds_problems_and_keeps_findings() -> None:
    report = audit_path(SAMPLES / "urumqi-2020.txt")
    data = report_to_dict(report)
    assert len(data["findings"]) == len(report.findings)
    ids = {p["id"] for p in data["problems"]}
    assert {f["problem"] for f in data["findings"]} == ids
    for p in data["problems"]:
        assert p["findings"] and all(data["findings"][i]["problem"] == p["id"] for i in p["findings"])
    fixed = next(p for p in data["problems"] if "suspect" in p)
    assert fixed["suspect"]["reported"] == report.cell(fixed["suspect"]["cell"]).value


def test_sign_off_finalise_lock_and_unlock_with_reason(fuxin: Path) -> None:
    report = audit_path(fuxin)
    session = ReviewSession(report, Workspace.open(report))
    (problem,) = session.problems
    with pytest.raises(SignOffRefused):
        session.sign_off(Role.REVIEWER, "李复核")  # the preparer signs first
    session.set_status(problem, Status.CONFIRMED, "张编制")
    session.sign_off(Role.PREPARER, "张编制")
    with pytest.raises(SignOffRefused):
        session.sign_off(Role.REVIEWER, "张编制")  # not the preparer
    with pytest.raises(SignOffRefused):
        session.finalise("张编制")
    session.sign_off(Role.REVIEWER, "李复核")
    session.finalise("李复核")
    assert session.read_only
    with pytest.raises(WorkspaceReadOnly):
        session.set_note(problem, "定稿后改", "张编制")
    with pytest.raises(WorkspaceReadOnly):
        session.correct("apply/3.7/social", 0, "张编制")
    with pytest.raises(SignOffRefused):
        session.unfinalise("李复核", "  ")
    session.unfinalise("李复核", "复核发现备注漏写")
    session.set_note(problem, "补写备注", "张编制")
    actions = [(e.action, e.who) for e in review_state(session).trail]
    assert actions[-5:] == [("编制签字", "张编制"), ("复核签字", "李复核"), ("定稿", "李复核"),
                            ("撤销定稿", "李复核"), ("审核意见", "张编制")]
    kinds = [e.action for e in review_state(session).trail]
    assert kinds.index("审核状态") < kinds.index("编制签字") < kinds.index("复核签字") < kinds.index("定稿") \
        < kinds.index("撤销定稿") < kinds.index("审核意见")
    assert "复核发现备注漏写" in review_state(session).trail[kinds.index("撤销定稿")].detail
    session.workspace.close()


def test_correction_close_reopen_keeps_problems_states_and_history(fuxin: Path) -> None:
    report = audit_path(fuxin)
    s1 = ReviewSession(report, Workspace.open(report))
    (problem,) = s1.problems
    s1.set_status(problem, Status.CONFIRMED, "张编制")
    s1.set_note(problem, "社会公益组织总计误填 1", "张编制")
    s1.correct("apply/3.7/social", 0, "张编制")
    before = review_state(s1)
    s1.workspace.close()

    s2 = ReviewSession(audit_path(fuxin), Workspace.open(audit_path(fuxin)))
    after = review_state(s2)
    assert [p.key for p in after.problems] == [p.key for p in before.problems] == [problem.key]
    review = after.reviews[problem.key]
    assert review.status is Status.CORRECTED and review.note == "社会公益组织总计误填 1"
    assert [(c.printed_raw, c.corrected_value, c.who) for c in review.corrections] == [("1", 0, "张编制")]
    assert after.trail == before.trail
    assert [e.action for e in after.trail][-4:] == ["审核状态", "审核意见", "更正单元格", "问题已更正"]
    s2.workspace.close()


def test_saved_review_is_read_without_writing(fuxin: Path) -> None:
    report = audit_path(fuxin)
    assert saved_review(report) is None
    session = ReviewSession(report, Workspace.open(report))
    session.set_status(session.problems[0], Status.REJECTED, "张编制")
    session.workspace.close()
    db = Workspace.open(report)
    db.close()
    stamp = db.db_path.stat().st_mtime_ns
    state = saved_review(audit_path(fuxin))
    assert state is not None and state.status(state.problems[0]) is Status.REJECTED
    assert db.db_path.stat().st_mtime_ns == stamp
    assert unreviewed(report).status(state.problems[0]) is Status.PENDING


def test_cli_xlsx_takes_the_saved_review_unless_told_not_to(fuxin: Path, cn_tmp: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    import openpyxl

    from gkaudit.cli import main
    from gkaudit.export.paper import HEAD_ROWS

    report = audit_path(fuxin)
    session = ReviewSession(report, Workspace.open(report))
    session.set_status(session.problems[0], Status.CONFIRMED, "张编制")
    session.set_note(session.problems[0], "已电话核实", "张编制")
    session.sign_off(Role.PREPARER, "张编制")
    session.workspace.close()

    def status_and_note(target: Path) -> tuple[object, object]:
        ws = openpyxl.load_workbook(target)["问题清单"]
        at = {c.value: c.column for c in ws[HEAD_ROWS + 1]}
        return ws.cell(HEAD_ROWS + 2, at["审核状态"]).value, ws.cell(HEAD_ROWS + 2, at["审核意见"]).value

    with_review = cn_tmp / "含审核.xlsx"
    assert main(["audit", str(fuxin), "--xlsx", str(with_review)]) == 0
    captured = capsys.readouterr()
    assert "使用已保存的审核记录（确认 1）" in captured.err and "含 1 份报告的审核记录" in captured.err
    assert "[错误]〔确认〕" not in captured.out and "问题 1〔确认〕" in captured.out
    assert status_and_note(with_review) == ("确认", "已电话核实")
    plain = cn_tmp / "不含审核.xlsx"
    assert main(["audit", str(fuxin), "--xlsx", str(plain), "--no-review"]) == 0
    assert "未含审核记录" in capsys.readouterr().err
    assert status_and_note(plain) == ("待定", None)


def test_a_place_in_the_report_finds_the_cell_printed_there() -> None:
    from gkaudit.locate import cell_at_offset, cell_at_point

    text = audit_path(SAMPLES / "fuxin-2020.txt")
    for cid in ("apply/3.7/social", "apply/1/total", "active/procurement/amount"):
        source = text.cell(cid).source
        assert cell_at_offset(text, source.start) == cid and cell_at_offset(text, source.end) == cid
    assert cell_at_offset(text, 0) is None  # the title, not a number
    pdf = audit_path(SAMPLES / "huaian-hongze-district-2023.pdf")
    box = pdf.cell("review/review/total").source.page
    x, y = (box.bbox[0] + box.bbox[2]) / 2, (box.bbox[1] + box.bbox[3]) / 2
    assert cell_at_point(pdf, box.page, x, y) == "review/review/total"
    assert cell_at_point(pdf, box.page + 1 if box.page > 1 else 2, x, y) != "review/review/total"
    assert cell_at_point(pdf, box.page, 1.0, 1.0) is None
