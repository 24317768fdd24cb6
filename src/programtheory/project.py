"""Reading a project folder into the typed model, with every problem as a finding.

A project folder holds:

    theory/versions/*.yaml     one complete theory per file (VersionFile)
    theory/evidence/*.yaml     evidence shared by all versions (EvidenceFile)
    theory/sources.yaml        literature registry and report sections (SourcesFile)
    theory/recommendations.yaml                                     (RecommendationsFile)
    outcomes.yaml              the outcome table                    (OutcomeTable)
    barometer.yaml             the implementation barometer          (Barometer)
    project.yaml               optional: title, languages, vocabulary (settings.ProjectSettings)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import model as m
from .exceptions import DataError, UsageError
from .cascade import NOT_READ, NOT_TYPED, NOT_USED, point_at_cause, prune, short_answer
from .findings import Finding, cause_key, did_you_mean, finding
from .settings import PROJECT_FILE, ProjectSettings, Vocabulary
from .settings_file import read_settings
from .yamlio import Loaded, Positions, bulk_allocation, parse_yaml, read_yaml

VERSIONS_DIR = Path("theory/versions")
EVIDENCE_DIR = Path("theory/evidence")
SOURCES_FILE = Path("theory/sources.yaml")
RECOMMENDATIONS_FILE = Path("theory/recommendations.yaml")
OUTCOMES_FILE = Path("outcomes.yaml")
BAROMETER_FILE = Path("barometer.yaml")


class ProjectNotFound(UsageError):
    """The folder is not a project folder (a usage problem, exit code 2)."""


class InvalidProject(DataError):
    """The project has errors; `findings` holds all of them."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        errors = [f for f in findings if f.severity.value == "error"]
        head = "\n".join(short_answer(findings))
        super().__init__(f"{len(errors)} error(s) in the project:\n{head}")


@dataclass
class ReadResult:
    """What reading a project produced: the project (None when a file could not be typed),
    every finding, and the files read."""

    project: m.Project | None
    findings: list[Finding]
    files: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity.value == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity.value == "warning"]

    @property
    def notes(self) -> list[Finding]:
        """What was not checked, and why (see `programtheory.cascade`)."""
        return [f for f in self.findings if f.severity.value == "note"]


def project_files(root: Path) -> list[tuple[str, Path]]:
    """(role, path) of every data file in the project, in a stable order."""
    files: list[tuple[str, Path]] = []
    for role, folder in (("version", VERSIONS_DIR), ("evidence", EVIDENCE_DIR)):
        if (root / folder).is_dir():
            files += [(role, p) for p in sorted((root / folder).glob("*.yaml"))]
    for role, rel in (("sources", SOURCES_FILE), ("recommendations", RECOMMENDATIONS_FILE),
                      ("outcomes", OUTCOMES_FILE), ("barometer", BAROMETER_FILE)):
        if (root / rel).is_file():
            files.append((role, root / rel))
    return files


# the checks whose answer depends on project.yaml (primary language, kinds, link rules, terms):
# left out while project.yaml has errors
SETTINGS_DEPENDENT = frozenset({"PT204", "PT205", "PT206", "PT207", "PT401", "PT402"})

_MODELS: dict[str, type[BaseModel]] = {
    "version": m.VersionFile, "evidence": m.EvidenceFile, "sources": m.SourcesFile,
    "recommendations": m.RecommendationsFile, "outcomes": m.OutcomeTable,
    "barometer": m.Barometer,
}


def read_project(path: str | Path = ".") -> ReadResult:
    """Read, type and check a project. Never raises for bad data; see `ReadResult`.

    Raises ProjectNotFound when `path` is not a project folder.
    """
    with bulk_allocation():
        return _read_project(Path(path))


