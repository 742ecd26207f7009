"""The project's errors: an input error carries every problem found, each with file, line and field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, phrased for an editor (in Chinese)."""

    file: str
    line: int | None
    field: str  # as an editor reads it (reader/paths.py), e.g. 第1篇文章 highlights 第3条 lead
    expected: str
    found: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.field or '（文件）'}：应为{self.expected}，实际为{self.found}"
        if self.hint:
            text += f"（{self.hint}）"
        return text


class JianbaoError(Exception):
    """Base of every error the CLI turns into a message instead of a traceback."""


class InputError(JianbaoError):
    """The input files are wrong; `problems` lists every problem at once."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(sorted(problems, key=lambda p: (p.file, p.line or 0, p.field)))
        super().__init__("\n".join(str(p) for p in self.problems))


class RenderError(JianbaoError):
    """A valid issue could not be rendered (e.g. a chart label with a character no font has)."""


class LeakError(JianbaoError):
    """Internal content would reach a press output."""


class ArchiveError(JianbaoError):
    """The archive's rules (numbering, frozen published issues) would be broken."""


class PreviewError(JianbaoError):
    """The preview could not start: its address or port cannot be had (taken, or no such address)."""

    def __init__(self, host: str, port: int, reason: str):
        self.host, self.port, self.reason = host, port, reason
        super().__init__(f"无法在 {host}:{port} 上启动预览：{reason}")


class FindingsRefused(InputError):
    """publish stops at an issue with proofreading findings that were not accepted (--accept)."""
