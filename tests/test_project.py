"""The project object knows where everything is, and each of its paths is spelled out in one place."""

from __future__ import annotations

import ast

from jianbao.project import Project

from model_fixtures import demo_issue
from project_helpers import ROOT

# Names of the project's layout that only jianbao/project.py may spell out.
LAYOUT_NAMES = (".cache", "search.sqlite", "archive.json", "pages.json", "uptodate.json", "last-error.txt")


def test_the_paths_of_a_project(tmp_path):
    project = Project(tmp_path)
    out = tmp_path.resolve() / "build"
    assert project.out == out
    assert (project.series_dir, project.bulletins_dir) == (project.root / "content/series", project.root / "bulletins")
    assert project.chart_cache == out / ".cache/charts" and project.validated_cache == out / ".cache/validated"
    assert project.error_report == out / ".cache/last-error.txt" and project.search_database == out / "search.sqlite"
    assert project.press_dir(demo_issue()) == out / "gaibo/2017/07/press"
    elsewhere = Project(tmp_path, tmp_path / "site")
    assert elsewhere.chart_cache == tmp_path.resolve() / "site/.cache/charts"


def _code_strings(tree: ast.AST):
    """The string constants of a module's code: docstrings, which only describe, are left out."""
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node


def test_each_layout_name_is_written_once_in_project_py():
    found = []
    for path in sorted((ROOT / "jianbao").rglob("*.py")):
        if path.name == "project.py" and path.parent.name == "jianbao":
            continue
        for node in _code_strings(ast.parse(path.read_text(encoding="utf-8"))):
            found += [f"{path.relative_to(ROOT)}:{node.lineno} {name}" for name in LAYOUT_NAMES if name in node.value]
    assert found == []
