"""Benchmark: build a synthetic archive and time cold, unchanged and one-change rebuilds (not a test)."""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGIONS = ["乌鲁木齐市", "克拉玛依市", "吐鲁番市", "哈密市", "昌吉州", "博州", "巴州", "阿克苏地区",
           "克州", "喀什地区", "和田地区", "伊犁州", "塔城地区", "阿勒泰地区"]

SERIES = """\
title: 工作简报
program: 自治区全面改善农村义务教育薄弱学校基本办学条件
issuer: 自治区“全面改薄”厅际协调小组办公室
show_total: true
distribution:
  - {label: 报, to: 教育部全面改薄工作办公室}
  - {label: 发, to: 各地（州、市）、县（市、区）教育局}
copies: 60
"""


def issue_text(n: int, rng: random.Random, extra: str = "") -> str:
    year, number = 2000 + (n - 1) // 24, (n - 1) % 24 + 1
    month = (number - 1) // 2 + 1
    early, late = rng.randint(10, 50), rng.randint(51, 99)
    rows = "\n".join(f"      {r}: [{rng.randint(40, 100)}, {rng.randint(40, 100)}]" for r in REGIONS)
    paragraph = ("截至{{ rate.latest_period }}底，全区校舍建设竣工率达到{{ rate.latest }}，"
                 "比{{ rate.first_period }}提高明显，低于目标的有{{ regions.below_target }}。" * 3)
    articles = []
    for a in range(3):
        articles.append(f"""\
  - title: 第{a + 1}篇 全区工作进展情况通报{extra}
    release: {"public" if a == 0 else "internal"}
    body: |
      {paragraph}

      # 总体进展

      {paragraph}
    highlights:
      - lead: 高位推动，强力推进。
        text: 自治区专题听取汇报，部署下一阶段工作。{extra}
      - lead: 强化督查，推动落地见效。
        text: 分组对各地开展专项督导。
""")
    articles[0] += """\
    tables: [regions]
    charts:
      - {kind: progress, figures: [rate]}
      - {kind: ranking, figures: [regions]}
"""
    return f"""\
series: bench
number: {number}
date: {year}-{month:02d}-{min(28, number):02d}
figures:
  rate:
    label: 校舍建设竣工率
    unit: "%"
    target: 70
    values: {{{year - 1}-12: {early}, {year}-{month:02d}: {late}}}
  regions:
    label: 各地州市进度
    unit: "%"
    target: 70
    columns: [竣工率, 采购完成率]
    rows:
{rows}
articles:
{"".join(articles)}"""


def make_archive(root: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    (root / "content" / "series").mkdir(parents=True)
    (root / "content" / "series" / "bench.yaml").write_text(SERIES, encoding="utf-8")
    paths = []
    for n in range(1, count + 1):
        text = issue_text(n, rng)
        year, number = 2000 + (n - 1) // 24, (n - 1) % 24 + 1
        path = root / "bulletins" / "bench" / str(year) / f"{number:02d}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def timed_build(root: Path, *args: str) -> tuple[float, int, str]:
    """Seconds, peak RSS (MiB) and stderr of one `python build.py` run, process start included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--quiet", "--root", str(root), *args],
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    seconds = time.perf_counter() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) // 1024
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr}")
    return seconds, peak, result.stderr


def _children_cpu() -> float:
    """User plus system CPU seconds of every finished child process so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def imports_matplotlib(root: Path) -> bool:
    """Does an incremental build import matplotlib? (-X importtime lists every import.)"""
    result = subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "build.py"), "--quiet",
                             "--root", str(root)], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    return "matplotlib" in result.stderr


