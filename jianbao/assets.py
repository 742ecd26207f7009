"""The files shipped inside the package (HTML templates, stylesheets, scripts, the chart font), and a fingerprint of them."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# Package data (pyproject.toml), so a wheel installed anywhere renders HTML without the checkout.
TEMPLATES_DIR = PACKAGE_DIR / "templates"
# Charts draw with this file by its path (fonts/README.md says how it is made from Noto Sans CJK SC).
CHART_FONT = PACKAGE_DIR / "fonts" / "JianbaoChartSans-Regular.otf"

# Libraries whose version can change an output: part of every cached result's key.
LIBRARIES = ("PyYAML", "python-docx", "jinja2", "markdown", "matplotlib", "nh3", "Pillow")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Everything besides the input that shapes an output: our code, templates, font and library versions."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".css", ".js", ".otf"):
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=?".encode())
    return digest.hexdigest()
