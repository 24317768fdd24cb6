"""An evidence item's figures as a reader reads them: label, value with unit, n; never the key."""

from __future__ import annotations

import pytest

from programtheory.evidence_values import readable_values, value_measure


def test_every_figure_of_the_project_reads_without_its_key(real_project):
    items = [e for e in real_project.evidence if e.values]
    assert len(items) > 10
    for lang in ("nl", "en"):
        for item in items:
            rows = readable_values(item.values, item.n, lang)
            assert len(rows) == len(item.values)
            for (label, shown), key in zip(rows, item.values, strict=True):
                assert "_" not in key or key not in f"{label} {shown}"  # a bare 'cases' is a word
                assert label and (item.n is None or f"(n = {item.n})" in shown)


@pytest.mark.parametrize(("key", "value", "lang", "expected"), [
    ("percent_clear_transparent", 92.4, "nl", ("Percentage", "92,4 % (n = 144)")),
    ("percent_clear_transparent", 92.4, "en", ("Percentage", "92.4% (n = 144)")),
    ("cases_waiting_lists", 3, "en", ("Number of cases", "3 (n = 144)")),
    ("fraction", "1 op 20", "nl", ("Aandeel", "1 op 20 (n = 144)")),
    ("mean_score", 3.25, "en", ("Value", "3.25 (n = 144)")),
])
def test_a_figure_reads_as_label_value_unit_and_n(key, value, lang, expected):
    assert readable_values({key: value}, 144, lang) == [expected]


def test_the_measure_is_the_key_s_first_word():
    assert value_measure("percent") == value_measure("percent_respect") == "percent"
    assert value_measure("of") == "of" and value_measure("offset_x") == "value"
    assert readable_values({"percent": 5.0}, None, "nl") == [("Percentage", "5 %")]
