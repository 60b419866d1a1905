"""The Swedish formatting filters: spaces, comma, minus sign, units, dates, rounding, prose."""

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import pytest
from babel.numbers import format_decimal, get_group_symbol
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from rapportkarna.formatting import (FILTERS, andel, belopp, datum, klockslag, kortdatum, kr, manad,
                                     procent, prose, tal, veckodag)

NBSP = "\u00a0"
MINUS = "\u2212"
EN_DASH = "\u2013"


# -- numbers and amounts ---------------------------------------------------------------------------

def test_kr_groups_thousands_with_no_break_spaces() -> None:
    assert kr(1234567) == "1\u00a0234\u00a0567\u00a0kr"


def test_kr_in_other_units() -> None:
    assert kr(1234567, "tkr") == f"1{NBSP}235{NBSP}tkr"
    assert kr(1234567, "mnkr") == f"1,2{NBSP}mnkr"
    assert kr(Decimal("-1500"), "kr") == f"{MINUS}1{NBSP}500{NBSP}kr"


def test_procent_uses_real_minus_and_decimal_comma() -> None:
    assert procent(-12.5) == "\u221212,5\u00a0%"
    assert procent(12.5) == f"12,5{NBSP}%"
    assert procent(7, 0) == f"7{NBSP}%"


@pytest.mark.parametrize("amount, expected", [
    (1500, "2"),        # half up, not to even
    (2500, "3"),
    (1499, "1"),
    (500, "1"),
    (499, "0"),
    (-1500, f"{MINUS}2"),  # halves round away from zero, symmetrically
    (-2500, f"{MINUS}3"),
    (1234567, f"1{NBSP}235"),
    (Decimal("2499.999"), "2"),
    (Decimal("2500.000"), "3"),
])
def test_belopp_in_tkr_rounds_half_up(amount: object, expected: str) -> None:
    assert belopp(amount, "tkr") == expected


@pytest.mark.parametrize("amount, expected", [
    (1250000, "1,3"),
    (1350000, "1,4"),
    (1234567, "1,2"),
    (-2250000, f"{MINUS}2,3"),
    (123456789012, f"123{NBSP}456,8"),
])
def test_belopp_in_mnkr_has_one_decimal(amount: object, expected: str) -> None:
    assert belopp(amount, "mnkr") == expected


@pytest.mark.parametrize("amount, unit", [
    (-499, "tkr"), (-1, "tkr"), (Decimal("-0.4"), "kr"), (-49999, "mnkr"), (-0.0, "kr"), (0, "tkr"),
])
def test_no_negative_zero(amount: object, unit: str) -> None:
    text = belopp(amount, unit)
    assert MINUS not in text and "-" not in text
    assert text in ("0", "0,0")


def test_no_negative_zero_in_percent() -> None:
    assert procent(-0.04) == f"0,0{NBSP}%"


@pytest.mark.parametrize("function", [belopp, kr, procent, tal, datum, kortdatum, klockslag])
def test_missing_value_is_an_en_dash(function: object) -> None:
    assert function(None) == EN_DASH  # type: ignore[operator]


def test_missing_share_is_an_en_dash() -> None:
    assert andel(None, 8) == EN_DASH
    assert andel(1, None) == EN_DASH
    assert andel(1, 0) == EN_DASH
    assert andel(1, 8) == f"12,5{NBSP}%"


def test_decimal_inputs_stay_exact() -> None:
    # beyond a float's 15–17 significant digits
    assert tal(Decimal("12345678901234567.25"), 1) == (
        f"12{NBSP}345{NBSP}678{NBSP}901{NBSP}234{NBSP}567,3")
    assert belopp(Decimal("1234567.89"), "kr", 2) == f"1{NBSP}234{NBSP}567,89"
    assert belopp(Decimal("0.1") + Decimal("0.2"), "kr", 20) == "0," + "3" + "0" * 19
    # 0.125 and 2.5 are halves in decimal; no binary noise decides the rounding
    assert belopp(Decimal("0.125"), "kr", 2) == "0,13"
    assert belopp(Decimal("2.5"), "kr") == "3"


