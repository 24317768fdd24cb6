"""Tables as plain data and text: escaping per format, generic tables, spreadsheet cells.

Escaping is done in one place per format, exactly once: `escape_html`, `escape_markdown` and
`escape_latex`. The generic `records_to_html`, `records_to_markdown` and `records_to_latex`
(and the `Records` class) render any list of rows with the same escaping. `_set_text` stores a
value in a spreadsheet cell as a literal (text that looks like a formula stays text; text
longer than a cell holds continues below it).

The outcome table lives in `outcome_table` (HTML, Markdown, LaTeX) and `outcome_office`
(XLSX, DOCX); its names are re-exported here for the older import path.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .textsafe import export_text

# ------------------------------------------------------------------------------ escaping

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~#$])")
_LATEX_SPECIAL = {
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
}
# beyond ASCII, what pdflatex typesets as it is (its UTF-8 input with OT1 or T1 fonts) …
_LATEX_AS_IS = frozenset("àáâãäåèéêëìíîïòóôõöùúûüýÿñçÀÁÂÃÄÅÈÉÊËÌÍÎÏÒÓÔÕÖÙÚÛÜÝÑÇßæÆœŒøØ§–—‘’“”…")
# … and what it needs a command for; every other character compiles in every engine through
# `_latex_other` (XeLaTeX and LuaLaTeX show it, pdflatex shows its code point)
_LATEX_SYMBOLS = {
    "≥": r"\ensuremath{\geq}", "≤": r"\ensuremath{\leq}", "≠": r"\ensuremath{\neq}",
    "±": r"\ensuremath{\pm}", "×": r"\ensuremath{\times}", "−": r"\ensuremath{-}",
    "→": r"\ensuremath{\rightarrow}", "←": r"\ensuremath{\leftarrow}",
    "•": r"\textbullet{}", "·": r"\textperiodcentered{}", "€": r"\texteuro{}",
    "°": r"\textdegree{}", "\u00a0": "~",
}
_LATEX_RE = re.compile("|".join(re.escape(c) for c in _LATEX_SPECIAL) + "|[^\x20-\x7e]")
_LINE_BREAKS = re.compile(r"\s*[\n\r]\s*")
# characters that XML 1.0 (and so XLSX and DOCX) cannot hold
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape_html(text: Any) -> str:
    """Text for HTML element content or a quoted attribute, escaped once.

    >>> escape_html('<img src=x onerror=alert(1)> &amp; "q"')
    '&lt;img src=x onerror=alert(1)&gt; &amp;amp; &quot;q&quot;'
    """
    return html.escape(_text(text), quote=True)


def escape_markdown(text: Any) -> str:
    """Text for Markdown (CommonMark/GFM, also inside a pipe-table cell), shown literally.

    Characters that start emphasis, code, links, raw HTML, entities, table cells or (in
    Jupyter) math are backslash-escaped; line breaks become spaces so that a cell or list item
    stays whole.

    >>> escape_markdown("a_b *c* <b> | &amp;")
    'a\\\\_b \\\\*c\\\\* \\\\<b\\\\> \\\\| \\\\&amp;'
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(_text(text).split()))


def escape_latex(text: Any) -> str:
    r"""Text for LaTeX, with the ten special characters escaped in one pass.

    >>> print(escape_latex(r"50% of $x & y_1 #2 {a} ~ ^ \x"))
    50\% of \$x \& y\_1 \#2 \{a\} \textasciitilde{} \textasciicircum{} \textbackslash{}x
    """
    return _LATEX_RE.sub(_latex_char, _LINE_BREAKS.sub(" ", _text(text)))


def _latex_char(match: re.Match) -> str:
    char = match.group(0)
    if char in _LATEX_SPECIAL:
        return _LATEX_SPECIAL[char]
    if char in _LATEX_AS_IS:
        return char
    return _LATEX_SYMBOLS.get(char) or _latex_other(char)


