"""`python build.py publish 文件.yaml`: record a published issue (or its 更正) in the archive and freeze it."""

from __future__ import annotations

from pathlib import Path

from .archive_freeze import outputs_of, publish
from .pipeline import read_catalog, render_issue

HELP = "把已印发的一期存档（记录校验值并保存原件），此后不能再改动；更正后再次运行以存档更正版"


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="文件", help="已印发（status: published）的简报文件")


def run(args, project, say) -> int:
    _, issues = read_catalog(project, args.paths)
    recorded = []
    for issue in issues:
        outputs = outputs_of(issue, render_issue(issue, project.out / ".cache" / "charts"))
        written = publish(project.root, issue, outputs)
        if written:
            recorded.append(issue)
            for path in written:
                say(project.name(path))
            say(f"已存档：{issue.name}（以后改动须先写更正 correction）")
        else:
            say(f"{issue.name}已存档且没有改动，无需再次存档。")
    return 0
