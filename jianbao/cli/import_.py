"""`python build.py import FILE.docx|FILE.txt`: a past bulletin becomes a draft issue file to check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jianbao import api
from jianbao.cli.args import iso_date
from jianbao.cli.exit_codes import ExitCode

HELP = "导入往期简报（Word .docx 或由 PDF 转出的 .txt），生成待核对的简报草稿（YAML）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, metavar="文件", help="往期简报：.docx 或 .txt（UTF-8 或 GBK）")
    parser.add_argument("--series", metavar="系列", help="系列名（content/series/<系列>.yaml）；不写时按报头和编印单位匹配")
    parser.add_argument("--output", type=Path, metavar="路径",
                        help="草稿写到哪里（默认：bulletins/<系列>/<年>/<期>.yaml）；已存在的文件不会被覆盖")
    parser.add_argument("--number", type=int, metavar="N", help="期号（原件中识别不出时使用）")
    parser.add_argument("--date", type=iso_date, metavar="日期", help="印发日期，如 2017-10-11（原件中识别不出时使用）")
    parser.add_argument("--dry-run", action="store_true", help="只显示识别结果，不写文件")


def run(args, project, report) -> ExitCode:
    # Imported here, not at the top: every run of build.py loads this module to list the command.
    from jianbao.importer import ImportRefused
    from jianbao.importer.report import report_lines, verdict

    try:
        result = api.import_bulletin(project, args.source, series=args.series, output=args.output,
                                     number=args.number, date=args.date, dry_run=args.dry_run)
    except ImportRefused as exc:
        print(f"未导入：{exc}", file=sys.stderr)
        return ExitCode.INPUT
    for line in report_lines(result.draft):
        report.info(line)
    report.info(f"系列：{result.series_id}（{result.series_reason}）")
    for note in result.notes:
        report.info(f"请注意：{note}")
    if result.encoding and result.encoding != "UTF-8":
        report.info(f"文本编码：{result.encoding}")
    report.info(verdict(result.draft, project.name(result.path), dry_run=args.dry_run))
    return ExitCode.OK
