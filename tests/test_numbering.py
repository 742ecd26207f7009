"""jianbao.numbering: the order of issues, duplicate 期号, 总第 N 期, gaps and the next 期号 (units and properties)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jianbao.errors import InputError
from jianbao.model import Issue, Series
from jianbao.pipeline.build import check
from jianbao.reader.numbering import (
    Known,
    by_series,
    check_gaps,
    duplicates,
    gap_problems,
    issue_order,
    next_number,
    number_issues,
)

from project_helpers import issue as issue_yaml
from project_helpers import make_project

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YEARLY = Series(id="demo", title="工作简报", issuer="办公室", total_offset=40)
CONTINUOUS = Series(id="lianxu", title="连续简报", issuer="办公室", numbering="continuous", total_offset=100)
D = datetime.date


def make(number: int, date: D, *, supplement: bool = False, series: Series = YEARLY, total: int | None = None,
         source: str = "") -> Issue:
    kind = "zk" if supplement else ""
    source = source or f"bulletins/{series.id}/{date.year}/{kind}{number:02d}-{date.isoformat()}.yaml"
    return Issue(series=series, number=number, date=date, articles=(), figures={}, supplement=supplement,
                 total=total, source=source)


def labels(issues) -> list[str]:
    return [f"{i.year}{i.number_label}" for i in issues]


def known_of(issues) -> list[Known]:
    return [Known(i.number, i.year, i.date, i.supplement) for i in issues]


# ---------------------------------------------------------------- order


def test_on_one_date_the_regular_issue_comes_before_the_supplement():
    regular, supplement = make(5, D(2017, 10, 11)), make(1, D(2017, 10, 11), supplement=True)
    assert labels(sorted([supplement, regular], key=issue_order)) == ["2017第5期", "2017增刊第1期"]
    # (date, 期号) put 增刊第1期 first here, because 1 < 5: numbers of two sequences compared
    assert (supplement.date, supplement.number) < (regular.date, regular.number)


def test_the_catalog_lists_a_supplement_after_the_regular_issue_of_its_date(tmp_path):
    """The case where the two orderings disagreed: the build's catalog said 增刊第1期 before 第2期,
    the archive page and the feed (reading newest first) said 第2期 before it. Now all say the latter."""
    project = make_project(tmp_path, {
        "demo/2017/01.yaml": issue_yaml("articles:\n  - title: 甲\n").replace("10-11", "10-01"),
        "demo/2017/02.yaml": issue_yaml("articles:\n  - title: 乙\n").replace("number: 1", "number: 2"),
        "demo/2017/zk01.yaml": issue_yaml("supplement: true\narticles:\n  - title: 丙\n"),
    })
    assert labels(check(project)) == ["2017第1期", "2017第2期", "2017增刊第1期"]


def test_the_order_does_not_depend_on_the_order_of_the_files():
    # 第1期 and 增刊第1期 of one day: (date, 期号) tied them and left them in file order
    a, b = make(1, D(2017, 10, 11)), make(1, D(2017, 10, 11), supplement=True)
    assert sorted([a, b], key=issue_order) == sorted([b, a], key=issue_order) == [a, b]


def test_date_comes_first_then_kind_then_number():
    issues = [make(3, D(2017, 3, 1)), make(2, D(2017, 3, 1), supplement=True), make(1, D(2017, 3, 1)),
              make(1, D(2017, 2, 1), supplement=True), make(1, D(2016, 12, 1))]
    assert labels(sorted(issues, key=issue_order)) == [
        "2016第1期", "2017增刊第1期", "2017第1期", "2017第3期", "2017增刊第2期"]


def test_an_unknown_date_sorts_first():
    assert issue_order(Known(7, None, None, False)) < issue_order(Known(1, 2017, D(2017, 1, 1), False))


def test_by_series_groups_series_by_id_each_in_order():
    issues = [make(2, D(2017, 2, 1), series=CONTINUOUS), make(2, D(2017, 2, 1)), make(1, D(2017, 1, 1)),
              make(1, D(2017, 1, 1), series=CONTINUOUS)]
    grouped = by_series(issues)
    assert list(grouped) == ["demo", "lianxu"]
    assert [labels(items) for items in grouped.values()] == [["2017第1期", "2017第2期"]] * 2


# ---------------------------------------------------------------- duplicates


def test_one_number_twice_in_a_year_is_a_duplicate_named_on_the_later_issue():
    first, again = make(1, D(2017, 1, 5)), make(1, D(2017, 3, 5))
    assert duplicates([again, first]) == [(again, first)]


def test_yearly_numbering_may_repeat_a_number_in_another_year():
    assert duplicates([make(1, D(2016, 1, 5)), make(1, D(2017, 1, 5))]) == []


def test_continuous_numbering_may_not_repeat_a_number_in_another_year():
    first, again = make(1, D(2016, 1, 5), series=CONTINUOUS), make(1, D(2017, 1, 5), series=CONTINUOUS)
    assert duplicates([first, again]) == [(again, first)]


def test_a_supplement_and_another_series_do_not_clash():
    assert duplicates([make(1, D(2017, 1, 5)), make(1, D(2017, 1, 5), supplement=True),
                       make(1, D(2017, 1, 5), series=CONTINUOUS)]) == []


def test_a_third_copy_is_named_with_the_one_before_it():
    a, b, c = (make(1, D(2017, m, 1)) for m in (1, 2, 3))
    assert duplicates([c, a, b]) == [(b, a), (c, b)]


def test_a_named_copy_dated_earlier_is_blamed_not_the_archived_issue():
    """A file outside bulletins/ named on the command line must not pass for the archived issue
    (tests/test_failsafe.py runs this through the pipeline and the CLI)."""
    archived = make(1, D(2017, 10, 11), source="bulletins/demo/2017/01.yaml")
    copy = make(1, D(2017, 10, 1), source="aaa/x.yaml")
    problems = []
    number_issues([archived, copy], problems, lambda issue, key: 2, named={"aaa/x.yaml"})
    assert [str(p) for p in problems] == [
        "aaa/x.yaml:2: number：应为同一系列同一年内不重复的期号，实际为第1期与 bulletins/demo/2017/01.yaml:2 重复"]
    problems = []
    number_issues([archived, copy], problems)  # nothing named: the later file is blamed
    assert [str(p) for p in problems] == [
        "bulletins/demo/2017/01.yaml: number：应为同一系列同一年内不重复的期号，实际为第1期与 aaa/x.yaml 重复"]


# ---------------------------------------------------------------- 总第 N 期


def test_totals_count_regular_issues_across_years_and_skip_supplements():
    issues = [make(1, D(2017, 2, 1)), make(1, D(2016, 5, 1)), make(2, D(2016, 9, 1)),
              make(1, D(2016, 9, 1), supplement=True), make(2, D(2017, 6, 1))]
    numbered = number_issues(issues, problems := [])
    assert problems == []
    assert [(label, i.total) for label, i in zip(labels(numbered), numbered, strict=True)] == [
        ("2016第1期", 41), ("2016第2期", 42), ("2016增刊第1期", None), ("2017第1期", 43), ("2017第2期", 44)]


def test_totals_of_a_continuous_series_follow_its_numbers_across_years():
    issues = [make(n, D(2015 + n // 3, 1 + n % 3, 1), series=CONTINUOUS) for n in range(1, 8)]
    numbered = number_issues(list(reversed(issues)), [])
    assert [(i.number, i.total) for i in numbered] == [(n, 100 + n) for n in range(1, 8)]


def test_a_written_total_that_disagrees_is_an_input_problem():
    problems = []
    number_issues([make(1, D(2017, 1, 1)), make(2, D(2017, 2, 1), total=7)], problems,
                  lambda issue, key: {"number": 2, "total": 4}[key])
    assert [str(p) for p in problems] == [
        "bulletins/demo/2017/02-2017-02-01.yaml:4: total：应为总第42期（按存档推算），实际为总第7期"
        "（检查 total 或系列的 total_offset）"]


def test_numbered_issues_come_out_in_catalog_order():
    issues = [make(1, D(2017, 1, 1), series=CONTINUOUS), make(2, D(2017, 1, 1)),
              make(1, D(2017, 1, 1), supplement=True), make(1, D(2016, 1, 1))]
    assert [(i.series.id, i.number_label, i.year) for i in number_issues(issues, [])] == [
        ("demo", "第1期", 2016), ("demo", "第2期", 2017), ("demo", "增刊第1期", 2017), ("lianxu", "第1期", 2017)]


# ---------------------------------------------------------------- gaps


def test_a_continuous_series_has_one_sequence_across_years():
    found = [str(p) for p in gap_problems([make(n, D(2016 + n // 4, 1, n), series=CONTINUOUS) for n in (3, 4, 6)])]
    assert found == ["bulletins/lianxu/2017/06-2017-01-06.yaml: number：应为连续的期号（第3期起），"
                     "实际为连续简报缺少第5期（缺少的期号请补录；如确实跳号，请核对本期的 number）"]


def test_yearly_gaps_restart_each_year_after_the_first():
    issues = [make(5, D(2016, 5, 1)), make(6, D(2016, 6, 1)), make(2, D(2017, 2, 1)),
              make(2, D(2017, 3, 1), supplement=True)]
    found = [str(p) for p in gap_problems(issues)]
    assert len(found) == 1 and "2017年缺少第1期" in found[0]  # 2016 began late; 增刊第2期 of the first year too


def test_gaps_warn_or_stop_under_strict():
    issues = [make(1, D(2017, 1, 1)), make(3, D(2017, 3, 1))]
    warnings = []
    check_gaps(issues, strict=False, warn=warnings.append)
    assert len(warnings) == 1 and "缺少第2期" in warnings[0]
    with pytest.raises(InputError, match="缺少第2期"):
        check_gaps(issues, strict=True, warn=warnings.append)
    check_gaps(issues[:1], strict=True, warn=None)


# ---------------------------------------------------------------- the next 期号


def test_next_number_restarts_each_year_and_total_counts_on():
    known = known_of([make(1, D(2017, 1, 1)), make(2, D(2017, 5, 1))])
    assert next_number(YEARLY, known, D(2017, 12, 1)) == (3, 43)
    assert next_number(YEARLY, known, D(2018, 1, 2)) == (1, 43)


def test_next_number_of_a_continuous_series_goes_on_across_years():
    known = known_of([make(1, D(2016, 1, 1), series=CONTINUOUS), make(2, D(2016, 5, 1), series=CONTINUOUS)])
    assert next_number(CONTINUOUS, known, D(2017, 1, 3)) == (3, 103)


def test_a_supplement_has_its_own_number_and_no_total():
    known = known_of([make(1, D(2017, 1, 1)), make(2, D(2017, 5, 1)), make(1, D(2017, 3, 1), supplement=True)])
    assert next_number(YEARLY, known, D(2017, 6, 1), supplement=True) == (2, None)
    assert next_number(YEARLY, known, D(2017, 6, 1)) == (3, 43)


def test_an_undated_draft_holds_its_number_and_counts_as_earlier():
    known = [Known(1, 2017, D(2017, 1, 1), False), Known(2, 2017, None, False), Known(9, None, None, False)]
    assert next_number(YEARLY, known, D(2017, 6, 1)) == (3, 44)  # 第9期 of no known year takes no number


def test_a_backdated_new_issue_takes_the_total_of_its_date():
    known = known_of([make(1, D(2017, 1, 1)), make(2, D(2017, 9, 1))])
    assert next_number(YEARLY, known, D(2017, 5, 1)) == (3, 42)


# ---------------------------------------------------------------- properties

dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2018, 12, 31))
series_ = st.sampled_from([YEARLY, CONTINUOUS])


@st.composite
def archives(draw, unique=False):
    """A series and some of its issues (duplicates among them unless `unique`)."""
    series = draw(series_)
    rows = draw(st.lists(st.tuples(st.integers(1, 12), dates, st.booleans()), max_size=12))
    issues = [make(n, d, supplement=s, series=series, source=f"f{k}.yaml") for k, (n, d, s) in enumerate(rows)]
    if unique:
        issues = [i for k, i in enumerate(issues) if not any(_same_slot(i, j) for j in issues[:k])]
    return series, issues


def _same_slot(a: Issue, b: Issue) -> bool:
    yearly = a.series.numbering == "yearly"
    return (a.supplement, a.number, a.year if yearly else 0) == (b.supplement, b.number, b.year if yearly else 0)


@SETTINGS
@given(archives(), dates, st.booleans())
def test_the_next_number_never_collides_and_build_agrees_on_its_total(archive, date, supplement):
    series, issues = archive
    number, total = next_number(series, known_of(issues), date, supplement)
    new = make(number, date, supplement=supplement, series=series, source="new.yaml")
    assert not any(new in pair for pair in duplicates([*issues, new]))
    [built] = [i for i in number_issues([*issues, new], []) if i.source == "new.yaml"]
    assert built.total == total


@SETTINGS
@given(archives(unique=True), st.randoms(use_true_random=False))
def test_within_a_series_issue_order_is_total_on_distinct_numbers(archive, rnd):
    _, issues = archive
    shuffled = list(issues)
    rnd.shuffle(shuffled)
    assert [id(i) for i in sorted(shuffled, key=issue_order)] == [id(i) for i in sorted(issues, key=issue_order)]
    keys = [issue_order(i) for i in issues]
    assert len(set(keys)) == len(keys)


@SETTINGS
@given(series_, st.lists(st.tuples(dates, st.booleans()), max_size=15), st.randoms(use_true_random=False))
def test_issues_numbered_in_date_order_sort_by_number_and_count_without_gaps(series, rows, rnd):
    """When each sequence is numbered in date order, the order lists it by 期号 and finds no gap."""
    issues, counters = [], {}
    for date, supplement in sorted(rows):
        seq = (supplement, date.year if series.numbering == "yearly" else 0)
        counters[seq] = counters.get(seq, 0) + 1
        issues.append(make(counters[seq], date, supplement=supplement, series=series))
    rnd.shuffle(issues)
    numbered = number_issues(issues, problems := [])
    assert problems == [] and gap_problems(issues) == []
    for seq in counters:
        in_order = [i.number for i in numbered if (i.supplement, i.year if series.numbering == "yearly" else 0) == seq]
        assert in_order == list(range(1, counters[seq] + 1))
    regular = [i for i in numbered if not i.supplement]
    assert [i.total for i in regular] == [series.total_offset + n for n in range(1, len(regular) + 1)]
