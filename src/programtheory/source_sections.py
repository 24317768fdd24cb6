"""The numbered headings of a source text ('4.1.2.1 Assumpties'), read from the text itself, so
that the section titles a project declares (sources.yaml `report.sections`) can be checked
against the document readers hold.

A heading is a line of its own that starts with a section number (digits joined by dots) and
a title that starts with a capital, is short, and does not end like a sentence or a table of
contents entry; an appendix heading reads 'Bijlage 1B: title' or 'Appendix A: title'. Where a
number occurs several times (numbered lists in later appendices), the first occurrence counts.

>>> lines = ["Inhoud", "4.3 Een tabel ........ 12", "", " 4.3 Een tabel ", "Tekst.",
...          "1. Eerste punt van een lijst, als zin.", "4.3.1 Deel", "Bijlage 1B: Extra ",
...          "4.3 Een lijstpunt"]
>>> headings(lines)
{'4.3': (4, 'Een tabel'), '4.3.1': (7, 'Deel'), 'Bijlage 1B': (8, 'Extra')}
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_HEADING = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+([A-ZÀ-ÖØ-Ý‘'\"].{0,118}?)\s*$")
_APPENDIX = re.compile(r"^\s*((?:Bijlage|Appendix|Annex|Anhang)\s+\w{1,3})\s*[:.]\s+(\S.{0,118}?)\s*$")
_CONTENTS_ENTRY = re.compile(r"(\.{3,}|…+)\s*\d*$|\s\d+$")


def headings(lines: Iterable[str]) -> dict[str, tuple[int, str]]:
    """Section number -> (1-based line, title) for every heading line of the text."""
    found: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(lines, start=1):
        match = _HEADING.match(line) or _APPENDIX.match(line)
        if not match:
            continue
        section, title = match.group(1), " ".join(match.group(2).split())
        if _CONTENTS_ENTRY.search(title) or title.endswith((".", ",", ";")):
            continue
        found.setdefault(section, (number, title))
    return found
