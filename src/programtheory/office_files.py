"""Saving Word and Excel files: whole or not at all, and the same bytes for the same content.

A DOCX or XLSX file is a zip package. python-docx and openpyxl date every entry of the zip
with the time of the save, and openpyxl writes that time into the workbook's properties as
its creation and modification time, so a rebuild of an unchanged table gave a file that
differed from the last one (and a repository that keeps the report showed a change that was
none). `save_office_file` saves the document, then dates every entry at the zip format's first
day, marks it as made on Unix (as Python's zip module does everywhere but on Windows) and
leaves those two times out of the properties; the entries, their order, compression and
contents otherwise stay as the library wrote them.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from .atomic import write_atomically

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry
UNIX = 3  # the zip format's number for the system an entry was made on
PROPERTIES = "docProps/core.xml"
# the creation and modification times of the package's core properties (ECMA-376 part 2),
# whatever prefix a library gives their namespace
SAVE_TIMES = ("{http://purl.org/dc/terms/}created", "{http://purl.org/dc/terms/}modified")


def save_office_file(document: Any, path: str | Path) -> Path:
    """Save a python-docx `Document` or an openpyxl `Workbook` to `path`, atomically, with no
    time of the save in it."""
    saved = io.BytesIO()
    document.save(saved)
    data = timeless_package(saved.getvalue())
    return write_atomically(path, lambda temp: temp.write_bytes(data))


def timeless_package(data: bytes) -> bytes:
    """The zip package `data` with every entry dated ZIP_EPOCH and no creation or modification
    time in its core properties; the entries, their order and their other contents as they
    were.

    >>> one = io.BytesIO()
    >>> with zipfile.ZipFile(one, "w") as package:
    ...     package.writestr("docProps/core.xml", '<p xmlns:t="http://purl.org/dc/terms/">'
    ...                      '<t:created>2026</t:created><title>T</title><t:modified/></p>')
    >>> with zipfile.ZipFile(io.BytesIO(timeless_package(one.getvalue()))) as package:
    ...     (package.read("docProps/core.xml"), package.infolist()[0].date_time)
    (b'<p xmlns:t="http://purl.org/dc/terms/"><title>T</title></p>', (1980, 1, 1, 0, 0, 0))
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == PROPERTIES:
                content = _without_save_times(content)
            timeless = zipfile.ZipInfo(entry.filename, date_time=ZIP_EPOCH)
            timeless.compress_type = entry.compress_type
            timeless.create_system = UNIX
            timeless.external_attr = entry.external_attr
            target.writestr(timeless, content)
    return out.getvalue()


def _without_save_times(properties: bytes) -> bytes:
    """The core properties without their creation and modification times (unchanged bytes when
    they have none)."""
    from lxml import etree

    root = etree.fromstring(properties, etree.XMLParser(resolve_entities=False,
                                                        no_network=True))
    found = [element for element in root if element.tag in SAVE_TIMES]
    if not found:
        return properties
    for element in found:
        root.remove(element)
    if properties.lstrip().startswith(b"<?xml"):
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return etree.tostring(root)
