"""The text of a drawn element: its label in the chosen language, wrapped to the box width."""

from __future__ import annotations

import textwrap

__all__ = ["MAX_LINES", "WRAP", "node_text", "text_width", "wrap_text"]

WRAP = 24  # characters per line of a node label
MAX_LINES = 7  # longer labels end in '…' in the figure; the full text is in the HTML panel


def wrap_text(text: str, width: int = WRAP, max_lines: int = MAX_LINES) -> list[str]:
    """Wrap text into lines of at most `width` characters; cut with '…' after `max_lines`.

    >>> wrap_text("de creatie van een werkend veiligheidsplan", 20)
    ['de creatie van een', 'werkend', 'veiligheidsplan']
    >>> wrap_text("a " * 100, 10, 2)
    ['a a a a a', 'a a a a a…']
    """
    words = " ".join(str(text).split())
    if not words:
        return [""]
    lines = textwrap.wrap(words, width=width, break_long_words=True, break_on_hyphens=True)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        lines[-1] = (last[: width - 1].rstrip() if len(last) >= width else last) + "…"
    return lines


def node_text(data: dict, lang: str = "nl") -> str:
    """The label of a node in the chosen language (Dutch when there is no English gloss)."""
    if lang == "en" and data.get("label_en"):
        return data["label_en"]
    return data.get("label_nl") or ""


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """A generous width estimate, in points, of a line in DejaVu Sans (wider than most
    fonts) at `size` points: what a figure keeps free for it."""
    return len(text) * size * (0.68 if bold else 0.64) + 4
