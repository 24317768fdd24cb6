"""`programtheory init`: a project that validates at once, in either language, with or without
the example; never written over an existing folder, never left half-written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from programtheory import scaffold
from programtheory.cli import main
from programtheory.errors import UsageError
from programtheory.project import read_project
from programtheory.schema import MODELINE_PREFIX

EXPECTED = {"project.yaml", "README.md", "outcomes.yaml", "theory/sources.yaml",
            "theory/versions/v1.yaml", "theory/evidence/evidence.yaml"}


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("example", [False, True])
def test_a_new_project_validates_without_a_finding(tmp_path, capsys, lang, example):
    target = tmp_path / "new-project"
    argv = ["init", str(target), "--lang", lang] + (["--example"] if example else [])
    assert main(argv) == 0
    assert "validate" in capsys.readouterr().err
    files = _files(target)
    assert files >= EXPECTED
    assert any(name.startswith("schema/") and name.endswith(".schema.json") for name in files)
    result = read_project(target)
    assert [f.format() for f in result.findings if f.severity.value != "note"] == []
    project = result.project
    assert project.primary_language == lang
    assert len(project.versions) == 1
    if example:
        assert len(project.version().nodes) >= 7 and project.evidence
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert "{path}" not in readme and "new-project" in readme


def test_every_data_file_points_at_a_schema_in_the_project(tmp_path):
    target = tmp_path / "p"
    scaffold.create_project(target, "en", example=True)
    for name in _files(target):
        if name.endswith(".yaml"):
            first = (target / name).read_text(encoding="utf-8").split("\n", 1)[0]
            assert first.startswith(MODELINE_PREFIX), name
            schema = (target / name).parent / first[len(MODELINE_PREFIX):]
            assert schema.resolve().is_file(), name


def test_an_empty_folder_is_used_and_a_non_empty_one_is_refused_untouched(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["init", str(empty)]) == 0
    assert _files(empty) >= EXPECTED
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(busy)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert _files(busy) == {"notes.txt"}
    assert (busy / "notes.txt").read_text(encoding="utf-8") == "mine"
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    assert main(["init", str(a_file)]) == 2 and a_file.read_text(encoding="utf-8") == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy", "empty", "file"]


def test_a_failure_half_way_leaves_nothing_behind(tmp_path, monkeypatch):
    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(scaffold, "write_schemas", broken)
    with pytest.raises(OSError):
        scaffold.create_project(tmp_path / "p", "en")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_parent_folder_and_an_unknown_language_are_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="does not exist"):
        scaffold.create_project(tmp_path / "a" / "b", "en")
    with pytest.raises(UsageError, match="--lang"):
        scaffold.create_project(tmp_path / "p", "fr")
    assert main(["init", str(tmp_path / "p"), "--lang", "fr"]) == 2
    assert list(tmp_path.iterdir()) == []


def test_the_new_folder_has_ordinary_permissions(tmp_path):
    target = scaffold.create_project(tmp_path / "p", "en")
    mode = os.stat(target).st_mode & 0o777
    assert mode == 0o777 & ~scaffold._umask()


@pytest.mark.slow
def test_init_then_build_works_from_anywhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["init", "new-project", "--lang", "en"]) == 0
    assert main(["build", "new-project"]) == 0
    site = tmp_path / "new-project" / "build"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "needs at least 2 versions" in index  # the revision page is skipped, and says so
    for name in ("theory_diagram", "evidence_map", "confidence", "outcome_table"):
        assert (site / name / f"{name}.html").is_file(), name


def test_init_into_the_current_empty_folder_keeps_that_folder(tmp_path, monkeypatch):
    here = tmp_path / "here"
    here.mkdir()
    inode = here.stat().st_ino
    monkeypatch.chdir(here)
    assert main(["init", "."]) == 0
    assert here.stat().st_ino == inode and _files(here) >= EXPECTED
    assert [p.name for p in tmp_path.iterdir()] == ["here"]


def test_a_failure_while_filling_an_empty_folder_takes_everything_out(tmp_path, monkeypatch):
    target = tmp_path / "empty"
    target.mkdir()
    real_rename, calls = os.rename, []

    def failing_rename(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_rename(src, dst)

    monkeypatch.setattr(scaffold.os, "rename", failing_rename)
    with pytest.raises(OSError):
        scaffold.create_project(target, "en")
    assert list(target.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir()] == ["empty"]
