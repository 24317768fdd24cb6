"""version.columns: unknown keys are positioned findings with a suggestion (PT140, PT141)."""

from __future__ import annotations

from pathlib import Path

from golden_support import golden_project

from programtheory.cli import main
from programtheory.column_checks import column_keys
from programtheory.project import read_project
from programtheory.vocab import NodeKind

def _with_columns(tmp_path: Path, columns: str) -> Path:
    root = golden_project("ok-valid", tmp_path / "project")
    version = root / "theory" / "versions" / "v1.yaml"
    text = version.read_text(encoding="utf-8")
    head = "  title: {nl: Programmatheorie, en: Program theory}\n"
    assert head in text
    version.write_text(text.replace(head, head + f"  columns: {columns}\n"), encoding="utf-8")
    return root


def test_every_default_column_key_is_accepted(tmp_path):
    root = _with_columns(tmp_path, "[" + ", ".join(column_keys()) + "]")
    result = read_project(root)
    assert [f.code for f in result.findings if f.code.startswith("PT14")] == []


def test_a_typo_is_a_positioned_finding_with_a_suggestion(tmp_path):
    root = _with_columns(tmp_path, "[assumption, resorce, action, outcome_long]")
    found = [f for f in read_project(root).findings if f.code == "PT140"]
    assert len(found) == 1
    assert found[0].file == "theory/versions/v1.yaml"
    assert (found[0].line, found[0].col) == (4, 25)
    assert "'resorce'" in found[0].message and "'resource'" in found[0].hint


def test_a_band_kind_and_an_unknown_term_are_refused_and_a_repeat_is_flagged(tmp_path):
    root = _with_columns(tmp_path, "[mechanism, outcome_later, action, action]")
    codes = sorted(f.code for f in read_project(root).findings if f.code.startswith("PT14"))
    assert codes == ["PT140", "PT140", "PT141"]


def test_validate_exits_1_on_an_unknown_column(tmp_path, capsys):
    root = _with_columns(tmp_path, "[actoin]")
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr().out
    assert "error[PT140]" in out and "did you mean 'action'?" in out


def test_column_keys_cover_every_kind_outside_the_bands_and_each_term():
    keys = column_keys(["first_year", "later"])
    assert "outcome_first_year" in keys and "outcome_later" in keys
    assert "outcome_short" not in keys
    assert {"assumption", "resource", "action", "output", "follow_up"} <= set(keys)
    assert not {"problem", "goal", "rationale", "mechanism", "feedback",
                "external_factor"} & set(keys)
    assert len(keys) == len(NodeKind) - 6 - 1 + 2
