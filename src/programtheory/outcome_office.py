"""The outcome table as office files: an Excel workbook (`to_xlsx`) and a Word document
(`to_docx`), and the long item and indicator tables behind the workbook's data sheets.

Each file is in one language, `lang` (default: the project's primary language): the words
around the data come from the message catalogue, and the data texts follow the rules of the
HTML table (`outcome_table.item_text`): an English page shows an item's English where the data
gives it, every other page the verbatim text. No id appears in the table a report writer
pastes; the workbook's two data sheets keep the ids a researcher needs to join data, under
headers that say so.
"""

from __future__ import annotations

from pathlib import Path

from .citations import cite_all, readable_lines
from .messages import message
from .model import OutcomeTable, Project
from .outcome_table import (NOTES_HEADING, PERSPECTIVE_HEADER, TERM_LABELS, OutcomeGrid,
                            _plain_refs, item_text, outcome_grid, primary)
from .tables import Records, _cell_pieces, _continue_below, _set_text, clean_text
from .wording import label_text

# ---- the long tables

ITEM_COLUMNS = ["perspective", "perspective_label", "term", "term_label", "item", "text",
                "polarity", "polarity_label", "uncertain", "note", "theory", "indicators",
                "report"]
INDICATOR_COLUMNS = ["indicator", "label", "description", "unit", "data_source", "frequency",
                     "baseline", "baseline_year", "target", "target_year", "items", "report"]
# the columns of the workbook's data sheets, headed by `outcome.data.<column>` in the page's
# language: the ids to join data by, and every other value as a reader reads it
ITEM_SHEET_COLUMNS = ("item", "perspective_label", "term_label", "text", "polarity_label",
                      "note", "theory", "indicators", "report")  # (the reason: in the notes)
INDICATOR_SHEET_COLUMNS = ("indicator", "label", "description", "unit", "data_source",
                           "frequency", "baseline", "baseline_year", "target", "target_year",
                           "items", "report")
DATA_TEXT_LONGEST = 120  # characters: a longer text weighs as this much in the sharing
# the width (in characters) that a sheet fitted to A4 landscape prints at 7 pt or more; the
# data sheets' columns share it when their content would be wider
DATA_SHEET_WIDTH = 160
MIN_COLUMN_WIDTH = 8
NOTES_WIDTH = 100  # characters: the notes sheet's one column
_SHEET_HEADERS = {"perspective_label": "outcome.data.perspective",
                  "term_label": "outcome.data.term", "polarity_label": "outcome.data.polarity",
                  "description": "outcome.col_description", "unit": "outcome.col_unit",
                  "data_source": "outcome.col_data_source",
                  "frequency": "outcome.col_frequency", "baseline": "outcome.col_baseline",
                  "target": "outcome.col_target"}


def item_records(table: OutcomeTable | Project | OutcomeGrid, lang: str | None = None) -> Records:
    """One row per item, in reading order: its perspective and term (code and label), id,
    text on a page in `lang`, polarity (code and word), uncertain reason and its note ('?n'),
    theory ids, indicator ids and places in the report (by section number and title). A long
    format for analysis, and the workbook's items data sheet."""
    grid = outcome_grid(table, lang)
    labels = {p.id: primary(p.label, grid.lang) for p in grid.perspectives}
    rows = [{"perspective": gi.perspective, "perspective_label": labels[gi.perspective],
             "term": gi.term, "term_label": primary(TERM_LABELS[gi.term], grid.lang),
             "item": gi.item.id, "text": item_text(gi.item, grid.lang)[0],
             "polarity": gi.polarity,
             "polarity_label": message(f"vocab.polarity.{gi.polarity}", grid.lang),
             "uncertain": grid.notes[gi.note - 1].reason if gi.note else "",
             "note": gi.uncertain_marker,
             "theory": ", ".join(gi.item.theory), "indicators": ", ".join(gi.item.indicators),
             "report": cite_all(gi.item.report, grid.sections)}
            for gi in grid.items()]
    return Records(list(ITEM_COLUMNS), rows)


