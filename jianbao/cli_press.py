"""`python build.py press ISSUE…`: write only the press folder (public articles) of the given issues."""

from __future__ import annotations

from pathlib import Path

from .charts import draw_charts
from .pipeline import read_catalog
from .press import render_press
from .write import Artifact, write_artifacts

HELP = "生成新闻稿：只导出可公开的文章（网页、微信稿、Word、Markdown、图片和清单）"


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="文件",
                        help="要导出新闻稿的简报文件（.yaml），可以写多个")


def run(args, project, say) -> int:
    """Validate the project, then render and write each issue's press folder; 0 when done."""
    _, issues = read_catalog(project, args.paths)
    artifacts: list[Artifact] = []
    for issue in issues:
        name = issue.name
        charts = draw_charts(issue, cache_dir=project.out / ".cache" / "charts")
        files = render_press(issue, charts)
        if not files:
            say(f"{name} 没有可公开的文章（release: public），不生成新闻稿。")
            continue
        say(f"正在导出 {name} 的新闻稿 …")
        artifacts += [Artifact(f"{issue.slug}/{a.path}", a.data) for a in files]
    written = write_artifacts(project.out, artifacts)
    for path in written:
        say(project.name(path))
    if artifacts:
        folders = sorted({a.path.rsplit("/", 1)[0] for a in artifacts})
        say(f"完成：新闻稿在 {'、'.join(project.name(project.out / f) for f in folders)}"
            f"（写入 {len(written)} 个文件）。")
    return 0
