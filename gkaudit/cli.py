"""Command line: ``gkaudit audit FILE|DIR... [--json] [--xlsx OUT.xlsx]`` for single reports and batches."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from gkaudit import __version__
from gkaudit.model import AuditReport

if TYPE_CHECKING:
    from gkaudit.batch import BatchResult
    from gkaudit.review import ReviewState

EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE = 0, 1, 2

# argparse's own words (Python 3.11), as the auditor reads them.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个参数值",
    "expected at least one argument": "至少需要一个参数值",
    "expected at most one argument": "最多只能有一个参数值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "忽略了显式参数 %r",
}


@contextlib.contextmanager
def _chinese_argparse() -> Iterator[None]:
    """argparse speaks Chinese while our parser runs (it looks its words up through ``argparse._``)."""
    original = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda text: _ARGPARSE_ZH.get(text, original(text))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_safe_streams()
    try:
        return _main(argv)
    except BrokenPipeError:
        # ``gkaudit audit … | head``: the reader has gone; end quietly, as other tools do.
        _silence_stdout()
        return EXIT_OK


def _main(argv: Sequence[str] | None) -> int:
    with _chinese_argparse():
        parser = _parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse exits 2 on bad usage and 0 on --help
            return int(exc.code or 0)
        if args.command != "audit":
            parser.print_help()
            return EXIT_USAGE
    return _audit(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gkaudit", description="政府信息公开工作年度报告审计工具")
    parser.add_argument("--version", action="version", version=f"gkaudit {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", title="命令", metavar="命令")
    audit = sub.add_parser("audit", help="审计一个或多个报告（文件或文件夹）", description="审计一个或多个报告（文件或文件夹）")
    audit.add_argument("paths", nargs="+", metavar="文件或文件夹",
                       help="报告文件（.txt .html .docx .doc .wps .pdf，扫描图片 .png .jpg .tif）或文件夹")
    audit.add_argument("--json", action="store_true", help="输出 JSON（gkaudit.audit/1）")
    audit.add_argument("--xlsx", metavar="底稿.xlsx", help="写出审计底稿（Excel），含各报告已保存的审核记录")
    audit.add_argument("--no-review", action="store_true",
                       help="不使用已保存的审核记录（状态、备注、更正、签字），只输出工具的检查结果")
    audit.add_argument("--csv", metavar="文件夹",
                       help="在此文件夹写出 reports.csv、cells.csv、findings.csv（UTF-8 带 BOM，Excel/WPS 可直接打开）")
    audit.add_argument("-o", "--output", metavar="文件", help="把结果写入文件（UTF-8）而不是标准输出")
    audit.add_argument("--time-limit", type=float, default=None, metavar="秒",
                       help="每个文件的审计时限（默认 60 秒），超时的文件停止审计并说明原因")
    audit.add_argument("--memory-limit", type=int, default=None, metavar="MB",
                       help="每个文件审计可用的内存（默认 1024 MB，Windows 上不限）")
    audit.add_argument(
        "--ocr", choices=("auto", "never"), default="auto",
        help="扫描件与图片：auto 用内置模型离线识别文字（默认），never 不识别",
    )
    return parser


def _audit(args: argparse.Namespace) -> int:
    from gkaudit.batch import audit_batch
    from gkaudit.isolation import DEFAULT_LIMITS, Limits
    from gkaudit.jsonio import error_to_dict, report_to_dict, to_text
    from gkaudit.outfile import OutputError, check_target, clean_stale_temporaries, write_text_atomically
    from gkaudit.reading.scan import OCR_ENV
    from gkaudit.scan import NOT_A_REPORT

    try:
        if args.output:
            check_target(args.output)
        if args.xlsx:
            clean_stale_temporaries(Path(args.xlsx).expanduser().absolute().parent)
    except OutputError as exc:
        print(f"gkaudit: {exc}", file=sys.stderr)
        return EXIT_USAGE
    limits = Limits(
        seconds=args.time_limit if args.time_limit is not None else DEFAULT_LIMITS.seconds,
        memory_mb=args.memory_limit if args.memory_limit is not None else DEFAULT_LIMITS.memory_mb,
    )
    # The audits run in child processes, which take the OCR choice from their environment.
    os.environ[OCR_ENV] = args.ocr
    # Each file in its own child within the budget; then reports of one body in consecutive years are paired.
    batch = audit_batch(args.paths, limits=limits)
    for missing in batch.missing:
        print(f"gkaudit: 找不到：{missing}（其余文件照常审计）", file=sys.stderr)
    for folder, reason in batch.unreadable:
        print(f"gkaudit: 无法读取文件夹 {folder}：{reason}（已跳过）", file=sys.stderr)
    if not batch.entries:
        if batch.folders:
            print(f"gkaudit: 文件夹中没有报告文件（.txt .html .htm .docx .doc .wps .pdf，或只含页面图片的文件夹）：{'，'.join(batch.folders)}",
                  file=sys.stderr)
        return EXIT_UNREADABLE
    for entry in batch.failed:
        print(f"{entry.path}: 无法审计：{entry.error}", file=sys.stderr)
    if batch.skipped:
        names = "，".join(Path(e.path).name for e in batch.skipped[:5]) + ("……" if len(batch.skipped) > 5 else "")
        print(f"gkaudit: 跳过 {len(batch.skipped)} 个{NOT_A_REPORT}的文件：{names}", file=sys.stderr)
    reports = batch.reports
    entries = [e for e in batch.entries if not e.skipped]
    states = {} if args.no_review or (args.json and not args.xlsx) else _saved_reviews(reports)
    if args.json:
        payload = [report_to_dict(e.report) if e.report is not None else error_to_dict(e.path, e.error or "")
                   for e in entries]
        # One named file, or one named folder of page photos (one report), prints one object.
        single = len(payload) == 1 and len(args.paths) == 1 and not batch.folders
        text = to_text(payload[0] if single else payload) + "\n"
    else:
        text = "".join(summary_text(r, states.get(r.file)) for r in reports)
        if len(entries) > 1:
            text += batch_summary_text(batch)
    if args.output:
        try:
            write_text_atomically(text, args.output)
        except OutputError as exc:
            print(f"gkaudit: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    if args.csv and reports:
        _write_csv(reports, args.csv, states)
    if args.xlsx and reports:
        _write_xlsx(reports, args.xlsx, batch=len(reports) > 1 or bool(batch.folders), states=states)
    failed = batch.failed or batch.missing or batch.unreadable
    return EXIT_UNREADABLE if failed else EXIT_OK


def _saved_reviews(reports: list[AuditReport]) -> dict[str, ReviewState]:
    """The saved review of each report that has one (read only), said on stderr."""
    from gkaudit.review import saved_review

    states: dict[str, ReviewState] = {}
    for report in reports:
        state = saved_review(report)
        if state is None:
            continue
        states[report.file] = state
        counts = " · ".join(f"{s.label} {n}" for s, n in state.counts().items() if n)
        print(f"{Path(report.file).name}：使用已保存的审核记录（{counts or '无问题'}）", file=sys.stderr)
    return states


def _write_xlsx(reports: list[AuditReport], target: str, batch: bool, states: dict[str, ReviewState]) -> None:
    from gkaudit.export import xlsx

    try:
        if batch:
            written = xlsx.write_batch_workbook(reports, target, states=states)
        else:
            written = xlsx.write_report_workbook(reports[0], target, review=states.get(reports[0].file))
    except xlsx.ExportError as exc:
        # The audit is already printed; only the workbook is missing, and the user is told why.
        print(f"gkaudit: {exc}", file=sys.stderr)
        if exc.suggestion is not None:
            print(f"gkaudit: 可改用另一个文件名重新运行，例如 --xlsx \"{exc.suggestion}\"", file=sys.stderr)
        raise SystemExit(EXIT_UNREADABLE) from exc
    reviewed = sum(1 for r in reports if r.file in states)
    note = f"（含 {reviewed} 份报告的审核记录）" if reviewed else "（未含审核记录）"
    print(f"已写出审计底稿：{written}{note}", file=sys.stderr)


def _write_csv(reports: list[AuditReport], outdir: str, states: dict[str, ReviewState]) -> None:
    from gkaudit import frames

    try:
        written = frames.write_csv(frames.frames_of(reports, states), outdir)
    except OSError as exc:
        print(f"gkaudit: 无法写出 CSV 到 {outdir}：{exc.strerror or exc}", file=sys.stderr)
        raise SystemExit(EXIT_UNREADABLE) from exc
    print(f"已写出 CSV：{'、'.join(str(p) for p in written)}", file=sys.stderr)


def batch_summary_text(batch: BatchResult) -> str:
    """The closing lines of a batch, from the reports table (``gkaudit.frames``) and its statistics."""
    from gkaudit.frames import reports as reports_frame
    from gkaudit.stats import distribution

    table = reports_frame(batch.reports)
    dist = distribution(table)
    dist = dist[dist["rate"] == "rate_disclosed"]
    medians = {y: m for y, m in zip(dist["year"], dist["median"], strict=True) if m == m}  # NaN: no rate that year
    lines = [f"== 汇总：{len(batch.entries)} 份文件，审计 {len(table)} 份，无法审计 {len(batch.failed)} 份；"
             f"{int((table['errors'] > 0).sum())} 份有错误，共 错误 {int(table['errors'].sum())} · "
             f"警告 {int(table['warnings'].sum())} · 提示 {int(table['infos'].sum())}；"
             f"{len(batch.pairs)} 份已与上年报告比对"]
    for year, group in table.dropna(subset=["year"]).groupby("year"):
        median = f"，予以公开率中位数 {float(medians[year]):.1%}" if year in medians else ""
        lines.append(f"   {year} 年度：{len(group)} 份，本年新收合计 {int(group['received'].sum())} 件{median}")
    return "\n".join(lines) + "\n"


def summary_text(report: AuditReport, review: ReviewState | None = None) -> str:
    """The readable summary: counts, then each problem with the findings it explains (and its review)."""
    from gkaudit.problems import problems_of
    from gkaudit.records import STATUS_COLUMNS, report_record

    r = report_record(report, review=review)  # the counts the 汇总 sheet and reports.csv show
    problems = problems_of(report.findings, report)
    lines = [
        f"== {report.file}",
        f"   单位：{r['body'] or '（未识别）'}  年度：{r['year'] or '（未识别）'}  "
        f"模板：{r['template'] or '（未识别）'}  "
        f"错误 {r['errors']} · 警告 {r['warnings']} · 提示 {r['infos']}"
        f" · 问题 {r['problems']}" + (f" · 其中识别存疑 {r['uncertain']}" if r["uncertain"] else ""),
    ]
    if review is not None:
        counts = " · ".join(f"{s.label} {r[c]}" for s, c in STATUS_COLUMNS.items() if r[c])
        signed = "".join(f" · {word} {r[key]}" for word, key in (("编制", "preparer"), ("复核", "reviewer")) if r[key])
        lines.append(f"   审核：{counts or '无问题'}{signed}" + ("（已定稿）" if r["final"] else ""))
    reviewed = {p.key: p for p in review.problems} if review is not None else {}
    for n, p in enumerate(problems, start=1):
        state = f"〔{review.status(reviewed[p.key]).label}〕" if review is not None and p.key in reviewed else ""
        indent = "   "
        if len(p.findings) > 1:
            lines.append(f"   问题 {n}{state}：{p.message}")
            indent, state = "     ", ""
        for f in p.findings:
            lines.append(f"{indent}[{f.severity.label}]{state} {f.rule}  {f.message}")
    if not report.findings:
        lines.append("   未发现问题")
    return "\n".join(lines) + "\n"


def _utf8_safe_streams() -> None:
    # A Chinese Windows console or a redirected stream may be GBK: never die on an unencodable char.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def _silence_stdout() -> None:
    # Python flushes stdout again at exit; point it at the null device so that flush cannot fail.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
