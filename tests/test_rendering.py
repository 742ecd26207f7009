"""Incremental and parallel rendering: unchanged issues are not rendered again, and processes change no byte."""

from __future__ import annotations

import subprocess
import sys

import jianbao.pipeline.render_issues as rendering
from jianbao.pipeline.build import build
from jianbao.pipeline.render_issues import RenderOptions

from project_helpers import ROOT, copy_samples

ISSUE_08 = "bulletins/gaibo/2017/08.yaml"


def spy(monkeypatch) -> list[str]:
    rendered = []
    real = rendering._job

    def job(issue, out, pdf, version=1):
        rendered.append(issue.source)
        return real(issue, out, pdf, version)

    monkeypatch.setattr(rendering, "_job", job)
    return rendered


def test_nothing_changed_renders_and_writes_nothing(built_samples, monkeypatch):
    rendered = spy(monkeypatch)
    assert build(built_samples, options=RenderOptions(jobs=1)) == []
    assert rendered == []


def test_one_changed_issue_is_the_only_one_rendered(built_samples, monkeypatch):
    path = built_samples.root / ISSUE_08
    path.write_text(path.read_text(encoding="utf-8").replace("严把工程质量。", "严把工程质量关。"), encoding="utf-8")
    rendered = spy(monkeypatch)
    written = build(built_samples, options=RenderOptions(jobs=1))
    assert rendered == [ISSUE_08]
    assert built_samples.out / "gaibo/2017/08/gaibo-2017-08.docx" in written
    assert not any("gaibo/2017/07/" in str(p) for p in written)


def test_a_damaged_output_is_rendered_again(built_samples, monkeypatch):
    docx = built_samples.out / "gaibo/2017/07/gaibo-2017-07.docx"
    whole = docx.read_bytes()
    # Saved as programs save (a temp renamed over it): an unchanged rebuild sees its folder changed.
    temp = docx.with_name("saving.tmp")
    temp.write_bytes(whole[: len(whole) // 2])
    temp.replace(docx)
    rendered = spy(monkeypatch)
    build(built_samples, options=RenderOptions(jobs=1))
    assert rendered == ["bulletins/gaibo/2017/07.yaml"]
    assert docx.read_bytes() == whole


def test_parallel_rendering_gives_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(rendering, "PARALLEL_FROM", 2)
    serial, parallel = copy_samples(tmp_path / "serial"), copy_samples(tmp_path / "parallel")
    build(serial, options=RenderOptions(jobs=1))
    build(parallel, options=RenderOptions(jobs=2))
    files = sorted(p.relative_to(serial.out) for p in serial.out.rglob("*") if p.is_file() and ".cache" not in p.parts)
    assert files == sorted(p.relative_to(parallel.out) for p in parallel.out.rglob("*")
                           if p.is_file() and ".cache" not in p.parts)
    for rel in files:
        assert (serial.out / rel).read_bytes() == (parallel.out / rel).read_bytes(), rel


def test_the_key_does_not_depend_on_the_hash_seed():
    code = ("import sys; sys.path[:0] = ['tests', '.']\n"
            "from model_fixtures import demo_issue\n"
            "from jianbao.pipeline.incremental import issue_key\n"
            "print(issue_key(demo_issue(), 'pdf=False'))")
    keys = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}).stdout for seed in ("1", "2", "3")}
    assert len(keys) == 1


def test_an_issue_whose_total_number_moves_is_rendered_again(built_samples, monkeypatch):
    """总第N期 is set after validation: an earlier issue added later shifts it, and the key must see that."""
    later = built_samples.root / "bulletins/dudao/2017/03.yaml"
    earlier = later.with_name("02.yaml")
    earlier.write_text(later.read_text(encoding="utf-8").replace("number: 3", "number: 2")
                       .replace("date: 2017-11-15", "date: 2017-10-15"), encoding="utf-8")
    rendered = spy(monkeypatch)
    build(built_samples, options=RenderOptions(jobs=1))
    assert sorted(rendered) == ["bulletins/dudao/2017/02.yaml", "bulletins/dudao/2017/03.yaml"]
    assert "总第44期" in (built_samples.out / "dudao/2017/03/index.html").read_text(encoding="utf-8")


