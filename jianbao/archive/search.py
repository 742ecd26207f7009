"""Full-text search over every article, its issue's numbers and notices: SQLite FTS5 (trigram, so Chinese substrings
match), and the JSON index of the offline search."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from jianbao.archive.search_terms import Term, issue_tokens, mark, number_text, snippet, terms
from jianbao.article_text import plain_text, reading_text
from jianbao.escape import json_in_script
from jianbao.model import PUBLIC, Article, Correction, Issue
from jianbao.public import public_positions, public_view, released_issues

TRIGRAM = 3  # the trigram tokenizer cannot match shorter terms: those go through LIKE
TEXT_COLUMNS = "{title body notice}"  # what a word is looked for in; public_only reads public_notice instead
PUBLIC_TEXT_COLUMNS = "{title body public_notice}"
# bm25 weights, one per column: an issue number matched weighs most, then the title, then the texts.
WEIGHTS = "0,0,0,0,0,0,0,0,0, 5.0, 1.0, 10.0, 1.0, 1.0"


@dataclass(frozen=True)
class Hit:
    series: str  # series title
    number_label: str
    year: int
    date: str
    title: str
    url: str  # the issue page, relative to build/
    public: bool
    snippet: str  # pieces of the text around the terms, each term in 【】, on one line
    marked_title: str = ""  # the title, terms in 【】
    marked_number: str = ""  # 2017年第7期（总第43期）, an issue number the query named in 【】


def notices(issue: Issue) -> tuple[str, str]:
    """The issue's own texts, searched with its first article: (its 更正 and 编者按, the public part of them).

    Public is a correction's reason the correction releases (`release: public`); the 编者按 of an
    issue never is (public.public_view). Whether a correction shows on the public site at all is for
    the public site to say: public_site_index is given the corrections it shows.
    """
    correction = issue.correction
    notice = [correction.label + correction.reason] if correction else []
    public = notice if correction and correction.release == PUBLIC else []
    return "\n".join(notice + [plain_text(p.inlines) for p in issue.note]), "\n".join(public)


def _rows(issues: Iterable[Issue]):
    for issue in issues:
        public = public_positions(issue)
        notice, public_notice = notices(issue)
        for position, article in enumerate(issue.articles, start=1):
            yield (issue.series.id, issue.series.title, issue.number_label, issue.year, issue.date.isoformat(),
                   f"{issue.slug}/index.html", position, int(position in public), issue.total_label, article.title,
                   reading_text(article), issue_tokens(issue), notice if position == 1 else "",
                   public_notice if public and position == public[0] else "")


def build_database(issues: Iterable[Issue], file: Path | None = None) -> bytes:
    """The whole search database as bytes (an in-memory SQLite database, serialized), or written
    into `file` (then b""): a large archive's database is not held in memory twice."""
    db = sqlite3.connect(":memory:") if file is None else _on_disk(file)
    db.execute("CREATE VIRTUAL TABLE articles USING fts5(series UNINDEXED, series_title UNINDEXED, "
               "number_label UNINDEXED, year UNINDEXED, date UNINDEXED, url UNINDEXED, position UNINDEXED, "
               "public UNINDEXED, total_label UNINDEXED, title, body, issue, notice, public_notice, "
               "tokenize='trigram')")
    return _finish(db, issues, file is None)


def update_database(data: bytes | Path, changed: Iterable[Issue], removed: Iterable[str],
                    in_place: bool = False) -> bytes | None:
    """The database `data` with the articles of the `removed` issue slugs taken out and those of
    the `changed` issues put in (again); None when `data` is not such a database. `data` is bytes,
    or a file changed where it is (then b""): a temp file of the build, or (`in_place`) the
    database itself, changed in one transaction with its journal (a killed build's is rolled back).

    Building the whole database again made each rebuild grow with the archive (0.4 s at 3,000
    issues); an update costs what the changed issues cost. Its answers are those of a database
    built whole; its bytes differ (the rows' order of insertion), which is why the archive's
    records never rest on them.
    """
    in_memory = isinstance(data, bytes)
    db = None
    try:
        db = open_database(data) if in_memory else sqlite3.connect(data) if in_place else _on_disk(data)
        db.executemany("DELETE FROM articles WHERE url = ?", [(f"{slug}/index.html",) for slug in sorted(removed)])
    except sqlite3.DatabaseError:
        if db is not None:
            db.close()
        return None
    return _finish(db, changed, in_memory)


