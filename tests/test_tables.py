"""The outcome table (Tabel 6) exports and the generic table helpers."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from office_support import cells_text, docx_text

from programtheory.model import OutcomeTable
from programtheory.tables import (Records, escape_latex, escape_markdown, item_records,
                                  outcome_grid, records_to_html, records_to_latex,
                                  records_to_markdown, to_docx, to_html, to_latex, to_markdown,
                                  to_xlsx)

XSS = "<img src=x onerror=alert(1)>"
LATEX = r"50% & $x_1 #2 {a} ~ ^ \z"


@pytest.fixture
def table() -> OutcomeTable:
    return OutcomeTable.model_validate({
        "table": {"title": {"nl": "Uitkomstentabel & co", "en": "Outcome table"},
                  "report": [{"section": "4.3", "lines": [4210, 4441], "table": "Tabel 6"}],
                  "note": "Ervaren impact."},
        "perspectives": [
            {"id": "client_self", "label": {"nl": "Cliëntniveau", "en": "client level"},
             "level": "client"},
            {"id": "team", "label": {"nl": "Teamniveau", "en": "team level"}, "level": "team"},
        ],
        "cells": [
            {"perspective": "client_self", "term": "short", "items": [
                {"id": "i1", "text": "Meer vertrouwen", "en": "More trust",
                 "polarity": "desired", "theory": ["rev_st_trust"],
                 "indicators": ["ind_feedback"]},
                {"id": "i2", "text": XSS, "polarity": "desired"},
                {"id": "i3", "text": "Tom &amp; Jerry", "polarity": "undesired",
                 "uncertain": {"reason": "Het proza plaatst dit op <korte> termijn."}},
            ]},
            {"perspective": "client_self", "term": "long", "items": [
                {"id": "i4", "text": LATEX, "polarity": "mixed"},
                {"id": "i5", "text": "=HYPERLINK(\"http://x\")", "polarity": "desired"},
            ]},
            {"perspective": "team", "term": "medium", "items": [
                {"id": "i6", "text": "Druk | stress", "polarity": "undesired",
                 "uncertain": {"reason": "Tabel en proza verschillen."},
                 "indicators": ["ind_feedback"]},
            ]},
        ],
        "indicators": [{"id": "ind_feedback", "label": {"nl": "Cliëntfeedback",
                                                        "en": "client feedback"},
                        "frequency": "jaarlijks", "baseline": {"value": 0, "year": 2021}}],
    })


class _Text(HTMLParser):
    """The text a browser would show, and every tag and attribute it would build."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def shown(page: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(page)
    return "".join(parser.text), parser.tags


def test_grid_layout_markers_and_notes(table):
    grid = outcome_grid(table)
    assert [p.id for p in grid.perspectives] == ["client_self", "team"]
    assert grid.terms == ("short", "medium", "long")
    assert [gi.item.id for gi in grid.cell("client_self", "short")] == ["i1", "i2", "i3"]
    assert grid.cell("team", "short") == []
    assert [(n.number, n.item.id) for n in grid.notes] == [(1, "i3"), (2, "i6")]
    i3 = grid.cell("client_self", "short")[2]
    assert i3.marker == "(−)" and i3.undesired and i3.uncertain_marker == "?1"
    assert grid.cell("client_self", "long")[0].marker == "(±)"
    assert [m for m, _ in grid.legend()] == ["(−)", "(±)", "?n"]


def test_html_escapes_every_text_exactly_once(table):
    page = to_html(table)
    text, tags = shown(page)
    assert XSS in text and "img" not in tags  # the payload is text, not an element
    assert "Tom &amp; Jerry" in text  # '&amp;' shown as written: escaped once, not twice
    assert "&amp;amp;amp;" not in page and "Tom &amp;amp; Jerry" in page
    assert "Het proza plaatst dit op <korte> termijn." in text
    assert "Uitkomstentabel & co" in text
    assert set(tags) <= {"table", "caption", "thead", "tbody", "tr", "th", "td", "ul", "li",
                         "em", "span", "sup", "a", "div", "code", "p", "strong", "ol",
                         "section", "h3"}