def _latex_other(char: str) -> str:
    r"""A character pdflatex has no glyph for: shown by XeLaTeX and LuaLaTeX, and as its code
    point by pdflatex (which skips the unused branch without reading the character).

    >>> print(_latex_other("😀"))
    {\ifx\XeTeXrevision\undefined\ifx\directlua\undefined[U+1F600]\else 😀\fi\else 😀\fi}
    """
    return (rf"{{\ifx\XeTeXrevision\undefined\ifx\directlua\undefined[U+{ord(char):04X}]"
            rf"\else {char}\fi\else {char}\fi}}")


def latex_document(body: str) -> str:
    r"""A complete LaTeX document around an exported table (`to_latex`, `records_to_latex`).

    It compiles with XeLaTeX or LuaLaTeX (fontspec, with DejaVu Serif when installed, for any
    Unicode text) and with pdflatex (T1 fonts; characters without a glyph show their code
    point).
    """
    return "\n".join([
        r"\documentclass[a4paper]{article}",
        r"\usepackage{iftex}",
        r"\ifPDFTeX",
        r"  \usepackage[T1]{fontenc}",
        r"\else",
        r"  \usepackage{fontspec}",
        r"  \IfFontExistsTF{DejaVu Serif}{\setmainfont{DejaVu Serif}}{}",
        r"\fi",
        r"\begin{document}",
        body.rstrip("\n"),
        r"\end{document}", ""])


