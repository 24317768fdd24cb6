"""The outcome table: its grid of perspectives and terms, as HTML, Markdown and LaTeX.

The outcome table (`project.outcome_table`, see `model.OutcomeTable`) is drawn as its source
draws it: one row per perspective and one column per term (short, medium, long). Each cell
lists its items in the source's order.

Three things a source table leaves implicit are made visible, the same way in every format:

* an **undesired** effect gets the marker ``(−)`` and is set in italics where the format has
  italics; a mixed one gets ``(±)``. A legend below the table explains the markers that occur.
* an **uncertain placement** (the item's `uncertain.reason`) gets ``?n``; note n, in the
  appendix of notes after the table, gives the reason. Readers see at once which placements
  are a judgement, and the table a report writer pastes holds no notes on how it was encoded.
* each item can carry the **indicators** proposed for it (``details=True``), by their labels;
  the ids of the theory elements and indicators are kept out of the visible text (HTML: in
  data attributes and the tooltip).

Exporters: `to_html`, `to_markdown`, `to_latex` return text; `to_xlsx` and `to_docx`
(`outcome_office`) write a file. All accept an `OutcomeTable` or a `Project`; with a Project,
the source reference is given by section number and title.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Indicator, Label, OutcomeItem, OutcomeTable, Perspective, Project
from .citations import LinePlaces, cite_all, project_places, project_sections, readable_lines
from .messages import message
from .tables import escape_html, escape_latex, escape_markdown


def _interface(key: str) -> Label:
    """An interface word of the table, from the message catalogue (`outcome.table.<key>`)."""
    return Label(nl=message(f"outcome.table.{key}", "nl"), en=message(f"outcome.table.{key}", "en"))


TERMS = ("short", "medium", "long")
TERM_LABELS = {term: _interface(f"term.{term}") for term in TERMS}
PERSPECTIVE_HEADER = _interface("perspective")
POLARITY_MARKERS = {"desired": "", "undesired": "(−)", "mixed": "(±)"}
LEGEND = {key: _interface(f"legend.{key}")
          for key in ("undesired", "mixed", "uncertain", "uncertain_elsewhere")}
NOTES_HEADING = _interface("notes")
THEORY_WORD = _interface("theory")
INDICATOR_WORD = _interface("indicators")
SOURCE_WORD = _interface("source")


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

    def plain(self, lang: str = "") -> str:
        """The item as one line of plain text on a page in `lang`, with its markers (not
        escaped); its text as `item_text` gives it.

        >>> from programtheory.model import OutcomeItem
        >>> item = OutcomeItem(id="x", text="Druk", en="Pressure", polarity="undesired")
        >>> GridItem(item, "p", "short", note=2).plain("nl")
        '(−) Druk ?2'
        >>> GridItem(item, "p", "short", note=2).plain("en")
        '(−) Pressure ?2'
        """
        parts = [self.marker, item_text(self.item, lang)[0], self.uncertain_marker]
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class Note:
    """A note below the table: why an item's placement is uncertain."""

    number: int
    item: OutcomeItem
    perspective: str
    term: str
    # the item's `uncertain.reason`, pointing at sections, not lines ('' on a page that
    # leaves the data's prose out: `OutcomeGrid.reasons_elsewhere`)
    reason: str = ""


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
    lang: str = "en"  # the page's language; by default the table's own (its title's first)
    sections: tuple = ()  # the report's sections, to cite a place by number and title
    places: LinePlaces = LinePlaces()  # which section holds which lines (`readable_lines`)
    # When the page does not show the data's own prose (the reasons, the table's note, the
    # indicators' descriptions are written in another language, `ProjectSettings.text_language`):
    # what the appendix says instead of the reasons
    reasons_elsewhere: str = ""

    @property
    def prose_shown(self) -> bool:
        """Whether the page shows the data's own prose (see `reasons_elsewhere`)."""
        return not self.reasons_elsewhere

    def cell(self, perspective: str, term: str) -> list[GridItem]:
        return self.cells.get((perspective, term), [])

    def items(self) -> list[GridItem]:
        """Every item in reading order."""
        return [gi for p in self.perspectives for t in self.terms for gi in self.cell(p.id, t)]

    def footer(self, english: bool = True) -> list[str]:
        """The plain lines right below the table: the legend of its markers and its source
        (every format shows the same ones)."""
        lines = [f"{marker} {primary(meaning, self.lang)}" for marker, meaning in self.legend()]
        if self.source:
            lines.append(f"{primary(SOURCE_WORD, self.lang)}: {self.source}")
        return lines

    def appendix(self, escape=lambda text: text,
                 marker=lambda number: f"?{number}") -> list[str]:
        """The appendix of notes: why each uncertain item sits where it does, then the
        table's own note on how it was read from its source; each text through `escape`,
        each note's number written by `marker` (a format's own markup)."""
        if self.reasons_elsewhere:
            return [escape(self.reasons_elsewhere)] if self.notes else []
        lines = [f"{marker(n.number)} {escape(item_text(n.item, self.lang)[0])}: "
                 f"{escape(n.reason)}" for n in self.notes]
        if self.table_note:
            lines.append(escape(self.table_note))
        return lines

    def legend(self) -> list[tuple[str, Label]]:
        """(marker, meaning) for the markers that occur in this table."""
        polarities = {gi.polarity for gi in self.items()}
        out = [(POLARITY_MARKERS[p], LEGEND[p]) for p in ("undesired", "mixed") if p in polarities]
        if self.notes:
            out.append(("?n", LEGEND["uncertain_elsewhere" if self.reasons_elsewhere
                                      else "uncertain"]))
        return out


