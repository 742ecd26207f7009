"""What an import recognised and what it did not, as the lines the CLI prints (in Chinese)."""

from __future__ import annotations

from jianbao.importer.structure import Draft, DraftHeading, DraftTable


def recognised(draft: Draft) -> list[str]:
    found = []
    if draft.masthead:
        found.append(f"报头「{draft.masthead}」")
    if draft.program:
        found.append("报头上方的项目名称")
    if draft.classification:
        found.append(f"密级「{draft.classification}」")
    if draft.number:
        found.append(f"期号（{'增刊' if draft.supplement else ''}第{draft.number}期"
                     f"{f'，总第{draft.total}期' if draft.total else ''}）")
    if draft.issuer:
        found.append("编印单位")
    if draft.date:
        found.append(f"日期（{draft.date.year}年{draft.date.month}月{draft.date.day}日）")
    if draft.note:
        found.append("本期编者按")
    titled = [a for a in draft.articles if a.title != "（待补标题）"]
    if titled:
        found.append("标题" if len(titled) == 1 else f"{len(titled)} 篇文章的标题")
    blocks = [b for a in draft.articles for b in a.body + a.closing]
    paragraphs = sum(1 for b in blocks if not isinstance(b, (DraftHeading, DraftTable)))
    for count, what in ((sum(len(a.note) for a in draft.articles), "段文章编者按"),
                        (paragraphs, "个正文段落"),
                        (sum(isinstance(b, DraftHeading) for b in blocks), "个分级标题"),
                        (sum(isinstance(b, DraftTable) for b in blocks), "个表格"),
                        (sum(len(a.highlights) for a in draft.articles), "条工作亮点"),
                        (len(draft.candidates), "个候选数字"),
                        (len(draft.distribution), "行报尾")):
        if count:
            found.append(f"{count} {what}")
    if draft.copies:
        found.append(f"印数（{draft.copies} 份）")
    return found


def report_lines(draft: Draft) -> list[str]:
    """已识别：… / 未识别或未导入：… with the place in the source of each item."""
    lines = ["已识别：" + "、".join(recognised(draft))]
    if draft.missed:
        lines.append("未识别或未导入：")
        lines += [f"  第{where}{draft.unit}：{what}" for where, what in draft.missed]
    else:
        lines.append("未识别：无")
    if draft.joined:
        places = "、".join(f"第{where}{draft.unit}" for where, _ in draft.joined)
        lines.append(f"已把跨页断开的段落接上（{len(draft.joined)} 处）：{places}")
    return lines
