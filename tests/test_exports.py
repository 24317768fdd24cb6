"""Print-ready table files: the HTML pages, DOCX and XLSX read back, and printed through
LibreOffice to PDF to check the A4 pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from programtheory import charts, exports, tables
from programtheory.evidence_map import evidence_map
from programtheory.exceptions import UsageError
from programtheory.tables import Records

A4_LANDSCAPE_PT = (841.89, 595.28)


@pytest.fixture(scope="module")
def record_tables(real_project):
    emap = evidence_map(real_project, None)
    return {"tabel4_kritische_elementen": charts.critical_elements_records(real_project.barometer),
            "tabel5_factoren": charts.factor_records(real_project.barometer),
            "barometer_metingen": charts.wave_records(real_project.barometer),
            "matrix_soort": emap.by_kind, "matrix_werkpakket": emap.by_work_package}


# ---- HTML

def test_every_standalone_table_page_has_one_stylesheet(real_project, record_tables):
    pages = [exports.records_page(r, lang="en") for r in record_tables.values()]
    pages.append(tables.to_html(real_project, standalone=True, lang="en"))
    for page in pages:
        assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
        assert '<meta charset="utf-8">' in page
        assert exports.TABLE_CSS in page
        assert page.count("<style>") == 1
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # works offline
    css = exports.TABLE_CSS
    assert "text-align:left" in css and "td.num" in css and "text-align:right" in css
    assert "overflow-wrap:anywhere" in css and "overflow-x" not in css
    assert "@page{size:A4" in css and "table-header-group" in css and "break-inside:avoid" in css


def test_numbers_are_marked_for_right_alignment_text_is_not(record_tables):
    html = exports.records_page(record_tables["tabel5_factoren"], lang="nl")
    counts = re.findall(r'<td class="num">(\d+)</td>', html)
    assert len(counts) == len(record_tables["tabel5_factoren"].rows)
    assert '<td class="num">' + "Op" not in html


def test_table_page_escapes_data_once():
    records = Records(["a & b", "n"], [{"a & b": "<script>x</script> &amp;", "n": 3}],
                      caption="T <1>")
    page = exports.records_page(records, lang="en")
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt; &amp;amp;" in page
    assert "<title>T &lt;1&gt;</title>" in page


@pytest.mark.parametrize("value, number", [
    (0, True), (-3.5, True), ("92,4", True), ("5,69–6,73", True), ("≥ 7", True),
    ("7 (+1 ±6)", False), ("2021-06", True), ("WP1", False), (None, False), (False, False)])
def test_is_number(value, number):
    assert tables.is_number(value) is number


# ---- DOCX

def _docx_rows(path: Path):
    table = Document(str(path)).tables[0]
    return [(row._tr.trPr.find(qn("w:tblHeader")) is not None,
             row._tr.trPr.find(qn("w:cantSplit")) is not None) for row in table.rows]


def _assert_a4_docx(path: Path) -> None:
    section = Document(str(path)).sections[0]
    assert abs(section.page_width - Mm(297)) < Mm(1)
    assert abs(section.page_height - Mm(210)) < Mm(1)
    rows = _docx_rows(path)
    assert rows[0] == (True, True)  # the header row repeats and stays whole
    assert all(cant_split and not header for header, cant_split in rows[1:])


def test_outcome_table_docx_is_a4_with_repeated_header(real_project, tmp_path):
    _assert_a4_docx(tables.to_docx(real_project, tmp_path / "tabel6.docx"))


def test_records_docx_is_a4_with_repeated_header(record_tables, tmp_path):
    for stem, records in record_tables.items():
        path = exports.records_to_docx(records, tmp_path / f"{stem}.docx")
        _assert_a4_docx(path)
        table = Document(str(path)).tables[0]
        assert len(table.rows) == len(records.rows) + 1
        assert table.rows[0].cells[0].text == records.columns[0]
        _assert_column_widths(table, exports._record_widths(records),
                              exports._header_floors(records, 9), Document(str(path)))


def _assert_column_widths(table, widths, floors, doc) -> None:
    """Every cell of a column has the column's width, and the columns share the page's text
    width: each at least as wide as its longest header word in bold (when all of them fit),
    the others in proportion to `widths`."""
    section = doc.sections[0]
    room = section.page_width - section.left_margin - section.right_margin
    columns = [column.width for column in table.columns]
    least = [int(Pt(floor)) for floor in floors]
    _assert_shares(columns, room, widths, least if sum(least) <= room else [0] * len(least))
    for row in table.rows:
        assert [cell.width for cell in row.cells] == columns


def _assert_shares(shares, room, widths, least, slack=635) -> None:
    # Word stores widths in twentieths of a point (635 EMU)
    assert sum(shares) <= room + slack * len(shares)
    assert all(share >= floor - slack for share, floor in zip(shares, least, strict=True))
    free = [i for i, (share, floor) in enumerate(zip(shares, least, strict=True))
            if share > floor + slack]
    if free:  # the columns above their floor share what is left by their widths
        left = room - sum(share for i, share in enumerate(shares) if i not in free)
        total = sum(widths[i] for i in free)
        assert all(abs(shares[i] - left * widths[i] / total) < slack + len(free)
                   for i in free)


@given(widths=st.lists(st.floats(1, 50), min_size=1, max_size=12),
       least=st.lists(st.integers(0, 2_000_000), min_size=12, max_size=12),
       room=st.integers(1_000_000, 9_000_000))
def test_columns_share_the_room_by_width_and_none_falls_below_its_floor(widths, least, room):
    least = least[:len(widths)]
    if sum(least) > room:
        least = [0] * len(widths)
    _assert_shares(exports._shares(room, widths, least), room, widths, least, slack=1)


def test_no_header_word_of_the_barometer_table_is_broken_in_print(printed_outcome_table,
                                                                   real_project):
    """The table of waves has nine columns of long Dutch header words: printed through
    LibreOffice, each stays on one line ("Afrondingsinterval" was printed as
    "Afrondingsinterva" above "l")."""
    from office_support import text_on_the_pages

    words = set(text_on_the_pages(printed_outcome_table["waves"].with_suffix(".pdf")).split())
    columns = charts.wave_records(real_project.barometer, lang="nl").columns
    assert "Afrondingsinterval" in columns
    for name in columns:
        for word in name.split():
            assert word in words, (name, word)


# ---- XLSX

def _assert_print_setup(sheet, header_row: int) -> None:
    assert int(sheet.page_setup.paperSize) == 9  # A4 in SpreadsheetML
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == f"$1:${header_row}"
    assert sheet.freeze_panes is not None
    assert int(re.sub(r"\D", "", sheet.freeze_panes)) == header_row + 1


def _assert_rows_fit(sheet, first_row: int) -> None:
    """Every row is at least as high as the lines of its tallest wrapped cell."""
    for row in sheet.iter_rows(min_row=first_row):
        widths = [sheet.column_dimensions[c.column_letter].width for c in row]
        lines = max([exports.wrapped_line_count(exports.cell_text(c.value), width)
                     for c, width in zip(row, widths, strict=False)
                     if c.value is not None and not tables.is_number(c.value)] or [1])
        height = sheet.row_dimensions[row[0].row].height
        assert height >= min(exports.MAX_ROW_HEIGHT_PT, lines * exports.LINE_HEIGHT_PT)


def test_outcome_table_xlsx_prints_on_a4(real_project, tmp_path):
    book = load_workbook(tables.to_xlsx(real_project, tmp_path / "tabel6.xlsx"), rich_text=True)
    for sheet in book.worksheets:
        _assert_print_setup(sheet, header_row=1)
    grid = book.worksheets[0]
    assert grid.freeze_panes == "B2"
    assert all(grid.cell(r, c).alignment.wrap_text for r in range(1, 7) for c in range(1, 5)
               if grid.cell(r, c).value is not None)
    tall = max(grid.row_dimensions[r].height for r in range(2, 7))
    assert tall >= 10 * exports.LINE_HEIGHT_PT  # the fullest cell has over ten lines


def test_records_xlsx_prints_on_a4(record_tables, tmp_path):
    for stem, records in record_tables.items():
        book = load_workbook(exports.records_to_xlsx(records, tmp_path / f"{stem}.xlsx"))
        sheet = book.active
        _assert_print_setup(sheet, header_row=2)
        assert sheet.cell(1, 1).value == records.caption
        assert [c.value for c in sheet[2]] == records.columns
        assert sheet.max_row == len(records.rows) + 2
        _assert_rows_fit(sheet, first_row=2)


def test_formula_like_text_stays_text(tmp_path):
    records = Records(["x"], [{"x": "=HYPERLINK(\"http://example.org\")"}])
    sheet = load_workbook(exports.records_to_xlsx(records, tmp_path / "x.xlsx")).active
    assert sheet.cell(2, 1).data_type == "s"


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=30),
                               max_size=20), min_size=1, max_size=5),
       width=st.integers(min_value=4, max_value=80))
def test_wrapped_line_count_leaves_room_for_every_character(lines, width):
    """The counted lines hold all the text: never fewer lines than the text needs."""
    text = "\n".join(" ".join(words) for words in lines)
    per_line = max(1, int(width * 1.1) - 1)
    needed = sum(max(1, -(-len(" ".join(words)) // (per_line + 1))) for words in lines)
    assert exports.wrapped_line_count(text, width) >= needed


def test_write_table_writes_every_format_atomically(record_tables, tmp_path):
    written = exports.write_table(record_tables["tabel5_factoren"], tmp_path, "t5", lang="nl")
    assert sorted(p.name for p in written) == ["t5.docx", "t5.html", "t5.md", "t5.tex",
                                                "t5.xlsx"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    with pytest.raises(UsageError, match="unknown table format 'pdf'"):
        exports.write_table(record_tables["tabel5_factoren"], tmp_path, "t5", lang="nl",
                            formats=["pdf"])


def test_failed_write_leaves_the_old_file(tmp_path):
    from programtheory.atomic import write_atomically

    target = tmp_path / "t.docx"
    target.write_text("old", encoding="utf-8")

    def broken(path: Path) -> None:
        path.write_text("half", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomically(target, broken)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.docx"]


def test_an_office_file_that_fails_half_written_leaves_the_old_file(tmp_path, monkeypatch):
    """The disk fills up while a table's DOCX is written: the old file stays, whole."""
    target = tmp_path / "t.docx"
    target.write_text("old", encoding="utf-8")

    def half(path: Path, data: bytes) -> int:
        with open(path, "wb") as out:
            out.write(data[:len(data) // 2])
        raise OSError("disk full")

    monkeypatch.setattr(Path, "write_bytes", half)
    with pytest.raises(OSError):
        exports.records_to_docx(Records(["a"], [{"a": "b"}]), target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.docx"]


def test_tabel5_table_matches_the_data(real_project):
    records = charts.factor_records(real_project.barometer, lang="nl")
    factors = real_project.barometer.factors
    assert len(records.rows) == len(factors)
    assert sorted(r["Aantal vermeldingen"] for r in records.rows) == sorted(
        f.count for f in factors)
    assert {r["Factor"] for r in records.rows} == {f.text for f in factors}
    levels = [r["Niveau"] for r in records.rows]
    assert levels == sorted(levels, key=list(real_project.barometer.factor_levels).index)


# ---- printed through LibreOffice

@pytest.mark.slow
def test_docx_and_xlsx_print_as_a4_pdf(record_tables, request):
    import pypdf
    assert shutil.which("soffice"), "LibreOffice is missing: apt-get install " \
        "libreoffice-writer-nogui libreoffice-calc-nogui (make test installs them as root)"
    printed = request.getfixturevalue("printed_outcome_table")  # after the check above
    # the evidence matrix by kind (record_tables["matrix_soort"]) is printed in that run too
    files = {"tabel6": printed["doc_plain"], "tabel6_book": printed["book_nl"],
             "matrix": printed["matrix"], "matrix_book": printed["matrix_book"]}
    pages = {}
    for name, source in files.items():
        reader = pypdf.PdfReader(source.with_suffix(".pdf"))
        for page in reader.pages:
            size = (float(page.mediabox.width), float(page.mediabox.height))
            assert size == pytest.approx(A4_LANDSCAPE_PT, abs=1)
        pages[name] = len(reader.pages)
    # the outcome table: 6 perspectives with a repeated header; the workbook's table and
    # notes on a page or two each, its two data sheets (55 items, 20 indicators, narrow
    # enough to print at 7 pt or more: test_outcome_office) on about ten pages more
    assert 2 <= pages["tabel6"] <= 6
    assert 4 <= pages["tabel6_book"] <= 16
    # 111 matrix rows, at least 12 to a page (equal column widths gave 20 pages), and the sheet fitted to one page wide
    rows = len(record_tables["matrix_soort"].rows)
    assert pages["matrix"] <= rows // 12 + 1
    assert pages["matrix_book"] <= rows // 12 + 1


def test_confidence_tables_print_on_a4(real_project, tmp_path):
    from programtheory.confidence import assess_version
    from programtheory.confidence_tables import (profile_records, records_to_docx,
                                                 records_to_xlsx, soqf_records)

    graded = assess_version(real_project, "revised")
    sheets = [soqf_records(graded, real_project, "nl"), profile_records(graded, "nl")]
    book = load_workbook(records_to_xlsx(sheets, tmp_path / "soqf.xlsx"))
    for sheet in book.worksheets:
        _assert_print_setup(sheet, header_row=1)
        _assert_rows_fit(sheet, first_row=2)
    path = records_to_docx(sheets, tmp_path / "soqf.docx")
    _assert_a4_docx(path)


_cell_texts = st.one_of(st.none(), st.text("abc é<>&", max_size=8),
                        st.lists(st.text("xyz", min_size=1, max_size=4), min_size=2, max_size=3))


@given(st.lists(st.tuples(_cell_texts, _cell_texts), min_size=1, max_size=12))
@settings(max_examples=25, deadline=None)
def test_records_docx_cells_hold_each_value_in_its_row_and_column(tmp_path_factory, values):
    records = Records(["eerste", "tweede"], [{"eerste": a, "tweede": b} for a, b in values])
    path = exports.records_to_docx(records, tmp_path_factory.mktemp("docx") / "t.docx")
    rows = Document(str(path)).tables[0].rows
    assert [c.text for c in rows[0].cells] == ["eerste", "tweede"]
    for row, pair in zip(list(rows)[1:], values, strict=True):
        for cell, value in zip(row.cells, pair, strict=True):
            lines = value if isinstance(value, list) else [value]
            expected = [("• " if len(lines) > 1 else "") + ("" if v is None else v)
                        for v in lines]
            assert [p.text for p in cell.paragraphs] == expected
