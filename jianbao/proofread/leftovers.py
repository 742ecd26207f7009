"""Leftovers: the `new` skeleton's sample text, marks such as TODO, 待补充, XX, and articles left empty or placeholder-like.

SAMPLE_MARK is the one source of truth between the skeleton and this check: every sample text
`new` writes carries it (newissue.py), and tests/test_proofread.py proofreads a fresh skeleton to
see that each of its texts is found, so a changed skeleton cannot slip past.
"""

from __future__ import annotations

import re

from jianbao.proofread.texts import MASK, Spot, TextField, excerpt
from jianbao.reader.load import RawDoc
from jianbao.reader.paths import field_path

SAMPLE_MARK = "示例"
ARTICLE_CONTENT = ("body", "closing", "highlights", "tables", "charts", "photos")
PLACEHOLDER_WORDS = frozenset({"正文", "内容", "标题", "摘要", "编者按", "待补充", "待定", "略", "暂无", "无", "同上",
                               "此处填写", "TODO", "TBD", "XXX", "XX"})
_MARKS = re.compile(r"(?i:todo|fixme|tbd)(?![A-Za-z])|(?<!有)待补充|待填写|(?<![A-Za-z])(?:X{2,}|x{2,})(?![A-Za-z])"
                    r"|[×Ｘ]{2,}|[○□]{2,}|[?？]{3,}|[【\[（(][ \u3000]*待[\u4e00-\u9fff]{1,4}[ \u3000]*[】\]）)]")
_NOT_WORDS = re.compile(rf"[\s{MASK}\W_]+")


def leftover_spots(field: TextField) -> list[Spot]:
    """The skeleton's sample text (once per text), each mark left for later, and a text that only holds a placeholder."""
    text = field.masked
    out = []
    sample = text.find(SAMPLE_MARK)
    if sample >= 0:
        out.append(Spot(sample, sample + len(SAMPLE_MARK), "leftover-sample", "本期的内容",
                        f"新建时模板中的示例文字「{excerpt(text, sample, sample + len(SAMPLE_MARK), 10)}」",
                        "建议改为本期的内容，用不到的整段删去"))
    for match in _MARKS.finditer(text):
        out.append(Spot(match.start(), match.end(), "leftover-mark", "定稿的文字",
                        f"待办标记「{match.group(0)}」（{excerpt(text, match.start(), match.end())}）",
                        "建议补上内容后删去标记"))
    words = _NOT_WORDS.sub("", text)
    if not out and (not words or words in PLACEHOLDER_WORDS or words.upper() in PLACEHOLDER_WORDS):
        out.append(Spot(0, len(text), "leftover-empty", "本期的内容", f"占位的文字「{text.strip()[:20]}」",
                        "建议写上内容，或删去这一项"))
    return out


def empty_articles(doc: RawDoc) -> list[tuple[tuple, int | None, str]]:
    """(path, line, title) of each article that has a title and nothing else to print."""
    articles = doc.data.get("articles") if isinstance(doc.data, dict) else None
    out = []
    for index, article in enumerate(articles if isinstance(articles, list) else ()):
        if isinstance(article, dict) and not any(_has_content(article.get(key)) for key in ARTICLE_CONTENT):
            out.append((("articles", index), doc.line(("articles", index)), str(article.get("title") or "")[:20]))
    return out


def _has_content(value) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


def empty_article_message(path: tuple, title: str) -> tuple[str, str, str, str]:
    """(field, expected, found, hint) of an empty article."""
    return (field_path(path), "有正文的文章", f"只有标题的文章「{title}」",
            "建议补上正文（body）、亮点（highlights）或图表，或删去这篇文章")
