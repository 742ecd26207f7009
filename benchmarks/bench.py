"""Benchmark: build a synthetic archive and time cold, unchanged and one-change rebuilds (not a test)."""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
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


YEARS_PER_SERIES, ISSUES_PER_YEAR = 25, 24  # an archive of decades: 600 issues a series, then the next series


def place(n: int) -> tuple[str, int, int]:
    """Series id, year and 期号 of the benchmark's n-th issue (from 1): 300 issues are one series of
    13 years; 3,000 are five series of 25 years (a year past 2107 would not be an office's)."""
    series, within = divmod(n - 1, YEARS_PER_SERIES * ISSUES_PER_YEAR)
    year, number = divmod(within, ISSUES_PER_YEAR)
    return ("bench" if series == 0 else f"bench{series + 1}"), 2000 + year, number + 1


def issue_text(n: int, rng: random.Random, extra: str = "", published: bool = False) -> str:
    series, year, number = place(n)
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
    status = "status: published\n" if published else ""
    return f"""\
series: {series}
{status}number: {number}
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


def make_archive(root: Path, count: int, seed: int = 7, published: bool = False) -> list[Path]:
    rng = random.Random(seed)
    (root / "content" / "series").mkdir(parents=True)
    paths = []
    for n in range(1, count + 1):
        text = issue_text(n, rng, published=published)
        series, year, number = place(n)
        series_file = root / "content" / "series" / f"{series}.yaml"
        if not series_file.exists():
            title = "工作简报" if series == "bench" else f"工作简报（{series.removeprefix('bench')}）"
            series_file.write_text(SERIES.replace("title: 工作简报", f"title: {title}"), encoding="utf-8")
        path = root / "bulletins" / series / str(year) / f"{number:02d}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    # An archive of decades was not all saved a moment ago: files saved just before a build are
    # not trusted by the next one's unchanged-build check (pipeline/uptodate.py, racily clean).
    past = time.time_ns() - 3600 * 1_000_000_000
    for path in [*paths, *(root / "content" / "series").iterdir()]:
        os.utime(path, ns=(past, past))
    return paths


TREE: dict[str, float] = {}  # the last timed build's process tree: peak summed RSS and PSS, largest process (MiB), CPU s


def _tree(pid: int) -> list[int]:
    """pid and every process descended from it (Linux /proc; [] elsewhere)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    parent = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        found.append(todo.pop())
        todo += children.get(found[-1], [])
    return found


