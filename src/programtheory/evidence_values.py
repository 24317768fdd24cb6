"""The figures an evidence item holds (`values`), as a reader reads them: a label, the value with
its unit, and n. The keys of `values` are the data's own names (e.g. 'percent_respect'); they
never reach a reader's page. Their first word says what the figure is (a percentage, a count of
cases, the total it is out of, a share written out); the rest of the key only tells figures of
one item apart, and the item's quoted text says what they measure."""

from __future__ import annotations

from collections.abc import Mapping

from .messages import message
from .numbers import format_decimal

__all__ = ["readable_values", "value_measure"]

_MEASURES = ("percent", "cases", "of", "fraction")


def value_measure(key: str) -> str:
    """What a figure of `values` is, from the first word of its key: 'percent', 'cases', 'of',
    'fraction', or 'value' for any other key."""
    head = key.split("_", 1)[0].lower()
    return head if head in _MEASURES else "value"


def _number(value: object, lang: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return format_decimal(value, lang)


def readable_values(values: Mapping[str, object], n: int | None,
                    lang: str) -> list[tuple[str, str]]:
    """(label, value with unit and n) for every figure of `values`, in their order.

    >>> readable_values({"percent_respect": 88.7}, 144, "en")
    [('Percentage', '88.7% (n = 144)')]
    >>> readable_values({"cases": 4, "of": 5}, 5, "nl")
    [('Aantal casussen', '4 (n = 5)'), ('Van in totaal', '5 (n = 5)')]
    """
    rows = []
    for key, value in values.items():
        measure = value_measure(key)
        shown = message(f"evidence.value.unit.{measure}", lang, value=_number(value, lang))
        if n is not None:
            shown = message("evidence.value.with_n", lang, value=shown, n=n)
        rows.append((message(f"evidence.value.label.{measure}", lang), shown))
    return rows
