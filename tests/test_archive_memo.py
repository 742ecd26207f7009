"""Archive and public-site pages are rendered again only where what they show changed (issue 21)."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from jianbao.archive.memo import PageMemo
from jianbao.archive.search import build_database, open_database, update_database
from jianbao.errors import LeakError
from jianbao.pipeline.build import build, read_catalog
from jianbao.pipeline.render_issues import RenderOptions
from jianbao.project import PAGE_MEMO
from jianbao.write import Artifact

from project_helpers import make_project, search_entries

ISSUE = """\
series: demo
number: {n}
date: {year}-{month:02d}-10
{status}figures:
  rate: {{label: 竣工率, unit: "%", value: {value}}}
articles:
  - title: 第{n}期 {year}年工作进展
    release: public
    body: "{year}年第{n}期：各地工作进展顺利，竣工率{{{{ rate }}}}。"
"""
ONE_JOB = RenderOptions(jobs=1)


def archive(tmp_path, status: str = ""):
    files = {f"demo/{year}/{n:02d}.yaml": ISSUE.format(n=n, year=year, month=n, value=50 + n, status=status)
             for year in (2015, 2016, 2017) for n in (1, 2, 3)}
    project = make_project(tmp_path, files)
    build(project, options=ONE_JOB)
    return project


def relative(project, written):
    return sorted(p.relative_to(project.out).as_posix() for p in written)


def site_files(written):
    """What a build wrote beyond issue folders (<series>/<year>/<nn>/) and its own caches."""
    return [p for p in written if not p.startswith(".cache/") and not (p.count("/") >= 3 and p.split("/")[2].isdigit()
                                                                         and not p.startswith("public/"))]


def test_an_unchanged_rebuild_renders_no_page_at_all(tmp_path, monkeypatch):
    project = archive(tmp_path, status="status: published\n")

    def refuse(*args, **kwargs):
        raise AssertionError("an unchanged archive page was rendered again")

    monkeypatch.setattr("jianbao.archive.site._page", refuse)
    monkeypatch.setattr("jianbao.archive.public_site._page", refuse)
    monkeypatch.setattr("jianbao.archive.public_pages.render_html", refuse)
    monkeypatch.setattr("jianbao.archive.search.build_database", refuse)
    assert build(project, options=ONE_JOB) == []
    assert (project.public_dir / "demo/2016/02/index.html").is_file()  # kept, not removed as unlisted


def test_a_text_change_rewrites_its_year_its_shard_and_the_database_only(tmp_path):
    project = archive(tmp_path)
    source = project.root / "bulletins/demo/2015/02.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("进展顺利", "进展较快").replace("工作进展\n", "工作进展（修订）\n"), encoding="utf-8")
    written = relative(project, build(project, options=ONE_JOB))
    # Not the other years, the series page (it shows 2017 in full), the figures pages nor the home page.
    assert site_files(written) == ["demo/2015/index.html", "search.sqlite", "search/demo/2015.js"]
    assert any(e["x"].startswith("2015年第2期：各地工作进展较快") for e in search_entries(project.out))


def test_a_figure_change_rewrites_the_figures_pages_too(tmp_path):
    project = archive(tmp_path)
    source = project.root / "bulletins/demo/2016/03.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("value: 53", "value: 93"), encoding="utf-8")
    written = site_files(relative(project, build(project, options=ONE_JOB)))
    assert {"demo/figures.html", "demo/figures.csv", "search/demo/2016.js"} <= set(written)
    assert "93" in (project.out / "demo/figures.csv").read_text(encoding="utf-8")


def test_a_page_deleted_or_cut_short_by_hand_is_made_again(tmp_path):
    project = archive(tmp_path)
    year = project.out / "demo/2016/index.html"
    whole = year.read_bytes()
    year.unlink()
    (project.out / "search/demo/2017.js").write_bytes(b"cut")
    written = relative(project, build(project, options=ONE_JOB))
    assert site_files(written) == ["demo/2016/index.html", "search/demo/2017.js"]
    assert year.read_bytes() == whole


def test_the_code_changing_renders_every_page_again(tmp_path, monkeypatch):
    project = archive(tmp_path)
    monkeypatch.setattr("jianbao.archive.memo.code_fingerprint", lambda: "another version")
    rendered = []
    real = PageMemo.made
    monkeypatch.setattr(PageMemo, "made", lambda self, group, *a, **k: rendered.append(group) or real(self, group, *a, **k))
    build(project, options=ONE_JOB)
    assert {"archive:home", "archive:demo/2015", "archive:demo:figures", "archive:database"} <= set(rendered)


def test_a_published_issue_changed_renders_its_public_pages_and_the_shared_ones(tmp_path, monkeypatch):
    project = archive(tmp_path, status="status: published\n")
    source = project.root / "bulletins/demo/2016/01.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("进展顺利", "进展较快"), encoding="utf-8")
    written = relative(project, build(project, options=ONE_JOB))
    public = [p for p in written if p.startswith("public/demo/20")]
    assert public and all(p.startswith(("public/demo/2016/01/", "public/search/demo/2016.js")) for p in public)
    assert "进展较快" in (project.public_dir / "demo/2016/01/index.html").read_text(encoding="utf-8")
    assert any("进展较快" in e["x"] for e in search_entries(project.public_dir))


def test_the_memo_written_before_the_outputs_forgets_the_groups_being_rewritten(tmp_path):
    (tmp_path / ".cache").mkdir()
    page = Artifact("demo/2016/index.html", b"old page")
    steady = Artifact("demo/2015/index.html", b"steady")
    for art in (page, steady):
        (tmp_path / art.path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / art.path).write_bytes(art.data)
    first = PageMemo(tmp_path, {})
    first.made("a", "1", [page])
    first.made("b", "1", [steady])
    (tmp_path / PAGE_MEMO).write_bytes(first.artifacts()[1].data)
    second = PageMemo(tmp_path, {})
    assert second.reuse("b", "1") and not second.reuse("a", "2")
    second.made("a", "2", [Artifact(page.path, b"new page")])
    before, after = second.artifacts()
    # Killed after "a"'s new files were written in part, the next build must not take them for "a"@1 or @2.
    assert set(json.loads(before.data)["groups"]) == {"b"}
    assert set(json.loads(after.data)["groups"]) == {"a", "b"}


@pytest.fixture
def issues(tmp_path):
    project = archive(tmp_path)
    return read_catalog(project)[0].issues


def rows(data: bytes) -> list:
    db = open_database(data)
    found = db.execute("SELECT * FROM articles ORDER BY url, position").fetchall()
    db.close()
    return found


def test_an_updated_database_holds_what_one_built_whole_holds(issues):
    old = build_database(issues)
    changed = dataclasses.replace(issues[4], articles=(dataclasses.replace(issues[4].articles[0], title="新标题"),))
    now = [changed if i is issues[4] else i for i in issues if i is not issues[7]]
    updated = update_database(old, [changed], {changed.slug, issues[7].slug})
    assert rows(updated) == rows(build_database(now))
    assert update_database(b"not a database", [], set()) is None


@pytest.mark.parametrize("title, outcome", [
    ("测试办公室印发的《工作简报》公开文章", "leak"),  # on the series page, and public nowhere
    ("第1期 2016年工作进展", "built"),  # public already: the title of a published issue's article
])
def test_a_draft_changed_is_checked_against_the_shared_public_pages_kept(tmp_path, title, outcome):
    # The shared pages are checked against every issue's internal text: kept as they are, they
    # are still checked against a draft that changed, with the outcome a whole build has.
    project = archive(tmp_path, status="status: published\n")
    draft = project.root / "bulletins/demo/2018/01.yaml"
    draft.parent.mkdir(parents=True)
    text = ISSUE.format(n=1, year=2018, month=1, value=60, status="").replace(
        "    release: public\n", "    release: internal\n").replace("第1期 2018年工作进展", title)
    draft.write_text(text, encoding="utf-8")
    outcomes = []
    for whole in (False, True):
        if whole:
            shutil.rmtree(project.out)
        try:
            build(project, options=ONE_JOB)
            outcomes.append("built")
        except LeakError as exc:
            outcomes.append("leak" if title in str(exc) else str(exc))
    assert outcomes == [outcome, outcome]
