"""What an import recognised and what it did not, as the lines the CLI prints (in Chinese)."""

from __future__ import annotations

from jianbao.importer.source import FOOTNOTE_MARK
from jianbao.importer.structure import Draft, DraftHeading, DraftList, DraftPara, DraftTable


def recognised(draft: Draft) -> list[str]:
    found = []
    if draft.masthead:
        found.append(f"报头「{draft.masthead}」")
    if draft.program:
        found.append("报头上方的项目名称")
    if draft.classification:
        found.append(f"密级「{draft.classification}」")
    if draft.secrecy:
        found.append(f"密级和保密期限（{draft.secrecy}{'★' + draft.secrecy_period if draft.secrecy_period else ''}）")
    if draft.urgency:
        found.append(f"紧急程度（{draft.urgency}）")
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
    paragraphs = sum(1 for b in blocks if isinstance(b, DraftPara))
    lists = [b for b in blocks if isinstance(b, DraftList)]
    calls = {m for b in blocks for spans in _spans(b) for s in spans for m in FOOTNOTE_MARK.findall(s.text)}
    for count, what in ((sum(len(a.note) for a in draft.articles), "段文章编者按"),
                        (paragraphs, "个正文段落"),
                        (sum(isinstance(b, DraftHeading) for b in blocks), "个分级标题"),
                        (len(lists), f"个列表（共 {sum(len(b.items) for b in lists)} 项）"),
                        (sum(isinstance(b, DraftTable) for b in blocks), "个表格"),
                        (sum(isinstance(b, DraftTable) and bool(b.figure) for b in blocks), "个带注的表格"),
                        (len(calls), "条脚注"),
                        (sum(len(a.highlights) for a in draft.articles), "条工作亮点"),
                        (len(draft.candidates), "个候选数字"),
                        (len(draft.distribution), "行报尾")):
        if count:
            found.append(f"{count} {what}")
    if draft.copies:
        found.append(f"印数（{draft.copies} 份）")
    if draft.signers:
        found.append("签发行（" + "　".join(f"{role}：{name}" for role, name in draft.signers) + "）")
    return found


def _spans(block) -> list:
    if isinstance(block, DraftList):
        return [item.spans for item in block.items]
    return [block.spans] if isinstance(block, (DraftPara, DraftHeading)) else []


def report_lines(draft: Draft) -> list[str]:
    """已识别 / 未识别或未导入 / 需要核对 / joined lines / removed residue, each item with its place in the source."""
    lines = ["已识别：" + "、".join(recognised(draft))]
    if draft.missed:
        lines.append("未识别或未导入：")
        lines += [f"  第{where}{draft.unit}：{what}" for where, what in draft.missed]
    else:
        lines.append("未识别：无")
    if draft.unsure:
        lines.append("需要核对（导入时按推测处理）：")
        lines += [f"  第{where}{draft.unit}：{what}" for where, what in draft.unsure]
    if draft.joined:
        places = "、".join(f"第{where}{draft.unit}" for where, _ in draft.joined)
        lines.append(f"已把跨页或断行分开的段落接上，请核对（{len(draft.joined)} 处）：{places}")
    if draft.generated:
        places = "、".join(f"第{where}{draft.unit}{what}" for where, what in draft.generated)
        lines.append(f"已略去程序生成的内容（生成时按草稿重新印出）：{places}")
    if draft.removed:
        places = "、".join(f"第{where}{draft.unit}{what[what.find('「'):]}" for where, what in draft.removed)
        lines.append(f"已去除页码和页眉页脚（{len(draft.removed)} 处）：{places}")
    return lines


def verdict(draft: Draft, where: str, *, dry_run: bool = False) -> str:
    """The closing line: "passed the check" only when nothing was missed or guessed (a draft that
    validates may still have lost or misplaced text, and the editor must not take it as checked)."""
    head = f"未写入（--dry-run）：{where}" if dry_run else f"已写入草稿：{where}"
    if not draft.to_check:
        return f"{head}（已通过检查；请对照原件核对，候选数字列在文件末尾）"
    listed = "正式导入后也会列在草稿文件末尾的注释中" if dry_run else "这些地方也列在草稿文件末尾的注释中"
    return (f"{head}（格式无误，但有 {draft.to_check} 处未识别、按推测处理或跨页接上，见上；"
            f"必须对照原件逐处核对后才能使用；{listed}）")
