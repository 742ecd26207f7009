"""Layout report: a produced .docx read back and held against the layout rules; every deviation, in Chinese.

The expectations are written here from the Layout numbers and layout.md, independently of the
renderer's own style table, so that a change to the renderer cannot move the format unnoticed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

import docx
from docx.oxml.ns import qn

from jianbao.layout import Layout, mm_to_pt
from jianbao.model import Issue
from jianbao.render.word.oxml import paragraph_element

SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
THEME_SLOTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
MM_TOLERANCE = 0.1


def _twips(pt: float) -> int:
    return int(round(pt * 20))


def _eighths(pt: float) -> int:
    return max(2, int(round(pt * 8)))


def _pt(twips: str | None) -> str:
    return "未设置" if twips is None else f"{int(twips) / 20:g} 磅"


@dataclass(frozen=True)
class Rule:
    """What one paragraph style must carry; None: not checked (a fitted size, a renderer's choice)."""

    style: str
    label: str
    cjk: str  # Layout attribute holding the East Asian face
    size_pt: float
    max_size: bool = False  # size_pt is an upper bound (the masthead shrinks to fit one line)
    line_pt: float | None = None
    first_chars: float = 0
    bold: bool | None = None
    red: bool = False
    tight: bool = False
    latin: str = "font_latin"


def rules(lay: Layout) -> list[Rule]:
    body, pitch, fc = lay.body_size_pt, lay.line_pitch_pt, lay.first_line_chars
    return [
        Rule("JB Classification", "密级/内部资料", "font_heiti", lay.classification_size_pt, line_pt=pitch),
        Rule("JB Program", "报头上方一行", "font_xiaobiaosong", lay.program_size_pt, max_size=True, red=True),
        Rule("JB Masthead", "简报名称", "font_xiaobiaosong", lay.masthead_size_pt, max_size=True, red=True),
        Rule("JB Issue Number", "期号", "font_fangsong", body, line_pt=pitch, tight=True),
        Rule("JB Issuer Line", "编印单位和日期", "font_fangsong", body, line_pt=pitch, tight=True),
        Rule("JB Headline", "标题", "font_xiaobiaosong", lay.headline_size_pt, line_pt=lay.headline_line_pt,
             bold=lay.headline_bold),
        Rule("JB Note", "编者按", "font_kaiti", body, line_pt=pitch, first_chars=fc, tight=True),
        Rule("JB Body", "正文", "font_fangsong", body, line_pt=pitch, first_chars=fc, bold=False, tight=True),
        Rule("JB Heading 1", "一级标题", "font_heiti", body, line_pt=pitch, first_chars=fc, bold=False, tight=True),
        Rule("JB Heading 2", "二级标题", "font_kaiti", body, line_pt=pitch, first_chars=fc,
             bold=lay.heading2_bold, tight=True),
        Rule("JB Heading 3", "三级标题", "font_fangsong", body, line_pt=pitch, first_chars=fc,
             bold=lay.heading3_bold, tight=True),
        Rule("JB Heading 4", "四级标题", "font_fangsong", body, line_pt=pitch, first_chars=fc, bold=False,
             tight=True),
        Rule("JB Table Caption", "表题", "font_fangsong", lay.caption_size_pt, bold=lay.caption_bold),
        Rule("JB Table Header", "表头", "font_heiti", lay.table_size_pt, line_pt=lay.table_line_pt),
        Rule("JB Table Text", "表格文字", "font_fangsong", lay.table_size_pt, line_pt=lay.table_line_pt),
        Rule("JB Chart Caption", "图题", "font_fangsong", lay.caption_size_pt, bold=lay.caption_bold),
        # 注：/数据来源： lines under figures, and footnotes: 仿宋 小四, not bold (issue #18)
        Rule("JB Figure Note", "图表注释", "font_fangsong", lay.caption_size_pt, bold=False),
        Rule("footnote text", "脚注", "font_fangsong", lay.caption_size_pt, line_pt=lay.caption_size_pt * 1.5,
             bold=False),
        Rule("JB Imprint", "报尾", "font_fangsong", lay.imprint_size_pt, line_pt=lay.imprint_pitch_pt),
        Rule("JB Page Number", "页码", "font_songti", lay.page_number_size_pt, latin="font_songti"),
    ]


@cache
def _w(name: str) -> str:
    """qn("w:" + name), memoised: the report asks for the same few dozen names thousands of times."""
    return qn(f"w:{name}")


class _Styles:
    """Effective style properties: the style, then its basedOn chain, then the document defaults."""

    def __init__(self, document):
        root = document.styles.element
        self.by_id = {s.get(_w("styleId")): s for s in root.findall(_w("style"))}
        self.by_name = {}
        for s in root.findall(_w("style")):
            name = s.find(_w("name"))
            if name is not None:
                self.by_name[name.get(_w("val"))] = s
        defaults = root.find(_w("docDefaults"))
        self.default_rpr = defaults.find(_w("rPrDefault") + "/" + _w("rPr")) if defaults is not None else None
        self.default_ppr = defaults.find(_w("pPrDefault") + "/" + _w("pPr")) if defaults is not None else None
        # (style id, "rPr"/"pPr") -> that property element of each style along the chain, then
        # the default: every rule asks several questions of the same style.
        self._props: dict[tuple, list] = {}

    def chain(self, style) -> list:
        out, seen = [], set()
        while style is not None and id(style) not in seen:
            seen.add(id(style))
            out.append(style)
            based = style.find(_w("basedOn"))
            style = self.by_id.get(based.get(_w("val"))) if based is not None else None
        return out

    def props(self, style, props: str) -> list:
        """w:<props> of the style and each style it is based on (None where absent), then the default."""
        key = (style.get(_w("styleId")), props)
        nodes = self._props.get(key) if key[0] is not None else None
        if nodes is None:
            default = self.default_rpr if props == "rPr" else self.default_ppr
            nodes = [s.find(_w(props)) for s in self.chain(style)] + [default]
            if key[0] is not None:
                self._props[key] = nodes
        return nodes

    def attr(self, style, props: str, child: str, name: str) -> str | None:
        """First value of w:<child>/@w:<name> inside w:<props> along the chain, then the defaults."""
        child_tag, attr = _w(child), _w(name)
        for node in self.props(style, props):
            found = node.find(child_tag) if node is not None else None
            if found is not None:
                value = found.get(attr)
                if value is not None:
                    return value
        return None

    def element(self, style, props: str, child: str):
        child_tag = _w(child)
        for node in self.props(style, props)[:-1]:  # the styles only, not the defaults
            found = node.find(child_tag) if node is not None else None
            if found is not None:
                return found
        return None

    def themed(self, style) -> bool:
        for node in self.props(style, "rPr"):
            fonts = node.find(_w("rFonts")) if node is not None else None
            if fonts is not None and any(fonts.get(_w(t)) for t in THEME_SLOTS):
                return True
        return False


def layout_report(docx_bytes: bytes, issue: Issue) -> list[str]:
    """Every way the document departs from the series' layout (layout.md); empty when it conforms."""
    try:
        document = docx.Document(io.BytesIO(docx_bytes))
    except Exception as exc:  # not a readable .docx at all
        return [f"无法打开 Word 文件：{exc}"]
    lay = issue.series.layout
    styles = _Styles(document)
    out: list[str] = []
    out += _page(document, lay)
    for rule in rules(lay):
        out += _style(styles, rule, lay)
    out += _direct(document, lay)
    out += _footers(document, styles, lay)
    out += _red_rule(document, styles, issue)
    out += _imprint(document, issue)
    return out


# ---------------------------------------------------------------- page

def _page(document, lay: Layout) -> list[str]:
    out = []
    section = document.sections[0]
    checks = (("纸张宽度", section.page_width, lay.page_width_mm), ("纸张高度", section.page_height, lay.page_height_mm),
              ("上边距", section.top_margin, lay.margin_top_mm), ("下边距", section.bottom_margin, lay.margin_bottom_mm),
              ("左边距", section.left_margin, lay.margin_left_mm), ("右边距", section.right_margin, lay.margin_right_mm))
    for label, value, want in checks:
        got = None if value is None else value.mm
        if got is None or abs(got - want) > MM_TOLERANCE:
            shown = "未设置" if got is None else f"{got:.1f} 毫米"
            out.append(f"页面：{label}应为 {want:g} 毫米，实际为 {shown}")
    if len(document.sections) != 1:
        out.append(f"页面：应只有一节，实际有 {len(document.sections)} 节")
    return out


# ---------------------------------------------------------------- styles

def _style(styles: _Styles, rule: Rule, lay: Layout) -> list[str]:
    style = styles.by_name.get(rule.style)
    where = f"样式「{rule.label}」（{rule.style}）"
    if style is None:
        return [f"{where}：缺少该样式"]
    out = []
    want_cjk, want_latin = getattr(lay, rule.cjk), getattr(lay, rule.latin)
    for slot in SLOTS:
        want = want_cjk if slot in ("eastAsia", "cs") else want_latin
        got = styles.attr(style, "rPr", "rFonts", slot)
        if got != want:
            out.append(f"{where}：字体（{slot}）应为 {want}，实际为 {got or '未设置'}")
    if styles.themed(style):
        out.append(f"{where}：字体引用了主题字体（Theme），会覆盖公文字体")
    size = styles.attr(style, "rPr", "sz", "val")
    want_size = int(round(rule.size_pt * 2))
    got_size = int(size) if size else None
    if got_size is None or (got_size > want_size if rule.max_size else got_size != want_size):
        bound = "不大于 " if rule.max_size else ""
        out.append(f"{where}：字号应{bound}{rule.size_pt:g} 磅，实际为 "
                   f"{'未设置' if got_size is None else f'{got_size / 2:g} 磅'}")
    if rule.line_pt is not None:
        line = styles.attr(style, "pPr", "spacing", "line")
        line_rule = styles.attr(style, "pPr", "spacing", "lineRule")
        if line != str(_twips(rule.line_pt)) or line_rule != "exact":
            kind = {"exact": "固定值", "atLeast": "最小值", "auto": "倍数"}.get(line_rule or "auto", line_rule)
            got = _pt(line) if line_rule in ("exact", "atLeast") else f"{kind} {line or '未设置'}"
            out.append(f"{where}：行距应为固定值 {rule.line_pt:g} 磅，实际为 {got}")
    for edge in ("before", "after"):
        value = styles.attr(style, "pPr", "spacing", edge)
        if value not in (None, "0") and rule.line_pt is not None:
            out.append(f"{where}：段{'前' if edge == 'before' else '后'}间距应为 0，实际为 {_pt(value)}")
    if rule.first_chars:
        chars = styles.attr(style, "pPr", "ind", "firstLineChars")
        first = styles.attr(style, "pPr", "ind", "firstLine")
        want_chars, want_first = int(round(rule.first_chars * 100)), _twips(rule.first_chars * rule.size_pt)
        if chars != str(want_chars) or first != str(want_first):
            out.append(f"{where}：首行缩进应为 {rule.first_chars:g} 字（firstLineChars={want_chars}，"
                       f"firstLine={want_first}），实际为 firstLineChars={chars or '未设置'}，"
                       f"firstLine={first or '未设置'}")
    if rule.bold is not None:
        bold = styles.attr(style, "rPr", "b", "val")
        is_bold = bold is not None and bold not in ("0", "false", "off")
        if styles.element(style, "rPr", "b") is not None and bold is None:
            is_bold = True  # <w:b/> without a value means on
        if is_bold != rule.bold:
            out.append(f"{where}：应{'加粗' if rule.bold else '不加粗'}，实际{'加粗' if is_bold else '不加粗'}")
    if rule.red:
        color = styles.attr(style, "rPr", "color", "val")
        if (color or "").upper() != lay.red.upper():
            out.append(f"{where}：颜色应为红色 {lay.red}，实际为 {color or '未设置（黑色）'}")
    if rule.tight:
        spacing = styles.attr(style, "rPr", "spacing", "val")
        if spacing != str(_twips(lay.char_spacing_pt)):
            out.append(f"{where}：字符间距应为 {lay.char_spacing_pt:g} 磅（每行28字），实际为 {_pt(spacing)}")
    return out


# ---------------------------------------------------------------- direct formatting

# Paragraphs of these styles take their spacing, indent and size from the style alone.
TEXT_STYLES = {"JBBody": "正文", "JBNote": "编者按", "JBHeading1": "一级标题", "JBHeading2": "二级标题",
               "JBHeading3": "三级标题", "JBHeading4": "四级标题"}


def _direct(document, lay: Layout) -> list[str]:
    """Run and paragraph formatting that would override the styles: odd faces, theme fonts, sizes."""
    official = {lay.font_xiaobiaosong, lay.font_fangsong, lay.font_kaiti, lay.font_heiti, lay.font_songti,
                lay.font_latin}
    out: list[str] = []
    body = document.element.body
    for n, par in enumerate(body.iter(qn("w:p")), start=1):
        ppr = par.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        label = TEXT_STYLES.get(style.get(qn("w:val"))) if style is not None else None
        if label:
            for child, what in (("spacing", "行距或段间距"), ("ind", "缩进")):
                if ppr.find(qn(f"w:{child}")) is not None:
                    out.append(f"第{n}段（{label}）：直接设置了{what}，覆盖了样式")
        for rpr in par.iter(qn("w:rPr")):
            if rpr.getparent() is ppr:
                continue  # the paragraph mark's own run properties
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is not None:
                if any(fonts.get(qn(f"w:{t}")) for t in THEME_SLOTS):
                    out.append(f"第{n}段：文字引用了主题字体（Theme），会覆盖公文字体")
                odd = sorted({fonts.get(qn(f"w:{slot}")) for slot in SLOTS} - official - {None})
                if odd:
                    out.append(f"第{n}段：文字使用了非公文字体 {'、'.join(odd)}")
            if label and (rpr.find(qn("w:sz")) is not None or rpr.find(qn("w:szCs")) is not None):
                out.append(f"第{n}段（{label}）：文字直接设置了字号，覆盖了样式")
    return out


# ---------------------------------------------------------------- page numbers

def _has_page_field(paragraph) -> bool:
    p = paragraph_element(paragraph)
    instr = "".join(t.text or "" for t in p.iter(qn("w:instrText")))
    simple = " ".join(f.get(qn("w:instr")) or "" for f in p.iter(qn("w:fldSimple")))
    return "PAGE" in (instr + " " + simple).upper().split()


def _footers(document, styles: _Styles, lay: Layout) -> list[str]:
    out = []
    if not document.settings.odd_and_even_pages_header_footer:
        out.append("页码：未设置奇偶页不同的页脚（单页码居右、双页码居左）")
    section = document.sections[0]
    one_char = str(_twips(lay.page_number_size_pt))
    for label, footer, align, side in (("奇数页", section.footer, "right", "right"),
                                       ("偶数页", section.even_page_footer, "left", "left")):
        if footer.is_linked_to_previous:
            out.append(f"页码：缺少{label}页脚")
            continue
        numbered = [p for p in footer.paragraphs if _has_page_field(p)]
        if not numbered:
            out.append(f"页码：{label}页脚中没有页码域（PAGE）")
            continue
        par = numbered[0]
        text = "".join(t.text or "" for t in paragraph_element(par).iter(qn("w:t")))
        if not (text.startswith("— ") and text.endswith(" —")):
            out.append(f"页码：{label}页码两侧应各有一条一字线（— 1 —），实际为「{text}」")
        ppr = paragraph_element(par).pPr
        jc = ppr.find(qn("w:jc")) if ppr is not None else None
        got_align = jc.get(qn("w:val")) if jc is not None else styles.attr(par.style.element, "pPr", "jc", "val")
        if got_align != align:
            out.append(f"页码：{label}页码应{'居右' if align == 'right' else '居左'}，实际为 {got_align or '未设置'}")
        ind = ppr.find(qn("w:ind")) if ppr is not None else None
        if ind is None or ind.get(qn(f"w:{side}")) != one_char:
            out.append(f"页码：{label}页码应{'右' if side == 'right' else '左'}空一字（{lay.page_number_size_pt:g} 磅）")
    return out


# ---------------------------------------------------------------- red rule

def _red_rule(document, styles: _Styles, issue: Issue) -> list[str]:
    lay = issue.series.layout
    line = next((p for p in document.paragraphs
                 if issue.series.issuer in p.text and issue.date_label in p.text), None)
    if line is None:
        return [f"报头：找不到编印单位和日期一行（{issue.series.issuer} {issue.date_label}）"]
    bottom = None
    ppr = paragraph_element(line).pPr
    direct = ppr.find(qn("w:pBdr")) if ppr is not None else None
    if direct is not None:
        bottom = direct.find(qn("w:bottom"))
    if bottom is None:
        box = styles.element(line.style.element, "pPr", "pBdr")
        bottom = box.find(qn("w:bottom")) if box is not None else None
    if bottom is None or bottom.get(qn("w:val")) in (None, "nil", "none"):
        return ["红色分隔线：缺少（编印单位和日期一行下方应有红色横线）"]
    out = []
    color = (bottom.get(qn("w:color")) or "").upper()
    if color != lay.red.upper():
        out.append(f"红色分隔线：颜色应为 {lay.red}，实际为 {color or '未设置'}")
    sz = bottom.get(qn("w:sz"))
    if sz != str(_eighths(lay.red_rule_pt)):
        out.append(f"红色分隔线：粗细应为 {lay.red_rule_pt:g} 磅，实际为 "
                   f"{'未设置' if sz is None else f'{int(sz) / 8:g} 磅'}")
    space = bottom.get(qn("w:space"))
    if space != str(int(round(mm_to_pt(lay.red_rule_gap_mm)))):
        out.append(f"红色分隔线：距文字应为 {lay.red_rule_gap_mm:g} 毫米，实际为 {space or '未设置'} 磅")
    return out


# ---------------------------------------------------------------- 报尾

def _imprint(document, issue: Issue) -> list[str]:
    lay = issue.series.layout
    # the renderer ends the list with 。 whatever the editor typed; compare without the end
    wanted = [f"{r.label}：{r.to.strip().rstrip('，,；;、。')}" for r in issue.series.distribution]
    copies = f"（共印{issue.print_copies}份）" if issue.print_copies else ""
    if not wanted and not copies:
        return []
    body = document.element.body
    blocks = [c for c in body if c.tag in (qn("w:p"), qn("w:tbl"))]
    tables = [i for i, c in enumerate(blocks) if c.tag == qn("w:tbl")]
    marks = [row for row in wanted + [copies] if row]
    found = next((i for i in reversed(tables) if any(m in _text(blocks[i]) for m in marks)), None)
    if found is None:
        return ["报尾：缺少（报、送、发和印数应在最后一页底部）"]
    out = []
    if any(_text(c).strip() for c in blocks[found + 1:]):
        out.append("报尾：之后还有内容（报尾应是全文最后一项）")
    table = blocks[found]
    text = _text(table)
    positions = [text.find(row) for row in wanted]
    if any(p < 0 for p in positions):
        missing = [row for row, p in zip(wanted, positions, strict=True) if p < 0]
        out.append(f"报尾：缺少「{'」「'.join(missing)}」")
    elif positions != sorted(positions):
        out.append("报尾：报、送、发的顺序与系列定义不一致")
    if copies and copies not in text:
        out.append(f"报尾：缺少「{copies}」")
    tbl_pr = table.find(qn("w:tblPr"))
    place = tbl_pr.find(qn("w:tblpPr")) if tbl_pr is not None else None
    # With footnotes the 报尾 follows the text (footnotes would lie under a floating one).
    floats = not any(article.footnotes for article in issue.articles)
    if floats and (place is None or place.get(qn("w:tblpYSpec")) != "bottom"
                   or place.get(qn("w:vertAnchor")) != "margin"):
        out.append("报尾：应固定在版心底部（最后一页末尾）")
    elif not floats and place is not None:
        out.append("报尾：有脚注时应紧随正文，不应浮动在页面底部（会与脚注重叠）")
    box = tbl_pr.find(qn("w:tblBorders")) if tbl_pr is not None else None
    thick = str(_eighths(mm_to_pt(lay.imprint_thick_mm)))
    for edge, label in (("top", "上"), ("bottom", "下")):
        line = box.find(qn(f"w:{edge}")) if box is not None else None
        if line is None or line.get(qn("w:val")) in (None, "nil", "none") or line.get(qn("w:sz")) != thick:
            got = "无" if line is None else f"{line.get(qn('w:val'))} {line.get(qn('w:sz'))}"
            out.append(f"报尾：{label}边应为 {lay.imprint_thick_mm:g} 毫米粗线（sz={thick}），实际为 {got}")
    width = tbl_pr.find(qn("w:tblW")) if tbl_pr is not None else None
    want_width = _twips(mm_to_pt(lay.type_width_mm))
    if width is None or abs(int(width.get(qn("w:w")) or 0) - want_width) > 2:
        out.append(f"报尾：宽度应与版心同宽（{lay.type_width_mm:g} 毫米）")
    return out


def _text(node) -> str:
    return "".join(t.text or "" for t in node.iter(qn("w:t")))
