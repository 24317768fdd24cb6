"""The message catalogues: every shipped language has every key with the same placeholders, and
a missing text is an error, never another language's text."""

from __future__ import annotations

import pytest

from programtheory.messages import (MissingMessage, catalogue, languages, message,
                                    messages_under, placeholders)


def test_nl_and_en_are_shipped():
    assert {"nl", "en"} <= set(languages())


@pytest.mark.parametrize("lang", languages())
def test_every_catalogue_has_every_key_with_the_same_placeholders(lang):
    keys = set().union(*(catalogue(other) for other in languages()))
    missing = sorted(keys - set(catalogue(lang)))
    assert missing == [], f"{lang}.yaml lacks {missing}"
    reference = catalogue("en")
    differing = [key for key in reference
                 if placeholders(catalogue(lang)[key]) != placeholders(reference[key])]
    assert differing == [], f"{lang}.yaml has other placeholders in {differing}"


@pytest.mark.parametrize("lang", languages())
def test_no_text_is_empty(lang):
    assert [key for key, text in catalogue(lang).items() if not text.strip()] == []


def test_a_message_fills_its_placeholders():
    assert placeholders("{n} of {total}") == {"n", "total"}
    assert message("vocab.kind.outcome", "nl") == "uitkomst"
    assert messages_under("vocab.term", "en") == {"short": "short term",
                                                   "medium": "medium term",
                                                   "long": "long term"}


def test_an_unknown_language_or_key_or_field_is_an_error_not_a_fallback():
    with pytest.raises(MissingMessage, match="no message catalogue for language 'fr'"):
        message("vocab.kind.outcome", "fr")
    with pytest.raises(MissingMessage, match="no key 'vocab.kind.nothing'"):
        message("vocab.kind.nothing", "en")
    key = next(k for k, text in catalogue("en").items() if placeholders(text))
    with pytest.raises(MissingMessage, match="needs the field"):
        message(key, "en")
