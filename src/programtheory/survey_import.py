"""Reading raw survey exports: CSV (any delimiter and common encoding), XLSX and SPSS .sav.

Only the columns a mapping names are read; the others are listed once and never loaded, so
free-text answers and timestamps do not even reach memory. Every problem is an `ExportError`
that names the file, the row (as a spreadsheet shows it: the header is row 1) and the column.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .exceptions import DataError

FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".sav": "sav",
           ".zsav": "sav"}
DELIMITERS = (",", ";", "\t", "|")
ENCODINGS = ("utf-8", "cp1252", "latin-1")  # the order they are tried in; latin-1 never fails
RESPONDENT_HEADERS = {"id", "respondent", "respondent id", "respondentid", "response id",
                      "responseid", "antwoord id", "respondent nummer", "respondentnummer"}


class ExportError(DataError):
    """A raw export that cannot be imported as it is; the message says where and why."""


@dataclass
class Export:
    """A raw export with its header read (no answers yet)."""

    path: Path
    kind: str
    headers: list[str]
    questions: list[str]  # the question text of each column (a .sav keeps it as a label)
    encoding: str | None = None
    delimiter: str | None = None
    value_labels: dict[str, dict] = field(default_factory=dict)

    def describe(self) -> str:
        if self.kind != "csv":
            return f"{self.path.name}: {self.kind.upper()}, {len(self.headers)} columns"
        name = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}[self.delimiter or ","]
        return (f"{self.path.name}: CSV, encoding {self.encoding}, delimiter {name}, "
                f"{len(self.headers)} columns")

    def where(self, column: str) -> str:
        """'column C (3) «question»' for a spreadsheet, 'variable Q3 «label»' for a .sav."""
        index = self.headers.index(column)
        text = _shorten(self.questions[index])
        if self.kind == "sav":
            return f"variable {column} «{text}»"
        return f"column {column_letter(index)} ({index + 1}) «{text}»"

    def row(self, index: int) -> str:
        return f"case {index + 1}" if self.kind == "sav" else f"row {index + 2}"


def column_letter(index: int) -> str:
    """The spreadsheet name of a 0-based column index.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _shorten(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def normalize(text: str) -> str:
    """Text as compared with question texts: case, accents, punctuation and spacing ignored.

    >>> normalize("  Wat is uw  huidige Functie?") == normalize("wat is uw huidige functie")
    True
    """
    text = unicodedata.normalize("NFKD", str(text)).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def similarity(a: str, b: str) -> float:
    a, b = normalize(a), normalize(b)
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# ---------------------------------------------------------------- opening an export

def open_export(path: str | Path) -> Export:
    """Read the header of an export and detect its format, encoding and delimiter."""
    path = Path(path)
    if not path.is_file():
        raise ExportError(f"{path}: no such file")
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ExportError(f"{path}: unknown export format '{path.suffix}'; use .csv, .xlsx "
                          "or .sav")
    if path.stat().st_size == 0:
        raise ExportError(f"{path}: the file is empty: export the survey answers again")
    return {"csv": _open_csv, "xlsx": _open_xlsx, "sav": _open_sav}[kind](path)


def detect_encoding(raw: bytes, truncated: bool = False) -> str:
    """The encoding of a CSV export: a BOM decides; else UTF-8 if the bytes decode, else the
    Windows code page survey tools write on Windows, else Latin-1.

    >>> detect_encoding("é".encode("utf-8")), detect_encoding("é".encode("cp1252"))
    ('utf-8', 'cp1252')
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    for encoding in ENCODINGS:
        try:
            raw.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8" and truncated and exc.start >= len(raw) - 3:
                # the sample ends inside a character
                return encoding
            continue
        return encoding
    return "latin-1"


def detect_delimiter(sample: str) -> str:
    """The delimiter that splits the first lines into the same number of columns (more than
    one), preferring the one that gives the most columns.

    >>> detect_delimiter('a;b;"c,d"\\n1;2;3\\n')
    ';'
    >>> detect_delimiter('a\\tb\\n1\\t2\\n')
    '\\t'
    """
    lines = sample.splitlines(keepends=True)
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may end inside a row
    best, best_width = ",", 1
    for delimiter in DELIMITERS:
        rows = list(csv.reader(io.StringIO("".join(lines[:50])), delimiter=delimiter))
        widths = {len(row) for row in rows if row}
        header = len(rows[0]) if rows else 0
        if header > best_width and len(widths) == 1:
            best, best_width = delimiter, header
    return best


def _open_csv(path: Path) -> Export:
    with path.open("rb") as handle:
        raw = handle.read(1 << 20)
    encoding = detect_encoding(raw, truncated=len(raw) == 1 << 20)
    text = raw.decode(encoding, errors="replace")
    delimiter = detect_delimiter(text)
    # the header is the first row only (a quoted header may span lines): parsing the rest of
    # the sample here cost as much as reading the mapped columns of the whole file
    first = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    headers = [h.strip() for h in first]
    if not headers or not any(headers):
        raise ExportError(f"{path}: the file has no header row")
    return Export(path, "csv", headers, list(headers), encoding=encoding, delimiter=delimiter)


def _open_xlsx(path: Path) -> Export:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ExportError(f"{path}: not a readable XLSX workbook ({exc})") from None
    try:
        sheet = workbook.worksheets[0]
        first = next(sheet.iter_rows(max_row=1, values_only=True), None)
    finally:
        workbook.close()
    headers = ["" if v is None else str(v).strip() for v in (first or ())]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise ExportError(f"{path}: the first sheet has no header row")
    return Export(path, "xlsx", headers, list(headers))


def _open_sav(path: Path) -> Export:
    import pyreadstat

    try:
        _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    except Exception as exc:  # pyreadstat.ReadstatError and friends
        raise ExportError(f"{path}: not a readable SPSS file ({exc})") from None
    labels = [label or name for name, label in zip(meta.column_names, meta.column_labels, strict=True)]
    return Export(path, "sav", list(meta.column_names), labels,
                  value_labels=dict(meta.variable_value_labels))


# ---------------------------------------------------------------- reading the mapped columns

def duplicated_headers(export: Export, columns: list[str]) -> None:
    for column in columns:
        places = [i for i, h in enumerate(export.headers) if h == column]
        if len(places) > 1:
            where = ", ".join(column_letter(i) for i in places)
            raise ExportError(f"{export.path}: the header «{_shorten(column)}» appears in "
                              f"columns {where}: rename one so the mapping is unambiguous")


def read_columns(export: Export, columns: list[str]) -> pd.DataFrame:
    """The named columns, every value as text ('' when empty); a .sav keeps its codes and
    turns value labels into text only for non-score columns (see `labelled`)."""
    duplicated_headers(export, columns)
    try:
        frame = _read(export, columns)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        detail = " ".join(str(exc).split())
        raise ExportError(f"{export.path}: cannot be read as {export.describe().split(': ')[1]}"
                          f" ({detail}); check that every row has as many fields as the header "
                          "and that quotes are closed") from None
    if len(frame) == 0:
        raise ExportError(f"{export.path}: the file has a header but no answers")
    return frame


def _read(export: Export, columns: list[str]) -> pd.DataFrame:
    if export.kind == "csv":
        frame = pd.read_csv(export.path, sep=export.delimiter, encoding=export.encoding,
                            usecols=lambda h: h.strip() in columns, dtype=object,
                            keep_default_na=False, na_filter=False, skipinitialspace=True)
        frame.columns = [c.strip() for c in frame.columns]
    elif export.kind == "xlsx":
        frame = pd.read_excel(export.path, sheet_name=0, engine="openpyxl", dtype=object,
                              usecols=lambda h: str(h).strip() in columns)
        frame.columns = [str(c).strip() for c in frame.columns]
        frame = frame.map(_cell_text)
    else:
        import pyreadstat

        try:
            frame, _ = pyreadstat.read_sav(str(export.path), usecols=columns,
                                           apply_value_formats=False)
        except pyreadstat.ReadstatError as exc:
            raise ValueError(str(exc)) from None
    return frame


def _cell_text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def labelled(export: Export, frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as text, with a .sav's value labels applied."""
    series = frame[column]
    if export.kind != "sav":
        return series.astype(str).str.strip()
    labels = export.value_labels.get(column, {})
    def text(value) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return ""
        if value in labels:
            return str(labels[value])
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()
    return series.map(text)


def coded(export: Export, frame: pd.DataFrame, column: str) -> tuple[np.ndarray, list[str]]:
    """A column as integer codes into its distinct texts (stripped, a .sav's value labels
    applied); '' for an empty cell. Working on the distinct values keeps a 100,000-row
    column fast: each text is cleaned once, not once per row."""
    codes, uniques = pd.factorize(frame[column], use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object)
    if export.kind == "sav":
        labels = export.value_labels.get(column, {})
        texts = [str(labels[v]).strip() if v in labels else
                 (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip())
                 for v in uniques]
    else:
        texts = pd.Series(uniques, dtype=object).astype(str).str.strip().tolist()
    if (codes < 0).any():
        texts.append("")  # code -1, a missing value, indexes this last entry
    merged, names = pd.factorize(np.asarray(texts, dtype=object))
    return merged[codes], [str(n) for n in names]
