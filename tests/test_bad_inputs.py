"""Hostile and broken input through the real CLI: a clear message per file, never a traceback."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "bad_inputs"
SERIES = "title: 工作简报\nissuer: 测试办公室\n"
PWNED = Path("/tmp/jianbao-pwned")  # what python_tag_apply.yaml would create if its tag ran

# issue/<name>.yaml → the first message line about bulletins/demo/2017/<name>.yaml (after the file name).
ISSUES = {
    "alias_bomb": ":1: （文件）：应为不超过 50000 个节点，实际为YAML 别名（&/*）展开后过大",
    "article_is_string": ":5: 第1篇文章：应为键值对（字段: 值），实际为「标题」",
    "articles_mapping": ":4: articles：应为列表（每项以 - 开头），实际为键值对",
    "binary_tag": ":5: 第1篇文章 title：应为普通的值（文字、数字、日期、列表、键值对），"
                  "实际为不支持的 YAML 标签 !!binary（出于安全考虑，不接受 !! 标签）",
    "chart_missing_kind": ":9: 第1篇文章 charts 第1项 kind：应为必填字段 kind，实际为缺少该字段",
    "charts_21": ":8: 第1篇文章 charts：应为不超过 20 项，实际为21 项",
    "chart_unknown_figure": ":9: 第1篇文章 charts 第1项 figures 第1项：应为已定义的数字名（rate），实际为「../../etc/passwd」",
    "chart_unknown_kind": ":9: 第1篇文章 charts 第1项 kind：应为以下之一：progress（进度柱状图）、trend（趋势折线图）、"
                          "share（占比图）、ranking（地区排名图），实际为「pie」",
    "chart_wrong_shape": ":9: 第1篇文章 charts 第1项 figures：应为占比图需要1 个带总数 of 的单个数值，实际为rate",
    "citation_unknown": ":9: 第1篇文章 body：应为本期声明过的图的名字（progress），实际为{{ 图.progres }}"
                        "（图用 charts 或 photos 的 id，表用 tables 中的数字名）",
    "control_char_escape": ":5: 第1篇文章 title：应为不含控制字符的文字，实际为控制字符 U+0007"
                           "（多半是从别处复制来的隐藏字符，或双引号中的 \\x 转义：请删去）",
    "copies_negative": ":4: copies：应为1 到 1000000 之间的整数，实际为-5",
    "custom_tag": ":5: 第1篇文章 title：应为普通的值（文字、数字、日期、列表、键值对），"
                  "实际为不支持的 YAML 标签 !include（出于安全考虑，不接受 !! 标签）",
    "date_impossible": ":3: date：应为存在的日期（年-月-日），实际为「2017-02-30」",
    "date_quoted": ":3: date：应为日期（如 2017-10-11），实际为「2017年10月11日」（日期写作 年-月-日，不加引号）",
    "date_with_time": ":3: date：应为日期（如 2017-10-11），实际为「2017-10-11 09:30:00」（日期写作 年-月-日，不加引号）",
    "duplicate_key_article": ":7: 第1篇文章 title：应为不重复的键，实际为重复的键「title」（第一次出现在第 5 行）",
    "duplicate_key_top": ":4: number：应为不重复的键，实际为重复的键「number」（第一次出现在第 2 行）",
    "empty_articles": ":4: articles：应为至少一篇文章，实际为空列表",
    "empty_file": ":1: （文件）：应为YAML 内容，实际为空文件",
    "empty_title": ":5: 第1篇文章 title：应为非空的文字，实际为空字符串",
    "figure_bad_name": ":5: figures.竣工率：应为由英文字母、数字和下划线组成的数字名（如 construction），实际为「竣工率」"
                       "（名字用于正文中的 {{ 名字.属性 }}）",
    "figure_bad_period": ":5: figures.rate.values.2017-13：应为时期，写作 年-月（2017-04）或 年（2017），实际为「2017-13」",
    "figure_huge_exponent": ":5: figures.big.value：应为不超过 15 位整数、10 位小数的数字，实际为1.0e+999999999",
    "figure_infinity": ":5: figures.big.value：应为有限的数字，实际为无穷大",
    "figure_nan": ":5: figures.bad.value：应为有限的数字，实际为NaN",
    "figure_negative": ":5: figures.gap.value：应为不小于 0 的数字，实际为-1",
    "figure_periods_reversed": ":5: figures.rate.values：应为按时间先后排列、不重复的时期，实际为顺序颠倒或重复（最后一项视为最新值）",
    "figure_row_length": ":5: figures.t.rows.喀什：应为2 个数值（与 columns 一致），实际为1 个",
    "figure_too_many_decimals": ":5: figures.tiny.value：应为不超过 15 位整数、10 位小数的数字，实际为0.000000000001",
    "figure_two_shapes": ":5: figures.x：应为value（单个数值）、values（按时期的数值）或 rows（表格）三者之一，实际为value、values",
    "figure_value_over_of": ":5: figures.funds.value：应为不大于总数 of（200），实际为300",
    "figure_with_unit_text": ":5: figures.rate.value：应为数字，实际为「73%」（数字不要加引号或单位，单位写在 unit 字段）",
    "gbk_encoded": ":5: （文件）：应为UTF-8 编码的文本，实际为无法按 UTF-8 解码的字节（文件可能是 GBK 编码：请在编辑器中“另存为 UTF-8”）",
    "headline_300_chars": ":5: 第1篇文章 title：应为不超过 80 个字，实际为300 个字",
    "highlight_missing_lead": ":7: 第1篇文章 highlights 第1条 lead：应为必填字段 lead，实际为缺少该字段",
    "highlight_no_lead": ":7: 第1篇文章 highlights 第1条：应为以“。”结束的领句加正文，或 {lead: …, text: …}，实际为「没有句号的亮点」",
    "highlights_200": ":6: 第1篇文章 highlights：应为不超过 99 项，实际为200 项",
    "internal_figure_in_public": ":7: 第1篇文章：应为公开文章只引用可公开的数字，实际为公开文章「公开稿」引用了内部数字 secret（内部数）"
                                 "（把该文章改为 release: internal，或把数字改为 release: public）",
    "lone_surrogate": ":5: 第1篇文章 title：应为不含控制字符的文字，实际为控制字符 U+D800"
                      "（多半是从别处复制来的隐藏字符，或双引号中的 \\x 转义：请删去）",
    "markdown_101_headings": ":205: 第1篇文章 body：应为同一级下不超过 99 个标题，实际为「第99部分」超出 99 个（请合并或分级）",
    "markdown_image_absolute": ":6: 第1篇文章 body：应为简报支持的 Markdown（段落、加粗、斜体、四级标题、列表、表格、脚注），"
                               "实际为Markdown 图片（照片请在 photos 中声明，图表在 charts 中声明，再在正文中单独一行写 {{ 图.名字 }}）",
    "markdown_image_traversal": ":9: 第1篇文章 body：应为简报支持的 Markdown（段落、加粗、斜体、四级标题、列表、表格、脚注），"
                                "实际为Markdown 图片（照片请在 photos 中声明，图表在 charts 中声明，再在正文中单独一行写 {{ 图.名字 }}）",
    "markdown_link_javascript": ":6: 第1篇文章 body：应为简报支持的 Markdown（段落、加粗、斜体、四级标题、列表、表格、脚注），"
                                "实际为链接（简报正文不使用链接，请直接写出网址或名称）",
    "markdown_list_too_deep": ":10: 第1篇文章 body：应为不超过 3 层的列表，实际为列表嵌套过深（请减少嵌套层次）",
    "markdown_reference_link": ":9: 第1篇文章 body：应为简报支持的 Markdown（段落、加粗、斜体、四级标题、列表、表格、脚注），"
                               "实际为链接（简报正文不使用链接，请直接写出网址或名称）",
    "markdown_skipped_heading": ":7: 第1篇文章 body：应为# 级标题之后才出现 ##，实际为「跳级」跳级"
                                "（标题层级依次为 # 一、 ## （一） ### 1. #### （1））",
    "markdown_too_long": ":6: 第1篇文章 body：应为不超过 50000 个字，实际为60000 个字",
    "markdown_typed_marker": ":7: 第1篇文章 body：应为不带序号的标题，实际为「一、总体」（序号由程序自动生成，请删去手写的序号）",
    "merge_key": ":4: base：应为已知的字段，实际为未知字段「base」（可用的字段：",
    "missing_articles": ":1: articles：应为必填字段 articles，实际为缺少该字段",
    "missing_series": ":1: series：应为必填字段 series，实际为缺少该字段",
    "missing_title": ":5: 第1篇文章 title：应为必填字段 title，实际为缺少该字段",
    "note_footnote": ":6: 第1篇文章 note：应为不带脚注的编者按，实际为脚注（1 条）（脚注只能加在 body 和 closing 中；这里可改用括号说明）",
    "note_list": ":4: note：应为只由段落组成的编者按，实际为列表（标题、列表、表格和图只能写在 body 或 closing 中）",
    "nul_byte": ":5: （文件）：应为不含控制字符的文字，实际为控制字符 U+0000（请删去该字符）",
    "null_title": ":5: 第1篇文章 title：应为文字，实际为空值",
    "number_float": ":2: number：应为整数，实际为数字 1.5",
    "number_huge": ":2: number：应为不超过 30 位的整数，实际为5000 位的数字",
    "number_negative": ":2: number：应为1 到 999 之间的整数，实际为-3",
    "number_string": ":2: number：应为整数，实际为「第一期」",
    "number_too_big": ":2: number：应为1 到 999 之间的整数，实际为1000",
    "number_zero": ":2: number：应为1 到 999 之间的整数，实际为0",
    "only_comments": ":1: （文件）：应为YAML 内容，实际为空文件",
    "placeholder_bad_attribute": ":7: 第1篇文章 title：应为rate 的属性之一（label、latest、latest_period、first、"
                                 "first_period、target、of_target、2017-04、2017-08），实际为{{ rate.lastest }}（是否想写 latest？）",
    "placeholder_path_traversal": ":8: 第1篇文章 body：应为已定义的数字名（rate），实际为{{ ../../etc/passwd }}",
    "placeholder_unknown": ":11: 第1篇文章 body：应为已定义的数字名（rate），实际为{{ rat.latest }}（是否想写 rate？）",
    "python_tag_apply": ":4: articles：应为普通的值（文字、数字、日期、列表、键值对），"
                        "实际为不支持的 YAML 标签 !!python/object/apply:os.system（出于安全考虑，不接受 !! 标签）",
    "python_tag_name": ":5: 第1篇文章 title：应为普通的值（文字、数字、日期、列表、键值对），"
                       "实际为不支持的 YAML 标签 !!python/name:os.system（出于安全考虑，不接受 !! 标签）",
    "release_mapping": ":6: 第1篇文章 release：应为以下之一：public（公开，可供新闻发布）、internal（内部，不对外），实际为键值对",
    "status_list": ":4: status：应为以下之一：draft（草稿）、published（已印发（存档后不可更改）），实际为列表（1 项）",
    "status_typo": ":4: status：应为以下之一：draft（草稿）、published（已印发（存档后不可更改）），实际为「pubished」"
                   "（是否想写 published？）",
    "supplement_string": ":4: supplement：应为是/否（true 或 false），实际为「是」",
    "syntax_bad_indent": ":6: （文件）：应为合法的 YAML，实际为缩进不对齐（同一层的字段要左端对齐）",
    "syntax_colon_in_value": ":5: （文件）：应为合法的 YAML，实际为此处不能出现冒号（值中含“: ”时请加引号）（检查缩进，或给含冒号的文字加引号）",
    "syntax_two_documents": ":7: （文件）：应为合法的 YAML，实际为第二个 YAML 文档（一个文件只能有一个，去掉 --- 及其后的内容）",
    "syntax_unclosed_flow": ":5: （文件）：应为合法的 YAML，实际为花括号 { } 不成对",
    "syntax_unclosed_quote": ":6: （文件）：应为合法的 YAML，实际为引号不成对（缺少结束的引号）",
    "tables_not_a_list": ":8: 第1篇文章 tables：应为列表（每项以 - 开头），实际为「by_region」",
    "tab_in_value_line": ":6: （文件）：应为合法的 YAML，实际为行内含制表符（Tab）（YAML 只能用空格缩进，请把 Tab 换成空格）",
    "tab_indent": ":5: （文件）：应为合法的 YAML，实际为行内含制表符（Tab）（YAML 只能用空格缩进，请把 Tab 换成空格）",
    "title_list": ":5: 第1篇文章 title：应为文字，实际为列表（2 项）",
    "title_multiline": ":5: 第1篇文章 title：应为一行文字，实际为多行文字",
    "top_level_list": ":1: （文件）：应为键值对（字段: 值），实际为列表（2 项）",
    "top_level_scalar": ":1: （文件）：应为键值对（字段: 值），实际为「工作简报」",
    "undefined_alias": ":4: （文件）：应为合法的 YAML，实际为未定义的别名",
    "unknown_article_field": ":6: 第1篇文章 bdy：应为已知的字段，实际为未知字段「bdy」（是否想写 body？）",
    "unknown_field": ":7: statu：应为已知的字段，实际为未知字段「statu」（是否想写 status？）",
    "unknown_series": ":1: series：应为已定义的简报系列（demo），实际为「../../etc」（系列定义在 content/series/<名字>.yaml）",
    "utf16_encoded": ":1: （文件）：应为UTF-8 编码的文本，实际为UTF-16 编码的文本（请在编辑器中“另存为 UTF-8”）",
}

# series/<name>.yaml, placed as content/series/<name>.yaml → its first message line.
SERIES_FILES = {
    "copies_huge": ":3: copies：应为1 到 1000000 之间的整数，实际为99999999999",
    "distribution_missing_to": ":4: distribution 第1行 to：应为必填字段 to，实际为缺少该字段",
    "layout_bad_red": ":3: layout.red：应为六位十六进制颜色（如 FF0000），实际为「red;}</style><script>alert(1)<…」",
    "layout_huge_page": ":3: layout.page_width_mm：应为不大于 1000 的数字，实际为1.0E+9",
    "layout_nan": ":3: layout.body_size_pt：应为有限的数字，实际为NaN",
    "layout_negative_margin": ":3: layout.margin_top_mm：应为不小于 0 的数字，实际为-100",
    "layout_no_type_area": ":3: layout：应为版心宽度不小于 40 毫米（纸张减去两侧页边距），实际为20 毫米（检查纸张尺寸和页边距）",
    "layout_unknown": ":3: layout.line_pich_pt：应为已知的字段，实际为未知字段「line_pich_pt」（是否想写 line_pitch_pt？）",
    "layout_zero_pitch": ":3: layout.line_pitch_pt：应为不小于 0.5 的数字，实际为0",
    "missing_title": ":1: title：应为必填字段 title，实际为缺少该字段",
    "numbering_typo": ":3: numbering：应为以下之一：yearly（每年从第1期编起）、continuous（连续编号），实际为「yealy」（是否想写 yearly？）",
    "python_tag": ":3: chart_fonts：应为普通的值（文字、数字、日期、列表、键值对），"
                  "实际为不支持的 YAML 标签 !!python/object/new:os.system（出于安全考虑，不接受 !! 标签）",
    "title_too_long": ":1: title：应为不超过 30 个字，实际为31 个字",
    "total_offset_huge": ":3: total_offset：应为0 到 99999 之间的整数，实际为99999999999999",
    "unknown_field": ":3: titel：应为已知的字段，实际为未知字段「titel」（是否想写 title？）",
}

# project/<name>/ → every message line.
PROJECTS = {
    "duplicate_numbers": [
        "bulletins/demo/2017/02.yaml:2: number：应为同一系列同一年内不重复的期号，实际为第1期与 bulletins/demo/2017/01.yaml:2 重复"],
    "bad_series_file_name": [
        "content/series/Demo Series.yaml:1: （文件）：应为由小写字母、数字、- 或 _ 组成的文件名，实际为「Demo Series」"],
}

RENDERED = ["ok_bom", "ok_bracket_flood", "ok_emoji_uyghur", "ok_html_in_body", "ok_markdown_list", "ok_paragraph_20000",
            "ok_target_zero"]


def run(root: Path, command: str, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), command, "--root", str(root), "-q", *args],
                            capture_output=True, text=True, timeout=300, cwd=root)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result


def first_lines(stderr: str, prefix: str) -> dict[str, str]:
    """The first problem line of each file under prefix, keyed by file name without .yaml."""
    out: dict[str, str] = {}
    for line in stderr.splitlines()[1:]:
        match = re.match(re.escape(prefix) + r"([^:/]+)\.yaml(.*)$", line.strip())
        if match:
            out.setdefault(match.group(1), match.group(2))
    return out


def new_project(root: Path, issues: list[str]) -> Path:
    (root / "content" / "series").mkdir(parents=True)
    (root / "content" / "series" / "demo.yaml").write_text(SERIES, encoding="utf-8")
    folder = root / "bulletins" / "demo" / "2017"
    folder.mkdir(parents=True)
    for name in issues:
        shutil.copyfile(CORPUS / "issue" / f"{name}.yaml", folder / f"{name}.yaml")
    return root


def test_corpus_is_complete_and_large():
    names = {p.stem for p in (CORPUS / "issue").glob("*.yaml")}
    assert names == set(ISSUES) | set(RENDERED) | {"render_chart_uyghur_label"}
    assert {p.stem for p in (CORPUS / "series").glob("*.yaml")} == set(SERIES_FILES)
    assert len(ISSUES) + len(SERIES_FILES) + len(PROJECTS) >= 60


@pytest.fixture(scope="module")
def refused_issues(tmp_path_factory):
    """Every refused issue file in one project, checked by one CLI run (problems are per file)."""
    PWNED.unlink(missing_ok=True)
    root = new_project(tmp_path_factory.mktemp("issues"), list(ISSUES))
    result = run(root, "check")
    return result, first_lines(result.stderr, "bulletins/demo/2017/")


def test_refused_issues_exit_1_and_nothing_ran(refused_issues):
    result, _ = refused_issues
    assert result.returncode == 1 and result.stderr.startswith("发现 ")
    assert not PWNED.exists()  # the !!python tag was refused, not executed


@pytest.mark.parametrize("name", sorted(ISSUES))
def test_refused_issue_message(refused_issues, name):
    _, found = refused_issues
    expected = ISSUES[name]
    assert name in found, f"{name}: no message"
    message = found[name]
    assert message == expected or (expected.endswith("：") and message.startswith(expected)), message


def test_refused_series_files(tmp_path):
    folder = tmp_path / "content" / "series"
    folder.mkdir(parents=True)
    for name in SERIES_FILES:
        shutil.copyfile(CORPUS / "series" / f"{name}.yaml", folder / f"{name}.yaml")
    result = run(tmp_path, "check")
    assert result.returncode == 1
    assert first_lines(result.stderr, "content/series/") == SERIES_FILES


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_refused_projects(tmp_path, name):
    shutil.copytree(CORPUS / "project" / name, tmp_path / "p")
    result = run(tmp_path / "p", "check")
    assert result.returncode == 1
    assert [line.strip() for line in result.stderr.splitlines()[1:]] == PROJECTS[name]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = new_project(tmp_path_factory.mktemp("rendered"), RENDERED)
    result = run(root, "build")
    return root, result


def _docx_text(path: Path) -> str:
    from docx import Document  # python-docx: opening the file proves it is a whole document

    document = Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def _issue_dir(root: Path, number: int) -> Path:
    return root / "build" / "demo" / "2017" / f"{number:02d}"


def test_accepted_hostile_inputs_render(rendered):
    root, result = rendered
    assert result.returncode == 0, result.stderr
    for number in range(11, 11 + len(RENDERED)):
        folder = _issue_dir(root, number)
        assert (folder / f"demo-2017-{number}.docx").is_file() and (folder / "index.html").is_file()


def test_uyghur_and_emoji_survive_in_docx_and_html(rendered):
    root, _ = rendered
    folder = _issue_dir(root, 13)
    text = _docx_text(folder / "demo-2017-13.docx")
    for piece in ("双语 ئۇيغۇرچە 🎉", "ئۇيغۇرچە تېكىست 维吾尔文与中文混排👍。", "ئۇيغۇر تىلى", "ئالدى بىلەن。"):
        assert piece in text
    for page in (folder / "index.html", folder / "demo-2017-13.html"):
        html = page.read_text(encoding="utf-8")
        assert '<meta charset="utf-8">' in html.lower() or "charset=utf-8" in html.lower()
        assert "ئۇيغۇرچە تېكىست 维吾尔文与中文混排👍。" in html and "双语 ئۇيغۇرچە 🎉" in html


def test_long_paragraph_kept_whole(rendered):
    root, _ = rendered
    folder = _issue_dir(root, 12)
    assert "全区校舍建设稳步推进" * 2000 in _docx_text(folder / "demo-2017-12.docx")
    assert "全区校舍建设稳步推进" * 2000 in (folder / "index.html").read_text(encoding="utf-8")


def test_html_and_image_paths_in_text_are_inert(rendered):
    root, _ = rendered
    folder = _issue_dir(root, 14)
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=/etc/passwd onerror=alert(1)&gt;" in html
    assert "<iframe" not in html and "<script" not in html and "onerror=" not in html.replace("onerror=alert(1)&gt;", "")
    assert "&lt;img src=/etc/passwd onerror=alert(1)&gt;" not in _docx_text(folder / "demo-2017-14.docx")
    assert "<img src=/etc/passwd onerror=alert(1)>" in _docx_text(folder / "demo-2017-14.docx")
    with zipfile.ZipFile(folder / "demo-2017-14.docx") as docx:
        assert not any("passwd" in name for name in docx.namelist())  # nothing was read in as an image
    assert not any("passwd" in p.name for p in (root / "build").rglob("*"))


def test_outputs_stay_inside_the_build_folder(rendered):
    root, _ = rendered
    outside = {p for p in root.rglob("*") if p.is_file()} - set((root / "build").rglob("*"))
    assert outside == {p for p in root.rglob("*.yaml")}


def test_chart_label_without_glyph_is_a_render_failure(tmp_path):
    result = run(new_project(tmp_path, ["render_chart_uyghur_label"]), "build")
    assert result.returncode == 2
    assert result.stderr.startswith("生成失败：图1“图🎉”中的文字“ئۇيغۇرچە”含有字符“ئ”（U+0626）")
    assert not (tmp_path / "build" / "demo").exists()  # nothing written when a render fails
