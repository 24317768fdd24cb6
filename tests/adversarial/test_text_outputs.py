"""Text from data is text in every output: validate reports control and hidden characters, and
each format escapes once, where it is written."""

from __future__ import annotations

import io
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from text_support import CONTROLS, REPO, copy_project, replace_once, yaml_string

from programtheory import load_project, read_project
from programtheory.cli import main
from programtheory.model import Label
from programtheory.messages import message
from programtheory.graph import build_graph
from programtheory.layout import dot_executable, layout_graph
from programtheory.render import figure_dot, static_figure

HOSTILE = "a\bb\x01c\x07d\x0be\x1b[31mf\x00g" + CONTROLS
GROUP = "Team & x \\ y"
LABEL = "      nl: Assumpties"


def _graph(project, label: str):
    graph = build_graph(project, "revised")
    node = next(n for n, d in graph.nodes(data=True) if not d.get("is_group"))
    graph.nodes[node]["label_nl"] = label
    graph.nodes["rev_assumptions"]["label_nl"] = label
    return graph


def test_validate_reports_control_characters_with_a_hint(tmp_path, capsys):
    assert [f.code for f in read_project(REPO).findings if f.code in ("PT210", "PT211")] == []
    project = copy_project(tmp_path / "p")
    replace_once(project / "theory/versions/revised.yaml", LABEL, "      nl: "
                 + yaml_string("Assump\bties\x1b[2J"))
    found = [f for f in read_project(project).findings if f.code == "PT210"]
    assert len(found) == 1 and found[0].file == "theory/versions/revised.yaml"
    assert found[0].line > 0 and found[0].hint
    assert main(["validate", str(project)]) == 1
    out = capsys.readouterr()
    assert "\x1b" not in out.out + out.err and "\b" not in out.out + out.err
    assert "PT210" in out.out


@pytest.mark.parametrize("hidden", ["\u202e", "\u2066", "\u200b", "\u2060"])
def test_validate_reports_bidi_overrides_and_zero_width_characters(tmp_path, hidden):
    project = copy_project(tmp_path / "p")
    replace_once(project / "theory/versions/revised.yaml", LABEL,
                 "      nl: " + yaml_string(f"Assump{hidden}ties"))
    found = [f for f in read_project(project).findings if f.code == "PT211"]
    assert len(found) == 1 and f"U+{ord(hidden):04X}" in found[0].message


