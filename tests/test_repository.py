"""The repository's own house rules: sizes a reader can take in, and no test output left behind."""

from __future__ import annotations

import ast
import contextlib
import os
import runpy
from pathlib import Path

import pytest

from project_support import REPO
PACKAGE = REPO / "src" / "programtheory"
MODULE_LINES, FUNCTION_LINES = 600, 60


def _python_files():
    for folder in (PACKAGE, REPO / "scripts", REPO / "notebooks"):
        yield from sorted(folder.rglob("*.py"))


def _is_parser_declaration(node: ast.AST) -> bool:
    """The CLI's argparse declarations: long by nature, and read as a table, not as logic."""
    return isinstance(node, ast.FunctionDef) and (
        node.name.endswith(("_parser", "_parsers")) or node.name.startswith("_add_")
        or node.name == "_size_options")


def _span(node: ast.AST) -> int:
    return node.end_lineno - node.lineno + 1


def _over_the_limit(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    declared = sum(_span(n) for n in tree.body if _is_parser_declaration(n))
    lines = text.count("\n") - declared
    found = [f"{path.name}: {lines} lines"] if lines > MODULE_LINES else []
    for node in ast.walk(tree):
        if (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                and not _is_parser_declaration(node) and _span(node) > FUNCTION_LINES):
            found.append(f"{path.name}:{node.lineno} {node.name}: {_span(node)} lines")
    return found


def test_modules_and_functions_stay_within_their_limits():
    too_long = [f"{path.parent.relative_to(REPO)}/{problem}"
                for path in _python_files() for problem in _over_the_limit(path)]
    assert not too_long, "over the limit (split by concern):\n" + "\n".join(too_long)


def test_the_size_check_sees_what_is_over(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(FUNCTION_LINES))
    module = tmp_path / "long.py"
    module.write_text(f"def long():\n{body}\n\n\ndef _add_parser():\n{body}\n"
                      + "\n" * MODULE_LINES, encoding="utf-8")
    assert _over_the_limit(module) == [f"long.py: {MODULE_LINES + 2 + FUNCTION_LINES + 1} lines",
                                       f"long.py:1 long: {FUNCTION_LINES + 1} lines"]


FIXTURE_NOTEBOOKS = sorted((REPO / "tests" / "fixtures").rglob("notebooks/*.py"))


@pytest.mark.parametrize("notebook", FIXTURE_NOTEBOOKS, ids=lambda p: p.name)
def test_a_fixture_notebook_run_outside_a_build_writes_nothing(notebook, tmp_path, monkeypatch):
    """A notebook imported by a test collector, or run by hand, once left its output file in the
    repository root; with its defaults it writes nothing where it runs."""
    monkeypatch.chdir(tmp_path)
    with contextlib.suppress(Exception):  # a default that cannot load is fine, a stray file not
        runpy.run_path(str(notebook), run_name="fixture_notebook")
    assert os.listdir(tmp_path) == []


def test_fixture_notebooks_are_found():
    assert {p.name for p in FIXTURE_NOTEBOOKS} >= {"flaky.py", "hello.py"}
