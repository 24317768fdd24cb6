"""Tables of the report: the outcome table (Tabel 6) and the small helpers other tables reuse.

The outcome table (`project.outcome_table`, see `model.OutcomeTable`) is drawn as the report
draws it: one row per perspective (client's view, staff's view, staff member, team,
organisation) and one column per term (korte, middellange, lange termijn). Each cell lists its
items in the report's order.

Three things the report leaves implicit are made visible, the same way in every format:

* an **undesired** effect gets the marker ``(−)`` and is set in italics where the format has
  italics; a mixed one gets ``(±)``. A legend below the table explains the markers that occur.
* an **uncertain placement** (the item's `uncertain.reason`) gets ``?n``, where n numbers a note
  below the table that gives the reason. Readers see at once which placements are a judgement.
* each item can carry its **theory ids and indicators** (``details=True``), so a reader can go
  from the table to the diagram and to the measures proposed for later outcome research.

Exporters: `to_html`, `to_markdown`, `to_latex` return text; `to_xlsx` and `to_docx` write a
file. All accept an `OutcomeTable` or a `Project`.

Escaping is done in one place per format, exactly once: `escape_html`, `escape_markdown` and
`escape_latex`. The generic `records_to_html`, `records_to_markdown` and `records_to_latex`
(and the `Records` class) render any list of rows with the same escaping, for the other tables
of the report (e.g. Tabel 4 of the barometer).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Indicator, Label, OutcomeItem, OutcomeTable, Perspective, Project
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


# ------------------------------------------------------------------------------ the outcome table

TERMS = ("short", "medium", "long")
TERM_LABELS = {
    "short": Label(nl="Korte termijn", en="short term"),
    "medium": Label(nl="Middellange termijn", en="medium term"),
    "long": Label(nl="Lange termijn", en="long term"),
}
PERSPECTIVE_HEADER = Label(nl="Perspectief", en="perspective")
POLARITY_MARKERS = {"desired": "", "undesired": "(−)", "mixed": "(±)"}
LEGEND = {
    "undesired": Label(nl="ongewenst effect (cursief)", en="undesired effect, in italics"),
    "mixed": Label(nl="gemengd effect", en="mixed effect"),
    "uncertain": Label(nl="onzekere plaatsing: zie noot n", en="uncertain placement: see note n"),
}
# the words before an item's ids; Dutch only, as they are transparent and the cells are full
THEORY_WORD = Label(nl="theorie", en="theory")
INDICATOR_WORD = Label(nl="indicatoren", en="indicators")
SOURCE_WORD = Label(nl="Bron", en="source")


@dataclass(frozen=True)
class GridItem:
    """One item of the outcome table in its cell, with the number of its note if uncertain."""

    item: OutcomeItem
    perspective: str
    term: str
    note: int | None = None

    @property
    def polarity(self) -> str:
        return self.item.polarity.value

    @property
    def marker(self) -> str:
        """'(−)' for undesired, '(±)' for mixed, '' for desired."""
        return POLARITY_MARKERS[self.polarity]

    @property
    def undesired(self) -> bool:
        return self.polarity == "undesired"

    @property
    def uncertain_marker(self) -> str:
        return f"?{self.note}" if self.note else ""

    def plain(self, english: bool = True) -> str:
        """The item as one line of plain text with its markers (not escaped).

        >>> from programtheory.model import OutcomeItem
        >>> item = OutcomeItem(id="x", text="Druk", en="Pressure", polarity="undesired")
        >>> GridItem(item, "p", "short", note=2).plain()
        '(−) Druk (Pressure) ?2'
        """
        parts = [self.marker, self.item.text]
        if english and self.item.en:
            parts.append(f"({self.item.en})")
        parts.append(self.uncertain_marker)
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class Note:
    """A note below the table: why an item's placement is uncertain."""

    number: int
    item: OutcomeItem
    perspective: str
    term: str

    @property
    def reason(self) -> str:
        return self.item.uncertain.reason if self.item.uncertain else ""


