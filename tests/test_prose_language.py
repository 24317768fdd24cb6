"""The data's own prose (descriptions, notes, the reasons for an uncertain placement, an
indicator's data source and frequency) is written in one language, `text_language` in
project.yaml. A page in that language shows it; a page in another leaves it out, so that every
page reads in one language. The shipped project's prose is English, its primary language Dutch."""

from __future__ import annotations

import html
import json
import re

import pytest

from programtheory import build_graph
from programtheory.citations import project_places, readable_lines
from programtheory.diff import diff_versions
from programtheory.interactive import interactive_html
from programtheory.outcome_office import indicator_view
from programtheory.outcome_table import outcome_grid, to_html, to_markdown


def _with_prose_in(project, language: str | None):
    """The project with its prose declared in `language` (None: the primary language)."""
    settings = project.settings.model_copy(update={"text_language": language})
    return project.model_copy(update={"settings": settings})


def _panel(project, version: str, lang: str) -> dict:
    page = interactive_html(build_graph(project, version), project=project, lang=lang)
    found = re.search(r'<script type="application/json" id="pt-data">(.*?)</script>', page,
                      re.S)
    return json.loads(found.group(1))


def test_the_settings_say_which_pages_show_the_prose(real_project):
    assert real_project.settings.prose_language == "en"
    assert real_project.settings.prose_shown("en") and not real_project.settings.prose_shown("nl")
    assert real_project.settings.prose_language_name("nl") == "Engels"
    default = _with_prose_in(real_project, None).settings
    assert default.prose_language == "nl" and default.prose_shown("nl")


def test_the_reasons_for_uncertain_placements_appear_only_in_their_own_language(real_project):
    reasons = [n.reason for n in outcome_grid(real_project, "en").notes]  # lines: sections
    assert len(reasons) >= 5 and all(reasons)
    table_note = real_project.outcome_table.table.note
    for render in (lambda lang: html.unescape(to_html(real_project, lang=lang)),
                   lambda lang: to_markdown(outcome_grid(real_project, lang))):
        english, dutch = render("en"), render("nl")
        assert not re.search(r"\bL\d{3,6}\b", english)  # sections, not extraction lines
        for reason in reasons:
            assert " ".join(reason.split())[:60] in " ".join(english.split())
            assert " ".join(reason.split())[:60] not in " ".join(dutch.split())
        assert table_note[:60] not in dutch
        assert "in het Engels geschreven" in dutch
        # the markers stay: a reader still sees which placements are uncertain
        assert dutch.count("?1") >= 1 and "onzekere plaatsing" in dutch


def test_a_dutch_page_shows_the_prose_when_the_prose_is_dutch(real_project):
    dutch_prose = _with_prose_in(real_project, "nl")
    grid = outcome_grid(dutch_prose, "nl")
    assert grid.prose_shown and grid.notes[0].reason in grid.appendix()[0]
    english = outcome_grid(dutch_prose, "en")
    assert not english.prose_shown and "written in Dutch" in english.appendix()[0]


def test_the_indicator_table_leaves_out_what_is_written_in_another_language(real_project):
    dutch, english = indicator_view(real_project, "nl"), indicator_view(real_project, "en")
    assert len(english.columns) > len(dutch.columns)
    places = project_places(real_project)
    descriptions = [readable_lines(i.description, places)
                    for i in real_project.outcome_table.indicators if i.description]
    sources = [readable_lines(i.data_source, places)
               for i in real_project.outcome_table.indicators if i.data_source]
    dutch_cells = json.dumps(dutch.rows, ensure_ascii=False)
    english_cells = json.dumps(english.rows, ensure_ascii=False)
    for text in descriptions + sources:
        assert json.dumps(text, ensure_ascii=False)[1:-1] not in dutch_cells
        assert json.dumps(text, ensure_ascii=False)[1:-1] in english_cells
    # and no line of the text extraction, which nobody holding the report can use
    assert not re.search(r"\bL\d{3,6}\b", english_cells)
    assert len(dutch.rows) == len(english.rows) == len(real_project.outcome_table.indicators)


@pytest.mark.parametrize("version", ["initial", "revised"])
def test_the_panel_shows_descriptions_and_notes_only_in_their_language(real_project, version):
    english, dutch = _panel(real_project, version, "en"), _panel(real_project, version, "nl")
    described = [n for n, entry in english["nodes"].items() if entry["description"]]
    noted = [n for n, entry in english["nodes"].items() if entry["note"]]
    assert len(described) > 10 and len(noted) > 10
    assert all(not entry["description"] and not entry["note"]
               for entry in dutch["nodes"].values())


