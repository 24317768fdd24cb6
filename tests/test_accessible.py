"""Text alternatives: every SVG figure has a root <title> and <desc> saying what it shows, and
every inline image has alt text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programtheory import charts
from programtheory.accessible import label_svg, svg_title_desc
from programtheory.interactive import image_html
from programtheory.textsafe import export_text
from project_support import REPO

SVG = "{http://www.w3.org/2000/svg}"
BARE = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10"><g/></svg>'


def root_labels(data: bytes) -> tuple[str, str]:
    """The title and desc that are the first two children of the root, as a reader gets them."""
    root = ET.fromstring(data)
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby").split()
    first, second = list(root)[:2]
    assert (first.tag, second.tag) == (SVG + "title", SVG + "desc")
    assert [first.get("id"), second.get("id")] == ids
    return first.text or "", second.text or ""


def test_label_svg_puts_title_and_desc_first_and_replaces_them_when_labelled_again():
    once = label_svg(BARE, "Figuur <1> & zo", "toont \"x\"")
    assert root_labels(once) == ("Figuur <1> & zo", 'toont "x"')
    twice = label_svg(once, "Nieuw", "anders")
    assert root_labels(twice) == ("Nieuw", "anders")
    assert twice.count(b"<title") == 1 and twice.count(b"aria-labelledby") == 1


@pytest.mark.parametrize("data, title, desc, message", [
    (b"<html></html>", "t", "d", "not an SVG"),
    (BARE, " ", "d", "needs a title"),
    (BARE, "t", "", "needs a title and a description"),
])
def test_label_svg_refuses_what_it_cannot_label(data, title, desc, message):
    with pytest.raises(ValueError, match=message):
        label_svg(data, title, desc)


@settings(max_examples=150, deadline=None)
@given(title=st.text(min_size=1, max_size=80).filter(lambda t: t.strip()),
       desc=st.text(min_size=1, max_size=200).filter(lambda t: t.strip()))
def test_any_text_reads_back_as_itself(title, desc):
    """Whatever the data says, the SVG stays well-formed and a reader gets the text back
    (control, bidirectional and hiding characters dropped as in every export, see
    `textsafe.export_text`; white space collapsed)."""
    def expected(text: str) -> str:
        kept = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", export_text(text))
        return " ".join(kept.split())

    if not expected(title) or not expected(desc):
        return
    data = label_svg(BARE, title, desc)
    assert root_labels(data) == (expected(title), expected(desc))
    assert svg_title_desc(data) == (expected(title), expected(desc))


def test_factor_chart_svg_names_every_factor_with_its_count(real_project, tmp_path):
    level = real_project.barometer.factor_levels[0]
    figure = charts.factors_chart(real_project.barometer, levels=[level])
    svg = charts.save_figure(figure, tmp_path, "t5", formats="svg")[0]
    title, desc = root_labels(svg.read_bytes())
    factors = [f for f in real_project.barometer.factors if f.level == level]
    assert level in title + desc
    for factor in factors:
        shown = " ".join(factor.text.split())[:25]
        assert re.search(re.escape(shown) + r"[^:]*: " + str(factor.count) + r"(;| ·|\.|$)", desc), \
            factor.id


def test_every_chart_svg_is_labelled(real_project, tmp_path):
    figures = {"verdeling": charts.distribution_chart(real_project.barometer.waves[0],
                                                     real_project.barometer.instrument),
               "trend": charts.trend_chart(real_project.barometer)}
    for stem, figure in figures.items():
        title, desc = root_labels(charts.save_figure(figure, tmp_path, stem, "svg")[0]
                                  .read_bytes())
        assert "barometer" in title.lower() and len(desc) > 40, stem


def test_theory_figure_svg_counts_what_it_draws(real_project, tmp_path):
    from programtheory.render import render_formats

    path = render_formats(real_project, {"svg": tmp_path / "t.svg"})["svg"]
    title, desc = root_labels(path.read_bytes())
    drawn = len(re.findall(rb'<g id="node&#45;', path.read_bytes()))
    assert title.startswith("Programmatheorie")
    assert re.search(rf"\b{drawn} elementen\b", desc), desc
    assert "Acties" in desc and "verbanden" in desc


def test_drawn_diff_svg_is_labelled(real_project, tmp_path):
    from programtheory.diff import diff_graph, draw_diff

    versions = sorted(p.stem for p in (REPO / "theory" / "versions").glob("*.yaml"))
    graph = diff_graph(real_project, versions[0], versions[-1])
    title, desc = root_labels(draw_diff(graph, tmp_path / "d.svg").read_bytes())
    assert title.startswith("Verschil") and "Toegevoegd" in desc


def test_image_alt_defaults_to_the_svg_title_and_the_description_follows(tmp_path):
    svg = tmp_path / "f.svg"
    svg.write_bytes(label_svg(BARE, "Scores & n", "Tien staven <hoog>"))
    html = image_html(svg)
    assert 'alt="Scores &amp; n"' in html
    assert "<details" in html and "Tien staven &lt;hoog&gt;" in html
    assert 'alt="Eigen tekst"' in image_html(svg, alt="Eigen tekst")
    png = tmp_path / "f.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(ValueError, match="alt text"):
        image_html(png)
