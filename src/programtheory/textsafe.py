"""Text from data as text: which characters are unsafe, finding them in the data, and the one
clean-up every output applies where it writes its format.

Three kinds of character never belong in a label or a quote:

- control characters (C0 except tab, line feed and carriage return; DEL; C1): they break XML
  and JSON, make Graphviz fail, and in a terminal can erase or recolour what was printed;
- bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make
  text read in another order than it is stored ('Trojan source');
- zero-width characters that hide inside words (U+200B, U+2060, U+FEFF, U+180E), and the
  joiners U+200C/U+200D next to ASCII text. Between two non-ASCII characters the joiners are
  kept: emoji sequences and several scripts need them.

`data_findings` reports them for `validate`; `export_text` removes them for a file format;
`terminal_text` shows them escaped for a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .findings import Finding, finding

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff\u180e]|(?<![^\x00-\x7f])[\u200c\u200d]|"
                         "[\u200c\u200d](?![^\x00-\x7f])")
_HIDDEN = re.compile(f"{BIDI.pattern}|{_ZERO_WIDTH.pattern}")
_UNSAFE = re.compile(f"{CONTROL.pattern}|{_HIDDEN.pattern}")
_SEPARATORS = re.compile("[\u2028\u2029]")
# every character the patterns above can match, as one class: a quick first test
_CANDIDATE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u180e\u200b-\u200d\u202a-\u202e"
                        "\u2060\u2066-\u2069\ufeff]")


def hidden_characters(text: str) -> list[str]:
    """The bidirectional controls and hiding zero-width characters in `text`, in order.

    >>> hidden_characters("ab\\u202ec a\\u200db 👩\\u200d👧")
    ['\\u202e', '\\u200d']
    """
    return [m.group(0) for m in _HIDDEN.finditer(text)]


def export_text(text: str) -> str:
    """`text` without control, bidirectional-control and hiding zero-width characters; line
    and paragraph separators (U+2028, U+2029) become line feeds. Tab, line feed and carriage
    return stay: each format decides what a line break is.

    >>> export_text("a\\bb\\x1b[1mc\\u202ed\\u200be\\u2028f")
    'ab[1mcde\\nf'
    """
    if text.isascii() and text.isprintable():
        return text
    text = _SEPARATORS.sub("\n", text)
    cleaned = _UNSAFE.sub("", text)
    while cleaned != text:  # a removal can leave a joiner next to ASCII text: remove it too
        text, cleaned = cleaned, _UNSAFE.sub("", cleaned)
    return cleaned


def export_tree(value: Any) -> Any:
    """`export_text` applied to every string (keys too) inside lists and mappings."""
    if isinstance(value, str):
        return export_text(value)
    if isinstance(value, dict):
        return {export_tree(k): export_tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [export_tree(v) for v in value]
    return value


def _escape(match: re.Match) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def terminal_text(text: str) -> str:
    """Text for a terminal: control, bidirectional and hiding characters shown as ``\\uXXXX``
    (also valid inside a JSON string), line feeds and tabs kept.

    >>> print(terminal_text("a\\x1b[2Jb\\u202ec\\n"))
    a\\u001b[2Jb\\u202ec
    <BLANKLINE>
    """
    if text.isascii() and CONTROL.search(text) is None:
        return text
    return re.sub(f"{_UNSAFE.pattern}|{_SEPARATORS.pattern}", _escape, text)


class TerminalStream:
    """A text stream that writes through `terminal_text`; everything else is the wrapped one's."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_text(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


# ------------------------------------------------------------------ findings for validate

def _describe(chars: list[str]) -> str:
    shown = sorted(set(chars), key=chars.index)
    return ", ".join(f"U+{ord(c):04X}" for c in shown[:5]) + (" …" if len(shown) > 5 else "")


def data_findings(data: Any, display: str, in_report: Callable[[str], bool] | None = None,
                  raw: bytes | None = None) -> list[Finding]:
    """A finding for every string in a file's data (keys included) that holds a control
    character (PT210) or a bidirectional or hiding zero-width character (PT211).

    `in_report(text)` says whether `text` occurs verbatim in the report: such a quote may keep
    the hidden characters the report itself has (exports still remove them). `raw`, the file's
    YAML text, makes the common case fast: without a backslash (no escape sequence) and without
    any of these characters in the text, no string can hold one.
    """
    if raw is not None and b"\\" not in raw and \
            not _CANDIDATE.search(raw.decode("utf-8", "replace")):
        return []
    if not _CANDIDATE.search("\n".join(_all_strings(data))):
        return []
    out: list[Finding] = []
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                if isinstance(key, str):
                    _check_string(key, path + (key, "__key__"), display, in_report, out)
                stack.append((path + (key,), child))
        elif isinstance(value, list):
            stack.extend((path + (i,), child) for i, child in enumerate(value))
        elif isinstance(value, str):
            _check_string(value, path, display, in_report, out)
    return out


def _all_strings(data: Any) -> list[str]:
    strings: list[str] = []
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            strings.extend(k for k in value if isinstance(k, str))
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return strings


def _check_string(text: str, path: tuple, display: str,
                  in_report: Callable[[str], bool] | None, out: list[Finding]) -> None:
    if not _CANDIDATE.search(text):
        return
    controls = CONTROL.findall(text)
    if controls:
        out.append(finding("PT210", f"the text holds control character(s) "
                           f"{_describe(controls)}, which break figures, files and terminals",
                           "delete them; to break a line, write a plain line break",
                           file=display, path=path[:-1] if path[-1:] == ("__key__",) else path))
    hidden = hidden_characters(text)
    if hidden and not (in_report is not None and in_report(text)):
        out.append(finding("PT211", f"the text holds invisible character(s) {_describe(hidden)} "
                           "(bidirectional controls or zero-width characters) that change how "
                           "it reads or hide inside words",
                           "delete them; where the report itself has them in this quote, "
                           "copy the quote verbatim from the report",
                           file=display, path=path[:-1] if path[-1:] == ("__key__",) else path))
