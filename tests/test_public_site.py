"""The public site (build/public/): published issues' public articles only, absolute with site_url,
og: tags, 更正 notices linking the original, and a folder each full build makes whole."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_archive_freeze import FILE, cli
from test_search import article

from jianbao.archive.public_pages import description
from jianbao.errors import InputError
from jianbao.model import Site
from jianbao.pipeline.build import build, read_catalog
from jianbao.pipeline.render_issues import RenderOptions

from model_fixtures import demo_issue
from project_helpers import copy_samples, make_project, search_entries

CANARIES = ["CANARY-TITLE-91c", "CANARY-NOTE-91c", "CANARY-BODY-91c", "CANARY-FIGURE-91c", "CANARY-DRAFT-91c",
            "金丝雀内部标题"]
ATOM = {"a": "http://www.w3.org/2005/Atom"}
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
URL = "https://www.example.gov.cn/jianbao/"


def edit(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def set_site_url(project, url: str = URL) -> None:
    (project.root / "content" / "site.yaml").write_text(f"site_url: {url}\n", encoding="utf-8")


@pytest.fixture
def samples(tmp_path):
    """The samples with gaibo 7 and 8 published (7 keeps its internal article, canaries planted in it)
    and dudao 3 a draft with a canary in its public article."""
    project = copy_samples(tmp_path)
    gaibo = project.bulletins_dir / "gaibo/2017"
    for name in ("07.yaml", "08.yaml"):
        edit(gaibo / name, ("status: draft", "status: published"))
    edit(gaibo / "07.yaml",
         ("约谈进度滞后地区情况（内部）", "约谈进度滞后地区情况CANARY-TITLE-91c金丝雀内部标题"),
         ("本文涉及约谈对象，仅供内部参阅", "本文涉及约谈对象CANARY-NOTE-91c，仅供内部参阅"),
         ("9月26日，自治区对", "9月26日CANARY-BODY-91c，自治区对"),
         ("    label: 专项督导覆盖", "    label: CANARY-FIGURE-91c专项督导覆盖"))
    edit(project.bulletins_dir / "dudao/2017/03.yaml",
         ("  - title: 农村义务教育经费保障机制专项督导情况", "  - title: 农村义务教育经费保障机制CANARY-DRAFT-91c"))
    return project


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_public_site_holds_only_published_public_articles(samples):
    warnings = []
    build(samples, options=RenderOptions(jobs=1), warn=warnings.append)
    public = files(samples.public_dir)
    pages = sorted(p for p in public if p.endswith("index.html"))
    assert pages == ["gaibo/2017/07/index.html", "gaibo/2017/08/index.html", "gaibo/index.html", "index.html"]
    assert {"gaibo/feed.xml", "search/gaibo/2017.js", "gaibo/2017/07/fig-1.png"} <= set(public)
    for path, data in public.items():  # every byte: HTML, JSON, XML, SVG, PNG, CSS, JS
        for canary in CANARIES:
            assert canary.encode("utf-8") not in data, (canary, path)
        assert "内部资料".encode() not in data and "约谈进度滞后地区情况".encode() not in data, path
    # The office's own archive still has everything.
    internal = (samples.out / "gaibo/2017/07/index.html").read_text(encoding="utf-8")
    assert all(c in internal for c in CANARIES[:3])
    assert "CANARY-DRAFT-91c" in (samples.out / "dudao/index.html").read_text(encoding="utf-8")
    assert "CANARY-DRAFT-91c" in (samples.out / "search/dudao/2017.js").read_text(encoding="utf-8")
    # The public index links public pages only, and without site_url the build says what is missing.
    index = search_entries(samples.public_dir)
    assert {e["u"] for e in index} == {"gaibo/2017/07/index.html#article-1", "gaibo/2017/08/index.html#article-1",
                                       "gaibo/2017/08/index.html#article-2"}
    assert all((samples.public_dir / e["u"].split("#")[0]).is_file() for e in index)
    assert "sitemap.xml" not in public
    assert any("site_url" in w and "sitemap.xml" in w for w in warnings)


def test_site_url_makes_the_feed_the_sitemap_and_the_pages_absolute(samples):
    set_site_url(samples)
    warnings = []
    build(samples, options=RenderOptions(jobs=1), warn=warnings.append)
    assert not any("site_url" in w for w in warnings)
    feed = ET.parse(samples.public_dir / "gaibo/feed.xml").getroot()
    assert feed.find("a:id", ATOM).text == "tag:www.example.gov.cn,2017:jianbao/gaibo"
    assert feed.find("a:link[@rel='self']", ATOM).get("href") == URL + "gaibo/feed.xml"
    entries = feed.findall("a:entry", ATOM)
    assert [e.find("a:id", ATOM).text for e in entries] == ["tag:www.example.gov.cn,2017:jianbao/gaibo/2017/08/1",
                                                            "tag:www.example.gov.cn,2017:jianbao/gaibo/2017/08/2",
                                                            "tag:www.example.gov.cn,2017:jianbao/gaibo/2017/07/1"]
    assert [e.find("a:link", ATOM).get("href") for e in entries] == [URL + "gaibo/2017/08/index.html#article-1",
                                                                     URL + "gaibo/2017/08/index.html#article-2",
                                                                     URL + "gaibo/2017/07/index.html#article-1"]
    sitemap = ET.parse(samples.public_dir / "sitemap.xml").getroot()
    locs = [u.find("s:loc", SITEMAP).text for u in sitemap.findall("s:url", SITEMAP)]
    assert sorted(locs) == sorted(URL + p for p in ("index.html", "gaibo/index.html", "gaibo/2017/07/index.html",
                                                    "gaibo/2017/08/index.html"))
    page = (samples.public_dir / "gaibo/2017/07/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{URL}gaibo/2017/07/index.html">' in page
    assert f'<meta property="og:image" content="{URL}gaibo/2017/07/fig-1.png">' in page


def meta(page: str) -> dict[str, str]:
    return dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)">', page))


def test_public_pages_carry_a_description_and_og_tags(samples):
    build(samples, options=RenderOptions(jobs=1))
    tags = meta((samples.public_dir / "gaibo/2017/07/index.html").read_text(encoding="utf-8"))
    assert tags["og:title"] == "全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显"
    assert tags["description"] == tags["og:description"]
    assert tags["og:description"].startswith("“全面改薄”自2014年在我区启动以来")
    assert tags["og:description"].endswith("仅18%。") and len(tags["og:description"]) == 106  # the whole paragraph
    assert tags["og:image"] == "fig-1.png"
    assert (samples.public_dir / "gaibo/2017/07/fig-1.png").read_bytes().startswith(b"\x89PNG")
    for page in ("index.html", "gaibo/index.html"):
        tags = meta((samples.public_dir / page).read_text(encoding="utf-8"))
        assert tags["og:title"] and tags["description"] and tags["og:description"] == tags["description"]


def test_a_description_is_the_first_paragraph_cut_to_120_characters():
    issue = demo_issue(articles=(article("标题", "甲" * 200 + "\n\n第二段。"),))
    assert description(issue) == "甲" * 119 + "…"
    issue = demo_issue(articles=(article("标题", "短的一段。\n\n第二段。"),))
    assert description(issue) == "短的一段。"


def test_a_full_build_makes_the_public_folder_whole(samples):
    build(samples, options=RenderOptions(jobs=1))
    stray = samples.public_dir / "old/2016/01/index.html"
    stray.parent.mkdir(parents=True)
    stray.write_text("an issue that is no more", encoding="utf-8")
    edit(samples.bulletins_dir / "gaibo/2017/08.yaml", ("status: published", "status: draft"))
    build(samples, options=RenderOptions(jobs=1))
    assert not stray.exists() and not (samples.public_dir / "old").exists()
    assert not (samples.public_dir / "gaibo/2017/08").exists()
    assert (samples.public_dir / "gaibo/2017/07/index.html").is_file()
    # A build of named files leaves the public site alone.
    edit(samples.bulletins_dir / "gaibo/2017/07.yaml", ("status: published", "status: draft"))
    build(samples, [samples.bulletins_dir / "gaibo/2017/07.yaml"], options=RenderOptions(jobs=1))
    assert (samples.public_dir / "gaibo/2017/07/index.html").is_file()
    build(samples, options=RenderOptions(jobs=1))
    assert not (samples.public_dir / "gaibo").exists()


CORRECTED = """\
series: demo
number: 1
date: 2017-10-11
status: published
{extra}articles:
  - title: 全区工作取得进展
    release: public
    body: |
      {public}
  - title: 内部情况
    release: internal
    body: |
      {internal}