def _text(value: Any) -> str:
    """A value as text for an export: numbers plainly, and without the characters that
    `textsafe.export_text` removes (control, bidirectional and hiding zero-width ones)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return export_text(str(value))


def clean_text(value: Any) -> str:
    """Text without the control characters that XLSX and DOCX files cannot store.

    >>> clean_text("a\\x00b\\tc")
    'ab\\tc'
    """
    return _XML_ILLEGAL.sub("", _text(value))


# ------------------------------------------------------------------------------ generic tables

Cell = Any  # str, number, None, or a list of those (shown as lines)


def _row_cells(headers: Sequence[str], row: Sequence[Cell] | Mapping[str, Cell]) -> list[Cell]:
    if isinstance(row, Mapping):
        return [row.get(h) for h in headers]
    cells = list(row)
    if len(cells) != len(headers):
        raise ValueError(f"a row has {len(cells)} cells for {len(headers)} headers: {cells!r}")
    return cells


_NUMBER = re.compile(r"[<>≤≥±+−-]?\s?\d[\d.,\u202f ]*(?:\s?[–-]\s?\d[\d.,]*)?\s?%?")


def is_number(value: Any) -> bool:
    """Whether a cell holds a number (also one written as text, like '34,7' or '5,5–6,5'),
    so that it is aligned to the right.

    >>> [is_number(v) for v in (3, 2.5, "34,7", "5,5–6,5", "12 %", True, "121 (afgeleid)", "")]
    [True, True, True, True, True, False, False, False]
    """
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and _NUMBER.fullmatch(value.strip()) is not None


def _lines(cell: Cell) -> list[str]:
    if isinstance(cell, (list, tuple)):
        return [_text(part) for part in cell]
    return [_text(cell)]


def records_to_html(headers: Sequence[str], rows: Iterable[Sequence[Cell] | Mapping[str, Cell]],
                    *, caption: str | None = None, classes: str = "pt-table",
                    row_headers: bool = False) -> str:
    """An HTML table (a fragment, no external resources) of rows under `headers`.

    A row is a sequence of cells in header order or a mapping keyed by header. A cell that is
    a list of more than one item is shown as a bulleted list, so that its items stay apart.
    Every text is escaped exactly once.

    >>> rows = [["tijd & ruimte", 4], {"factor": "<b>", "n": None}]
    >>> print(records_to_html(["factor", "n"], rows))
    <table class="pt-table">
    <thead><tr><th scope="col">factor</th><th scope="col">n</th></tr></thead>
    <tbody>
    <tr><td>tijd &amp; ruimte</td><td class="num">4</td></tr>
    <tr><td>&lt;b&gt;</td><td></td></tr>
    </tbody>
    </table>
    """
    out = [f'<table class="{escape_html(classes)}">']
    if caption:
        out.append(f"<caption>{escape_html(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{escape_html(h)}</th>' for h in headers)
               + "</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        cells = _row_cells(headers, row)
        parts = []
        for i, cell in enumerate(cells):
            lines = [escape_html(line) for line in _lines(cell)]
            content = ("<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"
                       if len(lines) > 1 else "".join(lines))
            if row_headers and i == 0:
                parts.append(f'<th scope="row">{content}</th>')
            else:
                number = ' class="num"' if is_number(cell) else ""
                parts.append(f"<td{number}>{content}</td>")
        out.append("<tr>" + "".join(parts) + "</tr>")
    out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def records_to_markdown(headers: Sequence[str],
                        rows: Iterable[Sequence[Cell] | Mapping[str, Cell]]) -> str:
    """A GFM pipe table. List cells become lines joined with ``<br>``; text is escaped.

    >>> print(records_to_markdown(["a", "b"], [["x|y", ["1", "2"]]]))
    | a | b |
    |---|---|
    | x\\|y | 1<br>2 |
    """
    out = ["| " + " | ".join(escape_markdown(h) for h in headers) + " |",
           "|" + "---|" * len(headers)]
    for row in rows:
        cells = _row_cells(headers, row)
        out.append("| " + " | ".join("<br>".join(escape_markdown(line) for line in _lines(c))
                                     for c in cells) + " |")
    return "\n".join(out)


def records_to_latex(headers: Sequence[str], rows: Iterable[Sequence[Cell] | Mapping[str, Cell]],
                     *, caption: str | None = None, widths: Sequence[float] | None = None) -> str:
    r"""A LaTeX ``tabular`` (in a ``table`` float when a caption is given), text escaped.

    `widths` are fractions of ``\linewidth`` for p-columns; by default the width is shared.

    >>> print(records_to_latex(["a_b", "n"], [["x & y", 3]], widths=[0.5, 0.2]))
    \begin{tabular}{p{0.5\linewidth}p{0.2\linewidth}}
    \hline
    \textbf{a\_b} & \textbf{n} \\
    \hline
    x \& y & 3 \\
    \hline
    \end{tabular}
    """
    widths = list(widths) if widths else [round(0.95 / len(headers), 3)] * len(headers)
    spec = "".join(f"p{{{w}\\linewidth}}" for w in widths)
    body = [rf"\begin{{tabular}}{{{spec}}}", r"\hline",
            " & ".join(rf"\textbf{{{escape_latex(h)}}}" for h in headers) + r" \\", r"\hline"]
    for row in rows:
        cells = _row_cells(headers, row)
        body.append(" & ".join(r"\newline ".join(escape_latex(line) for line in _lines(c))
                               for c in cells) + r" \\")
    body += [r"\hline", r"\end{tabular}"]
    if caption is None:
        return "\n".join(body)
    return "\n".join([r"\begin{table}[htbp]", r"\centering",
                      rf"\caption{{{escape_latex(caption)}}}", *body, r"\end{table}"])


@dataclass
class Records:
    """A small table as plain data: `columns` and `rows` (dicts keyed by column).

    Used for analysis results so that notebooks can show them without pandas, and turn them
    into a DataFrame when pandas is installed.

    >>> table = Records(["id", "n"], [{"id": "a", "n": 1}])
    >>> table.column("n")
    [1]
    >>> print(table.to_markdown())
    | id | n |
    |---|---|
    | a | 1 |
    """

    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    caption: str = ""

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def column(self, name: str) -> list[Any]:
        return [row.get(name) for row in self.rows]

    def to_dataframe(self):
        """A pandas DataFrame of the rows (pandas is an optional dependency)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframe() needs pandas: pip install pandas "
                              "(the rows are also available as .rows)") from exc
        return pd.DataFrame(self.rows, columns=self.columns)

    def to_html(self, **options: Any) -> str:
        return records_to_html(self.columns, self.rows, caption=self.caption or None, **options)

    def to_markdown(self) -> str:
        return records_to_markdown(self.columns, self.rows)

    def to_latex(self, **options: Any) -> str:
        return records_to_latex(self.columns, self.rows, caption=self.caption or None, **options)

    def _repr_html_(self) -> str:  # shown by Jupyter
        return self.to_html()


