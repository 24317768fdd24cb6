"""The JSON Schemas: generated from the models, current, accepted by the real data, pointed at
by every data file's first line, and strict enough to catch a typo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from programtheory.cli import main
from programtheory.project import project_files
from programtheory.schema import (FILE_MODELS, MODELINE_PREFIX, PACKAGE_SCHEMAS, file_schema,
                                  link_schemas, modeline, role_of, schema_texts, with_modeline)

from project_support import REPO as ROOT
PROJECTS = [ROOT] + sorted(p.parent for p in (ROOT / "examples").glob("*/project.yaml"))


def _validator(role: str):
    # imported here: jsonschema takes a second to import (its optional format checkers), and
    # every test process imports every test module, most of them never validating anything
    import jsonschema

    schema = file_schema(role)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _data(path: Path):
    # JSON has only text keys: a YAML score key (counts: {1: 3}) is checked as "1"
    def keys_as_text(value):
        if isinstance(value, dict):
            return {str(k): keys_as_text(v) for k, v in value.items()}
        if isinstance(value, list):
            return [keys_as_text(v) for v in value]
        return value
    return keys_as_text(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_every_data_file_names_its_schema_and_satisfies_it(project):
    files = project_files(project)
    assert files
    if (project / "project.yaml").is_file():
        files = [("project", project / "project.yaml")] + files
    for role, path in files:
        rel = path.relative_to(project).as_posix()
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith(MODELINE_PREFIX), rel
        target = (path.parent / first[len(MODELINE_PREFIX):]).resolve()
        assert target.is_file(), f"{rel}: {target} does not exist"
        assert json.loads(target.read_text(encoding="utf-8")) == file_schema(role)
        errors = list(_validator(role).iter_errors(_data(path)))
        assert not errors, f"{rel}: {errors[0].message} at {list(errors[0].path)}"


def test_the_schema_refuses_a_misspelt_field_and_a_wrong_kind():
    validator = _validator("version")
    good = {"version": {"id": "v1", "title": {"nl": "x"}},
            "nodes": [{"id": "a", "kind": "action", "label": {"nl": "a"}}]}
    assert not list(validator.iter_errors(good))
    typo = {**good, "nodes": [{"id": "a", "kind": "action", "lable": {"nl": "a"}}]}
    assert list(validator.iter_errors(typo))
    wrong = {**good, "nodes": [{"id": "a", "kind": "action", "label": {"nl": "a"},
                                "in_figure": "yes"}]}
    assert list(validator.iter_errors(wrong))
    bad_id = {**good, "nodes": [{"id": "1a", "kind": "action", "label": {"nl": "a"}}]}
    assert list(validator.iter_errors(bad_id))


def test_every_property_of_every_schema_has_a_description():
    def walk(node, where):
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                assert prop.get("description"), f"{where}.{name}"
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")
    for role in FILE_MODELS:
        walk(file_schema(role), role)


def test_the_shipped_schemas_are_current():
    texts = schema_texts()
    for name, text in texts.items():
        assert (PACKAGE_SCHEMAS / name).read_text(encoding="utf-8") == text
        assert (ROOT / "docs" / "schema" / name).read_text(encoding="utf-8") == text


def test_modeline_paths_and_roles():
    assert role_of("theory/versions/a.yaml") == "version"
    assert role_of("theory/evidence/q.yaml") == "evidence"
    assert role_of("outcomes.yaml") == "outcomes" and role_of("notes.yaml") is None
    assert modeline("theory/versions/a.yaml", "schema") == \
        MODELINE_PREFIX + "../../schema/version.schema.json"
    assert modeline("barometer.yaml", "schema/") == MODELINE_PREFIX + "schema/barometer.schema.json"
    with pytest.raises(ValueError):
        modeline("notes.yaml", "schema")


def test_with_modeline_keeps_every_byte_and_replaces_an_old_line():
    text = "# a comment\r\nversion:   {id: v1}   # kept as written\r\n"
    line = MODELINE_PREFIX + "x.json"
    once = with_modeline(text, line)
    assert once == line + "\r\n" + text
    assert with_modeline(once, line) == once
    assert with_modeline(with_modeline(text, MODELINE_PREFIX + "old.json"), line) == once
    assert with_modeline("\ufeffa: 1\n", line) == "\ufeff" + line + "\na: 1\n"


def test_link_schemas_changes_only_the_first_line(tmp_path):
    from golden_support import golden_project
    root = golden_project("ok-valid", tmp_path / "p")
    paths = [p for _, p in project_files(root)] + [root / "project.yaml"]
    before = {p: p.read_text(encoding="utf-8") for p in paths if p.is_file()}
    assert root / "project.yaml" in before
    changed = link_schemas(root, "schema")
    assert sorted(changed) == sorted(before)
    for path, text in before.items():
        assert path.read_text(encoding="utf-8").split("\n", 1)[1] == text
    assert link_schemas(root, "schema") == []


def test_schema_command_writes_every_schema(tmp_path, capsys):
    assert main(["schema", "--out", str(tmp_path / "s")]) == 0
    names = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert names == sorted(schema_texts())
    capsys.readouterr()
    assert main(["schema", "--role", "version"]) == 0
    assert json.loads(capsys.readouterr().out) == file_schema("version")
    assert main(["schema", "--role", "versoin"]) == 2
    assert "did you mean 'version'?" in capsys.readouterr().err
