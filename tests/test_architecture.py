"""The package's shape: no import cycles, the layers contract kept, every module small and described."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "jianbao"
MAX_LINES = 450  # "a few hundred lines at most": the largest module today has about 400


def import_graph() -> dict[str, set[str]]:
    """Each jianbao module and the jianbao modules it imports, function-level imports included."""
    grimp = pytest.importorskip("grimp", reason="grimp comes with import-linter (the test extras)")
    graph = grimp.build_graph("jianbao", cache_dir=None)
    return {module: set(graph.find_modules_directly_imported_by(module)) for module in graph.modules}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_another_in_a_cycle():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"a"}}) == [["a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.skipif(not shutil.which("lint-imports"), reason="import-linter is in the test extras")
def test_the_layers_contract_in_pyproject_is_kept():
    done = subprocess.run(["lint-imports", "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]


def test_every_module_is_small_and_says_what_it_owns():
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        assert len(text.splitlines()) <= MAX_LINES, f"{name} has grown past {MAX_LINES} lines: split it"
        docstring = ast.get_docstring(ast.parse(text))
        assert docstring and docstring.strip(), f"{name} has no docstring saying what it owns"


# Where each third-party library may be imported: one module, or for python-docx the Word
# renderer's package and the importer's reader of .docx files.
LIBRARY_OWNERS = {
    "yaml": {"jianbao/reader/load.py"},
    "markdown": {"jianbao/reader/markup.py"},
    "jinja2": {"jianbao/render/html/bulletin.py"},
    "matplotlib": {"jianbao/charts/draw.py"},
    "numpy": {"jianbao/charts/png.py"},
    "PIL": {"jianbao/imaging.py"},
    "colorama": {"jianbao/cli/terminal.py"},
    "docx": {"jianbao/render/word/", "jianbao/importer/word_reader.py"},
    "pdfminer": {"jianbao/render/ofd/pages.py"},
    "fontTools": {"jianbao/render/ofd/fonts.py"},
    "watchfiles": {"jianbao/serve/watch.py"},
}


def imported_libraries(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_each_library_is_imported_in_its_one_place():
    strays = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for library in imported_libraries(path) & set(LIBRARY_OWNERS):
            if not any(rel == owner or (owner.endswith("/") and rel.startswith(owner))
                       for owner in LIBRARY_OWNERS[library]):
                strays.append(f"{rel} imports {library}")
    assert strays == []