def _read_project(root: Path) -> ReadResult:
    from .checks import check_project  # the checks need the typed files first
    from .text_checks import text_findings

    if not (root / "theory").is_dir():
        raise ProjectNotFound(
            f"{root} is not a project folder: it has no theory/ folder "
            "(pass the folder that holds theory/, outcomes.yaml and barometer.yaml)")
    settings = read_settings(root)
    findings: list[Finding] = list(settings.findings)
    typed: dict[str, list[tuple[str, Any]]] = {role: [] for role in _MODELS}
    loaded: dict[str, Loaded] = {PROJECT_FILE: settings.loaded} if settings.loaded else {}
    # values are checked against the project's vocabulary only when project.yaml is sound;
    # otherwise every value it declares would be reported again
    vocabulary = Vocabulary(settings.settings) if settings.trusted else None
    if not settings.trusted:
        findings.append(finding("PT150", "vocabulary values (kinds, levels, terms, evidence "
                                "sources, handle kinds, factor polarities), labels and link "
                                f"rules were not checked because {PROJECT_FILE} has errors",
                                f"fix {PROJECT_FILE} first", file=PROJECT_FILE))
    dropped: set[str] = set()  # ids of elements left out for schema errors
    unread: dict[str, dict[str, str]] = {role: {} for role in _MODELS}  # role -> {file: why}
    for role, file_path in project_files(root):
        display = file_path.relative_to(root).as_posix()
        result = read_yaml(file_path, display, root=root)
        loaded[display] = result
        findings += point_at_cause(result.findings, result.raw)
        if result.data is None:
            if not result.findings:
                findings.append(finding("PT108", "the file is empty",
                                        f"write the keys a {role} file expects, or delete it",
                                        file=display))
            unread[role][display] = NOT_READ
            continue
        # after duplicate keys or aliases the loader kept the first value; checking the rest
        # still reports every other problem at once
        findings += keys_in_text(_MODELS[role], result.data, result.raw, display)
        value = validate_file(_MODELS[role], result.data, display, findings, dropped,
                              vocabulary=vocabulary)
        if value is not None:
            typed[role].append((display, value))
        else:
            unread[role][display] = NOT_TYPED

    project = _assemble(root, typed, findings, unread=unread, settings=settings.settings)
    # with no version readable the other files are still checked, against no theory ids
    checked = project if project is not None or not unread["version"] else \
        _assemble(root, typed, findings, versions_optional=True, settings=settings.settings)
    if checked is not None:
        checks = prune(check_project(checked, typed, dropped), unread)
        findings += checks if settings.trusted else \
            [f for f in checks if f.code not in SETTINGS_DEPENDENT]
    findings += text_findings(loaded, project)
    _place(findings, loaded)
    findings.sort(key=cause_key)
    return ReadResult(project, findings, sorted(loaded))


def _assemble(root: Path, typed: dict, findings: list[Finding],
              versions_optional: bool = False, unread: dict | None = None,
              settings: ProjectSettings | None = None) -> m.Project | None:
    if not typed["version"] and not versions_optional:
        if not any(f.file.startswith("theory/versions/") for f in findings):
            findings.append(finding("PT504", "the project has no theory version",
                                    "add a version file under theory/versions/",
                                    file="theory/versions/"))
        return None
    versions: dict[str, m.Version] = {}
    for display, vf in typed["version"]:
        vid = vf.version.id
        if vid in versions:
            findings.append(finding("PT301", f"version id '{vid}' is used by two files "
                                    f"({versions[vid].path} and {display})",
                                    "give each version its own id", file=display,
                                    path=("version", "id")))
            if unread is not None:
                unread["version"][display] = NOT_USED
            continue
        versions[vid] = m.Version(info=vf.version, nodes=vf.nodes, groups=vf.groups,
                                  links=vf.links, path=display)
    evidence = [item for _, ef in typed["evidence"] for item in ef.evidence]
    sources = typed["sources"][0][1] if typed["sources"] else m.SourcesFile()
    recommendations = [r for _, rf in typed["recommendations"] for r in rf.recommendations]
    return m.Project(
        root=str(root), versions=versions, evidence=evidence, sources=sources,
        recommendations=recommendations,
        outcome_table=typed["outcomes"][0][1] if typed["outcomes"] else None,
        barometer=typed["barometer"][0][1] if typed["barometer"] else None,
        settings=settings or ProjectSettings())


# ------------------------------------------------------------------ schema errors as findings

def validate_file(model: type[BaseModel], data: Any, display: str,
                  findings: list[Finding], dropped: set[str] | None = None,
                  vocabulary: Vocabulary | None = None) -> BaseModel | None:
    """The typed file, after adding a finding for every schema problem.

    When the problems lie inside elements of the file's top-level lists (a node, a link, a piece
    of evidence), those elements are left out and their ids added to `dropped`, so that the rest
    of the file is still checked and references to the left-out ids are not reported twice.
    Returns None when the file cannot be typed at all. With `vocabulary`, values of extensible
    categories (kinds, levels, terms, ...) must be among the project's values.
    """
    context = {"vocabulary": vocabulary} if vocabulary is not None else None
    if not isinstance(data, dict):
        findings.append(finding(
            "PT108", "the top level must be 'key: value' lines, not a "
                     + ("list" if isinstance(data, list) else type(data).__name__),
            "the file's keys are " + ", ".join(f"'{k}:'" for k in m.model_fields_of(model)),
            file=display, path=()))
        return None
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    items = [(_schema_finding(model, data, error, display), error["loc"][-1])
             for error in errors]
    # a missing 'label' beside an unknown 'lable' is one problem: the typo's hint says it
    suggested = {(item.path[:-2], name) for item, _ in items if item.code == "PT201"
                 for name in re.findall(r"'([^']+)'", item.hint)}
    seen: set = set()
    for item, field_name in items:
        key = (item.path, item.code)
        if key in seen or (item.code == "PT202" and (item.path, field_name) in suggested):
            continue
        seen.add(key)
        findings.append(item)
    salvaged = _salvage(data, [tuple(e["loc"]) for e in errors], dropped)
    if salvaged is None:
        return None
    try:
        return model.model_validate(salvaged, context=context)
    except ValidationError:
        return None


