"""The one Graphviz runner: no other module starts Graphviz or writes DOT its own way."""

from __future__ import annotations

import re

import pytest

from project_support import REPO

from programtheory.errors import MissingTool
from programtheory.graphviz import FONT, dot_label, html_label_text, run_graphviz

PACKAGE = REPO / "src" / "programtheory"
OWN_WAYS = re.compile(r"""which\(\s*["'](dot|neato)["']|^\s*(import|from)\s+graphviz\b|"""
                      r"""subprocess\.[a-z_]+\(\s*\[\s*["'](dot|neato)|fontname=\\?"(?!\{)""",
                      re.M)


def test_only_the_runner_calls_graphviz():
    offenders = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                 if path.name != "graphviz.py" and OWN_WAYS.search(path.read_text("utf-8"))]
    assert offenders == []


def test_the_runner_honours_the_graphviz_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PROGRAMTHEORY_GRAPHVIZ_BIN", str(tmp_path))
    with pytest.raises(MissingTool, match="apt-get install graphviz"):
        run_graphviz("digraph { a }", "svg")


def test_labels_are_escaped_once():
    assert dot_label(["a\\N", 'b"']) == '"a\\\\N\\nb\\""'
    assert html_label_text("<b>&") == "&lt;b&gt;&amp;"
    svg = run_graphviz(f'digraph {{ node [fontname="{FONT}"]; a [label={dot_label(["x&y"])}] }}',
                       "svg").decode()
    assert "x&amp;y" in svg and FONT in svg
