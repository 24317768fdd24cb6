"""Fidelity of the encoded report: every Dutch text occurs verbatim in the report, at the lines
its reference gives (after normalising whitespace and end-of-line hyphenation).

The report text lives outside the repository (../shared/seed/ beside the project). CI has it, so
there the test never skips; elsewhere it skips with a message when the report is absent.
"""

from __future__ import annotations

import pytest

SLACK = 3  # lines either side of a reference


@pytest.fixture(scope="module")
def report(report_text):
    return report_text


def _texts(project):
    """(category, where, text, refs) for every verbatim Dutch text of the project."""
    for version in project.versions.values():
        for node in version.nodes:
            yield "label", f"{version.id}:{node.id}", node.label.nl, node.report
        for group in version.groups:
            yield "label", f"{version.id}:{group.id}", group.label.nl, group.report
        for link in version.links:
            if link.sentence:
                yield "sentence", f"{version.id}:{link.id}", link.sentence, link.report
    for item in project.evidence:
        yield item.kind.value, item.id, item.text, item.report
    for rec in project.recommendations:
        yield "recommendation", rec.id, rec.text, rec.report
    for cell in project.outcome_table.cells:
        for item in cell.items:
            yield "outcome-item", item.id, item.text, item.report
    yield from _barometer_texts(project.barometer)


def _barometer_texts(barometer):
    """(category, where, text, refs) for every verbatim Dutch text of the barometer."""
    instrument = barometer.instrument
    for name in ("question", "anchor_low", "anchor_high"):
        yield "barometer", f"instrument.{name}", getattr(instrument, name), instrument.report
    for variant in instrument.variants:
        yield "barometer", "instrument.variant", variant.nl, instrument.report
    for wave in barometer.waves:
        if wave.mean and wave.mean.text:
            yield "barometer", f"{wave.id}.mean", wave.mean.text, wave.report
        for test in wave.tests:
            if test.text:
                yield "barometer", f"{wave.id}.{test.name}", test.text, wave.report
    for element in barometer.critical_elements:
        for group in ("hindering", "facilitating", "recommendations"):
            for i, point in enumerate(getattr(element, group)):
                yield "tabel4", f"{element.id}.{group}[{i}]", point.text, \
                    point.report or element.report
    for factor in barometer.factors:
        yield "tabel5", factor.id, factor.text, factor.report
    for item in barometer.survey_items:
        yield "survey-item", item.id, item.text, item.report
    for handle in barometer.handles:
        yield "handle", handle.id, handle.text, handle.report


def _as_in_sentence(label: str, report, refs) -> str:
    """The label as the report writes it at its lines: with its first letter in the report's
    case (a label reads as a phrase of its own and starts with a capital; the sentence it
    comes from may run on)."""
    first = next((i for i, c in enumerate(label) if c.isalpha()), None)
    if first is None:
        return label
    lowered = label[:first] + label[first].lower() + label[first + 1:]
    ranges = [r.lines for r in refs if r.lines]
    for candidate in (label, lowered):
        if any(report.occurs_within(candidate, a, b, SLACK) for a, b in ranges):
            return candidate
    return label if report.contains(label) else lowered


CATEGORIES = ["label", "sentence", "quote", "statistic", "case_count", "literature",
              "recommendation", "outcome-item", "barometer", "tabel4", "tabel5", "survey-item",
              "handle"]


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_text_is_verbatim_at_its_lines(real_project, report, category):
    checked = 0
    missing, misplaced = [], []
    for cat, where, text, refs in _texts(real_project):
        if cat != category:
            continue
        checked += 1
        if cat == "label":  # a label starts with a capital where the sentence runs on
            text = _as_in_sentence(text, report, refs)
            if not any(report.occurs_within(text, a, b, SLACK) for a, b in
                       [r.lines for r in refs if r.lines]):
                continue  # a phrase joined from its sentence's words: tests/test_labels.py
        if not report.contains(text):
            missing.append(f"{where}: {text[:80]!r}")
            continue
        ranges = [r.lines for r in refs if r.lines]
        if not ranges:
            misplaced.append(f"{where}: no line reference")
        elif not any(report.occurs_within(text, first, last, SLACK) for first, last in ranges):
            found = report.find(text)[0]
            misplaced.append(f"{where}: at L{found.first_line}, reference says {ranges}")
    assert checked > 0, f"no {category} texts encoded"
    assert not missing, f"{len(missing)} not in the report:\n" + "\n".join(missing[:20])
    assert not misplaced, f"{len(misplaced)} not at their lines:\n" + "\n".join(misplaced[:20])


def test_quotes_keep_the_reports_anonymisation(real_project, report):
    quotes = [e for e in real_project.evidence if e.kind.value == "quote"]
    assert len(quotes) >= 107
    assert all(e.role for e in quotes), "every quote names the speaker's role"
    anonymised = [e for e in quotes if "(naam " in e.text or "(Naam " in e.text]
    assert anonymised, "the report anonymises names as '(naam …)'"
    for e in quotes:
        assert report.contains(f"({e.role})") or report.contains(e.role), e.id


def test_every_element_is_traceable_to_the_report(real_project):
    untraced = [f"{v.id}:{n.id}" for v in real_project.versions.values() for n in v.nodes
                if not any(r.lines for r in n.report)]
    untraced += [f"{v.id}:{lk.id}" for v in real_project.versions.values() for lk in v.links
                 if not any(r.lines for r in lk.report)]
    untraced += [e.id for e in real_project.evidence if not any(r.lines for r in e.report)]
    assert not untraced, untraced[:20]
