"""Number formatting, percentages, ordinals and placeholders: examples and properties."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jianbao.reader.figures import chinese_numeral, format_value, percent, substitute

from model_fixtures import demo_figures


@pytest.mark.parametrize("n, text", [(1, "一"), (7, "七"), (10, "十"), (11, "十一"), (20, "二十"), (99, "九十九")])
def test_chinese_numerals(n, text):
    assert chinese_numeral(n) == text


@given(st.integers(1, 99))
def test_chinese_numerals_are_distinct_and_roundtrip(n):
    digits = "一二三四五六七八九"
    text = chinese_numeral(n)
    tens = 1 if text.startswith("十") else (digits.index(text[0]) + 1 if "十" in text else 0)
    ones = digits.index(text[-1]) + 1 if text[-1] != "十" else 0
    assert tens * 10 + ones == n


def test_values_print_as_typed_with_unit_attached():
    assert format_value(D("162.72"), "亿元") == "162.72亿元"
    assert format_value(D("162.70"), "亿元") == "162.70亿元"
    assert format_value(D(73), "%") == "73%"


def test_share_is_computed_half_up():
    assert percent(D("162.72"), D("201.41")) == "80.79%"
    assert percent(D(1), D(8)) == "12.50%"


@given(st.decimals(0, 10**6, places=2, allow_nan=False), st.decimals("0.01", 10**6, places=2, allow_nan=False))
def test_percent_is_within_half_a_hundredth(part, whole):
    shown = D(percent(part, whole)[:-1])
    assert abs(shown - part / whole * 100) <= D("0.005")


def test_substitute_reports_offsets_and_uses():
    text, used, errors = substitute("甲{{ construction }}乙{{ nope.x }}丙{{ funds.share }}", demo_figures())
    assert text == "甲73%乙{{ nope.x }}丙80.79%"
    assert used == {"construction", "funds"}
    assert [(offset, err.found) for offset, err in errors] == [(20, "{{ nope.x }}")]


def test_table_attributes():
    text, _, errors = substitute("{{ by_prefecture.喀什地区.竣工率 }}；{{ by_prefecture.below_target }}",
                                 demo_figures())
    assert errors == [] and text == "68%；喀什地区、和田地区"
