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
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import ReportRef, ReportSection


def section_titles(sections: Iterable[ReportSection]) -> dict[str, str]:
    """Section number -> title."""
    return {section.id: " ".join(section.title.split()) for section in sections}


def cite(ref: ReportRef, sections: Iterable[ReportSection] = ()) -> str:
    """'§<number> <title>' (the title when the sections know it), then the table or figure."""
    titles = section_titles(sections)
    text = f"§{ref.section}"
    if ref.section in titles:
        text += f" {titles[ref.section]}"
    extra = [part for part in (ref.table, ref.figure) if part]
    return ", ".join([text, *extra])


def cite_all(refs: Iterable[ReportRef], sections: Iterable[ReportSection] = ()) -> str:
    """Several references, each once, in order, separated by '; '."""
    sections = list(sections)
    seen: list[str] = []
    for ref in refs:
        text = cite(ref, sections)
        if text not in seen:
            seen.append(text)
    return "; ".join(seen)


def ref_lines(ref: ReportRef) -> str:
    """The reference's lines in the source text ('L4210–L4441'), for a tooltip; '' if none."""
    if not ref.lines:
        return ""
    first, last = ref.lines
    return f"L{first}" + (f"–L{last}" if last != first else "")


def project_sections(project) -> list[ReportSection]:
    """The sections of the project's source document, or none."""
    report = getattr(getattr(project, "sources", None), "report", None)
    return list(report.sections) if report is not None else []
