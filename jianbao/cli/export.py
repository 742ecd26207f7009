"""`python build.py export [--series 系列] [--year 年]`: the archived issues as one package (zip) for an archive system."""

from __future__ import annotations

from pathlib import Path

from jianbao import api
from jianbao.cli.exit_codes import ExitCode

HELP = "导出存档包：把一个系列或一年的已存档简报打成一个 zip（含每个文件的 SHA-256 清单和每期元数据），供档案系统导入"


def add_arguments(parser) -> None:
    parser.add_argument("--series", default=None, metavar="系列", help="只导出这个系列（content/series/ 中的文件名，如 gaibo）")
    parser.add_argument("--year", type=int, default=None, metavar="年", help="只导出这一年（如 2017）")
    parser.add_argument("-o", "--output", type=Path, default=None, metavar="文件.zip",
                        help="存档包的文件名（默认：build/存档包-<系列>-<年>.zip）")


def run(args, project, report) -> ExitCode:
    result = api.export_archive(project, series=args.series, year=args.year, output=args.output)
    report.info(f"完成：存档包 {project.name(result.path)}，共 {result.issues} 期、{result.files} 个文件"
                "（清单 manifest.json 列出每个文件的 SHA-256 和每期元数据，目录.csv 可用 Excel 打开）。")
    return ExitCode.OK
