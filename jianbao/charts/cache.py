"""A content-addressed cache of drawn charts: an unchanged chart is not redrawn, nor matplotlib loaded."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from jianbao.charts.data import ChartData
from jianbao.layout import Layout
from jianbao.write import remove_files, remove_stale_temps, write_atomic

_ENTRY = re.compile(r"^(?P<key>[0-9a-f]{64})\.(?:png|svg|json)$")


@dataclass(frozen=True)
class CachedImages:
    png: bytes
    svg: bytes
    width_mm: float
    height_mm: float


def _plain(value):
    """A JSON-ready form of chart data: Decimals as typed, dataclasses as dicts with their type."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"__type__": type(value).__name__, **fields}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        # "70" and "70.0" are drawn differently (value labels), so the text is the key, not the number.
        return str(value)
    return value


@lru_cache(maxsize=1)
def _matplotlib_version() -> str:
    # Read from the installed distribution's metadata: importing matplotlib here would defeat the cache.
    # Once per process: parsing the metadata took longer than keying the chart.
    try:
        return metadata.version("matplotlib")
    except metadata.PackageNotFoundError:
        return ""


def cache_key(data: ChartData, layout: Layout, fonts: tuple[str, ...], font_sha256: str,
              style_version: str) -> str:
    """A hash of everything that decides a chart's pixels (title and number are not drawn):
    `fonts` are the family names tried, `font_sha256` the bundled chart font's hash."""
    content = {
        "data": _plain(data),
        "layout": _plain(layout),
        "fonts": list(fonts),
        "font_file": font_sha256,
        "style": style_version,
        "matplotlib": _matplotlib_version(),
    }
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _paths(cache_dir: Path, key: str) -> tuple[Path, Path, Path]:
    return cache_dir / f"{key}.png", cache_dir / f"{key}.svg", cache_dir / f"{key}.json"


def load(cache_dir: Path, key: str) -> CachedImages | None:
    """The cached chart, or None when absent or damaged (then it is simply drawn again)."""
    png_path, svg_path, meta_path = _paths(cache_dir, key)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        png, svg = png_path.read_bytes(), svg_path.read_bytes()
        if (hashlib.sha256(png).hexdigest() != meta["png_sha256"]
                or hashlib.sha256(svg).hexdigest() != meta["svg_sha256"]):
            return None
        return CachedImages(png, svg, float(meta["width_mm"]), float(meta["height_mm"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(cache_dir: Path, key: str, images: CachedImages) -> None:
    """Write the images, then the metadata that vouches for them (a reader trusts only complete sets)."""
    png_path, svg_path, meta_path = _paths(cache_dir, key)
    # load() checks every file against the hashes, so a torn entry is redrawn: no flushing needed,
    # and no sweeping a folder that holds every chart ever drawn on each write.
    write_atomic(png_path, images.png, durable=False, sweep=False)
    write_atomic(svg_path, images.svg, durable=False, sweep=False)
    meta = {
        "width_mm": images.width_mm,
        "height_mm": images.height_mm,
        "png_sha256": hashlib.sha256(images.png).hexdigest(),
        "svg_sha256": hashlib.sha256(images.svg).hexdigest(),
    }
    write_atomic(meta_path, json.dumps(meta, sort_keys=True, indent=1).encode("utf-8"), durable=False, sweep=False)


def prune(cache_dir: Path, live: set[str]) -> int:
    """Delete the entries whose key is not in `live` (the old chart of an edited figure, charts of an
    earlier style or matplotlib) and temp files a killed build left; returns how many files went.

    Listing the thousands of charts of a large archive was a cost of every rebuild (issue 21): when
    the live keys are those of the last prune and the folder's time is the one it left, nothing was
    added or removed since, and the folder is not listed.
    """
    def unused(name: str) -> bool:
        match = _ENTRY.match(name)
        return bool(match) and match.group("key") not in live

    marker = cache_dir.with_name(cache_dir.name + ".pruned")  # beside the folder: writing it leaves its time
    wanted = hashlib.sha256("\n".join(sorted(live)).encode()).hexdigest()
    try:
        if marker.read_text(encoding="utf-8") == f"{wanted} {cache_dir.stat().st_mtime_ns}":
            return 0
    except OSError:
        pass
    gone = len(remove_stale_temps(cache_dir)) + len(remove_files(cache_dir, unused))
    try:
        write_atomic(marker, f"{wanted} {cache_dir.stat().st_mtime_ns}".encode(), durable=False)
    except OSError:
        pass  # pruned whole next time
    return gone
