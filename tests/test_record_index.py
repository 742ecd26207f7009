"""The records of every issue read as one file: an unchanged issue is reused without reading its record or its files."""

from __future__ import annotations

import pytest

from jianbao.charts import cache as chart_cache
from jianbao.pipeline import incremental, record_index, uptodate
from jianbao.pipeline.build import build
from jianbao.pipeline.record_index import INDEX
from jianbao.pipeline.render_issues import RenderOptions

ISSUE_08 = "bulletins/gaibo/2017/08.yaml"
FOLDER_08 = "gaibo/2017/08"
SERIAL = RenderOptions(jobs=1)


@pytest.fixture
def looked_up(monkeypatch) -> list[str]:
    """The issues whose record is read and whose files' sizes are compared from now on."""
    seen: list[str] = []
    real = incremental.reuse
    monkeypatch.setattr(incremental, "reuse", lambda out, issue, key: seen.append(issue.slug) or real(out, issue, key))
    return seen


def test_an_unchanged_issue_is_reused_from_the_index_alone(built_samples, looked_up):
    assert (built_samples.out / INDEX).is_file()
    path = built_samples.root / ISSUE_08
    path.write_text(path.read_text(encoding="utf-8").replace("严把工程质量。", "严把工程质量关。"), encoding="utf-8")
    build(built_samples, options=SERIAL)
    assert looked_up == [FOLDER_08]  # the changed one only: its key is not the indexed one
    looked_up.clear()
    build(built_samples, options=SERIAL)
    assert looked_up == []


def test_a_removed_output_is_made_again(built_samples, looked_up):
    html = built_samples.out / FOLDER_08 / "index.html"
    html.unlink()  # its folder's time moves on
    build(built_samples, options=SERIAL)
    assert looked_up == [FOLDER_08] and html.is_file()


def test_a_file_added_to_a_press_folder_is_found_and_removed(built_samples, looked_up):
    stray = built_samples.out / FOLDER_08 / "press" / "stray.md"
    stray.write_text("x", encoding="utf-8")
    build(built_samples, options=SERIAL)
    assert not stray.exists() and looked_up == [FOLDER_08]


def test_a_damaged_index_reads_every_record_and_is_written_again(built_samples, looked_up):
    (built_samples.out / INDEX).write_bytes(b"\x80\x05not a pickle")
    build(built_samples, options=SERIAL)
    assert len(looked_up) == 5
    looked_up.clear()
    build(built_samples, options=SERIAL)
    assert looked_up == []


def test_where_folders_keep_no_time_there_is_no_index(tmp_path, monkeypatch, looked_up):
    """FAT and exFAT: a folder's time says nothing, so every record is read, as before the index."""
    from project_helpers import copy_samples

    monkeypatch.setattr(record_index, "folder_times_kept", lambda folder: False)
    monkeypatch.setattr(uptodate, "folder_times_kept", lambda folder: False)
    project = copy_samples(tmp_path)
    build(project, options=SERIAL)
    build(project, options=SERIAL)
    assert not (project.out / INDEX).exists() and len(looked_up) == 10


def test_the_chart_cache_is_listed_only_when_its_live_charts_or_its_files_changed(built_samples, monkeypatch):
    listed: list[object] = []
    real = chart_cache.remove_files
    monkeypatch.setattr(chart_cache, "remove_files", lambda folder, doomed: listed.append(folder) or real(folder, doomed))
    build(built_samples, options=SERIAL)
    assert listed == []
    stray = built_samples.out / ".cache" / "charts" / ("cd" * 32 + ".png")
    stray.write_bytes(b"unknown")
    build(built_samples, options=SERIAL)
    assert listed and not stray.exists()


def test_the_search_database_is_changed_where_it_lies(built_samples, monkeypatch):
    """Not copied and replaced: 47 MB at 3,000 issues, far slower still on an office PC's disk."""
    import shutil
    import sqlite3

    database = built_samples.out / "search.sqlite"
    before = database.stat().st_ino
    copies: list[object] = []
    monkeypatch.setattr(shutil, "copyfile", lambda *args, **kwargs: copies.append(args))
    path = built_samples.root / ISSUE_08
    path.write_text(path.read_text(encoding="utf-8").replace("严把工程质量。", "严把工程质量关。"), encoding="utf-8")
    build(built_samples, options=SERIAL)
    assert database.stat().st_ino == before and copies == []
    assert not database.with_name("search.sqlite-journal").exists()
    db = sqlite3.connect(database)
    bodies = [row[0] for row in db.execute("SELECT body FROM articles WHERE url = ?", (f"{FOLDER_08}/index.html",))]
    db.close()
    assert any("严把工程质量关。" in body for body in bodies)


def test_a_journal_beside_a_database_that_is_none_is_removed_before_it_is_made_whole(built_samples):
    """A stale journal must never be "rolled back" into the database made in its place."""
    from jianbao.archive.memo import PAGE_MEMO

    database = built_samples.out / "search.sqlite"
    database.write_bytes(b"not a database")
    database.with_name("search.sqlite-journal").write_bytes(b"stale")
    (built_samples.out / PAGE_MEMO).unlink()
    build(built_samples, options=SERIAL)
    import sqlite3

    db = sqlite3.connect(database)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] > 0
    db.close()
    assert not database.with_name("search.sqlite-journal").exists()
