"""build.languages: a project's languages, primary first, from its settings or else its labels."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from programtheory import settings
from programtheory.build import languages
from programtheory.build.languages import default_language, project_languages

CODES = st.lists(st.sampled_from(["nl", "en", "de", "fr", "fy", "pt-BR"]), min_size=1,
                 max_size=4, unique=True)


def _version(root: Path, body: str) -> None:
    folder = root / "theory" / "versions"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "v1.yaml").write_text(body, encoding="utf-8")


def test_the_defaults_are_the_settings_defaults():
    assert languages.DEFAULT_LANGUAGES == settings.DEFAULT_LANGUAGES
    assert languages.PROJECT_SETTINGS == settings.PROJECT_FILE


@given(declared=CODES, as_mappings=st.booleans())
def test_declared_languages_are_taken_in_their_order(tmp_path_factory, declared, as_mappings):
    root = tmp_path_factory.mktemp("p")
    _version(root, "nodes:\n  - id: a\n    label: {fy: x, nl: y}\n")
    items = "".join(f"  - id: {c}\n" if as_mappings else f"  - {c}\n" for c in declared)
    (root / "project.yaml").write_text(f"title: {{en: T}}\nlanguages:\n{items}", "utf-8")
    assert project_languages(root) == declared
    assert default_language(root) == declared[0]


@given(first=CODES, second=CODES, flow=st.booleans())
def test_without_settings_the_labels_add_languages_after_the_default(tmp_path_factory, first,
                                                                     second, flow):
    root = tmp_path_factory.mktemp("p")
    labels = []
    for codes in (first, second):
        if flow:
            labels.append("    label: {" + ", ".join(f"{c}: tekst {c}" for c in codes) + "}\n")
        else:
            labels.append("    label:\n" + "".join(f"      {c}: tekst {c}\n" for c in codes))
    _version(root, "version:\n  id: v1\nnodes:\n  - id: a\n" + labels[0]
             + "  - id: b\n" + labels[1])
    found = list(first) + [c for c in second if c not in first]
    expected = list(settings.DEFAULT_LANGUAGES)
    expected += [c for c in found if c not in expected]
    assert project_languages(root) == expected
    assert default_language(root) == settings.DEFAULT_LANGUAGES[0]


def test_a_broken_settings_file_falls_back_on_the_defaults_and_labels(tmp_path):
    _version(tmp_path, "nodes:\n  - id: a\n    label: {en: y, nl: x}\n")
    (tmp_path / "project.yaml").write_text("languages: [en\n", "utf-8")
    assert project_languages(tmp_path) == ["nl", "en"]


def test_the_shipped_project_is_dutch_first():
    root = Path(__file__).resolve().parents[1]
    assert project_languages(root) == ["nl", "en"]