def test_validate_echoes_invalid_values_escaped(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    replace_once(project / "theory/versions/revised.yaml", "kind: assumption",
                 "kind: " + yaml_string("assumption\x1b]0;owned\x07\x1b[2K"))
    assert main(["validate", str(project)]) == 1
    out = capsys.readouterr()
    assert "\x1b" not in out.out + out.err and "\x07" not in out.out + out.err
    assert "\\u001b" in out.out


def test_control_characters_give_well_formed_svg_and_dot(real_project):
    graph = _graph(real_project, HOSTILE)
    layout = layout_graph(graph)  # dot reads the layout source and answers in JSON
    svg = static_figure(layout, "svg")
    ET.fromstring(svg)
    done = subprocess.run([dot_executable("neato"), "-n2", "-Tsvg"],
                          input=figure_dot(layout).encode("utf-8"), capture_output=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in layout.dot_source and "\x00" not in figure_dot(layout)


def test_render_with_control_characters_does_not_traceback(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    replace_once(project / "theory/versions/revised.yaml", LABEL,
                 "      nl: " + yaml_string("Assump\x01ties\x0b"))
    code = main(["render", str(project), "--out", str(tmp_path / "f.svg")])
    out = capsys.readouterr()
    # control characters in a label are a data error: named, and no figure is written
    assert code == 1 and "Traceback" not in out.err
    assert "error[PT210]" in out.err and not (tmp_path / "f.svg").exists()


def test_group_labels_are_escaped_once_in_figure_and_view(real_project):
    from programtheory.interactive import interactive_html

    graph = build_graph(real_project, "revised")
    graph.nodes["rev_assumptions"]["label_nl"] = GROUP
    layout = layout_graph(graph)
    assert [f.label for f in layout.frames if f.id == "rev_assumptions"] == [GROUP]
    assert layout.nodes["rev_assumptions"].lines == (GROUP,)
    svg = ET.fromstring(static_figure(layout, "svg"))
    texts = ["".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert GROUP in texts
    page = interactive_html(layout)
    assert "Team \\u0026 x \\\\ y" in page and "&amp;amp;" not in page
    assert "Team &amp; x" not in page


def test_rtl_overrides_and_zero_width_do_not_reach_exports(real_project):
    from programtheory.interactive import interactive_html

    graph = build_graph(real_project, "revised")
    graph.nodes["rev_assumptions"]["label_nl"] = "abc\u202edef\u200bghi"
    layout = layout_graph(graph)
    page = interactive_html(layout)
    svg = static_figure(layout, "svg").decode("utf-8")
    for text in (page, svg, figure_dot(layout)):  # (the page's script library has its own)
        assert "abc\u202edef" not in text and "def\u200bghi" not in text
        assert "abcdefghi" in text


def _svg_text(fig) -> str:
    import matplotlib as mpl
    buffer = io.StringIO()
    with mpl.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg")
    return re.sub(r"<!--.*?-->", "", buffer.getvalue(), flags=re.S)  # drawn text only


def test_dollars_in_barometer_texts_are_drawn_as_written(real_project):
    from programtheory import charts

    barometer = real_project.barometer
    factor = barometer.factors[0].model_copy(update={"text": "kost $5 per uur en $10 per dag"})
    changed = barometer.model_copy(update={"factors": [factor, *barometer.factors[1:]]})
    svg = _svg_text(charts.factors_chart(changed))
    assert "kost $5 per uur en $10 per dag" in svg


def test_tex_from_data_is_not_math_text(real_project):
    from programtheory import charts

    barometer = real_project.barometer
    instrument = barometer.instrument.model_copy(update={"anchor_low": r"$\input{x}$"})
    fig = charts.distribution_chart(barometer.waves[-1], instrument)
    assert r"$\input{x}$" in _svg_text(fig)


def test_xlsx_keeps_long_text_whole_and_formulas_as_text(real_project, tmp_path):
    from openpyxl import load_workbook

    from programtheory import tables
    from programtheory.outcome_office import data_sheet_titles

    project = real_project
    table = project.outcome_table
    cells = list(table.cells)
    first = cells[0]
    long_text = "".join(f"{i:06d} " for i in range(6000))  # 42,000 characters
    items = [first.items[0].model_copy(update={"text": long_text}),
             first.items[0].model_copy(update={"text": "=HYPERLINK(\"http://x\",\"y\")",
                                               "id": "formula_item"}),
             *first.items[1:]]
    changed = table.model_copy(update={"cells": [first.model_copy(update={"items": items}),
                                                 *cells[1:]]})
    path = tables.to_xlsx(changed, tmp_path / "t.xlsx", lang="nl")  # the verbatim text
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and len(cell.value) > 32767)
    items_sheet = book[data_sheet_titles("nl")[0]]
    header = [c.value for c in items_sheet[1]]
    col = header.index(message("outcome.data.text", "nl"))
    texts = [row[col] for row in items_sheet.iter_rows(min_row=2)]
    long_rows = [r for r in items_sheet.iter_rows(min_row=2)
                 if str(r[col].value or "").startswith("000000")]
    assert len(long_rows) == 1
    row = long_rows[0]
    whole = row[col].value + "".join(c.value for c in _continuation(items_sheet, row[col]))
    assert whole == long_text
    formula = next(c for c in texts if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s" and formula.quotePrefix
    grid = book.worksheets[0]
    shown = "".join(str(c.value or "") for row in grid.iter_rows() for c in row)
    assert long_text[-20:] in shown


CONTINUED = message("exports.continued_from", "nl", cell="").strip()


def _continuation(sheet, cell):
    """The cells that continue `cell`: below it, while their comment says so."""
    out = []
    row = cell.row + 1
    while True:
        below = sheet.cell(row=row, column=cell.column)
        if below.comment is None or not below.comment.text.startswith(CONTINUED):
            return out
        out.append(below)
        row += 1


def test_diff_shows_unsafe_characters_escaped(monkeypatch, capsys):
    """The printing layer escapes whatever text reaches it, here a diff in JSON of a label that
    a project given through the Python API (not validated by the command) carries; the escapes
    are JSON escapes, so the printed JSON still holds the label exactly."""
    import json

    from programtheory import cli

    hostile = "goed\b\b\b\bslecht\x1b[2K\u202eraw\x85\u2066x\u2069"
    project = load_project(REPO)
    revised = project.versions["revised"]
    node = revised.nodes[0]
    label = Label({**node.label.root, "nl": hostile})
    nodes = [node.model_copy(update={"label": label}), *revised.nodes[1:]]
    versions = {**project.versions, "revised": revised.model_copy(update={"nodes": nodes})}
    monkeypatch.setattr(cli, "_project", lambda path: project.model_copy(
        update={"versions": versions}))
    assert main(["diff", "initial", "revised", str(REPO), "--format", "json"]) == 0
    out = capsys.readouterr().out
    for raw in ("\b", "\x1b", "\u202e", "\x85", "\u2066"):
        assert raw not in out
    assert hostile in _strings(json.loads(out))


def _strings(value) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return set()


def test_hidden_characters_are_allowed_where_the_report_has_them(tmp_path):
    project = copy_project(tmp_path / "p")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts/report.txt").write_text("De groep heet Assump\u200bties.\n",
                                               encoding="utf-8")
    sources = project / "theory/sources.yaml"
    replace_once(sources, "file: 000_c72b6f80c2ca2492.txt", "file: report.txt")
    replace_once(sources, "search: [../shared/seed, shared/seed]", "search: [../texts]")
    version = project / "theory/versions/revised.yaml"
    replace_once(version, LABEL, "      nl: " + yaml_string("Assump\u200bties"))
    replace_once(version, "      nl: Bronnen", "      nl: " + yaml_string("Bron\u200bnen"))
    found = [f for f in read_project(project).findings if f.code == "PT211"]
    assert [f.line for f in found] == [_line_of(version, "Bron\\u200bnen")]


def _line_of(path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


def test_drawn_diff_with_control_characters_is_well_formed_svg(real_project, tmp_path):
    from programtheory.diff_draw import diff_graph, draw_diff

    graph = diff_graph(real_project, "initial", "revised")
    changes = {data.get("change") for _, data in graph.nodes(data=True)}
    assert {"removed", "added"} <= changes  # both label forms of the drawing are exercised
    for _, data in graph.nodes(data=True):
        data["label_nl"] = HOSTILE
    ET.parse(draw_diff(graph, tmp_path / "diff.svg"))
