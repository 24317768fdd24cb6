"""build.site and build.texts: the out-of-date banner, the index in one language, the switch."""

from __future__ import annotations

import html
import json
from pathlib import Path

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
