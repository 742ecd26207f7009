"""What a search query means and how a hit is shown: issue numbers as terms, marks around every term, snippets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from jianbao.model import Issue

MARK_OPEN, MARK_CLOSE = "【", "】"
# An issue's numbers are indexed as whole tokens between these marks, so that 第1期 finds 第1期 and not
# 增刊第1期 or 第11期, and 第43期 does not find 总第43期. Nobody types them, and no text holds them.
TOKEN_OPEN, TOKEN_CLOSE = "‹", "›"
NUMBER_TERM = re.compile(r"^(?:(\d{4})年)?(增刊)?第(\d{1,3})期$")
TOTAL_TERM = re.compile(r"^总第(\d{1,5})期$")
SNIPPET_REACH = 16  # characters shown either side of a term's first occurrence
SNIPPET_MAX = 120


@dataclass(frozen=True)
class Term:
    """One word of a query: its text, and for an issue number (第7期 …) the token that names it."""

    text: str
    token: str = ""  # ‹2017年第7期›, ‹增刊第1期›, ‹总第43期›: matched against the issue, not the text


def terms(query: str) -> list[Term]:
    """The words of a query (separated by spaces), each issue number also as its token.

    Digits typed full-width (第７期) or with a leading zero (第07期) name the same issue.
    """
    out = []
    for word in query.split():
        plain = unicodedata.normalize("NFKC", word)
        number, total = NUMBER_TERM.match(plain), TOTAL_TERM.match(plain)
        if number:
            year, supplement, n = number.groups()
            label = f"{year + '年' if year else ''}{supplement or ''}第{int(n)}期"
            out.append(Term(word, TOKEN_OPEN + label + TOKEN_CLOSE))
        elif total:
            out.append(Term(word, f"{TOKEN_OPEN}总第{int(total.group(1))}期{TOKEN_CLOSE}"))
        else:
            out.append(Term(word))
    return out


def issue_tokens(issue: Issue) -> str:
    """The tokens an issue is found by: 第7期 and 2017年第7期 (增刊第1期 …), and 总第43期 when printed."""
    labels = [issue.number_label, f"{issue.year}年{issue.number_label}"]
    if issue.total_label:
        labels.append(issue.total_label)
    return "".join(TOKEN_OPEN + label + TOKEN_CLOSE for label in labels)


def number_text(issue_year: int, number_label: str, total_label: str, found: list[Term], tokens: str) -> str:
    """2017年第7期 (and （总第43期） when printed) as a hit shows it, an issue number a term matched in 【】."""
    name, total = f"{issue_year}年{number_label}", total_label
    for term in found:
        if not term.token or term.token not in tokens:
            continue
        label = term.token[1:-1]
        if label == total_label:
            total = MARK_OPEN + total_label + MARK_CLOSE
        elif label == name:
            name = MARK_OPEN + name + MARK_CLOSE
        elif MARK_OPEN not in name:
            name = f"{issue_year}年{MARK_OPEN}{number_label}{MARK_CLOSE}"
    return name + (f"（{total}）" if total else "")


def _pattern(words: list[str]) -> re.Pattern | None:
    """Every word, longest first (so 竣工率 wins over 竣工), case-insensitive as the index is for Latin letters."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)), re.IGNORECASE) if words else None


def mark(text: str, words: list[str]) -> str:
    """The text with each occurrence of each word in 【】."""
    found = _pattern(words)
    return found.sub(lambda m: MARK_OPEN + m.group(0) + MARK_CLOSE, text) if found else text


def flat(text: str) -> str:
    """One line: the passages of an article are lines, and a snippet must not break a terminal line."""
    return " ".join(text.split())


def snippet(texts: list[str], words: list[str]) -> str:
    """Pieces of the texts around the first occurrence of each word, every occurrence marked, joined by ….

    `texts` are searched in order (the body, then the 更正 and 编者按 of the issue); a word found in
    none (in the title only, or an issue number) has no piece. Without any piece, the body's opening.
    """
    texts = [flat(t) for t in texts]
    found = _pattern(words)
    spans: list[tuple[int, int, int]] = []  # (text, start, end)
    for word in sorted(set(words), key=words.index):
        pattern = _pattern([word])
        for k, text in enumerate(texts):
            hit = pattern.search(text) if pattern else None
            if hit:
                start = hit.start() - SNIPPET_REACH
                # rather the text's opening (a 更正's date) than an ellipsis cutting off a few characters
                spans.append((k, start if start > SNIPPET_REACH else 0, min(len(text), hit.end() + SNIPPET_REACH)))
                break
    if not spans:
        head = texts[0] if texts else ""
        return head[:SNIPPET_REACH * 3] + ("…" if len(head) > SNIPPET_REACH * 3 else "")
    merged: list[list[int]] = []
    for k, start, end in sorted(spans):
        if merged and merged[-1][0] == k and start <= merged[-1][2]:
            merged[-1][2] = max(merged[-1][2], end)
        else:
            merged.append([k, start, end])
    pieces, length = [], 0
    for k, start, end in merged:
        if length >= SNIPPET_MAX and pieces:
            break
        piece = texts[k][start:end]
        pieces.append((k, start, end, found.sub(lambda m: MARK_OPEN + m.group(0) + MARK_CLOSE, piece) if found else piece))
        length += end - start
    first, last = pieces[0], pieces[-1]
    return (("…" if first[1] else "") + "…".join(p[3] for p in pieces)
            + ("…" if last[2] < len(texts[last[0]]) else ""))
