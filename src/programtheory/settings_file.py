"""Reading `project.yaml` (`programtheory.settings`) with every problem as a positioned finding.

A broken project.yaml is reported once, at its cause (PT120-PT129); the project is then read
with the built-in vocabulary, and the findings about values only project.yaml could declare
are left out (a note says so), because the real vocabulary is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError

from .findings import Finding, did_you_mean, finding
from .messages import languages as shipped_languages
from .settings import CATEGORY_KEYS, PROJECT_FILE, ProjectSettings, Vocabulary
from .vocab import BUILT_IN, NodeKind
from .yamlio import Loaded, read_yaml

# schema codes of the data files -> the project.yaml codes
_SCHEMA_CODES = {"PT201": "PT120", "PT202": "PT121", "PT203": "PT121", "PT108": "PT121"}


@dataclass
class SettingsRead:
    """What reading project.yaml produced: the settings (the defaults when the file is absent
    or broken), its findings, the file as loaded, and whether the settings can be trusted."""

    settings: ProjectSettings
    findings: list[Finding] = field(default_factory=list)
    loaded: Loaded | None = None
    trusted: bool = True


def read_settings(root: Path) -> SettingsRead:
    """The project's settings from `root/project.yaml`; defaults without the file."""
    from .project import validate_file  # the schema-finding machinery of every data file

    path = root / PROJECT_FILE
    if not path.exists():
        return SettingsRead(ProjectSettings())
    loaded = read_yaml(path, PROJECT_FILE, root=root)
    findings = list(loaded.findings)
    if loaded.data is None:
        return SettingsRead(ProjectSettings(), findings, loaded, trusted=not findings)
    schema: list[Finding] = []
    value = validate_file(ProjectSettings, loaded.data, PROJECT_FILE, schema)
    for item in schema:
        item.code = _SCHEMA_CODES.get(item.code, item.code)
    findings += schema
    if value is None or schema:
        return SettingsRead(ProjectSettings(), findings, loaded, trusted=False)
    findings += settings_findings(value)
    trusted = not any(f.severity.value == "error" for f in findings)
    return SettingsRead(value if trusted else ProjectSettings(), findings, loaded, trusted)


def settings_findings(settings: ProjectSettings) -> list[Finding]:
    """The checks of typed settings that the schema cannot express."""
    out: list[Finding] = []
    _check_languages(settings, out)
    for key, category in CATEGORY_KEYS.items():
        _check_category(settings, key, category, out)
    if not out:
        _check_kinds(settings, out)
    return out


def _check_languages(settings: ProjectSettings, out: list[Finding]) -> None:
    seen: set[str] = set()
    for i, lang in enumerate(settings.languages):
        if lang in seen:
            out.append(finding("PT122", f"language '{lang}' is listed twice",
                               "list each language once, the primary one first",
                               file=PROJECT_FILE, path=("languages", i)))
        seen.add(lang)
        if lang not in shipped_languages():
            out.append(finding("PT127", f"no interface texts for language '{lang}' (the "
                               f"package has {', '.join(shipped_languages())})",
                               "use a shipped language, or add a message catalogue for it",
                               file=PROJECT_FILE, path=("languages", i)))
    try:
        Locale.parse(settings.number_locale)
    except (UnknownLocaleError, ValueError):
        out.append(finding("PT128", f"unknown locale '{settings.number_locale}'",
                           "write a locale such as nl_BE, nl_NL, en_GB or en_US",
                           file=PROJECT_FILE, path=("locale",) if settings.locale
                           else ("languages", 0)))
    if settings.text_language and settings.text_language not in settings.languages:
        out.append(finding("PT126", f"text_language '{settings.text_language}' is not one of "
                           f"the project's languages ({', '.join(settings.languages)}), so no "
                           "page would show the data's descriptions and notes",
                           "name one of the languages listed under languages, or add it there",
                           file=PROJECT_FILE, path=("text_language",)))
    if settings.title and not settings.title.get(settings.primary_language, "").strip():
        out.append(finding("PT129", f"the title has no text in the primary language "
                           f"'{settings.primary_language}'",
                           f"add title: {{{settings.primary_language}: ...}}",
                           file=PROJECT_FILE, path=("title",)))


def _check_category(settings: ProjectSettings, key: str, category: str,
                    out: list[Finding]) -> None:
    primary = settings.primary_language
    seen: set[str] = set()
    for i, entry in enumerate(getattr(settings.vocabulary, key)):
        path = ("vocabulary", key, i)
        value = entry if isinstance(entry, str) else entry.id
        if value in seen:
            out.append(finding("PT123", f"{key}: '{value}' is listed twice",
                               "list each value once", file=PROJECT_FILE, path=path))
        seen.add(value)
        if isinstance(entry, str):
            if value not in BUILT_IN[category]:
                hint = did_you_mean(value, BUILT_IN[category]) or (
                    f"give it a label: - {{id: {value}, label: {{{primary}: ...}}}}")
                out.append(finding("PT124", f"{key}: '{value}' is not a built-in value, so "
                                   "it needs an id and a label", hint, file=PROJECT_FILE,
                                   path=path))
            continue
        own = entry.label.get(primary, "").strip()
        if not own and value not in BUILT_IN[category]:
            out.append(finding("PT125", f"{key}: '{value}' has no label in the primary "
                               f"language '{primary}'", f"add label: {{{primary}: ...}}",
                               file=PROJECT_FILE, path=path + ("label",)))
        for lang in entry.label:
            if lang not in settings.languages:
                out.append(finding("PT126", f"{key}: '{value}' has a label in '{lang}', which "
                                   "is not a project language",
                                   f"add '{lang}' to languages, or remove the label",
                                   file=PROJECT_FILE, path=path + ("label", lang, "__key__")))


def _check_kinds(settings: ProjectSettings, out: list[Finding]) -> None:
    """`like` must name a built-in kind; a link rule's ends must name kinds the project has."""
    kinds = Vocabulary(settings).values("kind")
    for i, entry in enumerate(settings.vocabulary.kinds):
        like = getattr(entry, "like", None)
        if like and like not in NodeKind.values():
            out.append(finding("PT124", f"kinds: '{entry.id}' is like '{like}', which is not "
                               "a built-in kind", did_you_mean(like, NodeKind.values())
                               or "use one of " + ", ".join(NodeKind.values()),
                               file=PROJECT_FILE, path=("vocabulary", "kinds", i, "like")))
    for i, entry in enumerate(settings.vocabulary.link_kinds):
        for end in ("sources", "targets"):
            ends = getattr(entry, end, "*")
            if ends == "*":
                continue
            alias = "from" if end == "sources" else "to"
            for j, kind in enumerate(ends):
                if kind not in kinds:
                    out.append(finding(
                        "PT124", f"link_kinds: '{entry.id}' names unknown kind '{kind}' in "
                        f"'{alias}'", did_you_mean(kind, kinds) or "use a node kind",
                        file=PROJECT_FILE, path=("vocabulary", "link_kinds", i, alias, j)))
