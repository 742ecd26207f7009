"""`python build.py serve`: build, serve the archive on localhost and rebuild and reload as files change."""

from __future__ import annotations

import datetime
import sys

from jianbao import api
from jianbao.cli.exit_codes import ExitCode
from jianbao.errors import PreviewError

HELP = "边改边看：生成全部简报并在本机浏览器中预览，修改文件后自动重新生成并刷新页面（按 Ctrl+C 停止）"


def add_arguments(parser) -> None:
    parser.add_argument("--port", type=int, default=8000, metavar="端口", help="端口号（默认：8000）")
    parser.add_argument("--host", default="127.0.0.1", metavar="地址",
                        help="监听地址（默认：127.0.0.1，只有本机能访问）")
    parser.add_argument("--open", action="store_true", help="启动后自动打开浏览器")


def run(args, project, report) -> ExitCode:
    # Imported here, not at the top: every run of build.py loads this module to list the command.
    import webbrowser

    # -q silences the routine messages only: problems are what the editor watches the terminal for.
    try:
        server = api.serve(project, host=args.host, port=args.port, say=report.info,
                           shout=lambda text: print(text, file=sys.stderr, flush=True), today=datetime.date.today)
    except PreviewError as exc:
        print(f"{exc}。端口可能已被占用，请用 --port 换一个端口（如 --port 8001）。", file=sys.stderr)
        return ExitCode.FAILED
    print(f"正在预览：{server.url}  （修改并保存文件后页面会自动刷新；按 Ctrl+C 停止）")
    if args.open:
        webbrowser.open(server.url)
    try:
        server.wait()
    except KeyboardInterrupt:
        print("\n已停止预览。")
    finally:
        server.stop()
    return ExitCode.OK
