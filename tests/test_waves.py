"""Survey waves from raw exports: formats, detection, aggregates, bad input, privacy."""

from __future__ import annotations

import difflib

import numpy as np
import pytest

from programtheory import load_project
from programtheory.cli import main
from programtheory.survey_import import open_export
from programtheory.waves import plan_import

from survey_support import MARKER, project_copy, write_survey


@pytest.fixture
def project(tmp_path):
    return project_copy(tmp_path)


def _import(project, path, *extra):
    return main(["wave", "import", str(path), "--path", str(project), *extra])


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "sav"])
def test_each_format_imports_the_true_aggregates(project, tmp_path, capsys, suffix):
    path = tmp_path / f"w.{suffix}"
    frame, columns = write_survey(path, n=150, seed=3)
    before = (project / "barometer.yaml").read_text(encoding="utf-8")
    assert _import(project, path, "--wave", "w2024", "--date", "2024-05") == 0
    after = (project / "barometer.yaml").read_text(encoding="utf-8")
    # every original line is kept, in order (comments, quoting, wrapping): only lines added
    removed = [d for d in difflib.ndiff(before.splitlines(), after.splitlines())
               if d.startswith("- ")]
    assert removed == []
    wave = next(w for w in load_project(project).barometer.waves if w.id == "w2024")
    scores = frame[columns["question"]].to_numpy(dtype=float)
    assert wave.n == 150 and wave.summary.valid_n == 150 and wave.year == 2024
    assert wave.counts == {s: int((scores == s).sum()) for s in range(1, 11)}
    assert wave.summary.mean == pytest.approx(scores.mean(), abs=1e-4)
    assert wave.summary.sd == pytest.approx(scores.std(ddof=1), abs=1e-4)
    assert wave.summary.share_at_threshold == pytest.approx(100 * (scores >= 7).mean(), abs=0.01)
    low, high = wave.summary.ci95
    assert low < wave.summary.mean < high
    function = next(b for b in wave.breakdowns if "functie" in b.by.nl)
    for group in function.groups:
        members = frame[columns["background"][0][0]] == group.label.nl
        assert group.n == int(members.sum())
        if not group.suppressed:
            assert group.mean == pytest.approx(scores[members.to_numpy()].mean(), abs=1e-4)
    assert {t.across for t in wave.tests} == {b.by.nl for b in wave.breakdowns}
    err = capsys.readouterr().err
    assert "ignored 3 column(s)" in err and "Tijdstempel" in err


def test_small_groups_are_suppressed_with_the_secondary_group(project, tmp_path):
    path = tmp_path / "w.csv"
    write_survey(path, n=60, seed=5)
    assert _import(project, path, "--wave", "w2024") == 0
    wave = next(w for w in load_project(project).barometer.waves if w.id == "w2024")
    for breakdown in wave.breakdowns:
        small = [g for g in breakdown.groups if g.n < 5]
        assert all(g.suppressed and g.mean is None for g in small)
        hidden = [g for g in breakdown.groups if g.suppressed]
        assert len(hidden) != 1 or not small  # one hidden group would follow from the total


@pytest.mark.parametrize("delimiter,encoding,said", [
    (";", "cp1252", "encoding cp1252, delimiter semicolon"),
    ("\t", "utf-8-sig", "encoding utf-8-sig, delimiter tab"),
    ("|", "utf-16", "encoding utf-16, delimiter pipe"),
    (",", "utf-8", "encoding utf-8, delimiter comma")])
def test_csv_dialects_are_detected_and_said(project, tmp_path, capsys, delimiter, encoding,
                                            said):
    path = tmp_path / "w.csv"
    frame, columns = write_survey(path, n=40, delimiter=delimiter, encoding=encoding)
    assert said in open_export(path).describe()
    assert _import(project, path, "--wave", "w2024") == 0
    assert said in capsys.readouterr().err
    wave = next(w for w in load_project(project).barometer.waves if w.id == "w2024")
    assert sum(wave.counts.values()) == 40
    # the accented header was read correctly, so the function breakdown was found
    assert any("functie" in b.by.nl for b in wave.breakdowns)


@pytest.mark.parametrize("fault,expected", [
    ("outofscale", "11 is outside the scale 1-10"),
    ("dontknow", "«Weet niet» is not a score"),
    ("duplicate", "appears more than once")])
def test_bad_answers_name_row_and_column_and_write_nothing(project, tmp_path, capsys, fault,
                                                           expected):
    path = tmp_path / "w.csv"
    write_survey(path, n=50, faults=(fault,))
    before = (project / "barometer.yaml").read_bytes()
    assert _import(project, path, "--wave", "w2024") == 1
    err = capsys.readouterr().err
    assert expected in err and "row " in err and "column " in err
    assert "Traceback" not in err
    assert (project / "barometer.yaml").read_bytes() == before


