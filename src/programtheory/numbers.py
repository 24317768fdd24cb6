"""Numbers and dates as a reader of the project's locale writes them (Babel).

One place formats every number a page, table or figure shows, so that a page never mixes a
decimal comma with a decimal point. The locale is the project's `locale` (project.yaml), or
its primary language (`ProjectSettings.number_locale`).

>>> format_decimal(3.65, "nl_BE", decimals=2), format_decimal(3.65, "en", decimals=2)
('3,65', '3.65')
>>> format_decimal(12345, "nl"), format_decimal(12345, "en")
('12.345', '12,345')
>>> format_percent(37.5, "nl", decimals=1), format_percent(37.5, "en")
('37,5%', '38%')
>>> format_range(3.6, 3.7, "nl", decimals=1)
'3,6–3,7'
>>> format_date("2024-05", "nl"), format_date("2024-05-03", "en")
('mei 2024', 'May 3, 2024')
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from .errors import UsageError


@cache
def locale_of(name: str) -> Locale:
    """The Babel locale for 'nl', 'nl_BE', 'en-GB', ...; UsageError for an unknown one."""
    try:
        return Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise UsageError(f"unknown locale '{name}': write one such as nl_BE, nl_NL, en_GB "
                         "or en_US") from None


def _rounded(value: float, decimals: int) -> Decimal:
    # half up, as people round: 0.125 -> 0.13 (binary floats would give 0.12)
    step = Decimal(1).scaleb(-decimals)
    return Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP)


def format_decimal(value: float | int, locale: str, *, decimals: int | None = None) -> str:
    """A number with the locale's decimal sign and grouping; `decimals` fixes the number of
    decimals (rounded half up), otherwise an integer shows none and a float as many as it
    has (up to three)."""
    if decimals is None:
        if isinstance(value, int) or float(value).is_integer():
            decimals = 0
        else:
            decimals = min(3, len(repr(float(value)).split(".")[1].rstrip("0")))
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return babel_numbers.format_decimal(_rounded(value, decimals), format=pattern,
                                        locale=locale_of(locale), decimal_quantization=True)


def decimals_of(step: float) -> int:
    """The decimals a rounding step implies: 1 -> 0, 0.1 -> 1, 0.05 -> 2.

    >>> decimals_of(1), decimals_of(0.1), decimals_of(0.05)
    (0, 1, 2)
    """
    exponent = Decimal(str(step)).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def format_percent(share: float, locale: str, *, decimals: int = 0) -> str:
    """A percentage (`share` in 0-100) with the locale's decimal sign and percent style."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + "%"
    return babel_numbers.format_percent(_rounded(share, decimals) / 100, format=pattern,
                                        locale=locale_of(locale), decimal_quantization=True)


def format_range(low: float, high: float, locale: str, *, decimals: int | None = None) -> str:
    """'low–high' with an en dash; one number when both round to the same text."""
    first = format_decimal(low, locale, decimals=decimals)
    last = format_decimal(high, locale, decimals=decimals)
    return first if first == last else f"{first}–{last}"


def format_date(value: str | dt.date, locale: str) -> str:
    """A date ('2024-05-03') or a month ('2024-05') as the locale writes it; a year or other
    text is returned as given."""
    if isinstance(value, dt.date):
        return babel_dates.format_date(value, format="medium",
                                       locale=locale_of(locale))
    parts = value.split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return value
    if len(numbers) == 3:
        return babel_dates.format_date(dt.date(*numbers), format="medium",
                                       locale=locale_of(locale))
    if len(numbers) == 2 and 1 <= numbers[1] <= 12:
        return babel_dates.format_skeleton("yMMMM", dt.date(numbers[0], numbers[1], 1),
                                           locale=locale_of(locale))
    return value
