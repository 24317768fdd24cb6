"""JSON Schemas of the project files, generated from the models, so that editors check and
complete the YAML as it is typed.

One schema per file role (`version`, `evidence`, `sources`, ...), with every field's description
from `programtheory.field_docs`. They are written to `docs/schema/<role>.schema.json` and shipped
inside the package (`programtheory/schemas/`); a YAML file names its schema on its first line:

    # yaml-language-server: $schema=../../docs/schema/version.schema.json

`programtheory schema --out DIR` writes them for a project elsewhere; `programtheory.docs`
regenerates the copies in the repository and `--check` fails when they are stale.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from pydantic import BaseModel

from .atomic import write_text_atomically
from .field_docs import field_description, model_description
from .project import _MODELS
from .settings import PROJECT_FILE, ProjectSettings

# every file role: the data files, and the project settings (project.yaml)
FILE_MODELS = {**_MODELS, "project": ProjectSettings}

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
PACKAGE_SCHEMAS = Path(__file__).resolve().parent / "schemas"
MODELINE_PREFIX = "# yaml-language-server: $schema="


def schema_file_name(role: str) -> str:
    return f"{role}.schema.json"


def _models_by_name(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model reachable from `root`, by class name (the names pydantic uses in $defs)."""
    found: dict[str, type[BaseModel]] = {}
    stack = [root]
    while stack:
        model = stack.pop()
        if model.__name__ in found:
            continue
        found[model.__name__] = model
        for info in model.model_fields.values():
            stack += _nested_models(info.annotation)
    return found


def _nested_models(annotation) -> list[type[BaseModel]]:
    from typing import get_args
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _nested_models(arg)]


def _describe(schema: dict, model: type[BaseModel]) -> None:
    """Fill in the model's and its fields' descriptions in one object schema."""
    if model_description(model):
        schema["description"] = model_description(model)
    for name, prop in schema.get("properties", {}).items():
        text = field_description(model, name)
        if text:
            prop["description"] = text
        prop.pop("title", None)
    schema.pop("title", None)


def file_schema(role: str) -> dict:
    """The JSON Schema of one file role, e.g. 'version'."""
    model = FILE_MODELS[role]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    models = _models_by_name(model)
    for name, definition in schema.get("$defs", {}).items():
        if name in models:
            _describe(definition, models[name])
        else:
            definition.pop("title", None)
    _describe(schema, model)
    return {"$schema": SCHEMA_DIALECT,
            "title": f"programtheory {role} file", **schema}


def schema_texts() -> dict[str, str]:
    """{file name: JSON text} of every file role's schema."""
    return {schema_file_name(role): json.dumps(file_schema(role), ensure_ascii=False, indent=2,
                                               sort_keys=False) + "\n"
            for role in FILE_MODELS}


def write_schemas(folder: str | Path) -> list[Path]:
    """Write every schema into `folder` (atomically, one file each); returns the paths."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        write_text_atomically(target / name, text)
        written.append(target / name)
    return written


def role_of(rel_path: str) -> str | None:
    """The file role of a project-relative path, e.g. 'theory/versions/a.yaml' -> 'version'."""
    parts = PurePosixPath(rel_path).parts
    if len(parts) == 3 and parts[:2] == ("theory", "versions"):
        return "version"
    if len(parts) == 3 and parts[:2] == ("theory", "evidence"):
        return "evidence"
    return {"theory/sources.yaml": "sources", "theory/recommendations.yaml": "recommendations",
            "outcomes.yaml": "outcomes", "barometer.yaml": "barometer",
            "project.yaml": "project"}.get(str(PurePosixPath(rel_path)))


def modeline(rel_path: str, schema_dir: str) -> str:
    """The first line that points a project file at its schema. `schema_dir` is the schema
    folder relative to the project root (POSIX separators)."""
    role = role_of(rel_path)
    if role is None or role not in FILE_MODELS:
        raise ValueError(f"{rel_path} is not a project data file")
    depth = len(PurePosixPath(rel_path).parts) - 1
    prefix = "../" * depth
    return f"{MODELINE_PREFIX}{prefix}{schema_dir.rstrip('/')}/{schema_file_name(role)}"


def with_modeline(text: str, line: str) -> str:
    """`text` with `line` as its first line: an existing schema line is replaced, anything
    else is kept byte for byte below it (a byte-order mark stays first)."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    if body.startswith(MODELINE_PREFIX):
        body = body.split("\n", 1)[1] if "\n" in body else ""
    first_line = body.split("\n", 1)[0]
    newline = "\r\n" if first_line.endswith("\r") else "\n"
    return f"{bom}{line}{newline}{body}"


def link_schemas(root: str | Path, schema_dir: str) -> list[Path]:
    """Give every data file of the project at `root` its schema line (`schema_dir`: the schema
    folder relative to the root). Files already pointing there are left alone; returns the
    files changed."""
    from .project import project_files
    base = Path(root)
    changed = []
    settings = [("project", base / PROJECT_FILE)] if (base / PROJECT_FILE).is_file() else []
    for _, path in settings + project_files(base):
        rel = path.relative_to(base).as_posix()
        if role_of(rel) not in FILE_MODELS:
            continue
        text = path.read_text(encoding="utf-8")
        new = with_modeline(text, modeline(rel, schema_dir))
        if new != text:
            write_text_atomically(path, new)
            changed.append(path)
    return changed
