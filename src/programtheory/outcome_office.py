"""The outcome table as office files: an Excel workbook (`to_xlsx`) and a Word document
(`to_docx`), and the long item and indicator tables behind the workbook's extra sheets."""

from __future__ import annotations

from pathlib import Path

from .model import OutcomeTable, Project
from .outcome_table import (NOTES_HEADING, PERSPECTIVE_HEADER, TERM_LABELS, OutcomeGrid, _both,
                            _plain_refs, english_gloss, outcome_grid, primary)
from .tables import Records, _cell_pieces, _continue_below, _set_text, clean_text

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
    labels = {p.id: primary(p.label, grid.lang) for p in grid.perspectives}
    rows = [{"perspective": gi.perspective, "perspective_label": labels[gi.perspective],
             "term": gi.term, "term_label": primary(TERM_LABELS[gi.term], grid.lang), "item": gi.item.id,
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




def to_xlsx(table: OutcomeTable | Project, path: str | Path, *, english: bool = True) -> Path:
    """Write the outcome table as an Excel workbook and return its path.

    Sheets: the table in its source's shape (a header row, then one row per perspective, each
    cell listing its items as lines, undesired items in italics; legend and source below),
    'Notes' (the appendix of notes: uncertain placements and how the table was read) and, as the
    technical appendix with the ids, 'Items' (one row per item, see `item_records`) and
    'Indicators' (`indicator_records`).
    Text is stored as text: a value starting like a formula is not one, and keeps the quote
    prefix; text longer than a cell holds continues in the cells below it. Every sheet prints on
    A4 landscape, fitted to the width, its header row repeated (`exports.print_ready_sheet`).
    """
    from openpyxl import Workbook

    from .atomic import write_atomically

    grid = outcome_grid(table)
    book = Workbook()
    _grid_sheet(book.active, grid, english)
    appendix = grid.appendix()
    if appendix:
        _notes_sheet(book.create_sheet(_sheet_title(_both(NOTES_HEADING, english, grid.lang))), appendix)
    for title, records in (("Items", item_records(grid)),
                           ("Indicators", indicator_records(grid))):
        _records_sheet(book.create_sheet(title), records)
    return write_atomically(path, book.save)


def _grid_sheet(sheet, grid: OutcomeGrid, english: bool) -> None:
    """The table in its source's shape, with its legend and source below it."""
    from openpyxl.styles import Alignment, Font

    from .exports import print_ready_sheet

    sheet.title = _sheet_title(grid.title.en if english and grid.title.en
                               else primary(grid.title, grid.lang))
    wrap = Alignment(wrap_text=True, vertical="top")
    overflow: list = []
    headers = [_both(PERSPECTIVE_HEADER, english, grid.lang)] + [_both(TERM_LABELS[t], english, grid.lang)
                                                      for t in grid.terms]
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=col)
        _set_text(cell, header, overflow)
        cell.font = Font(bold=True)
        cell.alignment = wrap
    for row, p in enumerate(grid.perspectives, start=2):
        head = sheet.cell(row=row, column=1)
        _set_text(head, _both(p.label, english, grid.lang), overflow)
        head.font = Font(bold=True)
        head.alignment = wrap
        for col, term in enumerate(grid.terms, start=2):
            cell = sheet.cell(row=row, column=col)
            cell.alignment = wrap
            _set_items(cell, grid.cell(p.id, term), english, overflow)
    sheet.column_dimensions["A"].width = 28
    for letter in "BCD"[:len(grid.terms)]:
        sheet.column_dimensions[letter].width = 45
    sheet.freeze_panes = "B2"
    row = len(grid.perspectives) + 3
    below = [_both(grid.title, english, grid.lang)] + grid.footer(english)
    for offset, text in enumerate(below):
        _set_text(sheet.cell(row=row + offset, column=1), text, overflow)
    sheet.cell(row=row, column=1).font = Font(bold=True)
    if not overflow:  # rows inserted for continued text would leave merged ranges behind
        for offset in range(len(below)):
            sheet.merge_cells(start_row=row + offset, start_column=1, end_row=row + offset,
                              end_column=1 + len(grid.terms))
    _continue_below(sheet, overflow)
    print_ready_sheet(sheet, widths=[28] + [45] * len(grid.terms))


def _set_items(cell, items, english: bool, overflow: list) -> None:
    """A cell's items as lines, undesired ones in italics (rich text) when the text fits."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    if not items:
        return
    plain = "\n".join("• " + gi.plain(english) for gi in items)
    if any(gi.undesired for gi in items) and len(_cell_pieces(clean_text(plain))) == 1:
        italic = InlineFont(i=True)
        blocks: list = []
        for i, gi in enumerate(items):
            line = ("\n" if i else "") + "• " + clean_text(gi.plain(english))
            blocks.append(TextBlock(italic, line) if gi.undesired else line)
        cell.value = CellRichText(*blocks)
    else:  # (text too long for one cell loses its italics: it is continued)
        _set_text(cell, plain, overflow)


def _notes_sheet(sheet, appendix: list[str]) -> None:
    from openpyxl.styles import Alignment

    from .exports import print_ready_sheet

    overflow: list = []
    for r, text in enumerate(appendix, start=1):
        _set_text(sheet.cell(row=r, column=1), text, overflow)
        sheet.cell(row=r, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    _continue_below(sheet, overflow)
    print_ready_sheet(sheet, widths=[120])


def _records_sheet(sheet, records: Records) -> None:
    from openpyxl.styles import Font

    from .exports import print_ready_sheet

    overflow: list = []
    for col, name in enumerate(records.columns, start=1):
        _set_text(sheet.cell(row=1, column=col), name)
        sheet.cell(row=1, column=col).font = Font(bold=True)
    for r, record in enumerate(records.rows, start=2):
        for col, name in enumerate(records.columns, start=1):
            _set_text(sheet.cell(row=r, column=col), record[name], overflow)
    _continue_below(sheet, overflow)
    sheet.freeze_panes = "A2"
    print_ready_sheet(sheet)


def indicator_view(table: OutcomeTable | Project | OutcomeGrid, lang: str = "en") -> Records:
    """The indicators for a page: by label, with what they measure, their unit, source and
    frequency, and the outcome items that propose them (by text); no ids. Baseline and
    target columns appear only when some indicator has one."""
    from .wording import label_text, message

    grid = outcome_grid(table)
    proposed: dict[str, list[str]] = {}
    for gi in grid.items():
        for ind in gi.item.indicators:
            proposed.setdefault(ind, []).append(gi.item.text)
    keys = ["indicator", "description", "unit", "data_source", "frequency"]
    with_baseline = any(ind.baseline or ind.target for ind in grid.indicators.values())
    if with_baseline:
        keys += ["baseline", "target"]
    keys.append("items")
    columns = [message(f"outcome.col_{key}", lang) for key in keys]
    rows = []
    for ind in grid.indicators.values():
        values = {"indicator": label_text(ind.label, lang),
                  "description": ind.description, "unit": ind.unit,
                  "data_source": ind.data_source, "frequency": ind.frequency,
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
    title.add_run(clean_text(primary(grid.title, grid.lang))).bold = True
    if english and english_gloss(grid.title, grid.lang):
        title.add_run(f" ({clean_text(english_gloss(grid.title, grid.lang))})")

    word_table = doc.add_table(rows=1 + len(grid.perspectives), cols=1 + len(grid.terms))
    word_table.style = "Table Grid"
    headers = [_both(PERSPECTIVE_HEADER, english, grid.lang)] + [_both(TERM_LABELS[t], english, grid.lang)
                                                      for t in grid.terms]
    for col, header in enumerate(headers):
        word_table.rows[0].cells[col].paragraphs[0].add_run(clean_text(header)).bold = True
    for r, p in enumerate(grid.perspectives, start=1):
        cells = word_table.rows[r].cells
        cells[0].paragraphs[0].add_run(clean_text(_both(p.label, english, grid.lang))).bold = True
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
                refs = _plain_refs(gi.item, grid) if details else ""
                if refs:
                    small = para.add_run(f" [{clean_text(refs)}]")
                    small.font.size = Pt(7)
                    small.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    for text in grid.footer(english):
        run = doc.add_paragraph().add_run(clean_text(text))
        run.font.size = Pt(8)
    appendix = grid.appendix()
    if appendix:  # the notes on how the table was read: an appendix, not part of the table
        doc.add_page_break()
        doc.add_paragraph().add_run(clean_text(_both(NOTES_HEADING, english, grid.lang))).bold = True
        for text in appendix:
            doc.add_paragraph().add_run(clean_text(text)).font.size = Pt(8)
    keep_rows_whole(word_table)
    return write_atomically(path, lambda p: doc.save(str(p)))
