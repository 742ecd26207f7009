"""Where the files shipped inside the package live: templates, stylesheets and scripts for HTML."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# Package data (pyproject.toml), so a wheel installed anywhere renders HTML without the checkout.
TEMPLATES_DIR = PACKAGE_DIR / "templates"