@dataclass
class OutcomeGrid:
    """The outcome table laid out as the report lays it out: perspective rows × term columns.

    Every exporter renders this one structure, so markers and note numbers agree everywhere.
    Notes are numbered in reading order (row by row, left to right, top to bottom in a cell).
    """

    title: Label
    perspectives: list[Perspective]
    terms: tuple[str, ...]
    cells: dict[tuple[str, str], list[GridItem]]
    notes: list[Note]
    indicators: dict[str, Indicator]
    source: str = ""
    table_note: str = ""

    def cell(self, perspective: str, term: str) -> list[GridItem]:
        return self.cells.get((perspective, term), [])

    def items(self) -> list[GridItem]:
        """Every item in reading order."""
        return [gi for p in self.perspectives for t in self.terms for gi in self.cell(p.id, t)]

    def footer(self, english: bool = True) -> list[str]:
        """The plain lines below the table: legend, uncertain placements, source and the
        table's own note (every format shows the same ones)."""
        lines = [f"{marker} {_both(meaning, english)}" for marker, meaning in self.legend()]
        lines += [f"?{n.number} {n.item.text}: {n.reason}" for n in self.notes]
        if self.source:
            lines.append(f"{_both(SOURCE_WORD, english)}: {self.source}")
        if self.table_note:
            lines.append(self.table_note)
        return lines

    def legend(self) -> list[tuple[str, Label]]:
        """(marker, meaning) for the markers that occur in this table."""
        polarities = {gi.polarity for gi in self.items()}
        out = [(POLARITY_MARKERS[p], LEGEND[p]) for p in ("undesired", "mixed") if p in polarities]
        if self.notes:
            out.append(("?n", LEGEND["uncertain"]))
        return out


def _outcome_table(table: OutcomeTable | Project) -> OutcomeTable:
    if isinstance(table, Project):
        if table.outcome_table is None:
            raise ValueError("the project has no outcome table (outcomes.yaml)")
        return table.outcome_table
    return table


def outcome_grid(table: OutcomeTable | Project | OutcomeGrid) -> OutcomeGrid:
    """The outcome table as an `OutcomeGrid`.

    Cells of a perspective that `perspectives` does not list (the checks report these as
    PT306) are kept as extra rows labelled with their id, so that no item is lost.
    """
    if isinstance(table, OutcomeGrid):
        return table
    table = _outcome_table(table)
    perspectives = list(table.perspectives)
    known = {p.id for p in perspectives}
    for cell in table.cells:
        if cell.perspective not in known:
            known.add(cell.perspective)
            perspectives.append(Perspective.model_construct(
                id=cell.perspective, label=Label(nl=cell.perspective), level=None))
    raw: dict[tuple[str, str], list[OutcomeItem]] = {}
    for cell in table.cells:
        raw.setdefault((cell.perspective, cell.term.value), []).extend(cell.items)
    cells: dict[tuple[str, str], list[GridItem]] = {}
    notes: list[Note] = []
    for p in perspectives:
        for term in TERMS:
            placed = []
            for item in raw.get((p.id, term), []):
                number = None
                if item.uncertain is not None:
                    number = len(notes) + 1
                    notes.append(Note(number, item, p.id, term))
                placed.append(GridItem(item, p.id, term, number))
            cells[(p.id, term)] = placed
    return OutcomeGrid(title=table.table.title, perspectives=perspectives, terms=TERMS,
                       cells=cells, notes=notes,
                       indicators={i.id: i for i in table.indicators},
                       source=", ".join(str(r) for r in table.table.report),
                       table_note=table.table.note)


def _both(label: Label, english: bool) -> str:
    # one text when the label has one language, or the same text in both: never "X (X)"
    if english and label.nl and label.en and label.en != label.nl:
        return f"{label.nl} ({label.en})"
    return label.nl or label.en


# ---- HTML

