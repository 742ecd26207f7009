"""The preview shows the proofreading findings in the page's overlay, beside the problems, each with its line."""

from __future__ import annotations

import urllib.request

from jianbao.serve.http import overlay
from jianbao.serve.preview import PreviewServer

from project_helpers import copy_samples
from proof_helpers import TODAY


def test_the_overlay_lists_findings_beside_problems_each_with_its_line():
    page = overlay(["a.yaml:3: number：应为整数，实际为「八」"], [], ["b.yaml:9: articles[0].body：应为一个标点，实际为连用的「，。」"])
    assert "发现 1 个问题" in page and "a.yaml:3: number" in page
    assert "校对提示 1 条" in page and '<li class="jianbao-finding">b.yaml:9: articles[0].body' in page
    only = overlay([], [], ["b.yaml:9: x"])
    assert "校对提示 1 条" in only and "上一次成功生成" not in only
    assert overlay([], [], []) == ""


def test_serve_shows_the_findings_in_the_page(tmp_path):
    project = copy_samples(tmp_path)
    path = project.root / "bulletins/gaibo/2017/08.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("的年度目标。", "的年度目标，。"), encoding="utf-8")
    server = PreviewServer(project, "127.0.0.1", 0, say=lambda text: None, today=lambda: TODAY)
    server.start()
    try:
        finding = ("bulletins/gaibo/2017/08.yaml:45: articles[0].body：应为一个标点，实际为连用的「，。」（建议只留「。」）")
        assert server.current().findings == [finding]
        with urllib.request.urlopen(server.url + "gaibo/2017/08/", timeout=30) as response:
            page = response.read().decode("utf-8")
        assert "校对提示 1 条" in page and finding.replace("「", "「") in page
    finally:
        server.stop()