def test_with_a_pool_the_archive_trend_charts_are_drawn_by_the_workers(tmp_path, monkeypatch):
    """The main process would otherwise draw them after every issue is done; it renders issues too."""
    import jianbao.charts.draw as charts
    from jianbao.archive.figures import trend_carriers
    from jianbao.pipeline.build import read_catalog

    monkeypatch.setattr(rendering, "PARALLEL_FROM", 2)
    drawn_here = []
    real = charts._draw
    monkeypatch.setattr(charts, "_draw", lambda *args: drawn_here.append(args[0].title) or real(*args))
    project = copy_samples(tmp_path)
    rendered_here = spy(monkeypatch)
    build(project, options=RenderOptions(jobs=2))
    catalog, _ = read_catalog(project)
    trends = {spec.title for carrier in trend_carriers(catalog.issues) for spec in carrier.charts}
    assert trends and sorted(project.out.glob("*/figures/*.svg")), "the samples have trend charts"
    assert rendered_here and len(rendered_here) < len(catalog.issues)  # the main process took its share
    assert not trends & set(drawn_here)  # a worker (a separate process) drew every trend chart
    build(project, options=RenderOptions(jobs=1))  # and a serial build still draws them itself


# ---------------------------------------------------------------- chart cache pruning

def chart_entries(project) -> set[str]:
    return {p.name for p in (project.out / ".cache" / "charts").iterdir()}


def test_a_full_build_drops_the_chart_an_edited_figure_replaced(built_samples):
    from jianbao.archive.figures import trend_carriers
    from jianbao.charts.draw import chart_keys
    from jianbao.pipeline.build import read_catalog

    before = chart_entries(built_samples)
    path = built_samples.root / ISSUE_08
    path.write_text(path.read_text(encoding="utf-8").replace("2017-08: 73,", "2017-08: 74,", 1), encoding="utf-8")
    build(built_samples, options=RenderOptions(jobs=1))
    after = chart_entries(built_samples)
    catalog, _ = read_catalog(built_samples)
    edited = next(i for i in catalog.issues if i.source == ISSUE_08)
    gone, new = before - after, after - before
    assert gone and new, "the edit should replace at least one chart"
    trends = {key for carrier in trend_carriers(catalog.issues) for key in chart_keys(carrier)}
    # New: the edited issue's chart and the archive's trend chart of that figure.
    assert {name.split(".")[0] for name in new} <= set(chart_keys(edited)) | trends
    # Each kept entry is complete: png, svg and the json that vouches for them.
    assert all(len({n for n in after if n.startswith(key)}) == 3 for key in {n.split(".")[0] for n in after})
    assert not any(name.endswith(".tmp") for name in after)


def test_unused_entries_survive_a_selected_build_and_go_with_the_next_full_one(built_samples):
    cache = built_samples.out / ".cache" / "charts"
    stray = ["ab" * 32 + ext for ext in (".png", ".svg", ".json")]
    for name in stray:
        (cache / name).write_bytes(b"from an older style")
    (cache / "notes.txt").write_text("not ours", encoding="utf-8")
    build(built_samples, [built_samples.root / ISSUE_08], options=RenderOptions(jobs=1))
    assert set(stray) <= chart_entries(built_samples)
    build(built_samples, options=RenderOptions(jobs=1))
    assert not set(stray) & chart_entries(built_samples)
    assert "notes.txt" in chart_entries(built_samples)
    assert build(built_samples, options=RenderOptions(jobs=1)) == []  # every chart still in use


def test_a_record_without_chart_keys_keeps_the_cache_whole(built_samples):
    import json

    record = built_samples.out / ".cache/outputs/gaibo-2017-07.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    del data["charts"]
    record.write_text(json.dumps(data), encoding="utf-8")
    stray = built_samples.out / ".cache" / "charts" / ("cd" * 32 + ".png")
    stray.write_bytes(b"unknown")
    build(built_samples, options=RenderOptions(jobs=1))
    assert stray.exists()