def indicator_records(table: OutcomeTable | Project | OutcomeGrid,
                      lang: str | None = None) -> Records:
    """One row per indicator: its id, label in `lang`, what it measures, and the ids of the
    items that propose it (the workbook's indicators data sheet)."""
    grid = outcome_grid(table, lang)
    used: dict[str, list[str]] = {}
    for gi in grid.items():
        for ind in gi.item.indicators:
            used.setdefault(ind, []).append(gi.item.id)
    rows = []
    for ind in grid.indicators.values():
        rows.append({
            "indicator": ind.id, "label": label_text(ind.label, grid.lang),
            "description": _prose(ind.description, grid), "unit": ind.unit,
            "data_source": _prose(ind.data_source, grid), "frequency": _prose(ind.frequency, grid),
            "baseline": ind.baseline.value if ind.baseline else None,
            "baseline_year": ind.baseline.year if ind.baseline else None,
            "target": ind.target.value if ind.target else None,
            "target_year": ind.target.year if ind.target else None,
            "items": ", ".join(used.get(ind.id, [])),
            "report": cite_all(ind.report, grid.sections)})
    return Records(list(INDICATOR_COLUMNS), rows)


def _prose(text: str, grid: OutcomeGrid) -> str:
    """The data's own prose as a page in the grid's language shows it: with sections instead
    of lines of the source text, and not at all when it is written in another language."""
    return readable_lines(text, grid.places) if grid.prose_shown else ""


def data_sheet_titles(lang: str) -> tuple[str, str]:
    """The names of the workbook's two data sheets (the only sheets with ids) in `lang`."""
    return (message("outcome.data.items_sheet", lang),
            message("outcome.data.indicators_sheet", lang))


def _sheet_records(records: Records, columns, lang: str) -> Records:
    """`records` with only `columns` (a column empty in every row left out), headed in
    `lang`."""
    kept = [c for c in columns if any(row[c] not in (None, "") for row in records.rows)]
    headers = [message(_SHEET_HEADERS.get(c, f"outcome.data.{c}"), lang) for c in kept]
    rows = [{h: row[c] for h, c in zip(headers, kept, strict=True)} for row in records.rows]
    return Records(headers, rows)


# ---- XLSX

def to_xlsx(table: OutcomeTable | Project, path: str | Path, *, lang: str | None = None) -> Path:
    """Write the outcome table as an Excel workbook in one language, `lang` (default: the
    project's primary language), and return its path.

    Sheets: the table in its source's shape (a header row, then one row per perspective, each
    cell listing its items as lines, undesired items in italics; legend and source below),
    the appendix of notes (uncertain placements and how the table was read), and two data
    sheets, the only ones with ids: one row per item (`item_records`) and one per indicator
    (`indicator_records`), named by `data_sheet_titles`.
    Text is stored as text: a value starting like a formula is not one, and keeps the quote
    prefix; text longer than a cell holds continues in the cells below it. Every sheet prints on
    A4 landscape, fitted to the width, its header row repeated, each row as high as its text
    (`exports.print_ready_sheet`).
    """
    from openpyxl import Workbook

    from .office_files import save_office_file

    grid = outcome_grid(table, lang)
    book = Workbook()
    _grid_sheet(book.active, grid)
    appendix = grid.appendix()
    if appendix:
        notes = book.create_sheet(_sheet_title(primary(NOTES_HEADING, grid.lang)))
        _notes_sheet(notes, appendix, grid.lang)
    items_title, indicators_title = data_sheet_titles(grid.lang)
    for title, records, columns in (
            (items_title, item_records(grid), ITEM_SHEET_COLUMNS),
            (indicators_title, indicator_records(grid), INDICATOR_SHEET_COLUMNS)):
        _records_sheet(book.create_sheet(title), _sheet_records(records, columns, grid.lang),
                       grid.lang)
    return save_office_file(book, path)


def _grid_sheet(sheet, grid: OutcomeGrid) -> None:
    """The table in its source's shape, with its legend and source below it."""
    from openpyxl.styles import Alignment, Font

    from .exports import print_ready_sheet

    lang = grid.lang
    sheet.title = _sheet_title(primary(grid.title, lang))
    wrap = Alignment(wrap_text=True, vertical="top")
    overflow: list = []
    headers = [primary(PERSPECTIVE_HEADER, lang)] + [primary(TERM_LABELS[t], lang)
                                                     for t in grid.terms]
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=col)
        _set_text(cell, header, overflow)
        cell.font = Font(bold=True)
        cell.alignment = wrap
    for row, p in enumerate(grid.perspectives, start=2):
        head = sheet.cell(row=row, column=1)
        _set_text(head, primary(p.label, lang), overflow)
        head.font = Font(bold=True)
        head.alignment = wrap
        for col, term in enumerate(grid.terms, start=2):
            cell = sheet.cell(row=row, column=col)
            cell.alignment = wrap
            _set_items(cell, grid.cell(p.id, term), lang, overflow)
    sheet.freeze_panes = "B2"
    row = len(grid.perspectives) + 3
    below = [primary(grid.title, lang), *grid.footer()]
    for offset, text in enumerate(below):
        _set_text(sheet.cell(row=row + offset, column=1), text, overflow)
    sheet.cell(row=row, column=1).font = Font(bold=True)
    if not overflow:  # rows inserted for continued text would leave merged ranges behind
        for offset in range(len(below)):
            sheet.merge_cells(start_row=row + offset, start_column=1, end_row=row + offset,
                              end_column=1 + len(grid.terms))
    _continue_below(sheet, overflow, lang)
    print_ready_sheet(sheet, widths=[28] + [45] * len(grid.terms))


