"""The validated-issue cache: unchanged files skip validation, anything that shapes a model invalidates it."""

from __future__ import annotations

import os
import pickle

import pytest

import jianbao.pipeline.build as pipeline
import jianbao.pipeline.proofing as proofing
from jianbao.errors import InputError
from jianbao.model import Issue
from jianbao.pipeline.build import build, check, read_catalog
from jianbao.pipeline.render_issues import RenderOptions
from jianbao.reader.cache import shard_of
from jianbao.reader.deferred import is_deferred

from project_helpers import copy_samples

ISSUE_08 = "bulletins/gaibo/2017/08.yaml"


def validated(monkeypatch) -> list[str]:
    """The sources validate_issue is called for from now on."""
    seen = []
    real = pipeline.validate_issue

    def spy(check_, series, unusable=frozenset(), root=None):
        issue = real(check_, series, unusable, root)
        seen.append(check_.doc.file)
        return issue

    monkeypatch.setattr(pipeline, "validate_issue", spy)
    return seen


def test_a_build_stores_the_models_and_the_next_run_validates_nothing(built_samples, monkeypatch):
    assert len(list(built_samples.validated_cache.glob("*.pickle"))) == 2  # a file per issue folder
    first = read_catalog(built_samples)[0].issues
    seen = validated(monkeypatch)
    again = read_catalog(built_samples)[0].issues
    assert seen == []
    assert again == first  # the cached models are the validated ones, 总期号 included


def test_an_edited_issue_is_validated_again_and_its_change_reaches_the_output(built_samples, monkeypatch):
    path = built_samples.root / ISSUE_08
    path.write_text(path.read_text(encoding="utf-8").replace("严把工程质量。", "严把工程质量关。"), encoding="utf-8")
    seen = validated(monkeypatch)
    build(built_samples, options=RenderOptions(jobs=1))
    assert seen == [ISSUE_08]
    html = (built_samples.out / "gaibo/2017/08/index.html").read_text(encoding="utf-8")
    assert "严把工程质量关。" in html


def test_a_changed_series_file_validates_every_issue_of_the_project_again(built_samples, monkeypatch):
    series = built_samples.root / "content/series/gaibo.yaml"
    text = series.read_text(encoding="utf-8")
    assert "copies: " in text
    series.write_text(text.replace("copies: ", "copies: 1", 1), encoding="utf-8")
    seen = validated(monkeypatch)
    catalog, _ = read_catalog(built_samples)
    assert sorted(seen) == sorted(i.source for i in catalog.issues)


