"""The outcome table: its grid of perspectives and terms, as HTML, Markdown and LaTeX.

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

from dataclasses import dataclass

from .model import Indicator, Label, OutcomeItem, OutcomeTable, Perspective, Project
from .tables import escape_html, escape_latex, escape_markdown


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
    return f"{label.nl} ({label.en})" if english and label.en else label.nl


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
        text = e(label.nl)
        if english and label.en:
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