_HTML_STYLE = """\
.pt-outcome-table{border-collapse:collapse;font:0.9rem/1.35 system-ui,sans-serif}
.pt-outcome-table th,.pt-outcome-table td{border:1px solid #444;padding:0.4em;vertical-align:top}
.pt-outcome-table thead th{background:#eee}
.pt-outcome-table ul{margin:0;padding-left:1.1em}
.pt-outcome-table .en{color:#555}
.pt-outcome-table .refs{font-size:0.8em;color:#555}
.pt-outcome-legend,.pt-outcome-notes{font:0.85rem/1.35 system-ui,sans-serif}"""


def to_html(table: OutcomeTable | Project, *, english: bool = True, details: bool = True,
            standalone: bool = False, id_prefix: str = "tabel6", lang: str = "nl") -> str:
    """The outcome table as HTML: a fragment, or a whole page with ``standalone=True``
    (in `lang`, with the print-ready stylesheet of `exports.html_page`).

    Every data text is escaped exactly once; the page loads nothing from elsewhere (the style
    is inline). Undesired items are ``<em>`` with the ``(−)`` marker; uncertain placements link
    to their note (``#<id_prefix>-note-n``); with `details` each item lists its theory ids and
    indicators.
    """
    grid = outcome_grid(table)
    e = escape_html
    pre = e(id_prefix)

    def label_html(label: Label) -> str:
        if not label.nl:
            return e(label.en)
        text = e(label.nl)
        if english and label.en and label.en != label.nl:
            text += f' <span class="en" lang="en">({e(label.en)})</span>'
        return text

    out = ['<table class="pt-table pt-outcome-table">',
           f"<caption>{label_html(grid.title)}</caption>",
           "<thead><tr>" + f'<th scope="col">{label_html(PERSPECTIVE_HEADER)}</th>'
           + "".join(f'<th scope="col">{label_html(TERM_LABELS[t])}</th>' for t in grid.terms)
           + "</tr></thead>", "<tbody>"]
    for p in grid.perspectives:
        row = [f'<tr><th scope="row">{label_html(p.label)}</th>']
        for term in grid.terms:
            items = []
            for gi in grid.cell(p.id, term):
                text = e(gi.item.text)
                if english and gi.item.en:
                    text += f' <span class="en" lang="en">({e(gi.item.en)})</span>'
                if gi.marker:
                    text = f"{e(gi.marker)} {text}"
                if gi.undesired:
                    text = f"<em>{text}</em>"
                if gi.note:
                    text += (f' <sup class="uncertain"><a id="{pre}-ref-{gi.note}" '
                             f'href="#{pre}-note-{gi.note}">?{gi.note}</a></sup>')
                if details:
                    text += _html_refs(gi.item, grid)
                items.append(f'<li class="{e(gi.polarity)}" id="{pre}-{e(gi.item.id)}">'
                             f"{text}</li>")
            row.append("<td>" + (f"<ul>{''.join(items)}</ul>" if items else "") + "</td>")
        out.append("".join(row) + "</tr>")
    out += ["</tbody>", "</table>"]
    legend = grid.legend()
    if legend:
        out.append('<p class="pt-outcome-legend">' + "; ".join(
            f"<strong>{e(marker)}</strong> {label_html(meaning)}" for marker, meaning in legend)
            + "</p>")
    if grid.notes:
        out.append('<ol class="pt-outcome-notes">' + "".join(
            f'<li id="{pre}-note-{n.number}" value="{n.number}">?{n.number} '
            f"{e(n.item.text)}: {e(n.reason)} "
            f'<a href="#{pre}-ref-{n.number}" aria-label="terug">↩</a></li>'
            for n in grid.notes) + "</ol>")
    if grid.source or grid.table_note:
        parts = []
        if grid.source:
            parts.append(f"{label_html(SOURCE_WORD)}: {e(grid.source)}")
        if grid.table_note:
            parts.append(e(grid.table_note))
        out.append('<p class="pt-outcome-legend">' + " ".join(parts) + "</p>")
    fragment = "\n".join(out)
    if not standalone:
        return fragment
    from .exports import html_page

    return html_page(fragment, title=grid.title.nl, lang=lang, extra_css=_HTML_STYLE)


