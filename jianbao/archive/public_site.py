"""The public site, build/public/: the public articles of published issues only, with its own index,
series pages, search index, Atom feeds and sitemap; the folder an archivist uploads as it is."""

from __future__ import annotations

import datetime
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from jianbao.archive.feed import FEED_NAME, render_feed
from jianbao.archive.freeze import Frozen
from jianbao.archive.memo import PageMemo, digest, keys_of
from jianbao.archive.public_pages import SITE_NAME, IssuePage, issue_pages, page_paths
from jianbao.archive.search import by_shard, public_site_entries, shard
from jianbao.archive.site import ASSETS
from jianbao.archive.versions import public_corrections
from jianbao.assets import TEMPLATES_DIR
from jianbao.errors import LeakError
from jianbao.escape import json_in_script
from jianbao.leak import fragments_of, leaks
from jianbao.model import Issue, Site
from jianbao.project import PUBLIC_DIR, SITE_FILE
from jianbao.public import is_released, public_view, released_issues
from jianbao.reader.numbering import by_series, issue_order
from jianbao.render.html.bulletin import render_template
from jianbao.write import Artifact

SITEMAP = "sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NO_SITE_URL = (f"公开网站（build/{PUBLIC_DIR}/）未设置网址：页面和订阅源中的链接为相对地址，也没有生成 {SITEMAP}。"
               f"上传前请在 {SITE_FILE.as_posix()} 中写明 site_url（公开网站的网址，如 https://www.example.gov.cn/jianbao/）")


def _sitemap(site_url: str, pages: Sequence[tuple[str, datetime.date | None]]) -> bytes:
    """sitemaps.org XML: every public page by its absolute address, with the date it last changed."""
    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for path, day in pages:
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = site_url + path
        if day is not None:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = day.isoformat()
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                   xml_declaration=False) + b"\n"


def _meta(site: Site, path: str, title: str, text: str) -> dict[str, str]:
    return {"description": text, "og_title": title, "og_site_name": SITE_NAME,
            "canonical": f"{site.url}{path}" if site.url else ""}


def _page(template: str, *, script: bool = False, **context) -> bytes:
    return render_template(template, script=script, site_name=SITE_NAME, **context).encode("utf-8")


def _by_year(pages: Sequence[IssuePage]) -> list[tuple[int, list[IssuePage]]]:
    years: dict[int, list[IssuePage]] = {}
    for page in sorted(pages, key=lambda p: issue_order(p.issue), reverse=True):
        years.setdefault(page.issue.year, []).append(page)
    return sorted(years.items(), reverse=True)


def public_site(root: Path, issues: Sequence[Issue], states: Mapping[str, Frozen], site: Site,
                chart_cache: Path | None, warn: Callable[[str], None] | None = None,
                memo: PageMemo | None = None) -> list[Artifact]:
    """Every file of the public site to write, paths under public/ (a full build replaces the folder).

    With a `memo`, an issue's pages whose key is unchanged stay as they are (memo.reused), and so
    do the shared pages while no released issue changed (_shared_files): each was leak-checked when
    it was written, against what still holds.
    """
    memo = memo or PageMemo(None, {})
    folder = f"{PUBLIC_DIR}/"
    released = released_issues(issues)
    pages = [IssuePage(i, public_view(i), tuple(public_corrections(root, states.get(i.slug)))) for i in released]
    out: list[Artifact] = []
    for page in pages:
        key = digest(memo.issue_key(page.issue, states.get(page.issue.slug)), site.url,
                     [(c.version, c.correction.date, c.correction.reason) for c in page.corrections])
        out += memo.group(f"public:{page.issue.slug}", key, lambda page=page: _checked(issues, page, site, chart_cache),
                          folder)
    out += _shared_files(issues, released, pages, states, site, memo)
    if pages and not site.url and warn:
        warn(NO_SITE_URL)
    return [Artifact(f"{PUBLIC_DIR}/{a.path}", a.data) for a in out]


