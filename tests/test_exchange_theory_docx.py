"""The Word document for meetings: A4, real headings, repeating header rows, rows that do not
split, the figure, the evidence and recommendations per element, the changes table; and the
document as LibreOffice reads it."""

from __future__ import annotations

import re

import pytest
from docx.shared import Cm
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader
from office_support import docx_text, soffice_convert

from programtheory.diff import diff_versions
from programtheory.exchange.theory_docx import export_docx

VERSION = "revised"


@pytest.fixture(scope="module")
def document_path(real_project, tmp_path_factory):
    return export_docx(real_project, VERSION, tmp_path_factory.mktemp("docx") / "theorie.docx")


def test_document_structure(real_project, document_path):
    document = Document(document_path)
    sizes = [(round(s.page_width.cm, 1), round(s.page_height.cm, 1)) for s in document.sections]
    assert sizes == [(21.0, 29.7), (29.7, 21.0), (21.0, 29.7)]  # the figure page is landscape
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith(("Heading", "Title"))]
    version = real_project.versions[VERSION]
    assert ("Heading 1", "Figuur") in headings
    assert ("Heading 2", f"Groep: {version.groups[0].label.nl}") in headings
    assert ("Heading 3", version.nodes[0].label.nl) in headings
    # the figure at its printed size: one picture per printed page, none wider than the page
    assert len(document.inline_shapes) >= 1
    assert all(s.width <= Cm(29.7 - 1.0) for s in document.inline_shapes)
    text = "\n".join(p.text for p in document.paragraphs)
    quote = next(e for e in real_project.evidence if e.kind.value == "quote" and e.role
                 and set(e.bears_on) & {n.id for n in version.nodes})
    assert f"“{quote.text}” — {quote.role}" in text
    rec = next(r for r in real_project.recommendations
               if set(r.targets) & {n.id for n in version.nodes})
    assert rec.text in text
    everything = docx_text(document)
    for node in version.nodes:  # internal ids never reach the reader
        assert not re.search(rf"\b{re.escape(node.id)}\b", everything), node.id


def test_tables_repeat_their_header_and_keep_rows_whole(real_project, document_path):
    document = Document(document_path)
    changes = document.tables[-1]
    first = changes.rows[0]._tr.trPr
    assert first.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in changes.rows)
    diff = diff_versions(real_project, real_project.versions[VERSION].info.based_on, VERSION)
    listed = [c for c in diff.changes() if c.status != "unchanged"]
    assert len(changes.rows) == len(listed) + 1
    sizes = {run.font.size.pt for t in document.tables for r in t.rows for c in r.cells
             for p in c.paragraphs for run in p.runs if run.font.size}
    assert min(sizes) >= 7


@pytest.mark.slow
def test_libreoffice_reads_the_document_as_a4_with_headings(document_path, tmp_path):
    pdf = soffice_convert(document_path, "pdf", tmp_path)
    raw = pdf.read_bytes()
    boxes = re.findall(rb"/Type/Page(?!s)[^>]*?/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]",
                       raw)  # each page's own box (the page tree's is their union)
    pages = {tuple(sorted((round(float(w)), round(float(h))))) for w, h in boxes}
    assert len(boxes) > 3 and pages == {(595, 842)}  # A4, portrait or landscape
    # the headings, read as headings at their level, became the PDF's nested bookmarks
    reader = PdfReader(pdf)
    found = set(_bookmarks(reader.outline))
    assert (1, "Figuur") in found and (1, "Elementen per groep en soort") in found
    assert any(level == 3 for level, _ in found)
    # the figure begins on the page of its heading, not on the next one
    figure = next(item for item in reader.outline
                  if not isinstance(item, list) and item.title == "Figuur")
    page = reader.pages[reader.get_destination_page_number(figure)]
    assert b" Do" in page.get_contents().get_data()  # an image drawn on that page


def _bookmarks(items, level: int = 1):
    """(level, title) of each bookmark in a PDF's outline (a nested list)."""
    for item in items:
        if isinstance(item, list):
            yield from _bookmarks(item, level + 1)
        else:
            yield level, item.title
