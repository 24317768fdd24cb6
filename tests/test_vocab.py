"""Vocabulary completeness: every value a project may use has a label in every language, a style
and a place in the figure (a column or a band). A value without one fails here instead of being
drawn unlabelled, white or nowhere."""

from __future__ import annotations

import pytest

from project_support import REPO

from programtheory import layout
from programtheory.messages import has_message, languages
from programtheory.project import read_project
from programtheory.settings import ProjectSettings, Vocabulary
from programtheory.vocab import BUILT_IN, EXTENSIBLE, Condition, Polarity, column_key

FIGURE_CATEGORIES = ("kind", "term")  # the categories that decide where a box stands


@pytest.fixture(scope="module")
def shipped() -> Vocabulary:
    result = read_project(REPO)
    assert result.errors == []
    return result.project.vocabulary


@pytest.mark.parametrize("lang", languages())
def test_every_built_in_value_has_a_label_in_every_shipped_language(lang):
    missing = [f"vocab.{category}.{value}" for category, values in BUILT_IN.items()
               for value in values if not has_message(f"vocab.{category}.{value}", lang)]
    assert missing == []


def test_every_value_of_the_project_has_a_label_in_every_project_language(shipped):
    for lang in shipped.languages:
        for category in BUILT_IN:
            labels = shipped.labels(category, lang)  # UnknownLabel for a missing one
            assert all(text.strip() for text in labels.values()), (category, lang)


def test_a_missing_label_fails_the_completeness_check():
    partial = Vocabulary(ProjectSettings.model_validate(
        {"languages": ["en", "nl"],
         "vocabulary": {"levels": [{"id": "staff", "label": {"en": "staff"}}]}}))
    with pytest.raises(LookupError):
        partial.labels("level", "nl")


def test_every_kind_has_a_colour(shipped):
    kinds = set(shipped.values("kind")) | {"group"}
    assert sorted(kinds - set(layout.KIND_COLORS)) == []


def test_every_polarity_and_condition_has_its_own_look(shipped):
    marks = {"desired": "", **layout.POLARITY_MARK}
    assert sorted(set(Polarity.values()) - set(marks)) == []
    assert len({marks[p] for p in Polarity.values()}) == len(Polarity.values())
    base = {"kind": "assumption", "label_nl": "x", "label_en": "x", "polarity": "desired"}
    looks = {str(sorted(layout.node_style({**base, "condition": c}).items()))
             for c in [None, *Condition.values()]}
    assert len(looks) == len(Condition.values()) + 1


def _place(kind: str, term: str | None) -> str | None:
    """The column or band a box of this kind and term stands in, or None."""
    column = column_key(kind, term)
    if column in layout.COLUMN_LABELS:
        return column
    return next((band.key for band in layout.BANDS if kind in band.kinds), None)


def test_every_kind_and_term_has_a_column_or_a_band(shipped):
    homeless = [kind for kind in shipped.values("kind") if _place(kind, None) is None]
    homeless += [f"outcome/{term}" for term in shipped.values("term")
                 if _place("outcome", term) is None]
    assert homeless == []


def test_a_project_term_without_a_column_fails_the_check():
    extended = Vocabulary(ProjectSettings.model_validate(
        {"languages": ["en"],
         "vocabulary": {"terms": [{"id": "first_year", "label": {"en": "first year"}}]}}))
    assert [t for t in extended.values("term") if _place("outcome", t) is None] == \
        ["first_year"]


def test_every_extensible_category_can_be_written_in_project_yaml():
    from programtheory.settings import CATEGORY_KEYS
    assert sorted(CATEGORY_KEYS.values()) == sorted(EXTENSIBLE)
    assert set(FIGURE_CATEGORIES) <= set(EXTENSIBLE)