def _html_refs(item: OutcomeItem, grid: OutcomeGrid) -> str:
    parts = []
    if item.theory:
        parts.append(escape_html(THEORY_WORD.nl) + ": "
                     + ", ".join(f"<code>{escape_html(t)}</code>" for t in item.theory))
    if item.indicators:
        shown = []
        for ind in item.indicators:
            label = grid.indicators[ind].label.nl if ind in grid.indicators else ""
            title = f' title="{escape_html(label)}"' if label else ""
            shown.append(f"<code{title}>{escape_html(ind)}</code>")
        parts.append(escape_html(INDICATOR_WORD.nl) + ": " + ", ".join(shown))
    return f'<div class="refs">{" · ".join(parts)}</div>' if parts else ""


# ---- Markdown

def to_markdown(table: OutcomeTable | Project, *, english: bool = True,
                details: bool = True) -> str:
    """The outcome table as a GFM pipe table, with the legend and notes below it.

    Items in a cell are lines (``<br>``) starting with '•'; undesired items are in italics
    with the ``(−)`` marker. Data text is Markdown-escaped, so it shows literally.
    """
    grid = outcome_grid(table)
    m = escape_markdown
    headers = [_both(PERSPECTIVE_HEADER, english)] + [_both(TERM_LABELS[t], english)
                                                      for t in grid.terms]
    out = [f"**{m(_both(grid.title, english))}**", "",
           "| " + " | ".join(m(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    for p in grid.perspectives:
        cells = [m(_both(p.label, english))]
        for term in grid.terms:
            lines = []
            for gi in grid.cell(p.id, term):
                text = m(gi.item.text)
                if english and gi.item.en:
                    text += f" ({m(gi.item.en)})"
                if gi.marker:
                    text = f"{gi.marker} {text}"
                if gi.undesired:
                    text = f"*{text}*"
                if gi.note:
                    text += f" ?{gi.note}"
                if details:
                    refs = _plain_refs(gi.item, code=True)
                    if refs:
                        text += f"<br>{refs}"
                lines.append(f"• {text}")
            cells.append("<br>".join(lines))
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    for marker, meaning in grid.legend():
        out.append(f"- **{m(marker)}** {m(_both(meaning, english))}")
    for n in grid.notes:
        out.append(f"- ?{n.number} {m(n.item.text)}: {m(n.reason)}")
    if grid.source:
        out.append(f"- {m(_both(SOURCE_WORD, english))}: {m(grid.source)}")
    if grid.table_note:
        out.append(f"- {m(grid.table_note)}")
    return "\n".join(out).rstrip() + "\n"


def _plain_refs(item: OutcomeItem, code: bool = False) -> str:
    def ids(values: list[str]) -> str:
        return ", ".join(f"`{v}`" if code else v for v in values)  # ids are [A-Za-z0-9_.-]
    parts = []
    if item.theory:
        parts.append(f"{THEORY_WORD.nl}: {ids(item.theory)}")
    if item.indicators:
        parts.append(f"{INDICATOR_WORD.nl}: {ids(item.indicators)}")
    return "; ".join(parts)


# ---- LaTeX

_LATEX_MARKERS = {"desired": "", "undesired": r"($-$)", "mixed": r"($\pm$)"}


def to_latex(table: OutcomeTable | Project, *, english: bool = False,
             details: bool = False) -> str:
    r"""The outcome table as a LaTeX ``table`` float with a ``tabular`` of p-columns.

    Needs only the LaTeX kernel (``\hline``, ``\textit``, ``\textsuperscript``) and a UTF-8
    input encoding for the Dutch text. English glosses and ids are off by default: a printed
    table should stay the report's table; turn them on with `english` and `details`.
    """
    grid = outcome_grid(table)
    x = escape_latex
    headers = [_both(PERSPECTIVE_HEADER, english)] + [_both(TERM_LABELS[t], english)
                                                      for t in grid.terms]
    spec = r"p{0.16\linewidth}" + r"p{0.26\linewidth}" * len(grid.terms)
    out = [r"\begin{table}[htbp]", r"\centering", rf"\caption{{{x(_both(grid.title, english))}}}",
           r"\small", rf"\begin{{tabular}}{{{spec}}}", r"\hline",
           " & ".join(rf"\textbf{{{x(h)}}}" for h in headers) + r" \\", r"\hline"]
    for p in grid.perspectives:
        cells = [x(_both(p.label, english))]
        for term in grid.terms:
            lines = []
            for gi in grid.cell(p.id, term):
                text = x(gi.item.text)
                if english and gi.item.en:
                    text += f" ({x(gi.item.en)})"
                marker = _LATEX_MARKERS[gi.polarity]
                if marker:
                    text = f"{marker} {text}"
                if gi.undesired:
                    text = rf"\textit{{{text}}}"
                if gi.note:
                    text += rf"~\textsuperscript{{?{gi.note}}}"
                if details:
                    refs = _plain_refs(gi.item)
                    if refs:
                        text += rf" {{\footnotesize {x(refs)}}}"
                lines.append(r"\textbullet~" + text)
            cells.append(r"\newline ".join(lines))
        out.append(" & ".join(cells) + r" \\")
        out.append(r"\hline")
    out.append(r"\end{tabular}")
    notes = []
    for marker, meaning in grid.legend():
        shown = {"(−)": _LATEX_MARKERS["undesired"], "(±)": _LATEX_MARKERS["mixed"]}.get(
            marker, x(marker))
        notes.append(rf"\textbf{{{shown}}} {x(_both(meaning, english))}")
    for n in grid.notes:
        notes.append(rf"\textsuperscript{{?{n.number}}} {x(n.item.text)}: {x(n.reason)}")
    if grid.source:
        notes.append(f"{x(_both(SOURCE_WORD, english))}: {x(grid.source)}")
    if grid.table_note:
        notes.append(x(grid.table_note))
    if notes:
        out.append(r"\par\smallskip\footnotesize")
        out.append(r"\par ".join(notes) + r"\par")
    out.append(r"\end{table}")
    return "\n".join(out) + "\n"


# ---- XLSX

ITEM_COLUMNS = ["perspective", "perspective_label", "term", "term_label", "item", "text", "en",
                "polarity", "uncertain", "theory", "indicators", "report"]
INDICATOR_COLUMNS = ["indicator", "label_nl", "label_en", "description", "unit", "data_source",
                     "frequency", "baseline", "baseline_year", "target", "target_year", "items",
                     "report"]


def item_records(table: OutcomeTable | Project | OutcomeGrid) -> Records:
    """One row per item: perspective, term, polarity, uncertain reason, theory ids, indicators.

    This is the 'Items' sheet of `to_xlsx`, and a convenient long format for analysis.
    """
    grid = outcome_grid(table)
    labels = {p.id: p.label.nl for p in grid.perspectives}
    rows = [{"perspective": gi.perspective, "perspective_label": labels[gi.perspective],
             "term": gi.term, "term_label": TERM_LABELS[gi.term].nl, "item": gi.item.id,
             "text": gi.item.text, "en": gi.item.en, "polarity": gi.polarity,
             "uncertain": gi.item.uncertain.reason if gi.item.uncertain else "",
             "theory": ", ".join(gi.item.theory), "indicators": ", ".join(gi.item.indicators),
             "report": "; ".join(str(r) for r in gi.item.report)}
            for gi in grid.items()]
    return Records(list(ITEM_COLUMNS), rows)


def indicator_records(table: OutcomeTable | Project | OutcomeGrid) -> Records:
    """One row per indicator, with the items that propose it (the 'Indicators' sheet)."""
    grid = outcome_grid(table)
    used: dict[str, list[str]] = {}
    for gi in grid.items():
        for ind in gi.item.indicators:
            used.setdefault(ind, []).append(gi.item.id)
    rows = []
    for ind in grid.indicators.values():
        rows.append({
            "indicator": ind.id, "label_nl": ind.label.nl, "label_en": ind.label.en,
            "description": ind.description, "unit": ind.unit, "data_source": ind.data_source,
            "frequency": ind.frequency,
            "baseline": ind.baseline.value if ind.baseline else None,
            "baseline_year": ind.baseline.year if ind.baseline else None,
            "target": ind.target.value if ind.target else None,
            "target_year": ind.target.year if ind.target else None,
            "items": ", ".join(used.get(ind.id, [])),
            "report": "; ".join(str(r) for r in ind.report)})
    return Records(list(INDICATOR_COLUMNS), rows)


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


def _continue_below(sheet, overflow: list) -> None:
    """Insert rows under each cell whose text was too long, holding the rest of its text,
    each marked by a comment as the continuation of that cell."""
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
                f"text continues in the {len(rest)} cell(s) below", "programtheory")
            for k, piece in enumerate(rest, start=1):
                below = sheet.cell(row=row + k, column=column)
                below.value = piece
                below.data_type = "s"
                below.alignment = Alignment(wrap_text=True, vertical="top")
                below.comment = Comment(f"continued from {coordinate}", "programtheory")


def to_xlsx(table: OutcomeTable | Project, path: str | Path, *, english: bool = True) -> Path:
    """Write the outcome table as an Excel workbook and return its path.

    Sheets: 'Tabel 6' in the report's shape (a header row, then one row per perspective, each
    cell listing its items as lines, undesired items in italics; legend and notes below),
    'Items' (one row per item, see `item_records`) and 'Indicators' (`indicator_records`).
    Text is stored as text: a value starting like a formula is not one, and keeps the quote
    prefix; text longer than a cell holds continues in the cells below it. Every sheet prints on
    A4 landscape, fitted to the width, its header row repeated (`exports.print_ready_sheet`).
    """
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Alignment, Font

    from .atomic import write_atomically
    from .exports import print_ready_sheet

    grid = outcome_grid(table)
    book = Workbook()
    sheet = book.active
    sheet.title = "Tabel 6"
    wrap = Alignment(wrap_text=True, vertical="top")
    overflow: list = []
    headers = [_both(PERSPECTIVE_HEADER, english)] + [_both(TERM_LABELS[t], english)
                                                      for t in grid.terms]
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=col)
        _set_text(cell, header, overflow)
        cell.font = Font(bold=True)
        cell.alignment = wrap
    italic = InlineFont(i=True)
    for row, p in enumerate(grid.perspectives, start=2):
        head = sheet.cell(row=row, column=1)
        _set_text(head, _both(p.label, english), overflow)
        head.font = Font(bold=True)
        head.alignment = wrap
        for col, term in enumerate(grid.terms, start=2):
            items = grid.cell(p.id, term)
            cell = sheet.cell(row=row, column=col)
            cell.alignment = wrap
            if not items:
                continue
            plain = "\n".join("• " + gi.plain(english) for gi in items)
            if any(gi.undesired for gi in items) and len(_cell_pieces(clean_text(plain))) == 1:
                blocks: list = []
                for i, gi in enumerate(items):
                    line = ("\n" if i else "") + "• " + clean_text(gi.plain(english))
                    blocks.append(TextBlock(italic, line) if gi.undesired else line)
                cell.value = CellRichText(*blocks)
            else:  # (text too long for one cell loses its italics: it is continued)
                _set_text(cell, plain, overflow)
    sheet.column_dimensions["A"].width = 28
    for letter in "BCD"[:len(grid.terms)]:
        sheet.column_dimensions[letter].width = 45
    sheet.freeze_panes = "B2"
    row = len(grid.perspectives) + 3
    below = [_both(grid.title, english)] + grid.footer(english)
    for offset, text in enumerate(below):
        _set_text(sheet.cell(row=row + offset, column=1), text, overflow)
    sheet.cell(row=row, column=1).font = Font(bold=True)
    if not overflow:  # rows inserted for continued text would leave merged ranges behind
        for offset in range(len(below)):
            sheet.merge_cells(start_row=row + offset, start_column=1, end_row=row + offset,
                              end_column=1 + len(grid.terms))
    _continue_below(sheet, overflow)
    print_ready_sheet(sheet, widths=[28] + [45] * len(grid.terms))

    for title, records in (("Items", item_records(grid)),
                           ("Indicators", indicator_records(grid))):
        ws = book.create_sheet(title)
        overflow = []
        for col, name in enumerate(records.columns, start=1):
            _set_text(ws.cell(row=1, column=col), name)
            ws.cell(row=1, column=col).font = Font(bold=True)
        for r, record in enumerate(records.rows, start=2):
            for col, name in enumerate(records.columns, start=1):
                _set_text(ws.cell(row=r, column=col), record[name], overflow)
        _continue_below(ws, overflow)
        ws.freeze_panes = "A2"
        print_ready_sheet(ws)
    return write_atomically(path, book.save)


# ---- DOCX

def to_docx(table: OutcomeTable | Project, path: str | Path, *, english: bool = True,
            details: bool = False) -> Path:
    """Write the outcome table as a Word document (A4 landscape) and return its path.

    A real Word table: a header row and one row per perspective; one paragraph per item,
    undesired items in italics with the ``(−)`` marker, uncertain placements with a
    superscript ``?n``. The legend and the notes follow the table as small paragraphs. The
    header row repeats on every page and no row is split across pages.
    """
    from docx import Document
    from docx.shared import Pt, RGBColor

    from .atomic import write_atomically
    from .exports import a4_section, keep_rows_whole

    grid = outcome_grid(table)
    doc = Document()
    a4_section(doc.sections[0])
    title = doc.add_paragraph()
    title.add_run(clean_text(grid.title.nl)).bold = True
    if english and grid.title.en:
        title.add_run(f" ({clean_text(grid.title.en)})")

    word_table = doc.add_table(rows=1 + len(grid.perspectives), cols=1 + len(grid.terms))
    word_table.style = "Table Grid"
    headers = [_both(PERSPECTIVE_HEADER, english)] + [_both(TERM_LABELS[t], english)
                                                      for t in grid.terms]
    for col, header in enumerate(headers):
        word_table.rows[0].cells[col].paragraphs[0].add_run(clean_text(header)).bold = True
    for r, p in enumerate(grid.perspectives, start=1):
        cells = word_table.rows[r].cells
        cells[0].paragraphs[0].add_run(clean_text(_both(p.label, english))).bold = True
        for col, term in enumerate(grid.terms, start=1):
            for i, gi in enumerate(grid.cell(p.id, term)):
                para = cells[col].paragraphs[0] if i == 0 else cells[col].add_paragraph()
                para.add_run("• ")
                text = clean_text(gi.item.text)
                if english and gi.item.en:
                    text += f" ({clean_text(gi.item.en)})"
                run = para.add_run(f"{gi.marker} {text}" if gi.marker else text)
                run.italic = gi.undesired
                if gi.note:
                    sup = para.add_run(f"?{gi.note}")
                    sup.font.superscript = True
                if details:
                    refs = _plain_refs(gi.item)
                    if refs:
                        small = para.add_run(f" [{clean_text(refs)}]")
                        small.font.size = Pt(7)
                        small.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    for text in grid.footer(english):
        run = doc.add_paragraph().add_run(clean_text(text))
        run.font.size = Pt(8)
    keep_rows_whole(word_table)
    return write_atomically(path, lambda p: doc.save(str(p)))
