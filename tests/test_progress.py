"""Build progress: plain lines off a terminal, one redrawn coloured line on it, quiet and verbose."""

from __future__ import annotations

import io

from jianbao.cli.terminal import CLEAR_LINE, Reporter

from model_fixtures import demo_issue


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def make(**kwargs):
    out, err, clock = io.StringIO(), io.StringIO(), FakeClock()
    return Reporter(out, err, clock=clock, **kwargs), out, err, clock


def test_plain_lines_count_label_and_elapsed_without_escape_codes():
    rep, out, err, clock = make()
    rep.total = 3
    rep.step("工作简报 2017年第7期")
    clock.now += 1.25
    rep.step("工作简报 2017年第8期")
    rep.finish("完成：写入 12 个文件。")
    assert out.getvalue().splitlines() == [
        "[1/3] 正在生成 工作简报 2017年第7期（0.0 秒）",
        "[2/3] 正在生成 工作简报 2017年第8期（1.2 秒）",
        "完成：写入 12 个文件。（用时 1.2 秒）",
    ]
    assert "\x1b" not in out.getvalue() and err.getvalue() == ""


def test_quiet_shows_errors_only():
    rep, out, err, _ = make(quiet=True, verbose=True)
    rep.total = 2
    rep.step("甲")
    rep.file("build/a.docx")
    rep.info("说明")
    rep.warn("注意")
    rep.error("发现 1 个问题")
    rep.finish("完成")
    assert out.getvalue() == ""
    assert err.getvalue() == "发现 1 个问题\n"


def test_files_are_listed_only_when_verbose():
    rep, out, _, _ = make()
    rep.file("gaibo/2017/08/gaibo-2017-08.docx")
    assert out.getvalue() == ""
    rep, out, _, _ = make(verbose=True)
    rep.file("gaibo/2017/08/gaibo-2017-08.docx")
    assert out.getvalue() == "  写入 gaibo/2017/08/gaibo-2017-08.docx\n"


def test_terminal_gets_one_line_redrawn_in_place_with_colour():
    out, err, clock = Tty(), Tty(), FakeClock()
    rep = Reporter(out, err, clock=clock)
    rep.total = 2
    rep.step("第7期")
    rep.step("第8期")
    text = out.getvalue()
    assert "\n" not in text, "steps must not scroll the terminal"
    assert text.count(CLEAR_LINE) == 2 and "\x1b[32m[2/2]" in text
    rep.info("说明")  # a message lands above the live line, which comes back
    assert out.getvalue().endswith("说明\n" + CLEAR_LINE + rep._status)
    rep.warn("版式偏差")  # warnings go to the error stream, marked
    assert err.getvalue() == "\x1b[33m警告：版式偏差\x1b[0m\n"
    rep.finish("完成")
    assert out.getvalue().endswith(CLEAR_LINE + "\x1b[32m完成（用时 0.0 秒）\x1b[0m\n")
    rep.error("错误")
    assert err.getvalue().endswith("\x1b[31m错误\x1b[0m\n")


def test_no_colour_when_not_a_terminal_or_no_color_is_set(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert not Reporter(io.StringIO(), io.StringIO()).colour
    assert Reporter(Tty(), Tty()).colour
    monkeypatch.setenv("NO_COLOR", "1")
    assert not Reporter(Tty(), Tty()).colour


def test_callable_as_pipeline_progress_naming_the_issue():
    rep, out, _, _ = make()
    rep(demo_issue())
    assert out.getvalue() == "[1] 正在生成 《工作简报》2017年第7期（0.0 秒）\n"


def test_live_line_is_clipped_to_the_terminal_width(monkeypatch):
    import os
    import shutil
    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=None: os.terminal_size((30, 10)))
    out = Tty()
    rep = Reporter(out, Tty(), clock=FakeClock())
    rep.total = 9
    rep.step("很长的简报名称" * 10)
    line = rep._status
    assert sum(2 if ord(c) > 0x2E80 else 1 for c in line) <= 29


def test_callback_may_carry_index_and_total():
    rep, out, _, _ = make()
    issue = demo_issue()
    rep(issue, 2, 5)
    assert out.getvalue().startswith("[2/5] 正在生成 ")