def test_html_marks_undesired_uncertain_and_links_details(table):
    page = to_html(table)
    assert '<li class="undesired" data-item="i3"><em>(−) Tom &amp;amp; Jerry</em>' in page
    assert 'href="#outcome-note-1">?1</a>' in page and 'id="outcome-note-1"' in page
    # ids only in data attributes and tooltips; indicators shown by their labels
    assert 'data-theory="rev_st_trust"' in page and 'title="ind_feedback"' in page
    text, _ = shown(page)
    assert "indicatoren: Cliëntfeedback" in text
    assert "rev_st_trust" not in text and "ind_feedback" not in text
    assert "(−) ongewenst effect" in text and "?1 Tom &amp; Jerry: Het proza" in text
    # the notes on uncertain placements form an appendix after the table, not inside it
    assert page.index("</table>") < page.index('id="outcome-note-1"')
    assert page.count('<tr><th scope="row">') == 2
    bare = to_html(table, details=False, english=False)
    assert "rev_st_trust" not in bare and "More trust" not in bare


def test_html_standalone_page_loads_nothing(table):
    page = to_html(table, standalone=True)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    parser = _Text()
    parser.feed(page)
    assert not {"script", "link", "img", "iframe", "object"} & set(parser.tags)
    assert not [name for name, _ in parser.attrs if name in ("src", "srcset", "style")]
    assert all(value.startswith("#") for name, value in parser.attrs if name == "href")
    style = page[page.index("<style>"):page.index("</style>")]
    assert "url(" not in style and "@import" not in style


def test_markdown(table):
    text = to_markdown(table)
    lines = text.splitlines()
    # the words around the data are in one language; only data texts get an English gloss
    assert lines[2].startswith("| Perspectief | Korte termijn | Middellange termijn |")
    rows = [line for line in lines if line.startswith("| Cliëntniveau") or
            line.startswith("| Teamniveau")]
    assert len(rows) == 2 and all(row.count(" | ") == 3 for row in rows)  # 4 cells each
    assert "\\<img src=x onerror=alert(1)\\>" in text
    assert not re.search(r"(?<!\\)[<>]", text.replace("<br>", ""))  # no raw HTML but ours
    assert "50% \\& \\$x\\_1" in text  # '$' escaped: Jupyter would start math
    assert "*(−) Tom \\&amp; Jerry* ?1" in text
    assert "Druk \\| stress" in text
    assert "- ?2 Druk \\| stress: Tabel en proza verschillen." in text


def test_latex(table):
    text = to_latex(table)
    assert escape_latex(LATEX) in text
    assert r"50\% \& \$x\_1 \#2 \{a\} \textasciitilde{} \textasciicircum{} \textbackslash{}z" \
        in text
    assert r"\textit{($-$) Tom \&amp; Jerry}~\textsuperscript{?1}" in text
    assert r"\textsuperscript{?2} Druk | stress: Tabel en proza verschillen." in text
    assert text.count(r"\\") == 3  # header and two perspective rows
    assert text.startswith(r"\begin{table}") and r"\end{table}" in text
    # the notes follow the table float as an appendix
    assert text.index(r"\end{table}") < text.index(r"\textsuperscript{?2} Druk")
    assert r"\begin{tabular}{p{0.16\linewidth}p{0.26\linewidth}p{0.26\linewidth}" in text


def test_xlsx_round_trip(table, tmp_path):
    import openpyxl
    path = to_xlsx(table, tmp_path / "tabel6.xlsx")  # a bare table: in its own language
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Uitkomstentabel & co", "Noten bij de tabel",
                               "Uitkomsten (ids)", "Indicatoren (ids)"]
    sheet = book["Uitkomstentabel & co"]
    header = [c.value for c in sheet[1]]
    assert header == ["Perspectief", "Korte termijn", "Middellange termijn", "Lange termijn"]
    assert sheet["A2"].value == "Cliëntniveau"
    assert sheet["A3"].value == "Teamniveau"
    assert sheet["B2"].value.split("\n") == [
        "• Meer vertrouwen", f"• {XSS}", "• (−) Tom &amp; Jerry ?1"]
    assert sheet["C2"].value is None and sheet["C3"].value == "• (−) Druk | stress ?2"
    assert sheet["D2"].value.split("\n")[1] == '• =HYPERLINK("http://x")'
    below = [sheet.cell(row=r, column=1).value for r in range(5, 12)]
    assert below[:2] == ["Uitkomstentabel & co", "(−) ongewenst effect (cursief)"]
    notes = [row[0].value for row in book.worksheets[1].iter_rows()]
    assert "?1 Tom &amp; Jerry: Het proza plaatst dit op <korte> termijn." in notes
    assert not any(text and text.startswith("?1") for text in below)

    items = book["Uitkomsten (ids)"]
    rows = [[c.value for c in row] for row in items.iter_rows()]
    # (the table cites no report place for its items: that column is left out)
    assert rows[0] == ["Item-id", "Perspectief", "Termijn", "Uitkomst", "Richting",
                       "Noot bij een onzekere plaatsing", "Theorie-elementen (ids)",
                       "Indicatoren (ids)"]
    assert len(rows) == 1 + 6
    by_id = {row[0]: dict(zip(rows[0], row, strict=False)) for row in rows[1:]}
    assert by_id["i3"]["Richting"] == "ongewenst" and by_id["i3"]["Termijn"] == "Korte termijn"
    assert by_id["i3"]["Noot bij een onzekere plaatsing"] == "?1"
    assert by_id["i1"]["Theorie-elementen (ids)"] == "rev_st_trust"
    assert by_id["i1"]["Indicatoren (ids)"] == "ind_feedback"
    assert by_id["i6"]["Perspectief"] == "Teamniveau"
    formula = [c for c in items["D"] if c.value == '=HYPERLINK("http://x")']
    assert formula and formula[0].data_type == "s"  # text, never a live formula

    indicators = [[c.value for c in row] for row in book["Indicatoren (ids)"].iter_rows()]
    assert indicators[1][:2] == ["ind_feedback", "Cliëntfeedback"]
    record = dict(zip(indicators[0], indicators[1], strict=False))
    assert record["Voorgesteld voor (item-ids)"] == "i1, i6" and record["Basislijn"] == 0
    assert record["Jaar basislijn"] == 2021
    assert "Doel" not in record  # no indicator has a target: no empty column


