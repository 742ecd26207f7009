"""Earlier versions of a corrected issue as models, read from their archived source files."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from jianbao.archive.freeze import Frozen, sha256
from jianbao.errors import Problem
from jianbao.model import Correction, Issue, Photo
from jianbao.public import public_content, public_view
from jianbao.reader.image_file import image_size
from jianbao.reader.load import load_bytes
from jianbao.reader.schema import Checker
from jianbao.reader.validate import validate_issue


@dataclass(frozen=True)
class PublicCorrection:
    """A 更正 that changed what the public sees: the version it replaced, and why and when."""

    version: int  # the replaced version (1 is the original)
    replaced: Issue  # that version as a model
    correction: Correction


def earlier_issue(root: Path, state: Frozen, version: dict) -> Issue | None:
    """An earlier version as the model it was built from, or None when it no longer reads.

    The archived source is checked against its recorded hash. It is validated with today's
    series and program: an old file the program no longer accepts has no public page of its
    own (its archived files still stand in the internal archive).
    """
    issue = state.issue
    path = root / version["folder"] / PurePosixPath(version["source"]).name
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if sha256(raw) != version["source_sha256"]:
        return None
    doc, problems = load_bytes(raw, version["source"])
    found: list[Problem] = list(problems)
    if doc is None:
        return None
    # Read without the project, so its photo files, which a 更正 may have replaced since, are not
    # looked at: the version's photos are the ones archived with its outputs.
    earlier = validate_issue(Checker(doc, found), {issue.series.id: issue.series})
    if earlier is None or found or earlier.slug != issue.slug:
        return None
    return _with_archived_photos(replace(earlier, total=issue.total), root / version["folder"], version["files"])


def _archived_photo(photo: Photo, folder: Path, files: dict) -> Photo | None:
    """The photo as that version printed it: its file among the version's archived outputs."""
    for name in (f"photo-{photo.number}.jpg", f"photo-{photo.number}.png"):
        if name not in files:
            continue
        try:
            data = (folder / name).read_bytes()
        except OSError:
            return None
        found = image_size(data) if sha256(data) == files[name] else None
        if found is None:
            return None
        kind, width, height = found
        return replace(photo, data=data, kind=kind, width_px=width, height_px=height)
    return None


def _with_archived_photos(earlier: Issue, folder: Path, files: dict) -> Issue | None:
    """The version with the photos archived with its outputs (photo-N.jpg beside its page), or
    None when one is not there: it then has no public page of its own."""
    articles = []
    for article in earlier.articles:
        blocks = []
        for block in article.blocks:
            if isinstance(block, Photo):
                block = _archived_photo(block, folder, files)
                if block is None:
                    return None
            blocks.append(block)
        articles.append(replace(article, blocks=tuple(blocks)))
    return replace(earlier, articles=tuple(articles))


def public_corrections(root: Path, state: Frozen | None) -> list[PublicCorrection]:
    """The corrections of an issue that changed its public articles, oldest first.

    A 更正 of internal articles alone changes nothing public: its reason stays inside too. One that
    changes them shows its reason only when released (`correction.release: public`).
    """
    if state is None or not state.earlier:
        return []
    chain = [(v["version"], earlier_issue(root, state, v)) for v in state.earlier]
    later = [issue for _, issue in chain[1:]] + [state.issue]
    found = []
    for (number, old), new in zip(chain, later, strict=True):
        if old is None or new is None or new.correction is None:
            continue
        view = public_view(new)  # its notice: the reason only with correction release: public
        if view is not None and view.correction is not None and public_content(old) != public_content(new):
            found.append(PublicCorrection(number, old, view.correction))
    return found
