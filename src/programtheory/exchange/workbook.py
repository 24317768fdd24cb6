"""The steering group's workbook: a theory version as an Excel file to edit and send back.

Sheets (names in the workbook's language, see `texts.py`): the elements, the links, the
evidence, instructions, a hidden sheet of drop-down lists, and a hidden sheet with the
fingerprint of the YAML files the workbook was made from and the rows as exported (the base
of a three-way comparison when the YAML changed meanwhile). `workbook_import` reads it back.
"""

from __future__ import annotations

import base64
from copy import copy
import json
import math
import zlib
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ..exceptions import UsageError
from ..model import Project, Version
from ..office_files import save_office_file
from ..settings import Vocabulary
from .rows import CONTROLLED, FIELDS, LOCKED, MULTI, all_rows, display_value
from .texts import LANGUAGES, texts
from ..yaml_edit import file_digest, fingerprint

FORMAT = "programtheory-workbook/1"
SPARE_ROWS = 200  # empty, unlocked rows below each table for new elements
MAX_WIDTH = 60  # characters; longer text wraps
CHUNK = 30_000  # characters per cell of the base snapshot (Excel's limit is 32,767)
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")


def source_files(project: Project, version: Version) -> list[str]:
    """The project-relative YAML files a workbook of `version` is made from."""
    root = Path(project.root)
    evidence = sorted(p.relative_to(root).as_posix()
                      for p in (root / "theory" / "evidence").glob("*.yaml"))
    return [version.path, *evidence]


def source_digests(project: Project, version: Version) -> dict[str, str]:
    root = Path(project.root)
    return {name: file_digest(root / name) for name in source_files(project, version)}


def export_workbook(project: Project, version: str | None = None, out=None,
                    lang: str | None = None) -> Path:
    """Write the workbook of one version in `lang` (default: the project's primary language);
    returns its path (default build/theory-V.xlsx)."""
    lang = project.language(lang)
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language '{lang}'; use one of {', '.join(LANGUAGES)}")
    chosen = project.version(version)
    rows = all_rows(project, chosen)
    path = Path(out) if out else Path(project.root) / "build" / f"theory-{chosen.id}.xlsx"
    book = build_workbook(project, chosen, rows, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    return save_office_file(book, path)


def build_workbook(project: Project, version: Version, rows: dict, lang: str) -> Workbook:
    t = texts(lang)
    book = Workbook()
    book.remove(book.active)
    lists = _lists_sheet(book, t, version, project)
    for sheet in ("nodes", "links", "evidence"):
        _data_sheet(book, t, sheet, rows[sheet], lang, lists, project.vocabulary)
    _help_sheet(book, t, version)
    _meta_sheet(book, t, project, version, rows, lang)
    book.move_sheet(t["sheets"]["lists"], offset=4)  # after the sheets people read
    book.active = 0
    return book


def _set_text(cell, text: str) -> None:
    """Data is text: a value that starts with '=' is never a formula."""
    cell.value = text
    if isinstance(text, str) and text.startswith("="):
        cell.data_type = "s"


def _data_sheet(book: Workbook, t: dict, sheet: str, rows: list[dict], lang: str,
                lists: dict[str, str], vocabulary: Vocabulary) -> None:
    ws = book.create_sheet(t["sheets"][sheet])
    fields = FIELDS[sheet]
    headings = t["columns"][sheet]
    ws.append([headings[f] for f in fields])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(headings[f]) + 2 for f in fields]
    # one style per kind of cell, copied to each cell: setting style objects cell by cell
    # costs a look-up in the workbook's style table every time
    locked, editable = ws.cell(row=1, column=len(fields) + 1), ws.cell(row=1,
                                                                       column=len(fields) + 2)
    for proto in (locked, editable):
        proto.alignment = Alignment(wrap_text=True, vertical="top")
    locked.fill = LOCKED_FILL
    editable.protection = Protection(locked=False)
    styles = [copy(locked._style) if f in LOCKED else copy(editable._style) for f in fields]
    for r, row in enumerate(rows, start=2):
        tallest = 1
        for c, field in enumerate(fields, start=1):
            text = display_value(sheet, field, row[field], lang, vocabulary)
            cell = ws.cell(row=r, column=c)
            _set_text(cell, text)
            cell._style = copy(styles[c - 1])
            widths[c - 1] = max(widths[c - 1], min(len(text) + 2, MAX_WIDTH))
            tallest = max(tallest, _lines(text, MAX_WIDTH))
        ws.row_dimensions[r].height = 15 * tallest
    last = len(rows) + 1 + SPARE_ROWS
    for proto in (locked, editable):  # the prototypes leave no trace in the sheet
        del ws._cells[(proto.row, proto.column)]
    for c, width in enumerate(widths, start=1):
        # the column's own style is what an empty cell below the table gets: unlocked, so
        # new rows can be typed in a protected sheet
        column = ws.column_dimensions[get_column_letter(c)]
        column.width = max(width, 8)
        column.protection = Protection(locked=False)
        column.alignment = Alignment(wrap_text=True, vertical="top")
    _validations(ws, t, sheet, fields, last, lists)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False
    ws.auto_filter.ref = f"A1:{get_column_letter(len(fields))}{max(len(rows) + 1, 2)}"


