"""Which languages a project is written in, primary first: what `build --lang` defaults to
and what `build --lang all` builds side by side.

A project that declares `languages:` in its `project.yaml` gets those (programtheory.settings).
Without them, the primary language is the settings' default and the others are the ones its
labels are also written in, in the order of its first label. This reads the YAML and text
only, not the settings model: that would load pydantic, and planning a build with nothing to
do stays well under a second.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ALL = "all"
PROJECT_SETTINGS = "project.yaml"  # programtheory.settings.PROJECT_FILE
DEFAULT_LANGUAGES = ("nl",)  # programtheory.settings.DEFAULT_LANGUAGES (a test keeps them equal)
_CODE = r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?"
_BLOCK_LABEL = re.compile(rf"^([ \t]*)label:[ \t]*\n((?:\1[ \t]+{_CODE}:.*\n?)+)", re.M)
_BLOCK_KEY = re.compile(rf"^[ \t]+({_CODE}):", re.M)
_FLOW_LABEL = re.compile(rf"\blabel:[ \t]*\{{((?:[ \t]*{_CODE}:[^,}}]*,?)+)\}}")
_FLOW_KEY = re.compile(rf"(?:^|,)[ \t]*({_CODE}):")


def _settings(root: Path) -> dict:
    path = root / PROJECT_SETTINGS
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}  # validate reports it; the build falls back on the defaults
    return data if isinstance(data, dict) else {}


def project_title(root: Path | str, lang: str) -> str:
    """The project's title in `lang` from its settings, or ''."""
    title = _settings(Path(root)).get("title")
    text = title.get(lang) if isinstance(title, dict) else None
    return text if isinstance(text, str) else ""


def _declared(root: Path) -> list[str]:
    declared = _settings(root).get("languages")
    codes = []
    for item in declared if isinstance(declared, list) else []:
        code = item.get("id") if isinstance(item, dict) else item
        if isinstance(code, str) and code and code not in codes:
            codes.append(code)
    return codes


def _label_languages(root: Path) -> list[str]:
    codes: list[str] = []
    for path in sorted((root / "theory").glob("**/*.yaml")):
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for match in _BLOCK_LABEL.finditer(source):
            codes += [c for c in _BLOCK_KEY.findall(match.group(2)) if c not in codes]
        for match in _FLOW_LABEL.finditer(source):
            codes += [c for c in _FLOW_KEY.findall(match.group(1)) if c not in codes]
        if codes:
            return codes  # the first file with labels decides the order
    return codes


def project_languages(root: Path | str) -> list[str]:
    """The project's languages, primary first."""
    root = Path(root)
    declared = _declared(root)
    if declared:
        return declared
    codes = list(DEFAULT_LANGUAGES)
    return codes + [c for c in _label_languages(root) if c not in codes]


def default_language(root: Path | str) -> str:
    """The language a build uses unless told otherwise: the project's primary language."""
    return project_languages(root)[0]
