"""HTTP side of the live preview: build-folder files, and HTML given a reload script and the problem overlay."""

from __future__ import annotations

import html
import ipaddress
import json
import os
import re
import shutil
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from jianbao.project import SEARCH_DATABASE

PREFIX = "/__jianbao/"
MAX_URL_PATH = 2048  # characters of a URL's path; the build's own are far shorter
MAX_NAME_BYTES = 255  # of one file or folder name: more than any file system holds
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")

LONG_POLL_SECONDS = 25  # a waiting version request is answered after this long even if nothing was rebuilt

# Asks for the version with the one the page was served at (data-version); the server answers when the
# version differs from it, so the page reloads as soon as a rebuild ends. A hidden tab lets go of its
# request (a browser opens only six connections to one server) and asks again when shown.
RELOAD_JS = """\
(function () {
  "use strict";
  var script = document.currentScript;
  var seen = script ? script.getAttribute("data-version") : null;
  var waiting = null;
  var pause = 1000;
  function poll() {
    if (seen === null || waiting || document.hidden) { return; }
    var mine = waiting = new AbortController();
    fetch("/__jianbao/version?since=" + encodeURIComponent(seen), {cache: "no-store", signal: mine.signal})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (waiting !== mine) { return; }
        waiting = null;
        pause = 1000;
        if (String(data.version) !== seen) { location.reload(); return; }
        poll();
      })
      .catch(function () {
        if (waiting !== mine) { return; }
        waiting = null;
        setTimeout(poll, pause);
        pause = Math.min(pause * 2, 10000);
      });
  }
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { poll(); return; }
    if (waiting) { var old = waiting; waiting = null; old.abort(); }
  });
  poll();
  var close = document.getElementById("jianbao-overlay-close");
  if (close) {
    close.addEventListener("click", function () {
      document.getElementById("jianbao-overlay").hidden = true;
    });
  }
})();
"""

OVERLAY_CSS = """\
#jianbao-overlay { position: fixed; left: 0; right: 0; top: 0; z-index: 2147483647; max-height: 70vh;
  overflow: auto; margin: 0; padding: 16px 24px; background: #fff4f4; color: #1a1a1a;
  border-bottom: 3px solid #c00000; box-shadow: 0 4px 16px rgba(0, 0, 0, .25);
  font: 15px/1.6 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; text-indent: 0; text-align: left; }
#jianbao-overlay[hidden] { display: none; }
#jianbao-overlay h2 { margin: 0 0 8px; font-size: 18px; color: #a00000; }
#jianbao-overlay h2.jianbao-findings { color: #7a4b00; }
#jianbao-overlay ul { margin: 0 0 8px; padding-left: 1.5em; }
#jianbao-overlay li { margin: 2px 0; white-space: pre-wrap; word-break: break-all; }
#jianbao-overlay p { margin: 0 0 8px; }
#jianbao-overlay button { font: inherit; padding: 2px 12px; }
"""

CSP_META = re.compile(r"<meta\b[^>]*http-equiv\s*=\s*[\"']?Content-Security-Policy[\"']?[^>]*>", re.I)
CSP_CONTENT = re.compile(r"(content\s*=\s*)([\"'])(.*?)\2", re.I | re.S)


