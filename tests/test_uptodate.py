"""A full build with nothing changed since the last clean one ends before reading any file (issue 21)."""

from __future__ import annotations

import datetime
import os
import time

import pytest

from jianbao.pipeline import build as pipeline
from jianbao.pipeline.build import build
from jianbao.pipeline.render_issues import RenderOptions
from jianbao.project import BUILD_STAMP as STAMP

from project_helpers import make_project

ONE_JOB = RenderOptions(jobs=1)
ISSUE = "series: demo\nnumber: {n}\ndate: 2017-0{n}-10\narticles:\n  - title: 第{n}期工作进展\n    body: 各地进展顺利。\n"


def age(project, seconds: int = 60) -> None:
    """Inputs saved a minute ago: older than any build's start by more than the timestamp step."""
    past = time.time_ns() - seconds * 1_000_000_000
    for top in ("content", "bulletins"):
        for path in (project.root / top).rglob("*"):
            os.utime(path, ns=(past, past), follow_symlinks=False)


@pytest.fixture
def project(tmp_path):
    project = make_project(tmp_path, {f"demo/2017/0{n}.yaml": ISSUE.format(n=n) for n in (1, 2)})
    age(project)
    build(project, options=ONE_JOB)
    return project


@pytest.fixture
def reads(monkeypatch):
    """The issue reads of each build (read_catalog calls)."""
    calls = []
    real = pipeline.read_catalog
    monkeypatch.setattr(pipeline, "read_catalog", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def test_an_unchanged_full_build_reads_nothing(project, reads):
    assert (project.out / STAMP).is_file()
    assert build(project, options=ONE_JOB) == []
    assert reads == []


def test_a_changed_input_is_built(project, reads):
    source = project.root / "bulletins/demo/2017/02.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("顺利", "较快"), encoding="utf-8")
    written = build(project, options=ONE_JOB)
    assert reads == [1] and project.out / "demo/2017/02/index.html" in written


def test_an_input_saved_as_the_last_build_began_is_not_trusted(project, reads, monkeypatch):
    # Saved again within the same timestamp step, a file keeps its size and time: the record of a
    # build that began so close to its time could not tell, so the next build reads everything.
    saved = time.time_ns() - 60_000_000_000  # what age() set
    clock = iter([saved + 1_000_000_000, saved + 10_000_000_000, saved + 11_000_000_000])
    monkeypatch.setattr("jianbao.pipeline.uptodate.time.time_ns", lambda: next(clock))
    source = project.root / "bulletins/demo/2017/01.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("顺利", "较快"), encoding="utf-8")
    os.utime(source, ns=(saved, saved))
    build(project, options=ONE_JOB)  # began 1 s after the file's time
    build(project, options=ONE_JOB)  # nothing changed since, yet that record is not trusted
    assert reads == [1, 1]
    build(project, options=ONE_JOB)  # the second build began 10 s after: its record holds
    assert reads == [1, 1]


def test_a_removed_output_or_cache_entry_is_made_again(project, reads):
    page = project.out / "demo/2017/01/index.html"
    page.unlink()
    build(project, options=ONE_JOB)
    assert page.is_file() and reads == [1]
    stray = project.out / ".cache/charts" / ("ab" * 32 + ".png")
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"from an older style")
    build(project, options=ONE_JOB)
    assert not stray.exists() and reads == [1, 1]


def test_other_settings_or_another_day_are_built(project, reads):
    build(project, options=ONE_JOB, strict=True)
    build(project, options=ONE_JOB, today=datetime.date(2018, 1, 1))
    build(project, options=RenderOptions(jobs=2))
    assert reads == [1, 1, 1]


def test_a_build_that_warned_says_it_again_next_time(tmp_path, reads):
    # 第3期 without 第2期: a gap, said as a warning; no build is taken for up to date until it is mended.
    project = make_project(tmp_path, {f"demo/2017/0{n}.yaml": ISSUE.format(n=n) for n in (1, 3)})
    age(project)
    for _ in range(2):
        warnings = []
        build(project, options=ONE_JOB, warn=warnings.append)
        assert any("缺少第2期" in w for w in warnings)
    assert not (project.out / STAMP).exists() and reads == [1, 1]


def test_selected_builds_and_projects_with_links_are_always_built(project, reads):
    build(project, [project.root / "bulletins/demo/2017/01.yaml"], options=ONE_JOB)
    assert reads == [1]
    (project.root / "bulletins/demo/link.yaml").symlink_to(project.root / "bulletins/demo/2017/01.yaml")
    age(project)
    for _ in range(2):
        try:
            build(project, options=ONE_JOB)
        except Exception:  # a link is refused or read as an issue: either way, it was looked at
            pass
    assert reads == [1, 1, 1]


def test_a_file_system_without_folder_times_is_never_taken_for_up_to_date(tmp_path, reads, monkeypatch):
    # On FAT (a USB stick) a folder keeps its time when a file in it goes: a deleted output would not be seen.
    monkeypatch.setattr("jianbao.pipeline.uptodate.folder_times_kept", lambda folder: False)
    project = make_project(tmp_path, {"demo/2017/01.yaml": ISSUE.format(n=1)})
    age(project)
    build(project, options=ONE_JOB)
    build(project, options=ONE_JOB)
    assert reads == [1, 1] and not (project.out / STAMP).exists()


def test_this_file_system_keeps_folder_times(tmp_path):
    from jianbao.pipeline.uptodate import folder_times_kept

    assert folder_times_kept(tmp_path)
    assert not (tmp_path / ".probe.tmp").exists()


PHOTO_ISSUE = """\
series: demo
number: 1
date: 2017-10-11
articles:
  - title: 新建校舍投入使用
    body: |
      新建校舍已投入使用。

      {{ 图.school }}
    photos:
      - {id: school, file: ../../../pictures/school.jpg, title: 新建校舍, alt: 一栋教学楼}
"""


def test_a_picture_outside_the_walked_folders_is_watched_too(tmp_path, reads):
    import io

    from PIL import Image

    def picture(colour) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (400, 300), colour).save(out, "JPEG", quality=80)
        return out.getvalue()

    project = make_project(tmp_path, {"demo/2017/01.yaml": PHOTO_ISSUE})
    photo = tmp_path / "pictures/school.jpg"  # in the project, beside content/ and bulletins/
    photo.parent.mkdir()
    photo.write_bytes(picture((200, 0, 0)))
    age(project)
    os.utime(photo, ns=(time.time_ns() - 60_000_000_000,) * 2)
    build(project, options=ONE_JOB)
    build(project, options=ONE_JOB)
    assert reads == [1]
    photo.write_bytes(picture((0, 0, 200)))
    os.utime(photo, ns=(time.time_ns() - 30_000_000_000,) * 2)
    written = build(project, options=ONE_JOB)
    assert reads == [1, 1] and project.out / "demo/2017/01/photo-1.jpg" in written