def test_fault_rows_are_the_real_rows(project, tmp_path):
    path = tmp_path / "w.xlsx"
    frame, columns = write_survey(path, n=30, faults=("outofscale",))
    row = int(np.flatnonzero(frame[columns["question"]].astype(str) == "11")[0])
    barometer = load_project(project).barometer
    with pytest.raises(Exception, match=rf"row {row + 2}, column E \(5\)"):
        plan_import(barometer, path, "w2024")


def test_blank_scores_and_mapped_labels_are_no_answer(project, tmp_path):
    path = tmp_path / "w.csv"
    frame, columns = write_survey(path, n=90, faults=("blank", "dontknow", "spaces"))
    text = (project / "barometer.yaml").read_text(encoding="utf-8")
    mapping = (f"mappings:\n  - id: tool\n    score: \"{columns['question']}\"\n"
               f"    respondent: Respondent ID\n    breakdowns: {{sv_bg_4: \"Wat is uw huidige "
               f"functie?\"}}\n    labels: {{Weet niet: null}}\n")
    (project / "barometer.yaml").write_text(text.replace("\nwaves:", f"\n{mapping}\nwaves:", 1),
                                            encoding="utf-8")
    assert _import(project, path, "--wave", "w2024", "--mapping", "tool") == 0
    wave = next(w for w in load_project(project).barometer.waves if w.id == "w2024")
    answered = frame[columns["question"]].map(lambda v: str(v).strip() not in ("", "Weet niet"))
    assert wave.n == 90 and wave.summary.valid_n == int(answered.sum()) < 90
    # stray spaces around a group name do not make a second group
    function = wave.breakdowns[0]
    assert all(g.label.nl == g.label.nl.strip() for g in function.groups)


def test_a_missing_mapped_column_is_named(project, tmp_path, capsys):
    path = tmp_path / "w.csv"
    write_survey(path, n=20)
    text = (project / "barometer.yaml").read_text(encoding="utf-8")
    mapping = "mappings:\n  - id: tool\n    score: Vraag 6.2\n"
    (project / "barometer.yaml").write_text(text.replace("\nwaves:", f"\n{mapping}\nwaves:", 1),
                                            encoding="utf-8")
    before = (project / "barometer.yaml").read_bytes()
    assert _import(project, path, "--wave", "w2024", "--mapping", "tool") == 1
    err = capsys.readouterr().err
    assert "column «Vraag 6.2» (score in mapping 'tool') is not in the file" in err
    assert (project / "barometer.yaml").read_bytes() == before


@pytest.mark.parametrize("content", [b"", b"Respondent ID,Tijdstempel\n"])
def test_an_empty_export_is_refused(project, tmp_path, capsys, content):
    path = tmp_path / "w.csv"
    path.write_bytes(content)
    assert _import(project, path, "--wave", "w2024") == 1
    err = capsys.readouterr().err
    assert "empty" in err or "no answers" in err or "no column asks" in err


def test_header_only_export_with_the_question_is_empty(project, tmp_path, capsys):
    path = tmp_path / "w.csv"
    frame, _ = write_survey(path, n=10)
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert _import(project, path, "--wave", "w2024") == 1
    assert "has a header but no answers" in capsys.readouterr().err


def test_an_existing_wave_needs_replace_which_shows_the_difference(project, tmp_path, capsys):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    write_survey(first, n=40, seed=1)
    write_survey(second, n=45, seed=2)
    assert _import(project, first, "--wave", "w2024", "--date", "2024-05") == 0
    before = (project / "barometer.yaml").read_bytes()
    assert _import(project, second, "--wave", "w2024") == 1
    assert "add --replace" in capsys.readouterr().err
    assert (project / "barometer.yaml").read_bytes() == before
    assert _import(project, second, "--wave", "w2024", "--replace") == 0
    err = capsys.readouterr().err
    assert "n: 40 -> 45" in err
    waves = [w for w in load_project(project).barometer.waves if w.id == "w2024"]
    assert len(waves) == 1 and waves[0].n == 45 and waves[0].date == "2024-05"
    # the printed 2021 wave cannot be overwritten by an export
    assert _import(project, second, "--wave", "w2021", "--replace") == 1


def test_suggest_proposes_a_mapping_and_writes_nothing(project, tmp_path, capsys):
    path = tmp_path / "w.sav"
    write_survey(path, n=20)
    before = (project / "barometer.yaml").read_bytes()
    assert _import(project, path, "--suggest") == 0
    out = capsys.readouterr().out
    assert "score: Q4" in out and "sv_bg_4: Q2" in out and "respondent: id" in out
    assert (project / "barometer.yaml").read_bytes() == before


