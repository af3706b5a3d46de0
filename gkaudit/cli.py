"""Command line: ``gkaudit audit FILE|DIR... [--json] [--xlsx OUT.xlsx]`` for single reports and batches."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from gkaudit import __version__
from gkaudit.model import AuditReport

if TYPE_CHECKING:
    from gkaudit.batch import BatchResult

EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_safe_streams()
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
    parser.add_argument("--version", action="version", version=f"gkaudit {__version__}")
    sub = parser.add_subparsers(dest="command")
    audit = sub.add_parser("audit", help="审计一个或多个报告（文件或文件夹）")
    audit.add_argument("paths", nargs="+", metavar="FILE|DIR", help="报告文件（.txt .html .docx .pdf）或文件夹")
    audit.add_argument("--json", action="store_true", help="输出 JSON（gkaudit.audit/1）")
    audit.add_argument("--xlsx", metavar="OUT.xlsx", help="写出审计底稿（Excel）")
    audit.add_argument("--csv", metavar="OUTDIR",
                       help="在此文件夹写出 reports.csv、cells.csv、findings.csv（UTF-8 带 BOM，Excel/WPS 可直接打开）")
    audit.add_argument("-o", "--output", metavar="FILE", help="把结果写入文件（UTF-8）而不是标准输出")
    return parser


def _audit(args: argparse.Namespace) -> int:
    from gkaudit.batch import audit_batch
    from gkaudit.jsonio import error_to_dict, report_to_dict

    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"gkaudit: 找不到：{'，'.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    # Reading runs in worker processes; reports of one body in consecutive years are then paired.
    batch = audit_batch(args.paths)
    for entry in batch.failed:
        print(f"{entry.path}: 无法审计：{entry.error}", file=sys.stderr)
    reports = batch.reports
    out = open(args.output, "w", encoding="utf-8", newline="\n") if args.output else sys.stdout  # noqa: SIM115
    try:
        if args.json:
            import json

            payload = [report_to_dict(e.report) if e.report is not None else error_to_dict(e.path, e.error or "")
                       for e in batch.entries]
            single = len(payload) == 1 and len(args.paths) == 1 and Path(args.paths[0]).is_file()
            out.write(json.dumps(payload[0] if single else payload, ensure_ascii=False, indent=2) + "\n")
        else:
            for report in reports:
                out.write(summary_text(report))
            if len(batch.entries) > 1:
                out.write(batch_summary_text(batch))
        if args.csv:
            _write_csv(reports, args.csv)
        if args.xlsx and reports:
            _write_xlsx(reports, args.xlsx, batch=len(reports) > 1 or any(Path(p).is_dir() for p in args.paths))
    finally:
        if out is not sys.stdout:
            out.close()
    return EXIT_UNREADABLE if batch.failed else EXIT_OK


def _write_xlsx(reports: list[AuditReport], target: str, batch: bool) -> None:
    from gkaudit.export import xlsx

    try:
        written = xlsx.write_batch_workbook(reports, target) if batch else xlsx.write_report_workbook(reports[0], target)
    except xlsx.ExportError as exc:
        # The audit is already printed; only the workbook is missing, and the user is told why.
        print(f"gkaudit: {exc}", file=sys.stderr)
        if exc.suggestion is not None:
            print(f"gkaudit: 可改用另一个文件名重新运行，例如 --xlsx \"{exc.suggestion}\"", file=sys.stderr)
        raise SystemExit(EXIT_UNREADABLE) from exc
    print(f"已写出审计底稿：{written}", file=sys.stderr)


def _write_csv(reports: list[AuditReport], outdir: str) -> None:
    from gkaudit import frames

    try:
        written = frames.write_csv(frames.frames_of(reports), outdir)
    except OSError as exc:
        print(f"gkaudit: 无法写出 CSV 到 {outdir}：{exc.strerror or exc}", file=sys.stderr)
        raise SystemExit(EXIT_UNREADABLE) from exc
    print(f"已写出 CSV：{'、'.join(str(p) for p in written)}", file=sys.stderr)


def batch_summary_text(batch: BatchResult) -> str:
    """The closing lines of a batch, from the reports table (``gkaudit.frames``)."""
    from gkaudit.frames import reports as reports_frame

    table = reports_frame(batch.reports)
    lines = [f"== 汇总：{len(batch.entries)} 份文件，审计 {len(table)} 份，无法审计 {len(batch.failed)} 份；"
             f"{int((table['errors'] > 0).sum())} 份有错误，共 错误 {int(table['errors'].sum())} · "
             f"警告 {int(table['warnings'].sum())} · 提示 {int(table['infos'].sum())}；"
             f"{len(batch.pairs)} 份已与上年报告比对"]
    for year, group in table.dropna(subset=["year"]).groupby("year"):
        rate = group["rate_disclosed"].dropna()
        median = f"，予以公开率中位数 {float(rate.median()):.1%}" if len(rate) else ""
        lines.append(f"   {year} 年度：{len(group)} 份，本年新收合计 {int(group['received'].sum())} 件{median}")
    return "\n".join(lines) + "\n"


def summary_text(report: AuditReport) -> str:
    from gkaudit.records import report_record

    r = report_record(report)
    lines = [
        f"== {report.file}",
        f"   单位：{r['body'] or '（未识别）'}  年度：{r['year'] or '（未识别）'}  "
        f"模板：{r['template'] or '（未识别）'}  "
        f"错误 {r['errors']} · 警告 {r['warnings']} · 提示 {r['infos']}",
    ]
    for f in report.findings:
        tag = {"error": "错误", "warning": "警告", "info": "提示"}[f.severity.value]
        lines.append(f"   [{tag}] {f.rule}  {f.message}")
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


if __name__ == "__main__":
    sys.exit(main())
