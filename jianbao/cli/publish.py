"""`python build.py publish 文件.yaml`: record a published issue (or its 更正) in the archive and freeze it."""

from __future__ import annotations

import datetime
from pathlib import Path

from jianbao import api
from jianbao.cli.exit_codes import ExitCode
from jianbao.errors import FindingsRefused

HELP = ("把已印发的一期存档（记录校验值并保存原件，装有 LibreOffice 时另存 PDF/A 和 OFD 版式文件），"
        "此后不能再改动；更正后再次运行以存档更正版")


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="文件", help="已印发（status: published）的简报文件")
    parser.add_argument("--docx", type=Path, default=None, metavar="WORD文件",
                        help="印发的是手工定稿的 Word 文件时，用它代替程序生成的 Word 存档"
                             "（同时存档校验值和与生成稿的文字差异；只能与一期简报一起使用）")
    parser.add_argument("--accept", action="store_true",
                        help="校对提示经核对无误，照样存档；所接受的提示记入该系列的存档清单")


def run(args, project, report) -> ExitCode:
    def archived(item: api.PublishedIssue) -> None:
        for path in item.written:
            report.info(project.name(path))
        if item.written:
            report.info(f"已存档：{item.issue.name}（以后改动须先写更正 correction）")
            if item.accepted:
                report.info(f"  已接受 {len(item.accepted)} 条校对提示，记入存档清单。")
        else:
            report.info(f"{item.issue.name}已存档且没有改动，无需再次存档。")

    try:
        api.publish(project, args.paths, docx=args.docx, on_issue=archived, warn=report.warn, accept=args.accept,
                    today=datetime.date.today())
    except FindingsRefused as exc:
        report.error(f"校对发现 {len(exc.problems)} 处可疑之处，未存档任何一期：")
        for problem in exc.problems:
            report.error(f"  {problem}")
        report.error("请改正后再存档（标点、全角数字、多余空格等可用 check --fix 自动改正）；"
                     "逐条核对确认无误的，可加 --accept 照样存档，这些提示会记入存档清单。")
        return ExitCode.INPUT
    return ExitCode.OK