def _lines(text: str, width: int) -> int:
    return max(1, sum(max(1, math.ceil(len(part) / width)) for part in text.split("\n")))


def _validations(ws, t: dict, sheet: str, fields: tuple, last: int,
                 lists: dict[str, str]) -> None:
    for c, field in enumerate(fields, start=1):
        key = f"{sheet}.{field}" if (sheet, field) in CONTROLLED else None
        if sheet == "links" and field in ("from", "to"):
            key = "ids"
        if key is None or key not in lists:
            continue
        many = (sheet, field) in MULTI
        rule = DataValidation(type="list", formula1=lists[key], allow_blank=True,
                              showDropDown=False, showErrorMessage=True,
                              errorStyle="warning" if many else "stop",
                              errorTitle=t["error_title"], error=t["error_choose"],
                              promptTitle=t["columns"][sheet][field],
                              prompt=t["prompt_many"] if many else t["prompt_choose"],
                              showInputMessage=True)
        letter = get_column_letter(c)
        rule.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(rule)


def _lists_sheet(book: Workbook, t: dict, version: Version, project: Project) -> dict:
    """A hidden sheet with one column per drop-down list; returns list key -> range."""
    ws = book.create_sheet(t["sheets"]["lists"])
    lang = "nl" if t is texts("nl") else "en"
    columns: dict[str, list[str]] = {}
    for (sheet, field), category in CONTROLLED.items():
        columns[f"{sheet}.{field}"] = list(project.vocabulary.labels(category, lang).values())
    columns["ids"] = [n.id for n in version.nodes] + [g.id for g in version.groups]
    ranges = {}
    title = quote_sheetname(ws.title)
    for c, (key, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(c)
        ws.cell(row=1, column=c, value=key)
        for r, value in enumerate(values, start=2):
            _set_text(ws.cell(row=r, column=c), value)
        ranges[key] = f"{title}!${letter}$2:${letter}${max(len(values) + 1, 2)}"
    ws.sheet_state = "hidden"
    return ranges


def _help_sheet(book: Workbook, t: dict, version: Version) -> None:
    ws = book.create_sheet(t["sheets"]["help"])
    ws["A1"] = t["help_title"]
    ws["A1"].font = Font(bold=True, size=14)
    for r, paragraph in enumerate(t["help"], start=3):
        cell = ws.cell(row=r, column=1, value=paragraph.format(version=version.id))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = 15 * _lines(cell.value, 90)
    ws.column_dimensions["A"].width = 100
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0


def _meta_sheet(book: Workbook, t: dict, project: Project, version: Version, rows: dict,
                lang: str) -> None:
    ws = book.create_sheet(t["sheets"]["meta"])
    digests = source_digests(project, version)
    ws.append(["format", FORMAT])
    ws.append(["version", version.id])
    ws.append(["lang", lang])
    ws.append(["fingerprint", fingerprint(digests)])
    for name, digest in digests.items():
        ws.append(["file", name, digest])
    packed = base64.b64encode(zlib.compress(json.dumps(rows, ensure_ascii=False)
                                            .encode("utf-8"), 6)).decode("ascii")
    for start in range(0, len(packed), CHUNK):
        ws.append(["base", packed[start:start + CHUNK]])
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
