"""Office files as a reader meets them: LibreOffice (soffice) to save and print them, and the
text a Word document, a workbook or a printed PDF page holds."""

from __future__ import annotations

import atexit
import functools
import math
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import pytest


def soffice_or_skip() -> str:
    """The soffice program. Missing in CI (PROGRAMTHEORY_CI=1) is a failure, elsewhere a skip
    that says how to install it."""
    return _program_or_skip(
        ("soffice", "libreoffice"),
        "LibreOffice (soffice) is missing: install the Debian packages "
        "libreoffice-calc-nogui and libreoffice-writer-nogui (make test does, as root)")


def pdftotext_or_skip() -> str:
    """The pdftotext program, as `soffice_or_skip`."""
    return _program_or_skip(("pdftotext",), "pdftotext is missing: install the Debian package "
                            "poppler-utils (make office-deps does, as root)")


def _program_or_skip(names: tuple[str, ...], reason: str) -> str:
    found = next((path for name in names if (path := shutil.which(name))), None)
    if found:
        return found
    if os.environ.get("PROGRAMTHEORY_CI"):
        pytest.fail(reason + "; CI must run this test")
    pytest.skip(reason)


@functools.cache
def soffice_profile() -> Path:
    """One LibreOffice user profile per test process: the first start creates it (several
    seconds), later starts reuse it. Never shared between processes, as two running soffice
    with one profile would hand their work to each other."""
    profile = Path(tempfile.mkdtemp(prefix="programtheory-lo-profile-"))
    atexit.register(shutil.rmtree, profile, ignore_errors=True)
    return profile


def soffice_convert(source: Path | list[Path], fmt: str, out_dir: Path) -> Path:
    """Convert with LibreOffice headless into `out_dir`; returns the new file (of the first
    source, when given several)."""
    program = soffice_or_skip()
    sources = source if isinstance(source, list) else [source]
    subprocess.run([program, f"-env:UserInstallation={soffice_profile().as_uri()}", "--headless",
                    "--convert-to", fmt, "--outdir", str(out_dir), *map(str, sources)],
                   check=True, capture_output=True, timeout=180)
    source = sources[0]
    produced = out_dir / (source.stem + "." + fmt.split(":")[0])
    assert produced.is_file(), f"LibreOffice wrote no {produced.name}"
    return produced


# ---------------------------------------------------------------- the text a reader sees

def docx_text(document) -> str:
    """Every paragraph, then every table cell, of a Word document (a path or a loaded
    `docx.Document`), joined by spaces."""
    if isinstance(document, str | Path):
        import docx

        document = docx.Document(str(document))
    words = [p.text for p in document.paragraphs]
    words += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(words)


def cells_text(sheets: Iterable) -> str:
    """Every value in the cells of `sheets` (openpyxl worksheets), as text, joined by
    spaces; empty cells are left out."""
    return " ".join(str(value) for sheet in sheets for row in sheet.iter_rows(values_only=True)
                    for value in row if value is not None)


def xlsx_text(path: Path, *, skip: Iterable[str] = ()) -> str:
    """`cells_text` of a workbook's sheets, but those titled in `skip`."""
    import openpyxl

    skipped = set(skip)
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return cells_text(s for s in book.worksheets if s.title not in skipped)
    finally:
        book.close()


class PdfPage(NamedTuple):
    width: float  # pt
    height: float  # pt
    sizes: list[float]  # the printed size (pt) of every character shown (not white space)
    text: str


def pdf_pages(data: bytes) -> list[PdfPage]:
    """Each page of a PDF: its size, the printed size of its characters (the font size × the
    vertical scale of the character's matrix, which holds the text and drawing matrices) and
    its text, as PDFium reads them (a C library: a pure-Python reader took seconds a figure)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(data)
    pages = []
    try:
        for page in document:
            width, height = page.get_size()
            textpage = page.get_textpage()
            sizes = _printed_sizes(raw, textpage)
            pages.append(PdfPage(width, height, sizes, textpage.get_text_range()))
            textpage.close()
            page.close()
    finally:
        document.close()
    return pages


def _printed_sizes(raw, textpage) -> list[float]:
    """The printed size (pt) of each character a text page shows: white space left out, and
    so the spaces and line breaks PDFium puts between words and lines."""
    matrix = raw.FS_MATRIX()
    sizes = []
    for index in range(raw.FPDFText_CountChars(textpage)):
        if chr(raw.FPDFText_GetUnicode(textpage, index)).isspace() \
                or raw.FPDFText_IsGenerated(textpage, index):
            continue
        raw.FPDFText_GetMatrix(textpage, index, matrix)
        sizes.append(raw.FPDFText_GetFontSize(textpage, index) * math.hypot(matrix.c, matrix.d))
    return sizes


def text_on_the_pages(pdf: Path) -> str:
    """The text a reader sees on a PDF's pages, as pdftotext reads it (a PDF library would
    also return text that LibreOffice left beyond the page's edge)."""
    return subprocess.run([pdftotext_or_skip(), str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout


# ---------------------------------------------------------------- the outcome table in print

def print_outcome_table(project, folder: Path) -> dict[str, Path]:
    """The outcome table's office files written into `folder` and printed to PDF beside each
    (`path.with_suffix(".pdf")`), all in one LibreOffice run: {name: file}. `book_nl`,
    `book_en`: the workbooks; `doc_nl`, `doc_en`: the documents with each item's indicators;
    `doc_plain`: the document without them, in the project's language; `notes_nl`,
    `notes_en`: a workbook that holds only its notes sheet, so that no other sheet can supply
    what the notes' pages cut off. `matrix`, `matrix_book`: the evidence matrix by kind
    (`evidence_map(project, None).by_kind`) as a document and a workbook, and `waves`: the
    barometer's table of waves in Dutch as a document, for test_exports' print checks,
    printed in the same run (a start of LibreOffice costs 1.5 CPU-s)."""
    from programtheory import charts, exports
    from programtheory.evidence_map import evidence_map
    from programtheory.outcome_office import to_docx, to_xlsx

    files = {"doc_plain": to_docx(project, folder / "doc_plain.docx")}
    matrix = evidence_map(project, None).by_kind
    files["matrix"] = exports.records_to_docx(matrix, folder / "matrix.docx")
    files["matrix_book"] = exports.records_to_xlsx(matrix, folder / "matrix_book.xlsx")
    files["waves"] = exports.records_to_docx(charts.wave_records(project.barometer, lang="nl"),
                                             folder / "waves.docx")
    for lang in ("nl", "en"):
        book = files[f"book_{lang}"] = to_xlsx(project, folder / f"book_{lang}.xlsx", lang=lang)
        files[f"doc_{lang}"] = to_docx(project, folder / f"doc_{lang}.docx", lang=lang,
                                       details=True)
        files[f"notes_{lang}"] = _notes_alone(book, folder / f"notes_{lang}.xlsx")
    soffice_convert(list(files.values()), "pdf", folder)
    for path in files.values():
        assert path.with_suffix(".pdf").is_file(), f"LibreOffice printed no {path.name}"
    return files


def _notes_alone(book_path: Path, target: Path) -> Path:
    """A copy of the workbook at `target` that holds only its notes sheet."""
    import openpyxl

    book = openpyxl.load_workbook(book_path)
    notes = book.worksheets[1]
    for sheet in list(book.worksheets):
        if sheet is not notes:
            book.remove(sheet)
    book.save(target)
    return target
