"""The archive site: build/index.html with offline search, a page per series, figures pages, CSV and feeds."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jianbao.archive.feed import FEED_NAME, feed_issues, render_feed
from jianbao.archive.figures import display, figures_csv, histories, trend_carrier, trend_chart
from jianbao.archive.freeze import Frozen
from jianbao.archive.memo import PageMemo, digest, digest_of, keys_of
from jianbao.archive.search import archive_entries, build_database, by_shard, settle, shard, update_database
from jianbao.assets import TEMPLATES_DIR
from jianbao.escape import json_in_script
from jianbao.model import Issue, Series
from jianbao.project import SEARCH_DATABASE
from jianbao.reader.numbering import by_series, issue_order
from jianbao.render.html.bulletin import render_template
from jianbao.render.html.svg import clean_svg_file
from jianbao.write import Artifact, InPlace, Output, stage_file

ASSETS = ("archive.css", "archive.js")


@dataclass
class Row:
    """One issue as the series page lists it: links relative to the series folder."""

    issue: Issue
    links: list[tuple[str, str]]
    status: str
    correction: str = ""
    versions: list[dict] = field(default_factory=list)


class Outputs:
    """The build's output paths, with the PDFs of each folder found once (not by scanning per issue)."""

    def __init__(self, paths: set[str]):
        self.paths = paths
        self.pdfs: dict[str, list[str]] = {}
        for path in paths:
            if path.endswith(".pdf"):
                folder, _, name = path.rpartition("/")
                self.pdfs.setdefault(folder, []).append(name)
        for names in self.pdfs.values():
            names.sort()

    def __contains__(self, path: str) -> bool:
        return path in self.paths


def _links(folder: str, stem: str, paths: Outputs, prefix: str) -> list[tuple[str, str]]:
    """Every output that exists, in a fixed order: 网页, 单文件网页, Word, PDF, 新闻稿."""
    pdfs = paths.pdfs.get(folder, [])
    wanted = [("网页", "index.html"), ("单文件网页", f"{stem}.html"), ("Word", f"{stem}.docx"),
              ("PDF", f"{stem}.pdf" if f"{stem}.pdf" in pdfs else (pdfs or [""])[0]),
              ("新闻稿", f"press/{stem}.md")]
    return [(label, f"{prefix}{name}") for label, name in wanted if name and f"{folder}/{name}" in paths]


def _in_year(issue: Issue, in_year: bool = True) -> str:
    """The issue's folder relative to its year's folder (its page), or to the series folder."""
    return issue.slug.split("/", 2 if in_year else 1)[-1] + "/"


def _row(issue: Issue, state: Frozen | None, paths: Outputs, in_year: bool = False) -> Row:
    """`in_year`: links relative to the year's folder (its page), else to the series folder."""
    rel = _in_year(issue, in_year)
    links = _links(issue.slug, issue.file_stem, paths, rel)
    status = "草稿" if issue.status != "published" else "已印发" if state is None else "已存档"
    row = Row(issue, links, status)
    if issue.correction:
        row.correction = f"更正（{issue.correction.date.isoformat()}）：{issue.correction.reason}"
        if state and state.pending:
            row.status = "更正待存档"
        elif state:
            row.status = "已更正·已存档"
    if state:
        for version in state.earlier:
            folder = f"{issue.slug}/v{version['version']}"
            label = "原版" if version["version"] == 1 else f"第{version['version']}版"
            later = (state.versions + ({"correction": {"reason": issue.correction.reason,
                                                       "date": issue.correction.date.isoformat()}},)
                     if state.pending and issue.correction else state.versions)
            replaced_by = later[version["version"]] if version["version"] < len(later) else None
            reason = (replaced_by or {}).get("correction") or {}
            row.versions.append({
                "label": label, "date": version["date"], "reason": reason.get("reason", ""),
                "corrected": reason.get("date", ""),
                "links": _links(folder, issue.file_stem, paths, f"{rel}v{version['version']}/"),
            })
    return row


def _by_year(rows: Sequence[Row]) -> list[tuple[int, list[Row]]]:
    years: dict[int, list[Row]] = {}
    for row in sorted(rows, key=lambda r: issue_order(r.issue), reverse=True):
        years.setdefault(row.issue.year, []).append(row)
    return sorted(years.items(), reverse=True)


def _page(template: str, *, title: str, root: str, script: bool = False, **context) -> bytes:
    return render_template(template, title=title, root=root, script=script, **context).encode("utf-8")


def _href(issue: Issue) -> str:
    return issue.slug.split("/", 1)[1] + "/index.html"


