"""Chinese punctuation and typography after GB/T 15834 (标点符号用法) and GB/T 15835 (出版物上数字用法).

Each rule reads one text (placeholders masked) and returns Spots. The mechanical ones carry their
mend (a mark's width, full-width digits, a stray space, a doubled mark); the others need judgement
and only say what to look at.
"""

from __future__ import annotations

import re
import unicodedata

from jianbao.chinese import is_wide
from jianbao.proofread.texts import LABEL, MASK, PROSE, Spot, excerpt

PAUSES = "，、；："
ENDS = "。？！"
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】"}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}
SPACE = " \u3000"

_RUN = re.compile(f"[{PAUSES}{ENDS}]{{2,}}")
_HALF = re.compile(r"[ \u3000]*([,;:?!])[ \u3000]*")
_PARENS = re.compile(r"\(([^()\n]*)\)")
_ASCII_QUOTED = re.compile(r"\"([^\"\n]*)\"|'([^'\n]*)'")
_STRAY = re.compile(r"[ \u3000]+")
_FULLWIDTH = re.compile(r"[０-９Ａ-Ｚａ-ｚ]+(?:．[０-９]+)?％?|(?<=[0-9])％")
_SPLIT_UNIT = re.compile(r"(?<![0-9A-Za-z.])[0-9]+(?:\.[0-9]+)?([ \u3000]+)(?=[%％‰℃\u4e00-\u9fff])")
_DOTTED_DATE = re.compile(r"(?<![0-9.．])((?:19|20)[0-9][0-9])[.．](1[0-2]|0?[1-9])(?:[.．](3[01]|[12][0-9]|0?[1-9]))?"
                          r"(?![0-9.．%‰万亿千百十元个吨米])")


def chinese(ch: str) -> bool:
    """A character of Chinese text: a 汉字 or a full-width mark (a space is not)."""
    return bool(ch) and ch not in SPACE and ch != MASK and is_wide(ch)


def punctuation_spots(text: str, kind: str) -> list[Spot]:
    """Every punctuation and typography spot of one masked text of the given kind."""
    spots = doubled(text) + half_width(text) + parentheses(text) + unpaired(text) + ascii_quotes(text) \
        + full_width(text)
    if kind in (PROSE, LABEL):  # a title's spaces mark where it may break (chinese.headline_lines)
        spots += stray_spaces(text)
    if kind == PROSE:
        spots += split_units(text) + dotted_dates(text)
    return spots


def doubled(text: str) -> list[Spot]:
    """Two marks where one belongs: ，。 ；； 。。 (？！ and ！！ may stand together; …… and —— are one mark)."""
    out = []
    for match in _RUN.finditer(text):
        run = match.group(0)
        if set(run) <= set("？！"):
            continue
        if len(run) >= 3 and set(run) == {"。"}:
            new, how = "……", "省略号「……」"
        elif len(set(run)) == 1:
            new, how = run[0], f"「{run[0]}」"
        elif sum(c in ENDS for c in run) == 1:
            new = next(c for c in run if c in ENDS)  # the sentence ends: the pause before or after it goes
            how = f"「{new}」"
        else:
            new, how = None, "其中一个"
        out.append(Spot(match.start(), match.end(), "punct-doubled", "一个标点", f"连用的「{run}」",
                        f"建议只留{how}", new))
    return out


def half_width(text: str) -> list[Spot]:
    """A half-width , ; : ? ! in Chinese text: after a Chinese character and before one (or at a line's end for ? !)."""
    out = []
    for match in _HALF.finditer(text):
        mark = match.group(1)
        start, end = match.start(), match.end()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        at_end = after in ("", "\n")
        left = chinese(before) or before == MASK
        right = chinese(after) or after == MASK or (at_end and mark in "?!")
        if not (left and right and (chinese(before) or chinese(after))):
            continue
        full = HALF_TO_FULL[mark]
        out.append(Spot(start, end, "punct-halfwidth", f"全角标点「{full}」", f"半角「{mark}」（{excerpt(text, start, end)}）",
                        f"建议改为「{full}」", full))
    return out


def parentheses(text: str) -> list[Spot]:
    """Half-width ( ) around or beside Chinese text: （ ）."""
    out = []
    for match in _PARENS.finditer(text):
        inner = match.group(1)
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if not any(chinese(c) for c in inner + before + after):
            continue
        out.append(Spot(match.start(), match.end(), "punct-halfwidth", "全角括号「（）」",
                        f"半角括号「{match.group(0)}」", f"建议改为「（{inner}）」", f"（{inner}）"))
    return out


