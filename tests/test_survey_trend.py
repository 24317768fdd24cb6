"""Change over time: complete and partial waves side by side, tests of change, the page."""

from __future__ import annotations

import shutil

import pytest

from programtheory import load_project, survey_stats, survey_trend
from programtheory.cli import main

from survey_support import MARKER, REPO, project_copy, write_survey


def _dossiers(n: int):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_dossiers",
                                                  REPO / "scripts" / "make_dossiers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.dossier_frame(n, seed=7)


def test_the_shipped_project_has_one_real_wave_and_says_a_trend_needs_a_second(real_project):
    barometer = real_project.barometer
    assert [w.id for w in barometer.waves] == ["w2021"]  # no synthetic wave shipped
    assert "een trend vraagt een tweede meting" in survey_trend.trend_note(barometer, "nl")
    assert "a trend needs a second wave" in survey_trend.trend_note(barometer, "en")
    assert survey_trend.comparison_records(barometer).rows == []


def test_the_2021_wave_keeps_its_partial_distribution(real_project):
    barometer = real_project.barometer
    point = survey_trend.point(barometer, barometer.waves[0])
    assert not point.complete and point.mean == 6
    assert point.share == pytest.approx(34.7) and point.valid_n == 121 and point.hits == 42
    low, high = point.mean_interval
    assert 5.5 <= low < 6 < high <= 6.5


@pytest.fixture
def project_with_waves(tmp_path):
    project = project_copy(tmp_path)
    for i, (suffix, year) in enumerate((("csv", 2023), ("xlsx", 2024), ("sav", 2025))):
        path = tmp_path / f"w{year}.{suffix}"
        write_survey(path, n=80 + 20 * i, seed=10 + i, wave=f"w{year}")
        assert main(["wave", "import", str(path), "--wave", f"w{year}", "--date", str(year),
                     "--path", str(project)]) == 0
    return project


def test_comparisons_use_what_each_pair_of_waves_allows(project_with_waves):
    barometer = load_project(project_with_waves).barometer
    waves = {w.id: w for w in barometer.waves}
    limited = survey_trend.compare(barometer, waves["w2021"], waves["w2023"])
    assert limited["mann_whitney"] is None and "not possible" in limited["mann_whitney_reason"]
    hits = sum(c for s, c in waves["w2023"].counts.items() if s >= 7)
    assert limited["two_proportions"] == survey_stats.two_proportions(42, 121, hits, 80)
    assert "reconstructed" in limited["two_proportions_note"]
    full = survey_trend.compare(barometer, waves["w2023"], waves["w2024"])
    assert full["mann_whitney"] == survey_stats.mann_whitney(waves["w2023"].counts,
                                                             waves["w2024"].counts)
    assert full["n"] == (80, 100)
    rows = survey_trend.comparison_records(barometer).rows
    assert len(rows) == 3 and rows[0]["Mann-Whitney U (p)"] == "—"
    assert "2021" in survey_trend.limitation(barometer) and "7–10" in survey_trend.limitation(
        barometer)


@pytest.mark.slow
def test_the_barometer_page_shows_three_imported_waves_without_raw_answers(
        project_with_waves):
    shutil.copytree(REPO / "notebooks", project_with_waves / "notebooks")
    dossiers = project_with_waves.parent / "dossiers.csv"
    frame = _dossiers(120)
    frame["dossier"] = "secret-dossier-" + frame["dossier"]
    frame.to_csv(dossiers, index=False)
    assert main(["build", str(project_with_waves), "--only", "barometer",
                 "-p", f"barometer.dossiers={dossiers}"]) == 0
    out = project_with_waves / "build" / "barometer"
    board = (out / "dashboard.md").read_text(encoding="utf-8")
    assert "13. Creëren van finaal veiligheidsplan" in board and "alle teams" in board
    trend = (out / "barometer_trend.md").read_text(encoding="utf-8")
    assert trend.count("| volledig |") == 3 and "| gedeeltelijk |" in trend
    assert (out / "barometer_tests.md").read_text(encoding="utf-8").count("\n") == 5
    page = (out / "barometer.html").read_text(encoding="utf-8")
    assert "Mann-Whitney" in page and "gedeeltelijk gerapporteerd" in page
    breakdown = (out / "barometer_breakdown_w2025.md").read_text(encoding="utf-8")
    assert "| onderdrukt |" in breakdown
    for path in (project_with_waves / "build").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".md", ".ipynb", ".tex", ".svg",
                                              ".json"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not MARKER.search(text) and "secret-dossier" not in text, path


def test_wave_labels_are_drawn_as_written(real_project):
    from matplotlib.text import Text

    from programtheory import trend_charts

    barometer = real_project.barometer
    odd = barometer.waves[0].model_copy(update={"label": "kosten $x^2$ \u202egeheim"})
    figure = trend_charts.distributions_chart(barometer.model_copy(update={"waves": [odd]}))
    texts = [t for t in figure.findobj(Text) if "kosten" in t.get_text()]
    assert texts and all(not t.get_parse_math() for t in texts)
    assert all("\u202e" not in t.get_text() for t in texts)


def test_the_distribution_per_wave_marks_the_reconstructed_score_as_not_printed(real_project):
    from programtheory.trend_charts import distributions_chart

    figure = distributions_chart(real_project.barometer, lang="nl")
    bars = [patch for patch in figure.axes[0].patches if patch.get_height() > 0]
    dotted = [patch for patch in bars if patch.get_hatch() == "..."]
    inferred = [s for s in real_project.barometer.waves[0].distribution
                if s.status == "inferred" and s.scores[0] == s.scores[1]]
    assert len(dotted) == len(inferred) > 0  # score 6 is a remainder, not a printed figure
    labels = [text.get_text() for text in figure.legends[0].get_texts()]  # below the chart
    assert any("afgeleid" in label for label in labels)