def _outcome_table(table: OutcomeTable | Project) -> OutcomeTable:
    if isinstance(table, Project):
        if table.outcome_table is None:
            raise ValueError("the project has no outcome table (outcomes.yaml)")
        return table.outcome_table
    return table


def outcome_grid(table: OutcomeTable | Project | OutcomeGrid,
                 lang: str | None = None) -> OutcomeGrid:
    """The outcome table as an `OutcomeGrid`, its interface words in `lang` (default: a
    project's primary language; a bare table's own language).

    Cells of a perspective that `perspectives` does not list (the checks report these as
    PT306) are kept as extra rows labelled with their id, so that no item is lost. The data's
    own prose (the reasons, the table's note) follows the project's `text_language`; a bare
    table, without its project, shows it whatever `lang` is.
    """
    if isinstance(table, OutcomeGrid):
        return table
    elsewhere = ""
    if isinstance(table, Project):
        lang = table.language(lang)
        if not table.settings.prose_shown(lang):
            elsewhere = message("outcome.table.reasons_elsewhere", lang,
                                language=table.settings.prose_language_name(lang))
    sections = project_sections(table)
    places = project_places(table) if isinstance(table, Project) else LinePlaces.of(sections)
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
                    notes.append(Note(number, item, p.id, term, "" if elsewhere else
                                      readable_lines(item.uncertain.reason, places)))
                placed.append(GridItem(item, p.id, term, number))
            cells[(p.id, term)] = placed
    return OutcomeGrid(title=table.table.title, perspectives=perspectives, terms=TERMS,
                       cells=cells, notes=notes,
                       indicators={i.id: i for i in table.indicators},
                       source=cite_all(table.table.report, sections),
                       table_note="" if elsewhere else readable_lines(table.table.note, places),
                       sections=tuple(sections), places=places,
                       reasons_elsewhere=elsewhere,
                       lang=lang or (table.table.title.languages() or ["en"])[0])


def _both(label: Label, english: bool, lang: str) -> str:
    text, gloss = primary(label, lang), english_gloss(label, lang)
    return f"{text} ({gloss})" if english and gloss else text


def primary(label: Label, lang: str) -> str:
    """The label in the table's language `lang`, else in its own first language."""
    languages = label.languages()
    return label.text(lang) or (label.text(languages[0]) if languages else "")


def item_text(item, lang: str) -> tuple[str, str]:
    """(the item's text on a page in `lang`, the verbatim source text it stands for, or '').
    An English page shows an item's English where the data gives it, the verbatim text in a
    tooltip; every other page shows the verbatim text."""
    if lang == "en" and item.en and item.en != item.text:
        return item.en, item.text
    return item.text, ""


