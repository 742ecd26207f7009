"""A photo beside every page that shows it: the issue's pages, its press folder, the public site and
an earlier version's public page; rendered again when its file changes, gone when it goes."""

from __future__ import annotations

import io

from PIL import Image

from jianbao import api
from jianbao.archive.freeze import Frozen, load_manifest
from jianbao.archive.versions import earlier_issue
from jianbao.pipeline.build import build, read_catalog
from jianbao.pipeline.render_issues import RenderOptions

from project_helpers import make_project

FILE = "bulletins/demo/2017/01.yaml"
ISSUE = """\
series: demo
number: 1
date: 2017-10-11
status: published
{extra}articles:
  - title: 新建校舍投入使用
    release: public
    body: |
      新建校舍已投入使用，见{{{{ 图.school }}}}。

      {{{{ 图.school }}}}
    photos:
      - {{id: school, file: photos/school.jpg, title: 新建校舍, alt: 一栋{colour}屋顶的教学楼, source: 县教育局}}
  - title: 内部情况
    release: internal
    body: |
      内部情况如下。
"""


def jpeg(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 300), colour).save(out, "JPEG", quality=80)
    return out.getvalue()


def project_with_photo(tmp_path, colour=(200, 0, 0), extra="", name="红色"):
    project = make_project(tmp_path, {"demo/2017/01.yaml": ISSUE.format(extra=extra, colour=name)})
    (tmp_path / "bulletins/demo/2017/photos").mkdir(parents=True, exist_ok=True)
    (tmp_path / "bulletins/demo/2017/photos/school.jpg").write_bytes(jpeg(colour))
    return project


def build_it(project, paths=None):
    build(project, paths, options=RenderOptions(jobs=1))


def photo_copies(project) -> dict[str, bytes]:
    """Every photo file under build/, by its path there."""
    return {p.relative_to(project.out).as_posix(): p.read_bytes() for p in sorted(project.out.rglob("photo-*"))}


def test_the_photo_stands_beside_every_page_that_shows_it(tmp_path):
    project = project_with_photo(tmp_path)
    build_it(project)
    copies = photo_copies(project)
    assert sorted(copies) == ["demo/2017/01/photo-1.jpg", "demo/2017/01/press/photo-1.jpg",
                              "public/demo/2017/01/photo-1.jpg"]
    assert len(set(copies.values())) == 1  # the cleaned photo, the same everywhere
    for page in ("demo/2017/01/index.html", "public/demo/2017/01/index.html"):
        assert 'src="photo-1.jpg"' in (project.out / page).read_text(encoding="utf-8")
    single = (project.out / "demo/2017/01/demo-2017-01.html").read_text(encoding="utf-8")
    assert 'src="data:image/jpeg;base64,' in single
    # The photo is the public page's first picture: the one shared with a link to it.
    page = (project.out / "public/demo/2017/01/index.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="photo-1.jpg">' in page


def test_a_changed_photo_file_renders_the_issue_again_and_a_dropped_photo_goes(tmp_path):
    project = project_with_photo(tmp_path)
    build_it(project)
    before = photo_copies(project)
    (tmp_path / "bulletins/demo/2017/photos/school.jpg").write_bytes(jpeg((0, 0, 200)))
    build_it(project)  # the issue file is the same: only the photo's file changed
    after = photo_copies(project)
    assert sorted(after) == sorted(before)
    assert all(after[path] != before[path] for path in before), "an unchanged issue file must not hide a new photo"
    # The photo taken out of the article: its files go with it (the press folder, the public site).
    path = project.root / FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("，见{{ 图.school }}。\n\n      {{ 图.school }}\n", "。\n").split("    photos:")[0]
                    + "  - title: 内部情况" + text.split("  - title: 内部情况")[1], encoding="utf-8")
    build_it(project)
    assert photo_copies(project) == {}


def test_an_earlier_version_keeps_its_own_photo_on_the_public_site(tmp_path):
    project = project_with_photo(tmp_path)
    api.publish(project, [project.root / FILE])
    old = (project.root / "archive/demo/2017/01/v1/photo-1.jpg").read_bytes()  # archived with its outputs
    # A 更正 that replaces the photo: the photo file and its alt text change.
    (tmp_path / "bulletins/demo/2017/photos/school.jpg").write_bytes(jpeg((0, 0, 200)))
    (project.root / FILE).write_text(ISSUE.format(
        extra="correction:\n  reason: 照片有误，予以更正。\n  date: 2017-10-13\n  release: public\n", colour="蓝色"),
        encoding="utf-8")
    build_it(project)
    site = project.public_dir / "demo/2017/01"
    assert (site / "v1/photo-1.jpg").read_bytes() == old  # the original's photo, from the archive
    assert (site / "photo-1.jpg").read_bytes() != old
    assert "一栋红色屋顶的教学楼" in (site / "v1/index.html").read_text(encoding="utf-8")
    assert "一栋蓝色屋顶的教学楼" in (site / "index.html").read_text(encoding="utf-8")
    # The office's archive serves the original's files as archived, photo included.
    assert (project.out / "demo/2017/01/v1/photo-1.jpg").read_bytes() == old


def test_an_archived_version_whose_photo_is_missing_has_no_public_page_of_its_own(tmp_path):
    project = project_with_photo(tmp_path)
    api.publish(project, [project.root / FILE])
    (project.root / "archive/demo/2017/01/v1/photo-1.jpg").write_bytes(b"not the archived photo")
    catalog, _ = read_catalog(project)
    [issue] = catalog.issues
    [version] = load_manifest(project.root, "demo")["issues"]["2017/01"]["versions"]
    assert earlier_issue(project.root, Frozen(issue, (version,)), version) is None
    (project.root / "archive/demo/2017/01/v1/photo-1.jpg").unlink()
    assert earlier_issue(project.root, Frozen(issue, (version,)), version) is None

