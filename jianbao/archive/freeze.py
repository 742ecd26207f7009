"""Published issues are frozen: their manifest (bulletins/<series>/archive.json), the check, and publish."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from jianbao.archive.finished import CHANGES_SUFFIX, Finished
from jianbao.errors import ArchiveError
from jianbao.model import Correction, Issue
from jianbao.project import ARCHIVE_DIR, BULLETINS_DIR
from jianbao.project import ARCHIVE_MANIFEST as MANIFEST
from jianbao.write import Artifact, write_atomic


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def issue_key(issue: Issue) -> str:
    """The issue's place in its series manifest: <year>/<nn> (增刊 <year>/zk<nn>)."""
    return issue.slug.split("/", 1)[1]


def correction_record(correction: Correction | None) -> dict | None:
    if correction is None:
        return None
    return {"reason": correction.reason, "date": correction.date.isoformat()}


def manifest_path(root: Path, series_id: str) -> Path:
    return root / BULLETINS_DIR / series_id / MANIFEST


def load_manifest(root: Path, series_id: str) -> dict:
    """The series manifest, or an empty one; a damaged manifest stops the build (it is the record)."""
    path = manifest_path(root, series_id)
    if not path.exists():
        return {"series": series_id, "issues": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data.get("issues"), dict):
            raise ValueError("issues")
    except (ValueError, OSError, AttributeError) as exc:
        raise ArchiveError(f"存档清单 {BULLETINS_DIR.as_posix()}/{series_id}/{MANIFEST} 已损坏（{exc}），"
                           "请从版本库中恢复该文件") from None
    return data


