"""Cells written for spreadsheets never run as formulas."""

import pytest

from pfp.core.spreadsheets import formula_safe


@pytest.mark.parametrize(
    "value",
    ["=HYPERLINK(1)", "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_a_formula_is_kept_as_text(value):
    assert formula_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Ghana", "", "1 = 1", "'quoted"])
def test_ordinary_text_is_unchanged(value):
    assert formula_safe(value) == value


@pytest.mark.parametrize("value", [None, 2017, -3, 1.5])
def test_values_other_than_text_are_unchanged(value):
    assert formula_safe(value) == value