def english_gloss(label: Label, lang: str) -> str:
    """The English beside a table in another language; '' for a table in English, and when
    the English is the same text (never "X (X)")."""
    if lang == "en" or not label.en or label.en == primary(label, lang):
        return ""
    return label.en


# ---- HTML

_HTML_STYLE = """\
.pt-outcome-table{border-collapse:collapse;font:0.9rem/1.35 system-ui,sans-serif}
.pt-outcome-table th,.pt-outcome-table td{border:1px solid #444;padding:0.4em;vertical-align:top}
.pt-outcome-table thead th{background:#eee}
.pt-outcome-table ul{margin:0;padding-left:1.1em}
.pt-outcome-table .en{color:#555}
.pt-outcome-table .refs{font-size:0.8em;color:#555}
.pt-outcome-legend,.pt-outcome-notes{font:0.85rem/1.35 system-ui,sans-serif}"""


def to_html(table: OutcomeTable | Project, *, english: bool = False, details: bool = True,
            standalone: bool = False, id_prefix: str = "outcome", lang: str | None = None) -> str:
    """The outcome table as HTML: a fragment, or a whole page with ``standalone=True``
    (with the print-ready stylesheet of `exports.html_page`). The words around the data are
    in `lang` (default: the table's own language); `english` adds the English gloss of each
    data text for a table in another language.

    Every data text is escaped exactly once; the page loads nothing from elsewhere (the style
    is inline). Undesired items are ``<em>`` with the ``(−)`` marker; uncertain placements link
    to their note in the appendix of notes after the table (``#<id_prefix>-note-n``); with
    `details` each item names its indicators by label. Ids stay out of the visible text: each
    item carries them in ``data-item``, ``data-theory`` and ``data-indicators``.
    """
    grid = outcome_grid(table, lang)
    label_html = _label_html(english, grid.lang)
    word = _word_html(grid.lang)
    out = ['<table class="pt-table pt-outcome-table">',
           f"<caption>{label_html(grid.title)}</caption>",
           "<thead><tr>" + f'<th scope="col">{word(PERSPECTIVE_HEADER)}</th>'
           + "".join(f'<th scope="col">{word(TERM_LABELS[t])}</th>' for t in grid.terms)
           + "</tr></thead>", "<tbody>"]
    for p in grid.perspectives:
        row = [f'<tr><th scope="row">{label_html(p.label)}</th>']
        for term in grid.terms:
            items = [_html_item(gi, grid, english, details, id_prefix)
                     for gi in grid.cell(p.id, term)]
            row.append("<td>" + (f"<ul>{''.join(items)}</ul>" if items else "") + "</td>")
        out.append("".join(row) + "</tr>")
    out += ["</tbody>", "</table>", *_html_below(grid, word, id_prefix)]
    fragment = "\n".join(out)
    if not standalone:
        return fragment
    from .exports import html_page

    return html_page(fragment, title=primary(grid.title, grid.lang), lang=grid.lang,
                     extra_css=_HTML_STYLE)


def _word_html(lang: str):
    """An interface word in the page's language alone (a gloss is for data, not for the
    words around it)."""
    return lambda label: escape_html(primary(label, lang))


def _label_html(english: bool, lang: str):
    def label_html(label: Label) -> str:
        text = escape_html(primary(label, lang))
        gloss = english_gloss(label, lang)
        if english and gloss:
            text += f' <span class="en" lang="en">({escape_html(gloss)})</span>'
        return text
    return label_html


