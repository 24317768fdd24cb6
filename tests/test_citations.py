"""Where a statement comes from, as a reader holding the published document finds it
(`programtheory.citations`): sections and titles, never lines of the text extraction."""

from __future__ import annotations

import pytest

from programtheory.citations import LinePlaces, cite, cite_each, readable_lines
from programtheory.model import ReportRef, ReportSection

SECTIONS = [ReportSection(id="4.1", title="Programmatheorie", lines=(3000, 3100)),
            ReportSection(id="4.1.2", title="Assumpties", lines=(3050, 3100)),
            ReportSection(id="Samenvatting", title="Samenvatting", lines=(5216, 5608)),
            ReportSection(id="Bijlage 1B", title="Breedte en diepte")]
# an appendix has no range of its own; a reference into it gives its lines
PLACES = LinePlaces.of(SECTIONS, [ReportRef(section="Bijlage 1B", lines=(11059, 11301))])


@pytest.mark.parametrize(("text", "shown"), [
    ("as it says (L3060–L3062).", "as it says (§4.1.2)."),
    ("as it says (4.1, L3010).", "as it says (§4.1)."),
    ("(4.1, L3060)", "(§4.1.2)"),  # the narrowest section that holds the lines
    ("in the appendix (L11100-11120)", "in the appendix (Bijlage 1B)"),
    ("(n = 12, L3060)", "(n = 12, §4.1.2)"),  # 12 is no section
    ("Table 6, L3060", "Table 6, §4.1.2"),
    ("in 2021, L3010", "in 2021, §4.1"),
    ("v1.2, L3060", "v1.2, §4.1.2"),
    ("see a.txt#L3060 and www.x.org/L3060", "see a.txt#L3060 and www.x.org/L3060"),
    ("L2 support and Level 3", "L2 support and Level 3"),
    ("printed there (L9000); read as 2", "printed there; read as 2"),  # no section: left out
    ("first (L9000, L3060) then", "first (§4.1.2) then"),
    ("ratio 3 : 4 (L3060)", "ratio 3 : 4 (§4.1.2)"),  # only what is replaced changes
    ("no lines here: 3 , 4 ( )", "no lines here: 3 , 4 ( )"),
])
def test_prose_points_at_sections_not_lines(text, shown):
    assert readable_lines(text, PLACES) == shown


def test_a_section_is_cited_by_number_and_title_an_appendix_by_its_name():
    assert cite(ReportRef(section="4.1.2", lines=(3060, 3062)), SECTIONS) == "§4.1.2 Assumpties"
    assert cite(ReportRef(section="Samenvatting"), SECTIONS) == "Samenvatting"
    assert cite(ReportRef(section="Bijlage 1B", table="Tabel 8"), SECTIONS) == \
        "Bijlage 1B Breedte en diepte, Tabel 8"
    refs = [ReportRef(section="4.1.2", lines=(3060, 3062)), ReportRef(section="4.1.2")]
    assert cite_each(refs, SECTIONS) == ["§4.1.2 Assumpties"]