def preview_csp(policy: str) -> str:
    """The page's policy, allowing only what the preview adds: our script and its fetch, same origin."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    for name in ("script-src", "connect-src", "style-src"):
        values = [v for v in directives.get(name, []) if v != "'none'"]
        if "'self'" not in values:
            values.insert(0, "'self'")
        directives[name] = values
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


def _rewrite_meta(match: re.Match) -> str:
    tag = match.group(0)
    def content(m: re.Match) -> str:
        policy = preview_csp(html.unescape(m.group(3)))
        return m.group(1) + '"' + html.escape(policy, quote=False).replace('"', "&quot;") + '"'

    return CSP_CONTENT.sub(content, tag, count=1)


def overlay(problems: list[str], errors: list[str], findings: list[str] = ()) -> str:
    """The problems of the last rebuild, then its proofreading findings, in a box across the top of the page
    (empty when there are none). Each line starts with its file:line."""
    items = problems + errors
    if not items and not findings:
        return ""
    parts = []
    if items:
        title = f"发现 {len(problems)} 个问题" if problems else "生成失败"
        rows = "".join(f"<li>{html.escape(item)}</li>" for item in items)
        parts.append(f"<h2>{title}，页面显示的是上一次成功生成的结果</h2><ul>{rows}</ul>")
    if findings:
        rows = "".join(f'<li class="jianbao-finding">{html.escape(item)}</li>' for item in findings)
        parts.append(f'<h2 class="jianbao-findings">校对提示 {len(findings)} 条（不影响生成，印发前请逐条核对）</h2>'
                     f"<ul>{rows}</ul>")
    return (f'<div id="jianbao-overlay" role="alert" lang="zh-CN">{"".join(parts)}'
            "<p>改正后保存文件，页面会自动刷新。命令行窗口中也列出了这些内容。</p>"
            '<button type="button" id="jianbao-overlay-close">暂时隐藏</button></div>')


def inject(page: bytes, version: int, problems: list[str], errors: list[str], findings: list[str] = ()) -> bytes:
    """A served copy of a built page: CSP widened for the preview, reload script and overlay added."""
    text = page.decode("utf-8", errors="replace")
    text = CSP_META.sub(_rewrite_meta, text)
    snippet = (f'<link rel="stylesheet" href="{PREFIX}overlay.css">{overlay(problems, errors, findings)}'
               f'<script src="{PREFIX}reload.js" data-version="{version}"></script>')
    at = text.lower().rfind("</body>")
    text = text[:at] + snippet + text[at:] if at >= 0 else text + snippet
    return text.encode("utf-8")


def index_page(out: Path) -> bytes:
    """Shown at / before the archive has an index of its own (e.g. the first build failed)."""
    pages = sorted(p.relative_to(out).parent.as_posix() for p in out.glob("*/*/*/index.html"))
    rows = "".join(f'<li><a href="/{quote(p)}/">{html.escape(p)}</a></li>' for p in pages)
    body = f"<ul>{rows}</ul>" if rows else "<p>还没有生成任何简报。</p>"
    return ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>简报预览</title></head>'
            f"<body><h1>简报预览</h1>{body}</body></html>").encode()


def url_parts(path: str) -> list[str] | HTTPStatus:
    """The folder and file names a URL path asks for under the build folder, or the status refusing it.

    Malformed paths (a bad %-escape, bytes that are no UTF-8, control characters, backslashes) are
    400. Names no build output has are 404 without looking at the disk: anything hidden (.cache/,
    the incremental records, "..") and the search database, which holds internal articles too;
    too long a name, and a colon (a drive or a stream on Windows).
    """
    if len(path) > MAX_URL_PATH:
        return HTTPStatus.NOT_FOUND
    if _BAD_ESCAPE.search(path):
        return HTTPStatus.BAD_REQUEST
    try:
        text = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return HTTPStatus.BAD_REQUEST
    if "\\" in text or any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        return HTTPStatus.BAD_REQUEST
    parts = [part for part in text.split("/") if part]
    for part in parts:
        if part.startswith(".") or ":" in part or len(part.encode("utf-8")) > MAX_NAME_BYTES:
            return HTTPStatus.NOT_FOUND
    if parts and parts[-1] == SEARCH_DATABASE:
        return HTTPStatus.NOT_FOUND
    return parts


def exposure_warning(address: str) -> str | None:
    """One line for a preview bound where other computers can reach it (None on loopback)."""
    try:
        loopback = ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        loopback = False
    if loopback:
        return None
    return (f"警告：预览监听在 {address} 上，同一网络中的其他电脑也能打开这些简报（包括内部文章）；"
            "只在本机预览请不要指定 --host（默认 127.0.0.1）。")


class PreviewHTTPServer(ThreadingHTTPServer):
    """The preview's server: a failed request is one line on the terminal, never a traceback."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return  # the browser went away in the middle of an answer: nothing to tell anyone
        print(f"预览服务器处理一个请求时出错（已跳过，继续预览）：{type(exc).__name__}: {exc}",
              file=sys.stderr, flush=True)