def settle(file: Path) -> bool:
    """Whether `file` is a search database as the last build that finished a change to it left it.

    A build killed while changing it in place left its journal beside it: opening the database
    rolls that back. A file that is none (damaged, foreign) is False, and its journal is removed,
    so that the database made whole in its place is never "rolled back" with another's journal.
    """
    journal = file.with_name(file.name + "-journal")
    if not file.is_file():
        journal.unlink(missing_ok=True)
        return False
    try:
        db = sqlite3.connect(file)
        try:
            db.execute("SELECT count(*) FROM articles").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError:
        journal.unlink(missing_ok=True)
        return False
    return not journal.exists()


def _on_disk(file: Path) -> sqlite3.Connection:
    """A database in a temp file of the build: no journal beside it (a failed build discards the
    file whole) and no waiting for the disk (the build's rename makes it the output)."""
    db = sqlite3.connect(file)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    return db


def _finish(db: sqlite3.Connection, issues: Iterable[Issue], serialize: bool) -> bytes:
    db.executemany("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", sorted(_rows(issues)))
    db.commit()
    data = db.serialize() if serialize else b""
    db.close()
    return data


def open_database(data: bytes) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.deserialize(data)
    return db


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


COLUMNS = "series_title, number_label, year, date, url, public, total_label, title, body, issue, notice, public_notice"


def _hit(row, found: list[Term], public_only: bool) -> Hit:
    series_title, number_label, year, date, url, public, total, title, body, tokens, notice, public_notice = row
    words = [t.text for t in found]
    return Hit(series_title, number_label, int(year), date, title, url, bool(public),
               snippet([body, public_notice if public_only else notice], words), mark(title, words),
               number_text(int(year), number_label, total, found, tokens))


def search(db: sqlite3.Connection, query: str, *, limit: int = 20, public_only: bool = False) -> list[Hit]:
    """Articles matching every term of the query, best first (bm25; an issue number, then the title weigh more).

    A term is found in the title, the text, or the issue's 更正 and 编者按 (with its first article);
    an issue number (第7期, 2017年第7期, 增刊第1期, 总第43期) also finds the articles of that issue.
    """
    found = terms(query)
    if not found:
        return []
    texts = PUBLIC_TEXT_COLUMNS if public_only else TEXT_COLUMNS
    public = " AND public = 1" if public_only else ""
    if all(len(t.text) >= TRIGRAM for t in found):
        match = " AND ".join(f"(issue : {_phrase(t.token)} OR {texts} : {_phrase(t.text)})" if t.token
                             else f"{texts} : {_phrase(t.text)}" for t in found)
        rows = db.execute(f"SELECT {COLUMNS} FROM articles WHERE articles MATCH ?{public} "
                          f"ORDER BY bm25(articles, {WEIGHTS}), date DESC, url, position LIMIT ?", (match, limit)).fetchall()
        return [_hit(row, found, public_only) for row in rows]
    # One or two characters: trigram has no index for them, so scan with LIKE and rank by frequency.
    notice = "public_notice" if public_only else "notice"
    where, args = [], []
    for t in found:
        text = f"(title || ' ' || body || ' ' || {notice}) LIKE ? ESCAPE '\\'"
        where.append(f"(issue LIKE ? ESCAPE '\\' OR {text})" if t.token else text)
        args += [_like(t.token), _like(t.text)] if t.token else [_like(t.text)]
    rows = db.execute(f"SELECT {COLUMNS} FROM articles WHERE {' AND '.join(where)}{public}", args).fetchall()

    def score(row) -> int:
        title, body, tokens, notes = row[7], row[8], row[9], row[11 if public_only else 10]
        return sum(10 * (bool(t.token) and t.token in tokens) + 5 * title.count(t.text) + body.count(t.text)
                   + notes.count(t.text) for t in found)

    # Two stable sorts: most occurrences first, newest first among equals.
    ranked = sorted(sorted(rows, key=lambda r: r[3], reverse=True), key=score, reverse=True)[:limit]
    return [_hit(row, found, public_only) for row in ranked]