def keys_in_text(model: type[BaseModel], data: Any, raw: bytes, display: str) -> list[Finding]:
    """A warning for every text that swallowed a key line of its own element: a key indented
    one step too far under a folded text is read as part of that text, and its value is
    silently lost. Reported only when the text holds a whole 'key: value' line of the file
    whose key the element lacks and whose value that key accepts, so that prose such as a
    wrapped line 'condition: it asks for research' stays quiet."""
    candidates: list[tuple] = []
    _texts_naming_missing_keys(model, data, (), candidates)
    if not candidates:
        return []
    text = raw.decode("utf-8-sig", "replace")
    lines: dict[str, list[str]] = {}
    out: list[Finding] = []
    for value, key, name, field_info, path in candidates:
        if name not in lines:  # the file's 'name: value' lines, whitespace as in a folded text
            lines[name] = sorted({" ".join(f"{name}: {value}".split())  # longest first:
                                  for value in _key_line_values(text, name)},  # 'key: v'
                                 key=lambda line: (-len(line), line))  # before 'key:'
        folded = " ".join(value.split())
        lost = next((line for line in lines[name]
                     if line in folded and _fits(field_info, line)), None)
        if lost is None or any(f.path == path + (key,) for f in out):
            continue
        shown = lost if len(lost) <= 50 else lost[:47] + "..."
        out.append(finding("PT151", f"'{shown}' is read as part of the text of '{key}', so "
                           f"{_where(path) if path else 'the file'} has no '{name}'",
                           f"indent '{name}:' like '{key}:' so that it is a key again (or "
                           "quote the text if the words are meant)", file=display,
                           path=path + (key,)))
    return out


