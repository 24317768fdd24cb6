"""The outcome table's XLSX and DOCX: one language per file (the default the project's
primary one), the long tables behind the data sheets, the print setup in both languages.
That no file holds the other language's words is checked in test_one_language."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import openpyxl
import pytest
from office_support import pdf_pages, text_on_the_pages
from project_support import REPO
from programtheory.outcome_office import (data_sheet_titles, indicator_records, item_records,
                                          to_docx, to_xlsx)
from programtheory.outcome_table import outcome_grid

@pytest.fixture(scope="module")
def project(real_project):
    return real_project


def test_the_default_language_is_the_projects_primary_one(project, tmp_path):
    assert project.settings.primary_language == "nl"
    book = openpyxl.load_workbook(to_xlsx(project, tmp_path / "t.xlsx"))
    assert book.sheetnames[-2:] == list(data_sheet_titles("nl"))
    document = docx.Document(str(to_docx(project, tmp_path / "t.docx")))
    assert document.tables[0].rows[0].cells[1].text == "Korte termijn"


def test_the_long_tables_follow_the_page_language(project):
    grid = outcome_grid(project, "en")
    items = item_records(grid)
    assert {r["term_label"] for r in items.rows} == {"Short term", "Medium term", "Long term"}
    assert {r["polarity_label"] for r in items.rows} <= {"desired", "undesired", "mixed"}
    dutch = item_records(project, "nl")
    assert {r["polarity_label"] for r in dutch.rows} <= {"gewenst", "ongewenst", "gemengd"}
    assert [r["item"] for r in items.rows] == [r["item"] for r in dutch.rows]
    labels = {r["indicator"]: r["label"] for r in indicator_records(project, "en").rows}
    assert labels == {i.id: i.label.en or i.label.nl for i in project.outcome_table.indicators}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_workbook_prints_on_a4_in_both_languages(project, tmp_path, lang):
    from programtheory.exports import LINE_HEIGHT_PT

    book = openpyxl.load_workbook(to_xlsx(project, tmp_path / "t.xlsx", lang=lang))
    for sheet in book.worksheets:
        assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.print_title_rows == "$1:$1"
        assert all(sheet.row_dimensions[r].height >= LINE_HEIGHT_PT
                   for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_document_repeats_its_header_and_keeps_rows_whole(project, tmp_path, lang):
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document = docx.Document(str(to_docx(project, tmp_path / "t.docx", lang=lang)))
    section = document.sections[0]
    assert abs(section.page_width - Mm(297)) < Mm(1) and abs(section.page_height - Mm(210)) < Mm(1)
    rows = document.tables[0].rows
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)


@pytest.mark.slow
def test_a_build_in_each_language_writes_its_office_files_in_that_language(tmp_path):
    """`build --lang all`: build/nl/ gets the Dutch files, build/en/ the English ones."""
    from programtheory.build.multi import build_languages

    build_languages(REPO, out=tmp_path, languages=["nl", "en"], only=["outcome_table"],
                    jobs=1, quiet=True)
    for lang, header, sheet in (("nl", "Korte termijn", "Uitkomsten (ids)"),
                                ("en", "Short term", "Outcomes (ids)")):
        folder = tmp_path / lang / "outcome_table"
        book = openpyxl.load_workbook(folder / "outcome_table.xlsx")
        assert book.worksheets[0]["B1"].value == header and sheet in book.sheetnames
        document = docx.Document(str(folder / "outcome_table.docx"))
        assert document.tables[0].rows[0].cells[1].text == header


@pytest.mark.slow
def test_both_languages_print_on_a4_landscape_at_7pt_or_more(printed_outcome_table):
    """Printed through LibreOffice: every page of the workbook (its data sheets included)
    and of the document is A4 landscape, and no text on it is smaller than 7 pt."""
    for name in ("book_nl", "doc_nl", "book_en", "doc_en"):
        source = printed_outcome_table[name]
        pages = pdf_pages(source.with_suffix(".pdf").read_bytes())
        # the table on one page (the document: two), its notes on the next; the workbook's
        # data sheets (55 items, 20 indicators) on about ten more
        assert 3 <= len(pages) <= (4 if source.suffix == ".docx" else 16), (name, len(pages))
        for number, page in enumerate(pages, 1):
            assert (page.width, page.height) == (pytest.approx(841.9, abs=1),
                                                 pytest.approx(595.3, abs=1))
            smallest = min(page.sizes, default=0.0)  # (a blank page fails the test)
            assert smallest >= 7.0 - 0.05, (name, number, smallest)
    # nothing runs off the page: all of the notes is printed (each notes sheet printed on its
    # own, so that no other sheet can supply what it cut off)
    for name in ("notes_nl", "notes_en"):
        assert _notes_words_printed(printed_outcome_table[name]), name


def _notes_words_printed(alone: Path) -> bool:
    """Whether LibreOffice printed all of the notes sheet of `alone` (converted to PDF beside
    it)."""
    from collections import Counter

    notes = openpyxl.load_workbook(alone).worksheets[0]
    shown = text_on_the_pages(alone.with_suffix(".pdf"))
    # letter by letter: pdftotext joins a word hyphenated at a line's end ('medium-' 'term')
    written = Counter(char for row in notes.iter_rows(values_only=True) for value in row
                      if value for char in re.sub(r"\W", "", str(value)))
    return not written - Counter(re.sub(r"\W", "", shown))
