"""Turn loaded issue documents into frozen model objects, reporting every problem at once."""

from __future__ import annotations

import re
from pathlib import Path

from jianbao.model import (
    INTERNAL,
    AnyFigure,
    Correction,
    Cover,
    Issue,
    Series,
)
from jianbao.reader.cover import read_cover
from jianbao.reader.image_file import ImageProblem
from jianbao.reader.placement import number_through, plan_issue
from jianbao.reader.schema import MISSING, Checker
from jianbao.reader.validate_article import ArticleValidator
from jianbao.reader.validate_parts import RELEASES, validate_figures

ISSUE_KEYS = ["series", "number", "total", "supplement", "date", "status", "copies", "note", "figures", "articles",
              "correction", "cover", "secrecy", "secrecy_period", "urgency", "signers"]
SECRECY = {"秘密": "秘密级", "机密": "机密级", "绝密": "绝密级"}
URGENCY = {"特急": "特急", "加急": "加急"}
SECRECY_PERIOD = re.compile(r"^(?:[1-9]\d?年|[1-9]\d?个月|长期)$")
CORRECTION_KEYS = ["reason", "date", "release"]
STATUSES = {"draft": "草稿", "published": "已印发（存档后不可更改）"}


def _check_releases(check: Checker, articles, figures: dict[str, AnyFigure]) -> None:
    """A public article may not quote a figure marked internal: the press office would publish it."""
    for index, article in articles:
        if not article.is_public:
            continue
        for fig_id in sorted(article.figures_used):
            if figures[fig_id].release == INTERNAL:
                check.add(("articles", index), "公开文章只引用可公开的数字",
                          f"公开文章「{article.title[:20]}」引用了内部数字 {fig_id}（{figures[fig_id].label}）",
                          "把该文章改为 release: internal，或把数字改为 release: public")


def _markings(check: Checker, articles) -> dict:
    """密级 with its 保密期限, and 紧急程度 (GB/T 9704 7.2.2–7.2.3); a classified issue has no public article."""
    secrecy = check.choice(("secrecy",), SECRECY, "")
    period = check.text(("secrecy_period",), single_line=True)
    if period and not SECRECY_PERIOD.match(period):
        check.add(("secrecy_period",), "保密期限，如 1年、6个月、长期（阿拉伯数字）", f"「{period}」")
        period = ""
    if period and not secrecy:
        check.add(("secrecy_period",), "与 secrecy（密级）一起写的保密期限", f"「{period}」", "先写 secrecy: 秘密")
    if secrecy:
        for index, article in enumerate(articles):
            if article.is_public:
                check.add(("articles", index, "release"), "涉密简报中的内部文章（release: internal）", "release: public",
                          "标有密级的简报不对外发布；公开的内容请另出一期不涉密的简报")
    return {"secrecy": secrecy, "secrecy_period": period if secrecy else "",
            "urgency": check.choice(("urgency",), URGENCY, "")}


def _signers(check: Checker, series: Series | None) -> tuple[tuple[str, str], ...]:
    """签发：张三 and, where the series prints them, 审核 and 校对: in the series' order."""
    given = check.get(("signers",))
    if given in (MISSING, None) or series is None:
        return ()
    roles = series.sign_roles
    if check.mapping(("signers",), roles) is None:
        return ()
    names = {role: check.text(("signers", role), required=True, single_line=True, max_len=20) for role in given
             if role in roles}
    return tuple((role, names[role].strip()) for role in roles if names.get(role, "").strip())


def _correction(check: Checker, issued) -> Correction | None:
    """correction: {reason, date} — a 更正 of a published issue, dated on or after the issue."""
    if check.get(("correction",)) in (MISSING, None):
        return None
    if check.mapping(("correction",), CORRECTION_KEYS, required=["reason", "date"]) is None:
        return None
    reason = check.text(("correction", "reason"), required=True, single_line=True, max_len=200)
    when = check.date(("correction", "date"), required=True)
    release = check.choice(("correction", "release"), RELEASES, INTERNAL)
    if when and issued and when < issued:
        check.add(("correction", "date"), f"不早于印发日期 {issued.isoformat()} 的日期", when.isoformat())
        return None
    if not reason.strip() or when is None:
        return None
    return Correction(reason.strip(), when, release)


def _cover(check: Checker, root: Path | None) -> Cover | None:
    """cover: a JPEG or PNG of 2.35:1 for WeChat, relative to the issue file's folder (reader/cover.py).

    Without a project root (an earlier version read from the archive, an import draft) the file
    is not looked at and the issue has no cover.
    """
    given = check.text(("cover",), single_line=True)
    if not given or root is None:
        return None
    try:
        return read_cover(given, check.doc.file, root)
    except ImageProblem as problem:
        check.add(("cover",), problem.expected, problem.found, problem.hint)
        return None


def validate_issue(check: Checker, series: dict[str, Series], unusable: frozenset = frozenset(),
                   root: Path | None = None) -> Issue | None:
    """One issue file → Issue (total 总第 N 期 is filled in later, across the archive).

    `root` is the project's folder, against which a cover: path is resolved.
    """
    before = len(check.problems)
    if check.mapping((), ISSUE_KEYS, required=["series", "number", "date", "articles"]) is None:
        return None
    series_id = check.text(("series",), required=True, single_line=True)
    # A series whose own file is wrong has been reported there; naming it unknown would mislead.
    if series_id and series_id not in series and series_id not in unusable:
        check.add(("series",), f"已定义的简报系列（{'、'.join(sorted(series)) or '无'}）", f"「{series_id}」",
                  "系列定义在 content/series/<名字>.yaml")
    number = check.integer(("number",), required=True, minimum=1, maximum=999)
    total = check.integer(("total",), minimum=1, maximum=99999)
    date = check.date(("date",), required=True)
    figures, broken = validate_figures(check)
    plan = plan_issue(check.get(("articles",)))
    validator = ArticleValidator(check, figures, broken, plan, root)
    note = validator.note(("note",), set())
    articles, positions = [], []
    for i, _ in enumerate(check.items(("articles",), required=True, max_items=50)):
        article = validator.article(i)
        if article is not None:
            articles.append(article)
            positions.append(i)
    if check.get(("articles",)) == []:
        check.add(("articles",), "至少一篇文章", "空列表")
    for element in plan.unused():
        check.add(element.path + ("id",), f"在正文中放置（单独一行写 {{{{ {element.kind}.{element.id} }}}}）或引用的名字",
                  f"「{element.id}」没有用到", "不需要指定位置时，删去 id 即可放在默认位置")
    articles = number_through(articles, validator.names)
    _check_releases(check, zip(positions, articles, strict=True), figures)
    markings = _markings(check, articles)
    signers = _signers(check, series.get(series_id))
    issue_args = dict(
        status=check.choice(("status",), STATUSES, "draft"),
        supplement=check.boolean(("supplement",)),
        copies=check.integer(("copies",), minimum=1, maximum=1_000_000),
        correction=_correction(check, date),
        cover=_cover(check, root),
        **markings,
        signers=signers,
    )
    # A value the loader refused (a tag, a control character) was reported there, not here.
    if len(check.problems) > before or series_id not in series or check.doc.load_problems:
        return None
    return Issue(series=series[series_id], number=number, date=date, articles=tuple(articles),
                 figures=figures, note=note, total=total, source=check.doc.file, **issue_args)