# ------------------------------------------------------------------------------ spreadsheet cells

XLSX_CELL_LIMIT = 32_767  # characters (UTF-16 code units) a spreadsheet cell holds
_FORMULA_START = ("=", "+", "-", "@")


def _cell_pieces(text: str, limit: int = XLSX_CELL_LIMIT) -> list[str]:
    """`text` in pieces of at most `limit` UTF-16 code units, never splitting a character.

    >>> [len(p) for p in _cell_pieces("ab😀cd", 3)]
    [2, 2, 1]
    """
    if len(text) * 2 <= limit:
        return [text]
    pieces: list[str] = []
    start = units = 0
    for i, char in enumerate(text):
        size = 2 if ord(char) > 0xFFFF else 1
        if units + size > limit:
            pieces.append(text[start:i])
            start, units = i, 0
        units += size
    pieces.append(text[start:])
    return pieces


def _set_text(cell, value: Any, overflow: list | None = None) -> None:
    """Store a value as a literal: text that starts like a formula stays text, with the quote
    prefix so that editing it in a spreadsheet program keeps it text. Text over the cell
    limit is continued below (`_continue_below`), never cut: its remaining pieces are added
    to `overflow`."""
    if value is None or value == "":
        cell.value = None
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.value = value
        return
    pieces = _cell_pieces(clean_text(value))
    cell.value = pieces[0]
    cell.data_type = "s"
    if pieces[0].startswith(_FORMULA_START):
        cell.quotePrefix = True
    if len(pieces) > 1:
        if overflow is None:
            raise ValueError(f"text of {len(pieces[0])}+ characters does not fit one cell")
        overflow.append((cell, pieces[1:]))


def _continue_below(sheet, overflow: list, lang: str = "en") -> None:
    """Insert rows under each cell whose text was too long, holding the rest of its text,
    each marked by a comment (in `lang`) as the continuation of that cell."""
    from .messages import message

    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment

    by_row: dict[int, list] = {}
    for cell, rest in overflow:
        by_row.setdefault(cell.row, []).append((cell.column, cell.coordinate, rest))
    for row in sorted(by_row, reverse=True):  # bottom up: inserted rows move only what follows
        entries = by_row[row]
        sheet.insert_rows(row + 1, max(len(rest) for _, _, rest in entries))
        for column, coordinate, rest in entries:
            sheet.cell(row=row, column=column).comment = Comment(
                message("exports.continues_below", lang, n=len(rest)), "programtheory")
            for k, piece in enumerate(rest, start=1):
                below = sheet.cell(row=row + k, column=column)
                below.value = piece
                below.data_type = "s"
                below.alignment = Alignment(wrap_text=True, vertical="top")
                below.comment = Comment(message("exports.continued_from", lang, cell=coordinate),
                                        "programtheory")



# the outcome table, under its older import path (looked up on use: those modules import this one)
_MOVED = {
    "outcome_office": ("INDICATOR_COLUMNS", "ITEM_COLUMNS", "indicator_records", "item_records",
                       "to_docx", "to_xlsx"),
    "outcome_table": ("INDICATOR_WORD", "LEGEND", "PERSPECTIVE_HEADER", "POLARITY_MARKERS",
                      "SOURCE_WORD", "TERM_LABELS", "TERMS", "THEORY_WORD", "GridItem", "Note",
                      "OutcomeGrid", "outcome_grid", "to_html", "to_latex", "to_markdown"),
}


def __getattr__(name: str) -> Any:
    import importlib

    for module, names in _MOVED.items():
        if name in names:
            return getattr(importlib.import_module(f".{module}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