def _set_items(cell, items, lang: str, overflow: list) -> None:
    """A cell's items as lines, undesired ones in italics (rich text) when the text fits."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    if not items:
        return
    plain = "\n".join("• " + gi.plain(lang) for gi in items)
    if any(gi.undesired for gi in items) and len(_cell_pieces(clean_text(plain))) == 1:
        italic = InlineFont(i=True)
        blocks: list = []
        for i, gi in enumerate(items):
            line = ("\n" if i else "") + "• " + clean_text(gi.plain(lang))
            blocks.append(TextBlock(italic, line) if gi.undesired else line)
        cell.value = CellRichText(*blocks)
    else:  # (text too long for one cell loses its italics: it is continued)
        _set_text(cell, plain, overflow)


def _notes_sheet(sheet, appendix: list[str], lang: str) -> None:
    from openpyxl.styles import Alignment

    from .exports import print_ready_sheet

    overflow: list = []
    for r, text in enumerate(appendix, start=1):
        _set_text(sheet.cell(row=r, column=1), text, overflow)
        sheet.cell(row=r, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    _continue_below(sheet, overflow, lang)
    # as wide as A4 landscape holds at its natural size: LibreOffice does not fit a sheet of
    # one wrapped column to the page's width (at 120 characters the notes ran off the page)
    print_ready_sheet(sheet, widths=[NOTES_WIDTH])


def _records_sheet(sheet, records: Records, lang: str) -> None:
    from openpyxl.styles import Font

    from .exports import print_ready_sheet

    overflow: list = []
    for col, name in enumerate(records.columns, start=1):
        _set_text(sheet.cell(row=1, column=col), name)
        sheet.cell(row=1, column=col).font = Font(bold=True)
    for r, record in enumerate(records.rows, start=2):
        for col, name in enumerate(records.columns, start=1):
            _set_text(sheet.cell(row=r, column=col), record[name], overflow)
    _continue_below(sheet, overflow, lang)
    sheet.freeze_panes = "A2"
    print_ready_sheet(sheet, widths=_data_widths(records))


def _data_widths(records: Records) -> list[float]:
    """Column widths that share `DATA_SHEET_WIDTH` (so that the sheet prints legibly on A4)
    by the length of their content, every header word whole, none under `MIN_COLUMN_WIDTH`
    and a short column no wider than its content."""
    needs, words = [], []
    for name in records.columns:
        texts = [str(name)] + [clean_text(row[name]) for row in records.rows]
        needs.append(min(DATA_TEXT_LONGEST, max(len(line) for text in texts
                                                for line in text.split("\n")) + 2))
        words.append(max(len(w) for w in str(name).split()) + 2)
    floors = [max(MIN_COLUMN_WIDTH, word) for word in words]
    widths = [max(floor, need) for floor, need in zip(floors, needs, strict=True)]
    excess = sum(widths) - DATA_SHEET_WIDTH
    room = sum(w - floor for w, floor in zip(widths, floors, strict=True))
    if excess > 0 and room > 0:  # the wide columns give up width, in proportion to their room
        cut = min(1.0, excess / room)
        widths = [w - (w - floor) * cut for w, floor in zip(widths, floors, strict=True)]
    return [round(w, 1) for w in widths]


def indicator_view(table: OutcomeTable | Project | OutcomeGrid, lang: str = "en") -> Records:
    """The indicators for a page: by label, with what they measure, their unit, source and
    frequency, and the outcome items that propose them (by text); no ids. Baseline and
    target columns appear only when some indicator has one; what they measure, their source
    and frequency only on a page in the language the data's prose is written in."""
    grid = outcome_grid(table, lang)
    proposed: dict[str, list[str]] = {}
    for gi in grid.items():
        for ind in gi.item.indicators:
            proposed.setdefault(ind, []).append(item_text(gi.item, lang)[0])
    keys = ["indicator", "description", "unit", "data_source", "frequency"]
    if not grid.prose_shown:  # written in another language than the page's
        keys = ["indicator", "unit"]
    with_baseline = any(ind.baseline or ind.target for ind in grid.indicators.values())
    if with_baseline:
        keys += ["baseline", "target"]
    keys.append("items")
    columns = [message(f"outcome.col_{key}", lang) for key in keys]
    rows = []
    for ind in grid.indicators.values():
        prose = {key: _prose(getattr(ind, key), grid)
                 for key in ("description", "data_source", "frequency")}
        values = {"indicator": label_text(ind.label, lang), "unit": ind.unit, **prose,
                  "baseline": _measure_text(ind.baseline), "target": _measure_text(ind.target),
                  "items": proposed.get(ind.id, [])}
        rows.append(dict(zip(columns, [values[key] for key in keys], strict=True)))
    return Records(columns, rows, caption=message("outcome.indicators", lang))


