"""Static figures: files, 300 dpi, SVG geometry (no overlapping boxes, no text outside its box),
determinism, legend, greyscale coding, escaping, presets, render_theory and the CLI."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import ImageFont

from browser_support import link, node, project_of, small_project, synthetic_project
from programtheory import build_graph
from programtheory.cli import main
from programtheory import render
from programtheory.errors import UsageError
from programtheory.layout import layout_graph
from programtheory.render import figure_dot, render_theory, static_figure
from project_support import REPO

SVG = "{http://www.w3.org/2000/svg}"
FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"  # the DejaVu Sans Graphviz uses
_fonts: dict[tuple[float, bool], ImageFont.FreeTypeFont] = {}


# ------------------------------------------------------------------------------ SVG geometry

def _font(size: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    if (size, bold) not in _fonts:
        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        _fonts[size, bold] = ImageFont.truetype(str(FONTS / name), size * 10)  # at 10× scale
    return _fonts[size, bold]


def text_box(t: dict) -> tuple[float, float, float, float]:
    font = _font(t["size"], bool(t.get("bold")))
    width = font.getlength(t["text"]) / 10
    ascent, descent = (v / 10 for v in font.getmetrics())
    left = {"middle": t["x"] - width / 2, "end": t["x"] - width}.get(t["anchor"], t["x"])
    return left, t["y"] - ascent, left + width, t["y"] + descent


def _numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)]


def _shape_box(el) -> tuple[float, float, float, float] | None:
    tag = el.tag.replace(SVG, "")
    if tag in ("polygon", "polyline"):
        values = _numbers(el.get("points", ""))
    elif tag == "path":
        values = _numbers(el.get("d", ""))
    elif tag == "ellipse":
        cx, cy, rx, ry = (float(el.get(k)) for k in ("cx", "cy", "rx", "ry"))
        return cx - rx, cy - ry, cx + rx, cy + ry
    else:
        return None
    xs, ys = values[0::2], values[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def svg_nodes(svg: bytes) -> list[dict]:
    """Every Graphviz node group that draws a shape: its classes, box and texts."""
    root = ET.fromstring(svg)
    out = []
    for g in root.iter(f"{SVG}g"):
        if "node" not in (g.get("class") or "").split():
            continue
        inner = [el for el in g.iter() if el is not g]  # shapes may sit in <g><a> (tooltips)
        shapes = [b for b in (_shape_box(el) for el in inner) if b]
        texts = []
        for t in g.iter(f"{SVG}text"):
            texts.append({"x": float(t.get("x")), "y": float(t.get("y")),
                          "size": float(t.get("font-size")), "anchor": t.get("text-anchor"),
                          "text": "".join(t.itertext()), "bold": t.get("font-weight")})
        title = g.find(f"{SVG}title")
        item = {"id": g.get("id"), "name": title.text if title is not None else "",
                "class": (g.get("class") or "").split(), "texts": texts, "shapes": g}
        if shapes:
            item["box"] = (min(b[0] for b in shapes), min(b[1] for b in shapes),
                           max(b[2] for b in shapes), max(b[3] for b in shapes))
        out.append(item)
    return out


def overlapping_pairs(items: list[dict], tol: float = 0.5) -> list[tuple[str, str]]:
    boxed = sorted((i for i in items if "box" in i), key=lambda i: i["box"][0])
    found = []
    for k, a in enumerate(boxed):
        ax0, ay0, ax1, ay1 = a["box"]
        for b in boxed[k + 1:]:
            bx0, by0, bx1, by1 = b["box"]
            if bx0 >= ax1 - tol:
                break
            if ay0 < by1 - tol and by0 < ay1 - tol:
                found.append((a["name"], b["name"]))
    return found


def texts_outside(items: list[dict], tol: float = 1.0) -> list[tuple[str, str]]:
    bad = []
    for item in items:
        if "box" not in item:
            continue
        x0, y0, x1, y1 = item["box"]
        for t in item["texts"]:
            left, top, right, bottom = text_box(t)
            if not (left >= x0 - tol and right <= x1 + tol
                    and top >= y0 - tol - 2 and bottom <= y1 + tol):
                bad.append((item["name"], t["text"]))
    return bad


def loose_texts_on_boxes(items: list[dict], tol: float = 0.5) -> list[tuple[str, str]]:
    """Texts without a box of their own (title, column headers, legend labels) that run into
    a box."""
    boxed = [i for i in items if "box" in i]
    bad = []
    for item in items:
        if "box" in item:
            continue
        for t in item["texts"]:
            left, top, right, bottom = text_box(t)
            for other in boxed:
                x0, y0, x1, y1 = other["box"]
                if left < x1 - tol and x0 < right - tol and top < y1 - tol and y0 < bottom - tol:
                    bad.append((t["text"], other["name"]))
    return bad


def check_geometry(svg: bytes) -> list[dict]:
    items = svg_nodes(svg)
    boxes = [i for i in items if "pt-node" in i["class"]]
    assert all("box" in i for i in boxes)  # every element's box was found
    assert overlapping_pairs(items) == []
    assert texts_outside(items) == []
    assert loose_texts_on_boxes(items) == []
    return items


# ------------------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module")
def small():
    return small_project()


@pytest.fixture(scope="module")
def layout(small):
    return layout_graph(build_graph(small))


@pytest.fixture(scope="module")
def svg(layout):
    return static_figure(layout, "svg")


# ------------------------------------------------------------------------------ files

def test_svg_png_pdf_are_written(small, tmp_path):
    for fmt in ("svg", "png", "pdf"):
        out = render_theory(small, fmt=fmt, out=tmp_path / f"fig.{fmt}")
        assert out.is_file() and out.stat().st_size > 1000
    assert (tmp_path / "fig.svg").read_bytes().lstrip().startswith(b"<?xml")
    assert (tmp_path / "fig.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "fig.pdf").read_bytes()[:5] == b"%PDF-"


def png_info(data: bytes) -> dict:
    info, pos = {}, 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            info["size"] = struct.unpack(">II", body[:8])
        elif kind == b"pHYs":
            x, y, unit = struct.unpack(">IIB", body)
            info["dpi"] = (x * 0.0254, y * 0.0254) if unit == 1 else None
        pos += 12 + length
    return info


@pytest.mark.parametrize("preset, inches", [("a4", (11.69, 8.27)), ("slide", (13.333, 7.5))])
def test_png_is_300_dpi_on_the_preset_page(layout, preset, inches):
    info = png_info(static_figure(layout, "png", preset=preset))
    assert info["dpi"][0] >= 299.9 and info["dpi"][1] >= 299.9
    width, height = info["size"]
    assert abs(width - inches[0] * 300) < 12 and abs(height - inches[1] * 300) < 12


@given(st.floats(100, 40_000), st.floats(0.3, 3.0))
def test_png_resolution_keeps_the_image_within_its_pixel_budget(width, shape):
    page = (width, width / shape)
    dpi = render.png_dpi(page)
    pixels = (page[0] / 72 * dpi) * (page[1] / 72 * dpi)
    assert 1 <= dpi <= render.DPI
    assert pixels <= render.MAX_PNG_PIXELS or dpi == 1
    if dpi < render.DPI:  # no more than a whole dot per inch below the budget
        assert (page[0] / 72 * (dpi + 1)) * (page[1] / 72 * (dpi + 1)) > render.MAX_PNG_PIXELS


def test_a_png_beyond_its_pixel_budget_says_its_lower_dpi_and_prints_at_page_size(
        layout, monkeypatch):
    monkeypatch.setattr(render, "MAX_PNG_PIXELS", 2_000_000)
    info = png_info(static_figure(layout, "png", preset="a4"))
    dpi = render.png_dpi((11.69 * 72, 8.27 * 72))
    assert dpi < 300 and info["dpi"][0] == pytest.approx(dpi, abs=0.1)
    width, height = info["size"]
    assert width * height <= 2_000_000
    assert abs(width / dpi - 11.69) < 0.05 and abs(height / dpi - 8.27) < 0.05


@pytest.mark.parametrize("preset, points", [("a4", (842, 595)), ("slide", (960, 540))])
def test_svg_and_pdf_pages_have_the_preset_shape(layout, preset, points):
    root = ET.fromstring(static_figure(layout, "svg", preset=preset))
    width, height = (float(root.get(k).rstrip("pt")) for k in ("width", "height"))
    assert abs(width - points[0]) <= 2 and abs(height - points[1]) <= 2
    pdf = static_figure(layout, "pdf", preset=preset)
    box = [float(v) for v in re.search(rb"MediaBox\s*\[([^\]]*)\]", pdf).group(1).split()]
    assert abs(box[2] - points[0]) <= 2 and abs(box[3] - points[1]) <= 2


def test_a_long_title_wraps_and_keeps_the_page_shape():
    layout = layout_graph(build_graph(project_of([node("a", "action", "alleen")])))
    svg = static_figure(layout, "svg", note="niveau: organisatie, team, individu; " * 6)
    root = ET.fromstring(svg)
    assert abs(float(root.get("width").rstrip("pt")) - 842) <= 2
    assert abs(float(root.get("height").rstrip("pt")) - 595) <= 2
    title = next(i for i in svg_nodes(svg) if "pt-title" in i["class"])
    assert 2 <= len(title["texts"]) <= 4
    check_geometry(svg)


# ------------------------------------------------------------------------------ geometry

def test_no_overlapping_boxes_and_all_text_inside(svg, small):
    items = check_geometry(svg)
    drawn = {i["name"] for i in items if "pt-node" in i["class"]}
    graph = build_graph(small)
    assert drawn == {n for n in graph if not graph.nodes[n]["is_group"]}


def test_geometry_checks_catch_problems():
    box = {"name": "a", "box": (0, 0, 50, 20), "texts": [
        {"x": 25, "y": 14, "size": 10, "anchor": "middle", "text": "veel te lange tekst"}]}
    other = {"name": "b", "box": (40, 10, 90, 30), "texts": []}
    assert texts_outside([box]) == [("a", "veel te lange tekst")]
    assert overlapping_pairs([box, other]) == [("a", "b")]
    header = {"name": "h", "texts": [{"x": 60, "y": 20, "size": 11, "anchor": "middle",
                                      "text": "Kop", "bold": "bold"}]}
    assert loose_texts_on_boxes([header, other]) == [("Kop", "b")]


def test_figure_is_deterministic(small, layout):
    again = layout_graph(build_graph(small))
    assert again.positions() == layout.positions()
    assert static_figure(layout, "svg") == static_figure(again, "svg")
    assert static_figure(layout, "png") == static_figure(again, "png")
    # cairo stamps the time it made a PDF; the figure leaves that out (a rebuild gives the
    # same bytes)
    pdf = static_figure(layout, "pdf")
    assert b"/CreationDate" not in pdf and pdf == static_figure(again, "pdf")


def test_legend_shows_kind_condition_polarity_and_link_status(svg):
    items = svg_nodes(svg)
    legend = [i for i in items if "pt-legend" in i["class"]]
    texts = {t["text"] for i in items for t in i["texts"]}
    assert {"noodzakelijk", "faciliterend", "gewenst", "⊖ ongewenst", "uitgesproken verband",
            "afgeleid verband", "assumptie", "actie", "uitkomst"} <= texts
    assert any("pt-necessary" in i["class"] for i in legend)
    assert any("pt-facilitating" in i["class"] for i in legend)
    assert b'id="legend"' in svg


def _strokes(group) -> list[dict]:
    return [{"dash": el.get("stroke-dasharray"), "width": el.get("stroke-width")}
            for el in group.iter() if el.tag.replace(SVG, "") in ("polygon", "path")]


def test_greyscale_coding_uses_line_style_not_only_colour(svg):
    items = svg_nodes(svg)
    necessary = [i for i in items if "pt-necessary" in i["class"] and "pt-node" in i["class"]]
    facilitating = [i for i in items if "pt-facilitating" in i["class"]
                    and "pt-node" in i["class"]]
    plain = [i for i in items if "pt-unconditioned" in i["class"]]
    assert necessary and facilitating and plain
    for i in necessary:  # a double border, solid and heavier
        strokes = _strokes(i["shapes"])
        assert len(strokes) >= 2 and all(s["dash"] is None for s in strokes)
        assert any(s["width"] for s in strokes)
    for i in facilitating:  # a dashed border
        assert all(s["dash"] for s in _strokes(i["shapes"]))
    for i in plain:
        assert all(s["dash"] is None for s in _strokes(i["shapes"]))
    undesired = [i for i in items if "pt-undesired" in i["class"] and "pt-node" in i["class"]]
    assert undesired and all(i["texts"][0]["text"].startswith("⊖") for i in undesired)
    assert all(any(el.tag.endswith("polyline") for el in i["shapes"].iter()) for i in undesired)
    root = ET.fromstring(svg)
    edges = [g for g in root.iter(f"{SVG}g") if "edge" in (g.get("class") or "").split()]
    implied = [g for g in edges if "pt-implied" in g.get("class")]
    stated = [g for g in edges if "pt-stated" in g.get("class")]
    assert implied and stated
    assert all(next(g.iter(f"{SVG}path")).get("stroke-dasharray") for g in implied)
    assert all(next(g.iter(f"{SVG}path")).get("stroke-dasharray") is None for g in stated)


def test_user_text_is_escaped_not_interpreted(tmp_path):
    tricky = ['<b>vet</b> "quote" \\N \\G', "&amp; &lt;script&gt;", "<<html>>", "x\\ny"]
    nodes = [node(f"n{i}", "action", text) for i, text in enumerate(tricky)]
    svg = static_figure(layout_graph(build_graph(project_of(nodes))), "svg")
    items = {i["name"]: i for i in check_geometry(svg)}
    for i, text in enumerate(tricky):
        assert " ".join(t["text"] for t in items[f"n{i}"]["texts"]) == text
    assert b"<b>" not in svg and b"<script" not in svg


def test_english_labels(small):
    svg = static_figure(layout_graph(build_graph(small), lang="en"), "svg")
    texts = {t["text"] for i in svg_nodes(svg) for t in i["texts"]}
    assert "working safety plan" in texts and "Legend" in texts and "Assumptions" in texts


def test_figure_dot_rejects_an_unknown_preset(layout):
    with pytest.raises(UsageError, match="did you mean 'slide'"):
        figure_dot(layout, preset="slid")


# ------------------------------------------------------------------------------ edge cases

def test_empty_theory_renders(tmp_path):
    layout = layout_graph(build_graph(project_of([])))
    for fmt in ("svg", "png", "pdf"):
        assert len(static_figure(layout, fmt)) > 500
    texts = {t["text"] for i in svg_nodes(static_figure(layout, "svg")) for t in i["texts"]}
    assert any(t.startswith("Geen elementen") for t in texts)


def test_one_node_renders():
    layout = layout_graph(build_graph(project_of([node("a", "outcome", "alleen", term="long")])))
    check_geometry(static_figure(layout, "svg"))
    assert png_info(static_figure(layout, "png"))["dpi"][0] >= 300 - 0.1


def test_labels_of_500_characters_stay_in_their_boxes():
    text = ("een zeer lange omschrijving van wat er in het traject gebeurt " * 10)[:500]
    nodes = [node("a", "assumption", text, condition="necessary"),
             node("b", "action", text), node("c", "outcome", text, term="short",
                                              polarity="undesired"),
             node("m", "mechanism", "W" * 500), node("e", "external_factor", text)]
    links = [link("L1", "a", "b"), link("L2", "b", "c"), link("L3", "m", "b"),
             link("L4", "e", "c", status="implied")]
    svg = static_figure(layout_graph(build_graph(project_of(nodes, links))), "svg")
    check_geometry(svg)


@pytest.mark.slow
def test_1000_nodes_render_cleanly():
    graph = build_graph(synthetic_project(1000))
    layout = layout_graph(graph)
    svg = static_figure(layout, "svg")
    items = check_geometry(svg)
    assert sum("pt-node" in i["class"] for i in items) == 1000
    assert static_figure(layout, "pdf")[:5] == b"%PDF-"


# ------------------------------------------------------------------------------ render_theory

def test_render_theory_default_path_is_the_project_build_folder(tmp_path):
    project = small_project(root=tmp_path)
    out = render_theory(project, fmt="svg")
    assert out == tmp_path / "build" / "theory-v1.svg" and out.is_file()


def test_render_theory_filters_and_focus(small, tmp_path):
    out = render_theory(small, fmt="svg", focus="out_a", depth=1, out=tmp_path / "f.svg")
    names = {i["name"] for i in svg_nodes(out.read_bytes()) if "pt-node" in i["class"]}
    assert names == {"out_a", "oc_s", "grp_actions"}  # the group, without members: a box
    out = render_theory(small, fmt="svg", kinds=["outcome"], levels=["client"],
                        out=tmp_path / "k.svg")
    names = {i["name"] for i in svg_nodes(out.read_bytes()) if "pt-node" in i["class"]}
    assert names == {"oc_m", "oc_l"}
    out = render_theory(small, fmt="svg", paths=("res_a", "oc_m"), out=tmp_path / "p.svg")
    names = {i["name"] for i in svg_nodes(out.read_bytes()) if "pt-node" in i["class"]}
    assert names == {"res_a", "act_b", "out_a", "oc_s", "oc_m"}


@pytest.mark.parametrize("kwargs, message", [
    ({"version": "v2"}, "unknown version 'v2'"),
    ({"version": "v11"}, "did you mean 'v1'?"),
    ({"fmt": "jpg"}, "unknown format 'jpg'"),
    ({"preset": "a5"}, "unknown preset 'a5'"),
    ({"focus": "oc_z"}, "unknown focus node id 'oc_z'"),
    ({"kinds": ["outcomes"]}, "did you mean 'outcome'?"),
    ({"levels": ["klient"]}, "did you mean 'client'?"),
])
def test_render_theory_usage_errors(small, tmp_path, kwargs, message):
    with pytest.raises(UsageError) as info:
        render_theory(small, out=tmp_path / "x.svg", **{"fmt": "svg", **kwargs})
    assert message in str(info.value)


# ------------------------------------------------------------------------------ the command

def test_cli_render_writes_a_figure(tmp_path, capsys):
    out = tmp_path / "revised.svg"
    code = main(["render", str(REPO), "--version", "revised", "--format", "svg",
                 "--out", str(out)])
    assert code == 0 and out.is_file()
    assert capsys.readouterr().out.strip() == str(out)


def test_cli_unknown_version_exits_2_with_a_hint(tmp_path, capsys):
    code = main(["render", str(REPO), "--version", "revisd", "--out", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert code == 2 and "did you mean 'revised'?" in err and "Traceback" not in err


def test_cli_unknown_node_exits_2(tmp_path, capsys):
    code = main(["render", str(REPO), "--focus", "no_such_node", "--out", str(tmp_path / "x")])
    assert code == 2 and "unknown focus node id 'no_such_node'" in capsys.readouterr().err


def test_cli_without_graphviz_exits_2_with_the_install_command(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PROGRAMTHEORY_GRAPHVIZ_BIN", str(tmp_path))
    code = main(["render", str(REPO), "--format", "svg", "--out", str(tmp_path / "x.svg")])
    err = capsys.readouterr().err
    assert code == 2 and "sudo apt-get install graphviz" in err and "Traceback" not in err
    assert not (tmp_path / "x.svg").exists()


# ------------------------------------------------------------------------------ real data

@pytest.mark.parametrize("version", ["revised", "initial"])
def test_the_report_theories_render_cleanly(real_project, version, tmp_path):
    out = render_theory(real_project, version=version, fmt="svg", figure_only=False,
                        out=tmp_path / f"{version}.svg")
    items = check_geometry(out.read_bytes())
    graph = build_graph(real_project, version)
    drawn = {i["name"] for i in items if "pt-node" in i["class"]}
    frames = {n for n, d in graph.nodes(data=True) if d["is_group"]}
    assert drawn | frames >= set(graph.nodes)
    for fmt in ("png", "pdf"):
        assert render_theory(real_project, version=version, fmt=fmt,
                             out=tmp_path / f"{version}.{fmt}").stat().st_size > 10_000
