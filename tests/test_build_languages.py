"""build.languages: a project's languages, primary first, read from its settings or labels."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from programtheory.build.languages import default_language, project_languages

CODES = st.lists(st.sampled_from(["nl", "en", "de", "fr", "fy", "pt-BR"]), min_size=1,
                 max_size=4, unique=True)


def _version(root: Path, body: str) -> None:
    folder = root / "theory" / "versions"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "v1.yaml").write_text(body, encoding="utf-8")


@given(first=CODES, second=CODES, flow=st.booleans())
def test_the_first_label_orders_the_languages(tmp_path_factory, first, second, flow):
    root = tmp_path_factory.mktemp("p")
    labels = []
    for codes in (first, second):
        if flow:
            labels.append("    label: {" + ", ".join(f"{c}: tekst {c}" for c in codes) + "}\n")
        else:
            labels.append("    label:\n" + "".join(f"      {c}: tekst {c}\n" for c in codes))
    _version(root, "version:\n  id: v1\nnodes:\n  - id: a\n" + labels[0]
             + "  - id: b\n" + labels[1])
    expected = list(first) + [c for c in second if c not in first]
    assert project_languages(root) == expected
    assert default_language(root) == first[0]


def test_declared_languages_win_over_the_labels(tmp_path):
    _version(tmp_path, "nodes:\n  - id: a\n    label:\n      nl: x\n      en: y\n")
    (tmp_path / "project.yaml").write_text(
        "title: T\nlanguages:\n  - id: en\n    label: {en: English}\n  - nl\n", "utf-8")
    assert project_languages(tmp_path) == ["en", "nl"]


def test_a_broken_settings_file_falls_back_on_the_labels(tmp_path):
    _version(tmp_path, "nodes:\n  - id: a\n    label: {en: y, nl: x}\n")
    (tmp_path / "project.yaml").write_text("languages: [en\n", "utf-8")
    assert project_languages(tmp_path) == ["en", "nl"]


def test_a_project_without_labels_is_english(tmp_path):
    assert project_languages(tmp_path) == ["en"]


def test_the_shipped_project_is_dutch_first():
    root = Path(__file__).resolve().parents[1]
    assert project_languages(root)[:2] == ["nl", "en"]
