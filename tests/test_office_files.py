"""office_files: Word and Excel files with no time of the save in them."""

from __future__ import annotations

import zipfile

from docx import Document
from openpyxl import Workbook, load_workbook

from programtheory.exports import records_to_docx, records_to_xlsx
from programtheory.office_files import ZIP_EPOCH, save_office_file
from programtheory.tables import Records


def _entries(path) -> list[tuple[str, tuple, bytes]]:
    with zipfile.ZipFile(path) as package:
        return [(e.filename, e.date_time, package.read(e)) for e in package.infolist()]


def test_a_saved_document_and_workbook_carry_no_time_of_the_save(tmp_path):
    document = Document()
    document.add_paragraph("Netwerk")
    book = Workbook()
    book.active["A1"] = "Netwerk"
    for name, thing in (("a.docx", document), ("a.xlsx", book)):
        path = save_office_file(thing, tmp_path / name)
        entries = _entries(path)
        assert entries and all(when == ZIP_EPOCH for _name, when, _data in entries), name
        properties = dict((n, data) for n, _when, data in entries)["docProps/core.xml"]
        assert b"dcterms:created" not in properties and b"dcterms:modified" not in properties
    assert load_workbook(tmp_path / "a.xlsx").active["A1"].value == "Netwerk"
    assert Document(str(tmp_path / "a.docx")).paragraphs[0].text == "Netwerk"


def test_the_same_table_gives_the_same_files_at_another_time(tmp_path, monkeypatch):
    """The exports of one table, saved with the clock a day apart, are the same bytes."""
    import time

    records = Records(["Element", "Bron"], [{"Element": "Netwerk", "Bron": "Tabel 6"}])
    now = time.time()
    saved = []
    for day in (0, 1):
        monkeypatch.setattr(time, "time", lambda day=day: now + day * 86400)
        monkeypatch.setattr(time, "localtime",
                            lambda seconds=None, day=day: time.gmtime(now + day * 86400))
        folder = tmp_path / str(day)
        folder.mkdir()
        saved.append([records_to_docx(records, folder / "t.docx").read_bytes(),
                      records_to_xlsx(records, folder / "t.xlsx").read_bytes()])
    assert saved[0] == saved[1]
