"""What a bulletin prints from its issue fields or works out itself: 密级 and 紧急程度 lines, the 签发 line, 本期要目."""

from __future__ import annotations

import re

from jianbao.importer.source import SourcePara, Span, squeeze
from jianbao.importer.structure import Draft

SECRECY = re.compile(r"^(绝密|机密|秘密)(?:★(.*))?$")
URGENCY = re.compile(r"^(特急|加急)$")
# The validator's form of a 保密期限 (reader/validate.py): Arabic numerals, 年 or 个月, or 长期.
PERIOD = re.compile(r"^(?:[1-9]\d?年|[1-9]\d?个月|长期)$")
CN_PERIOD = re.compile(r"^([一二三四五六七八九十]{1,3})(年|个月)$")
# The roles a 签发 line names. A line of other "名称：…" pairs (联系人：… 电话：…) is text, not a 签发 line;
# a series may print other roles (sign_roles), which then stay in the text and are reported.
SIGN_ROLES = ("签发", "审核", "校对", "审签", "审定", "核稿", "审稿", "初审", "复核", "终审", "签批", "拟稿", "编辑",
              "责任编辑", "责编", "主编")
SIGN_PAIR = re.compile(r"(" + "|".join(sorted(SIGN_ROLES, key=len, reverse=True)) + r")\s*[：:]\s*(\S[^：:]*?)"
                       r"(?=\s+(?:" + "|".join(SIGN_ROLES) + r")\s*[：:]|\s*$)")
MAX_NAME = 20  # the validator's longest name
CONTENTS_TITLE = "本期要目"
_CN = "一二三四五六七八九十"


def read_marking(text: str, where: int, draft: Draft) -> bool:
    """A marking line top left of page 1 (秘密★6个月, 加急) into the draft's fields; False for any other line."""
    flat = squeeze(text)
    if URGENCY.match(flat):
        draft.urgency = flat
        return True
    secrecy = SECRECY.match(flat)
    if not secrecy:
        return False
    draft.secrecy = secrecy.group(1)
    period = secrecy.group(2) or ""
    spelled = CN_PERIOD.match(period)
    if spelled:  # the validator wants Arabic numerals: 一年 → 1年
        number = _cn_int(spelled.group(1))
        if number:
            draft.guess(where, f"保密期限「{period}」按“{number}{spelled.group(2)}”导入（用阿拉伯数字），请核对")
            period = f"{number}{spelled.group(2)}"
    if period and not PERIOD.match(period):
        draft.miss(where, f"保密期限「{period}」（应为 1年、6个月、长期 这样的写法），未导入，请在 secrecy_period 中补写")
        period = ""
    draft.secrecy_period = period
    return True


def _cn_int(text: str) -> int:
    tens, mark, ones = text.partition("十")
    if not mark:
        return _CN.index(text) + 1 if len(text) == 1 and text in _CN else 0
    head = _CN.index(tens) + 1 if tens in _CN and tens else 1
    tail = _CN.index(ones) + 1 if ones in _CN and ones else 0
    return head * 10 + tail


def signoff(line: str) -> list[tuple[str, str]]:
    """签发：张三　审核：李四 as [(签发, 张三), (审核, 李四)]; [] when the line is anything else."""
    text = " ".join(line.replace("\u3000", " ").split())
    pairs, at = [], 0
    for match in SIGN_PAIR.finditer(text):
        if text[at:match.start()].strip():
            return []
        pairs.append((match.group(1), match.group(2).strip()))
        at = match.end()
    if text[at:].strip() or any(len(name) > MAX_NAME for _, name in pairs):
        return []
    return pairs


def drop_contents(items: list, draft: Draft) -> list:
    """本期要目 and its lines, under the red rule, are left out: a build prints them from the titles.

    A Jianbao Word file marks them by style. Elsewhere the lines run from the heading 本期要目 to
    the first headline, which repeats the first entry (a headline broken over lines starts it).
    The entries are checked against the titles once the articles are read (`check_contents`).
    """
    start = next((i for i, item in enumerate(items[:3]) if isinstance(item, SourcePara)
                  and (item.style == "contents_heading" or squeeze(item.text) == CONTENTS_TITLE)), None)
    if start is None:
        return items
    heading = items[start]
    end = start + 1
    if heading.style == "contents_heading":
        while end < len(items) and getattr(items[end], "style", "") == "contents_entry":
            end += 1
    else:
        first = squeeze(items[end].text) if end < len(items) and isinstance(items[end], SourcePara) else ""
        later = next((j for j in range(end + 1, min(len(items), end + 60)) if isinstance(items[j], SourcePara)
                      and squeeze(items[j].text) and first.startswith(squeeze(items[j].text))), None)
        if not first or later is None:
            draft.guess(heading.where, "「本期要目」之后没有找到与第一条目录相同的标题，只略去了“本期要目”一行，"
                                       "其后各行按正文导入，请核对")
            return items[:start] + items[start + 1:]
        end = later
    entries = [squeeze(item.text) for item in items[start + 1:end] if isinstance(item, SourcePara)]
    draft.generated.append((heading.where, "「本期要目」及其下的各篇标题"))
    draft.contents = entries
    return items[:start] + items[end:]


def check_contents(draft: Draft) -> None:
    """Entries of the 本期要目 that no headline of the draft matches: the rebuilt list would differ."""
    titles = [squeeze(a.title) for a in draft.articles]
    entries = draft.contents
    if not entries:
        return
    joined = "".join(entries)
    if joined != "".join(titles):
        where = draft.generated[-1][0]
        draft.guess(where, f"本期要目（{'、'.join(e[:12] for e in entries)}）与导入的各篇标题不一致，"
                           "生成时按标题重新印出，请核对")


def titled_by_contents(items: list, contents: str) -> list[list] | None:
    """Text with a 本期要目: the articles, each headline where the list names the next title (its lines
    joined into one headline paragraph). None when the text does not follow the list to its end, and
    the headlines are then found by their look."""
    if not contents:
        return None
    groups: list[list] = []
    at, j = 0, 0
    while j < len(items):
        item = items[j]
        flat = _title_line(item)
        if flat and contents.startswith(flat, at) and (groups or j == 0):
            parts = [item]
            at += len(flat)
            while j + len(parts) < len(items) and (more := _title_line(items[j + len(parts)])) \
                    and contents.startswith(more, at):
                parts.append(items[j + len(parts)])
                at += len(more)
            text = " ".join(p.text.strip() for p in parts)
            groups.append([SourcePara(item.where, [Span(text)], "headline", True)])
            j += len(parts)
            continue
        if not groups:
            return None
        groups[-1].append(item)
        j += 1
    return groups if at == len(contents) else None


def _title_line(item) -> str:
    """A line that may belong to a headline: text without sentence punctuation, squeezed."""
    if not isinstance(item, SourcePara) or item.drawing or re.search(r"[，。；！？]", item.text):
        return ""
    return squeeze(item.text.replace("**", ""))
