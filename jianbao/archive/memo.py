"""Archive and public-site pages kept between builds: a group of pages is rendered again only when the key of what it shows changed."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from jianbao.archive.freeze import Frozen
from jianbao.assets import code_fingerprint
from jianbao.model import Issue
from jianbao.project import PAGE_MEMO
from jianbao.write import Artifact, Output

FORMAT = 1


def digest(*parts: object) -> str:
    """A key from texts, numbers and JSON-able values, in order."""
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest_of(mapping: Mapping[str, str]) -> str:
    """A key from a mapping of texts (an issue key for each of thousands of slugs), without JSON."""
    return hashlib.sha256("\n".join(f"{k}\0{v}" for k, v in sorted(mapping.items())).encode("utf-8")).hexdigest()


def state_text(state: Frozen | None) -> str:
    """What an issue's archive state adds to the pages that show it (its versions, a correction waiting)."""
    return "" if state is None else digest(state.versions, state.pending)


class PageMemo:
    """build/.cache/pages.json: for each group of pages, the key it was rendered with and its files' sizes.

    Rebuilding the archive whole made every rebuild grow with the archive (issue 21): at 3,000
    published issues an unchanged rebuild re-rendered and leak-checked 3,000 public pages, 37 s.
    A group whose key is unchanged, and whose files are all still there with their recorded
    sizes, stays on disk as it is. Groups not asked for again are forgotten, so the memo never
    outgrows the archive. The memo is written with the outputs' records, after the outputs: a
    build stopped before that renders the groups again next time.
    """

    def __init__(self, out: Path | None, issue_keys: Mapping[str, str]):
        self.out = out
        self.context = code_fingerprint()  # a page of no issue (an empty home page) changes with the code too
        self.issue_keys = issue_keys  # slug → the key of everything an issue's own outputs depend on
        self.before: dict[str, dict] = self._read()
        self.now: dict[str, dict] = {}
        self.reused: list[str] = []  # the paths of every group kept as it is
        self.charts: set[str] = set()  # the chart cache keys the pages use (the figures' trend charts)
        self._shown: dict[tuple[str, str], str] = {}  # issue_key's answers: every group asks for them

    def _read(self) -> dict[str, dict]:
        if self.out is None:
            return {}
        try:
            data = json.loads((self.out / PAGE_MEMO).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        groups = data.get("groups") if isinstance(data, dict) and data.get("format") == FORMAT else None
        return groups if isinstance(groups, dict) else {}

    def issue_key(self, issue: Issue, state: Frozen | None = None) -> str:
        """An issue as the archive pages show it: its own key (file, series, 总期号, code) and its archive state.

        Each issue is asked for by its year page, its search shard, the database, a feed, the public
        site: worked out once per issue and state.
        """
        asked = (issue.slug, state_text(state))
        if asked not in self._shown:  # hashed as text: digest()'s JSON for each of 3,000 issues cost more
            own = self.issue_keys.get(issue.slug) or issue.slug
            # 96 bits tell one issue's versions apart; the memo keeps one per issue twice over.
            self._shown[asked] = hashlib.sha256(f"{own}\0{asked[1]}".encode()).hexdigest()[:24]
        return self._shown[asked]

    def reuse(self, group: str, key: str, prefix: str = "") -> bool:
        """Whether the group's files were made with this key and are still whole: then they stay
        (their paths, under `prefix`, go to `reused`) and need not be rendered."""
        paths = self._kept(group, prefix, digest(self.context, key))
        if paths is None:
            return False
        self.reused += paths
        return True

    def _kept(self, group: str, prefix: str, key: str) -> list[str] | None:
        entry = self.before.get(group)
        if not isinstance(entry, dict) or entry.get("key") != key or not self._whole(entry, prefix):
            return None
        self.now[group] = entry
        return [prefix + path for path in entry["sizes"]]

    def _whole(self, entry: dict, prefix: str = "") -> bool:
        """Whether every file of a group's entry is on disk with its recorded size."""
        sizes = entry.get("sizes")
        if not isinstance(sizes, dict) or self.out is None:
            return False
        base = os.path.join(str(self.out), *prefix.split("/"))
        for rel, size in sizes.items():
            try:
                # os.stat on joined strings: pathlib objects for every page of a large archive cost more.
                found = os.stat(os.path.join(base, *rel.split("/"))).st_size
                if found != size and size != -1:  # -1: changed in place, its size not known ahead (write.InPlace)
                    return False
            except (OSError, TypeError):
                return False
        return True

    def previous(self, group: str, name: str):
        """What the last build noted of a group (`made(..., name=...)`) if its files are still whole, else None."""
        entry = self.before.get(group)
        return entry.get(name) if isinstance(entry, dict) and self._whole(entry) else None

    def made(self, group: str, key: str, files: Sequence[Output], **meta) -> list[Output]:
        """Note the files rendered for a group under its key; returns them."""
        self.now[group] = {"key": digest(self.context, key), "sizes": {a.path: a.size for a in files}, **meta}
        return list(files)

    def meta(self, group: str, name: str, default=None):
        return (self.now.get(group) or {}).get(name, default)

    def note(self, group: str, **meta) -> None:
        """Change what is noted of a group this build keeps (a copy: the memo read is left as it was)."""
        self.now[group] = {**self.now[group], **meta}

    def files(self, group: str, prefix: str = "") -> list[Artifact]:
        """The files of a group this build keeps, read back from disk."""
        assert self.out is not None
        base = self.out.joinpath(*prefix.split("/"))
        return [Artifact(path, base.joinpath(*path.split("/")).read_bytes()) for path in self.now[group]["sizes"]]

    def group(self, group: str, key: str, render: Callable[[], Sequence[Artifact]], prefix: str = "",
              **meta) -> list[Artifact]:
        """The group's files rendered now, or [] when unchanged (their paths, under `prefix`, go to `reused`).

        `prefix` is the folder the files will lie in under build/ (public/ for the public site,
        whose files are made relative to it)."""
        if self.reuse(group, key, prefix):
            return []
        return self.made(group, key, render(), **meta)

    def artifacts(self) -> tuple[Artifact, Artifact] | None:
        """The memo to write before the outputs, and the one to write after them; None when unchanged.

        Before the outputs, the memo knows only the groups that stay as they are: a build killed
        while writing leaves no entry that a group's new files, written in part, could match by size.
        """
        if self.now == self.before or self.out is None:
            return None
        steady = {g: e for g, e in self.now.items() if self.before.get(g) == e}
        return self._artifact(steady), self._artifact(self.now)

    @staticmethod
    def _artifact(groups: dict[str, dict]) -> Artifact:
        data = {"format": FORMAT, "groups": dict(sorted(groups.items()))}
        return Artifact(PAGE_MEMO, (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode())


def keys_of(memo: PageMemo, issues: Iterable[Issue], states: Mapping[str, Frozen]) -> list[str]:
    return [memo.issue_key(i, states.get(i.slug)) for i in issues]
