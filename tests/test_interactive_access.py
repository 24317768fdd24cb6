"""The interactive view for keyboard and screen-reader users, and figures on report pages that
open at full size: Tab goes through the elements in reading order and Enter opens the panel;
a text version lists every element with its links and evidence; the panel shows an element's
note and a group's members' evidence, marked as theirs; axe-core (in the same Chromium) finds
no serious or critical violation in the view or on any built report page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser_support import (ARTIFACTS, link, node, project_of, small_project, wait_for)
from build_support import axe_violations
from programtheory import build_graph
from programtheory.interactive import image_html, interactive_html, reading_order
from programtheory.layout import layout_graph
from programtheory.model import Evidence, Group, Label



def noted_project():
    """A group whose members have evidence and the group none; an element with a note."""
    nodes = [node("a1", "action", "netwerkberaad organiseren", "network meeting",
                  note="Alleen in de casestudies genoemd."),
             node("a2", "action", "veiligheidsplan opstellen", "safety plan"),
             node("o1", "outcome", "een werkend veiligheidsplan", "working plan", term="short")]
    groups = [Group(id="g1", label=Label(nl="Acties op caseniveau", en="Case actions"),
                    members=["a1", "a2"])]
    evidence = [Evidence(id="ev1", kind="quote", text="Het beraad bracht iedereen samen.",
                         role="mama casestudie", bears_on=["a1"]),
                Evidence(id="ev2", kind="quote", text="Het plan hing op de koelkast.",
                         role="consulent", bears_on=["a2", "L1"])]
    return project_of(nodes, [link("L1", "g1", "o1")], groups, evidence)


def open_view(page, path: Path) -> None:
    page.goto(path.as_uri())
    wait_for(page, "window.ptTiming && window.ptTiming.ready")


def panel_text(page) -> str:
    return " ".join(page.evaluate(
        "() => document.getElementById('pt-panel').innerText").split())



def test_reading_order_goes_column_by_column():
    layout = layout_graph(build_graph(small_project()))
    order = reading_order(layout)
    assert sorted(order) == sorted(layout.nodes)
    core = [n for n in order if layout.nodes[n].region == "core"]
    ranks = [layout.nodes[n].rank for n in core]
    assert ranks == sorted(ranks)
    for a, b in zip(core, core[1:], strict=False):
        if layout.nodes[a].rank == layout.nodes[b].rank:
            assert layout.nodes[a].y <= layout.nodes[b].y


@pytest.mark.browser
def test_keyboard_tab_selects_and_enter_opens_the_panel(browser, tmp_path):
    project = small_project()
    layout = layout_graph(build_graph(project))
    path = tmp_path / "view.html"
    path.write_text(interactive_html(layout, project=project), encoding="utf-8")
    order = reading_order(layout)
    with browser.page() as (page, state):
        open_view(page, path)
        reached = []
        for _ in range(len(order) + 12):
            page.keyboard.press("Tab")
            active = page.evaluate("() => document.activeElement.getAttribute('data-node')")
            if active:
                reached.append(active)
                assert page.evaluate("() => ptView.network.getSelectedNodes()") == [active]
            if len(reached) == 3:
                break
        assert reached == order[:3]
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "interactive-keyboard-focus.png"))
        page.keyboard.press("Enter")
        heading = page.evaluate("() => document.querySelector('#pt-panel h2').textContent")
        assert heading == layout.graph.nodes[reached[-1]]["label_nl"]
        page.screenshot(path=str(ARTIFACTS / "interactive-keyboard-enter.png"))
        assert state["console_errors"] == [] and state["page_errors"] == []


@pytest.mark.browser
def test_panel_shows_note_and_the_members_evidence_of_a_group(browser, tmp_path):
    project = noted_project()
    path = tmp_path / "view.html"
    path.write_text(interactive_html(build_graph(project), project=project), encoding="utf-8")
    with browser.page() as (page, _):
        open_view(page, path)
        page.evaluate("() => ptView.select('a1')")
        text = panel_text(page)
        assert "Toelichting Alleen in de casestudies genoemd." in text
        page.evaluate("() => ptView.select('g1')")
        text = panel_text(page)
        assert "Geen bewijs." not in text and "Geen bewijs bij de groep zelf." in text
        assert "Bewijs bij de leden (2)" in text
        assert "bij lid: netwerkberaad organiseren" in text
        assert "Het beraad bracht iedereen samen." in text
        assert "bij lid: veiligheidsplan opstellen" in text
        page.evaluate("() => ptView.select('o1')")  # no members, no evidence: as before
        assert "Geen bewijs." in panel_text(page)


@pytest.mark.browser
def test_text_version_lists_every_element_with_links_and_evidence(browser, tmp_path):
    project = small_project()
    graph = build_graph(project)
    path = tmp_path / "view.html"
    path.write_text(interactive_html(graph, project=project), encoding="utf-8")
    with browser.page() as (page, _):
        open_view(page, path)
        assert page.evaluate("() => document.getElementById('pt-text-body').children.length") \
            == 0  # built when first opened
        page.click("#pt-text > summary")
        # a <details> fires 'toggle' as a task after the click: wait for the text version
        wait_for(page, "document.querySelectorAll('#pt-text-body > section').length > 0")
        sections = page.evaluate("""() => Array.from(document.querySelectorAll(
            '#pt-text-body > section')).map(s => s.innerText.split(/\\s+/).join(' '))""")
        assert len(sections) == graph.number_of_nodes()
        by_label = {d["label_nl"]: s for s in sections for d in graph.nodes.values()
                    if s.startswith(d["label_nl"])}
        assert len(by_label) == graph.number_of_nodes()
        act = by_label["netwerkberaad organiseren"]
        assert "In 3 van de 5 casestudies" in act  # its evidence
        assert "← een continue feedbacklus" in act  # a link into it
        group = by_label["Acties op caseniveau"]
        assert "→ gedeeld begrip van de zorgen" in group  # a link out of it
        assert "Partnerschap is de belangrijkste factor." in group  # its own evidence
        assert "Bewijs bij de leden" in group and "bij lid: netwerkberaad organiseren" in group


@pytest.mark.browser
@pytest.mark.parametrize("which", ["small", "revised"])
def test_axe_finds_no_serious_violation_in_the_view(browser, tmp_path, which, real_project):
    if which == "small":
        project = small_project()
        graph = build_graph(project)
    else:
        project = real_project
        graph = build_graph(project, "revised")
    path = tmp_path / "view.html"
    path.write_text(interactive_html(graph, project=project), encoding="utf-8")
    with browser.page() as (page, _):
        open_view(page, path)
        assert axe_violations(page) == []
        first = next(n for n, d in graph.nodes(data=True) if d["is_group"] or d["evidence"])
        page.evaluate(f"() => ptView.select({first!r})")
        page.click("#pt-text > summary")
        wait_for(page, "document.querySelectorAll('#pt-text-body > section').length > 0")
        assert axe_violations(page) == []  # the panel filled and the text version open


@pytest.mark.browser
def test_axe_check_catches_a_serious_violation(browser, tmp_path):
    path = tmp_path / "bad.html"
    path.write_text("<html><body><img src='data:,'><button></button></body></html>")
    with browser.page() as (page, _):
        page.goto(path.as_uri())
        found = {rule for rule, _, _ in axe_violations(page)}
    assert {"image-alt", "button-name"} <= found


@pytest.mark.browser
def test_a_figure_on_a_page_opens_full_size_on_click(browser, tmp_path, real_project):
    from programtheory.render import static_figure

    svg = tmp_path / "theory.svg"
    svg.write_bytes(static_figure(build_graph(real_project, "revised"), "svg"))
    page_path = tmp_path / "page.html"
    page_path.write_text("<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'>"
                         "<title>Figuur</title></head><body><main><h1>Figuur</h1>"
                         "<div style='width:770px'>" + image_html(svg) + "</div>"
                         "<p style='height:2000px'>tekst</p></main></body></html>",
                         encoding="utf-8")
    with browser.page((1400, 900)) as (page, state):
        page.goto(page_path.as_uri())
        small = page.evaluate("() => document.querySelector('.pt-zoom img').clientWidth")
        assert small <= 770
        page.click(".pt-zoom-open")
        big = page.evaluate("() => document.querySelector('.pt-zoom img').clientWidth")
        covers = page.evaluate("""() => {const r = document.querySelector('.pt-zoom')
            .getBoundingClientRect(); return [r.width, r.height];}""")
        assert big > 1.8 * small and covers == [1400, 900]
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "figure-zoomed.png"))
        assert axe_violations(page) == []
        page.click(".pt-zoom-close")
        assert page.evaluate("() => document.querySelector('.pt-zoom img').clientWidth") == small
        assert state["external"] == [] and state["page_errors"] == []


# ------------------------------------------------------------------------------ built pages

@pytest.mark.slow
@pytest.mark.browser
def test_axe_finds_no_serious_violation_on_any_built_page(real_site_visits):
    built_pages = [visit.path for visit in real_site_visits]
    assert len(built_pages) > 10
    assert all(visit.axe is not None for visit in real_site_visits)
    bad = {visit.path.name: visit.axe for visit in real_site_visits if visit.axe}
    assert bad == {}
    texts = [p.read_text(encoding="utf-8") for p in built_pages]
    assert any("pt-zoom-open" in t for t in texts)  # report figures open full size
    assert not any(re.search(r'<img\b(?![^>]*\balt=)', t) for t in texts)
