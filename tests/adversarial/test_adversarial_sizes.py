"""Long ids and large projects: the build either finishes or refuses at once, clearly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_support import FIXTURE_PROJECT, REPO, copy_project
from programtheory.cli import main as cli_main

LONG_OLD = "initial_" + "o" * 112  # the schema's maximum: 120 characters
LONG_NEW = "revised_" + "n" * 112


def _long_id_project(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project", REPO / "notebooks", FIXTURE_PROJECT)
    versions = root / "theory" / "versions"
    for path in versions.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^(\s*(?:id|based_on): )initial$", rf"\g<1>{LONG_OLD}", text)
        text = re.sub(r"(?m)^(\s*id: )revised$", rf"\g<1>{LONG_NEW}", text)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.slow
def test_versions_with_120_character_ids_build(tmp_path, capsys):
    root = _long_id_project(tmp_path)
    assert cli_main(["validate", str(root)]) == 0, capsys.readouterr()
    out = tmp_path / "site"
    code = cli_main(["build", str(root), "--out", str(out), "--only", "theory_revision",
                     "--only", "theory_diagram"])
    assert code == 0, capsys.readouterr().err
    revision = sorted(p.name for p in (out / "theory_revision").iterdir())
    assert any(name.startswith("revision_initial_o") and name.endswith(".svg")
               for name in revision), revision
    for path in out.rglob("*"):
        assert len(path.name.encode("utf-8")) <= 255, path.name


@given(st.lists(st.text(min_size=0, max_size=200), min_size=1, max_size=3))
def test_safe_file_stem_is_short_distinct_and_stable(parts):
    from programtheory.build_files import MAX_NAME, safe_file_stem

    stem = safe_file_stem(*parts)
    assert len(stem) <= MAX_NAME and len(stem.encode("utf-8")) <= 2 * MAX_NAME
    assert "/" not in stem and "\0" not in stem
    assert stem == safe_file_stem(*parts)
    joined = "_".join(parts)
    if len(joined) <= MAX_NAME and len(joined.encode("utf-8")) <= 2 * MAX_NAME \
            and not re.search(r'[\x00-\x1f/\\:*?"<>|]', joined):
        assert stem == joined  # short names stay as they were
    else:
        longer = safe_file_stem(*parts, "x")
        assert longer != stem  # two different long ids give two names


def test_a_project_above_the_limits_is_refused_at_once(tmp_path, capsys):
    root = copy_project(tmp_path / "project", REPO / "notebooks", FIXTURE_PROJECT)
    out = tmp_path / "site"
    code = cli_main(["build", str(root), "--out", str(out), "--max-nodes", "3"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "more than the limit of 3 (--max-nodes)" in err and "docs/limits.md" in err
    assert "theory/versions/revised.yaml" in err
    assert not (out / "index.html").exists() and not list(out.glob("*/*.html"))
    code = cli_main(["build", str(root), "--out", str(out), "--max-versions", "1"])
    assert code == 2
    assert "2 versions, more than the limit of 1" in capsys.readouterr().err
