"""build.site and build.texts: the out-of-date banner, the index in one language, the switch."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programtheory.build.results import BuildResult, NotebookResult, Status
from programtheory.build.site import (language_switch, mark_notebook_out_of_date,
                                      mark_out_of_date, out_of_date_banner, render_index)
from programtheory.build.texts import text
from programtheory.messages import languages, messages_under

PAGE = ('<!DOCTYPE html>\n<html lang="nl">\n<head><title>Kaart</title></head>\n'
        '<body class="jp-Notebook">\n<nav class="pt-nav"><a href="../index.html">x</a></nav>\n'
        "<main>inhoud</main>\n</body>\n</html>\n")


def test_every_catalogue_has_every_build_text_and_every_status_a_label():
    keys = set(messages_under("build", "en"))
    for lang in languages():
        assert set(messages_under("build", lang)) == keys, lang
        for status in Status:
            assert text(lang, f"status_{status.value}"), (lang, status)


@given(error=st.text(st.characters(exclude_characters="\r", exclude_categories=("Cs",)),
                       min_size=1, max_size=80), times=st.integers(1, 3),
       lang=st.sampled_from(["nl", "en"]))
def test_the_banner_names_the_error_escaped_once_and_is_never_doubled(tmp_path_factory, error,
                                                                      times, lang):
    page = tmp_path_factory.mktemp("s") / "kaart.html"
    page.write_text(PAGE, encoding="utf-8")
    for _ in range(times):
        mark_out_of_date(page, out_of_date_banner(lang, error, "2026-01-01"), lang)
    body = page.read_text(encoding="utf-8")
    assert body.count('class="pt-out-of-date"') == 1
    assert body.count(f"<title>[{text(lang, 'stale_word')}] Kaart</title>") == 1
    assert html.escape(error, quote=True) in body
    # the banner comes before the page's content, after its navigation
    assert body.index("pt-nav") < body.index("pt-out-of-date") < body.index("<main>")


def test_the_dutch_banner_says_verouderd(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(PAGE, encoding="utf-8")
    mark_out_of_date(page, out_of_date_banner("nl", "ValueError: kapot", ""), "nl")
    body = page.read_text(encoding="utf-8")
    assert "Verouderd." in body and "ValueError: kapot" in body and "[verouderd]" in body


def test_a_kept_notebook_gets_one_out_of_date_cell(tmp_path):
    nb = tmp_path / "x.ipynb"
    nb.write_text(json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": "1"}],
                              "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), "utf-8")
    for error in ("first", "second"):
        mark_notebook_out_of_date(nb, "en", error)
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    assert len(cells) == 2 and "second" in cells[0]["source"]
    assert "first" not in cells[0]["source"] and cells[1]["source"] == "1"


def _result(out: Path, lang: str, *notebooks: NotebookResult) -> BuildResult:
    return BuildResult(out, out / "index.html", list(notebooks), 0.0, lang=lang)


def test_the_index_is_in_one_language(tmp_path):
    for lang, other in (("nl", "en"), ("en", "nl")):
        page = render_index(_result(tmp_path, lang, NotebookResult("x", Status.CACHED)))
        assert f'<html lang="{lang}">' in page
        assert text(lang, "site_title") in page and text(other, "site_title") not in page
        assert text(lang, "status_cached") in page
        assert text(other, "status_cached") not in page


def test_a_failed_notebook_with_kept_outputs_is_shown_out_of_date(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    for name in ("x.html", "x.ipynb", "fig.svg"):
        (folder / name).write_text("-", encoding="utf-8")
    failed = NotebookResult("x", Status.FAILED, reason="boom <b>", folder=folder,
                            page=folder / "x.html", notebook=folder / "x.ipynb",
                            outputs=[folder / "fig.svg"], kept_outputs=True)
    page = render_index(_result(tmp_path, "nl", failed))
    section = page.split('id="x"', 1)[1]
    assert "MISLUKT — verouderde uitvoer" in section and "boom &lt;b&gt;" in section
    assert section.index("verouderd") < section.index("x/fig.svg")
    assert 'class="failed"' in page


def test_the_language_switch_links_the_other_languages_only():
    nav = language_switch("nl", ["nl", "en"], "../")
    assert 'href="../en/index.html"' in nav and 'href="../nl/index.html"' not in nav
    assert language_switch("nl", ["nl"], "../") == ""


# ---------------------------------------------------------------- the page export

_PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU"
        "5ErkJggg==")


def _notebook_with_every_output():
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Titel\n\n![](figuur.png) en <img src='b.png'>"),
        nbformat.v4.new_code_cell("x = 1", outputs=[
            nbformat.v4.new_output("display_data", data={"image/png": _PNG}),
            nbformat.v4.new_output("display_data", data={
                "text/html": '<p title="alt=geen">a &amp; b</p><img src="c.png">'
                             '<img alt="" src="d.png"><IMG SRC=e.png ALT=e>'
                             '<script>var s = "<img src=f.png>";</script>'
                             '<style>/* <img src=g.png> */</style>'
                             '<div class="jp-OutputArea-output">binnen</div>'}),
            nbformat.v4.new_output("stream", text="tekst <img src=h.png>\n"),
            nbformat.v4.new_output("execute_result", data={"text/plain": "1 < 2"},
                                   execution_count=1),
        ]),
    ]
    return notebook


@pytest.mark.parametrize(("markup", "edited"), [
    ('<img src="a.png">', '<img src="a.png" alt="Geen &amp; beeld">'),
    ('<IMG SRC=a.png />', '<IMG SRC=a.png alt="Geen &amp; beeld"/>'),
    ('<img src="a>b.png">', '<img src="a>b.png" alt="Geen &amp; beeld">'),
    # the author's alternative text stays, however it is written
    ('<img alt src=a.png>', None), ("<img/alt='x'>", None), ('<IMG ALT="x" src=a>', None),
    # no image: in an attribute, a comment, a script, a style, or another element's name
    ('<p title="<img src=x>">t</p>', None), ('<!-- <img src=x> -->', None),
    ('<script>var s = "<img src=x>";</script>', None), ('<style>/*<img src=x>*/</style>', None),
    ('<!-- <script> --><img src=a.png>', '<!-- <script> --><img src=a.png alt="Geen &amp; beeld">'),
    ('<imgx src=a.png>', None),
    ('<div id="c" class="x jp-OutputArea-output">', '<div id="c" class="x jp-OutputArea-output" '
                                                     'tabindex="0">'),
    ('<div class="jp-Cell-inputWrapper" tabindex="-1">', None),
    ('<div class="jp-OutputArea-outputs">', None),
])
def test_the_page_edits_touch_only_the_tags_they_are_for(markup, edited):
    from programtheory.build.site import accessible_markup

    assert accessible_markup(f"<p>1 < 2</p>{markup}", "Geen & beeld") == \
        f"<p>1 < 2</p>{edited or markup}"


def _shape(soup) -> tuple[list, list]:
    """Every element (name and attributes) and every text of a document, in order; the
    whitespace between elements aside."""
    elements = [(tag.name, sorted((name, " ".join(value) if isinstance(value, list) else value)
                                  for name, value in tag.attrs.items()))
                for tag in soup.find_all(True)]
    return elements, [s.strip() for s in soup.find_all(string=True) if s.strip()]


def test_a_page_has_the_markup_of_nbconverts_own_export_with_the_alt_text_in_its_language(
        tmp_path):
    """The page exporter leaves out nbconvert's BeautifulSoup pass and makes its two edits on
    the text: read as a document, the page is nbconvert's own page, but for the language of
    the alternative text it gives an image without one."""
    import jinja2
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    from programtheory.build.site import _PAGE_TEMPLATE, export_page

    notebook = _notebook_with_every_output()
    for show_input in (True, False):
        export_page(notebook, tmp_path / "page.html", "Titel", show_input, "nl")
        ours = BeautifulSoup((tmp_path / "page.html").read_text(encoding="utf-8"),
                             "html.parser")
        stock = HTMLExporter(template_name="lab", template_file="pt_offline.html.j2",
                             extra_loaders=[jinja2.DictLoader(
                                 {"pt_offline.html.j2": _PAGE_TEMPLATE})],
                             exclude_input=not show_input,
                             exclude_input_prompt=not show_input,
                             exclude_output_prompt=True, require_js_url="", mathjax_url="",
                             language_code="nl")
        theirs, _ = stock.from_notebook_node(
            notebook, resources={"metadata": {"name": "Titel"}, "pt_back": text("nl", "back")})
        theirs = BeautifulSoup(theirs, "html.parser")
        given_alt = [img for img in ours.find_all("img")
                     if img.get("alt") == text("nl", "image_without_description")]
        assert [img["src"][:10] for img in given_alt] == ["b.png", "data:image", "c.png"]
        for img in given_alt:
            img["alt"] = "No description has been provided for this image"
        for soup in (ours, theirs):  # what the site adds after the export, on both
            for tag in soup.find_all(["style", "script", "link"]):
                tag.decompose()
        assert _shape(ours) == _shape(theirs)
        focusable = ours.select("div.jp-OutputArea-output[tabindex='0']")
        assert len(focusable) == 5  # four outputs and the one inside the HTML


def test_a_warmed_exporter_exports_a_page_without_compiling_a_template(tmp_path, monkeypatch):
    """`warm_exporter`, which the build runs before it forks its workers, compiles every
    template a page needs: a worker's export then compiles none."""
    import jinja2

    from programtheory.build import site

    monkeypatch.setattr(site, "_EXPORTERS", {})  # a process that has exported nothing yet
    site.warm_exporter()
    compiled = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    site.export_page(_notebook_with_every_output(), tmp_path / "page.html", "Titel", False, "nl")
    assert "Titel" in (tmp_path / "page.html").read_text(encoding="utf-8")
    assert compiled == []


