"""The proofreading pass: every check over the issues that can still change, their findings sorted and said once."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from jianbao.model import Issue
from jianbao.proofread.finding import Finding
from jianbao.proofread.leftovers import empty_article_message, empty_articles, leftover_spots
from jianbao.proofread.names import variant_spots
from jianbao.proofread.numbers import periods_after, quotable, rates_over_100, typed_numbers
from jianbao.proofread.punctuation import punctuation_spots
from jianbao.proofread.series import future_date, number_order, year_folder
from jianbao.proofread.texts import NAME, PROSE, TITLE, findings_of, text_fields
from jianbao.reader.load import RawDoc, parse

# The line breaks YAML reads (PyYAML's reader): lines are counted as the loader counts them.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class Source:
    """An issue to proofread and the text of its file (decoded, without a BOM; None if it can no
    longer be read), read when first wanted: an unchanged file's findings are kept without it."""

    def __init__(self, issue: Issue, text: str | None = None, read: Callable[[], str | None] | None = None):
        self.issue = issue
        if read is None:
            self.text = text
        else:
            self._read = read

    @cached_property
    def text(self) -> str | None:
        return self._read()

    def forget_text(self) -> None:
        """Let the text go once it is no longer wanted; asked for again, it is read again."""
        if hasattr(self, "_read"):
            self.__dict__.pop("text", None)


def file_lines(text: str) -> list[str]:
    return LINE_BREAK.split(text)


def proofread_text(issue: Issue, doc: RawDoc, text: str) -> list[Finding]:
    """Every finding within one issue file: its texts, its figures, its date against its folder."""
    file, lines = issue.source, file_lines(text)
    fields = text_fields(doc)
    candidates = quotable(issue.figures)
    found: list[Finding] = []
    for field in fields:
        spots = leftover_spots(field)
        if field.kind != NAME:
            spots += punctuation_spots(field.masked, field.kind)
        if field.kind in (PROSE, TITLE):
            spots += typed_numbers(field.masked, candidates)
        found += findings_of(file, field, spots, lines)
    for field, spot in variant_spots(fields):
        found += findings_of(file, field, [spot], lines)
    for path, line, title in empty_articles(doc):
        field_name, expected, what, hint = empty_article_message(path, title)
        found.append(Finding(file, line, field_name, "leftover-empty", expected, what, hint))
    found += rates_over_100(file, doc, issue.figures) + periods_after(file, doc, issue)
    found += year_folder(issue, doc.line(("date",)))
    return found


@dataclass(frozen=True)
class FileFindings:
    """What one issue file was found to have on its own, and the line of its date (for the checks across issues).

    It depends on the file's name and bytes only, so a build may keep it for an unchanged file.
    """

    findings: tuple[Finding, ...]
    date_line: int | None


def read_file(source: Source) -> FileFindings | None:
    """Parse the file and proofread it on its own; None if it does not parse (it validated: it should)."""
    if source.text is None:
        return None
    doc, _ = parse(source.text, source.issue.source)
    if doc is None:
        return None
    return FileFindings(tuple(proofread_text(source.issue, doc, source.text)), doc.line(("date",)))


def proofread(sources: Sequence[Source], every_issue: Iterable[Issue], today: datetime.date | None,
              read: Callable[[Source], FileFindings | None] = read_file) -> list[Finding]:
    """The findings of the given issues, read against every issue of the project; `today` None skips the future check.

    `read` proofreads one file on its own (a build passes one that reuses what an unchanged file had).
    """
    found: list[Finding] = []
    date_lines: dict[str, int | None] = {}
    for source in sources:
        own = read(source)
        if own is None:
            continue
        date_lines[source.issue.source] = own.date_line
        found += own.findings
        found += future_date(source.issue, today, own.date_line)
    found += number_order(every_issue, set(date_lines), lambda issue, key: date_lines.get(issue.source))
    return unique(found)


def unique(findings: Iterable[Finding]) -> list[Finding]:
    """Each finding once (two checks may see one spot), in file, line and field order."""
    seen, out = set(), []
    for finding in sorted(findings, key=lambda f: f.order):
        key = (finding.file, finding.line, finding.field, finding.code, finding.found)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out
