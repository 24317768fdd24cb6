"""Numbers as the project's locale writes them: the text reads back as the rounded value, and the
decimal sign is the locale's own."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from babel.numbers import parse_decimal
from hypothesis import given
from hypothesis import strategies as st

from programtheory.errors import UsageError
from programtheory.numbers import (decimals_of, format_date, format_decimal, format_percent,
                                   format_range)

LOCALES = ("nl", "nl_BE", "en", "en_GB")


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 4),
       st.sampled_from(LOCALES))
def test_a_formatted_number_reads_back_as_the_value_rounded_half_up(value, decimals, locale):
    text = format_decimal(value, locale, decimals=decimals)
    expected = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    assert parse_decimal(text, locale=locale, strict=True) == expected
    if decimals:
        sign = "," if locale.startswith("nl") else "."
        assert text.rsplit(sign, 1)[1].isdigit() and len(text.rsplit(sign, 1)[1]) == decimals


@given(st.floats(min_value=0, max_value=100, allow_nan=False), st.integers(0, 2))
def test_a_percentage_reads_back_as_the_share(share, decimals):
    for locale in ("nl", "en"):
        text = format_percent(share, locale, decimals=decimals)
        number = text.replace("%", "").replace("\xa0", "").strip()
        expected = Decimal(str(share)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        assert parse_decimal(number, locale=locale) == expected


def test_one_decimal_sign_per_locale():
    assert format_decimal(1234.5, "nl", decimals=1) == "1.234,5"
    assert format_decimal(1234.5, "en", decimals=1) == "1,234.5"
    assert format_decimal(0.125, "en", decimals=2) == "0.13"  # half up, not to even


def test_a_range_that_rounds_to_one_number_is_one_number():
    assert format_range(3.65, 3.65, "nl", decimals=2) == "3,65"
    assert format_range(3.61, 3.74, "en", decimals=1) == "3.6–3.7"


def test_precision_steps_give_decimals():
    assert [decimals_of(s) for s in (1, 1.0, 0.5, 0.1, 0.01)] == [0, 0, 1, 1, 2]


def test_dates_and_months_in_the_locale_and_other_text_as_given():
    assert format_date("2024-05", "en") == "May 2024"
    assert format_date("2024-05-03", "nl") == "3 mei 2024"
    assert format_date("2024", "nl") == "2024" and format_date("voorjaar 2024", "en") \
        == "voorjaar 2024"


def test_an_unknown_locale_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown locale 'xx'"):
        format_decimal(1, "xx")
