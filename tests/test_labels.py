"""Labels read as phrases of their own and stay faithful to the source: every node and group
label starts with a capital, and every word of it occurs in the source sentence it cites (at
the cited lines), so a label may join the source's words into a complete phrase but never adds
a word of its own.

The source text lives outside the repository (the `report_text` fixture skips without it)."""

from __future__ import annotations

import re

SLACK = 3  # lines either side of a reference, as in the verbatim tests
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def words(text: str) -> list[str]:
    """The words of a text, lower case, hyphenated words split (the source breaks lines at
    hyphens)."""
    return WORD.findall(text.replace("\u00ad", "").lower())


def _labels(project):
    for version in project.versions.values():
        for element in [*version.nodes, *version.groups]:
            yield f"{version.id}:{element.id}", element.label.nl, element.report


def _cited_words(report, refs) -> set[str] | None:
    ranges = [r.lines for r in refs if r.lines]
    if not ranges:
        return None
    cited: set[str] = set()
    for first, last in ranges:
        lines = report.lines[max(0, first - 1 - SLACK):last + SLACK]
        cited |= set(words(" ".join(lines)))
    return cited


def test_words_are_split_like_the_source():
    assert words("Kracht- en oplossingsgerichte ‘basishouding’ (nl. x)") == [
        "kracht", "en", "oplossingsgerichte", "basishouding", "nl", "x"]
    assert words("cliënt’s werk") == ["cliënt’s", "werk"]


def test_every_label_starts_with_a_capital(real_project):
    lower = [f"{where}: {label!r}" for where, label, _ in _labels(real_project)
             if label[:1].isalpha() and not label[0].isupper()]
    assert not lower, "\n".join(lower)


def test_every_word_of_a_label_is_in_the_sentence_it_cites(real_project, report_text):
    added, untraced, checked = [], [], 0
    for where, label, refs in _labels(real_project):
        cited = _cited_words(report_text, refs)
        if cited is None:
            untraced.append(where)
            continue
        checked += 1
        extra = [w for w in words(label) if w not in cited]
        if extra:
            added.append(f"{where}: {extra} in {label!r}")
    assert checked > 100
    assert not untraced, untraced
    assert not added, f"{len(added)} labels with words not in their sentence:\n" + "\n".join(
        added)


def test_labels_rebuilt_into_phrases_are_few_and_faithful(real_project, report_text):
    """Most labels are the source's words as printed; the few joined into a complete phrase
    (a clause turned into a phrase, a verb the sentence puts elsewhere) are listed here."""
    rebuilt = set()
    for where, label, refs in _labels(real_project):
        first = next(i for i, c in enumerate(label) if c.isalpha())
        lowered = label[:first] + label[first].lower() + label[first + 1:]
        ranges = [r.lines for r in refs if r.lines]
        if not any(report_text.occurs_within(text, a, b, SLACK) for text in (label, lowered)
                   for a, b in ranges):
            rebuilt.add(where)
    assert rebuilt == REBUILT


REBUILT = {"revised:rev_act_network_regie", "revised:rev_st_less_fear",
           "revised:rev_fu_inform_external_offer", "revised:rev_fu_phone_contact",
           "revised:rev_fu_parent_seeks_help_sooner"}