def test_a_file_with_problems_is_never_cached_and_reported_every_time(built_samples):
    path = built_samples.root / ISSUE_08
    path.write_text(path.read_text(encoding="utf-8").replace("date: ", "date: 2017-13-45\nx: ", 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError) as err:
            build(built_samples, options=RenderOptions(jobs=1))
        assert any(p.file == ISSUE_08 for p in err.value.problems)


def test_check_reads_the_cache_but_never_writes_it(tmp_path):
    project = copy_samples(tmp_path)
    check(project)
    assert not project.validated_cache.exists()


def test_an_edit_writes_the_cache_file_of_its_folder_only(built_samples):
    files = {f.name: f.read_bytes() for f in built_samples.validated_cache.glob("*.pickle")}
    path = built_samples.root / ISSUE_08
    path.write_text(path.read_text(encoding="utf-8").replace("严把工程质量。", "严把工程质量关。"), encoding="utf-8")
    build(built_samples, options=RenderOptions(jobs=1))
    now = {f.name: f.read_bytes() for f in built_samples.validated_cache.glob("*.pickle")}
    assert files.keys() == now.keys() and [n for n in files if files[n] != now[n]] == [shard_of(ISSUE_08)]


def test_a_deleted_issue_leaves_the_cache(built_samples):
    (built_samples.root / "bulletins/gaibo/2017/08.yaml").unlink()
    build(built_samples, options=RenderOptions(jobs=1))
    entries = {name for file in built_samples.validated_cache.glob("*.pickle")
               for name in pickle.loads(file.read_bytes())["entries"]}
    assert ISSUE_08 not in entries and "bulletins/gaibo/2017/07.yaml" in entries


class _Planted:
    def __reduce__(self):
        return (os.system, ("touch PLANTED",))


@pytest.mark.parametrize("content", [b"not a pickle", b"", pickle.dumps({"context": b"x", "entries": {}}),
                                     pickle.dumps(_Planted()), pickle.dumps({"context": b"x", "entries": _Planted()})])
def test_a_damaged_or_planted_cache_is_ignored_and_never_runs_code(built_samples, content, monkeypatch):
    monkeypatch.chdir(built_samples.root)
    for file in built_samples.validated_cache.iterdir():  # the folders' files and the index
        file.write_bytes(content)
    expected = sorted(i.source for i in read_catalog(built_samples)[0].issues)
    seen = validated(monkeypatch)
    read_catalog(built_samples)
    assert sorted(seen) == expected  # every file validated afresh
    assert not (built_samples.root / "PLANTED").exists()
    build(built_samples, options=RenderOptions(jobs=1))
    seen.clear()
    read_catalog(built_samples)
    assert seen == []  # the next build stored a good cache again


def test_a_long_running_process_reads_each_unchanged_cache_file_once(built_samples, monkeypatch):
    from jianbao.reader import cache

    loads, models = [], []
    real, real_plain = cache._ModelUnpickler.load, cache.load_plain
    monkeypatch.setattr(cache._ModelUnpickler, "load", lambda self: models.append(1) or real(self))
    monkeypatch.setattr(cache, "load_plain", lambda data: loads.append(1) or real_plain(data))
    monkeypatch.setattr(cache, "_READ", {})
    monkeypatch.setattr(cache, "_SECTIONS", {})
    folders = len(list(built_samples.validated_cache.glob("*.pickle")))  # one file per issue folder
    first = read_catalog(built_samples)[0].issues
    # The index only: its sections (one for each folder's file) are models, the rest plain values.
    assert (len(loads), len(models)) == (1, folders) and all(is_deferred(i) for i in first)
    assert [i.headline for i in first] and (len(loads), len(models)) == (1, folders)  # a summary needs no body
    assert all(i.articles for i in first) and len(loads) == 1 + folders  # each folder's file, when a body is used
    assert len(models) == folders + len(first)  # and of it, the model of that issue only
    models.clear()
    again = read_catalog(built_samples)[0].issues  # the preview's next rebuild: nothing unpickled again
    assert (len(loads), models) == (1 + folders, []) and again == first
    path = built_samples.root / ISSUE_08
    path.write_text(path.read_text(encoding="utf-8").replace("严把工程质量。", "严把工程质量关。"), encoding="utf-8")
    build(built_samples, options=RenderOptions(jobs=1))  # writes that folder's cache file and the index again
    loads.clear()
    models.clear()
    edited = {i.source: i for i in read_catalog(built_samples)[0].issues}[ISSUE_08]
    assert "严把工程质量关。" in str(edited) and loads == [] and models == [1]  # what this process wrote, it knows
    cache._READ.clear()  # another process: the index, then the folder's file when the body is used
    cache._SECTIONS.clear()
    models.clear()
    edited = {i.source: i for i in read_catalog(built_samples)[0].issues}[ISSUE_08]
    assert (len(loads), len(models)) == (1, folders)
    assert "严把工程质量关。" in str(edited) and (len(loads), len(models)) == (2, folders + 1)


def test_the_index_pickles_again_only_the_sections_of_folders_that_changed(built_samples, monkeypatch):
    """After one issue changed, the other folders' sections are written as the bytes they were read as."""
    from jianbao.reader import cache

    dumped = []
    real = cache.pickle.dumps
    monkeypatch.setattr(cache.pickle, "dumps", lambda obj, **kw: dumped.append(obj) or real(obj, **kw))
    path = built_samples.root / ISSUE_08
    path.write_text(path.read_text(encoding="utf-8").replace("严把工程质量。", "严把工程质量关。"), encoding="utf-8")
    build(built_samples, options=RenderOptions(jobs=1))
    sections = [obj for obj in dumped if isinstance(obj, dict) and obj and all(isinstance(k, str) and k.endswith(".yaml")
                                                                               for k in obj)]
    assert [sorted(obj) for obj in sections] == [sorted(n for n in sections[0] if n.startswith("bulletins/gaibo/2017/"))]
    assert ISSUE_08 in sections[0]
    issues = {i.source: i for i in read_catalog(built_samples)[0].issues}
    assert is_deferred(issues[ISSUE_08]) and "严把工程质量关。" in str(issues[ISSUE_08])


def test_a_deferred_issue_equals_its_whole_model_and_pickles_whole(built_samples, monkeypatch):
    from jianbao.reader.cache import ValidatedCache

    deferred = {i.source: i for i in read_catalog(built_samples)[0].issues}
    again = {i.source: i for i in read_catalog(built_samples)[0].issues}
    assert all(is_deferred(i) for i in [*deferred.values(), *again.values()])
    pipeline_cache = built_samples.validated_cache
    for file in pipeline_cache.iterdir():
        file.unlink()
    assert all(is_deferred(i) for i in read_catalog(built_samples)[0].issues)  # validated afresh, kept as summaries
    monkeypatch.setattr(ValidatedCache, "deferred", lambda self, name, key, load=None: load())
    whole = {i.source: i for i in read_catalog(built_samples)[0].issues}  # validated afresh, as they are
    assert not any(is_deferred(i) for i in whole.values())
    for name, issue in deferred.items():
        assert issue.note == whole[name].note  # the 编者按 first, before anything else loads the body
    assert any(issue.note for issue in deferred.values())
    for name, issue in again.items():
        copy = pickle.loads(pickle.dumps(issue))
        assert not is_deferred(copy) and copy == whole[name] and issue == whole[name]
        assert (issue.total, issue.headline, issue.photos) == (whole[name].total, whole[name].headline, whole[name].photos)


def test_an_unchanged_file_is_not_read_and_a_touched_or_new_one_is(built_samples, monkeypatch):
    build(built_samples, options=RenderOptions(jobs=1))  # a file saved a moment before a build is read again
    path = built_samples.root / ISSUE_08
    past = path.stat().st_mtime_ns - 10_000_000_000
    for file in (built_samples.root / "bulletins").rglob("*.yaml"):
        os.utime(file, ns=(past, past))
    build(built_samples, options=RenderOptions(jobs=1))  # records each file's size and time, now old enough
    read = []
    real = pipeline.read_input
    monkeypatch.setattr(pipeline, "read_input", lambda p: read.append(p.name) or real(p))
    monkeypatch.setattr(proofing, "read_input", lambda p: read.append(p.name) or real(p))
    check(built_samples)  # proofreading keeps what it found in unchanged files without reading them either
    assert read == []
    os.utime(path, ns=(past + 1, past + 1))  # same size, another time: read, and found unchanged
    seen = validated(monkeypatch)
    read_catalog(built_samples)
    assert read == ["08.yaml"] and seen == []


def test_an_index_older_than_a_folder_file_is_not_trusted_for_it(built_samples, monkeypatch):
    """A build stopped after writing a folder's file and before the index: that folder's models come from its file."""
    from jianbao.reader.cache import INDEX

    index = (built_samples.validated_cache / INDEX).read_bytes()
    path = built_samples.root / ISSUE_08
    path.write_text(path.read_text(encoding="utf-8").replace("严把工程质量。", "严把工程质量关。"), encoding="utf-8")
    build(built_samples, options=RenderOptions(jobs=1))
    (built_samples.validated_cache / INDEX).write_bytes(index)
    issues = {i.source: i for i in read_catalog(built_samples)[0].issues}
    assert not is_deferred(issues[ISSUE_08]) and "严把工程质量关。" in str(issues[ISSUE_08])
    assert is_deferred(issues["bulletins/dudao/2017/03.yaml"])  # another folder: its file is as the index knew it


def test_only_the_bodies_last_used_stay_in_memory(built_samples, monkeypatch):
    """A cold build walks every issue's body stage by stage; it holds a few of them, not all (issue 21)."""
    import gc

    from jianbao import deferrable

    monkeypatch.setattr(deferrable, "LOADED_MAX", 2)
    for file in built_samples.validated_cache.iterdir():
        file.unlink()
    issues = read_catalog(built_samples)[0].issues  # validated now: summaries too
    assert len(issues) > 2 and all(is_deferred(i) for i in issues)
    first = issues[0].articles
    assert issues[0].articles is first  # the same body while it is among the last used
    texts = [str(i.articles) for i in issues]
    gc.collect()
    alive = sum(isinstance(o, Issue) and not is_deferred(o) for o in gc.get_objects())
    assert alive <= 2 and issues[0].articles == first and [str(i.articles) for i in issues] == texts


def test_the_collector_paused_while_issues_load_runs_again_after(built_samples, monkeypatch):
    import gc

    during: list[bool] = []
    load_issues = pipeline.load_issues
    monkeypatch.setattr(pipeline, "load_issues", lambda *a, **k: during.append(gc.isenabled()) or load_issues(*a, **k))
    read_catalog(built_samples)
    assert during == [False] and gc.isenabled()
    path = built_samples.root / "bulletins/gaibo/2017/08.yaml"
    path.write_text("series: gaibo\nnumber: [\n", encoding="utf-8")  # a load that ends in problems
    with pytest.raises(InputError):
        read_catalog(built_samples)
    assert gc.isenabled()