def test_the_revision_page_names_a_changed_description_but_shows_no_english_note(real_project):
    diff = diff_versions(real_project, "initial", "revised")
    english = diff.to_markdown("en", ids=False)
    dutch = diff.to_markdown("nl", ids=False)
    notes = [c.note for c in diff.changes() if c.note]
    assert len(notes) > 10
    assert all(" ".join(note.split())[:50] not in " ".join(dutch.split()) for note in notes)
    assert sum(" ".join(note.split())[:30] in " ".join(english.split()) for note in notes) > 10
    assert not re.search(r"\bL\d{3,6}\b", english)


def test_a_page_in_the_original_language_shows_no_translation_as_a_gloss(real_project):
    """The panel of a translated page gives the report's own wording under each label; the
    page in the report's language adds no translation (that would be a second language)."""
    dutch, english = _panel(real_project, "revised", "nl"), _panel(real_project, "revised", "en")
    assert not any(entry["gloss"] for entry in dutch["nodes"].values())
    glossed = [n for n, entry in english["nodes"].items() if entry["gloss"]]
    labels = {n.id: n.label for n in real_project.version("revised").nodes}
    assert len(glossed) > 20
    assert all(english["nodes"][n]["gloss"] == labels[n].nl for n in glossed if n in labels)


def test_the_dutch_workbook_holds_no_english_prose_and_no_extraction_lines(real_project,
                                                                          tmp_path):
    from openpyxl import load_workbook

    from programtheory.outcome_office import to_xlsx

    def cells(lang: str) -> str:
        book = load_workbook(to_xlsx(real_project, tmp_path / f"{lang}.xlsx", lang=lang))
        return " ".join(str(c.value) for sheet in book for row in sheet.iter_rows()
                        for c in row if c.value is not None)

    dutch, english = cells("nl"), cells("en")
    indicators = real_project.outcome_table.indicators
    descriptions = [" ".join(i.description.split())[:40] for i in indicators if i.description]
    assert len(descriptions) > 10
    assert not any(text in " ".join(dutch.split()) for text in descriptions)
    assert sum(text in " ".join(english.split()) for text in descriptions) > 10
    assert not re.search(r"\bL\d{3,6}\b", dutch) and not re.search(r"\bL\d{3,6}\b", english)


def test_a_text_language_the_project_does_not_list_is_reported(tmp_path):
    import shutil

    from programtheory.project import validate
    from project_support import EXAMPLE

    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    settings = folder / "project.yaml"
    settings.write_text(settings.read_text("utf-8").replace(
        "languages: [en]\n", "languages: [en]\ntext_language: en-GB\n"), "utf-8")
    findings = validate(folder)
    found = [f for f in findings if f.code == "PT126"]
    assert len(found) == 1 and "text_language" in found[0].message and found[0].line == 6
    # a warning: the settings still hold, so the project's own columns raise no error
    assert not [f for f in findings if f.severity.value == "error"]


def test_a_researchers_reason_for_a_grade_shows_in_its_own_language_only():
    from programtheory.confidence_tables import confidence_tables
    from programtheory.model import ConfidenceDecision
    from programtheory.synthetic import link, node, project_of

    reason = "Two case studies contradict each other, so one grade lower."
    project = project_of([node("a", "action", "Huisbezoek"), node("b", "output", "Plan")],
                         [link("L1", "a", "b", confidence=ConfidenceDecision(grade="low",
                                                                             reason=reason))])
    settings = project.settings.model_copy(update={"languages": ["nl", "en"],
                                                   "text_language": "en"})
    project = project.model_copy(update={"settings": settings})
    for lang, shown in (("en", True), ("nl", False)):
        soqf, profile = confidence_tables(project, language=lang)
        cells = json.dumps([soqf.rows, profile.rows], ensure_ascii=False)
        assert (reason in cells) is shown
        decisions = [row[soqf.columns[2]] for row in soqf.rows if row[soqf.columns[2]]]
        assert len(decisions) == 1  # the grade itself shows in every language


def test_the_panel_cites_sections_and_keeps_the_lines_for_a_tooltip(real_project):
    english = _panel(real_project, "initial", "en")
    shown = [entry[key] for entry in english["nodes"].values()
             for key in ("description", "note")] + [
        place for entry in [*english["nodes"].values(), *english["edges"].values()]
        for place in entry["report"]]
    assert not [text for text in shown if re.search(r"\bL\d{3,6}\b", text)]
    with_lines = [entry for entry in english["nodes"].values()
                  if re.search(r"\bL\d{3,6}\b", " ".join(entry["report_lines"]))]
    assert len(with_lines) > 20
