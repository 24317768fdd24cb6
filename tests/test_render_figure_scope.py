"""The report's own figures draw only their elements by default; --all adds the rest, marked
grey and explained in the legend."""

from __future__ import annotations

import html
import re

import pytest

from programtheory import build_graph
from programtheory.cli import main

from project_support import REPO


def _drawn(svg: str) -> set[str]:
    return set(re.findall(r'<g id="node-([^"]+)" class="node pt-node', html.unescape(svg)))


def _outside(svg: str) -> set[str]:
    return set(re.findall(r'<g id="node-([^"]+)" class="node pt-node[^"]*pt-outside-figure',
                          html.unescape(svg)))


@pytest.mark.parametrize("version", ["initial", "revised"])
def test_the_report_figure_by_default_and_everything_with_all(real_project, version, tmp_path,
                                                              capsys):
    graph = build_graph(real_project, version)
    omitted = {n for n, d in graph.nodes(data=True) if not d["in_figure"]}
    assert omitted, "the report's versions discuss elements their figure does not draw"
    assert main(["render", str(REPO), "--version", version, "--format", "svg",
                 "--out", str(tmp_path / "fig.svg")]) == 0
    default = (tmp_path / "fig.svg").read_text(encoding="utf-8")
    assert _drawn(default) and not _drawn(default) & omitted
    assert "niet getekend in de figuur van het rapport" not in default
    assert main(["render", str(REPO), "--version", version, "--format", "svg", "--all",
                 "--out", str(tmp_path / "all.svg")]) == 0
    everything = (tmp_path / "all.svg").read_text(encoding="utf-8")
    assert _outside(everything) == omitted - {n for n, d in graph.nodes(data=True)
                                              if d["is_group"]}
    assert _drawn(everything) >= _drawn(default) | omitted
    assert "niet getekend in de figuur van het rapport" in everything  # the legend says it
    capsys.readouterr()


def test_figure_only_and_all_exclude_each_other(tmp_path, capsys):
    code = main(["render", str(REPO), "--all", "--figure-only", "--out", str(tmp_path / "x.svg")])
    assert code == 2 and "not allowed with argument" in capsys.readouterr().err