def _measure_text(measure) -> str:
    if measure is None:
        return ""
    return f"{measure.value} ({measure.year})" if measure.year else str(measure.value)


def _sheet_title(text: str) -> str:
    """A worksheet name from a title: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in clean_text(text).split(":")[0])
    return " ".join(cleaned.split())[:31].strip() or "Table"


# ---- DOCX

def to_docx(table: OutcomeTable | Project, path: str | Path, *, lang: str | None = None,
            details: bool = False) -> Path:
    """Write the outcome table as a Word document in one language, `lang` (default: the
    project's primary language), on A4 landscape, and return its path.

    A real Word table: a header row and one row per perspective; one paragraph per item,
    undesired items in italics with the ``(−)`` marker, uncertain placements with ``?n``;
    with `details`, each item's indicators by label (7 pt). The legend and the
    source follow the table as small paragraphs, the appendix of notes a new page. The
    header row repeats on every page and no row is split across pages.
    """
    from docx import Document
    from docx.shared import Pt

    from .office_files import save_office_file
    from .exports import _docx_column_widths, a4_section, keep_rows_whole

    grid = outcome_grid(table, lang)
    doc = Document()
    a4_section(doc.sections[0])
    doc.styles["Normal"].font.size = Pt(9)
    doc.add_paragraph().add_run(clean_text(primary(grid.title, grid.lang))).bold = True
    word_table = doc.add_table(rows=1 + len(grid.perspectives), cols=1 + len(grid.terms))
    word_table.style = "Table Grid"
    headers = [primary(PERSPECTIVE_HEADER, grid.lang)] + [primary(TERM_LABELS[t], grid.lang)
                                                          for t in grid.terms]
    for col, header in enumerate(headers):
        word_table.rows[0].cells[col].paragraphs[0].add_run(clean_text(header)).bold = True
    for r, p in enumerate(grid.perspectives, start=1):
        cells = word_table.rows[r].cells
        cells[0].paragraphs[0].add_run(clean_text(primary(p.label, grid.lang))).bold = True
        for col, term in enumerate(grid.terms, start=1):
            _docx_items(cells[col], grid.cell(p.id, term), grid, details)
    _docx_column_widths(word_table, [16] + [28] * len(grid.terms), doc.sections[0])
    for text in grid.footer():
        doc.add_paragraph().add_run(clean_text(text)).font.size = Pt(8)
    appendix = grid.appendix()
    if appendix:  # the notes on how the table was read: an appendix, not part of the table
        heading = doc.add_paragraph()
        heading.paragraph_format.page_break_before = True  # (a break alone may print blank)
        heading.add_run(clean_text(primary(NOTES_HEADING, grid.lang))).bold = True
        for text in appendix:
            doc.add_paragraph().add_run(clean_text(text)).font.size = Pt(8)
    keep_rows_whole(word_table)
    return save_office_file(doc, path)


def _docx_items(cell, items, grid: OutcomeGrid, details: bool) -> None:
    """A cell's items, one paragraph each."""
    from docx.shared import Pt, RGBColor

    for i, gi in enumerate(items):
        para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        para.add_run("• ")
        text = clean_text(item_text(gi.item, grid.lang)[0])
        run = para.add_run(f"{gi.marker} {text}" if gi.marker else text)
        run.italic = gi.undesired
        if gi.note:  # (as a superscript it would print below 7 pt)
            para.add_run(f" ?{gi.note}")
        refs = _plain_refs(gi.item, grid) if details else ""
        if refs:
            small = para.add_run(f" [{clean_text(refs)}]")
            small.font.size = Pt(7)
            small.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
