"""Progress of a build for the terminal: N/M, the issue, elapsed time; one live line on a TTY, plain lines elsewhere."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from functools import lru_cache
from typing import TextIO

from jianbao.chinese import clip_to_columns, columns

RESET, RED, GREEN, YELLOW, DIM = "\x1b[0m", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[2m"
CLEAR_LINE = "\r\x1b[2K"


def prepare_streams() -> None:
    """Make the standard streams safe to print to, once at the start of a command.

    A console or redirected file with a legacy code page (GBK on Chinese Windows, ASCII in some
    services) cannot encode every character a bulletin may hold (✓, •, emoji): such a character
    is printed as "?" instead of ending the run with UnicodeEncodeError. On Windows the console
    is also readied for the escape codes of colour and the live line.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # a closed or exotic stream: leave it as it is
                pass
    _windows_console_ready()


@lru_cache(maxsize=1)
def _windows_console_ready() -> bool:
    """Whether the console understands ANSI escape codes: always off Windows; on Windows through
    colorama, which switches on the console's VT mode (Windows 10+) or translates the codes for an
    older console. Without colorama, no escape codes are written there."""
    if sys.platform != "win32":
        return True
    try:
        from colorama import just_fix_windows_console
    except ImportError:
        return False
    just_fix_windows_console()
    return True


def no_colour() -> bool:
    """NO_COLOR set to anything non-empty (no-color.org)."""
    return bool(os.environ.get("NO_COLOR"))


def is_terminal(stream: TextIO) -> bool:
    """A terminal that takes escape codes: a TTY, TERM not dumb, and on Windows a readied console."""
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        tty = bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False
    return tty and _windows_console_ready()


class Reporter:
    """What the CLI shows while it builds; `quiet` shows errors only, `verbose` every file written.

    On a terminal the current step is one line redrawn in place, in colour unless NO_COLOR is
    set; elsewhere (a pipe, a log file, CI) each step is a plain line without escape codes.
    Messages go to `out`, errors to `err`. `live` forces the terminal behaviour on or off.
    """

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None, *,
                 quiet: bool = False, verbose: bool = False, live: bool | None = None,
                 clock: Callable[[], float] = time.monotonic):
        _windows_console_ready()  # first: on an old Windows console colorama wraps sys.stdout
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.quiet, self.verbose = quiet, verbose and not quiet
        self.live = is_terminal(self.out) if live is None else live
        self.colour = self.live and not no_colour()
        self.colour_err = (is_terminal(self.err) if live is None else live) and not no_colour()
        self.clock = clock
        self.started = clock()
        self.total: int | None = None
        self.count = 0
        self._status = ""  # the live line now on screen

    # ---------------------------------------------------------------- steps

    def step(self, label: str) -> None:
        """The next issue is being rendered."""
        self.count += 1
        if self.quiet:
            return
        counter = f"[{self.count}/{self.total}]" if self.total else f"[{self.count}]"
        elapsed = f"{self.elapsed():.1f} 秒"
        if self.live:
            width = max(20, shutil.get_terminal_size((80, 20)).columns - 1)
            line = clip_to_columns(f"{counter} 正在生成 {label}  {elapsed}", width)
            self._draw(f"{GREEN}{counter}{RESET} 正在生成 {label}  {DIM}{elapsed}{RESET}"
                       if self.colour and columns(line) < width else line)
        else:
            self._print(f"{counter} 正在生成 {label}（{elapsed}）")

    def __call__(self, issue, index: int | None = None, total: int | None = None) -> None:
        """Usable directly as the pipeline's progress callback: one call per issue (index is 1-based)."""
        if total is not None:
            self.total = total
        if index is not None:
            self.count = index - 1
        self.step(issue.name)

    def file(self, name: str) -> None:
        """A file was written (shown only with --verbose)."""
        if self.verbose:
            self._print(f"  写入 {name}", DIM)

    def info(self, text: str) -> None:
        if not self.quiet:
            self._print(text)

    def warn(self, text: str) -> None:
        """A warning goes to the error stream, marked 警告, so that it survives a redirected stdout."""
        if self.quiet:
            return
        self._clear()
        text = text if text.startswith("警告") else f"警告：{text}"
        self.err.write(f"{YELLOW}{text}{RESET}\n" if self.colour_err else text + "\n")
        self.err.flush()

    def error(self, text: str) -> None:
        """Always shown, even with --quiet, on the error stream."""
        self._clear()
        self.err.write(f"{RED}{text}{RESET}\n" if self.colour_err else text + "\n")
        self.err.flush()

    def finish(self, text: str) -> None:
        """The closing summary, with the elapsed time; clears the live line."""
        self._clear()
        if not self.quiet:
            self._print(f"{text}（用时 {self.elapsed():.1f} 秒）", GREEN)

    def elapsed(self) -> float:
        return max(0.0, self.clock() - self.started)

    # ---------------------------------------------------------------- output

    def _print(self, text: str, colour: str = "") -> None:
        status = self._status
        self._clear()
        self.out.write(f"{colour}{text}{RESET}\n" if self.colour and colour else text + "\n")
        if status:
            self._draw(status)
        self.out.flush()

    def _draw(self, line: str) -> None:
        self.out.write(CLEAR_LINE + line)
        self.out.flush()
        self._status = line

    def _clear(self) -> None:
        if self._status:
            self.out.write(CLEAR_LINE)
            self.out.flush()
            self._status = ""
