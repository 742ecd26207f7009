"""Pillow in one place: a palette image from indexed pixels (charts), a photo cleaned for print, raw pixels as PNG."""

from __future__ import annotations

import io
import warnings


def indexed_image(pixels: bytes, width: int, height: int, palette_rgb: bytes):
    """A P-mode Pillow image of one palette index per pixel."""
    from PIL import Image

    image = Image.frombuffer("P", (width, height), pixels, "raw", "P", 0, 1)
    image.putpalette(palette_rgb, rawmode="RGB")
    return image


def png_from_pixels(pixels: bytes, mode: str, width: int, height: int) -> bytes:
    """PNG bytes of raw 8-bit pixels (mode RGB or L), as a PDF's pictures hold them; no metadata."""
    from PIL import Image

    out = io.BytesIO()
    Image.frombytes(mode, (width, height), pixels).save(out, "PNG", optimize=False)
    return out.getvalue()


class UnreadableImage(ValueError):
    """The bytes do not decode as an image, or claim more pixels than Pillow lets through."""


def clean_photo(data: bytes, kind: str, max_side: int, jpeg_quality: int) -> tuple[bytes, int, int]:
    """(bytes, width, height) of a photo turned upright by its EXIF orientation, at most `max_side`
    pixels long, re-encoded as `kind` with no metadata but its colour profile.

    The same input gives the same bytes: nothing in the output depends on the time or the machine.
    """
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image.load()
            icc = image.info.get("icc_profile")
            image = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise UnreadableImage() from None
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    if kind == "jpeg":
        image = image if image.mode in ("RGB", "L") else image.convert("RGB")
        image.save(out, "JPEG", quality=jpeg_quality, optimize=False, progressive=False, **extra)
    else:
        image = image if image.mode in ("RGB", "RGBA", "L", "LA", "P") else image.convert("RGBA")
        image.save(out, "PNG", optimize=False, **extra)
    return out.getvalue(), image.width, image.height
