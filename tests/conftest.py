"""Shared fixtures: one Chromium for the session (two Playwright sessions cannot share a process); built samples."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def built_samples(tmp_path):
    """The project's samples copied to a scratch folder and built once (serially)."""
    from jianbao.pipeline.build import build
    from jianbao.pipeline.render_issues import RenderOptions

    from project_helpers import copy_samples

    project = copy_samples(tmp_path)
    build(project, options=RenderOptions(jobs=1))
    return project