def unpaired(text: str) -> list[Spot]:
    """An opening “ ‘ 《 （ 【 without its closing mark, or a closing one without its opening mark."""
    out: list[Spot] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch == "’" and 0 < i < len(text) - 1 and text[i - 1].isascii() and text[i + 1].isascii():
            continue  # an apostrophe in Latin text (it’s)
        if ch in PAIRS:
            stack.append((ch, i))
        elif ch in CLOSERS:
            if stack and stack[-1][0] == CLOSERS[ch]:
                stack.pop()
            elif any(opened == CLOSERS[ch] for opened, _ in stack):
                while stack[-1][0] != CLOSERS[ch]:  # the marks opened inside were never closed
                    out.append(_unpaired_open(text, *stack.pop()))
                stack.pop()
            else:
                out.append(Spot(i, i + 1, "punct-unpaired", f"成对的「{CLOSERS[ch]}{ch}」",
                                f"只有后半「{ch}」（{excerpt(text, i, i + 1)}）", f"建议补上「{CLOSERS[ch]}」或删去「{ch}」"))
    out += [_unpaired_open(text, mark, i) for mark, i in stack]
    return sorted(out, key=lambda s: s.start)


def _unpaired_open(text: str, mark: str, i: int) -> Spot:
    return Spot(i, i + 1, "punct-unpaired", f"成对的「{mark}{PAIRS[mark]}」",
                f"只有前半「{mark}」（{excerpt(text, i, i + 1)}）", f"建议补上「{PAIRS[mark]}」或删去「{mark}」")


def ascii_quotes(text: str) -> list[Spot]:
    """ASCII " or ' quoting Chinese text: “ ” and ‘ ’ (a pair on one line is mended; a lone one is only shown)."""
    out, paired = [], set()
    for match in _ASCII_QUOTED.finditer(text):
        double = match.group(1) is not None
        inner = match.group(1) if double else match.group(2)
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if not any(chinese(c) for c in inner + before + after):
            continue
        left, right = ("“", "”") if double else ("‘", "’")
        paired.update((match.start(), match.end() - 1))
        out.append(Spot(match.start(), match.end(), "punct-ascii-quote", f"中文引号「{left}{right}」",
                        f"英文引号「{match.group(0)}」", f"建议改为「{left}{inner}{right}」", f"{left}{inner}{right}"))
    for i, ch in enumerate(text):
        if ch in "\"'" and i not in paired and (chinese(text[i - 1] if i else "") or chinese(text[i + 1:i + 2])):
            out.append(Spot(i, i + 1, "punct-ascii-quote", "中文引号「“”」或「‘’」",
                            f"英文引号「{ch}」（{excerpt(text, i, i + 1)}）", "建议改为中文引号"))
    return sorted(out, key=lambda s: s.start)


def stray_spaces(text: str) -> list[Spot]:
    """A space between two Chinese characters (or a quoted figure and one): Chinese text has none."""
    out = []
    for match in _STRAY.finditer(text):
        start, end = match.start(), match.end()
        if start == 0 or end == len(text):
            continue
        before, after = text[start - 1], text[end]
        if before.isdigit():
            continue  # a number before its unit: split_units says it
        if chinese(before) and after.isdigit():
            expected = "汉字与数字之间不空格"
        elif (chinese(before) and (chinese(after) or after == MASK)) or (before == MASK and chinese(after)):
            expected = "汉字之间不空格"
        else:
            continue  # a digit before a Chinese unit is split_units'; a Latin word may keep its space
        shown = excerpt(text, start, end, 2)
        out.append(Spot(start, end, "space-stray", expected, f"「{shown}」中间有空格", "建议删去空格", ""))
    return out


def full_width(text: str) -> list[Spot]:
    """Full-width digits and letters (７３％, ＡＢ): GB/T 15835 writes them half-width."""
    out = []
    for match in _FULLWIDTH.finditer(text):
        new = unicodedata.normalize("NFKC", match.group(0))
        out.append(Spot(match.start(), match.end(), "fullwidth-digit", "半角数字和字母",
                        f"全角「{match.group(0)}」", f"建议改为「{new}」", new))
    return out


def split_units(text: str) -> list[Spot]:
    """A number parted from its unit by a space: 73 % → 73%, 14 个 → 14个."""
    out = []
    for match in _SPLIT_UNIT.finditer(text):
        start, end = match.span(1)
        shown = excerpt(text, match.start(), end + 1, 0)
        out.append(Spot(start, end, "space-unit", "数字紧接单位", f"「{shown}」中间有空格",
                        f"建议改为「{shown.replace(match.group(1), '')}」", ""))
    return out


def dotted_dates(text: str) -> list[Spot]:
    """A date written 2017.10 or 2017.10.11 in running text: 2017年10月11日 (GB/T 15835)."""
    out = []
    for match in _DOTTED_DATE.finditer(text):
        year, month, day = match.groups()
        chinese_date = f"{year}年{int(month)}月" + (f"{int(day)}日" if day else "")
        out.append(Spot(match.start(), match.end(), "date-dotted", "写作“年月日”的日期",
                        f"「{match.group(0)}」", f"建议写作「{chinese_date}」；如是数字，请核对"))
    return out
