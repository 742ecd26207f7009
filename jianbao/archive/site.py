"""The archive site: build/index.html with offline search, a page per series, figures pages, CSV and feeds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jianbao.archive.feed import FEED_NAME, render_feed
from jianbao.archive.figures import display, figures_csv, histories, trend_chart
from jianbao.archive.freeze import Frozen
from jianbao.archive.search import archive_index, build_database
from jianbao.assets import TEMPLATES_DIR
from jianbao.escape import json_in_script
from jianbao.model import Issue, Series
from jianbao.project import SEARCH_DATABASE
from jianbao.reader.numbering import by_series, issue_order
from jianbao.render.html.bulletin import render_template
from jianbao.render.html.svg import clean_svg_file
from jianbao.write import Artifact

ASSETS = ("archive.css", "archive.js")
INDEX_JSON = "search-index.json"


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
        for path in sorted(paths):
            folder, _, name = path.rpartition("/")
            if name.endswith(".pdf"):
                self.pdfs.setdefault(folder, []).append(name)

    def __contains__(self, path: str) -> bool:
        return path in self.paths


def _links(folder: str, stem: str, paths: Outputs, prefix: str) -> list[tuple[str, str]]:
    """Every output that exists, in a fixed order: 网页, 单文件网页, Word, PDF, 新闻稿."""
    pdfs = paths.pdfs.get(folder, [])
    wanted = [("网页", "index.html"), ("单文件网页", f"{stem}.html"), ("Word", f"{stem}.docx"),
              ("PDF", f"{stem}.pdf" if f"{stem}.pdf" in pdfs else (pdfs or [""])[0]),
              ("新闻稿", f"press/{stem}.md")]
    return [(label, f"{prefix}{name}") for label, name in wanted if name and f"{folder}/{name}" in paths]


def _row(issue: Issue, state: Frozen | None, paths: Outputs, in_year: bool = False) -> Row:
    """`in_year`: links relative to the year's folder (its page), else to the series folder."""
    rel = issue.slug.split("/", 2 if in_year else 1)[-1] + "/"
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
                  chart_cache: Path | None) -> list[Artifact]:
    found = histories(issues)
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
    out += _year_pages(series, issues, states, paths, bool(found))
    out += [
        Artifact(f"{series.id}/figures.html", _page(
            "archive_figures.html.j2", title=f"{series.title} 数字汇总", root="../", series=series,
            figures=figures)),
        Artifact(f"{series.id}/figures.csv", figures_csv(found)),
        Artifact(f"{series.id}/{FEED_NAME}", render_feed(series, issues)),
    ]
    return out


def _year_pages(series: Series, issues: Sequence[Issue], states: Mapping[str, Frozen], paths: Outputs,
                figures: bool) -> list[Artifact]:
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
    for folder, items in sorted(folders.items()):
        for in_year in (True, False) if folder == newest else (True,):
            rows = [_row(i, states.get(i.slug), paths, in_year) for i in items]
            page = f"{series.id}/{folder}/index.html" if in_year else f"{series.id}/index.html"
            title = f"{series.title} {index_label(index, folder)} 存档" if in_year else f"{series.title} 存档"
            out.append(Artifact(page, _page(
                "archive_series.html.j2", title=title, root="../../" if in_year else "../", series=series,
                years=_by_year(rows), count=len(issues), figures=figures, year_index=index,
                up="../" if in_year else "", here=folder if in_year else "")))
    if not index:
        out.append(Artifact(f"{series.id}/index.html", _page(
            "archive_series.html.j2", title=f"{series.title} 存档", root="../", series=series, years=[],
            count=0, figures=figures, year_index=[], up="", here="")))
    return out


def index_label(index: list[dict], folder: str) -> str:
    return next((y["label"] for y in index if y["folder"] == folder), folder)


def archive_site(issues: Sequence[Issue], states: Mapping[str, Frozen], paths: set[str],
                 chart_cache: Path | None) -> list[Artifact]:
    """Every archive artifact of a full build, paths relative to build/ (`paths`: the build's outputs)."""
    out = []
    summary = []
    outputs = Outputs(paths)
    for items in by_series(issues).values():
        series = items[0].series
        out += _series_pages(series, items, states, outputs, chart_cache)
        newest = sorted(items, key=issue_order, reverse=True)
        summary.append({"series": series, "count": len(items), "latest": newest[:3],
                        "years": sorted({i.year for i in items}, reverse=True)})
    index = archive_index(issues)
    out += [
        Artifact("index.html", _page("archive_index.html.j2", title="简报存档", root="", script=True,
                                     summary=summary, index_json=json_in_script(index.decode("utf-8")),
                                     article_count=index.count(b'"u":'))),
        Artifact(INDEX_JSON, index),
        Artifact(SEARCH_DATABASE, build_database(issues)),
    ]
    out += [Artifact(name, (TEMPLATES_DIR / name).read_bytes()) for name in ASSETS]
    return out
