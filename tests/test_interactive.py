"""The offline interactive view: one file, no network, the model's nodes and links, a panel
with the evidence of what is clicked, search and filters, XSS payloads shown as text, and
notebook embedding through <iframe srcdoc>.

Browser tests run the Debian Chromium through playwright (never `playwright install`); they
fail when Chromium is missing unless PROGRAMTHEORY_ALLOW_NO_BROWSER=1.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser_support import (ARTIFACTS, XSS, link, node, project_of, small_project, synthetic_project, wait_for)
from programtheory import build_graph
from programtheory.graph import evidence_index
from programtheory.interactive import OfflineError, check_offline, iframe_html, interactive_html
from programtheory.layout import layout_graph
from programtheory.model import Evidence, Group, Label, LiteratureSource
from project_support import REPO

ASSETS = REPO / "src" / "programtheory" / "assets"


@pytest.fixture(scope="module")
def small():
    return small_project()


@pytest.fixture(scope="module")
def small_html(small):
    return interactive_html(layout_graph(build_graph(small)), project=small)


def xss_project():
    """Every payload in labels, glosses, descriptions, quotes, roles, sentences, cites."""
    nodes, links, evidence = [], [], []
    for i, payload in enumerate(XSS):
        nodes.append(node(f"x{i}", ["assumption", "action", "outcome", "mechanism"][i % 4],
                          payload, payload, description=payload,
                          term="short" if i % 4 == 2 else None, citations=["lit_x"]))
        evidence.append(Evidence(id=f"ev{i}", kind="quote", text=f"citaat {i}: {payload}",
                                 role=payload, bears_on=[f"x{i}"], stance="contradicts"))
    for i in range(len(XSS) - 1):
        links.append(link(f"L{i}", f"x{i}", f"x{i + 1}", "supports", sentence=XSS[i]))
        evidence.append(Evidence(id=f"evl{i}", kind="statistic", text=XSS[i], n=7,
                                 values={"<b>": XSS[i]}, bears_on=[f"L{i}"]))
    groups = [Group(id="g_xss", label=Label(nl=XSS[0], en=XSS[1]), members=["x1", "x5"])]
    literature = [LiteratureSource(key="lit_x", cite=XSS[3])]
    return project_of(nodes, links, groups, evidence, literature=literature)


def embedded_data(page_html: str) -> dict:
    found = re.search(r'<script type="application/json" id="pt-data">(.*?)</script>',
                      page_html, re.S)
    return json.loads(found.group(1))


# ------------------------------------------------------------------------------ the file

def test_one_self_contained_file_and_no_lib_folder(small, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = interactive_html(build_graph(small), project=small)
    assert list(tmp_path.iterdir()) == []  # pyvis's write_html would have made lib/ here
    check_offline(page)
    lowered = page.lower()
    for word in ("bootstrap", "cdnjs", "jsdelivr", "unpkg", 'src="http', "src='http",
                 'href="http', "href='http"):
        assert word not in lowered, word
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert page.startswith("<!DOCTYPE html>")


def test_offline_check_catches_remote_resources():
    with pytest.raises(OfflineError):
        check_offline('<link rel="stylesheet" href="https://cdn.example/x.css">')
    with pytest.raises(OfflineError):
        check_offline('<script src="//cdn.example/x.js"></script>')
    check_offline('<a>http://www.w3.org/2000/svg</a><script>var u="https://x";</script>')


def test_no_data_in_pyvis_titles_and_labels_are_safe_json(small_html):
    found = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", small_html, re.S)
    nodes = json.loads(found.group(1))
    assert nodes and all("title" not in n for n in nodes)
    edges = json.loads(re.search(r"edges = new vis\.DataSet\((\[.*?\])\);", small_html,
                                 re.S).group(1))
    assert edges and all("title" not in e for e in edges)


def test_embedded_json_cannot_close_its_script(tmp_path):
    project = xss_project()
    page = interactive_html(build_graph(project), project=project)
    block = re.search(r'id="pt-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in block and ">" not in block
    data = embedded_data(page)
    assert data["nodes"]["x4"]["label"] == XSS[4]
    assert data["evidence"]["ev1"]["role"] == XSS[1]
    assert page.count("</script><script>alert(1)") == 0


def test_scripts_never_write_markup():
    for name in ("interactive.js", "early.js"):
        code = (ASSETS / name).read_text("utf-8")
        code = re.sub(r"/\*.*?\*/", "", code, flags=re.S)  # the comment names what is banned
        for banned in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                       "eval(", "new Function"):
            assert banned not in code, (name, banned)


def test_iframe_html_escapes_the_page_once(small_html):
    frame = iframe_html(small_html, height=500)

    class Grab(HTMLParser):
        def handle_starttag(self, tag, attrs):
            self.attrs = dict(attrs)

    grab = Grab()
    grab.feed(frame)
    assert grab.attrs["srcdoc"] == small_html
    assert grab.attrs["sandbox"] == "allow-scripts"
    assert "height:500px" in grab.attrs["style"]
    assert html_lib.escape(small_html, quote=True) in frame
    assert "height:80vh" in iframe_html("<p>x</p>", height="80vh")
    with pytest.raises(ValueError):
        iframe_html("<p>x</p>", height="1px;background:url(x)")


def test_interactive_html_takes_a_graph_or_a_layout(small):
    graph = build_graph(small)
    assert embedded_data(interactive_html(graph))["counts"]["nodes"] == graph.number_of_nodes()
    english = embedded_data(interactive_html(graph, lang="en", project=small))
    assert english["nodes"]["oc_s"]["label"] == "working safety plan"
    with pytest.raises(TypeError):
        interactive_html("not a graph")


# ------------------------------------------------------------------------------ in Chromium


def open_view(page, path: Path, timeout: float = 30.0) -> dict:
    page.goto(path.as_uri())
    return wait_for(page, "window.ptTiming && window.ptTiming.firstDraw && window.ptTiming.ready"
                          " && window.ptTiming", timeout)


def panel_text(page) -> str:
    return page.evaluate("() => document.getElementById('pt-panel').textContent")


def click_node(page, node_id: str) -> None:
    """A real mouse click on the node's place on the canvas."""
    x, y = page.evaluate("""(id) => {
        const net = ptView.network;
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const r = document.getElementById('mynetwork').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
    }""", node_id)
    page.mouse.click(x, y)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def save_screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


