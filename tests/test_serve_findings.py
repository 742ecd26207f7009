"""The preview shows the proofreading findings in the page's overlay, beside the problems, each with its line."""

from __future__ import annotations

import urllib.request

from jianbao.serve.http import overlay
from jianbao.serve.preview import PreviewServer

from project_helpers import issue, make_project
from proof_helpers import FILE, TODAY, article


def test_the_overlay_lists_findings_beside_problems_each_with_its_line():
    page = overlay(["a.yaml:3: number：应为整数，实际为「八」"], [], ["b.yaml:9: 第1篇文章 body：应为一个标点，实际为连用的「，。」"])
    assert "发现 1 个问题" in page and "a.yaml:3: number" in page
    assert "校对提示 1 条" in page and '<li class="jianbao-finding">b.yaml:9: 第1篇文章 body' in page
    only = overlay([], [], ["b.yaml:9: x"])
    assert "校对提示 1 条" in only and "上一次成功生成" not in only
    assert overlay([], [], []) == ""


def test_serve_shows_the_findings_in_the_page(tmp_path):
    project = make_project(tmp_path, {"demo/2017/01.yaml": issue(article("各地进展顺利，。"))})
    server = PreviewServer(project, "127.0.0.1", 0, say=lambda text: None, today=lambda: TODAY)
    server.start()
    try:
        finding = f"{FILE}:8: 第1篇文章 body：应为一个标点，实际为连用的「，。」（建议只留「。」）"
        assert server.current().findings == [finding] and server.current().problems == []
        with urllib.request.urlopen(server.url + "demo/2017/01/", timeout=30) as response:
            page = response.read().decode("utf-8")
        assert "校对提示 1 条" in page and f'<li class="jianbao-finding">{finding}</li>' in page
    finally:
        server.stop()
