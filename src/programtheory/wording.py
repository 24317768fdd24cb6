"""Page wording for the barometer charts and tables, the outcome table, the evidence map and
the notebook pages: headings and paragraphs from the message catalogue
(`programtheory.messages`), and numbers as the page's language writes them
(`programtheory.numbers`, Babel).

Nothing here names a programme, an instrument or a report: those names come from the
project's data.

>>> message("barometer.mean_reported", "en", value="3.7", scale_max=5)
'reported mean (◆): 3.7 out of 5'
>>> format_number(34.65, "nl"), format_number(34.65, "en"), format_number(6.0, "en")
('34,7', '34.7', '6')
>>> format_at_precision(3.65, 0.01, "nl"), format_at_precision(6, 1, "en")
('3,65', '6')
>>> format_range(3.65, 3.65, "en", 2), format_range(5.5, 6.5, "nl", 2)
('3.65', '5,5–6,5')
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from . import numbers
from .messages import languages, message  # noqa: F401 (the one catalogue, re-exported)


def heading(key: str, lang: str = "en", level: int = 2, **fields: object) -> str:
    """A page heading from the catalogue, as escaped HTML."""
    from html import escape
    return f"<h{level}>{escape(message(key, lang, **fields))}</h{level}>"


def paragraph(key: str, lang: str = "en", **fields: object) -> str:
    """A paragraph of page text from the catalogue, as escaped HTML."""
    from html import escape
    return f"<p>{escape(message(key, lang, **fields))}</p>"


def label_text(label, lang: str) -> str:
    """A label's text in `lang`, else in the first language it has (`model.Label`)."""
    if label is None:
        return ""
    text = label.text(lang)
    if text:
        return text
    others = label.languages()
    return label.text(others[0]) if others else ""


def _shortest(value: float, digits: int) -> int:
    """The decimals `value` needs at most `digits` decimals, trailing zeros dropped."""
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits),
                                                    rounding=ROUND_HALF_UP)
    if rounded == 0:
        return 0
    return max(0, -int(rounded.normalize().as_tuple().exponent))


def format_number(value: float, lang: str = "en", digits: int = 1) -> str:
    """`value` with at most `digits` decimals as the language writes numbers (Babel);
    trailing zeros are dropped (6.0 → '6'), halves rounded up (34.65 → 34.7)."""
    return numbers.format_decimal(value, lang, decimals=_shortest(value, digits))


def decimals(precision: float) -> int:
    """How many decimals a rounding step shows: 1 → 0, 0.1 → 1, 0.05 → 2, 0.25 → 2.

    >>> [decimals(p) for p in (1, 0.5, 0.1, 0.05, 0.01, 10)]
    [0, 1, 1, 2, 2, 0]
    """
    return numbers.decimals_of(precision)


def format_at_precision(value: float, precision: float, lang: str = "en") -> str:
    """`value` rounded to a multiple of its rounding step `precision`, with as many decimals
    as that step has (a mean of 3.65 at precision 0.01 stays '3.65'; 6 at precision 1 is '6')."""
    if precision <= 0:
        return numbers.format_decimal(value, lang, decimals=2)
    step = Decimal(str(precision))
    steps = (Decimal(repr(float(value))) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return numbers.format_decimal(float(steps * step), lang, decimals=decimals(precision))


def format_range(low: float, high: float, lang: str = "en", digits: int = 1) -> str:
    """'low–high', or one value when both read the same at `digits` decimals (never
    '3,65–3,65')."""
    first, last = format_number(low, lang, digits), format_number(high, lang, digits)
    return first if first == last else f"{first}–{last}"