@pytest.mark.browser
def test_view_is_offline_complete_and_clickable(browser, small, small_html, tmp_path):
    graph = build_graph(small)
    path = write(tmp_path, "small.html", small_html)
    with browser.page() as (page, state):
        open_view(page, path)
        counts = page.evaluate("() => [ptView.nodes.length, ptView.edges.length]")
        assert counts == [graph.number_of_nodes(), graph.number_of_edges()]
        click_node(page, "asm_a")
        wait_for(page, "document.getElementById('pt-panel').textContent.includes('Bewijs')")
        text = panel_text(page)
        assert "duidelijke en transparante communicatie" in text
        assert "Dat je zo open in gesprek kon gaan met elkaar." in text
        assert "mama casestudie" in text and "WP4" in text
        assert "81,5 % (n = 122)" in text  # the statistic: value, unit and n, in Dutch
        assert "Percentage" in text and "percent" not in text  # its label, not its key
        assert "Munro et al., 2014" in text  # the literature item's cite
        assert "ondersteunt: 2" in text and "nuanceert: 1" in text
        assert page.evaluate("() => ptView.network.getSelectedNodes()") == ["asm_a"]
        save_screenshot(page, "interactive-small-node.png")
        # a link: click on the middle of out_a → oc_s (an implied link with a quote)
        x, y = page.evaluate("""() => {
            const net = ptView.network, pos = net.getPositions(['out_a', 'oc_s']);
            const a = net.canvasToDOM(pos.out_a), b = net.canvasToDOM(pos.oc_s);
            const r = document.getElementById('mynetwork').getBoundingClientRect();
            return [r.left + (a.x + b.x) / 2, r.top + (a.y + b.y) / 2];
        }""")
        page.mouse.click(x, y)
        wait_for(page, "!!document.querySelector('#pt-panel h2[data-id=\"L_out_s\"]')")
        text = panel_text(page)
        assert "L_out_s" not in text  # the link's id: only its heading's tooltip and data-id
        assert "afgeleid" in text and "Dat je zo open in gesprek" in text
        # a group: its label box carries its own evidence and lists its members
        page.evaluate("() => ptView.select('grp_actions')")
        text = panel_text(page)
        assert "Leden van de groep" in text and "netwerkberaad organiseren" in text
        assert "Partnerschap is de belangrijkste factor." in text
        assert state["external"] == []
        assert state["console_errors"] == [] and state["page_errors"] == []