"""


def corrected_project(tmp_path, public: str, internal: str, reason: str, release: str = "public"):
    project = make_project(tmp_path, {"demo/2017/01.yaml": CORRECTED.format(
        extra="", public="各地进展顺利。", internal="内部情况如下。")})
    set_site_url(project)
    assert cli(project, "publish", FILE).returncode == 0
    extra = f"correction:\n  reason: {reason}\n  date: 2017-10-13\n  release: {release}\n"
    (project.root / FILE).write_text(CORRECTED.format(extra=extra, public=public, internal=internal),
                                     encoding="utf-8")
    return project


def test_a_corrected_article_shows_the_notice_and_links_the_original(tmp_path):
    project = corrected_project(tmp_path, "各地进展十分顺利。", "内部情况如下。", "第一段表述有误，予以更正。")
    build(project, options=RenderOptions(jobs=1))
    site = project.public_dir / "demo/2017/01"
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "十分顺利" in page and "更正（2017年10月13日）：" in page and "第一段表述有误，予以更正。" in page
    assert 'href="v1/index.html"' in page
    original = (site / "v1/index.html").read_text(encoding="utf-8")
    assert "各地进展顺利。" in original and "十分顺利" not in original
    assert "本页为原版" in original and 'href="../index.html"' in original
    assert "内部情况" not in original + page
    feed = (project.public_dir / "demo/feed.xml").read_text(encoding="utf-8")
    assert "第一段表述有误" in feed and "<updated>2017-10-13T00:00:00+08:00</updated>" in feed
    index = search_entries(project.public_dir)
    assert index[0]["c"] == "更正（2017年10月13日）：第一段表述有误，予以更正。"  # its search finds the notice
    sitemap = (project.public_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{URL}demo/2017/01/v1/index.html" in sitemap
    # Recorded as version 2, the public site stays the same.
    before = files(project.public_dir)
    assert cli(project, "publish", FILE).returncode == 0
    build(project, options=RenderOptions(jobs=1))
    assert files(project.public_dir) == before


def test_a_correction_of_an_internal_article_alone_stays_inside(tmp_path):
    project = corrected_project(tmp_path, "各地进展顺利。", "内部情况CANARY-REASON-91c。", "内部文章CANARY-REASON-91c有误。")
    build(project, options=RenderOptions(jobs=1))
    assert "CANARY-REASON-91c" in (project.out / "demo/index.html").read_text(encoding="utf-8")
    public = files(project.public_dir)
    assert "demo/2017/01/index.html" in public and not any("/v1/" in p for p in public)
    for path, data in public.items():
        assert b"CANARY-REASON-91c" not in data and "更正".encode() not in data, path
        assert b"2017-10-13" not in data, path  # not even the date of the correction


def test_a_bad_site_url_is_an_input_error_with_its_line(tmp_path):
    project = make_project(tmp_path, {})
    (tmp_path / "content" / "site.yaml").write_text("# 公开网站\nsite_url: javascript:alert(1)\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build(project)
    assert [str(p) for p in caught.value.problems] == [
        "content/site.yaml:2: site_url：应为以 https:// 或 http:// 开头的网址，不带 ? 和 #，"
        "如 https://www.example.gov.cn/jianbao/，实际为「javascript:alert(1)」"]
    assert not project.out.exists()


@pytest.mark.parametrize("text", ["# 只有注释\n# site_url: https://a.example/\n", "site_url:\n", ""])
def test_a_settings_file_without_site_url_sets_nothing(tmp_path, text):
    project = make_project(tmp_path, {})
    project.site_file.write_text(text, encoding="utf-8")
    assert read_catalog(project)[0].site == Site()


def test_no_series_may_take_the_public_sites_name(tmp_path):
    project = make_project(tmp_path, {}, {"public": "title: 工作简报\nissuer: 测试办公室\n"})
    with pytest.raises(InputError) as caught:
        build(project)
    assert "build/public/ 是公开网站的文件夹" in str(caught.value)


def test_a_correction_of_public_articles_with_an_internal_reason_shows_the_notice_without_it(tmp_path):
    project = corrected_project(tmp_path, "各地进展十分顺利。", "内部情况如下。", "内部核查CANARY原因", release="internal")
    build(project, options=RenderOptions(jobs=1))
    page = (project.public_dir / "demo/2017/01/index.html").read_text(encoding="utf-8")
    assert "更正（2017年10月13日）：" in page and "本期内容已更正" in page and 'href="v1/index.html"' in page
    shown = b"".join(p.read_bytes() for p in project.public_dir.rglob("*") if p.is_file())
    assert b"CANARY" not in shown
    assert "内部核查CANARY原因" in (project.out / "demo/index.html").read_text(encoding="utf-8")  # the archive keeps it
