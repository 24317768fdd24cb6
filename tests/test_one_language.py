"""One language per page: a figure, legend or table in English holds no Dutch interface word,
and one in Dutch holds no English one. The project's own data (labels, quotes, captions it
defines) is left out of the check: a Dutch project's labels stay Dutch on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from project_support import EXAMPLE

from programtheory import build_graph
from programtheory.barometer import breakdown_records
from programtheory.barometer_tables import critical_elements_records, factor_records, wave_records
from programtheory.evidence_map import evidence_map
from programtheory.legend import legend_rows
from programtheory.outcome_table import to_html, to_markdown
from programtheory.project import load_project
from programtheory.render import static_figure

DUTCH_INTERFACE = ("legende", "acties", "bronnen", "uitkomsten", "termijn", "blz", "overzicht",
                   "stap", "herziening", "geen", "bewijs", "niveau", "groep", "citaten",
                   "elementen", "zonder", "perspectief", "noten", "onderdrukt", "versie",
                   "paden", "zwakst")
ENGLISH_INTERFACE = ("legend", "actions", "resources", "outcomes", "term", "page", "overview",
                     "step", "revision", "none", "evidence", "level", "group", "quotes",
                     "elements", "without", "perspective", "notes", "suppressed", "version",
                     "paths", "weakest", "share", "source")


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]+", text)}


def _data_words(project, lang: str) -> set[str]:
    """Every word of the project's own texts in `lang` (ids, and texts marked as another
    language, `en:`/`label_en` and the like, left out)."""
    other = {code for code in ("nl", "en") if code != lang}
    words: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if str(key) not in other and str(key).rsplit("_", 1)[-1] not in other:
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)
        elif isinstance(value, str) and not re.fullmatch(r"[a-z0-9_]+", value):
            words.update(_words(value))  # an id (lower case, underscores) is no text

    root = Path(project.root)
    for path in [*root.glob("*.yaml"), *(root / "theory").rglob("*.yaml")]:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return words


def _svg_text(svg: bytes) -> str:
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg.decode("utf-8")))


def _records_text(records, *, headers: bool = True) -> str:
    """The caption, headers (unless they are field names, not headings) and cells."""
    cells = [str(v) for row in records.rows for v in row.values()]
    return " ".join([records.caption or "", *(records.columns if headers else ()), *cells])


def _pieces(project, lang: str) -> dict[str, str]:
    graph = build_graph(project)
    pieces = {"figure": _svg_text(static_figure(graph, "svg", lang=lang)),
              "legend": " ".join(title + " " + " ".join(item.label for item in items)
                                 for title, items in legend_rows(graph, lang))}
    if project.outcome_table is not None:
        pieces["outcome table"] = (re.sub(r"<[^>]+>", " ", to_html(project, lang=lang)) + " "
                                   + to_markdown(project, lang=lang))
    found = evidence_map(project, lang=lang)
    pieces["evidence map"] = " ".join(  # columns are field names (label_nl, weakest_links)
        _records_text(r, headers=False) for r in (found.quotes, found.unevidenced_records(),
                                   found.path_records()))
    pieces["evidence map"] += " " + found.by_kind.caption + " " + found.by_work_package.caption
    barometer = project.barometer
    if barometer is not None:
        tables = [wave_records(barometer, lang=lang), factor_records(barometer, lang=lang),
                  critical_elements_records(barometer, lang=lang)]
        tables += [breakdown_records(w, lang=lang) for w in barometer.waves]
        pieces["barometer"] = " ".join(_records_text(t) for t in tables)
    return pieces


def _foreign(project, lang: str, interface_words: tuple[str, ...]) -> dict[str, list[str]]:
    allowed = _data_words(project, lang)
    found = {}
    for name, text in _pieces(project, lang).items():
        words = sorted((_words(text) & set(interface_words)) - allowed)
        if words:
            found[name] = words
    return found


def test_the_word_check_sees_a_foreign_interface_word():
    assert _words("Legende / legend, blz. 2") >= {"legende", "legend", "blz"}
    assert not set(DUTCH_INTERFACE) & set(ENGLISH_INTERFACE)


@pytest.fixture(scope="module")
def example():
    return load_project(EXAMPLE)


def test_an_english_project_in_english_shows_no_dutch(example):
    assert _foreign(example, "en", DUTCH_INTERFACE) == {}


def test_the_dutch_project_in_dutch_shows_no_english(real_project):
    assert _foreign(real_project, "nl", ENGLISH_INTERFACE) == {}


def test_the_dutch_project_in_english_shows_no_dutch_interface_word(real_project):
    """The data stays Dutch; the words around it are English."""
    assert _foreign(real_project, "en", DUTCH_INTERFACE) == {}


@pytest.mark.parametrize(("lang", "sheet", "note"), [("en", "Table", "text continues in the 2"),
                                                     ("nl", "Tabel", "de tekst gaat verder")])
def test_the_notes_in_a_workbook_speak_the_page_language(tmp_path, lang, sheet, note):
    from openpyxl import Workbook, load_workbook

    from programtheory.exports import records_to_xlsx
    from programtheory.tables import Records, _continue_below

    path = records_to_xlsx(Records(["a"], [{"a": "x"}]), tmp_path / "t.xlsx", lang=lang)
    assert load_workbook(path).active.title == sheet
    book = Workbook()
    cell = book.active.cell(row=1, column=1, value="first part")
    _continue_below(book.active, [(cell, ["second", "third"])], lang)
    assert book.active["A1"].comment.text.startswith(note)


def test_a_dutch_outcome_table_has_no_english_gloss_unless_asked(real_project):
    assert 'lang="en"' not in to_html(real_project, lang="nl")
    assert "(Perspective)" not in to_markdown(real_project, lang="nl")
    assert 'lang="en"' in to_html(real_project, lang="nl", english=True)  # the glosses on request


# ------------------------------------------------------------------ the outcome table's office files

@pytest.fixture(scope="module")
def office_texts(real_project, tmp_path_factory):
    """{lang: (the workbook's text, the document's text)} of the SofS outcome table."""
    import openpyxl
    from office_support import docx_text, xlsx_text

    from programtheory.outcome_office import to_docx, to_xlsx

    out = tmp_path_factory.mktemp("office")
    texts = {}
    for lang in ("nl", "en"):
        book = to_xlsx(real_project, out / f"t_{lang}.xlsx", lang=lang)
        sheet_names = " ".join(openpyxl.load_workbook(book, read_only=True).sheetnames)
        document = to_docx(real_project, out / f"t_{lang}.docx", lang=lang, details=True)
        texts[lang] = (f"{sheet_names} {xlsx_text(book)}", docx_text(document))
    return texts


def _outcome_items(project):
    return [item for cell in project.outcome_table.cells for item in cell.items]


def _glosses(project) -> set[str]:
    """Every English text of the outcome table's data that differs from its Dutch."""
    table = project.outcome_table
    labels = [table.table.title, *(p.label for p in table.perspectives),
              *(i.label for i in table.indicators)]
    out = {label.en for label in labels if label.en and label.en != label.nl}
    return out | {i.en for i in _outcome_items(project) if i.en and i.en != i.text}