def _pivot(history) -> list[dict]:
    """Table figures read best as tables again: one per issue, rows by columns."""
    out: dict[str, dict] = {}
    for v in history.values:
        if not v.row:
            continue
        table = out.setdefault(v.issue.slug, {"issue": v.issue, "href": _href(v.issue), "columns": [], "rows": {}})
        if v.column not in table["columns"]:
            table["columns"].append(v.column)
        table["rows"].setdefault(v.row, []).append(display(v.value, history.unit))
    return list(out.values())


def _series_pages(series: Series, issues: Sequence[Issue], states: Mapping[str, Frozen], paths: Outputs,
                  chart_cache: Path | None, memo: PageMemo) -> list[Artifact]:
    """The series' year pages, its figures pages and its feed, each group rendered when what it shows changed."""
    # The figures pages show each issue's figures and how the issue is named, not its text: a text
    # change leaves them (a model without sets has a repr that does not vary between runs).
    group = f"archive:{series.id}:figures"
    key = digest_of({i.slug: f"{i.number_label}\0{i.date}\0{i.figures_digest}" for i in issues} | {"": repr(series)})
    if memo.reuse(group, key):
        out, figures = [], bool(memo.meta(group, "figures"))
    else:
        found = histories(issues)
        out, figures = _figures_pages(series, found, chart_cache), bool(found)
        memo.made(group, key, out, figures=figures, charts=_trend_keys(series, found))
    # The chart cache keeps the trend charts of the figures pages (pipeline.build prunes the rest).
    memo.charts.update(memo.meta(group, "charts", []))
    out += _year_pages(series, issues, states, paths, figures, memo)
    fed = feed_issues(series, issues)
    out += memo.group(f"archive:{series.id}:feed", digest(keys_of(memo, fed, states)),
                      lambda: [Artifact(f"{series.id}/{FEED_NAME}", render_feed(series, fed))])
    return out


def _trend_keys(series: Series, found: Sequence) -> list[str]:
    from jianbao.charts.draw import chart_keys

    carriers = (trend_carrier(series, history) for history in found)
    return sorted({key for carrier in carriers if carrier is not None for key in chart_keys(carrier)})


def _figures_pages(series: Series, found: Sequence, chart_cache: Path | None) -> list[Artifact]:
    figures, out = [], []
    for history in found:
        chart = trend_chart(series, history, chart_cache)
        svg = f"figures/{history.slug}.svg" if chart else ""  # slug: two indicators may share an id
        if chart:
            out.append(Artifact(f"{series.id}/{svg}", clean_svg_file(chart.svg, 1)))
        figures.append({"h": history, "svg": svg, "alt": chart.alt if chart else "",
                        "rows": [{"v": v, "text": display(v.value, history.unit), "href": _href(v.issue)}
                                 for v in history.values if not v.row],
                        "tables": _pivot(history)})
    return [*out,
            Artifact(f"{series.id}/figures.html", _page(
                "archive_figures.html.j2", title=f"{series.title} 数字汇总", root="../", series=series,
                figures=figures)),
            Artifact(f"{series.id}/figures.csv", figures_csv(found))]


def _year_pages(series: Series, issues: Sequence[Issue], states: Mapping[str, Frozen], paths: Outputs,
                figures: bool, memo: PageMemo) -> list[Artifact]:
    """The series page (its years, and the newest year's issues) and one page per year.

    A series of decades on one page grew without end (issue 21); by year, each page stays a few
    dozen rows, and a rebuild's changed issue changes its own year's page.
    """
    folders: dict[str, list[Issue]] = {}
    for issue in issues:  # the year folder of its slug, <series>/<year>/<nn>, where its page lies
        folders.setdefault(issue.slug.split("/")[1], []).append(issue)
    index = [{"folder": folder, "count": len(items), "label": f"{min(i.year for i in items)}年"}
             for folder, items in sorted(folders.items(), reverse=True)]
    out = []
    newest = index[0]["folder"] if index else ""
    shared = digest(index, len(issues), figures)  # what every year page of the series shows
    for folder, items in sorted(folders.items()):
        # What a row shows beyond the issue itself: its links (which outputs exist) and its state.
        # Rows are made only for a page rendered: most years of a large archive are kept as they are.
        key = digest(shared, folder == newest,
                     [(memo.issue_key(i, states.get(i.slug)), _links(i.slug, i.file_stem, paths, _in_year(i)))
                      for i in items])

        def pages(folder: str = folder, items: list[Issue] = items) -> list[Artifact]:
            rows = [_row(i, states.get(i.slug), paths, True) for i in items]  # links relative to the year's page
            out = [Artifact(f"{series.id}/{folder}/index.html", _page(
                "archive_series.html.j2", title=f"{series.title} {index_label(index, folder)} 存档", root="../../",
                series=series, years=_by_year(rows), count=len(issues), figures=figures, year_index=index,
                up="../", here=folder))]
            if folder == newest:  # the series page shows the newest year in full, linked from the series folder
                out.append(Artifact(f"{series.id}/index.html", _page(
                    "archive_series.html.j2", title=f"{series.title} 存档", root="../", series=series,
                    years=_by_year([_row(i, states.get(i.slug), paths) for i in items]), count=len(issues),
                    figures=figures, year_index=index, up="", here="")))
            return out

        out += memo.group(f"archive:{series.id}/{folder}", key, pages)
    if not index:
        out.append(Artifact(f"{series.id}/index.html", _page(
            "archive_series.html.j2", title=f"{series.title} 存档", root="../", series=series, years=[],
            count=0, figures=figures, year_index=[], up="", here="")))
    return out


