"""Project settings (project.yaml): languages, the vocabulary a project adds, and the findings
for a broken settings file."""

from __future__ import annotations

from pathlib import Path

import pytest

from project_support import REPO

from programtheory.project import read_project
from programtheory.settings import ProjectSettings, UnknownLabel, Vocabulary


ENGLISH_SETTINGS = """\
title: {en: Youth mentoring}
languages: [en]
locale: en_GB
vocabulary:
  levels:
    - {id: participant, label: {en: participant}}
    - {id: staff, label: {en: staff}}
  terms:
    - {id: first_year, label: {en: first year}}
    - short
    - medium
    - long
  evidence_sources:
    - {id: logs, label: {en: session logs}}
  kinds:
    - {id: moderator, label: {en: moderator}, like: external_factor}
  link_kinds:
    - {id: buffers, label: {en: buffers}, meaning: A weakens the effect of risk B,
       from: [moderator], to: [outcome], causal: false}
"""

VERSION = """\
version: {id: v1, title: {en: Theory}}
nodes:
  - {id: mentor_time, kind: moderator, label: {en: Mentor time}, levels: [staff]}
  - {id: sessions, kind: action, label: {en: Weekly sessions}, levels: [participant]}
  - {id: trust, kind: outcome, label: {en: Trust}, term: first_year}
  - {id: school, kind: outcome, label: {en: School attendance}, term: long}
links:
  - {id: l1, from: sessions, to: trust, kind: leads_to, status: stated}
  - {id: l2, from: trust, to: school, kind: leads_to, status: stated}
  - {id: l3, from: mentor_time, to: trust, kind: buffers, status: implied}
"""

EVIDENCE = """\
evidence:
  - {id: e1, kind: quote, text: It helped., bears_on: [l1], work_package: logs}
"""


def write_project(root: Path, settings: str | None = ENGLISH_SETTINGS, version: str = VERSION,
                  evidence: str = EVIDENCE) -> Path:
    (root / "theory" / "versions").mkdir(parents=True)
    (root / "theory" / "evidence").mkdir()
    (root / "theory" / "versions" / "v1.yaml").write_text(version, encoding="utf-8")
    (root / "theory" / "evidence" / "e.yaml").write_text(evidence, encoding="utf-8")
    if settings is not None:
        (root / "project.yaml").write_text(settings, encoding="utf-8")
    return root


def formatted(result) -> list[str]:
    return [f.format() for f in result.findings]


def test_an_english_project_with_its_own_vocabulary_loads_without_findings(tmp_path):
    result = read_project(write_project(tmp_path))
    assert formatted(result) == []
    project = result.project
    assert project.primary_language == "en" and project.settings.title_in() == "Youth mentoring"
    vocab = project.vocabulary
    assert vocab.values("term") == ["first_year", "short", "medium", "long"]
    assert vocab.values("level")[-2:] == ["participant", "staff"]
    assert vocab.label("kind", "moderator") == "moderator"
    assert "moderator" in vocab.condition_kinds  # like external_factor
    assert not vocab.link_rules["buffers"].causal


def test_english_labels_alone_make_no_dutch_demand(tmp_path):
    result = read_project(write_project(tmp_path))
    node = result.project.version().node("trust")
    assert node.label.text("en") == "Trust" and node.label.languages() == ["en"]
    assert node.label.text("nl") == ""


def test_the_primary_label_is_required(tmp_path):
    version = VERSION.replace("label: {en: Trust}", "label: {nl: Vertrouwen}")
    result = read_project(write_project(tmp_path, version=version))
    assert formatted(result) == [
        "theory/versions/v1.yaml:5:39: error[PT204]: node 'trust' has no label in the primary "
        "language 'en'\n  hint: write the label in label.en"]


def test_an_unknown_value_gets_a_suggestion_from_the_project_s_own_list(tmp_path):
    version = VERSION.replace("term: first_year", "term: frist_year")
    result = read_project(write_project(tmp_path, version=version))
    assert [(f.code, f.line, f.hint) for f in result.findings] == [
        ("PT203", 5, "did you mean 'first_year'?")]


