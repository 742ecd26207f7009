"""docs/format.md stays complete: every accepted field is documented and every example validates."""

import re
from dataclasses import fields
from pathlib import Path

from PIL import Image

from jianbao.layout import Layout
from jianbao.pipeline.build import read_catalog
from jianbao.reader.figures import attributes
from jianbao.reader.site import SITE_KEYS
from jianbao.reader.validate import ISSUE_KEYS
from jianbao.reader.validate_article import ARTICLE_KEYS, PHOTO_KEYS, TABLE_KEYS
from jianbao.reader.validate_parts import CHART_KEYS, CHART_KINDS, FIGURE_KEYS, SERIES_KEYS

from model_fixtures import demo_figures
from project_helpers import make_project

DOC = (Path(__file__).resolve().parents[1] / "docs" / "format.md").read_text(encoding="utf-8")
DOCUMENTED = set(re.findall(r"`([^`\s]+)`", DOC))


def test_every_field_is_documented():
    accepted = (set(SERIES_KEYS) | set(SITE_KEYS) | set(ISSUE_KEYS) | set(ARTICLE_KEYS) | set(FIGURE_KEYS) | set(CHART_KEYS)
                | set(PHOTO_KEYS) | set(TABLE_KEYS)
                | set(CHART_KINDS) | {"lead", "text", "label", "to"} | {f.name for f in fields(Layout)})
    assert sorted(accepted - DOCUMENTED) == []


def test_every_placeholder_attribute_is_documented():
    names = set()
    for figure in demo_figures().values():
        for attr in attributes(figure):
            if "." in attr:  # <row>.<column> of tables
                continue
            names.add(attr if not re.fullmatch(r"\d{4}(-\d\d)?", attr) else "2017-04")
    assert sorted(names - DOCUMENTED) == []


def test_every_example_validates(tmp_path):
    blocks = re.findall(r"```yaml\n(.*?)```", DOC, re.S)
    series = [b for b in blocks if b.startswith("# series: ")]
    issues = [b for b in blocks if b.startswith("# issue")]
    sites = [b for b in blocks if b.startswith("# site")]
    assert len(series) + len(issues) + len(sites) == len(blocks) >= 2 and len(sites) == 1
    project = make_project(tmp_path, {f"example/2017/{n:02d}.yaml": text for n, text in enumerate(issues, 7)},
                           {b.split("\n", 1)[0].split(": ")[1]: b for b in series})
    project.site_file.write_text(sites[0], encoding="utf-8")
    for name in re.findall(r"^ +file: (\S+)$", "".join(issues), re.M):  # a photo the examples name
        photo = tmp_path / "bulletins" / "example" / "2017" / name
        photo.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (400, 300), "white").save(photo, "JPEG")
    catalog, checked = read_catalog(project)
    assert len(checked) == len(issues) and catalog.site.url == "https://www.example.gov.cn/jianbao/"
