"""Write rendered artifacts atomically (temp file + rename), only after everything has rendered."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from jianbao.errors import JianbaoError

_UMASK = os.umask(0)
os.umask(_UMASK)


@dataclass(frozen=True)
class Artifact:
    """One output file: a relative POSIX path under the build folder, and its bytes."""

    path: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def moved(self, path: str) -> Artifact:
        return Artifact(path, self.data)


@dataclass(frozen=True, slots=True)
class Staged:
    """An output already on disk under a temp name in its folder, renamed into place at write time.

    A large build stages each issue's files as they render, so its memory does not grow with the
    archive; until write_artifacts renames them, a killed build leaves only temp files, which the
    next build sweeps (they match _TEMP).
    """

    path: str
    temp_file: str  # a text, not a Path: a cold build holds one of these for each of its 45,000 outputs
    size: int
    sha256: str
    made_dirs: tuple[Path, ...] = ()  # the folders staging created, outermost first
    compared: bool = True  # False: renamed into place without comparing it with the file there (stage_file)

    @property
    def temp(self) -> Path:
        return Path(self.temp_file)

    @property
    def data(self) -> bytes:
        return self.temp.read_bytes()

    def moved(self, path: str) -> Staged:  # the same folder (pipeline/edited.beside): the temp file stays
        return replace(self, path=path)


@dataclass(frozen=True)
class InPlace:
    """An output changed where it lies, at write time, by its own all-or-nothing means.

    For a database of the whole archive: copying it to stage each change (47 MB at 3,000 issues,
    far slower on an office PC's disk) cost more than the change. `apply` makes the change in one
    SQLite transaction: a build killed in it leaves a journal the next reader rolls back.
    """

    path: str
    apply: Callable[[Path], None]
    sha256: str = ""  # not hashed: nobody compares it
    size: int = -1  # not known before it is applied


Output = Artifact | Staged | InPlace


def stage(root: Path, art: Artifact) -> Staged:
    """Write the artifact's bytes to a temp file beside its target (not yet the target)."""
    def write(fd: int, temp: Path) -> tuple[int, str]:
        with os.fdopen(fd, "wb") as fh:
            fh.write(art.data)
        return len(art.data), hashlib.sha256(art.data).hexdigest()

    return _staged(root, art.path, write)


def stage_file(root: Path, path: str, fill: Callable[[Path], object]) -> Staged:
    """A temp file beside the target of `path`, written by `fill` (given the temp file's path):
    for an output made on disk (a database) rather than as bytes in memory.

    Its bytes are neither hashed (sha256 is "") nor compared with the file it replaces: the caller
    stages it only when what it holds changed. Reading a database of 3,000 issues (47 MB) twice
    over was a tenth of a second of every rebuild, and held it in memory twice (issue 21).
    """
    def write(fd: int, temp: Path) -> tuple[int, str]:
        os.close(fd)
        fill(temp)
        return os.stat(temp).st_size, ""

    return replace(_staged(root, path, write), compared=False)


def _staged(root: Path, path: str, write: Callable[[int, Path], tuple[int, str]]) -> Staged:
    """A temp file beside the target, `write` filling it (given its open descriptor, which it
    closes, and its path) and giving its size and sha256."""
    target = root.joinpath(*PurePosixPath(path).parts)
    made = []
    folder = target.parent
    while not folder.is_dir() and folder != folder.parent:
        made.append(folder)
        folder = folder.parent
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            os.chmod(tmp, 0o666 & ~_UMASK)
            size, digest = write(fd, Path(tmp))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise JianbaoError(cannot_write(target, err)) from err
    return Staged(path, tmp, size, digest, tuple(reversed(made)))


def sweep_tree(folder: Path) -> None:
    """Remove every temp file a killed writer left anywhere under folder."""
    for dirpath, _, _ in os.walk(folder) if folder.is_dir() else ():
        remove_stale_temps(Path(dirpath))


def discard_staged(outputs: Iterable[Output]) -> None:
    """Remove the temp files of staged outputs (a build that stopped before writing), and the
    folders staging made for them if they are empty again: a failed build leaves no trace."""
    folders: set[Path] = set()
    for out in outputs:
        if isinstance(out, Staged):
            out.temp.unlink(missing_ok=True)
            folders.update(out.made_dirs)
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        try:
            folder.rmdir()
        except OSError:
            pass  # not empty (something else was written there) or already gone


def check_artifacts(artifacts: Iterable[Output]) -> list[Output]:
    """Refuse two artifacts at one path and any path that would leave the build folder."""
    seen: dict[str, Output] = {}
    for art in artifacts:
        pure = PurePosixPath(art.path)
        if pure.is_absolute() or ".." in pure.parts or not pure.parts:
            raise JianbaoError(f"内部错误：输出路径不合法：{art.path}")
        if art.path in seen and seen[art.path].sha256 != art.sha256:
            raise JianbaoError(f"内部错误：两个输出文件写到同一路径：{art.path}")
        seen[art.path] = art
    return list(seen.values())


# mkstemp's names for our temp files: ".<target name>.<8 random characters>.tmp".
_TEMP = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp$")


def remove_files(folder: Path, doomed: Callable[[str], bool]) -> list[Path]:
    """Remove the files of folder whose names `doomed` picks; a missing folder has none."""
    try:
        # os.scandir, not Path.iterdir: a folder of thousands of records or charts is swept on every build.
        with os.scandir(folder) as listing:
            entries = [folder / entry.name for entry in listing if doomed(entry.name) and entry.is_file()]
    except OSError:
        return []
    for entry in entries:
        entry.unlink(missing_ok=True)
    return entries


def remove_unlisted(folder: Path, keep: set[Path]) -> list[Path]:
    """Remove every file under folder that is not in keep, then the folders left empty.

    For an output folder a build makes whole (the public site): what it did not make this time
    must not stay. `keep` holds paths as folder / relative POSIX path, unresolved.
    """
    removed = []
    for path in sorted(folder.rglob("*"), reverse=True) if folder.is_dir() else []:
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif path not in keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def remove_stale_temps(folder: Path, name: str | None = None, keep: frozenset[str] = frozenset()) -> list[Path]:
    """Remove temp files a killed build left in folder (only the writer's own, for `name` if given;
    never those named in `keep`: this build's staged outputs)."""

    def stale(file_name: str) -> bool:
        if not file_name.endswith(".tmp"):  # most names: no pattern matched (folders of thousands)
            return False
        match = _TEMP.match(file_name)
        return bool(match) and (name is None or match.group("name") == name) and file_name not in keep

    return remove_files(folder, stale)


def write_atomic(target: Path, data: bytes, *, durable: bool = True, sweep: bool = True) -> bool:
    """Write one file through a temp file and a rename; returns False when it was already equal.

    A reader, or a killed build, sees the old bytes or the new ones, never a part. `durable` also
    flushes the bytes to disk before the rename, so a power cut cannot leave an empty file: wanted
    for what cannot be made again (sources, the archive), not for build outputs. `sweep` first
    removes temp files a killed writer left for this target.
    """
    try:
        return _write_atomic(target, data, durable=durable, sweep=sweep)
    except OSError as err:
        raise JianbaoError(cannot_write(target, err)) from err


def cannot_write(target: Path, err: OSError) -> str:
    """Why a file could not be written, said to an editor (the likeliest cause first)."""
    if isinstance(err, PermissionError):
        why = ("没有写入权限，或者这个文件正在 Word、WPS 或其他程序中打开（Windows 不允许替换打开着的文件）；"
               "请关闭它后重试")
    elif err.errno == errno.ENOSPC:
        why = "磁盘已满，请清理出空间后重试"
    elif err.errno == errno.EROFS:
        why = "所在的磁盘或文件夹是只读的，请用 --out 换一个输出目录"
    else:
        why = err.strerror or type(err).__name__
    return f"无法写入 {target}：{why}。本次已写入的文件完整可用，未写入的保持原样。"


def _write_atomic(target: Path, data: bytes, *, durable: bool, sweep: bool) -> bool:
    if sweep:
        remove_stale_temps(target.parent, target.name)
    if target.exists() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        # mkstemp makes owner-only files; outputs are shared and served, so give them the usual mode.
        os.chmod(tmp, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def write_artifacts(root: Path, artifacts: Iterable[Output], later: Iterable[Output] = ()) -> list[Path]:
    """Write every artifact under root; returns the paths written (unchanged files are skipped).
    `later`: outputs staged for a later call, whose temps stay where this one sweeps.

    Build outputs can always be made again, so they are not flushed one by one (thousands of
    fsyncs made a cold build of a large archive wait on the disk); each folder is swept once.
    A staged output is renamed into place (or its temp removed when the target is the same).
    """
    written = []
    artifacts = check_artifacts(artifacts)
    keep = frozenset(os.path.basename(a.temp_file) for a in (*artifacts, *later) if isinstance(a, Staged))
    for folder in {root.joinpath(*PurePosixPath(a.path).parts).parent for a in artifacts}:
        remove_stale_temps(folder, keep=keep)
    for art in artifacts:
        target = root.joinpath(*PurePosixPath(art.path).parts)
        if isinstance(art, Staged):
            if _place(target, art):
                written.append(target)
        elif isinstance(art, InPlace):
            try:
                art.apply(target)
            except OSError as err:
                raise JianbaoError(cannot_write(target, err)) from err
            written.append(target)
        elif write_atomic(target, art.data, durable=False, sweep=False):
            written.append(target)
    return written


def _place(target: Path, art: Staged) -> bool:
    """Rename a staged file over its target; False (temp removed) when the target holds the same bytes."""
    try:
        if art.compared and target.is_file() and target.stat().st_size == art.size and target.read_bytes() == art.data:
            art.temp.unlink(missing_ok=True)
            return False
        os.replace(art.temp, target)
    except OSError as err:
        raise JianbaoError(cannot_write(target, err)) from err
    return True