def test_values_of_another_project_are_refused(tmp_path):
    evidence = EVIDENCE.replace("work_package: logs", "work_package: WP4")
    result = read_project(write_project(tmp_path, evidence=evidence))
    assert [(f.code, f.message) for f in result.findings] == [
        ("PT203", "evidence[0].work_package: 'WP4' is not an allowed value")]
    assert result.findings[0].hint == "allowed: 'logs'"


def test_without_project_yaml_the_project_is_dutch_with_the_built_in_vocabulary(tmp_path):
    version = (VERSION.replace("{en:", "{nl:").replace("kind: moderator", "kind: resource")
               .replace("[staff]", "[team]").replace("[participant]", "[individual]")
               .replace("first_year", "short").replace(", kind: buffers", ", kind: enables"))
    result = read_project(write_project(tmp_path, settings=None, version=version,
                                        evidence=EVIDENCE.replace(", work_package: logs", "")))
    assert formatted(result) == []
    assert result.project.primary_language == "nl"


@pytest.mark.parametrize("settings,code,position", [
    ("langauges: [en]\n", "PT120", (1, 1)),
    ("languages: English\n", "PT121", (1, 12)),
    ("languages: [en, nl, en]\n", "PT122", (1, 21)),
    ("languages: [en]\nvocabulary:\n  terms: [short, short]\n", "PT123", (3, 18)),
    ("languages: [en]\nvocabulary:\n  terms: [shrot]\n", "PT124", (3, 11)),
    ("languages: [en]\nvocabulary:\n  levels: [{id: staff, label: {nl: staf}}]\n", "PT125",
     (3, 31)),
    ("languages: [en]\nlocale: english\n", "PT121", (2, 9)),
    ("languages: [en]\nlocale: xx_YY\n", "PT128", (2, 9)),
    ("languages: [en]\nvocabulary:\n  kinds: [{id: m, label: {en: m}, like: outcom}]\n",
     "PT124", (3, 41)),
])
def test_a_broken_settings_file_is_reported_at_its_cause(tmp_path, settings, code, position):
    result = read_project(write_project(tmp_path, settings=settings))
    first = result.findings[0]
    assert (first.code, first.file, (first.line, first.col)) == (code, "project.yaml", position)
    assert first.hint
    if first.severity.value == "error":
        # the vocabulary is unknown: values are not reported again, a note says so
        assert [f.code for f in result.findings if f.file != "project.yaml"] == []
        assert any(f.code == "PT150" for f in result.findings)


def test_warnings_of_the_settings_file(tmp_path):
    settings = ("title: {nl: Titel}\nlanguages: [en, fr]\nvocabulary:\n"
                "  levels: [{id: staff, label: {en: staff, de: Personal}}]\n")
    result = read_project(write_project(tmp_path, settings=settings))
    assert sorted((f.code, f.severity.value) for f in result.findings
                  if f.file == "project.yaml") == [
        ("PT126", "warning"), ("PT127", "warning"), ("PT129", "warning")]


def test_a_value_without_a_label_in_a_language_is_an_error_not_a_fallback():
    vocab = Vocabulary(ProjectSettings.model_validate(
        {"languages": ["en", "nl"], "vocabulary": {"levels": [
            {"id": "staff", "label": {"en": "staff"}}]}}))
    assert vocab.label("level", "staff", "en") == "staff"
    assert vocab.label("level", "team", "nl") == "team"  # built in: the catalogue's wording
    with pytest.raises(UnknownLabel, match="'staff' has no label in 'nl'"):
        vocab.label("level", "staff", "nl")


def test_the_study_s_own_settings_keep_its_dutch_wording():
    result = read_project(REPO)
    vocab = result.project.vocabulary
    assert result.project.languages == ["nl", "en"]
    assert vocab.labels("evidence_source", "nl") == {
        "WP1": "Literatuurstudie en exploratiefase", "WP2": "Online survey",
        "WP3": "Kwalitatieve bevraging van verschillende stakeholders", "WP4": "Casestudies"}
    assert vocab.label("level", "client", "nl") == "cliënt(systeem)"
    assert vocab.values("handle_kind") == ["survey_item", "client_feedback", "dashboard_step",
                                           "case_audit", "other"]