def test_no_free_text_answer_reaches_the_project(project, tmp_path, capsys):
    for i, suffix in enumerate(("csv", "xlsx", "sav")):
        path = tmp_path / f"w.{suffix}"
        frame, columns = write_survey(path, n=30, seed=i, wave=f"w{i}")
        assert _import(project, path, "--wave", f"w202{i + 4}") == 0
    captured = capsys.readouterr()
    written = "".join(p.read_text(encoding="utf-8") for p in project.rglob("*.yaml"))
    assert not MARKER.search(written + captured.out + captured.err)
    assert "Respondent ID" not in written and "R0000" not in written


def test_coded_open_answers_count_respondents_per_factor(project, tmp_path, capsys):
    path = tmp_path / "w.csv"
    write_survey(path, n=30)
    assert _import(project, path, "--wave", "w2024") == 0
    sheet = tmp_path / "coding.csv"
    sheet.write_text("respondent;factor\nr1;f_fac_ind_1\nr2;f_fac_ind_1\nr1;f_fac_ind_1\n"
                     "r3;f_fac_ind_2\n", encoding="utf-8")
    before = (project / "barometer.yaml").read_text(encoding="utf-8")
    assert main(["wave", "factors", str(sheet), "--wave", "w2024", "--path", str(project)]) == 0
    after = (project / "barometer.yaml").read_text(encoding="utf-8")
    assert before.split("  - id: w2024")[0] == after.split("  - id: w2024")[0]
    barometer = load_project(project).barometer
    wave = next(w for w in barometer.waves if w.id == "w2024")
    assert wave.factor_counts["f_fac_ind_1"] == 2 and wave.factor_counts["f_fac_ind_2"] == 1
    assert set(wave.factor_counts) == {f.id for f in barometer.factors}
    assert wave.summary.valid_n == 30  # the rest of the wave is kept


def test_a_coding_sheet_with_an_unknown_factor_names_the_row(project, tmp_path, capsys):
    path = tmp_path / "w.csv"
    write_survey(path, n=30)
    assert _import(project, path, "--wave", "w2024") == 0
    sheet = tmp_path / "coding.csv"
    sheet.write_text("respondent,factor\nr1,f_fac_ind_1\nr2,f_fac_ind_99\n", encoding="utf-8")
    before = (project / "barometer.yaml").read_bytes()
    assert main(["wave", "factors", str(sheet), "--wave", "w2024", "--path", str(project)]) == 1
    err = capsys.readouterr().err
    assert "row 3, column B (2)" in err and "unknown factor id «f_fac_ind_99»" in err
    assert (project / "barometer.yaml").read_bytes() == before
    assert main(["wave", "factors", str(sheet), "--wave", "w2021", "--path", str(project)]) == 1


def test_a_malformed_csv_and_a_column_without_scores_are_refused(project, tmp_path, capsys):
    path = tmp_path / "w.csv"
    frame, columns = write_survey(path, n=20)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5] + ',"an extra field'  # an unclosed quote swallows the rest
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = (project / "barometer.yaml").read_bytes()
    assert _import(project, path, "--wave", "w2024") == 1
    err = capsys.readouterr().err
    assert "cannot be read as CSV" in err and "Traceback" not in err
    blank = tmp_path / "blank.csv"
    frame[columns["question"]] = ""
    frame.to_csv(blank, index=False)
    assert _import(project, blank, "--wave", "w2024") == 1
    assert "holds no valid score in any row" in capsys.readouterr().err
    assert _import(project, blank, "--wave", "wave 2024") == 2
    assert "is not an id" in capsys.readouterr().err
    assert (project / "barometer.yaml").read_bytes() == before


def test_messages_say_what_to_do_next(project, tmp_path, capsys):
    path = tmp_path / "w.csv"
    write_survey(path, n=40, seed=5)
    assert _import(project, path, "--wave", "w2031", "--mapping", "nope") in (1, 2)
    assert "--suggest" in capsys.readouterr().err
    assert _import(project, path, "--wave", "w2031") == 0
    assert "no --date" in capsys.readouterr().err
    missing = tmp_path / "no-such-sheet.csv"
    assert main(["wave", "factors", str(missing), str(project), "--wave", "w2099"]) == 2
    err = capsys.readouterr().err
    assert "w2099" in err and "no-such-sheet" not in err  # the wave is named first


def test_the_breakdown_table_names_the_instrument_s_threshold(project):
    from programtheory.barometer import breakdown_records

    wave = load_project(project).barometer.waves[0]
    assert "≥ 5 " in breakdown_records(wave, threshold=5).columns[4]
    # an instrument without a threshold gets no share column at all
    assert not any("≥" in column for column in breakdown_records(wave).columns)


def test_a_quoted_header_over_two_lines_is_one_row_of_headers(tmp_path):
    path = tmp_path / "wave.csv"
    path.write_text('id;"Hoe tevreden\nbent u?";team\n1;4;A\n2;5;B\n', encoding="utf-8")
    export = open_export(path)
    assert export.headers == ["id", "Hoe tevreden\nbent u?", "team"]
    assert export.delimiter == ";"