@cache
def _shape(model: type[BaseModel]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A model's fields by YAML name, and the model inside each field (None for plain values)."""
    fields = {f.alias or name: f for name, f in model.model_fields.items()}
    return fields, {name: _inner_model(f.annotation) for name, f in fields.items()}


_KEY_LINE_START = re.compile(r"[ \t]*(?:- )?")


def _key_line_values(text: str, name: str):
    """The rest of every line of `text` that starts with 'name:' (after indentation and a
    list dash). Found by looking for 'name:' itself: a pattern anchored at every line start
    scanned the whole file for each name."""
    marker = f"{name}:"
    at = text.find(marker)
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        if _KEY_LINE_START.fullmatch(text, start, at):
            end = text.find("\n", at)
            yield text[at + len(marker):end if end >= 0 else len(text)]
        at = text.find(marker, at + 1)


def _texts_naming_missing_keys(model: Any, data: Any, path: tuple, out: list[tuple]) -> None:
    """(text, its key, missing key, that key's field, path) for every text of a mapping that
    contains 'name:' for a key the mapping lacks."""
    if isinstance(data, list):
        for i, item in enumerate(data):
            if isinstance(item, (dict, list)):  # nothing else holds a text with a key
                _texts_naming_missing_keys(model, item, path + (i,), out)
        return
    if not (isinstance(data, dict) and isinstance(model, type) and issubclass(model, BaseModel)):
        return
    fields, inner = _shape(model)
    missing = None
    for key, value in data.items():
        if isinstance(value, str):
            if ":" not in value:
                continue
            if missing is None:
                missing = [name for name in fields if name not in data]
            out += [(value, key, name, fields[name], path) for name in missing
                    if f"{name}:" in value]
        elif isinstance(value, (dict, list)) and inner.get(key) is not None:
            _texts_naming_missing_keys(inner[key], value, path + (key,), out)


def _fits(field_info: Any, line: str) -> bool:
    """Whether 'key: value' has a value the field accepts (a key with its value on the next
    lines counts): 'condition: necessary' was a key, 'condition: it asks for research' prose."""
    rest = line.partition(":")[2].strip()
    if not rest:
        return True
    value = parse_yaml(rest.encode("utf-8"), "")  # strict and safe, as every data file
    if value.findings or value.data is None:
        return False
    try:
        TypeAdapter(field_info.annotation).validate_python(value.data)
    except (ValidationError, TypeError, ValueError):
        return False
    return True


def _salvage(data: dict, locations: list[tuple], dropped: set[str] | None) -> dict | None:
    """A copy of `data` without the top-level list elements that hold errors."""
    bad: dict[str, set[int]] = {}
    for loc in locations:
        if len(loc) < 2 or not isinstance(data.get(loc[0]), list) or not isinstance(loc[1], int):
            return None
        bad.setdefault(loc[0], set()).add(loc[1])
    cleaned = dict(data)
    for field_name, indices in bad.items():
        kept = []
        for i, element in enumerate(data[field_name]):
            if i in indices:
                # literature entries are named by 'key', every other element by 'id'
                name = element.get("id", element.get("key")) if isinstance(element, dict) \
                    else None
                if dropped is not None and isinstance(name, str):
                    dropped.add(name)
            else:
                kept.append(element)
        cleaned[field_name] = kept
    return cleaned


def _data_path(data: Any, loc: tuple) -> tuple:
    """The part of a pydantic error location that exists in the data (union member names and
    validator tags are dropped)."""
    path: list = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node or isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part not in node and \
                not re.match(r"^[a-z_]+\[|^function-|^str$|^int$|^list", part):
            path.append(part)  # a missing or unknown key: keep it as the last part
            node = None
        else:
            continue
    return tuple(path)


def _model_at(model: type[BaseModel], path: tuple) -> type[BaseModel] | None:
    """The model class that holds the last part of `path`."""
    current: Any = model
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        fields = {f.alias or name: f for name, f in current.model_fields.items()}
        if part not in fields:
            return None
        current = _inner_model(fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _where(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "top level"


def _schema_finding(model: type[BaseModel], data: Any, error: dict, display: str) -> Finding:
    path = _data_path(data, tuple(error["loc"]))
    kind = error["type"]
    field_name = path[-1] if path else ""
    owner = _model_at(model, path) if path else model
    if kind == "extra_forbidden":
        known = m.model_fields_of(owner) if owner else []
        hint = did_you_mean(str(field_name), known) or (
            "allowed fields here: " + ", ".join(known) if known else "remove the field")
        return finding("PT201", f"unknown field '{field_name}' in {_where(path[:-1])}", hint,
                       file=display, path=path + ("__key__",))
    if kind == "missing":
        return finding("PT202", f"missing field '{field_name}' in {_where(path[:-1])}",
                       f"add '{field_name}:'", file=display, path=path[:-1])
    value = error.get("input")
    expected = (error.get("ctx") or {}).get("expected", "")
    if expected:
        allowed = re.findall(r"'([^']*)'", str(expected))
        hint = did_you_mean(str(value), allowed) or f"allowed: {expected}"
        return finding("PT203", f"{_where(path)}: '{value}' is not an allowed value", hint,
                       file=display, path=path)
    shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    message = error["msg"].replace("Value error, ", "")
    return finding("PT203", f"{_where(path)}: {message} (got {shown})",
                   _type_hint(kind), file=display, path=path)


def _type_hint(kind: str) -> str:
    if kind.startswith("string"):
        return "write text (quote it if it looks like a number, date or true/false)"
    if kind.startswith(("int", "float")):
        return "write a number without quotes"
    if kind.startswith("list") or kind == "tuple_type":
        return "write a list: '[a, b]' or one '- item' per line"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "write a mapping of 'key: value' lines"
    return "see docs/data-format.md for the expected shape"


def _place(findings: list[Finding], loaded: dict[str, Loaded]) -> None:
    """Fill in line and column for findings that carry a data path (composes only those files)."""
    positions: dict[str, Positions] = {}
    for item in findings:
        if item.line or not item.file or item.file not in loaded or \
                item.severity.value == "note":  # a note is about a whole file
            continue
        raw = loaded[item.file].raw
        if not raw:
            continue
        locator = positions.setdefault(item.file, Positions(raw))
        path = item.path
        want_key = bool(path) and path[-1] == "__key__"
        if want_key:
            path = path[:-1]
        item.line, item.col = locator.locate(path, key=want_key)


# ------------------------------------------------------------------ public entry points

def load_project(path: str | Path = ".") -> m.Project:
    """The typed project in folder `path`, checked.

    Raises InvalidProject (with every finding) when there are errors, and ProjectNotFound when
    the folder is not a project.
    """
    result = read_project(path)
    if result.errors or result.project is None:
        raise InvalidProject(result.findings)
    return result.project


def validate(path: str | Path = ".") -> list[Finding]:
    """Every finding for the project in `path`, causes first (read errors, schema errors,
    references, logic), then by file and position."""
    return read_project(path).findings
