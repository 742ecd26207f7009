"""HTTP side of the live preview: build-folder files, and HTML given a reload script and the problem overlay."""

from __future__ import annotations

import html
import json
import re
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import quote, urlsplit

PREFIX = "/__jianbao/"

# Polls the version; the page was served at data-version, so any other value means "rebuilt".
RELOAD_JS = """\
(function () {
  "use strict";
  var script = document.currentScript;
  var seen = script ? script.getAttribute("data-version") : null;
  function poll() {
    fetch("/__jianbao/version", {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (seen !== null && String(data.version) !== seen) { location.reload(); return; }
        setTimeout(poll, 500);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 500);
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


def overlay(problems: list[str], errors: list[str]) -> str:
    """The problems of the last rebuild, in a box across the top of the page (empty when none)."""
    items = problems + errors
    if not items:
        return ""
    title = f"发现 {len(problems)} 个问题" if problems else "生成失败"
    rows = "".join(f"<li>{html.escape(item)}</li>" for item in items)
    return (f'<div id="jianbao-overlay" role="alert" lang="zh-CN"><h2>{title}，页面显示的是上一次成功生成的结果</h2>'
            f"<ul>{rows}</ul><p>改正后保存文件，页面会自动刷新。命令行窗口中也列出了这些问题。</p>"
            '<button type="button" id="jianbao-overlay-close">暂时隐藏</button></div>')


def inject(page: bytes, version: int, problems: list[str], errors: list[str]) -> bytes:
    """A served copy of a built page: CSP widened for the preview, reload script and overlay added."""
    text = page.decode("utf-8", errors="replace")
    text = CSP_META.sub(_rewrite_meta, text)
    snippet = (f'<link rel="stylesheet" href="{PREFIX}overlay.css">{overlay(problems, errors)}'
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
            f"<body><h1>简报预览</h1>{body}</body></html>").encode("utf-8")


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves project.out; `preview` (the PreviewServer) is set on a subclass per server."""

    preview = None
    server_version = "JianbaoPreview"

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

    def _serve(self, head: bool) -> None:
        path = urlsplit(self.path).path
        if path.startswith(PREFIX):
            return self._internal(path[len(PREFIX):], head)
        target = Path(self.translate_path(self.path))
        if path == "/" and not (target / "index.html").is_file():
            return self._page(index_page(self.preview.project.out), head)
        if target.is_dir():
            if not path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                return self.end_headers()
            if (target / "index.html").is_file():
                target = target / "index.html"
        if target.suffix.lower() in (".html", ".htm") and target.is_file():
            return self._page(target.read_bytes(), head)
        return super().do_HEAD() if head else super().do_GET()

    def _page(self, page: bytes, head: bool) -> None:
        state = self.preview.current()
        self._send(inject(page, state.version, state.problems, state.errors), "text/html; charset=utf-8", head)

    def _internal(self, name: str, head: bool) -> None:
        if name == "version":
            state = self.preview.current()
            data = json.dumps({"version": state.version, "problems": len(state.problems) + len(state.errors)})
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
