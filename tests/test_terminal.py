"""The command line in a real terminal, a pipe and a legacy code page: colour and a live line only on
a terminal without NO_COLOR, no escape codes elsewhere, no UnicodeEncodeError (column widths: test_chinese.py)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import types

import pytest

from jianbao.cli import terminal as progress
from jianbao.cli.terminal import CLEAR_LINE, Reporter

from project_helpers import ROOT, SERIES, issue, make_project

SGR = re.compile(rb"\x1b\[[0-9;]*m")  # a colour or style code


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def project(tmp_path):
    """Two chart-less issues with a gap in numbering (a warning), and characters GBK cannot encode."""
    second = issue("articles:\n  - title: 乙\n    body: 正文。\n").replace("number: 1", "number: 3")
    return make_project(tmp_path, {
        "demo/2017/01.yaml": issue("articles:\n  - title: 甲✓\n    body: 正文✓🎉。\n"),
        "demo/2017/03.yaml": second.replace("2017-10-11", "2017-10-13"),
    }, {"demo": SERIES.replace("工作简报", "工作简报✓•🎉")})


def environment(**changes) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES")}
    env.update(TERM="xterm", PYTHONPATH=str(ROOT))
    env.update(changes)
    return env


def command(project, *args) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), *args, "--root", str(project.root)]


def in_pty(args: list[str], env: dict[str, str]) -> tuple[int, bytes]:
    """Run with stdout and stderr on a pseudo-terminal 100 columns wide; everything it showed."""
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env, cwd=ROOT)
    os.close(slave)
    shown = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        shown.append(data)
    os.close(master)
    return proc.wait(timeout=120), b"".join(shown)


# ---------------------------------------------------------------- real processes

def test_a_pipe_gets_plain_lines_without_escape_codes(project):
    result = subprocess.run(command(project), capture_output=True, env=environment(), cwd=ROOT)
    assert result.returncode == 0, result.stderr.decode()
    out, err = result.stdout.decode(), result.stderr.decode()
    assert b"\x1b" not in result.stdout and b"\x1b" not in result.stderr
    assert re.match(r"\[1/2\] 正在生成 《工作简报✓•🎉》2017年第1期（[\d.]+ 秒）\n\[2/2\] 正在生成 ", out)
    assert out.splitlines()[-1].startswith("完成：")
    assert err.startswith("警告：") and "缺少第2期" in err


@pytest.mark.parametrize("encoding", ["gbk", "ascii"])
def test_a_legacy_code_page_never_ends_the_run_with_an_encoding_error(project, encoding):
    result = subprocess.run(command(project), capture_output=True,
                            env=environment(PYTHONIOENCODING=encoding), cwd=ROOT)
    err = result.stderr.decode(encoding, errors="strict")
    assert result.returncode == 0, err
    assert "Traceback" not in err and "UnicodeEncodeError" not in err
    out = result.stdout.decode(encoding, errors="strict")
    if encoding == "gbk":  # what GBK has stays, what it has not becomes "?"
        assert "正在生成 《工作简报???》" in out and "完成：" in out


def test_a_legacy_code_page_reports_input_errors_too(tmp_path):
    bad = issue("articles:\n  - title: 甲\n    body: 正文。\n").replace("2017-10-11", "2017-13-01✓🎉")
    make_project(tmp_path, {"demo/2017/01.yaml": bad})
    result = subprocess.run(command(make_project(tmp_path, {})), capture_output=True,
                            env=environment(PYTHONIOENCODING="gbk"), cwd=ROOT)
    err = result.stderr.decode("gbk")
    assert result.returncode == 1 and "Traceback" not in err
    assert "发现 1 个问题" in err and "2017-13-01??" in err


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_a_terminal_gets_colour_and_one_live_line(project):
    code, shown = in_pty(command(project), environment())
    assert code == 0, shown.decode(errors="replace")
    assert b"\x1b[32m[1/2]" in shown and b"\x1b[32m[2/2]" in shown  # coloured counter
    assert CLEAR_LINE.encode() + b"\x1b[32m[2/2]" in shown  # redrawn in place
    assert "正在生成 《工作简报✓•🎉》2017年第1期".encode() in shown
    assert not re.search("正在生成 [^\r\n]*（[\\d.]+ 秒）".encode(), shown)  # no plain progress lines
    assert b"\x1b[33m" in shown  # the warning, yellow
    assert re.search(rb"\x1b\[32m\xe5\xae\x8c\xe6\x88\x90", shown)  # 完成 in green


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_no_color_on_a_terminal_keeps_the_live_line_without_colour(project):
    code, shown = in_pty(command(project), environment(NO_COLOR="1"))
    assert code == 0, shown.decode(errors="replace")
    assert not SGR.search(shown), shown
    assert (CLEAR_LINE + "[2/2] 正在生成").encode() in shown


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_a_dumb_terminal_gets_plain_lines(project):
    code, shown = in_pty(command(project), environment(TERM="dumb"))
    assert code == 0 and b"\x1b" not in shown
    assert "[1/2] 正在生成 ".encode() in shown


# ---------------------------------------------------------------- Windows console

@pytest.fixture
def windows(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    progress._windows_console_ready.cache_clear()
    yield
    progress._windows_console_ready.cache_clear()


def test_windows_console_is_readied_by_colorama_once(windows, monkeypatch):
    calls = []
    fake = types.ModuleType("colorama")
    fake.just_fix_windows_console = lambda: calls.append(1)
    monkeypatch.setitem(sys.modules, "colorama", fake)
    rep = Reporter(Tty(), Tty())
    Reporter(Tty(), Tty())
    assert calls == [1]
    assert rep.live and rep.colour


def test_windows_without_colorama_writes_no_escape_codes(windows, monkeypatch):
    monkeypatch.setitem(sys.modules, "colorama", None)  # import fails
    out, err = Tty(), Tty()
    rep = Reporter(out, err)
    rep.total = 1
    rep.step("第7期")
    rep.warn("注意")
    rep.finish("完成")
    assert "\x1b" not in out.getvalue() + err.getvalue()
    assert out.getvalue().startswith("[1/1] 正在生成 第7期")


def test_prepare_streams_replaces_what_the_code_page_cannot_encode(monkeypatch):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="gbk")
    monkeypatch.setattr(sys, "stdout", stream)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    progress.prepare_streams()
    print("完成✓")
    stream.flush()
    assert raw.getvalue().decode("gbk") == "完成?\n"
