"""One leak check for every folder that leaves the office: the press folders (and the public site),
attacked with the sample that has an internal part in every position, random issues, and a flip."""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_press import fake_charts, tiny_png

from jianbao.errors import LeakError
from jianbao.leak import check_folder, folder_files, fragments_of, leaks
from jianbao.model import (
    INTERNAL,
    PUBLIC,
    Article,
    ChartSpec,
    Correction,
    Footnote,
    FootnoteRef,
    Heading,
    Highlight,
    Highlights,
    Issue,
    ItemList,
    ListItem,
    Paragraph,
    Photo,
    Table,
    TableFigure,
    Text,
    ValueFigure,
)
from jianbao.pipeline.build import build, read_catalog
from jianbao.pipeline.render_issues import RenderOptions
from jianbao.press.export import render_press
from jianbao.public import public_view

from model_fixtures import demo_series, photo_bytes
from project_helpers import copy_samples

SAMPLE = "bulletins/gaibo/2017/09.yaml"
# Each internal position of the sample bulletins/gaibo/2017/09.yaml and the words planted there.
SAMPLE_CANARIES = {
    "article title": "部分县区挪用改薄资金问题通报",
    "summary": "通报两个县区挪用改薄专项资金的核查结果",
    "article note": "此件仅供协调小组成员单位内部掌握",
    "issue note": "本期通报内容严禁转发至各类工作群",
    "body": "个别县区将改薄专项资金挪作机关办公楼装修费用",
    "highlight": "对挪用资金县区的主要负责同志逐一约谈问责",
    "closing": "各地不得对外披露本通报涉及的具体县区名称",
    "table caption": "挪用资金追缴情况（万元人民币）",
    "figure label": "约谈问责干部人数",
    "unit": "名县处级干部",
    "row name": "红柳河县",
    "column name": "已追缴金额",
    "table row header": "涉及县区",
    "chart title": "挪用资金县区追缴进度对比",
    "list item": "对沙枣湾县财政局主要负责人给予党内严重警告处分",
    "photo title": "挪用资金问题约谈会现场",
    "photo alt text": "红柳河县主要负责同志在约谈会上作检查发言",
    "photo note": "照片仅限督查组内部存档使用",
    "table note": "追缴金额以审计部门最终认定数为准",
    "table source": "自治区审计厅专项审计报告",
    "chart source": "各县区财政局自查报告汇总",
    "footnote": "挪用资金线索来自群众实名举报材料",
    "signer": "欧阳金丝雀",
}
# Positions that the bulletin shows but its text layer does not (the summary is for WeChat only).
NOT_PRINTED = {"summary"}


def shown_folders(project) -> list[Path]:
    """Every folder of a build that leaves the office: each issue's press folder and the public site."""
    assert project.public_dir.is_dir(), "a full build writes the public site"
    return [*sorted(project.out.glob("*/*/*/press")), project.public_dir]


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_samples(tmp_path_factory.mktemp("leak"))
    # Published, so that the public site carries its public articles (a draft shows nothing there).
    sample = project.root / SAMPLE
    sample.write_text(sample.read_text(encoding="utf-8").replace("status: draft", "status: published"),
                      encoding="utf-8")
    build(project, options=RenderOptions(jobs=1))
    catalog, _ = read_catalog(project)
    return project, catalog.issues


# ---------------------------------------------------------------- the sample with an internal part everywhere

@pytest.mark.parametrize("position", sorted(SAMPLE_CANARIES))
def test_sample_canary_is_in_the_internal_archive_and_in_no_shown_file(built, position):
    project, _ = built
    canary = SAMPLE_CANARIES[position]
    folder = project.out / "gaibo/2017/09"
    internal = (folder / "index.html").read_text(encoding="utf-8") + docx_text(folder / "gaibo-2017-09.docx")
    internal += "".join(p.read_text(encoding="utf-8") for p in folder.glob("fig-*.svg"))
    if position not in NOT_PRINTED:
        assert canary in internal, "the canary must be in the internal bulletin, or the test proves nothing"
    shown = [f for folder in shown_folders(project) for f in folder_files(folder)]
    assert shown and any(f.path.endswith("gaibo-2017-09.md") for f in shown)
    assert any(f.path == "gaibo/2017/09/index.html" for f in folder_files(project.public_dir))
    assert leaks(shown, [canary]) == []


