"""The archive site of a full build: every issue listed with working links, numbering rules, figures."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jianbao.errors import InputError
from jianbao.pipeline.build import build, check, read_catalog
from jianbao.reader.numbering import gap_problems

from project_helpers import copy_samples, make_project, search_entries


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.srcs, self.csp, self.scripts = [], [], "", []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.hrefs.append(attrs["href"])
        if tag in ("img", "script", "link") and (attrs.get("src") or attrs.get("href")):
            self.srcs.append(attrs.get("src") or attrs.get("href"))
        if tag == "script":
            self.scripts.append(attrs)
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy":
            self.csp = attrs["content"]


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_samples(tmp_path_factory.mktemp("samples"))
    written = build(project)
    return project, written


def test_every_sample_issue_is_listed_with_its_numbers_and_links(built):
    project, _ = built
    catalog, _ = read_catalog(project)
    assert len(catalog.issues) == len(list((project.root / "bulletins").rglob("*.yaml"))) >= 4
    for issue in catalog.issues:
        page = project.out / issue.series.id / "index.html"
        html = page.read_text(encoding="utf-8")
        row = html[html.index(f'<tr id="{issue.file_stem}">'):]
        row = row[:row.index("</tr>")]
        assert issue.number_label in row and issue.date_label in row
        assert issue.headline in row
        assert (f"总第{issue.total}期" if not issue.supplement else "—") in row
        for suffix in ("index.html", f"{issue.file_stem}.docx", f"{issue.file_stem}.html"):
            assert f'href="{issue.slug.split("/", 1)[1]}/{suffix}"' in row
    index = (project.out / "index.html").read_text(encoding="utf-8")
    for series_id in catalog.series:
        assert f'href="{series_id}/index.html"' in index


def test_years_are_grouped_newest_first(tmp_path):
    text = "series: demo\nnumber: {n}\ndate: {d}\narticles:\n  - title: 标题{n}{d}\n"
    project = make_project(tmp_path, {
        "demo/2016/01.yaml": text.format(n=1, d="2016-03-01"),
        "demo/2017/01.yaml": text.format(n=1, d="2017-02-01"),
        "demo/2017/02.yaml": text.format(n=2, d="2017-05-01"),
    })
    build(project)
    html = (project.out / "demo" / "index.html").read_text(encoding="utf-8")
    order = [html.index(s) for s in ("2017/index.html", "2016/index.html", "2017年</h2>", "demo-2017-02", "demo-2017-01")]
    assert order == sorted(order) and "demo-2016-01" not in html  # the series page: its years, the newest in full
    year = (project.out / "demo" / "2016" / "index.html").read_text(encoding="utf-8")
    assert "demo-2016-01" in year and 'href="01/index.html"' in year and "demo-2017-01" not in year


def test_every_link_of_the_archive_pages_resolves(built):
    project, _ = built
    pages = [project.out / "index.html", *project.out.glob("*/index.html"), *project.out.glob("*/figures.html"),
             *project.out.glob("*/[0-9][0-9][0-9][0-9]/index.html")]
    assert len(pages) >= 5
    for page in pages:
        links = parse(page)
        text = page.read_text(encoding="utf-8")
        for href in links.hrefs + links.srcs:
            if href.startswith("#"):
                assert f'id="{href[1:]}"' in text, f"{page.name}: {href}"
            else:
                assert (page.parent / href).is_file(), f"{page.name}: {href}"


def test_urls_are_stable_and_a_second_build_writes_nothing(built):
    project, _ = built
    again = build(project)
    assert again == []
    for rel in ("index.html", "gaibo/index.html", "gaibo/figures.html", "gaibo/figures.csv",
                "gaibo/feed.xml", "dudao/feed.xml", "search/gaibo/2017.js", "search.sqlite"):
        assert (project.out / rel).is_file(), rel


def test_only_the_two_site_indexes_may_run_a_script_and_only_their_own_file(built):
    project, _ = built
    for home in (project.out / "index.html", project.public_dir / "index.html"):
        index = parse(home)
        assert "script-src 'self'" in index.csp and "unsafe-inline" not in index.csp
        assert [s.get("src") for s in index.scripts if s.get("type") != "application/json"] == ["archive.js"]
    for page in [*project.out.glob("*/index.html"), *project.out.glob("*/figures.html"),
                 *project.out.glob("*/*/*/index.html"), *project.public_dir.rglob("*/index.html")]:
        if page == project.public_dir / "index.html":
            continue
        assert "script-src" not in parse(page).csp, page
        assert "<script" not in page.read_text(encoding="utf-8"), page


def test_the_archive_search_index_is_the_offices_and_the_public_one_holds_no_draft(built):
    project, _ = built
    data = search_entries(project.out)
    marks = {e["t"]: e["k"] for e in data}
    assert marks["约谈进度滞后地区情况（内部）"] == "草稿·内部"  # internal article of gaibo 2017/07
    assert marks["全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显"] == "草稿"
    index = (project.out / "index.html").read_text(encoding="utf-8")
    assert "含草稿和内部文章" in index and "公开文章" not in index
    # Every sample is a draft: the public site has no article at all.
    assert search_entries(project.public_dir) == []
    assert sorted(p.relative_to(project.public_dir).as_posix() for p in project.public_dir.rglob("*")
                  if p.is_file()) == ["archive.css", "archive.js", "index.html"]


def test_a_build_of_selected_issues_writes_no_archive_pages(tmp_path):
    project = copy_samples(tmp_path)
    build(project, [project.root / "bulletins/dudao/2017/zk01.yaml"])
    assert not (project.out / "index.html").exists()
    assert (project.out / "dudao/2017/zk01/index.html").exists()


def test_figures_over_issues_as_csv_and_trend_chart(built):
    project, _ = built
    rows = list(csv.reader(io.StringIO((project.out / "gaibo/figures.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][:4] == ["数字", "名称", "单位", "期号"]
    funds = [r for r in rows if r[0] == "funds"]
    assert [(r[3], r[8]) for r in funds] == [("第7期", "162.72"), ("第8期", "181.30")]
    construction = {(r[3], r[5], r[8]) for r in rows if r[0] == "construction"}
    assert ("第8期", "2017-11", "86") in construction and ("第7期", "2017-04", "36") in construction
    svg = (project.out / "gaibo/figures/funds.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<script" not in svg
    page = (project.out / "gaibo/figures.html").read_text(encoding="utf-8")
    assert 'src="figures/funds.svg"' in page and "162.72亿元" in page and "181.30亿元" in page


# ---------------------------------------------------------------- numbering

ISSUE = "series: demo\nnumber: {n}\ndate: {d}\n{extra}articles:\n  - title: 第{n}期标题\n    body: 第{n}期各地工作进展顺利。\n"


def numbered(tmp_path, entries, series=None):
    files = {}
    for year, n, extra in entries:
        name = f"zk{n:02d}" if "supplement" in extra else f"{n:02d}"
        files[f"demo/{year}/{name}.yaml"] = ISSUE.format(n=n, d=f"{year}-0{min(n, 9)}-0{1 + (n // 10)}",
                                                          extra=extra)
    return make_project(tmp_path, files, series)


def messages(project):
    catalog, _ = read_catalog(project)
    return [str(p) for p in gap_problems(catalog.issues)]


def test_a_gap_is_reported_with_the_issue_after_it(tmp_path):
    project = numbered(tmp_path, [(2017, 1, ""), (2017, 2, ""), (2017, 5, "")])
    assert messages(project) == [
        "bulletins/demo/2017/05.yaml: number：应为连续的期号（2017年第1期起），实际为工作简报2017年缺少第3期、第4期"
        "（缺少的期号请补录；如确实跳号，请核对本期的 number）"]


def test_the_first_year_may_begin_late_but_later_years_restart_at_1(tmp_path):
    project = numbered(tmp_path, [(2016, 7, ""), (2016, 8, ""), (2017, 2, "")])
    found = messages(project)
    assert len(found) == 1 and "2017年缺少第1期" in found[0] and "bulletins/demo/2017/02.yaml" in found[0]


def test_supplements_have_their_own_sequence(tmp_path):
    project = numbered(tmp_path, [(2017, 1, ""), (2017, 2, ""), (2017, 1, "supplement: true\n"),
                                  (2017, 3, "supplement: true\n")])
    found = messages(project)
    assert len(found) == 1 and "缺少增刊第2期" in found[0]


def test_gaps_warn_by_default_and_fail_with_strict(tmp_path):
    project = numbered(tmp_path, [(2017, 1, ""), (2017, 3, "")])
    warnings = []
    assert len(check(project, warn=warnings.append)) == 2
    assert len(warnings) == 1 and "缺少第2期" in warnings[0]
    with pytest.raises(InputError) as exc:
        build(project, strict=True)
    assert "缺少第2期" in str(exc.value)
    assert not project.out.exists()


def test_duplicates_are_errors(tmp_path):
    project = make_project(tmp_path, {
        "demo/2017/01.yaml": ISSUE.format(n=1, d="2017-01-01", extra=""),
        "demo/2017/01b.yaml": ISSUE.format(n=1, d="2017-02-01", extra=""),
    })
    with pytest.raises(InputError) as exc:
        check(project)
    assert "第1期与 bulletins/demo/2017/01.yaml:2 重复" in str(exc.value)


def test_the_samples_have_no_numbering_gaps(built):
    project, _ = built
    assert messages(project) == []


def test_a_pdf_is_linked_when_the_build_made_one():
    from jianbao.archive.site import Outputs, _links

    paths = {"demo/2017/01/index.html", "demo/2017/01/demo-2017-01.docx", "demo/2017/01/demo-2017-01.pdf",
             "demo/2017/02/demo-2017-02.pdf", "demo/2017/01/v1/demo-2017-01.pdf"}
    assert _links("demo/2017/01", "demo-2017-01", Outputs(paths), "2017/01/") == [
        ("网页", "2017/01/index.html"), ("Word", "2017/01/demo-2017-01.docx"), ("PDF", "2017/01/demo-2017-01.pdf")]
    # an older PDF under another name is still linked; another folder's PDFs are not
    paths = {"demo/2017/01/index.html", "demo/2017/01/old-name.pdf", "demo/2017/02/demo-2017-01.pdf"}
    assert _links("demo/2017/01", "demo-2017-01", Outputs(paths), "2017/01/") == [
        ("网页", "2017/01/index.html"), ("PDF", "2017/01/old-name.pdf")]


def test_the_cli_warns_about_gaps_and_strict_makes_them_errors(tmp_path):
    import subprocess
    import sys

    from project_helpers import ROOT

    project = numbered(tmp_path, [(2017, 1, ""), (2017, 3, "")])
    def run(*a):
        return subprocess.run([sys.executable, str(ROOT / "build.py"), *a, "--root", str(project.root)],
                              capture_output=True, text=True)
    done = run("check")
    assert done.returncode == 0 and "警告：bulletins/demo/2017/03.yaml: number" in done.stderr
    strict = run("check", "--strict")
    assert strict.returncode == 1 and "工作简报2017年缺少第2期" in strict.stderr
    assert run("--strict").returncode == 1 and not (tmp_path / "build").exists()