def test_floats_round_as_written() -> None:
    """A float is read through its shortest repr: 2.675 is rounded as the 2.675 one wrote."""
    assert tal(2.675, 2) == "2,68"
    assert belopp(1.005, "kr", 2) == "1,01"
    assert belopp(2.5, "kr") == "3"


def test_tal() -> None:
    assert tal(1234567.5) == f"1{NBSP}234{NBSP}568"
    assert tal(1234.5, 1) == f"1{NBSP}234,5"
    assert tal(-3) == f"{MINUS}3"
    assert tal(999) == "999"
    assert tal(10**20) == NBSP.join(["100"] + ["000"] * 6)


# -- tal's own Swedish formatter against Babel ------------------------------------------------------

def babel_tal(value: Any, decimals: int = 0) -> str:
    """``tal`` as it was written with Babel alone: the reference its fast path must equal."""
    number = (Decimal(repr(value)) if isinstance(value, float) else Decimal(value)).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(number, format=pattern, locale="sv_SE", decimal_quantization=False)
    return text.replace("-", MINUS).replace("\u202f", NBSP)


def outcome(function: Any, value: Any, decimals: int) -> tuple[str, str]:
    """The text, or the kind of exception: both must be the same for the two formatters."""
    try:
        return "text", function(value, decimals)
    except (InvalidOperation, ValueError, TypeError) as exc:
        return "raises", type(exc).__name__


numbers = st.one_of(
    st.integers(min_value=-10**30, max_value=10**30),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.floats(allow_nan=False, allow_infinity=False),
    st.builds(lambda digits, exponent: Decimal(digits).scaleb(exponent),
              st.integers(min_value=-10**20, max_value=10**20), st.integers(min_value=-15, max_value=5)),
)


@settings(max_examples=2000, deadline=None)
@given(value=numbers, decimals=st.integers(min_value=0, max_value=10))
def test_tal_equals_babel(value: Any, decimals: int) -> None:
    assert outcome(tal, value, decimals) == outcome(babel_tal, value, decimals)


@pytest.mark.parametrize("value", [
    0, Decimal("0"), -0.0, Decimal("-0"), Decimal("-0.000"), Decimal("-0.4"), Decimal("-0.004"), 1e-300, -1e-300,
    Decimal("0.5"), Decimal("1.5"), Decimal("2.5"), Decimal("-2.5"), Decimal("0.125"), Decimal("0.135"),
    2.675, 1.005, 999, 1000, -1000, 999999, 1000000, 10**20, Decimal("9" * 28), -(10**27), Decimal("1E+30"),
    Decimal("1E-30"), Decimal("NaN"), float("nan"), float("inf"), Decimal("-Infinity"), "1234.5", "-0.05",
])
@pytest.mark.parametrize("decimals", [0, 1, 2, 3, 20])
def test_tal_edge_cases_equal_babel(value: Any, decimals: int) -> None:
    assert outcome(tal, value, decimals) == outcome(babel_tal, value, decimals)


def test_tal_edge_cases() -> None:
    assert get_group_symbol("sv_SE") in (NBSP, "\u202f")  # the separator the fast path writes (as NBSP)
    assert tal(-0.0) == "0" and tal(Decimal("-0.004"), 2) == "0,00"  # no "−0"
    assert [tal(v) for v in (Decimal("0.5"), Decimal("1.5"), Decimal("2.5"), Decimal("-2.5"))] == ["1", "2", "3", f"{MINUS}3"]
    assert tal(Decimal("9" * 28)) == NBSP.join(["9"] + ["999"] * 9)
    assert tal(Decimal("1E-30"), 2) == "0,00"
    assert tal(float("nan")) == "NaN"  # Babel's text, as before the fast path
    with pytest.raises(InvalidOperation):  # more digits than Decimal's precision: refused, not rounded
        tal(Decimal("1E+30"))
    with pytest.raises(InvalidOperation):
        tal(float("inf"))
    assert tal(1234, -1) == f"1{NBSP}230"  # negative decimals: left to Babel, as before


