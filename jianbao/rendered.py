"""A chart as drawn for the renderers: its images, caption, alt text and data as a table."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderedChart:
    """A chart drawn from its figures: images, caption, alt text and the data as a table."""

    number: int
    caption: str
    alt: str
    png: bytes
    svg: bytes
    width_mm: float
    height_mm: float
    data_header: tuple[str, ...]
    data_rows: tuple[tuple[str, ...], ...]