def _shared_files(issues: Sequence[Issue], released: Sequence[Issue], pages: Sequence[IssuePage],
                  states: Mapping[str, Frozen], site: Site, memo: PageMemo) -> list[Artifact]:
    """The shared pages: made again when a released issue changed; else, when any other issue
    changed, the pages on disk are checked against that issue's internal text.

    They are checked against the internal text of every issue, drafts whole. Kept, they were
    checked against each unchanged issue's text already: a changed draft is all there is to check.
    """
    group, folder = "public:shared", f"{PUBLIC_DIR}/"
    current = dict(zip((i.slug for i in issues), keys_of(memo, issues, states), strict=True))
    key = digest([current[p.issue.slug] for p in pages], site.url)
    if not memo.reuse(group, key, folder):
        return memo.made(group, key, _shared(issues, released, pages, site), issues=current)
    previous = memo.meta(group, "issues") or {}
    changed = [i for i in issues if previous.get(i.slug) != current[i.slug]]
    if changed:
        found = leaks(memo.files(group, folder),
                      fragments_of(changed, _released_view, also_shown=[p.view for p in pages]))
        if found:
            raise LeakError("公开网站中出现了内部内容，已停止生成：\n  " + "\n  ".join(found))
        memo.note(group, issues=current)
    return []


def _checked(issues: Sequence[Issue], page: IssuePage, site: Site, chart_cache: Path | None) -> list[Artifact]:
    files = issue_pages(page, site, chart_cache)
    check_public_site(issues, files)
    return files


def _shared(issues: Sequence[Issue], released: Sequence[Issue], pages: Sequence[IssuePage],
            site: Site) -> list[Artifact]:
    """The index, series pages, feeds, search shards and sitemap, leak-checked."""
    out: list[Artifact] = []
    summary, listed = [], [("index.html", max((p.updated for p in pages), default=None))]
    for items in by_series(released).values():
        series = items[0].series
        mine = [p for p in pages if p.issue.series.id == series.id]
        newest = sorted(mine, key=lambda p: issue_order(p.issue), reverse=True)
        summary.append({"series": series, "count": len(mine), "latest": newest[:3],
                        "years": sorted({p.issue.year for p in mine}, reverse=True)})
        path = f"{series.id}/index.html"
        listed.append((path, newest[0].updated))
        meta = _meta(site, path, f"{series.title}（{series.issuer}）",
                     f"{series.issuer}印发的《{series.title}》公开文章，共 {len(mine)} 期。")
        corrections = {p.issue.slug: p.corrections[-1].correction for p in mine if p.corrections}
        out += [
            Artifact(f"{series.id}/index.html", _page(
                "public_series.html.j2", title=f"{series.title} · {SITE_NAME}", root="../", series=series,
                years=_by_year(mine), count=len(mine), meta=meta)),
            Artifact(f"{series.id}/{FEED_NAME}", render_feed(series, [p.issue for p in mine], site_url=site.url,
                                                             corrections=corrections)),
        ]
    notices = {p.issue.slug: [c.correction for c in p.corrections] for p in pages}
    count = 0
    shards = []
    for path, items in by_shard(released).items():
        entries = public_site_entries(items, notices)
        count += len(entries)
        shards.append(path)
        out.append(Artifact(path, shard(entries)))
    out += [
        Artifact("index.html", _page(
            "public_index.html.j2", title=SITE_NAME, root="", script=True, summary=summary,
            shards_json=json_in_script(json.dumps(shards, ensure_ascii=False)), article_count=count,
            meta=_meta(site, "", SITE_NAME, f"公开发布的简报文章，共 {count} 篇，可检索、可订阅。"))),
        *(Artifact(name, (TEMPLATES_DIR / name).read_bytes()) for name in ASSETS),
    ]
    if site.url:
        out.append(Artifact(SITEMAP, _sitemap(site.url, [*listed, *page_paths(pages)])))
    check_public_site(issues, out)
    return out


def _released_view(issue: Issue) -> Issue | None:
    return public_view(issue) if is_released(issue) else None  # a draft shows nothing


def check_public_site(issues: Sequence[Issue], files: Sequence[Artifact]) -> None:
    """The leak check over every file of the public site, before anything is written.

    An issue's own pages are held against its own internal text; the shared files (index, series
    pages, feeds, search index, sitemap) against that of every issue, drafts whole.
    """
    own = {i.slug: i for i in issues}
    by_issue: dict[str, list[Artifact]] = {}
    shared: list[Artifact] = []
    for f in files:  # an issue's pages lie under its slug, <series>/<year>/<nn>/
        slug = "/".join(f.path.split("/")[:3])
        (by_issue.setdefault(slug, []) if slug in own else shared).append(f)
    found: list[str] = []
    for slug, mine in by_issue.items():
        found += leaks(mine, fragments_of([own[slug]], _released_view))
    found += leaks(shared, fragments_of(issues, _released_view))
    if found:
        raise LeakError("公开网站中出现了内部内容，已停止生成：\n  " + "\n  ".join(found))