def _entry(issue: Issue, article: Article, url: str, notice: str = "", **extra) -> dict:
    """One article for the offline search; "z" (总第N期, when printed) and "c" (the issue's 更正 and
    编者按, with its first article) only where there is one, so that the page stays small."""
    entry = {"s": issue.series.title, "n": issue.number_label, "y": issue.year, "d": issue.date.isoformat(),
             "t": article.title, "u": url, "x": reading_text(article), **extra}
    if issue.total_label:
        entry["z"] = issue.total_label
    if notice:
        entry["c"] = notice
    return entry


def _dump(entries: list[dict]) -> bytes:
    entries.sort(key=lambda e: (e["d"], e["u"], e["t"]), reverse=True)
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


SHARD_DIR = "search"
SHARD_CALL = b"jianbaoSearch("  # what each shard calls, defined by archive.js before it loads any


def shard_path(issue: Issue) -> str:
    """The search shard an issue's articles are in: search/<series>/<year folder>.js.

    One file per series and year, loaded by archive.js on the first search: the home page stays a
    few KB however large the archive, and a changed issue changes one shard (issue 21). A script,
    not JSON, because a page opened from a folder without a server may load scripts but not fetch.
    """
    return f"{SHARD_DIR}/{issue.slug.rsplit('/', 1)[0]}.js"


def shard(entries: list[dict]) -> bytes:
    """A shard: its entries as JSON, passed to jianbaoSearch (JSON is JavaScript; json_in_script
    keeps U+2028, which ends a line in older JavaScript, out of its strings)."""
    return SHARD_CALL + json_in_script(_dump(entries).decode("utf-8")).encode("utf-8") + b");\n"


def shard_entries(data: bytes) -> list[dict]:
    """The entries of a shard (what tests and tools read back)."""
    return json.loads(data.removeprefix(SHARD_CALL).rstrip().removesuffix(b");"))


def by_shard(issues: Iterable[Issue]) -> dict[str, list[Issue]]:
    found: dict[str, list[Issue]] = {}
    for issue in issues:
        found.setdefault(shard_path(issue), []).append(issue)
    return dict(sorted(found.items()))


def archive_entries(issues: Iterable[Issue]) -> list[dict]:
    """The internal archive's offline search data: every article of every issue.

    The archive is the office's own site, so drafts and internal articles are in it, each marked
    ("k": 草稿, 内部). What may be published has its own index: public_site_entries.
    """
    entries = []
    for issue in issues:
        public = set(public_positions(issue))
        notice = notices(issue)[0]
        for position, article in enumerate(issue.articles, start=1):
            marks = [m for m, on in (("草稿", issue.status != "published"), ("内部", position not in public)) if on]
            entries.append(_entry(issue, article, f"{issue.slug}/index.html", notice if position == 1 else "",
                                  k="·".join(marks)))
    return entries


def public_site_entries(issues: Iterable[Issue],
                        corrections: Mapping[str, Sequence[Correction]] | None = None) -> list[dict]:
    """The public site's search data: the public articles of released issues, linking their public page.

    `corrections` are the 更正 notices the public pages show, by issue slug (those that changed the
    public articles, each as public_view words it); their text is found with the issue's first article.
    """
    entries = []
    for issue in released_issues(issues):
        view = public_view(issue)
        notice = "\n".join(c.label + c.reason for c in (corrections or {}).get(issue.slug, ()))
        for index, article in enumerate(view.articles if view else (), start=1):
            entries.append(_entry(issue, article, f"{issue.slug}/index.html#article-{index}",
                                  notice if index == 1 else ""))
    return entries
