"""`python build.py search 关键词`: full-text search of every issue, internal articles included."""

from __future__ import annotations

from jianbao import api
from jianbao.cli.exit_codes import ExitCode

HELP = "全文检索所有简报（含内部文章），按相关度排序"


def add_arguments(parser) -> None:
    parser.add_argument("words", nargs="+", metavar="关键词",
                        help="要检索的词，可写多个（空格分开，须同时出现）；一两个字也可以。"
                             "期号也可以检索：第7期、2017年第7期、增刊第1期、总第43期")
    parser.add_argument("-n", "--limit", type=int, default=20, help="最多显示几条（默认 20）")
    parser.add_argument("--public", action="store_true", help="只检索可公开的文章")


def run(args, project, report) -> ExitCode:
    # What was asked for is shown even with --quiet: it is the answer, not a progress message.
    result = api.search(project, " ".join(args.words), limit=max(1, args.limit), public_only=args.public)
    if not result.hits:
        print(f"没有找到包含“{result.query}”的文章。")
        return ExitCode.OK
    print(f"找到 {len(result.hits)} 篇包含“{result.query}”的文章（按相关度排序）：")
    for n, hit in enumerate(result.hits, start=1):
        release = "" if hit.public else "［内部］"
        # 《工作简报》2017年第7期, with whatever the query named (期号, words of the title) in 【】
        print(f"{n}. 《{hit.series}》{hit.marked_number}（{hit.date}）{release}{hit.marked_title}")
        print(f"   {hit.snippet}")
        print(f"   {project.name(project.out / hit.url)}")
    return ExitCode.OK
