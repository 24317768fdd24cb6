"""The wording catalogue is complete in every language, and the engine and its notebooks name
no particular programme, instrument or report: those words live in the project's data."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from project_support import REPO

from programtheory.messages import MissingMessage, catalogue
from programtheory.wording import format_at_precision, format_number, format_range, message

LANGUAGES = ("nl", "en")

PACKAGE = REPO / "src" / "programtheory"
# the study's own words: the programme, the department, the report's table numbers
PROJECT_WORDS = re.compile(r"\b(sofs|osd|tabel\s*\d+|figuur\s*\d+)\b", re.IGNORECASE)
NOT_YET_NEUTRAL: set[str] = set()


def test_the_page_wording_is_in_every_catalogue():
    # the keys of these pages; tests/test_messages.py checks the catalogues agree
    prefixes = ("barometer.", "evidence.", "outcome.", "page.")
    for lang in LANGUAGES:
        keys = [key for key in catalogue(lang) if key.startswith(prefixes)]
        assert len(keys) > 120, lang


def test_an_unknown_key_is_an_error():
    with pytest.raises(MissingMessage, match="no.such"):
        message("no.such", "nl")


def _engine_files():
    for path in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.glob("messages/*.yaml")]):
        name = path.relative_to(PACKAGE).as_posix()
        if name not in NOT_YET_NEUTRAL:
            yield name, path
    for path in sorted((REPO / "notebooks").iterdir()):
        if path.suffix in (".py", ".md"):
            yield f"notebooks/{path.name}", path


def test_no_project_words_in_the_engine_or_the_notebooks():
    found = []
    for name, path in _engine_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PROJECT_WORDS.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_the_project_words_are_found_where_they_are():
    assert PROJECT_WORDS.search("de SofS-barometer") and PROJECT_WORDS.search("Tabel 6")
    assert PROJECT_WORDS.search("afdeling OSD") and not PROJECT_WORDS.search("a sofa, tabel")


@pytest.mark.parametrize("lang, mark", [("nl", ","), ("en", ".")])
def test_numbers_use_one_decimal_mark_per_language(lang, mark):
    other = "." if mark == "," else ","
    for value in (0.05, 3.65, 34.7, 100.0, 6.25):
        for text in (format_number(value, lang, 2), format_at_precision(value, 0.01, lang),
                     format_range(value, value + 1.5, lang, 2)):
            assert other not in text, text


def test_a_mean_is_shown_at_its_precision_and_a_point_interval_as_one_value():
    assert format_at_precision(3.65, 0.01, "nl") == "3,65"
    assert format_at_precision(3.65, 0.1, "en") == "3.7"
    assert format_at_precision(6, 1, "en") == "6"
    assert format_at_precision(6.5, 0.5, "en") == "6.5"
    assert format_range(3.65, 3.65, "nl", 2) == "3,65"


@given(st.floats(min_value=-1000, max_value=1000, allow_nan=False),
       st.sampled_from([1, 0.5, 0.25, 0.1, 0.05, 0.01]), st.sampled_from(LANGUAGES))
def test_a_value_at_its_precision_is_the_nearest_step(value, precision, lang):
    shown = format_at_precision(value, precision, lang)
    decimal_sign, group = (",", ".") if lang == "nl" else (".", ",")
    plain = shown.replace(group, "").replace(decimal_sign, ".").replace("\u2212", "-")
    number = Decimal(plain)
    step = Decimal(str(precision))
    assert number % step == 0  # a multiple of the rounding step
    assert abs(number - Decimal(repr(value))) <= step / 2  # the nearest one
    places = -Decimal(str(precision)).normalize().as_tuple().exponent
    assert len(plain.partition(".")[2]) == max(0, places)
