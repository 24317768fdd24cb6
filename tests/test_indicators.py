"""Indicators per period: measurements in outcomes.yaml, their series, and as evidence."""

from __future__ import annotations

import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programtheory import load_project
from programtheory.cli import main
from programtheory.evidence_map import evidence_map
from programtheory.indicators import indicator_records, measurement_evidence

from survey_support import project_copy


@pytest.fixture
def project(tmp_path):
    return project_copy(tmp_path)


def _removed_lines(before: str, after: str) -> list[str]:
    return [d for d in difflib.ndiff(before.splitlines(), after.splitlines())
            if d.startswith("- ")]


def _indicator(project, indicator_id):
    table = load_project(project).outcome_table
    return next(i for i in table.indicators if i.id == indicator_id)


def test_add_keeps_every_line_and_replace_needs_the_flag(project, capsys):
    before = (project / "outcomes.yaml").read_text(encoding="utf-8")
    args = ["indicator", "add", "ind_safety_plan_share", "--path", str(project)]
    assert main(args + ["--period", "2023", "--value", "41,5", "--n", "320"]) == 0
    assert main(args + ["--period", "2024", "--value", "48", "--source", "export"]) == 0
    assert main(args + ["--period", "2024", "--value", "49"]) == 2
    assert "add --replace" in capsys.readouterr().err
    assert main(args + ["--period", "2024", "--value", "49", "--replace"]) == 0
    after = (project / "outcomes.yaml").read_text(encoding="utf-8")
    assert _removed_lines(before, after) == []
    series = [(m.period, m.value, m.n) for m in
              _indicator(project, "ind_safety_plan_share").measurements]
    assert series == [("2023", 41.5, 320), ("2024", 49, None)]


def test_csv_import_is_all_or_nothing_and_names_the_row(project, tmp_path, capsys):
    good = tmp_path / "m.csv"
    good.write_text("indicator;period;value;n\nind_staff_survey;2024;37,3;300\n"
                    "ind_staff_survey;2025;40;310\n", encoding="cp1252")
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,period,value,n\nind_staff_survey,2026,1,\n"
                   "ind_staff_survey,2027,2,veel\n", encoding="utf-8")
    assert main(["indicator", "import", str(good), "--path", str(project)]) == 0
    before = (project / "outcomes.yaml").read_bytes()
    assert main(["indicator", "import", str(bad), "--path", str(project)]) == 1
    assert "row 3: n must be a whole number" in capsys.readouterr().err
    assert (project / "outcomes.yaml").read_bytes() == before
    assert [m.period for m in _indicator(project, "ind_staff_survey").measurements] == [
        "2024", "2025"]


def test_the_series_marks_indicators_without_measurement(project):
    assert main(["indicator", "add", "ind_staff_survey", "--period", "2024", "--value", "37",
                 "--path", str(project)]) == 0
    records = indicator_records(load_project(project).outcome_table, "nl")
    rows = {r["Indicator"]: r["Metingen"] for r in records.rows}
    label = _indicator(project, "ind_staff_survey").label.nl
    assert rows[label] == "2024: 37"
    assert sum(v == "nog geen meting" for v in rows.values()) == len(rows) - 1


def test_a_measured_indicator_counts_as_evidence_on_its_outcome_nodes(project):
    theory = load_project(project)
    assert measurement_evidence(theory) == []
    assert main(["indicator", "add", "ind_staff_survey", "--period", "2024", "--value", "37",
                 "--path", str(project)]) == 0
    theory = load_project(project)
    extra = measurement_evidence(theory)
    targets = {t for item in extra for t in item.bears_on}
    assert extra and all(e.kind.value == "statistic" for e in extra)
    plain = evidence_map(theory)
    counted = evidence_map(theory, extra_evidence=extra)
    version_nodes = {row["element"] for row in plain.by_kind.rows}
    gained = {e.id for e in plain.unevidenced} - {e.id for e in counted.unevidenced}
    assert gained <= targets and (targets & version_nodes) - {
        e.id for e in counted.unevidenced} == targets & version_nodes


@pytest.mark.slow
@given(st.lists(st.tuples(st.sampled_from(["2023", "2024", "2024-Q2", "2025"]),
                          st.integers(0, 1000)), min_size=1, max_size=6))
@settings(max_examples=8, deadline=None)
def test_any_sequence_of_adds_keeps_the_file_and_the_last_value_per_period(tmp_path_factory,
                                                                          adds):
    project = project_copy(tmp_path_factory.mktemp("p"))
    before = (project / "outcomes.yaml").read_text(encoding="utf-8")
    expected: dict = {}
    for period, value in adds:
        assert main(["indicator", "add", "ind_network_meetings_per_dossier", "--period", period,
                     "--value", str(value), "--replace", "--path", str(project)]) == 0
        expected[period] = value
    after = (project / "outcomes.yaml").read_text(encoding="utf-8")
    assert _removed_lines(before, after) == []
    got = {m.period: m.value for m in
           _indicator(project, "ind_network_meetings_per_dossier").measurements}
    assert got == expected


def test_an_import_leaves_the_measurements_already_written_as_they_were(project, tmp_path):
    args = ["indicator", "add", "ind_safety_plan_share", str(project)]
    assert main(args + ["--period", "2023", "--value", "41,5", "--n", "320"]) == 0
    before = (project / "outcomes.yaml").read_text(encoding="utf-8")
    sheet = tmp_path / "m.csv"
    sheet.write_text("indicator,period,value,n\n"
                     + "".join(f"ind_safety_plan_share,{2024 + i},{40 + i},{300 + i}\n"
                               for i in range(50)), encoding="utf-8")
    assert main(["indicator", "import", str(sheet), str(project)]) == 0
    after = (project / "outcomes.yaml").read_text(encoding="utf-8")
    assert _removed_lines(before, after) == []
    series = _indicator(project, "ind_safety_plan_share").measurements
    assert [m.period for m in series] == [str(y) for y in range(2023, 2074)]