def _find(out: Path, parts: list[str], slash: bool) -> Path | None:
    """The file a URL names in the build folder, the folder itself when the URL lacks its final slash,
    or None for the preview's own index (at / before the archive has one).

    OSError when there is no such file: a folder without index.html (no listings: they would show
    hidden files), a pipe, anything outside the build folder, even through a link.
    """
    target = out.joinpath(*parts)
    if not parts and not (target / "index.html").is_file():
        return None
    if not target.resolve(strict=True).is_relative_to(out.resolve()):
        raise FileNotFoundError(target)
    if target.is_dir():
        return target if parts and not slash else _find(out, [*parts, "index.html"], slash)
    if not target.is_file():
        raise FileNotFoundError(target)
    return target


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves project.out; `preview` (the PreviewServer) is set on a subclass per server."""

    preview = None
    server_version = "JianbaoPreview"
    error_message_format = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
                            "<title>%(code)d</title></head><body><h1>%(code)d</h1><p>%(explain)s</p></body></html>")
    error_explanations = {HTTPStatus.NOT_FOUND: "没有这个页面或文件。", HTTPStatus.BAD_REQUEST: "网址有误。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(self.preview.project.out), **kwargs)

    def do_GET(self):
        self._serve(head=False)

    def do_HEAD(self):
        self._serve(head=True)

    def end_headers(self):
        # Every response is fresh: the point of the preview is to see the latest build.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):
        pass  # the terminal is for rebuilds and problems, not for every request

    def send_error(self, code, message=None, explain=None):
        code = HTTPStatus(code)
        super().send_error(code, message, explain or self.error_explanations.get(code))

    def _serve(self, head: bool) -> None:
        path = urlsplit(self.path).path
        if path == f"{PREFIX}version":  # a page waiting for a rebuild, counted as such (next_state)
            return self._internal("version", head)
        with self.preview.serving():  # a reloading page: the archive's rebuild lets it load first
            if path.startswith(PREFIX):
                return self._internal(path[len(PREFIX):], head)
            self._serve_file(path, head)

    def _serve_file(self, path: str, head: bool) -> None:
        parts = url_parts(path)
        if isinstance(parts, HTTPStatus):
            return self.send_error(parts)
        out = Path(self.preview.project.out)
        # The version before the page is read: a rebuild that ends meanwhile reloads the page once more,
        # instead of a fresh version on a page read before it, which would wait for the next one.
        state = self.preview.current()
        page = file = None
        try:
            found = _find(out, parts, path.endswith("/"))
            if found is not None and not found.is_dir():
                if found.suffix.lower() in (".html", ".htm"):
                    page = found.read_bytes()
                else:
                    file = open(found, "rb")
        except (OSError, RuntimeError):  # gone since the build, unreadable, a loop of links
            return self.send_error(HTTPStatus.NOT_FOUND)
        if found is None:
            return self._page(index_page(out), state, head)
        if page is not None:
            return self._page(page, state, head)
        if file is None:  # a folder, named without its final slash
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", "".join(f"/{quote(part)}" for part in parts) + "/")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        with file:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", self.guess_type(str(found)))
            self.send_header("Content-Length", str(os.fstat(file.fileno()).st_size))
            self.end_headers()
            if not head:
                shutil.copyfileobj(file, self.wfile)

    def _page(self, page: bytes, state, head: bool) -> None:
        self._send(inject(page, state.version, state.problems, state.errors, state.findings),
                   "text/html; charset=utf-8", head)

    def _internal(self, name: str, head: bool) -> None:
        if name == "version":
            seen = parse_qs(urlsplit(self.path).query).get("since", [""])[0]
            # (a daemon thread of its own: the wait holds up neither other requests nor shutdown)
            waits = seen.isascii() and seen.isdigit() and len(seen) < 20
            state = self.preview.next_state(int(seen), LONG_POLL_SECONDS) if waits else self.preview.current()
            data = json.dumps({"version": state.version, "problems": len(state.problems) + len(state.errors),
                               "building": self.preview.busy()})
            return self._send(data.encode(), "application/json", head)
        if name == "reload.js":
            return self._send(RELOAD_JS.encode(), "text/javascript; charset=utf-8", head)
        if name == "overlay.css":
            return self._send(OVERLAY_CSS.encode(), "text/css; charset=utf-8", head)
        self.send_error(HTTPStatus.NOT_FOUND)

    def _send(self, data: bytes, kind: str, head: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not head:
            self.wfile.write(data)