@pytest.mark.browser
def test_search_and_filters(browser, small_html, tmp_path):
    path = write(tmp_path, "small.html", small_html)
    with browser.page() as (page, state):
        open_view(page, path)
        page.fill("#pt-search", "veiligheidsplan")
        text = panel_text(page)
        assert "Zoekresultaten (2)" in text and "een werkend veiligheidsplan" in text
        page.press("#pt-search", "Enter")
        assert len(page.evaluate("() => ptView.network.getSelectedNodes()")) == 1
        page.click("#pt-filters > summary")
        page.uncheck("#pt-f-kind input[value=outcome]")
        hidden = page.evaluate("() => ptView.nodes.get({filter: n => n.hidden}).map(n => n.id)")
        assert set(hidden) == {"oc_s", "oc_m", "oc_l", "oc_neg"}
        hidden_edges = page.evaluate("() => ptView.edges.get({filter: e => e.hidden}).length")
        assert hidden_edges == 5
        page.check("#pt-f-evidence")
        shown = page.evaluate("() => ptView.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
        assert set(shown) == {"asm_a", "act_a", "grp_actions"}
        page.click("#pt-f-reset")
        assert page.evaluate("() => ptView.nodes.get({filter: n => n.hidden}).length") == 0
        assert state["console_errors"] == [] and state["external"] == []


@pytest.mark.browser
def test_xss_payloads_are_shown_as_text_and_never_run(browser, tmp_path):
    project = xss_project()
    graph = build_graph(project)
    path = write(tmp_path, "xss.html", interactive_html(build_graph(project), project=project))
    with browser.page() as (page, state):
        open_view(page, path)
        for i, payload in enumerate(XSS):
            click_node(page, f"x{i}") if i == 0 else page.evaluate(
                "(id) => ptView.select(id)", f"x{i}")
            text = panel_text(page)
            assert payload in text and f"citaat {i}: {payload}" in text
        for eid in page.evaluate("() => Object.keys(ptView.data.edges)"):
            page.evaluate("(id) => ptView.showEdge(id)", eid)
            assert ptext_has_any(panel_text(page))
        page.evaluate("() => ptView.select('g_xss')")
        assert XSS[0] in panel_text(page)
        page.fill("#pt-search", "<script>")
        assert "<script>alert(1)</script>" in panel_text(page)
        page.fill("#pt-search", "")
        page.evaluate("() => ptView.select('x3')")
        page.wait_for_timeout(300)
        injected = page.evaluate("""() => document.querySelectorAll(
            '#pt-panel *:not(h2):not(h3):not(p):not(dl):not(dt):not(dd):not(div):not(ul)'
            + ':not(li):not(button):not(blockquote):not(span)').length""")
        assert injected == 0
        # the legend's own swatches are the only SVG: drawn from the style, no data in them
        assert page.evaluate("() => document.querySelectorAll("
                             "'img, iframe, object, embed, svg:not(#pt-legend .pt-swatch), "
                             "a[href]').length") == 0
        assert page.evaluate("() => ptView.nodes.length") == graph.number_of_nodes()
        save_screenshot(page, "interactive-xss.png")
        assert state["dialogs"] == []
        assert state["external"] == []
        assert state["console_errors"] == [] and state["page_errors"] == []


def ptext_has_any(text: str) -> bool:
    return any(payload in text for payload in XSS)


@pytest.mark.browser
def test_two_views_in_one_notebook_page(browser, small, tmp_path):
    first = interactive_html(build_graph(small), project=small)
    second = interactive_html(build_graph(xss_project()), project=xss_project())
    page_html = ("<!DOCTYPE html><html><body><h1>Notebook</h1>" + iframe_html(first, 500)
                 + iframe_html(second, 500) + "</body></html>")
    path = write(tmp_path, "notebook.html", page_html)
    with browser.page() as (page, state):
        page.goto(path.as_uri())
        frames = [f for f in page.frames if f != page.main_frame]
        assert len(frames) == 2
        counts = []
        for frame in frames:
            wait_for(frame, "window.ptTiming && window.ptTiming.firstDraw")
            counts.append(frame.evaluate("() => ptView.nodes.length"))
        assert sorted(counts) == sorted([build_graph(small).number_of_nodes(),
                                         build_graph(xss_project()).number_of_nodes()])
        save_screenshot(page, "interactive-two-iframes.png")
        assert state["dialogs"] == [] and state["external"] == []
        assert state["page_errors"] == []


@pytest.mark.browser
@pytest.mark.slow
def test_1000_nodes_draw_at_once(browser, tmp_path):
    project = synthetic_project(1000)
    graph = build_graph(project)
    path = write(tmp_path, "big.html", interactive_html(layout_graph(graph), project=project))
    with browser.page() as (page, state):
        timing = open_view(page, path, timeout=60)
        assert page.evaluate("() => [ptView.nodes.length, ptView.edges.length]") == [
            graph.number_of_nodes(), graph.number_of_edges()]
        assert timing["firstDraw"] is not None, timing  # speed: scripts/benchmark_render.py
        assert state["external"] == [] and state["console_errors"] == []


@pytest.mark.browser
def test_empty_one_node_and_long_labels_in_the_browser(browser, tmp_path):
    text = ("een zeer lange omschrijving van wat er in het traject gebeurt " * 10)[:500]
    cases = {
        "empty": project_of([]),
        "one": project_of([node("a", "action", "alleen")]),
        "long": project_of([node("a", "assumption", text), node("b", "action", text),
                            node("m", "mechanism", text)],
                           [link("L1", "a", "b"), link("L2", "m", "b")],
                           evidence=[Evidence(id="e1", kind="quote", text=text * 3,
                                              role=text, bears_on=["b", "L1"])]),
    }
    for name, project in cases.items():
        graph = build_graph(project)
        path = write(tmp_path, f"{name}.html", interactive_html(graph, project=project))
        with browser.page() as (page, state):
            open_view(page, path)
            assert page.evaluate("() => [ptView.nodes.length, ptView.edges.length]") == [
                graph.number_of_nodes(), graph.number_of_edges()]
            if name == "long":
                click_node(page, "b")
                wait_for(page, "document.getElementById('pt-panel').textContent"
                               ".includes('Bewijs (1)')")
                assert text in panel_text(page)
            assert state["external"] == [], name
            assert state["console_errors"] == [] and state["page_errors"] == [], name


@pytest.mark.browser
@pytest.mark.parametrize("version", ["revised", "initial"])
def test_the_report_theory_in_the_browser(browser, tmp_path, version, real_project):
    from programtheory.render import render_theory

    project = real_project
    graph = build_graph(project, version)
    out = render_theory(project, version=version, fmt="html", figure_only=False,
                        out=tmp_path / f"{version}.html")
    with browser.page() as (page, state):
        open_view(page, out)
        assert page.evaluate("() => [ptView.nodes.length, ptView.edges.length]") == [
            graph.number_of_nodes(), graph.number_of_edges()]
        with_evidence = next(n for n, d in graph.nodes(data=True)
                             if d["evidence_count"] and not d["is_group"])
        click_node(page, with_evidence)
        wait_for(page, "document.getElementById('pt-panel').textContent.includes('Bewijs')")
        first = evidence_index(project.evidence)[with_evidence][0]
        assert " ".join(first.text.split())[:60] in " ".join(panel_text(page).split())
        save_screenshot(page, f"interactive-{version}.png")
        assert state["external"] == []
        assert state["console_errors"] == [] and state["page_errors"] == []
