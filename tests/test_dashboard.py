"""The case-management dashboard (Tabel 8): shares, gaps and skips per period and team."""

from __future__ import annotations

import importlib.util
import statistics

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programtheory.cli import main
from programtheory.dashboard import ALL_TEAMS, compute, dashboard, share_records, summary_records

from survey_support import REPO


def _steps(real_project):
    return [h for h in real_project.barometer.handles if h.kind == "dashboard_step"]


def _dossier_module():
    spec = importlib.util.spec_from_file_location("make_dossiers",
                                                  REPO / "scripts" / "make_dossiers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_thirteen_steps_of_tabel_8_are_the_dashboard_steps(real_project):
    steps = _steps(real_project)
    assert len(steps) == 13 and steps[0].text.startswith("Interne mapping")
    assert steps[-1].text == "Creëren van finaal veiligheidsplan op maat van minderjarige"


rows = st.lists(st.tuples(st.integers(0, 7), st.integers(0, 12), st.integers(0, 400),
                          st.sampled_from(["A", "B"])), min_size=1, max_size=60)


@given(rows)
@settings(max_examples=60, deadline=None)
def test_dashboard_matches_a_dossier_by_dossier_count(real_project, data):
    steps = _steps(real_project)
    frame = pd.DataFrame(data, columns=["dossier", "step", "day", "team"])
    days = (np.datetime64("2023-06-01") + frame["day"].to_numpy()).astype(np.int64)
    dossier, _ = pd.factorize(frame["dossier"])
    team, teams = pd.factorize(frame["team"])
    result = compute(steps, dossier, frame["step"].to_numpy(), days, team, list(teams), "year",
                     min_n=1)
    per_dossier: dict = {}
    for dossier, step, day, team in data:
        entry = per_dossier.setdefault(dossier, {"team": team, "days": {}})
        entry["days"][step] = min(day, entry["days"].get(step, day))
    for dossier in per_dossier.values():
        first = min(dossier["days"].values())
        dossier["period"] = str((pd.Timestamp("2023-06-01") + pd.Timedelta(days=first)).year)
    for group in result.groups:
        members = [d for d in per_dossier.values() if d["period"] == group[0]
                   and group[1] in (ALL_TEAMS, d["team"])]
        assert result.dossiers[group] == len(members)
        for k in range(13):
            share = 100 * sum(k in d["days"] for d in members) / len(members)
            assert result.shares[group][k] == pytest.approx(round(share, 1))
            skipped = sum(k not in d["days"] and any(j > k for j in d["days"])
                          for d in members)
            assert result.skipped[group][k] == skipped
            if k:
                gaps = [d["days"][k] - d["days"][k - 1] for d in members
                        if k in d["days"] and k - 1 in d["days"]]
                expected = statistics.median(gaps) if gaps else None
                assert result.median_days[group][k] == expected


def test_small_teams_are_suppressed_with_a_second_team(real_project, tmp_path):
    path = tmp_path / "d.csv"
    _dossier_module().dossier_frame(300, seed=0).to_csv(path, index=False)
    result = dashboard(real_project.barometer, path)
    for period in {g[0] for g in result.groups}:
        teams = [g for g in result.groups if g[0] == period and g[1] != ALL_TEAMS]
        small = [g for g in teams if result.dossiers[g] < 5]
        hidden = [g for g in teams if g in result.hidden]
        assert set(small) <= set(hidden) and len(hidden) != 1
    text = summary_records(result).to_markdown()
    assert "suppressed" in text and "onderdrukt" not in text and "D1," not in text
    assert "onderdrukt" in summary_records(result, lang="nl").to_markdown()
    assert share_records(result).columns[0] == "step"  # one language: no "stap / step"
    assert share_records(result, lang="nl").columns[0] == "stap"


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_steps_by_number_id_or_text_and_the_cli(real_project, tmp_path, capsys, suffix):
    frame = _dossier_module().dossier_frame(40, seed=2)
    steps = _steps(real_project)
    frame["stap"] = [steps[s - 1].text if i % 3 == 0 else
                     (steps[s - 1].id if i % 3 == 1 else s) for i, s in enumerate(frame["stap"])]
    path = tmp_path / f"d.{suffix}"
    if suffix == "csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_excel(path, index=False)
    assert main(["dashboard", str(path), "--path", str(REPO)]) == 0
    out = capsys.readouterr().out
    assert "1. Interne mapping via Driekolommenmodel" in out and "alle teams" in out


@pytest.mark.parametrize("column,value,expected", [
    ("stap", "14", "«14» is not one of the 13 steps"),
    ("datum", "gisteren", "not a date"),
    ("datum", "01/02/2024", "not a date")])  # day or month first: never guessed
def test_bad_rows_are_named(tmp_path, capsys, column, value, expected):
    frame = _dossier_module().dossier_frame(20, seed=3)
    frame[column] = frame[column].astype(object)
    frame.loc[6, column] = value
    path = tmp_path / "d.csv"
    frame.to_csv(path, index=False)
    assert main(["dashboard", str(path), "--path", str(REPO)]) == 1
    err = capsys.readouterr().err
    letter = "C" if column == "stap" else "D"
    assert f"row 8, column {letter}" in err and expected in err


def test_the_dashboard_arrays_hold_no_dossier_id(real_project, tmp_path):
    path = tmp_path / "d.csv"
    frame = _dossier_module().dossier_frame(50, seed=4)
    frame.to_csv(path, index=False)
    result = dashboard(real_project.barometer, path)
    assert not any("D" + str(i) in str(vars(result)) for i in (10, 11, 12))
    assert np.isclose(sum(result.dossiers[g] for g in result.groups if g[1] == ALL_TEAMS), 50)