def test_the_same_notebook_gives_the_same_page_on_every_build(tmp_path):
    """nbformat gives every cell a random id, which reaches the page (`id="cell-id=…"`); the
    build numbers the cells by their place, so a page changes only when its notebook does."""
    import nbformat

    from programtheory.build.run import clean_metadata
    from programtheory.build.site import export_page

    pages = []
    for build in ("a", "b"):
        notebook = _notebook_with_every_output()
        notebook.cells.insert(0, nbformat.v4.new_code_cell("y = 2"))
        clean_metadata(notebook, "kaart", [])
        export_page(notebook, tmp_path / f"{build}.html", "Titel", False, "nl")
        pages.append((tmp_path / f"{build}.html").read_text(encoding="utf-8"))
        assert [cell["id"] for cell in notebook.cells] == ["cell-1", "cell-2", "cell-3"]
    assert pages[0] == pages[1]
    assert 'id="cell-id=cell-3"' in pages[0]


def test_the_export_counts_the_images_it_gave_the_stand_in_text(tmp_path):
    """The build logs that count, so an author learns which page's images need a description."""
    import nbformat

    from programtheory.build.site import export_page

    assert export_page(_notebook_with_every_output(), tmp_path / "a.html", "Titel", False,
                       "nl") == 3
    described = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "<img src='a.png' alt='Het netwerk'> en ![Kaart](b.png)")])
    assert export_page(described, tmp_path / "b.html", "Titel", False, "nl") == 0
