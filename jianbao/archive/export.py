"""The archive export: a year's or a series' archived issues as one zip, every file with its SHA-256, and per-issue metadata.

The package is what an archive system imports (docs/archive.md, 存档包): the archived files as
publish froze them (hash-checked on the way in), manifest.json in a documented schema, and
目录.csv, the same issues one row each for a spreadsheet. Nothing reads the clock: the same
archive gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from jianbao.archive.freeze import issue_key, load_manifest, read_version, sha256
from jianbao.errors import ArchiveError
from jianbao.escape import csv_cell
from jianbao.model import Issue

SCHEMA = "jianbao-archive-export/1"
MANIFEST_NAME = "manifest.json"
CATALOGUE_NAME = "目录.csv"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CSV_COLUMNS = ["系列", "年度", "期号", "总期号", "题名", "责任者", "日期", "密级", "保管期限", "版本数", "最新版本",
               "更正", "文件夹"]


@dataclass(frozen=True)
class Exported:
    data: bytes  # the zip
    issues: int
    files: int


def _roles(version: dict) -> dict[str, str]:
    """What each special file of a version is, in the terms of an archivist."""
    copies = version.get("copies") or {}
    finished = version.get("hand_finished") or {}
    roles = {version["source"].rsplit("/", 1)[-1]: "源文件"}
    if copies.get("pdf"):
        roles[copies["pdf"]] = "版式文件（PDF/A-2b）"
    if copies.get("ofd"):
        roles[copies["ofd"]] = "版式文件（OFD，GB/T 33190-2016）"
    if copies.get("from"):
        roles[copies["from"]] = "正本（Word）" + ("，手工定稿" if finished else "")
    if finished.get("changes"):
        roles[finished["changes"]] = "手工定稿与生成稿的文字差异"
    return roles


def export_archive(root, issues: Iterable[Issue], *, series: str | None, year: int | None,
                   tool: str) -> Exported:
    """The package of every archived issue among `issues` of the series and/or year asked for."""
    chosen = sorted((i for i in issues if (series is None or i.series.id == series) and (year is None or i.year == year)),
                    key=lambda i: (i.series.id, i.year, i.supplement, i.number))
    manifests: dict[str, dict] = {}
    entries, files = [], {}
    for issue in chosen:
        if issue.series.id not in manifests:
            manifests[issue.series.id] = load_manifest(root, issue.series.id)
        entry = manifests[issue.series.id]["issues"].get(issue_key(issue))
        if entry is None:
            continue  # a draft, or published but not yet archived: not part of the archive
        versions = []
        for version in entry["versions"]:
            folder = f"{issue.slug}/v{version['version']}"
            source_name = version["source"].rsplit("/", 1)[-1]
            found = read_version(root, issue, {**version, "files": {source_name: version["source_sha256"],
                                                                     **version["files"]}}, f"{folder}/")
            roles = _roles(version)
            listed = []
            for art in found:
                files[art.path] = art.data
                name = art.path[len(folder) + 1:]
                listed.append({"path": art.path, "sha256": sha256(art.data), "size": len(art.data),
                               **({"用途": roles[name]} if name in roles else {})})
            correction = version.get("correction")
            versions.append({
                "版本": version["version"], "日期": version["date"],
                "更正": {"原因": correction["reason"], "日期": correction["date"]} if correction else None,
                "手工定稿": bool(version.get("hand_finished")), "文件": listed})
        entries.append({
            "系列": issue.series.title, "系列代码": issue.series.id, "年度": issue.year,
            "期号": issue.number_label, "总期号": issue.total_label or None,
            "题名": issue.headline, "责任者": issue.series.issuer, "日期": issue.date.isoformat(),
            "密级": issue.secrecy or issue.series.classification or None,
            "保密期限": issue.secrecy_period or None, "保管期限": issue.series.retention or None,
            "文件夹": issue.slug, "versions": versions})
    if not entries:
        scope = "、".join(filter(None, [f"系列 {series}" if series else "", f"{year} 年" if year else ""])) or "本项目"
        raise ArchiveError(f"{scope}没有已存档的简报（先用 python build.py publish 存档已印发的各期），未生成存档包")
    catalogue = _catalogue(entries)
    files[CATALOGUE_NAME] = catalogue
    manifest = {
        "schema": SCHEMA, "generated_by": tool,
        "scope": {"series": series, "year": year},
        "issues": entries,
        "files": [{"path": p, "sha256": sha256(d), "size": len(d)} for p, d in sorted(files.items())],
    }
    files[MANIFEST_NAME] = (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()
    return Exported(_zip(files), len(entries), len(files))


def _catalogue(entries: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        last = e["versions"][-1]
        corrections = "；".join(f"{v['更正']['日期']} {v['更正']['原因']}" for v in e["versions"] if v["更正"])
        writer.writerow([e["系列"], e["年度"], e["期号"], e["总期号"] or "", _cell(e["题名"]), _cell(e["责任者"]),
                         e["日期"], e["密级"] or "", e["保管期限"] or "", len(e["versions"]), last["版本"],
                         _cell(corrections), e["文件夹"]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM lets Excel read UTF-8


def _cell(text: str) -> str:
    return csv_cell(text)


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name in [MANIFEST_NAME, CATALOGUE_NAME, *sorted(n for n in files if n not in (MANIFEST_NAME, CATALOGUE_NAME))]:
            entry = zipfile.ZipInfo(name, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.flag_bits |= 0x800  # names in UTF-8 (目录.csv)
            package.writestr(entry, files[name])
    return out.getvalue()