def test_belopp_rejects_an_unknown_unit() -> None:
    with pytest.raises(ValueError, match="unknown unit 'sek'"):
        belopp(1, "sek")


# -- dates and times -------------------------------------------------------------------------------

def test_datum_has_no_break_space_after_the_day() -> None:
    assert datum(date(2011, 9, 15)) == "15\u00a0september 2011"
    assert datum(date(2011, 5, 1)) == f"1{NBSP}maj 2011"
    assert datum(datetime(2011, 9, 15, 10, 30)) == f"15{NBSP}september 2011"
    assert datum("2011-12-31") == f"31{NBSP}december 2011"


def test_dates_are_written_as_babel_writes_them_in_swedish() -> None:
    """The month and weekday names are written out in formatting.py: every day of a leap year and
    of a common year, against Babel's sv locale."""
    from datetime import timedelta

    from babel.dates import format_date
    days = [date(2011, 1, 1) + timedelta(days=n) for n in range(365 + 366)]
    for day in days:
        assert datum(day) == format_date(day, "d MMMM y", locale="sv_SE").replace(" ", "\u00a0", 1)
        assert manad(day) == format_date(day, "MMMM y", locale="sv_SE")
        assert veckodag(day) == format_date(day, "EEEE", locale="sv_SE")


def test_kortdatum() -> None:
    assert kortdatum(date(2011, 9, 15)) == "2011-09-15"
    assert kortdatum(date(2011, 1, 2)) == "2011-01-02"
    assert kortdatum(datetime(2011, 9, 15, 23, 59)) == "2011-09-15"
    assert kortdatum("2011-09-15") == "2011-09-15"


def test_manad_and_klockslag() -> None:
    assert manad(date(2011, 8, 31)) == "augusti 2011"
    assert klockslag(time(8, 30)) == "08.30"


# -- prose -----------------------------------------------------------------------------------------

def test_prose_escapes_markup() -> None:
    html = prose('<script>alert("x")</script> & <b>fet</b>')
    assert isinstance(html, Markup)
    assert "<script>" not in html and "<b>" not in html
    assert html == Markup("<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;fet&lt;/b&gt;</p>")


def test_prose_makes_paragraphs() -> None:
    text = "Första stycket\nsom fortsätter här.\n\n  \nAndra stycket."
    assert prose(text) == Markup("<p>Första stycket som fortsätter här.</p>\n<p>Andra stycket.</p>")


def test_prose_makes_bullet_lists() -> None:
    text = "Vi har:\n\n- gjort <ett>\n- gjort två\n\n• tre\n* fyra\n– fem"
    assert prose(text) == Markup(
        "<p>Vi har:</p>\n<ul><li>gjort &lt;ett&gt;</li><li>gjort två</li></ul>\n"
        "<ul><li>tre</li><li>fyra</li><li>fem</li></ul>")


def test_prose_list_right_after_a_line_of_text() -> None:
    assert prose("Under året har vi:\n- startat ett projekt\n- anställt en samordnare\nDet gick bra.") == Markup(
        "<p>Under året har vi:</p>\n<ul><li>startat ett projekt</li><li>anställt en samordnare</li></ul>\n"
        "<p>Det gick bra.</p>")


def test_prose_indented_line_continues_a_bullet() -> None:
    assert prose("- ett långt\n  som fortsätter\n- två") == Markup(
        "<ul><li>ett långt som fortsätter</li><li>två</li></ul>")


def test_prose_negative_number_is_no_bullet() -> None:
    assert prose("-5 grader i snitt.") == Markup("<p>-5 grader i snitt.</p>")


def test_prose_of_nothing() -> None:
    assert prose(None) == Markup("")
    assert prose("") == Markup("")


def test_filters_are_registered() -> None:
    for name in ("tal", "belopp", "kr", "procent", "andel", "datum", "kortdatum", "manad", "klockslag", "prose"):
        assert name in FILTERS
