"""Print-ready table files: standalone HTML pages, Word documents and Excel workbooks on A4.

Every table the report writes as a file goes through here, so that all of them look and print
the same way:

* **HTML** (`html_page`): a whole page (doctype, UTF-8, the page language) with one inline
  stylesheet, `TABLE_CSS`: text left-aligned, numbers right-aligned, wide tables wrap inside
  the page instead of scrolling, and print rules for A4 (header row repeated, rows kept whole).
* **DOCX** (`a4_section`, `keep_rows_whole`): A4 pages, the header row repeated on every page,
  no row split across two pages.
* **XLSX** (`print_ready_sheet`): column widths, row heights that fit the wrapped text, A4
  landscape fitted to the page width, the header row printed on every page and frozen on
  screen.

`write_table` writes a `tables.Records` in any of these formats (and Markdown and LaTeX)
in one call, each file written atomically.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .atomic import write_text_atomically
from .exceptions import UsageError
from .figure_text import text_width
from .messages import message
from .office_files import save_office_file
from .tables import Records, clean_text, escape_html, is_number, records_to_html

TABLE_CSS = """\
:root{color-scheme:light}
body{font:11pt/1.4 system-ui,"DejaVu Sans","Liberation Sans",Arial,sans-serif;color:#111;
margin:1.5rem}
.pt-table{border-collapse:collapse;width:100%;max-width:100%;font-size:0.9em;margin:0 0 1em}
.pt-table caption{caption-side:top;text-align:left;font-weight:600;padding:0 0 0.4em}
.pt-table th,.pt-table td{border:1px solid #666;padding:0.3em 0.45em;text-align:left;
vertical-align:top;overflow-wrap:anywhere;hyphens:auto}
.pt-table thead th{background:#eee}
.pt-table thead th{overflow-wrap:normal}
.pt-table td.num,.pt-table th.num{text-align:right;font-variant-numeric:tabular-nums;
white-space:nowrap}
.pt-table ul{margin:0;padding-left:1.1em}
.pt-table li+li{margin-top:0.25em}
@page{size:A4 landscape;margin:12mm}
@media print{
body{margin:0;font-size:9pt}
.pt-table{font-size:1em;width:calc(100% - 2px)}
.pt-table thead{display:table-header-group}
.pt-table tr{break-inside:avoid;page-break-inside:avoid}
.pt-table thead th{background:none;border-bottom:2px solid #000}
a{color:inherit;text-decoration:none}
}"""


def html_page(fragment: str, *, title: str, lang: str, extra_css: str = "") -> str:
    """A whole HTML page around a table fragment: doctype, UTF-8, `lang`, `TABLE_CSS`.

    `fragment` is HTML already escaped (from `tables.records_to_html` or `tables.to_html`);
    `title` is plain text and escaped here.

    >>> page = html_page("<table></table>", title="A & B", lang="en")
    >>> page.splitlines()[:3]
    ['<!DOCTYPE html>', '<html lang="en">', '<head>']
    >>> "<title>A &amp; B</title>" in page and "size:A4" in page
    True
    """
    css = TABLE_CSS + ("\n" + extra_css if extra_css else "")
    return ("<!DOCTYPE html>\n"
            f'<html lang="{escape_html(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape_html(title)}</title>\n<style>\n{css}\n</style>\n</head>\n"
            f"<body>\n{fragment}\n</body>\n</html>\n")


def records_page(records: Records, *, lang: str) -> str:
    """A `Records` table as a standalone page, its caption as the page title."""
    return html_page(records_to_html(records.columns, records.rows,
                                     caption=records.caption or None),
                     title=records.caption or "", lang=lang)


# ------------------------------------------------------------------------------ writing files

def write_text(path: str | Path, text: str) -> Path:
    return write_text_atomically(path, text)


def _markdown(records: Records, target: Path, lang: str, latex_widths) -> Path:
    return write_text(target, records.to_markdown() + "\n")


def _html(records: Records, target: Path, lang: str, latex_widths) -> Path:
    return write_text(target, records_page(records, lang=lang))


def _latex(records: Records, target: Path, lang: str, latex_widths) -> Path:
    from .tables import records_to_latex

    return write_text(target, records_to_latex(records.columns, records.rows,
                                               caption=records.caption or None,
                                               widths=latex_widths) + "\n")


def _docx(records: Records, target: Path, lang: str, latex_widths) -> Path:
    return records_to_docx(records, target)


def _xlsx(records: Records, target: Path, lang: str, latex_widths) -> Path:
    return records_to_xlsx(records, target, lang=lang)


# each writer takes (records, target path, page language, LaTeX column widths)
WRITERS = {"md": _markdown, "html": _html, "tex": _latex, "docx": _docx, "xlsx": _xlsx}
FORMATS = tuple(WRITERS)


def write_table(records: Records, out_dir: str | Path, stem: str, *, lang: str,
                formats: Iterable[str] = FORMATS,
                latex_widths: Sequence[float] | None = None) -> list[Path]:
    """Write `records` as ``<stem>.<format>`` files in `out_dir` and return their paths.

    HTML is a standalone page (`html_page`), DOCX and XLSX are set up for A4
    (`records_to_docx`, `records_to_xlsx`); `latex_widths` are the LaTeX column widths.
    An unknown format is a `UsageError` before any file is written.
    """
    formats = list(formats)
    unknown = [fmt for fmt in formats if fmt not in WRITERS]
    if unknown:
        raise UsageError(f"unknown table format {unknown[0]!r}: use one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [WRITERS[fmt](records, out / f"{stem}.{fmt}", lang, latex_widths) for fmt in formats]


# ------------------------------------------------------------------------------ DOCX

A4_MM = (210, 297)


def a4_section(section, *, landscape: bool = True, margin_mm: float = 15) -> None:
    """Make a python-docx section an A4 page (landscape by default) with even margins."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    short, long = (Mm(v) for v in A4_MM)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(margin_mm))


def keep_rows_whole(table, *, header_rows: int = 1) -> None:
    """Repeat the first `header_rows` rows on every page and keep every row on one page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        flags = ["w:cantSplit"] + (["w:tblHeader"] if index < header_rows else [])
        for flag in flags:
            if properties.find(qn(flag)) is None:
                properties.append(OxmlElement(flag))


def records_to_docx(records: Records, path: str | Path, *, font_pt: float = 9) -> Path:
    """Write `records` as a Word table on A4 landscape: caption above, header row repeated,
    rows never split, numbers right-aligned."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    a4_section(doc.sections[0])
    doc.styles["Normal"].font.size = Pt(font_pt)
    if records.caption:
        doc.add_paragraph().add_run(clean_text(records.caption)).bold = True
    table = doc.add_table(rows=1 + len(records.rows), cols=len(records.columns))
    table.style = "Table Grid"
    rows = list(table.rows)  # table.rows[i] makes an object of every row each time
    for cell, name in zip(rows[0].cells, records.columns, strict=True):
        cell.paragraphs[0].add_run(clean_text(name)).bold = True
    for table_row, record in zip(rows[1:], records.rows, strict=True):
        cells = table_row.cells
        for col, name in enumerate(records.columns):
            value = record.get(name)
            lines = value if isinstance(value, (list, tuple)) else [value]
            for i, line in enumerate(lines):
                para = cells[col].paragraphs[0] if i == 0 else cells[col].add_paragraph()
                text = clean_text(line)
                para.add_run(("• " if len(lines) > 1 else "") + text)
                if is_number(value):
                    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _docx_column_widths(table, _record_widths(records), doc.sections[0],
                        _header_floors(records, font_pt))
    keep_rows_whole(table)
    return save_office_file(doc, path)


# a cell's left and right padding together (Word's and LibreOffice's default: 0.19 cm each)
CELL_PADDING_PT = 11.0


def _header_floors(records: Records, font_pt: float) -> list[float]:
    """The narrowest each column may be, in points: its longest header word on one line in
    bold (a word broken over two lines, "Afrondingsinterva/l", reads as two)."""
    return [max((text_width(word, font_pt, bold=True) for word in clean_text(name).split()),
                default=0) + CELL_PADDING_PT for name in records.columns]


def _docx_column_widths(table, widths: Sequence[float], section,
                        floors: Sequence[float] = ()) -> None:
    """Share the text width of the page among the columns in proportion to `widths`, none
    narrower than its floor (points) while the floors fit on the page."""
    from docx.shared import Pt

    room = section.page_width - section.left_margin - section.right_margin
    least = [int(Pt(floor)) for floor in floors] or [0] * len(widths)
    if sum(least) > room:
        least = [0] * len(widths)
    shares = _shares(room, widths, least)
    table.autofit = False
    for column, share in zip(table.columns, shares, strict=True):
        column.width = share
    # row by row: python-docx finds a column's cells by walking the whole table each time
    for row in table.rows:
        for cell, share in zip(row.cells, shares, strict=True):
            cell.width = share


def _shares(room: int, widths: Sequence[float], least: Sequence[int]) -> list[int]:
    """`room` shared in proportion to `widths`; a column whose share would fall below its
    `least` gets that, and the others share what is left (least must fit in room)."""
    fixed: dict[int, int] = {}
    while True:
        free = [i for i in range(len(widths)) if i not in fixed]
        left = room - sum(fixed.values())
        total = sum(widths[i] for i in free) or 1
        shares = {i: int(left * widths[i] / total) for i in free}
        short = {i: least[i] for i in free if shares[i] < least[i]}
        if not short:
            return [fixed.get(i, shares.get(i, 0)) for i in range(len(widths))]
        fixed.update(short)


# ------------------------------------------------------------------------------ XLSX

LINE_HEIGHT_PT = 15.0  # one line of 11 pt text in a spreadsheet row
MAX_ROW_HEIGHT_PT = 409.0  # Excel's limit


def cell_text(value: Any) -> str:
    """The text a spreadsheet cell shows (rich text joined, numbers as written)."""
    if value is None:
        return ""
    if isinstance(value, list):  # openpyxl's CellRichText is a list of text blocks
        return "".join(getattr(part, "text", part) for part in value)
    return str(value)


def wrapped_line_count(text: str, width: float) -> int:
    """How many lines `text` takes in a wrapping cell `width` characters wide.

    Excel's width unit is the width of a digit; prose in a proportional font holds about a
    tenth more characters than that, and a word that does not fit starts a new line.

    >>> wrapped_line_count("", 10), wrapped_line_count("a b", 10)
    (1, 1)
    >>> wrapped_line_count("word " * 10, 10) >= 5
    True
    """
    per_line = max(1, math.floor(width * 1.1) - 1)
    lines = 0
    for line in text.split("\n"):
        lines += max(1, len(textwrap.wrap(line, per_line, break_long_words=True)))
    return lines


def print_ready_sheet(sheet, *, header_row: int = 1, widths: Sequence[float] | None = None,
                      max_width: float = 60, landscape: bool = True) -> None:
    """Set up an openpyxl worksheet to read on screen and print on A4.

    Column widths (`widths`, else from the content up to `max_width`), wrapped text aligned
    to the top (numbers to the right), each row as high as its wrapped text, A4 landscape
    fitted to the page width, the rows up to `header_row` printed on every page and frozen.
    """
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    columns = sheet.max_column
    if widths is None:
        widths = [_content_width(sheet, col, max_width) for col in range(1, columns + 1)]
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    spans = _merged_widths(sheet, widths)
    for row in sheet.iter_rows():
        lines = 1
        for cell in row:
            if cell.value is None or cell.column > len(widths):
                continue
            number = is_number(cell.value)
            cell.alignment = Alignment(wrap_text=not number, vertical="top",
                                       horizontal="right" if number else "left")
            width = spans.get(cell.coordinate, widths[cell.column - 1])
            lines = max(lines, wrapped_line_count(cell_text(cell.value), width))
        height = min(MAX_ROW_HEIGHT_PT, lines * LINE_HEIGHT_PT + 2)
        sheet.row_dimensions[row[0].row].height = height
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_title_rows = f"1:{header_row}"
    if sheet.freeze_panes is None:
        sheet.freeze_panes = f"A{header_row + 1}"


def _content_width(sheet, col: int, max_width: float) -> float:
    longest = 6
    for (value,) in sheet.iter_rows(min_col=col, max_col=col, values_only=True):
        for line in cell_text(value).split("\n"):
            longest = max(longest, len(line))
    return float(min(max_width, longest + 2))


def _merged_widths(sheet, widths: Sequence[float]) -> dict[str, float]:
    """The width of each merged range, keyed by its top-left cell."""
    spans = {}
    for merged in sheet.merged_cells.ranges:
        last = min(merged.max_col, len(widths))
        spans[merged.start_cell.coordinate] = sum(widths[merged.min_col - 1:last])
    return spans


def records_to_xlsx(records: Records, path: str | Path, *, sheet_title: str | None = None,
                    lang: str = "en") -> Path:
    """Write `records` as a workbook: the caption in row 1, the header in row 2, one row per
    record (list cells as lines), text stored as text, set up by `print_ready_sheet`. The
    sheet is called `sheet_title` (default: 'Table' in `lang`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .tables import _set_text

    book = Workbook()
    sheet = book.active
    sheet.title = (sheet_title or message("exports.sheet", lang))[:31]
    header_row = 1
    if records.caption:
        _set_text(sheet.cell(row=1, column=1), records.caption)
        sheet.cell(row=1, column=1).font = Font(bold=True, size=12)
        if len(records.columns) > 1:
            sheet.merge_cells(start_row=1, start_column=1, end_row=1,
                              end_column=len(records.columns))
        header_row = 2
    for col, name in enumerate(records.columns, start=1):
        _set_text(sheet.cell(row=header_row, column=col), name)
        sheet.cell(row=header_row, column=col).font = Font(bold=True)
    for r, record in enumerate(records.rows, start=header_row + 1):
        for col, name in enumerate(records.columns, start=1):
            value = record.get(name)
            if isinstance(value, (list, tuple)):
                value = "\n".join("• " + clean_text(v) for v in value)
            _set_text(sheet.cell(row=r, column=col), value)
    print_ready_sheet(sheet, header_row=header_row, widths=_record_widths(records))
    return save_office_file(book, path)


def _record_widths(records: Records, max_width: float = 50) -> list[float]:
    """Column widths that share the room by content, every header word fitting its column."""
    widths = []
    for name in records.columns:
        longest = max([len(word) for word in str(name).split()] or [6])
        for value in (record.get(name) for record in records.rows):
            lines = value if isinstance(value, (list, tuple)) else [value]
            longest = max([longest, *(len(clean_text(v)) + 2 for v in lines)])
        widths.append(float(min(max_width, max(6, longest + 2))))
    return widths
