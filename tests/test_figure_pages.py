"""Printed figures: no text below 7 pt on any A4, A3 or slide page (measured in the PDF and the
SVG against the page size), theories too large for one page split into an overview and detail
pages that together draw every box once, and pages that fill their frame."""

from __future__ import annotations

import io
import re
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from browser_support import ARTIFACTS, small_project, synthetic_project
from office_support import pdf_pages
from programtheory import build_graph
from programtheory.figure_pages import (MIN_SCALE, MIN_TEXT_PT, crop_layout, header_block,
                                        page_extra, page_of_nodes, plan_windows)
from programtheory.figure_print import page_dots
from programtheory.layout import layout_graph
from programtheory.page_drawing import page_drawing
from programtheory.render import PRESETS, static_figure
from shared_builds import shared


def svg_text_sizes(data: bytes) -> tuple[float, float, list[float]]:
    """(page width pt, page height pt, printed size of every text): font-size × the drawing's
    scale × (page width / viewBox width)."""
    text = data.decode("utf-8")
    width, height = (float(v) for v in re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"',
                                                 text).groups())
    view = [float(v) for v in re.search(r'viewBox="([^"]+)"', text).group(1).split()]
    scale = float(re.search(r'transform="scale\(([\d.]+)', text).group(1))
    factor = scale * width / view[2]
    return width, height, [float(v) * factor for v in re.findall(r'font-size="([\d.]+)"', text)]


class _ReportPages:
    """The report's figures as the tests here print them, each made once per test process
    (several tests read the same PDF or the same pages): read them, never change them."""

    def __init__(self, layouts) -> None:
        self.layouts = layouts
        self._pdfs: dict[tuple[str, str], tuple[bytes, list]] = {}
        self._dots: dict[tuple[str, bool, str], list[tuple[str, str]]] = {}

    def pdf(self, version: str, preset: str) -> tuple[bytes, list]:
        """(the PDF of every element of `version` on `preset` pages, its pages read back)."""
        if (version, preset) not in self._pdfs:
            data = static_figure(self.layouts[version, False], "pdf", preset=preset)
            self._pdfs[version, preset] = data, pdf_pages(data)
        return self._pdfs[version, preset]

    def dots(self, version: str, figure_only: bool, preset: str) -> list[tuple[str, str]]:
        """`page_dots` of a layout of `report_layouts`."""
        key = version, figure_only, preset
        if key not in self._dots:
            self._dots[key] = page_dots(self.layouts[version, figure_only], preset=preset)
        return self._dots[key]


@pytest.fixture(scope="module")
def report_pages(report_layouts):
    return _ReportPages(report_layouts)


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize("version", ["initial", "revised"])
def test_no_printed_text_below_7pt(report_layouts, report_pages, version, preset):
    layout = report_layouts[version, False]
    data, pages = report_pages.pdf(version, preset)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"figure-{version}-{preset}.pdf").write_bytes(data)
    page_w, page_h = (v * 72 for v in PRESETS[preset])
    for number, (w, h, sizes, _) in enumerate(pages, 1):
        assert abs(w - page_w) < 2 and abs(h - page_h) < 2, (number, w, h)
        assert sizes, number
        assert min(sizes) >= MIN_TEXT_PT - 0.01, (version, preset, number, min(sizes))
    svg_w, svg_h, svg_sizes = svg_text_sizes(static_figure(layout, "svg", preset=preset))
    assert abs(svg_w / svg_h - page_w / page_h) < 0.01  # the preset's shape, maybe larger
    assert min(svg_sizes) >= MIN_TEXT_PT - 0.01


def test_measurement_sees_small_text():
    """The measurement itself: a figure forced onto a small page prints small text."""
    layout = layout_graph(build_graph(small_project()))
    from programtheory.render import figure_dot
    from programtheory.layout import run_graphviz

    dot = figure_dot(layout, preset="a4", scale=0.4)
    pages = pdf_pages(run_graphviz(dot, "pdf:cairo", engine="neato", args=("-n2",)))
    assert 3.5 < min(pages[0][2]) < 4.1


