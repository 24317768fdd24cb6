"""A fast reader for the cells of an .xlsx file (Office Open XML), as text.

openpyxl builds a Python object per cell and per style, which made reading a workbook of
1,000 elements take seconds; the importers need only each cell's text and whether it holds a
formula. This reads the sheet XML with lxml's streaming parser instead. Values: shared and
inline strings as written, numbers as their text ('12', '1.5'), booleans as 'true'/'false'.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..exceptions import DataError

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"([A-Z]+)(\d+)")


@dataclass(frozen=True)
class RawCell:
    column: str  # the column letter
    row: int
    text: str
    formula: bool


class NotAWorkbook(DataError):
    """The file is not a workbook this reader can open, or it is damaged."""


def read_cells(path: str | Path, wanted=None) -> dict[str, list[list[RawCell]]]:
    """{sheet name: rows, each a list of its non-empty cells}, for the sheets in `wanted`
    (all when None)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotAWorkbook(str(exc)) from None
    with archive:
        try:
            sheets = _sheet_files(archive)
            strings = _shared_strings(archive)
            return {name: _rows(archive, file, strings) for name, file in sheets.items()
                    if wanted is None or name in wanted}
        except (KeyError, etree.XMLSyntaxError) as exc:
            raise NotAWorkbook(f"damaged workbook ({exc})") from None


def _sheet_files(archive: zipfile.ZipFile) -> dict[str, str]:
    rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{PKG_REL}Relationship")}
    book = etree.fromstring(archive.read("xl/workbook.xml"))
    out = {}
    for sheet in book.iter(f"{MAIN}sheet"):
        target = targets[sheet.get(f"{REL}id")]
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        out[sheet.get("name")] = path
    return out


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    root = etree.fromstring(archive.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{MAIN}t")) for si in root.iter(f"{MAIN}si")]


def _rows(archive: zipfile.ZipFile, file: str, strings: list[str]) -> list[list[RawCell]]:
    rows: dict[int, list[RawCell]] = {}
    with archive.open(file) as handle:
        for _, cell in etree.iterparse(handle, events=("end",), tag=f"{MAIN}c"):
            found = _REF.match(cell.get("r", ""))
            if found is None:
                cell.clear()
                continue
            formula = cell.find(f"{MAIN}f") is not None
            text = _value(cell, strings)
            if text or formula:
                letter, number = found.group(1), int(found.group(2))
                rows.setdefault(number, []).append(RawCell(letter, number, text, formula))
            cell.clear()
    return [rows[n] for n in sorted(rows)]


def _value(cell, strings: list[str]) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{MAIN}t"))
    value = cell.find(f"{MAIN}v")
    text = value.text if value is not None and value.text is not None else ""
    if kind == "s" and text:
        return strings[int(text)]
    if kind == "b":
        return "true" if text == "1" else "false"
    if kind == "n" and text.endswith(".0"):
        return text[:-2]
    return text