def _html_item(gi: GridItem, grid: OutcomeGrid, english: bool, details: bool,
               id_prefix: str) -> str:
    e = escape_html
    pre = e(id_prefix)
    shown, original = item_text(gi.item, grid.lang)
    text = e(shown) if not original else f'<span title="{e(original)}">{e(shown)}</span>'
    if english and gi.item.en and not original:
        text += f' <span class="en" lang="en">({e(gi.item.en)})</span>'
    if gi.marker:
        text = f"{e(gi.marker)} {text}"
    if gi.undesired:
        text = f"<em>{text}</em>"
    if gi.note and grid.reasons_elsewhere:
        text += f' <sup class="uncertain">?{gi.note}</sup>'
    elif gi.note:
        text += (f' <sup class="uncertain"><a id="{pre}-ref-{gi.note}" '
                 f'href="#{pre}-note-{gi.note}">?{gi.note}</a></sup>')
    ids = [f'data-item="{e(gi.item.id)}"']
    if details:
        text += _html_refs(gi.item, grid)
        if gi.item.theory:
            ids.append(f'data-theory="{e(" ".join(gi.item.theory))}"')
        if gi.item.indicators:
            ids.append(f'data-indicators="{e(" ".join(gi.item.indicators))}"')
    return f'<li class="{e(gi.polarity)}" {" ".join(ids)}>{text}</li>'


def _html_below(grid: OutcomeGrid, word, id_prefix: str) -> list[str]:
    """The legend and source under the table, then the appendix of notes."""
    e = escape_html
    pre = e(id_prefix)
    out = []
    legend = grid.legend()
    if legend:
        out.append('<p class="pt-outcome-legend">' + "; ".join(
            f"<strong>{e(marker)}</strong> {word(meaning)}" for marker, meaning in legend)
            + "</p>")
    if grid.source:
        out.append(f'<p class="pt-outcome-legend">{word(SOURCE_WORD)}: '
                   f"{e(grid.source)}</p>")
    if grid.reasons_elsewhere and grid.notes:
        out.append(f'<section class="pt-outcome-notes"><h3>{word(NOTES_HEADING)}</h3>'
                   f"<p>{e(grid.reasons_elsewhere)}</p></section>")
    elif grid.notes or grid.table_note:
        out.append(f'<section class="pt-outcome-notes"><h3>{word(NOTES_HEADING)}</h3>')
        if grid.notes:
            out.append("<ol>" + "".join(
                f'<li id="{pre}-note-{n.number}" value="{n.number}">?{n.number} '
                f"{e(item_text(n.item, grid.lang)[0])}: {e(n.reason)} "
                f'<a href="#{pre}-ref-{n.number}" aria-label="↩">↩</a></li>'
                for n in grid.notes) + "</ol>")
        if grid.table_note:
            out.append(f"<p>{e(grid.table_note)}</p>")
        out.append("</section>")
    return out


def indicator_names(item: OutcomeItem, grid: OutcomeGrid) -> list[str]:
    """The item's indicators by label (an indicator the table does not define: its id, as
    the checks report it)."""
    return [primary(grid.indicators[ind].label, grid.lang) if ind in grid.indicators else ind
            for ind in item.indicators]


def _html_refs(item: OutcomeItem, grid: OutcomeGrid) -> str:
    if not item.indicators:
        return ""
    tooltip = escape_html(" ".join(item.indicators))
    names = ", ".join(escape_html(name) for name in indicator_names(item, grid))
    return (f'<div class="refs" title="{tooltip}">{escape_html(primary(INDICATOR_WORD, grid.lang))}: '
            f"{names}</div>")


# ---- Markdown