@pytest.mark.parametrize("kind", [0, 1], ids=["xlsx", "docx"])
def test_the_dutch_outcome_files_hold_no_english(real_project, office_texts, kind):
    text = office_texts["nl"][kind]
    glosses = _glosses(real_project)
    assert len(glosses) > 50
    assert not [g for g in glosses if g in text]  # no gloss, in brackets or otherwise
    assert not (_words(text) & set(ENGLISH_INTERFACE)) - _data_words(real_project, "nl")


@pytest.mark.parametrize("kind", [0, 1], ids=["xlsx", "docx"])
def test_the_english_outcome_files_hold_no_dutch_interface_word(real_project, office_texts, kind):
    text = office_texts["en"][kind]
    assert not (_words(text) & set(DUTCH_INTERFACE)) - _data_words(real_project, "en")
    assert all(word in text for word in ("Perspective", "Short term", "Long term"))
    translated = [i for i in _outcome_items(real_project) if i.en and i.en != i.text]
    assert len(translated) > 40
    assert all(i.en in text for i in translated)
    # an item's Dutch shows only where the data gives no English for it (or a note quotes it)
    uncertain = [i.uncertain.reason for i in _outcome_items(real_project) if i.uncertain]
    notes = " ".join([real_project.outcome_table.table.note, *uncertain])
    assert not [i.text for i in translated if i.text in text and i.text not in notes]