def _memory(pid: int) -> tuple[int, int]:
    """RSS and PSS in KiB of one process (PSS shares each page among the processes that map it)."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return rss, pss


def _cpu(pid: int) -> float:
    """User plus system CPU seconds of one process so far (Linux /proc; 0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _watch_tree(proc: subprocess.Popen, peaks: dict[str, int]) -> None:
    """Sample the build's process tree every 50 ms: the largest sum of RSS and of PSS seen, the
    largest single process, and each process's CPU time (its last sample).

    The render workers are forked from a fork server, not from the build process, so they are not
    its children to getrusage: only sampling sees them.
    """
    cpu: dict[int, float] = {}
    while proc.poll() is None:
        rss = pss = 0
        for pid in _tree(proc.pid):
            r, p = _memory(pid)
            rss, pss = rss + r, pss + p
            peaks["largest_mib"] = max(peaks.get("largest_mib", 0), r // 1024)
            cpu[pid] = max(cpu.get(pid, 0.0), _cpu(pid))
        peaks["tree_rss_mib"] = max(peaks.get("tree_rss_mib", 0), rss // 1024)
        peaks["tree_pss_mib"] = max(peaks.get("tree_pss_mib", 0), pss // 1024)
        peaks["cpu_s"] = round(sum(cpu.values()), 1)
        time.sleep(0.05)


def timed_build(root: Path, *args: str) -> tuple[float, int, str]:
    """Seconds, peak RSS (MiB, the largest process) and stderr of one `python build.py` run, process
    start included; TREE gets the peak of the whole process tree (main process and render workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--quiet", "--root", str(root), *args],
                                stdout=subprocess.DEVNULL, stderr=err, env={**os.environ, "PYTHONPATH": str(ROOT)})
        TREE.clear()
        watcher = threading.Thread(target=_watch_tree, args=(proc, TREE), daemon=True)
        watcher.start()
        proc.wait()
        seconds = time.perf_counter() - start
        watcher.join()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) // 1024
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{stderr}")
    return seconds, peak, stderr


REBUILDS = ("unchanged_rebuild_s", "one_text_change_s", "one_figure_change_s")  # as rebuild_round times them


def rebuild_round(root: Path, target: Path, run: int) -> tuple[float, float, float]:
    """Seconds of an unchanged rebuild, then of one after `target`'s text changed, then of one after
    one of its figures changed (a chart drawn again); `run` makes each round's changes new."""
    past = time.time_ns() - 3600 * 1_000_000_000
    os.utime(target, ns=(past, past))  # as an archive's files are: the last edit is not a moment ago
    timed_build(root)  # brings the archive up to date after the last round's changes
    unchanged = timed_build(root)[0]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("部署", f"部署{run}", 1), encoding="utf-8")
    changed_text = timed_build(root)[0]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("target: 70\n    values", f"target: {71 + run}\n    values", 1)
                      .replace(f"target: {70 + run}\n    values", f"target: {71 + run}\n    values", 1),
                      encoding="utf-8")
    return unchanged, changed_text, timed_build(root)[0]


def preview_latency(root: Path, target: Path, runs: int = 3) -> dict:
    """Seconds from saving an issue file to its reloaded page in Chromium (the live preview's
    `serve`), for a text change and a changed figure: the median of `runs` each."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"preview": "playwright not installed: not measured"}
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Its messages go to a file: a pipe nobody reads fills up with a first build's 3,000 progress
    # lines, and the server then waits for ever on its next one.
    log = tempfile.TemporaryFile()
    server = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--root", str(root),
                               "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    results: dict[str, list[float]] = {"preview_text_change_s": [], "preview_figure_change_s": []}
    try:
        url = f"http://127.0.0.1:{port}/" + target.relative_to(root / "bulletins").with_suffix("").as_posix() + "/index.html"
        with sync_playwright() as pw:
            browser = _chromium(pw)
            page = browser.new_page()
            for _ in range(600):  # the first build of a large archive takes a while
                try:
                    page.goto(url, timeout=2000)
                    if page.locator("body").count():
                        break
                except Exception:
                    time.sleep(0.5)
            loads: list[float] = []
            page.on("load", lambda _: loads.append(time.perf_counter()))
            text = target.read_text(encoding="utf-8")
            for run in range(runs):
                for name, old, new in (("preview_text_change_s", "部署", f"部署{run}"),
                                       ("preview_figure_change_s", r"target: \d+\n    values", f"target: {72 + run}\n    values")):
                    time.sleep(1.0)
                    before = _settled_version(page, port)
                    start = time.perf_counter()
                    text = re.sub(old, new, text, count=1)  # the figure's target: its chart is redrawn
                    target.write_text(text, encoding="utf-8")
                    # The load of a page built after the save: a load already under way (a rebuild of the
                    # last change that ended late) would otherwise be counted, as 0.0 s.
                    while _shown_version(page) <= before or not loads or loads[-1] < start:
                        if time.perf_counter() - start > 120:
                            raise TimeoutError(f"{name}: the page did not reload within 120 s")
                        time.sleep(0.01)
                    results[name].append(loads[-1] - start)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    return {name: round(statistics.median(times), 2) for name, times in results.items() if times}


def _shown_version(page) -> int:
    """The version the open page was served at (its reload script's data-version), -1 while it loads."""
    try:
        return int(page.locator("script[data-version]").get_attribute("data-version", timeout=1000))
    except Exception:
        return -1


def _settled_version(page, port: int) -> int:
    """The preview's version once the open page shows it: no rebuild or reload is still under way.
    A changed issue's page is told before the archive pages are rebuilt: an editor's next save
    comes after both, so the next measure waits for the second too."""
    while True:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/__jianbao/version", timeout=30) as response:
            answer = json.loads(response.read())
        if not answer.get("building") and _shown_version(page) == answer["version"]:
            return answer["version"]
        time.sleep(0.2)


def _chromium(pw):
    """Playwright's own Chromium when it has downloaded one, else the system's (as tests/conftest.py)."""
    try:
        return pw.chromium.launch()
    except Exception:  # "Executable doesn't exist": `playwright install` was never run here
        system = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
        return pw.chromium.launch(executable_path=system, args=["--no-sandbox", "--disable-gpu"])


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
    parser.add_argument("--published", action="store_true",
                        help="every issue status: published, so the public site has a page per issue")
    parser.add_argument("--rebuild-runs", type=int, default=3, metavar="N",
                        help="time each rebuild N times and report the median (default 3)")
    parser.add_argument("--preview", action="store_true",
                        help="also time the live preview in Chromium: saving a file to the reloaded page")
    parser.add_argument("--no-pandoc", action="store_true", help="skip the comparison with pandoc")
    parser.add_argument("--against", type=int, default=0, metavar="N",
                        help="also build an archive of N issues and time its rebuilds in turn with the "
                             "first's, round by round, with the ratios (e.g. --issues 3000 --against 300)")
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
        colds, peaks, cpus, trees = [], [], [], []
        # Each cold run gets its own fresh archive: deleting the last run's thousands of files just
        # before would make the file system's inode allocation slower than on an editor's machine.
        for root in roots:
            paths = make_archive(root, args.issues, published=args.published)

            seconds, peak, _ = timed_build(root)
            trees.append(dict(TREE))
            colds.append(round(seconds, 2))
            cpus.append(TREE.get("cpu_s", 0.0))  # sampled: a little short of the truth
            peaks.append(max(peak, TREE.get("largest_mib", 0)))
        results["cold_full_build_s"] = colds[0] if len(colds) == 1 else colds
        if len(colds) > 1:
            results["cold_full_build_median_s"] = statistics.median(colds)
        results["cold_cpu_s"] = cpus[0] if len(cpus) == 1 else cpus
        results["published"] = args.published
        results["cold_peak_mib"] = max(peaks)  # the largest single process
        results["cold_tree_peak_rss_mib"] = max(t.get("tree_rss_mib", 0) for t in trees)  # all processes, summed
        results["cold_tree_peak_pss_mib"] = max(t.get("tree_pss_mib", 0) for t in trees)  # shared pages counted once
        archives = [(root, paths[len(paths) // 2])]
        if args.against:
            other = Path(tempfile.mkdtemp(prefix="jianbao-bench-against-"))
            roots.insert(0, other)  # removed with the others (the last is the one --keep keeps)
            others = make_archive(other, args.against, published=args.published)
            results["against"] = {"issues": args.against, "cold_full_build_s": round(timed_build(other)[0], 2)}
            archives.append((other, others[len(others) // 2]))
        # Alternated round by round: this machine's speed drifts from minute to minute, and the
        # two sizes are compared with each other.
        times = [rebuild_round(where, target, run) for run in range(args.rebuild_runs) for where, target in archives]
        for n, into in enumerate([results, results.get("against")][:len(archives)]):
            mine = times[n::len(archives)]
            for k, name in enumerate(REBUILDS):
                into[name] = round(statistics.median(t[k] for t in mine), 3)
        if args.against:
            results["against"]["ratios"] = {name: round(results[name] / results["against"][name], 2)
                                            for name in REBUILDS}
        target = archives[0][1]
        target.write_text(target.read_text(encoding="utf-8").replace("部署", "部署后续", 1), encoding="utf-8")
        results["text_change_imports_matplotlib"] = imports_matplotlib(root)
        if args.preview:
            results.update(preview_latency(root, paths[-1]))
        if not args.no_pandoc:
            results.update(pandoc_ratio())
        print(json.dumps(results, ensure_ascii=False, indent=2))
    finally:
        for root in roots if not args.keep else roots[:-1]:
            shutil.rmtree(root, ignore_errors=True)
        if args.keep:
            print(f"archive kept in {roots[-1]}", file=sys.stderr)


if __name__ == "__main__":
    main()