def to_markdown(table: OutcomeTable | Project, *, english: bool = False,
                details: bool = True, lang: str | None = None) -> str:
    """The outcome table as a GFM pipe table, with the legend below it and the appendix of
    notes after that.

    Items in a cell are lines (``<br>``) starting with '•'; undesired items are in italics
    with the ``(−)`` marker. Data text is Markdown-escaped, so it shows literally. The words
    around the data are in `lang` (default: the table's own language).
    """
    grid = outcome_grid(table, lang)
    m = escape_markdown
    headers = [primary(PERSPECTIVE_HEADER, grid.lang)] + [primary(TERM_LABELS[t], grid.lang)
                                                      for t in grid.terms]
    out = [f"**{m(_both(grid.title, english, grid.lang))}**", "",
           "| " + " | ".join(m(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    for p in grid.perspectives:
        cells = [m(_both(p.label, english, grid.lang))]
        for term in grid.terms:
            cells.append("<br>".join(f"• {_markdown_item(gi, grid, english, details)}"
                                     for gi in grid.cell(p.id, term)))
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    out += [f"- {m(line)}" for line in grid.footer(english)]
    appendix = grid.appendix()
    if appendix:
        out += ["", f"**{m(primary(NOTES_HEADING, grid.lang))}**", ""]
        out += [f"- {m(line)}" for line in appendix]
    return "\n".join(out).rstrip() + "\n"


def _markdown_item(gi: GridItem, grid: OutcomeGrid, english: bool, details: bool) -> str:
    m = escape_markdown
    shown, original = item_text(gi.item, grid.lang)
    text = m(shown)
    if english and gi.item.en and not original:
        text += f" ({m(gi.item.en)})"
    if gi.marker:
        text = f"{gi.marker} {text}"
    if gi.undesired:
        text = f"*{text}*"
    if gi.note:
        text += f" ?{gi.note}"
    refs = _plain_refs(gi.item, grid) if details else ""
    return text + (f"<br>{m(refs)}" if refs else "")


def _plain_refs(item: OutcomeItem, grid: OutcomeGrid) -> str:
    """The item's indicators by label, as plain text ('' when it has none)."""
    names = indicator_names(item, grid)
    return f"{primary(INDICATOR_WORD, grid.lang)}: {', '.join(names)}" if names else ""

# ---- LaTeX

_LATEX_MARKERS = {"desired": "", "undesired": r"($-$)", "mixed": r"($\pm$)"}


def to_latex(table: OutcomeTable | Project, *, english: bool = False,
             details: bool = False, lang: str | None = None) -> str:
    r"""The outcome table as a LaTeX ``table`` float with a ``tabular`` of p-columns.

    Needs only the LaTeX kernel (``\hline``, ``\textit``, ``\textsuperscript``) and a UTF-8
    input encoding for the Dutch text. English glosses and ids are off by default: a printed
    table should stay the report's table; turn them on with `english` and `details`.
    """
    grid = outcome_grid(table, lang)
    x = escape_latex
    headers = [primary(PERSPECTIVE_HEADER, grid.lang)] + [primary(TERM_LABELS[t], grid.lang)
                                                      for t in grid.terms]
    spec = r"p{0.16\linewidth}" + r"p{0.26\linewidth}" * len(grid.terms)
    out = [r"\begin{table}[htbp]", r"\centering", rf"\caption{{{x(_both(grid.title, english, grid.lang))}}}",
           r"\small", rf"\begin{{tabular}}{{{spec}}}", r"\hline",
           " & ".join(rf"\textbf{{{x(h)}}}" for h in headers) + r" \\", r"\hline"]
    for p in grid.perspectives:
        cells = [x(_both(p.label, english, grid.lang))]
        for term in grid.terms:
            lines = []
            for gi in grid.cell(p.id, term):
                shown, original = item_text(gi.item, grid.lang)
                text = x(shown)
                if english and gi.item.en and not original:
                    text += f" ({x(gi.item.en)})"
                marker = _LATEX_MARKERS[gi.polarity]
                if marker:
                    text = f"{marker} {text}"
                if gi.undesired:
                    text = rf"\textit{{{text}}}"
                if gi.note:
                    text += rf"~\textsuperscript{{?{gi.note}}}"
                refs = _plain_refs(gi.item, grid) if details else ""
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
        notes.append(rf"\textbf{{{shown}}} {x(primary(meaning, grid.lang))}")
    if grid.source:
        notes.append(f"{x(primary(SOURCE_WORD, grid.lang))}: {x(grid.source)}")
    if notes:
        out.append(r"\par\smallskip\footnotesize")
        out.append(r"\par ".join(notes) + r"\par")
    out.append(r"\end{table}")
    appendix = grid.appendix(x, lambda number: rf"\textsuperscript{{?{number}}}")
    if appendix:
        out.append(rf"\paragraph{{{x(primary(NOTES_HEADING, grid.lang))}}}")
        out.append(r"{\footnotesize " + r"\par ".join(appendix) + r"\par}")
    return "\n".join(out) + "\n"


