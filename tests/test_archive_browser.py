"""The archive pages in Chromium: the offline search box works under its CSP, phones fit, axe is content."""

from __future__ import annotations

from pathlib import Path

import pytest

from jianbao.pipeline.build import build

from project_helpers import copy_samples

pytestmark = pytest.mark.browser


AXE = Path(__file__).parent / ".axe" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_samples(tmp_path_factory.mktemp("archive"))
    gaibo = project.bulletins_dir / "gaibo/2017/07.yaml"  # published: the public site has it
    correction = "status: published\ncorrection: {reason: 第一段的数据来源漏印了统计口径说明, date: 2017-10-13}"
    gaibo.write_text(gaibo.read_text(encoding="utf-8").replace("status: draft", correction), encoding="utf-8")
    build(project)
    return project.out


def open_page(browser, path: Path, width=1280, **context):
    ctx = browser.new_context(viewport={"width": width, "height": 900}, **context)
    page = ctx.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"requestfailed: {r.url}"))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return ctx, page, problems


def test_search_box_finds_chinese_substrings_offline(browser, site):
    ctx, page, problems = open_page(browser, site / "index.html")
    try:
        page.fill("#q", "竣工率")
        page.wait_for_selector("#results .hit")
        hits = page.eval_on_selector_all("#results .hit", "hs => hs.map(h => [h.querySelector('a').textContent,"
                                         " h.querySelector('a').getAttribute('href'), h.querySelector('mark').textContent])")
        # Ranked by occurrences: issue 7 says it three times, issue 8 twice.
        assert [h[1] for h in hits] == ["gaibo/2017/07/index.html", "gaibo/2017/08/index.html"]
        assert all(h[2] == "竣工率" for h in hits)
        page.fill("#q", "约谈进度")  # only an internal article says it: the office's archive finds it, marked
        page.wait_for_selector("#results .hit")
        assert "［内部］" in page.text_content("#results .hit .meta")
        page.fill("#q", "<img src=x onerror=alert(1)>")
        assert page.eval_on_selector_all("#results img", "e => e.length") == 0
        assert problems == []
    finally:
        ctx.close()


def hits_of(page, query):
    page.fill("#q", query)
    page.wait_for_selector("#results p")
    return page.eval_on_selector_all("#results .hit", """hs => hs.map(h => ({
        href: h.querySelector('a').getAttribute('href'), meta: h.querySelector('.meta').textContent,
        marks: Array.from(h.querySelectorAll('mark')).map(m => m.textContent),
        snippet: h.querySelector('p:last-child').textContent}))""")


def test_search_box_finds_issues_by_number_and_corrections_marking_every_word(browser, site):
    ctx, page, problems = open_page(browser, site / "index.html")
    try:
        seventh = hits_of(page, "2017年第7期")
        assert {h["href"] for h in seventh} == {"gaibo/2017/07/index.html"} and len(seventh) == 2
        assert all("2017年第7期" in h["marks"] for h in seventh)
        assert [h["meta"].split(" · ")[0] for h in hits_of(page, "总第43期")] == ["教育督导简报 2017年第3期（总第43期）"]
        assert [h["href"] for h in hits_of(page, "增刊第1期")] == ["dudao/2017/zk01/index.html"]
        assert hits_of(page, "第1期") == []  # neither 增刊第1期 nor a 第11期
        both = hits_of(page, "竣工率 约谈")  # far apart in the text: each marked in its own piece
        assert both and all({"竣工率", "约谈"} <= set(h["marks"]) for h in both)
        assert all("\n" not in h["snippet"] for h in both)
        corrected = hits_of(page, "统计口径")
        assert [h["href"] for h in corrected] == ["gaibo/2017/07/index.html"]
        assert corrected[0]["snippet"].startswith("更正（2017年10月13日）：") and "统计口径" in corrected[0]["marks"]
        assert problems == []
    finally:
        ctx.close()


def test_the_public_sites_search_finds_public_articles_only(browser, site):
    ctx, page, problems = open_page(browser, site / "public" / "index.html")
    try:
        page.fill("#q", "竣工率")
        page.wait_for_selector("#results .hit")
        hrefs = page.eval_on_selector_all("#results .hit a", "as => as.map(a => a.getAttribute('href'))")
        assert hrefs == ["gaibo/2017/07/index.html#article-1"]  # 8 is a draft
        page.fill("#q", "约谈进度")
        page.wait_for_selector("#results p")
        assert "没有找到" in page.text_content("#results")
        assert hits_of(page, "统计口径") == []  # the correction's reason is the office's own
        assert problems == []
    finally:
        ctx.close()


def test_a_planted_inline_script_is_blocked(browser, site, tmp_path):
    planted = tmp_path / "index.html"
    html = (site / "index.html").read_text(encoding="utf-8")
    planted.write_text(html.replace("</main>", "<script>document.title='pwned'</script></main>"),
                       encoding="utf-8")
    for name in ("archive.js", "archive.css"):
        (tmp_path / name).write_bytes((site / name).read_bytes())
    ctx, page, problems = open_page(browser, planted)
    try:
        assert page.title() == "简报存档"
        assert any("Content Security Policy" in p for p in problems)
    finally:
        ctx.close()


@pytest.mark.parametrize("page_name", ["index.html", "gaibo/index.html", "gaibo/figures.html", "dudao/index.html"])
def test_pages_fit_a_phone_and_pass_axe(browser, site, page_name):
    ctx, page, problems = open_page(browser, site / page_name, width=375, bypass_csp=AXE.exists())
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert problems == []
        if AXE.exists():
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
            assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
    finally:
        ctx.close()


def test_the_search_data_loads_on_the_first_search_and_a_missing_shard_is_said(browser, site, tmp_path):
    import shutil

    ctx, page, problems = open_page(browser, site / "index.html")
    try:
        assert page.evaluate("typeof window.jianbaoSearch") == "undefined"  # nothing loaded with the page
        assert hits_of(page, "督导")
        assert problems == []
    finally:
        ctx.close()
    copy = tmp_path / "copied"
    shutil.copytree(site, copy)
    (copy / "search/dudao/2017.js").unlink()  # an archive copied without all of search/
    ctx, page, problems = open_page(browser, copy / "index.html")
    try:
        page.fill("#q", "督导")
        page.wait_for_function("document.querySelector('#results').textContent.includes('检索数据未能全部载入')")
        assert page.locator("#results .hit").count() == 0
    finally:
        ctx.close()
