"""Where a statement comes from, said the way a reader holding the published document can
find it: the section number and title ('§4.1.2.1 Assumpties'), the table or figure when
there is one. Line numbers of the text extraction are for researchers: they go in a tooltip
(`ref_lines`), never in the visible citation.

The section titles come from the project's `sources.yaml` (`report.sections`), which
`source_sections.headings` checks against the headings of the source text itself.

>>> from programtheory.model import ReportRef, ReportSection
>>> sections = [ReportSection(id="4.1.2.1", title="Assumpties", lines=(3121, 3469))]
>>> cite(ReportRef(section="4.1.2.1", lines=(3123, 3147)), sections)
'§4.1.2.1 Assumpties'
>>> cite(ReportRef(section="4.3", lines=(4210, 4441), table="Table 6"), sections)
'§4.3, Table 6'
>>> ref_lines(ReportRef(section="4.3", lines=(4210, 4441)))
'L4210–L4441'

The data's own prose may point at lines too ('as the report says (L3123–L3125)'): on a page,
`readable_lines` points at the section that holds them instead (`LinePlaces`: the sections'
ranges and those of the project's own references), or leaves the lines out.

>>> places = LinePlaces.of([ReportSection(id="4.1", title="Intro", lines=(3000, 3100)),
...                         ReportSection(id="4.1.2", title="Assumpties", lines=(3050, 3100))])
>>> readable_lines("says so (L3060–L3062), as in (4.1, L3010) and (L9000-9004).", places)
'says so (§4.1.2), as in (§4.1) and.'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel

from .model import ReportRef, ReportSection
from .report_ref_fields import report_ref_fields


def section_titles(sections: Iterable[ReportSection]) -> dict[str, str]:
    """Section number -> title."""
    return {section.id: " ".join(section.title.split()) for section in sections}


def section_mark(section: str) -> str:
    """A section as a reader finds it: '§4.1.2' for a numbered one, 'Bijlage 1B' as it is."""
    return f"§{section}" if section[:1].isdigit() else section


def cite(ref: ReportRef, sections: Iterable[ReportSection] = ()) -> str:
    """'§<number> <title>' (the title when the sections know it and it says more than the
    number), then the table or figure."""
    titles = section_titles(sections)
    text = section_mark(ref.section)
    if titles.get(ref.section, ref.section) != ref.section:
        text += f" {titles[ref.section]}"
    extra = [part for part in (ref.table, ref.figure) if part]
    return ", ".join([text, *extra])


def cite_each(refs: Iterable[ReportRef], sections: Iterable[ReportSection] = ()) -> list[str]:
    """Several references, each once, in order."""
    sections = list(sections)
    return list(dict.fromkeys(cite(ref, sections) for ref in refs))


def cite_all(refs: Iterable[ReportRef], sections: Iterable[ReportSection] = ()) -> str:
    """Several references, each once, in order, separated by '; '."""
    return "; ".join(cite_each(refs, sections))


def ref_lines(ref: ReportRef) -> str:
    """The reference's lines in the source text ('L4210–L4441'), for a tooltip; '' if none."""
    if not ref.lines:
        return ""
    first, last = ref.lines
    return f"L{first}" + (f"–L{last}" if last != first else "")


# 'L3123', 'L3123–L3147', 'L10334-10336' (`ref_lines` writes them so); `lead`: a section
# number that opens a parenthesis or follows '§' and that the lines repeat ('(4.1.2, L3123')
_LINES = re.compile(r"(?P<lead>(?:(?<=\()|(?<=\(\s)|(?<=;\s)|^|§)(?P<number>\d+(?:\.\d+)*)"
                    r"(?:,\s*|\s+))?(?<![\w#/=.\-])L(?P<first>\d{2,7})"
                    r"(?:\s*[–-]\s*L?\d{2,7})?\b")
_DROPPED = "\x00"
_AROUND_DROPPED = re.compile(r"\s*\(\s*\x00\s*\)|\s*[,;]\s*\x00|\x00\s*[,;]\s*|\s*\x00")


@dataclass(frozen=True)
class LinePlaces:
    """Which section holds which lines of the source text: the sections' own ranges, and the
    ranges of the references that name their section (an appendix without headings in the
    text has no range of its own)."""

    spans: tuple[tuple[int, int, str], ...] = ()  # (first, last, section), narrowest first
    sections: frozenset[str] = frozenset()

    @classmethod
    def of(cls, sections: Iterable[ReportSection], refs: Iterable[ReportRef] = ()) -> LinePlaces:
        """The sections' own ranges first; a reference's only for lines outside all of them
        (a reference may name a wider section than the lines it gives)."""
        sections = list(sections)
        own = {(s.lines[0], s.lines[1], s.id) for s in sections if s.lines}
        named = {(r.lines[0], r.lines[1], r.section) for r in refs if r.lines} - own

        def narrowest(spans):
            return sorted(spans, key=lambda span: (span[1] - span[0], span))

        return cls(tuple(narrowest(own) + narrowest(named)),
                   frozenset(s.id for s in sections) | {span[2] for span in own | named})

    def section_of(self, line: int) -> str | None:
        return next((section for first, last, section in self.spans if first <= line <= last),
                    None)


def readable_lines(text: str, places: LinePlaces) -> str:
    """`text` with every reference to lines of the source text replaced by the section that
    holds them ('§4.1.2', the narrowest); lines no section is known to hold are left out,
    with the comma or the parentheses around them. Only what is replaced changes."""
    def replace(match: re.Match) -> str:
        found = places.section_of(int(match["first"]))
        number = match["number"]
        if number in places.sections and found and (found == number
                                                    or found.startswith(number + ".")):
            return section_mark(found)
        lead = match["lead"] or ""
        if lead and not lead.startswith("§") and number in places.sections:
            lead = "§" + lead
        return lead + (section_mark(found) if found else _DROPPED)

    out = _LINES.sub(replace, text)
    return _AROUND_DROPPED.sub("", out) if _DROPPED in out else out


def prose_reader(project, lang: str):
    """How the data's own prose (descriptions, notes, reasons) shows on a page in `lang`: with
    sections for lines of the source text, or not at all ('') when it is written in another
    language (`ProjectSettings.text_language`)."""
    if not project.settings.prose_shown(lang):
        return lambda text: ""
    places = project_places(project)
    return lambda text: readable_lines(text, places)


def project_places(project) -> LinePlaces:
    """The `LinePlaces` of a project: its source's sections and every reference it holds."""
    return LinePlaces.of(project_sections(project), _refs(project))


_PLAIN = (str, int, float, type(None))  # no reference inside: not walked into (most values)


def _refs(value):
    """Every `ReportRef` in a model, a list or a dict of them, however deep."""
    if isinstance(value, ReportRef):
        yield value
        return
    if isinstance(value, BaseModel):
        children = (getattr(value, name) for name, _ in report_ref_fields(type(value)))
    elif isinstance(value, list | tuple):
        children = value
    elif isinstance(value, dict):
        children = value.values()
    else:
        return
    for child in children:
        if not isinstance(child, _PLAIN):
            yield from _refs(child)


def project_sections(project) -> list[ReportSection]:
    """The sections of the project's source document, or none."""
    report = getattr(getattr(project, "sources", None), "report", None)
    return list(report.sections) if report is not None else []
