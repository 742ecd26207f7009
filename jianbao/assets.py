"""Where the files shipped inside the package live: HTML templates, stylesheets, scripts and the chart font."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# Package data (pyproject.toml), so a wheel installed anywhere renders HTML without the checkout.
TEMPLATES_DIR = PACKAGE_DIR / "templates"
# Charts draw with this file by its path (fonts/README.md says how it is made from Noto Sans CJK SC).
CHART_FONT = PACKAGE_DIR / "fonts" / "JianbaoChartSans-Regular.otf"