def index_label(index: list[dict], folder: str) -> str:
    return next((y["label"] for y in index if y["folder"] == folder), folder)


def _search_shards(issues: Sequence[Issue], states: Mapping[str, Frozen],
                   memo: PageMemo) -> tuple[list[Artifact], list[str]]:
    """The search shards (rendered where their issues changed) and every shard's path."""
    out, names = [], []
    for path, items in by_shard(issues).items():
        names.append(path)
        out += memo.group(f"archive:search:{path}", digest(keys_of(memo, items, states)),
                          lambda path=path, items=items: [Artifact(path, shard(archive_entries(items)))])
    return out, names


def _database(issues: Sequence[Issue], states: Mapping[str, Frozen], memo: PageMemo) -> list[Output]:
    """search.sqlite: the last one changed where it lies with the issues that changed, or built
    whole in a temp file of the build (not in memory: 35 MB at 3,000 issues, held twice to
    serialize it) and renamed over it."""
    group = "archive:database"
    current = dict(zip((i.slug for i in issues), keys_of(memo, issues, states), strict=True))
    key = digest_of(current)
    if memo.reuse(group, key):
        return []
    if memo.out is None:
        return memo.made(group, key, [Artifact(SEARCH_DATABASE, build_database(issues))], issues=current)
    previous = memo.previous(group, "issues")
    whole = settle(memo.out / SEARCH_DATABASE)  # first: a killed change's journal is rolled back, or removed
    if isinstance(previous, dict) and whole:
        changed = [i for i in issues if previous.get(i.slug) != current[i.slug]]
        removed = {*previous} - {*current} | {i.slug for i in changed}

        def apply(target: Path) -> None:
            if update_database(target, changed, removed, in_place=True) is None:
                whole = stage_file(memo.out, SEARCH_DATABASE, lambda temp: build_database(issues, temp))
                os.replace(whole.temp, target)  # not a database after all: made whole instead

        return memo.made(group, key, [InPlace(SEARCH_DATABASE, apply)], issues=current)
    return memo.made(group, key, [stage_file(memo.out, SEARCH_DATABASE, lambda temp: build_database(issues, temp))],
                     issues=current)


def archive_site(issues: Sequence[Issue], states: Mapping[str, Frozen], paths: set[str],
                 chart_cache: Path | None, memo: PageMemo | None = None) -> list[Artifact]:
    """The archive artifacts of a full build to write, paths relative to build/ (`paths`: the build's
    outputs); with a `memo`, pages whose content is unchanged stay as they are (memo.reused)."""
    memo = memo or PageMemo(None, {})
    out = []
    summary = []
    outputs = Outputs(paths)
    for items in by_series(issues).values():
        series = items[0].series
        out += _series_pages(series, items, states, outputs, chart_cache, memo)
        newest = sorted(items, key=issue_order, reverse=True)
        summary.append({"series": series, "count": len(items), "latest": newest[:3],
                        "years": sorted({i.year for i in items}, reverse=True)})
    shards, names = _search_shards(issues, states, memo)
    out += shards
    articles = sum(i.article_count for i in issues)
    home = digest([(s["series"].id, s["count"], s["years"], keys_of(memo, s["latest"], states)) for s in summary],
                  names, articles)
    out += memo.group("archive:home", home, lambda: [Artifact("index.html", _page(
        "archive_index.html.j2", title="简报存档", root="", script=True, summary=summary,
        shards_json=json_in_script(json.dumps(names, ensure_ascii=False)), article_count=articles))])
    out += _database(issues, states, memo)
    out += [Artifact(name, (TEMPLATES_DIR / name).read_bytes()) for name in ASSETS]
    return out