def dump_manifest(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def outputs_of(issue: Issue, artifacts: Iterable[Artifact]) -> dict[str, bytes]:
    """The issue's own outputs by path inside its folder (earlier versions under v<k>/ excluded)."""
    prefix = issue.slug + "/"
    out = {}
    for art in artifacts:
        if art.path.startswith(prefix):
            name = art.path[len(prefix):]
            first = PurePosixPath(name).parts[0]
            if not (first.startswith("v") and first[1:].isdigit()):
                out[name] = art.data
    return out


def version_of(issue: Issue, manifest: dict) -> int:
    """The version the issue's file makes: 1 before it is archived, the next one for a new 更正."""
    entry = manifest["issues"].get(issue_key(issue))
    if entry is None:
        return 1
    last = entry["versions"][-1]
    correction = correction_record(issue.correction)
    pending = correction is not None and correction != last.get("correction")
    return last["version"] + 1 if pending else last["version"]


@dataclass(frozen=True)
class Frozen:
    """What the archive knows of one issue: its recorded versions, and whether a correction awaits publish."""

    issue: Issue
    versions: tuple[dict, ...]
    pending: bool = False

    @property
    def earlier(self) -> tuple[dict, ...]:
        """Versions that the current build no longer produces: they are served from archive/."""
        return self.versions if self.pending else self.versions[:-1]


def derived_files(version: dict) -> set[str]:
    """The files of a version made from its issued .docx, not rendered: the PDF/A, the OFD, the
    diff of a hand-finished .docx. A render is never compared with them."""
    copies = version.get("copies") or {}
    finished = version.get("hand_finished") or {}
    return {name for name in (copies.get("pdf"), copies.get("ofd"), finished.get("changes")) if name}


def _same(name: str, data: bytes, digest: str, version: dict) -> bool:
    """Whether a rendered output is what the version recorded; a hand-finished .docx stands for the
    generated one it replaced."""
    finished = version.get("hand_finished") or {}
    return sha256(data) in (digest, finished.get("generated_sha256") if finished.get("file") == name else None)


def _differences(root: Path, issue: Issue, outputs: Mapping[str, bytes], last: dict) -> list[str]:
    found = []
    source = root / issue.source
    if not source.is_file() or sha256(source.read_bytes()) != last["source_sha256"]:
        found.append(f"源文件 {issue.source}")
    derived = derived_files(last)
    for name, digest in sorted(last["files"].items()):
        if name in derived and name not in outputs:
            continue
        if name not in outputs:
            found.append(f"输出文件 {issue.slug}/{name}（本次不再生成）")
        elif not _same(name, outputs[name], digest, last):
            found.append(f"输出文件 {issue.slug}/{name}")
    return found


def _frozen_message(issue: Issue, differences: list[str], last: dict) -> str:
    folder = last.get("folder", "")
    source_changed = differences[0].startswith("源文件")
    outputs = [d.split(" ", 1)[1] for d in differences if d.startswith("输出文件")]
    if source_changed:
        what = f"源文件 {issue.source} 被改动了" + (f"（生成的 {len(outputs)} 个文件随之不同）" if outputs else "")
        undo = f"如果是误改，请撤销修改（原件保存在 {folder}/）"
    else:
        what = f"源文件未改动，但生成的 {'、'.join(outputs)} 与存档不同（多半是程序升级所致）"
        undo = "如果不应改变，请使用存档时的程序版本"
    how = ("把其中 correction 的 reason 和 date 改为这次更正的原因和日期" if issue.correction
           else "加入 correction: {reason: 更正原因, date: 更正日期}")
    return (f"{issue.name}已印发并存档，不能再改动：{what}。{undo}；如确需更改已印发的简报，"
            f"请在 {issue.source} 中{how}，"
            f"生成后运行 python build.py publish {issue.source} 存档更正版（原件仍会保留）。"
            "新闻稿和公开网站只说明已更正；更正原因可以对外公开时，在 correction 中加 release: public。")


def check_issue(root: Path, issue: Issue, outputs: Mapping[str, bytes] | None,
                manifest: dict) -> tuple[Frozen | None, list[str], list[str]]:
    """Compare one issue with its record; returns (state, errors, warnings).

    outputs=None checks the source only (used by `check`, which renders nothing).
    """
    entry = manifest["issues"].get(issue_key(issue))
    if entry is None:
        warnings = []
        if issue.status == "published":
            warnings.append(f"{issue.name}标为已印发（published），但尚未存档：请运行 "
                            f"python build.py publish {issue.source}")
        elif issue.correction is not None:
            warnings.append(f"{issue.name}写有更正（correction），但该期尚未印发存档，更正无从谈起")
        return None, [], warnings
    versions = tuple(entry["versions"])
    last = versions[-1]
    differences = _differences(root, issue, outputs or {}, last)
    if outputs is None:
        differences = [d for d in differences if d.startswith("源文件")]
    if not differences:
        return Frozen(issue, versions), [], []
    correction = correction_record(issue.correction)
    if correction is not None and correction != last.get("correction"):
        return Frozen(issue, versions, pending=True), [], [
            f"{issue.name}的更正（{issue.correction.reason}）尚未存档：印发后请运行 "
            f"python build.py publish {issue.source}"]
    return Frozen(issue, versions), [_frozen_message(issue, differences, last)], []


def read_version(root: Path, issue: Issue, version: dict, prefix: str) -> list[Artifact]:
    folder = root / version["folder"]
    out = []
    for name, digest in sorted(version["files"].items()):
        path = folder / name
        data = path.read_bytes() if path.is_file() else b""
        if sha256(data) != digest:
            raise ArchiveError(f"{issue.name}第{version['version']}版的存档文件 "
                               f"{version['folder']}/{name} 缺失或被改动：请从版本库中恢复")
        out.append(Artifact(f"{prefix}{name}", data))
    return out


def published_outputs(root: Path, issue: Issue, manifest: dict) -> list[Artifact] | None:
    """The archived bytes of a published issue whose source is unchanged, or None.

    A build serves these instead of rendering again: a newer program may lay the issue out
    differently, but what was issued stays exactly what was issued.
    """
    entry = manifest["issues"].get(issue_key(issue))
    if entry is None:
        return None
    last = entry["versions"][-1]
    source = root / issue.source
    if not source.is_file() or sha256(source.read_bytes()) != last["source_sha256"]:
        return None  # edited: the freeze check reports it, unless a correction is pending
    return read_version(root, issue, last, f"{issue.slug}/")


def archived_copies(root: Path, state: Frozen) -> list[Artifact]:
    """Earlier versions' files, read from archive/ and checked, as artifacts under <slug>/v<k>/."""
    return [art for version in state.earlier
            for art in read_version(root, state.issue, version, f"{state.issue.slug}/v{version['version']}/")]


def unmatched_entries(manifests: Mapping[str, dict], issues: Iterable[Issue]) -> list[str]:
    """Recorded issues whose source file is gone (only a full build can tell)."""
    present = {(i.series.id, issue_key(i)) for i in issues}
    return [f"已存档的 {series_id} {key} 找不到对应的简报文件（{entry['versions'][-1]['source']}）："
            "已印发的简报不能删除，请从版本库中恢复"
            for series_id, data in sorted(manifests.items())
            for key, entry in sorted(data["issues"].items()) if (series_id, key) not in present]


@dataclass
class Made:
    """Copies made from a version's issued .docx (by file name), and what the archivist should hear."""

    files: dict[str, bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


MakeCopies = Callable[[bytes, int], Made]  # (the issued .docx, the version) → its PDF/A and OFD


def publish(root: Path, issue: Issue, outputs: Mapping[str, bytes], *, finished: Finished | None = None,
            copies: MakeCopies | None = None, say: Callable[[str], None] | None = None) -> list[Path]:
    """Record the issue (or its correction) as a new version: bytes under archive/, hashes in the manifest.

    `finished` is a hand-finished .docx issued instead of the generated one; `copies` makes the
    PDF/A and OFD from the issued .docx. A version archived without them gets them added (nothing
    recorded is changed). `say` hears what was not made.
    """
    if issue.status != "published":
        raise ArchiveError(f"{issue.name}尚未标为已印发：请先在 {issue.source} 中写 status: published")
    manifest = load_manifest(root, issue.series.id)
    key = issue_key(issue)
    entry = manifest["issues"].get(key)
    versions = list(entry["versions"]) if entry else []
    correction = correction_record(issue.correction)
    docx_name = f"{issue.file_stem}.docx"
    outputs = dict(outputs)
    if finished is not None:
        outputs[docx_name] = finished.data
    if versions:
        last = versions[-1]
        differences = _differences(root, issue, outputs, last)
        if not differences:
            return _add_copies(root, issue, manifest, copies, say)
        if correction is None or correction == last.get("correction"):
            raise ArchiveError(_frozen_message(issue, differences, last))
    elif correction is not None:
        raise ArchiveError(f"{issue.name}从未存档，不需要更正：请删去 correction 后再运行 publish")
    number = len(versions) + 1
    folder = f"{ARCHIVE_DIR}/{issue.slug}/v{number}"
    source = (root / issue.source).read_bytes()
    files = dict(outputs)
    extra: dict = {}
    if finished is not None:
        changes = f"{issue.file_stem}{CHANGES_SUFFIX}"
        files[changes] = finished.changes
        extra["hand_finished"] = {"file": docx_name, "generated_sha256": finished.generated_sha256,
                                  "changes": changes}
    if copies is not None and docx_name in files:
        made = copies(files[docx_name], number)
        files.update(made.files)
        extra.update(_copies_record(issue, made))
        for note in made.notes:
            if say:
                say(note)
    files = dict(sorted(files.items()))
    target = root / folder
    for name, data in [(PurePosixPath(issue.source).name, source), *files.items()]:
        path = target.joinpath(*PurePosixPath(name).parts)
        if path.exists() and path.read_bytes() != data:
            raise ArchiveError(f"存档目录 {folder}/ 中已有不同的 {name}：已存档的文件不能覆盖")
    written = []
    for name, data in [(PurePosixPath(issue.source).name, source), *files.items()]:
        path = target.joinpath(*PurePosixPath(name).parts)
        if write_atomic(path, data):
            written.append(path)
    versions.append({
        "version": number,
        "date": (issue.correction.date if issue.correction else issue.date).isoformat(),
        "correction": correction,
        "source": issue.source,
        "source_sha256": sha256(source),
        "folder": folder,
        "files": {name: sha256(data) for name, data in files.items()},
        **extra,
    })
    manifest["issues"][key] = {"number_label": issue.number_label, "issue_date": issue.date.isoformat(),
                               "versions": versions}
    if write_atomic(manifest_path(root, issue.series.id), dump_manifest(manifest)):
        written.append(manifest_path(root, issue.series.id))
    return written


def _copies_record(issue: Issue, made: Made) -> dict:
    pdf, ofd = f"{issue.file_stem}.pdf", f"{issue.file_stem}.ofd"
    record = {"from": f"{issue.file_stem}.docx"}
    if pdf in made.files:
        record.update(pdf=pdf, pdf_standard="PDF/A-2b")
    if ofd in made.files:
        record.update(ofd=ofd, ofd_standard="GB/T 33190-2016")
    return {"copies": record} if len(record) > 1 else {}


def _add_copies(root: Path, issue: Issue, manifest: dict, copies: MakeCopies | None,
                say: Callable[[str], None] | None) -> list[Path]:
    """The latest version, archived without a PDF/A or an OFD, gets them now: made from its
    archived .docx, added beside it; no recorded file changes."""
    last = manifest["issues"][issue_key(issue)]["versions"][-1]
    have = last.get("copies") or {}
    docx_name = f"{issue.file_stem}.docx"
    if copies is None or (have.get("pdf") and have.get("ofd")) or docx_name not in last["files"]:
        return []
    docx = next(a.data for a in read_version(root, issue, last, "") if a.path == docx_name)
    made = copies(docx, last["version"])
    for note in made.notes:
        if say:
            say(note)
    new = {name: data for name, data in made.files.items() if name not in last["files"]}
    if not new:
        return []
    written = []
    for name, data in sorted(new.items()):
        path = (root / last["folder"]).joinpath(*PurePosixPath(name).parts)
        if path.exists() and path.read_bytes() != data:
            raise ArchiveError(f"存档目录 {last['folder']}/ 中已有不同的 {name}：已存档的文件不能覆盖")
        if write_atomic(path, data):
            written.append(path)
    last["files"] = dict(sorted({**last["files"], **{n: sha256(d) for n, d in new.items()}}.items()))
    last.update(_copies_record(issue, Made({**{n: b"" for n in have.values() if n in last["files"]}, **new})))
    if write_atomic(manifest_path(root, issue.series.id), dump_manifest(manifest)):
        written.append(manifest_path(root, issue.series.id))
    return written
