"""Full-text search over every article: SQLite FTS5 (trigram, so Chinese substrings match), and the JSON index."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from jianbao.article_text import reading_text
from jianbao.model import Article, Issue
from jianbao.public import public_positions, public_view, released_issues

MARK_OPEN, MARK_CLOSE = "【", "】"
SNIPPET_TOKENS = 24
TRIGRAM = 3  # the trigram tokenizer cannot match shorter terms: those go through LIKE


@dataclass(frozen=True)
class Hit:
    series: str  # series title
    number_label: str
    year: int
    date: str
    title: str
    url: str  # the issue page, relative to build/
    public: bool
    snippet: str  # with 【】 around each match


def _rows(issues: Iterable[Issue]):
    for issue in issues:
        public = set(public_positions(issue))
        for position, article in enumerate(issue.articles, start=1):
            yield (issue.series.id, issue.series.title, issue.number_label, issue.year, issue.date.isoformat(),
                   f"{issue.slug}/index.html", position, int(position in public), article.title,
                   reading_text(article))


def build_database(issues: Iterable[Issue]) -> bytes:
    """The whole search database as bytes (an in-memory SQLite database, serialized)."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE articles USING fts5(series UNINDEXED, series_title UNINDEXED, "
               "number_label UNINDEXED, year UNINDEXED, date UNINDEXED, url UNINDEXED, position UNINDEXED, "
               "public UNINDEXED, title, body, tokenize='trigram')")
    db.executemany("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?)", sorted(_rows(issues)))
    db.commit()
    data = db.serialize()
    db.close()
    return data


def open_database(data: bytes) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.deserialize(data)
    return db


def _terms(query: str) -> list[str]:
    return [t for t in re.split(r"\s+", query.strip()) if t]


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _cut_snippet(text: str, terms: list[str], width: int = 40) -> str:
    """A window around the first match with every term marked (the LIKE path has no snippet())."""
    flat = text.replace("\n", " ")
    first = min((flat.find(t) for t in terms if t in flat), default=0)
    start = max(0, first - width // 2)
    piece = flat[start:start + width]
    for term in sorted(set(terms), key=len, reverse=True):
        piece = piece.replace(term, MARK_OPEN + term + MARK_CLOSE)
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")


def _hit(row, snippet: str) -> Hit:
    series_title, number_label, year, date, url, public, title = row[:7]
    return Hit(series_title, number_label, int(year), date, title, url, bool(public), snippet)


def search(db: sqlite3.Connection, query: str, *, limit: int = 20, public_only: bool = False) -> list[Hit]:
    """Articles matching every term of the query, best first (bm25; title matches weigh more)."""
    terms = _terms(query)
    if not terms:
        return []
    columns = "series_title, number_label, year, date, url, public, title"
    public = " AND public = 1" if public_only else ""
    if all(len(t) >= TRIGRAM for t in terms):
        match = " AND ".join(_phrase(t) for t in terms)
        rows = db.execute(
            f"SELECT {columns}, snippet(articles, 9, ?, ?, '…', ?), "
            "highlight(articles, 8, ?, ?) FROM articles "
            f"WHERE articles MATCH ?{public} ORDER BY bm25(articles, 0,0,0,0,0,0,0,0, 5.0, 1.0), date DESC LIMIT ?",
            (MARK_OPEN, MARK_CLOSE, SNIPPET_TOKENS, MARK_OPEN, MARK_CLOSE, match, limit)).fetchall()
        hits = []
        for row in rows:
            snippet = row[7] if MARK_OPEN in row[7] else row[8]
            hits.append(_hit(row, snippet))
        return hits
    # One or two characters: trigram has no index for them, so scan with LIKE and rank by frequency.
    where = " AND ".join("(title || ' ' || body) LIKE ? ESCAPE '\\'" for _ in terms)
    rows = db.execute(f"SELECT {columns}, body FROM articles WHERE {where}{public}",
                      [_like(t) for t in terms]).fetchall()

    def score(row) -> int:
        title, body = row[6], row[7]
        return sum(5 * title.count(t) + body.count(t) for t in terms)

    # Two stable sorts: most occurrences first, newest first among equals.
    ranked = sorted(sorted(rows, key=lambda r: r[3], reverse=True), key=score, reverse=True)[:limit]
    return [_hit(row, _cut_snippet(row[7], terms) if any(t in row[7] for t in terms)
                 else _cut_snippet(row[6], terms)) for row in ranked]


def _entry(issue: Issue, article: Article, url: str, **extra) -> dict:
    return {"s": issue.series.title, "n": issue.number_label, "y": issue.year, "d": issue.date.isoformat(),
            "t": article.title, "u": url, "x": reading_text(article), **extra}


def _dump(entries: list[dict]) -> bytes:
    entries.sort(key=lambda e: (e["d"], e["u"], e["t"]), reverse=True)
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def archive_index(issues: Iterable[Issue]) -> bytes:
    """The internal archive home's offline search data, as JSON: every article of every issue.

    The archive is the office's own site, so drafts and internal articles are in it, each marked
    ("k": 草稿, 内部). What may be published has its own index: public_site_index.
    """
    entries = []
    for issue in issues:
        public = set(public_positions(issue))
        for position, article in enumerate(issue.articles, start=1):
            marks = [m for m, on in (("草稿", issue.status != "published"), ("内部", position not in public)) if on]
            entries.append(_entry(issue, article, f"{issue.slug}/index.html", k="·".join(marks)))
    return _dump(entries)


def public_site_index(issues: Iterable[Issue]) -> bytes:
    """The public site's search data: the public articles of released issues, linking their public page."""
    entries = []
    for issue in released_issues(issues):
        view = public_view(issue)
        for index, article in enumerate(view.articles if view else (), start=1):
            entries.append(_entry(issue, article, f"{issue.slug}/index.html#article-{index}"))
    return _dump(entries)
