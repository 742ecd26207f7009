"""python-docx's internals are reached in render/word/oxml.py alone: no other module of jianbao touches them."""

from __future__ import annotations

import ast
from pathlib import Path

import jianbao

PACKAGE = Path(jianbao.__file__).parent
HELPER = PACKAGE / "render" / "word" / "oxml.py"
# The underscore attributes under which python-docx's proxies keep their XML elements and parents.
INTERNALS = {"_p", "_r", "_tbl", "_tr", "_tc", "_sectPr", "_element", "_body", "_parent"}
# Modules that handle python-docx objects: there, no underscore attribute of anything but self.
WORD_MODULES = sorted([*(PACKAGE / "render" / "word").glob("*.py"), PACKAGE / "importer" / "word_reader.py"])


def reaches(path: Path) -> list[str]:
    """Every place in the module that reaches below python-docx's public API, as "line: what"."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    word = path in WORD_MODULES
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.endswith("__"):
            owner = node.value.id if isinstance(node.value, ast.Name) else None
            if node.attr in INTERNALS or (word and owner not in ("self", "cls")):
                found.append(f"{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" \
                and len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and node.args[1].value in INTERNALS:
            found.append(f"{node.lineno}: getattr {node.args[1].value}")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                and node.module.split(".")[0] == "docx":
            private = [a.name for a in node.names if a.name.startswith("_")]
            if private or any(part.startswith("_") for part in node.module.split(".")):
                found.append(f"{node.lineno}: from {node.module} import {', '.join(a.name for a in node.names)}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "docx" and any(part.startswith("_") for part in parts):
                    found.append(f"{node.lineno}: import {alias.name}")
    return found


def test_only_the_helper_reaches_below_python_docxs_public_api():
    offenders = {str(path.relative_to(PACKAGE)): found for path in sorted(PACKAGE.rglob("*.py"))
                 if path != HELPER and (found := reaches(path))}
    assert offenders == {}


def test_the_check_sees_the_helpers_own_reaches():
    """The scan is not blind: the helper's reaches are what it is there to hold."""
    assert {line.split(": .")[1] for line in reaches(HELPER)} == {"_p", "_tbl", "_tc", "_sectPr"}


def test_the_word_modules_are_found():
    names = {path.relative_to(PACKAGE).as_posix() for path in WORD_MODULES}
    assert {"render/word/bulletin.py", "render/word/page.py", "render/word/report.py",
            "importer/word_reader.py", "render/word/oxml.py"} <= names
