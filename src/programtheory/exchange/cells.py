"""Reading rows from a sheet (workbook or CSV) and checking every cell, with errors that name
sheet, row, column and the fix."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..exceptions import DataError
from ..findings import did_you_mean
from ..settings import Vocabulary
from .rows import CONTROLLED, MULTI, REQUIRED, split, value_names

ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str  # the column letter
    heading: str
    message: str
    fix: str

    def format(self) -> str:
        if self.column.startswith("--"):  # given on the command line
            return f"{self.column}: {self.message}" + (f"; {self.fix}" if self.fix else "")
        where = f"{self.sheet}, row {self.row}, column {self.column} ({self.heading})"
        return f"{where}: {self.message}" + (f"; {self.fix}" if self.fix else "")


class ExchangeError(DataError):
    """The input cannot be imported; `messages` says every reason. Nothing was written."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class Cell:
    text: str
    column: str
    heading: str
    formula: bool = False


@dataclass
class SheetRow:
    sheet: str  # the key: nodes, links, evidence
    sheet_name: str  # as the reader sees it
    number: int  # the row number in the sheet (header = 1)
    cells: dict[str, Cell]

    def text(self, field: str) -> str:
        cell = self.cells.get(field)
        return cell.text if cell else ""

    def error(self, field: str, message: str, fix: str = "") -> CellError:
        cell = self.cells.get(field)
        return CellError(self.sheet_name, self.number, cell.column if cell else "?",
                         cell.heading if cell else field, message, fix)


def cell_text(value) -> str:
    """A cell value as text: numbers without a spurious '.0', surrounding space removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_row(row: SheetRow, errors: list[CellError],
              vocabulary: Vocabulary) -> dict[str, str]:
    """The row as raw values (vocabulary values, lists joined by ', '); cell errors appended."""
    out: dict[str, str] = {}
    for field, cell in row.cells.items():
        if cell.formula:
            errors.append(row.error(field, f"the cell holds a formula ({cell.text})",
                                    "type the value itself; formulas are not read"))
            continue
        text = cell.text
        key = (row.sheet, field)
        if key in CONTROLLED and text:
            text = _controlled(row, field, text, errors, vocabulary)
        out[field] = text
    for sheet, field in REQUIRED:
        cell = row.cells.get(field)
        # what was typed, not what it parsed to: an unknown value has its own error already
        if sheet == row.sheet and not (cell and cell.text) and cell and not cell.formula:
            what = "the Dutch label" if field == "label_nl" else "this cell"
            errors.append(row.error(field, f"{what} is empty", "fill it in; it is required"))
    if out.get("id") and not ID_PATTERN.match(out["id"]):
        errors.append(row.error("id", f"'{out['id']}' is not a valid id",
                                "start with a letter; use letters, digits, _ . -"))
    return out


def _controlled(row: SheetRow, field: str, text: str, errors: list[CellError],
                vocabulary: Vocabulary) -> str:
    names = value_names(row.sheet, field, vocabulary)
    parts = split(text) if (row.sheet, field) in MULTI else [text]
    values = []
    for part in parts:
        value = names.get(part.lower())
        if value is None:
            hint = did_you_mean(part.lower(), names)
            allowed = sorted(set(names.values()))
            errors.append(row.error(field, f"unknown value '{part}'",
                                    (hint + "; " if hint else "")
                                    + "choose from the drop-down list: " + ", ".join(allowed)))
            continue
        values.append(value)
    return ", ".join(values)


def check_ids(row: SheetRow, field: str, known, errors: list[CellError], what: str) -> None:
    """Every id listed in the cell must be one of `known`."""
    for part in split(row.text(field)):
        if part not in known:
            hint = did_you_mean(part, known)
            errors.append(row.error(field, f"unknown {what} '{part}'",
                                    hint or f"use the id of an existing {what}"))