def test_xlsx_in_english_has_no_dutch_interface_word_and_no_gloss(table, tmp_path):
    import openpyxl
    book = openpyxl.load_workbook(to_xlsx(table, tmp_path / "t.xlsx", lang="en"))
    assert book.sheetnames == ["Outcome table", "Notes to the table", "Outcomes (ids)",
                               "Indicators (ids)"]
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == ["Perspective", "Short term", "Medium term",
                                           "Long term"]
    assert sheet["A2"].value == "client level"
    # an item's English where the data gives it, else its verbatim text
    assert sheet["B2"].value.split("\n")[:2] == ["• More trust", f"• {XSS}"]
    items = [[c.value for c in row] for row in book["Outcomes (ids)"].iter_rows()]
    assert items[0][:5] == ["Item id", "Perspective", "Term", "Outcome", "Direction"]
    assert items[1][3] == "More trust" and items[3][4] == "undesired"
    assert "Meer vertrouwen" not in cells_text(book.worksheets)
    assert "termijn" not in cells_text([sheet]).lower()  # (the notes' reasons are the data's Dutch)


def test_xlsx_italic_undesired(table, tmp_path):
    import openpyxl
    book = openpyxl.load_workbook(to_xlsx(table, tmp_path / "t.xlsx"), rich_text=True)
    cell = book.worksheets[0]["B2"].value
    italic = [block.text for block in cell if hasattr(block, "font") and block.font.i]
    assert italic == ["\n• (−) Tom &amp; Jerry ?1"]


@pytest.mark.parametrize(("lang", "first", "header"), [
    ("nl", "• Meer vertrouwen", "Korte termijn"), ("en", "• More trust", "Short term")])
def test_docx_round_trip(table, tmp_path, lang, first, header):
    import docx
    document = docx.Document(str(to_docx(table, tmp_path / "tabel6.docx", lang=lang)))
    assert len(document.tables) == 1
    word = document.tables[0]
    assert len(word.rows) == 3 and len(word.columns) == 4
    assert [c.text for c in word.rows[0].cells][1] == header
    cell = word.rows[1].cells[1]
    assert [p.text for p in cell.paragraphs] == [first, f"• {XSS}", "• (−) Tom &amp; Jerry ?1"]
    runs = cell.paragraphs[2].runs
    assert runs[1].text == "(−) Tom &amp; Jerry" and runs[1].italic
    assert runs[2].text == " ?1" and not runs[2].font.superscript  # full size: 7 pt or more
    assert not cell.paragraphs[0].runs[1].italic
    notes = [p.text for p in document.paragraphs]
    assert "?2 Druk | stress: Tabel en proza verschillen." in notes
    legend = {"nl": "(−) ongewenst effect", "en": "(−) undesired effect"}[lang]
    assert any(text.startswith(legend) for text in notes)
    assert notes[0] == {"nl": "Uitkomstentabel & co", "en": "Outcome table"}[lang]
    assert {"nl": "More trust", "en": "Meer vertrouwen"}[lang] not in docx_text(document)