def test_the_sample_press_folder_does_say_its_public_articles(built):
    project, _ = built
    press = project.out / "gaibo/2017/09/press"
    md = (press / "gaibo-2017-09.md").read_text(encoding="utf-8")
    assert "全区改薄项目年度验收" in md and "新建校舍配套教师陆续到岗" in md
    assert sorted(p.name for p in press.glob("fig-*.png")) == ["fig-1.png", "fig-2.png"]
    # The issue's one photo is the internal article's: neither the press folder nor the public site has it.
    assert (project.out / "gaibo/2017/09/photo-3.jpg").is_file()
    assert not list(press.glob("photo-*")) and not list((project.public_dir / "gaibo/2017/09").glob("photo-*"))


def test_every_shown_folder_of_the_samples_passes_the_check(built):
    project, issues = built
    fragments = fragments_of(issues)
    for canary in SAMPLE_CANARIES.values():
        assert any(canary in piece for piece in fragments), canary  # the check knows every position
    for folder in shown_folders(project):
        check_folder(folder, fragments)


def jpeg_with_comment(text: str) -> bytes:
    """A photo whose comment segment says `text` (a camera or an editor may write one)."""
    comment = text.encode("utf-8")
    return photo_bytes()[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + photo_bytes()[2:]


@pytest.mark.parametrize("position", sorted(SAMPLE_CANARIES))
@pytest.mark.parametrize("kind", ["md", "html", "json", "svg", "xml", "csv", "png", "jpg", "docx"])
def test_check_folder_finds_a_planted_canary_in_every_kind_of_file(built, tmp_path, position, kind):
    project, issues = built
    canary = SAMPLE_CANARIES[position]
    escaped = canary.replace("（", "&#xff08;")
    data = {
        "md": f"正文\n\n**{canary[:3]}**{canary[3:]}\n".encode(),
        "html": f"<p title='{escaped}'>正文</p>".encode(),
        "json": json.dumps({"items": [{"title": canary}]}).encode(),  # \\u escapes
        "svg": f"<svg><g><!-- {canary} --></g></svg>".encode(),
        "xml": f"<feed><entry><title>{escaped}</title></entry></feed>".encode(),
        "csv": f"名称,数值\n{canary},1\n".encode(),
        "png": tiny_png(text=canary.encode()),
        "jpg": jpeg_with_comment(canary),
    }.get(kind)
    if kind == "docx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as docx:
            docx.writestr("word/document.xml", "<w:p>" + "".join(
                f"<w:r><w:t>{c}</w:t></w:r>" for c in canary) + "</w:p>")
        data = buffer.getvalue()
    (tmp_path / "site" / "a").mkdir(parents=True)
    for f in folder_files(project.out / "gaibo/2017/09/press"):
        (tmp_path / "site" / f.path).write_bytes(f.data)
    check_folder(tmp_path / "site", fragments_of(issues))  # clean as built
    (tmp_path / "site" / "a" / f"page.{kind}").write_bytes(data)
    with pytest.raises(LeakError) as info:
        check_folder(tmp_path / "site", fragments_of(issues))
    assert f"a/page.{kind}" in str(info.value)


# ---------------------------------------------------------------- an article flips from public to internal

def test_an_article_made_internal_leaves_nothing_in_the_press_folder(tmp_path):
    project = copy_samples(tmp_path)
    build(project, options=RenderOptions(jobs=1))
    path = project.root / SAMPLE
    text = path.read_text(encoding="utf-8")
    flipped = text.replace("  - title: 新建校舍配套教师陆续到岗\n    release: public\n",
                           "  - title: 新建校舍配套教师陆续到岗\n    release: internal\n")
    assert flipped != text
    path.write_text(flipped, encoding="utf-8")
    build(project, options=RenderOptions(jobs=1))
    catalog, _ = read_catalog(project)
    press = project.out / "gaibo/2017/09/press"
    fragments = fragments_of(catalog.issues)
    assert any("新建校舍配套教师陆续到岗" in piece for piece in fragments)
    listed = json.loads((press / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert sorted(p.name for p in press.iterdir() if p.name != "manifest.json") == sorted(listed)
    check_folder(press, fragments)


# ---------------------------------------------------------------- random issues, random internal parts

MARK = "Ж"  # in every internal text and in no public one: a Ж in a shown file came from inside
_WORDS = st.sampled_from(list("改薄校舍建设竣工率采购资金地区县约谈督导，。、（）%") + list("abc019 -*<>&|[]"))


def _text(marked: bool):
    plain = st.text(_WORDS, min_size=1, max_size=12).filter(lambda s: s.strip())
    if not marked:
        return plain
    return st.builds(lambda a, n, b: f"{a}{MARK}{n}{b}", plain, st.integers(0, 99), plain)


@st.composite
def random_issues(draw):
    figures, public_ids, any_ids = {}, [], []
    for i in range(draw(st.integers(0, 3))):
        secret = draw(st.booleans())
        text = _text(secret)
        fid = f"f{i}"
        if draw(st.booleans()):
            figures[fid] = ValueFigure(id=fid, label=draw(text), unit=draw(text), value=D(i + 1), of=D(10),
                                       release=INTERNAL if secret else PUBLIC)
        else:
            figures[fid] = TableFigure(id=fid, label=draw(text), unit=draw(text), columns=(draw(text),),
                                       rows=((draw(text), (D(i),)),), row_header=draw(text),
                                       release=INTERNAL if secret else PUBLIC)
        any_ids.append(fid)
        if not secret:
            public_ids.append(fid)
    articles, charts, tables = [], 0, 0
    for _ in range(draw(st.integers(1, 3))):
        public = draw(st.booleans())
        text = _text(not public)
        blocks = [Paragraph((Text(draw(text)), FootnoteRef(1), Text(draw(text)))), Heading(1, "一、", (Text(draw(text)),)),
                  ItemList((ListItem("1.", 0, (Text(draw(text)),)), ListItem("（1）", 1, (Text(draw(text)),)),
                            ListItem("", 0, (Text(draw(text)),))))]
        if draw(st.booleans()):
            tables += 1
            blocks.append(Table(tables, draw(text), (draw(text), "数"), ((draw(text), "1"),), notes=(draw(text),)))
        if draw(st.booleans()):
            charts += 1  # 图 N: photos and charts share the numbers
            blocks.append(Photo(charts, draw(text), draw(text), photo_bytes(), "jpeg", 480, 320, "p.jpg", "0" * 64,
                                (draw(text),)))
        blocks.append(Highlights((Highlight("一是", (Text(draw(text)),), (Text(draw(text)),)),)))
        blocks.append(Paragraph((Text(draw(text)),)))  # a closing paragraph
        used = set()
        pool = public_ids if public else any_ids
        if pool and draw(st.booleans()):
            charts += 1
            fid = draw(st.sampled_from(pool))
            used.add(fid)
            blocks.append(ChartSpec(charts, "share", (fid,), draw(text), (draw(text),)))
        articles.append(Article(title=draw(text), release=PUBLIC if public else INTERNAL,
                                note=(Paragraph((Text(draw(text)),)),), blocks=tuple(blocks),
                                figures_used=frozenset(used), summary=draw(text),
                                footnotes=(Footnote(1, (Text(draw(text)),)),)))
    correction = Correction(draw(_text(True)), datetime.date(2018, 3, 20)) if draw(st.booleans()) else None
    return Issue(series=demo_series(), number=draw(st.integers(1, 30)), date=datetime.date(2018, 3, 9),
                 articles=tuple(articles), figures=figures,
                 note=(Paragraph((Text(f"本期内部说明{MARK}{draw(_text(True))}"),)),),  # always a canary
                 correction=correction, signers=(("签发", f"签发人{MARK}{draw(st.integers(0, 99))}"),))


def _fragments_with_mark(issue: Issue) -> list[str]:
    return [p for p in fragments_of([issue]) if MARK in p]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(random_issues())
def test_random_internal_parts_never_reach_a_press_folder(tmp_path_factory, issue):
    files = render_press(issue, fake_charts(issue))
    if public_view(issue) is None:
        assert files == []
        return
    folder = tmp_path_factory.mktemp("random")
    for f in files:
        (folder / f.path).parent.mkdir(parents=True, exist_ok=True)
        (folder / f.path).write_bytes(f.data)
    check_folder(folder, fragments_of([issue]))
    for f in folder_files(folder):
        assert leaks([f], [MARK]) == [], f.path
    # ...and the check would have caught any of them: plant one internal piece, it fires.
    planted = _fragments_with_mark(issue)
    assert planted  # the issue note always carries one
    (folder / "press" / "planted.md").write_text(f"正文{planted[0]}。", encoding="utf-8")
    with pytest.raises(LeakError, match="planted.md"):
        check_folder(folder, fragments_of([issue]))


def test_a_correction_reason_is_internal_unless_released():
    reason = "更正原因涉及内部核查的红柳河县数据"
    for release, shown_reason, internal in ((INTERNAL, "本期内容已更正，以本版为准。", [reason]),
                                            (PUBLIC, reason, [])):
        issue = Issue(series=demo_series(), number=3, date=datetime.date(2018, 3, 9), figures={},
                      articles=(Article("公开稿标题", PUBLIC, (), (Paragraph((Text("公开的正文内容。"),)),)),),
                      correction=Correction(reason, datetime.date(2018, 3, 20), release))
        view = public_view(issue)
        assert view.correction.date == issue.correction.date  # the notice always goes out
        assert view.correction.reason == shown_reason
        assert [p for p in fragments_of([issue]) if "更正原因" in p] == internal
