"""The exit codes of every command, in one place: a script can tell bad input from a failure and from a bug."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INPUT = 1  # the input files or the arguments are wrong: nothing was written
    FAILED = 2  # valid input that could not be rendered, archived or served; or interrupted
    BUG = 3  # a defect of the program: details in build/.cache/last-error.txt
