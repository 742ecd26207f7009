"""The public site, its feed and search with the elements of issue #18: a public article's lists, photo,
notes and footnotes are shown and found; the markings, signers and internal articles are not."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from jianbao.archive.search import open_database, search
from jianbao.leak import folder_files, leaks
from jianbao.pipeline.build import build
from jianbao.pipeline.render_issues import RenderOptions

from html_tree import parse
from project_helpers import SERIES as PLAIN_SERIES
from project_helpers import make_project, search_entries

SERIES = PLAIN_SERIES + "contents: always\nsign_roles: [签发, 审核]\n"
ISSUE = """\
series: demo
number: 1
date: 2017-10-11
status: published
urgency: 特急
signers: {签发: 司马签发人, 审核: 诸葛审核人}
figures:
  done:
    label: 竣工项目数
    unit: 个
    columns: [计划, 完成]
    rows: {南疆: [10, 8], 北疆: [12, 12]}
    release: public
articles:
  - title: 全区校舍建设进展顺利
    release: public
    body: |
      全区校舍建设进展顺利[^1]，主要做法：

      1. 逐校建立工程台账；
      2. 分片开展交叉检查。

      {{ 图.school }}

      [^1]: 进度按已竣工项目个数计算。
    tables:
      - {figure: done, note: 完成数含已交付使用的项目, source: 各地州上报}
    photos:
      - {id: school, file: photos/school.jpg, title: 新建成的教学楼, alt: 一栋四层的红色教学楼, note: 摄于十月}
  - title: 内部问题通报
    release: internal
    body: |
      有关情况如下[^1]：

      1. 对违规县区负责人严肃追责问责；

      {{ 图.secret }}

      [^1]: 线索来自内部审计移交材料。
    photos:
      - {id: secret, file: photos/school.jpg, title: 内部约谈会议现场, alt: 约谈现场的内部会议室全景, note: 内部照片不得外传}
"""
INTERNAL = ["内部问题通报", "对违规县区负责人严肃追责问责", "线索来自内部审计移交材料", "内部约谈会议现场",
            "约谈现场的内部会议室全景", "内部照片不得外传", "司马签发人", "诸葛审核人", "特急", "签发：", "审核："]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("public-elements")
    found = make_project(root, {"demo/2017/01.yaml": ISSUE}, {"demo": SERIES})
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 0, 0)).save(out, "JPEG", quality=80)
    (root / "bulletins/demo/2017/photos").mkdir(parents=True)
    (root / "bulletins/demo/2017/photos/school.jpg").write_bytes(out.getvalue())
    build(found, options=RenderOptions(jobs=1))
    return found


def test_the_public_page_shows_the_public_articles_elements(project):
    folder = project.public_dir / "demo/2017/01"
    doc = parse((folder / "index.html").read_text(encoding="utf-8"))
    assert [a.text() for a in doc.find("nav", "contents").find_all("a")] == ["全区校舍建设进展顺利"]
    assert [li.text() for li in doc.find("ul", "item-list").elements()] == ["1.逐校建立工程台账；", "2.分片开展交叉检查。"]
    assert doc.find("figure", "photo").find("img").attrs["src"] == "photo-1.jpg"
    assert (folder / "photo-1.jpg").is_file() and not (folder / "photo-2.jpg").exists()
    assert doc.find("div", "table-notes").text().split() == ["注：完成数含已交付使用的项目", "数据来源：各地州上报"]
    assert doc.find("section", "footnotes").find("li").text().startswith("[1]进度按已竣工项目个数计算。")
    assert not doc.find_all("p", "marking") and not doc.find_all("p", "signoff")


def test_nothing_internal_of_the_new_elements_is_on_the_public_site(project):
    shown = folder_files(project.public_dir) + folder_files(project.out / "demo/2017/01/press")
    assert shown
    assert leaks(shown, INTERNAL) == []
    # ...while the office's own issue page has every one of them.
    own = (project.out / "demo/2017/01/index.html").read_text(encoding="utf-8")
    assert all(text in own for text in INTERNAL)


def test_the_feed_and_both_searches_read_lists_notes_and_footnotes(project):
    feed = (project.public_dir / "demo/feed.xml").read_text(encoding="utf-8")
    for text in ("1.逐校建立工程台账；", "全区校舍建设进展顺利［1］", "［1］进度按已竣工项目个数计算。",
                 "图1 新建成的教学楼", "注：摄于十月"):
        assert text in feed, text
    public = search_entries(project.public_dir)
    assert [e["t"] for e in public] == ["全区校舍建设进展顺利"]
    assert "2.分片开展交叉检查。" in public[0]["x"] and "一栋四层的红色教学楼" not in public[0]["x"]
    db = open_database(project.search_database.read_bytes())
    assert [h.title for h in search(db, "追责问责")] == ["内部问题通报"]  # the office finds its list item
    assert [h.title for h in search(db, "内部审计移交")] == ["内部问题通报"]  # and its footnote
    assert search(db, "追责问责", public_only=True) == []
