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
`readable_lines` points at the section that holds them instead, or leaves the lines out.

>>> sections = [ReportSection(id="4.1", title="Intro", lines=(3000, 3100)),
...             ReportSection(id="4.1.2", title="Assumpties", lines=(3050, 3100))]
>>> readable_lines("says so (L3060–L3062); see also 4.1, L3010 and (L9000-9004).", sections)
'says so (§4.1.2); see also §4.1 and.'
"""

from __future__ import annotations

import re
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


# 'L3123', 'L3123–L3147', 'L10334-10336', after a section number it repeats ('4.1.2, L3123')
_LINES = re.compile(r"(?:(?P<number>\b\d+(?:\.\d+)*),\s*)?"
                    r"\bL(?P<first>\d{1,7})(?:\s*[–-]\s*L?\d{1,7})?\b")


def readable_lines(text: str, sections: Iterable[ReportSection]) -> str:
    """`text` with every reference to lines of the source text replaced by the section that
    holds them ('§4.1.2'), the innermost one; lines no section holds are left out."""
    spans = sorted((s.lines[1] - s.lines[0], s.id, s.lines) for s in sections if s.lines)

    def section_of(line: int) -> str | None:
        return next((sid for _size, sid, (first, last) in spans if first <= line <= last),
                    None)

    def replace(match: re.Match) -> str:
        number, found = match["number"], section_of(int(match["first"]))
        if number and found and (found == number or found.startswith(number + ".")):
            return f"§{found}"
        if number:
            return f"§{number}" + (f", §{found}" if found else "")
        return f"§{found}" if found else ""

    out = _LINES.sub(replace, text)
    if out == text:
        return text
    out = re.sub(r"\(\s*[,;]?\s*\)", "", out)  # a parenthesis left empty
    out = re.sub(r"\(\s*[,;]\s*", "(", out)
    out = re.sub(r"\s*[,;]\s*\)", ")", out)
    out = re.sub(r"\s+([.,;:])", r"\1", out)
    return re.sub(r"[ \t]{2,}", " ", out).strip()


def project_sections(project) -> list[ReportSection]:
    """The sections of the project's source document, or none."""
    report = getattr(getattr(project, "sources", None), "report", None)
    return list(report.sections) if report is not None else []