def test_project_without_outcome_table(table):
    from programtheory.model import Project, SourcesFile
    empty = Project(root=".", versions={}, evidence=[], sources=SourcesFile(),
                    recommendations=[])
    with pytest.raises(ValueError, match="outcomes.yaml"):
        to_html(empty)


# ------------------------------------------------------------------ generic helpers

def test_records_helpers():
    rows = [["tijd & <ruimte>", 4, None], {"factor": "a|b", "n": 1.0, "noot": ["x", "y"]}]
    headers = ["factor", "n", "noot"]
    page = records_to_html(headers, rows, caption="Tabel 4", row_headers=True)
    assert '<th scope="row">tijd &amp; &lt;ruimte&gt;</th><td class="num">4</td><td></td>' in page
    assert '<td class="num">1</td><td><ul><li>x</li><li>y</li></ul></td>' in page and "<caption>Tabel 4</caption>" in page
    markdown = records_to_markdown(headers, rows)
    assert markdown.splitlines()[3] == "| a\\|b | 1 | x<br>y |"
    latex = records_to_latex(headers, rows, caption="Tabel_4")
    assert r"\caption{Tabel\_4}" in latex and r"tijd \& <ruimte> & 4 &  \\" in latex
    with pytest.raises(ValueError, match="2 cells for 3 headers"):
        records_to_html(headers, [["a", "b"]])


def test_records_class():
    records = Records(["a"], [{"a": "<x>"}], caption="c")
    assert len(records) == 1 and list(records) == [{"a": "<x>"}]
    assert "&lt;x&gt;" in records._repr_html_()
    assert escape_markdown("**x**") == "\\*\\*x\\*\\*"


# ------------------------------------------------------------------ the real project

@pytest.fixture(scope="module")
def real_table(real_project):
    assert real_project.outcome_table is not None
    return real_project.outcome_table


def test_real_tabel6_shape(real_table, tmp_path):
    grid = outcome_grid(real_table)
    assert len(grid.perspectives) == 5 and len(grid.terms) == 3
    page = to_html(real_table)
    assert page.count('<tr><th scope="row">') == 5
    assert page.count('<th scope="col">') == 4
    import openpyxl
    sheet = openpyxl.load_workbook(to_xlsx(real_table, tmp_path / "t6.xlsx")).worksheets[0]
    table_rows = [[c.value for c in row][:4] for row in sheet.iter_rows(min_row=1, max_row=6)]
    assert all(all(cell is not None for cell in row[:1]) for row in table_rows)
    assert sheet.cell(row=7, column=1).value is None  # the table ends after 5 rows
    import docx
    word = docx.Document(str(to_docx(real_table, tmp_path / "t6.docx"))).tables[0]
    assert (len(word.rows), len(word.columns)) == (6, 4)
    items = item_records(real_table)
    assert len(items) == sum(len(c.items) for c in real_table.cells)
    assert {r["term"] for r in items.rows} == {"short", "medium", "long"}
    assert any(r["polarity"] == "undesired" for r in items.rows)


def test_every_format_carries_the_tables_own_note(real_table, tmp_path):
    note = outcome_grid(real_table).table_note
    assert note, "Tabel 6 carries the report's caveat as its note"
    words = note.split()[:4]
    for text in (to_latex(real_table), to_markdown(real_table)):
        assert all(word.strip(".,;:()") in text for word in words)


def test_a_label_in_one_language_or_the_same_text_twice_shows_once():
    from programtheory.model import Label
    from programtheory.outcome_table import _both
    assert _both(Label(en="Trust"), english=True, lang="nl") == "Trust"
    assert _both(Label(nl="Vertrouwen", en="Vertrouwen"), english=True, lang="nl") == "Vertrouwen"
    assert _both(Label(nl="Vertrouwen", en="Trust"), english=True, lang="nl") == \
        "Vertrouwen (Trust)"
    assert _both(Label(nl="Vertrouwen", en="Trust"), english=False, lang="nl") == "Vertrouwen"
    assert _both(Label(nl="Vertrouwen", en="Trust"), english=True, lang="en") == "Trust"

def test_an_english_page_shows_an_items_english_and_keeps_the_verbatim_text_as_tooltip(
        real_project):
    from programtheory.outcome_table import to_html, to_markdown
    item = next(i for cell in real_project.outcome_table.cells for i in cell.items
                if i.en and i.en != i.text)
    english = html.unescape(to_html(real_project, lang="en"))
    assert f'title="{item.text}">{item.en}<' in english
    assert item.text in to_markdown(real_project, lang="nl")
    assert item.en not in to_markdown(real_project, lang="nl")
