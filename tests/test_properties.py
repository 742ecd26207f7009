"""Property tests: random YAML-like input never crashes loading or validation, and messages name real fields."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jianbao.reader.load import RawDoc, parse
from jianbao.reader.paths import field_path
from jianbao.reader.schema import Checker
from jianbao.reader.validate import ISSUE_KEYS, validate_issue
from jianbao.reader.validate_article import ARTICLE_KEYS
from jianbao.reader.validate_parts import CHART_KEYS, FIGURE_KEYS, SERIES_KEYS, validate_series

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEYS = sorted(set(ISSUE_KEYS + ARTICLE_KEYS + FIGURE_KEYS + CHART_KEYS + SERIES_KEYS
                  + ["lead", "text", "label", "to", "demo", "rate", "2017-04", "喀什地区", "a.b", "[0]", ""]))

texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["demo", "public", "internal", "draft", "published", "progress", "share", "ranking", "trend",
                     "{{ rate }}", "{{ rate.latest }}", "{{ nope.x }}", "# 标题\n\n## 小节。正文", "**粗**",
                     "![](../../etc/passwd)", "[x](javascript:alert(1))", "<script>alert(1)</script>",
                     "| a | b |\n| - | - |\n| 1 | 2 |", "领句。正文", "ئۇيغۇرچە 🎉", "\x07", "\ud800", "%", "亿元"]),
)
numbers = st.one_of(
    st.integers(min_value=-10**40, max_value=10**40),
    st.decimals(allow_nan=False, allow_infinity=False, places=None),
    st.sampled_from([Decimal("1E+999999999"), Decimal("1E-999999"), float("nan"), float("inf"), float("-inf")]),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, texts,
                    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)))
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=8), st.integers(min_value=-5, max_value=3000))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=6)), max_leaves=40)
documents = st.one_of(st.dictionaries(keys, values, max_size=10), values)


def emit(value) -> str:
    """Flow-style YAML for a value (json strings are valid YAML double-quoted strings)."""
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return ".nan" if value != value else (".inf" if value > 0 else "-.inf")
    if isinstance(value, Decimal):
        sign, digits, exponent = value.as_tuple()
        text = ("-" if sign else "") + "".join(map(str, digits or (0,)))
        return f"{text[:1] if not sign else text[:2]}.{text[1 + sign:] or '0'}e{exponent + len(digits) - 1:+d}"
    if isinstance(value, datetime.date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(emit(v) for v in value) + "]"
    return "{" + ", ".join(f"{emit(k)}: {emit(v)}" for k, v in value.items()) + "}"


def all_paths(data, path=()) -> set[tuple]:
    out = {path}
    if isinstance(data, dict):
        for key, value in data.items():
            out |= all_paths(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out |= all_paths(value, path + (index,))
    return out


def check_messages(doc: RawDoc, problems) -> None:
    paths = all_paths(doc.data)
    existing = {field_path(p) for p in paths}
    # The loader's sentinel for a value already reported must never be printed; a document that
    # itself says INVALID (hypothesis found a key of that name) is echoed, rightly.
    sentinel = "INVALID" if "INVALID" not in repr(doc.data) else "\x00never"
    for problem in problems:
        text = str(problem)
        assert sentinel not in text and "Traceback" not in text
        assert problem.file == doc.file and problem.expected and problem.found
        if problem.field in existing:
            continue
        # A missing required field (必填字段 key): its parent must exist.
        assert problem.found == "缺少该字段", text
        key = problem.expected.rpartition(" ")[2]
        assert problem.field in {field_path(p + (key,)) for p in paths}, text


def run_validators(text: str) -> None:
    doc, problems = parse(text, "f.yaml")
    if doc is None:
        assert problems and all(p.file == "f.yaml" for p in problems)
        return
    series_doc, _ = parse("title: 简报\nissuer: 办公室\n", "s.yaml")
    demo = validate_series(Checker(series_doc, []), "demo")
    for validate in (lambda c: validate_issue(c, {"demo": demo}), lambda c: validate_series(c, "demo")):
        found = list(problems)
        validate(Checker(doc, found))
        check_messages(doc, found)


@SETTINGS
@given(documents)
def test_random_documents_give_only_messages_about_real_fields(document):
    run_validators(emit(document))


ISSUE_SHAPE = st.fixed_dictionaries({
    "series": st.one_of(st.just("demo"), values), "number": st.one_of(st.integers(-5, 2000), values),
    "date": st.one_of(st.dates(), values),
    "figures": st.dictionaries(st.one_of(st.sampled_from(["rate", "funds", "by_region"]), keys), st.one_of(
        st.fixed_dictionaries({"label": texts}, optional={k: values for k in FIGURE_KEYS if k != "label"}), values),
        max_size=3),
    "articles": st.lists(st.one_of(st.fixed_dictionaries({"title": texts}, optional={
        "body": texts, "release": texts, "highlights": st.lists(st.one_of(texts, values), max_size=3),
        "charts": st.lists(st.fixed_dictionaries({"kind": texts, "figures": st.lists(texts, max_size=3)}), max_size=2),
        "tables": st.lists(texts, max_size=2), "note": texts, "closing": texts}), values), max_size=3),
}, optional={k: values for k in ISSUE_KEYS if k not in ("series", "number", "date", "figures", "articles")})


@SETTINGS
@given(ISSUE_SHAPE)
def test_issue_shaped_documents_validate_or_explain(document):
    run_validators(emit(document))


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("ab:- \n\t[]{}&*!|>'\"#%@`,?~0123456789.e+年") + ["\x00", "\ufeff"]),
               max_size=80))
def test_arbitrary_text_never_raises(text):
    run_validators(text)