def pandoc_ratio(count: int = 20) -> dict:
    """Our cold build of `count` issues against pandoc's markdown → docx and → html of the same texts.

    Both sides start a process per run as an editor would; ours also draws two charts per issue,
    which pandoc does not, so the ratio overstates what the markup alone costs.
    """
    if not shutil.which("pandoc"):
        return {"pandoc": "not installed: no comparison"}
    root = Path(tempfile.mkdtemp(prefix="jianbao-pandoc-"))
    try:
        paths = make_archive(root, count)
        ours, _, _ = timed_build(root)
        texts = root / "md"
        texts.mkdir()
        start = time.perf_counter()
        for path in paths:
            markdown = "\n\n".join(_bodies(path.read_text(encoding="utf-8")))
            source = texts / f"{path.stem}-{path.parent.name}.md"
            source.write_text(markdown, encoding="utf-8")
            for fmt in ("docx", "html"):
                subprocess.run(["pandoc", str(source), "-o", str(source.with_suffix(f".{fmt}"))], check=True)
        theirs = time.perf_counter() - start
        return {"pandoc_issues": count, "ours_s": round(ours, 2), "pandoc_s": round(theirs, 2),
                "ours_over_pandoc": round(ours / theirs, 2)}
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _bodies(text: str) -> list[str]:
    """The markdown bodies of a synthetic issue (indented block scalars after `body: |`)."""
    out, inside = [], False
    for line in text.splitlines():
        if line.strip() == "body: |":
            inside, out = True, out + [""]
            continue
        if inside and (line.startswith("      ") or not line.strip()):
            out[-1] += line[6:] + "\n"
        else:
            inside = False
    return out


def scaling(counts: list[int]) -> dict:
    """Cold builds of several archive sizes, and the time per issue between the smallest and largest."""
    times = {}
    for count in counts:
        root = Path(tempfile.mkdtemp(prefix="jianbao-scale-"))
        try:
            make_archive(root, count)
            times[count], _, _ = timed_build(root)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    low, high = min(times), max(times)
    slope = (times[high] - times[low]) / (high - low) if high > low else 0.0
    return {"cold_s_by_issues": {n: round(t, 2) for n, t in sorted(times.items())},
            "seconds_per_issue": round(slope, 3), "fixed_start_s": round(times[low] - slope * low, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--issues", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the synthetic archive")
    parser.add_argument("--scaling", metavar="N,N,…",
                        help="only time cold builds of these sizes (e.g. 25,100,300) to check growth is linear")
    parser.add_argument("--cold-runs", type=int, default=1, metavar="N",
                        help="time the cold build N times (this machine's speed varies by up to 15 %% "
                             "from minute to minute) and report each time and the median")
    args = parser.parse_args()
    if args.scaling:
        print(json.dumps(scaling([int(n) for n in args.scaling.split(",")]), indent=2))
        return
    roots = [Path(tempfile.mkdtemp(prefix="jianbao-bench-")) for _ in range(args.cold_runs)]
    try:
        results = {"issues": args.issues, "cpus": os.cpu_count()}
        colds, peaks, cpus = [], [], []
        # Each cold run gets its own fresh archive: deleting the last run's thousands of files just
        # before would make the file system's inode allocation slower than on an editor's machine.
        for root in roots:
            paths = make_archive(root, args.issues)
            before = _children_cpu()
            seconds, peak, _ = timed_build(root)
            colds.append(round(seconds, 2))
            cpus.append(round(_children_cpu() - before, 1))
            peaks.append(peak)
        results["cold_full_build_s"] = colds[0] if len(colds) == 1 else colds
        if len(colds) > 1:
            results["cold_full_build_median_s"] = statistics.median(colds)
        results["cold_cpu_s"] = cpus[0] if len(cpus) == 1 else cpus
        results["cold_peak_mib"] = max(peaks)
        results["unchanged_rebuild_s"], _, _ = timed_build(root)
        target = paths[len(paths) // 2]
        target.write_text(target.read_text(encoding="utf-8").replace("部署下一阶段工作", "部署下一步工作", 1),
                          encoding="utf-8")
        results["one_text_change_s"], _, _ = timed_build(root)
        target.write_text(target.read_text(encoding="utf-8").replace("部署下一步工作", "部署后续工作", 1),
                          encoding="utf-8")
        results["text_change_imports_matplotlib"] = imports_matplotlib(root)
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("target: 70\n    values", "target: 71\n    values", 1), encoding="utf-8")
        results["one_figure_change_s"], _, _ = timed_build(root)
        results.update(pandoc_ratio())
        print(json.dumps(results, ensure_ascii=False, indent=2))
    finally:
        for root in roots if not args.keep else roots[:-1]:
            shutil.rmtree(root, ignore_errors=True)
        if args.keep:
            print(f"archive kept in {roots[-1]}", file=sys.stderr)


if __name__ == "__main__":
    main()