def test_a_large_theory_is_split_into_an_overview_and_detail_pages(report_pages):
    _, pages = report_pages.pdf("initial", "a4")
    assert len(pages) > 2
    assert "overzicht" in pages[0][3] and "elementen" in pages[0][3]
    for number, (*_, text) in enumerate(pages[1:], 2):
        assert f"blz. {number} van {len(pages)}" in " ".join(text.split())
        assert "Legende" in text  # every detail page keeps the legend
    small = layout_graph(build_graph(small_project()))
    assert len(pdf_pages(static_figure(small, "pdf", preset="a4"))) == 1


def _split(layout, preset="a4"):
    from programtheory.figure_pages import fit_scale
    from programtheory.render import _Chrome, _page_points

    page = _page_points(preset)
    chrome = _Chrome(layout, "Programmatheorie — detail, blz. 99 van 99", True)
    extra_w, extra_h = page_extra()
    room = (page[0] / MIN_SCALE - extra_w,
            page[1] / MIN_SCALE - chrome.height(page[0] / MIN_SCALE) - extra_h)
    windows = plan_windows(layout, room, header_block(layout),
                           lambda w, h: fit_scale(w, h, page, chrome.height, 1.5))
    return windows, room


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(min_value=40, max_value=260), seed=st.integers(0, 1000))
def test_detail_pages_draw_every_box_once_and_fit(n, seed):
    layout = layout_graph(build_graph(synthetic_project(n, seed=seed)))
    windows, room = _split(layout)
    pages = page_of_nodes(layout, windows, first_page=2)
    assert set(pages) == set(layout.nodes)  # every box is on a page
    seen: list[str] = []
    for i, window in enumerate(windows):
        cropped, marks = crop_layout(layout, window, pages, i + 2)
        seen += list(cropped.nodes)
        if len(window.ranks) > 1:
            assert cropped.width <= room[0] + page_extra()[0] + 1e-6
        for box in cropped.nodes.values():  # the same positions, moved with the page
            original = layout.nodes[box.id]
            shift = original.x - box.x
            assert abs(shift - (window.x0 - page_extra()[0] / 2)) < 1e-6
        assert all(m.page != i + 2 and 2 <= m.page < 2 + len(windows) for m in marks)
    assert sorted(seen) == sorted(layout.nodes)  # ... and on one page only


def _ink_box(png: bytes) -> tuple[float, float]:
    """The share of the page's width and height that the drawing covers (non-white pixels)."""
    from PIL import Image, ImageOps

    image = Image.open(io.BytesIO(png)).convert("L")
    box = ImageOps.invert(image).point(lambda v: 255 if v > 8 else 0).getbbox()
    return (box[2] - box[0]) / image.width, (box[3] - box[1]) / image.height


@pytest.mark.parametrize("drawn", ["all", "figure"])
@pytest.mark.parametrize("version", ["initial", "revised"])
def test_slide_pages_fill_the_frame(report_pages, version, drawn):
    """Every slide is filled: what it draws reaches over at least 90% of the 16:9 frame's
    width and of its height, instead of sitting small in the middle; on the overview the
    boxes, headings and arrows alone span 90% of the width and of the height between the
    title and the foot of the page. (A detail page keeps the layout's positions: its drawing
    fills the height between title and legend, its width as far as the columns on it reach.)"""
    from programtheory.layout import run_graphviz

    dots = report_pages.dots(version, drawn == "figure", "slide")
    for number, (engine, dot) in enumerate(dots, 1):
        png = run_graphviz(dot.replace('graph [', 'graph [dpi="40", ', 1), "png:cairo",
                           engine=engine, args=("-n2",))
        (ARTIFACTS / f"slide-{version}-{drawn}-{number}.png").write_bytes(png)
        wide, high = _ink_box(png)
        assert min(wide, high) >= 0.90, (number, wide, high)
    engine, dot = dots[0]
    wide, high = page_drawing(engine, dot).fill()
    assert wide >= 0.90 and high >= 0.90, (wide, high)


# ------------------------------------------------------------------ no arrow through a box

