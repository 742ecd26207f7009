"""The project: where its inputs live and where each output, cache and record of a build goes."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jianbao.model import Issue

# Inputs, under the project folder.
CONTENT_DIR = "content"  # the project's own files: series, site settings, shared pictures
SERIES_DIR = Path(CONTENT_DIR) / "series"
BULLETINS_DIR = Path("bulletins")
SITE_FILE = Path(CONTENT_DIR) / "site.yaml"  # project-wide settings (site_url); optional

ARCHIVE_MANIFEST = "archive.json"  # in bulletins/<series>/: what was published, with its hashes
ARCHIVE_DIR = "archive"  # beside bulletins/, committed: the published bytes of every version

# Outputs, under the build folder. Paths are POSIX strings, as artifacts name them.
CACHE_DIR = ".cache"  # never published, never served
CHART_CACHE = f"{CACHE_DIR}/charts"
VALIDATED_CACHE = f"{CACHE_DIR}/validated"  # one pickle per issue folder (reader/cache.shard_of)
PROOFREAD_CACHE = f"{CACHE_DIR}/proofread.json"  # what each unchanged issue file was found to have
OUTPUT_RECORDS = f"{CACHE_DIR}/outputs"  # one record per issue: what its last build wrote
BUILD_STAMP = f"{CACHE_DIR}/stamp/uptodate.json"  # a folder of its own: writing it changes no folder it watches
PAGE_MEMO = f"{CACHE_DIR}/pages.json"  # the archive's and public site's pages: the key each was made with
ERROR_REPORT = f"{CACHE_DIR}/last-error.txt"
SEARCH_DATABASE = "search.sqlite"  # rebuilt from the model on every full build, never edited
PRESS_DIR = "press"  # in an issue's folder: its public articles only
PRESS_WITHHELD = "press-withheld.txt"  # beside press/: the titles the press folder leaves out, for the office
# The public site: the public articles of published issues only, rewritten wholly by each full
# build; the folder an archivist uploads. No series may take its name (reader/validate_parts).
PUBLIC_DIR = "public"


@dataclass
class Project:
    """Where the inputs live and the outputs go; everything else is derived from the files."""

    root: Path
    out: Path | None = None

    def __post_init__(self):
        self.root = Path(self.root).resolve()
        self.out = Path(self.out).resolve() if self.out else self.root / "build"

    @property
    def series_dir(self) -> Path:
        return self.root / SERIES_DIR

    @property
    def bulletins_dir(self) -> Path:
        return self.root / BULLETINS_DIR

    @property
    def site_file(self) -> Path:
        return self.root / SITE_FILE

    @property
    def public_dir(self) -> Path:
        """The public site's folder: only what may be published (the leak check scans it whole)."""
        return self.out / PUBLIC_DIR

    @property
    def cache(self) -> Path:
        """Scratch files of builds (charts, records, LibreOffice profiles): safe to delete."""
        return self.out / CACHE_DIR

    @property
    def chart_cache(self) -> Path:
        return self.out / CHART_CACHE

    @property
    def validated_cache(self) -> Path:
        return self.out / VALIDATED_CACHE

    @property
    def proofread_cache(self) -> Path:
        return self.out / PROOFREAD_CACHE

    @property
    def error_report(self) -> Path:
        """Where an internal error's details go, for the maintainers."""
        return self.out / ERROR_REPORT

    @property
    def search_database(self) -> Path:
        return self.out / SEARCH_DATABASE

    def press_dir(self, issue: Issue) -> Path:
        return self.out / issue.slug / PRESS_DIR

    def name(self, path: Path) -> str:
        """How messages refer to a file: relative to the project, with forward slashes."""
        text, root = str(path), str(self.root) + os.sep
        if text.startswith(root):  # found under the project: as relative_to says, without pathlib's cost
            return printable(text[len(root):].replace(os.sep, "/"))
        for candidate in (Path(path).absolute, Path(path).resolve):
            try:
                return printable(candidate().relative_to(self.root).as_posix())
            except (ValueError, OSError, RuntimeError):  # elsewhere, or a loop of links
                continue
        return printable(Path(path).as_posix())

    def locate(self, path: Path) -> Path:
        """A relative path names the project's file (under --root) when the project has one.

        Otherwise `build bulletins/x.yaml --root copy/` run from another checkout would read that
        checkout's file as an extra issue of the copy.
        """
        path = Path(path)
        try:
            if not path.is_absolute() and (self.root / path).is_file():
                return self.root / path
        except OSError:  # e.g. too long a name: reading it says so
            pass
        return path

    def field_line(self, issue: Issue, key: str) -> int | None:
        """The line of a top-level field of an issue's file (for problems found across issues)."""
        try:
            lines = (self.root / issue.source).read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            return None
        return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), None)

    def inside(self, path: Path) -> bool:
        """Whether a file really lies in the project (a symbolic link may point anywhere)."""
        try:
            return Path(path).resolve().is_relative_to(self.root)
        except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
            return False

    def leads_out(self, path: Path) -> bool:
        """Whether a path named on the command line reaches out of the project through a link.

        A file kept outside the project and named as itself is read. A symbolic link is not
        followed out of it, whether the link lies in the project (a shared project could
        otherwise show or publish any file the editor can read) or is the named file itself.
        """
        path = Path(path)
        if self.inside(path):
            return False
        return path.is_symlink() or Path(os.path.abspath(path)).is_relative_to(self.root)

    def _split(self, top: str, found: Iterable[tuple[str, bool]]) -> tuple[list[Path], list[Path]]:
        """Files inside the project and files outside it (found under `top`: path and whether it is
        a link), each sorted.

        A file that is not a link lies where its folder does, and every folder found lies where
        `top` does (the walk enters no linked folder): `top` is resolved once, not every folder or
        file, which was a good part of a rebuild's time in a large archive.
        """
        top_inside: bool | None = None
        inside, outside = [], []
        for path, link in found:
            if link:
                ok = self.inside(Path(path))
            else:
                if top_inside is None:
                    top_inside = self.inside(Path(top))
                ok = top_inside
            (inside if ok else outside).append(path)
        return [Path(p) for p in sorted(inside, key=_parts)], [Path(p) for p in sorted(outside, key=_parts)]

    def series_files(self) -> list[Path]:
        return self._split(str(self.series_dir), _yaml_files(str(self.series_dir), recursive=False))[0]

    def issue_files(self) -> list[Path]:
        return self.yaml_files()[0]

    def outside_files(self) -> list[Path]:
        """YAML files of the project that are links to somewhere outside it: never read."""
        return self.yaml_files()[1]

    def yaml_files(self, found: Iterable[str] | None = None) -> tuple[list[Path], list[Path]]:
        """The issue files, and the YAML files that are links to somewhere outside the project (never
        read), found by one walk of the project's folders; or among `found`, the *.yaml entries of a
        walk already made of a project without links (uptodate.Inputs)."""
        series_dir, bulletins_dir = str(self.series_dir), str(self.bulletins_dir)
        if found is None:
            series, issues = _yaml_files(series_dir, recursive=False), _yaml_files(bulletins_dir, recursive=True)
        else:
            found = list(found)
            series = [(p, False) for p in found if os.path.dirname(p) == series_dir]
            issues = [(p, False) for p in found if p.startswith(bulletins_dir + os.sep)]
        series_outside = self._split(series_dir, series)[1]
        issues_inside, outside = self._split(bulletins_dir, issues)
        return issues_inside, sorted([*series_outside, *outside])


def _yaml_files(folder: str, recursive: bool) -> list[tuple[str, bool]]:
    """The entries named *.yaml in folder (and below it, not through linked folders), as Path.glob
    and Path.rglob find them, with whether each is a link: one listing per folder, as strings."""
    found = []
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return []
    for entry in entries:
        link = entry.is_symlink()
        if fnmatch.fnmatch(entry.name, "*.yaml"):
            found.append((entry.path, link))
        if recursive and not link and entry.is_dir(follow_symlinks=False):
            found += _yaml_files(entry.path, recursive)
    return found


def _parts(path: str) -> list[str]:
    return path.split(os.sep)  # the order of Path objects, which compare by parts


def printable(text: str) -> str:
    """A file name as messages can show it: bytes that are no UTF-8 (possible on Linux) escaped."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