@pytest.mark.parametrize("preset", ["a4", "slide"])
@pytest.mark.parametrize("drawn", ["all", "figure"])
@pytest.mark.parametrize("version", ["initial", "revised"])
def test_no_arrow_passes_through_a_box_on_any_page(report_pages, version, drawn, preset):
    """On the overview and on every detail page, as Graphviz draws them, no arrow runs
    through a box, a column heading or an off-page mark that is not one of its ends."""
    dots = report_pages.dots(version, drawn == "figure", preset)
    assert len(dots) > 2  # an overview and detail pages
    for number, (engine, dot) in enumerate(dots, 1):
        page = page_drawing(engine, dot)
        assert len(page.drawing.edges) > 5 and len(page.drawing.boxes) > 5
        hits = [(sorted(page.drawing.edges[i][0])[:2], box) for i, box in page.through_boxes()]
        assert not hits, (number, hits[:5])


@pytest.mark.parametrize("n", [80, 150])
def test_no_arrow_passes_through_a_box_in_a_generated_theory(n):
    layout = layout_graph(build_graph(synthetic_project(n, seed=1)))
    for number, (engine, dot) in enumerate(page_dots(layout, preset="a4"), 1):
        assert not page_drawing(engine, dot).through_boxes(), number


def test_the_measure_sees_an_arrow_through_a_box():
    """Three boxes in a row and an arrow from the first to the third: through the second, not
    through its own ends; a mark that stands for the arrow may be crossed, another may not."""
    def dot(links: str) -> str:
        return ("digraph { node [shape=box, width=1, height=0.5, fixedsize=true];\n"
                'a [pos="50,100"]; b [pos="200,100"]; c [pos="350,100"];\n'
                f'__pt_mark_0 [pos="280,100", width=0.3, height=0.2, pt_links="{links}"];\n'
                'a -> c [tooltip="L1", pos="e,314,100 86,100 150,100 250,100 310,100"]; }')

    page = page_drawing("neato", dot("L1"))
    assert page.through_boxes() == [(0, "b")]
    assert sorted(box for _, box in page_drawing("neato", dot("L2")).through_boxes()) == [
        "__pt_mark_0", "b"]
    left, top, right, bottom = page.extent  # from the left of a to the right of c
    assert (right - left, bottom - top) == (pytest.approx(372, abs=1), pytest.approx(36, abs=1))


@pytest.fixture(scope="session")
def layout_of_400(tmp_path_factory):
    """A generated theory of 400 elements, laid out once per run and shared by every test
    process (each of its tests may run in another): read it, never change it."""
    return shared(tmp_path_factory, "layout_of_400",
                  lambda _folder: layout_graph(build_graph(synthetic_project(400, seed=3))))


@pytest.mark.parametrize("preset", ["a4", "slide"])
def test_a_theory_of_400_elements_prints_legibly(layout_of_400, preset):
    layout = layout_of_400
    pages = pdf_pages(static_figure(layout, "pdf", preset=preset))
    assert len(pages) > 5
    smallest = min(min(sizes) for _, _, sizes, _ in pages)
    assert smallest >= MIN_TEXT_PT - 0.01


# marks at one place for links to other pages, placed by `_apart` in a process with a given
# string hash: the order of a set of them follows the hash
APART = """
from programtheory.figure_pages import OffPageMark, _apart
marks = [OffPageMark(100.0, 50.0, page, outgoing, frozenset({f"L{page}{outgoing}"}))
         for page in range(2, 8) for outgoing in (True, False)]
print(_apart(marks, 600.0, 400.0, [], (20.0, 20.0, 580.0, 380.0)))
"""


def test_the_marks_of_a_detail_page_do_not_depend_on_the_string_hash():
    """Two marks at one place for other pages were placed in the order of a set: one build
    printed 'blz. 7' where the next printed 'blz. 2'."""
    import os
    import subprocess
    import sys

    outputs = {subprocess.run([sys.executable, "-c", APART], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2", "3")}
    assert len(outputs) == 1
    placed = next(iter(outputs))
    assert all(f"page={page}" in placed for page in range(2, 8))
