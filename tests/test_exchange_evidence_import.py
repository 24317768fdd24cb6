"""Researchers link findings without YAML: a sheet of coded findings, or one item on the
command line, becomes evidence with stable ids and every comment kept."""

from __future__ import annotations

import csv

import pytest
from text_support import copy_project, digests
from openpyxl import Workbook

from programtheory import load_project
from programtheory.cli import main
from programtheory.exchange import ExchangeError
from programtheory.exchange.evidence_import import import_evidence, stable_id
from programtheory.graph import build_graph

HEADINGS = ["soort", "tekst", "rol", "werkpakket", "standpunt", "betreft (ids)", "sectie",
            "regels"]


@pytest.fixture
def project_dir(tmp_path):
    return copy_project(tmp_path / "project")


def _coded_quotes(project, count=20):
    version = project.versions["revised"]
    targets = [n.id for n in version.nodes][:count]
    link = version.links[0].id
    return [["citaat", f"Fragment {i} van een gecodeerd interview over de werking.",
             "consulent", "WP3", "ondersteunt", f"{targets[i]}, {link}", "3.2", "1200-1201"]
            for i in range(count)]


def _write_csv(path, rows, headings=HEADINGS, delimiter=";"):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(headings)
        writer.writerows(rows)
    return path


def test_twenty_coded_quotes_import_once_with_comments_kept(project_dir, tmp_path):
    project = load_project(project_dir)
    sheet = _write_csv(tmp_path / "coded.csv", _coded_quotes(project))
    quotes = project_dir / "theory" / "evidence" / "quotes.yaml"
    before = quotes.read_text(encoding="utf-8")
    assert main(["import", "evidence", str(sheet), str(project_dir)]) == 0
    after = quotes.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # appended: every comment and item kept
    reloaded = load_project(project_dir)
    new = [e for e in reloaded.evidence if e.id.startswith("ev_quote_")]
    assert len(new) == 20
    assert new[0].id == stable_id("quote", new[0].text)
    assert new[0].bears_on[1] == project.versions["revised"].links[0].id
    assert new[0].report[0].lines == (1200, 1201) and new[0].work_package.value == "WP3"
    graph = build_graph(reloaded, "revised")  # what the evidence map and the panel read
    assert new[0].id in graph.nodes[new[0].bears_on[0]]["evidence"]
    state = digests(project_dir)
    plan = import_evidence(reloaded, sheet)
    assert plan.changed == [] and "20 already present" in plan.notes[0]
    assert main(["import", "evidence", str(sheet), str(project_dir)]) == 0
    assert digests(project_dir) == state


def test_an_xlsx_sheet_of_findings_imports_like_csv(project_dir, tmp_path):
    project = load_project(project_dir)
    book = Workbook()
    book.active.append(["kind", "text", "role", "stance", "bears on (ids)"])
    book.active.append(["quote", "Een citaat uit een werkmap.", "mama", "nuances",
                        project.versions["revised"].nodes[0].id])
    book.save(tmp_path / "coded.xlsx")
    import_evidence(project, tmp_path / "coded.xlsx").write()
    item = next(e for e in load_project(project_dir).evidence
                if e.text == "Een citaat uit een werkmap.")
    assert item.stance.value == "nuances" and item.role == "mama"


def test_unknown_ids_get_a_suggestion_and_nothing_is_written(project_dir, tmp_path):
    project = load_project(project_dir)
    rows = _coded_quotes(project, 2)
    rows[1][5] = "rev_st_trsut"
    sheet = _write_csv(tmp_path / "coded.csv", rows)
    before = digests(project_dir)
    with pytest.raises(ExchangeError) as bad:
        import_evidence(project, sheet)
    assert ("coded.csv, row 3, column F (betreft (ids)): unknown element or link "
            "'rev_st_trsut'; did you mean 'rev_st_trust'?") in bad.value.messages
    assert main(["import", "evidence", str(sheet), str(project_dir)]) == 1
    assert digests(project_dir) == before


def test_a_quote_already_in_the_evidence_is_refused(project_dir, tmp_path):
    project = load_project(project_dir)
    existing = next(e for e in project.evidence if e.kind.value == "quote")
    sheet = _write_csv(tmp_path / "coded.csv", [["citaat", "  " + existing.text.upper(), "",
                                                 "", "", existing.bears_on[0], "", ""]])
    with pytest.raises(ExchangeError) as bad:
        import_evidence(project, sheet)
    assert f"already in the evidence as '{existing.id}'" in bad.value.messages[0]
    assert "row 2, column B (tekst)" in bad.value.messages[0]


def test_the_same_quote_twice_in_one_sheet_is_refused(project_dir, tmp_path):
    project = load_project(project_dir)
    row = _coded_quotes(project, 1)[0]
    with pytest.raises(ExchangeError, match="the same text stands in row 2"):
        import_evidence(project, _write_csv(tmp_path / "coded.csv", [row, row]))


def test_missing_headings_are_named(project_dir, tmp_path):
    sheet = _write_csv(tmp_path / "coded.csv", [["x"]], headings=["soort", "tekts"])
    with pytest.raises(ExchangeError) as bad:
        import_evidence(load_project(project_dir), sheet)
    assert "unknown column heading(s): tekts" in bad.value.messages[0]
    assert "missing column(s): tekst, betreft (ids)" in bad.value.messages[0]


def test_evidence_add_from_the_command_line(project_dir, capsys):
    target = load_project(project_dir).versions["revised"].nodes[2].id
    args = ["evidence", "add", str(project_dir), "--kind", "quote", "--text",
            "Dat gaf ons echt vertrouwen.", "--role", "papa casestudie", "--bears-on", target,
            "--stance", "supports"]
    assert main(args) == 0
    item = next(e for e in load_project(project_dir).evidence
                if e.text == "Dat gaf ons echt vertrouwen.")
    assert item.bears_on == [target] and item.role == "papa casestudie"
    assert main(args) == 0
    assert "1 already present" in capsys.readouterr().err
    bad = ["evidence", "add", str(project_dir), "--kind", "qoute", "--text", "x",
           "--bears-on", target]
    assert main(bad) == 1
    assert "--kind: unknown value 'qoute'; did you mean 'quote'?" in capsys.readouterr().err


def test_text_starting_with_equals_is_text_and_a_real_formula_is_refused(project_dir, tmp_path):
    project = load_project(project_dir)
    node = project.versions["revised"].nodes[0].id
    book = Workbook()
    book.active.append(["kind", "text", "role", "stance", "bears on (ids)"])
    book.active.append(["quote", "=de helft haakt af", "mama", "nuances", node])
    book.active["B2"].data_type = "s"  # typed as text, as a spreadsheet stores "'=de helft"
    book.active["B2"].quotePrefix = True
    book.save(tmp_path / "text.xlsx")
    import_evidence(project, tmp_path / "text.xlsx").write()
    assert any(e.text == "=de helft haakt af" for e in load_project(project_dir).evidence)
    book.active["B2"] = "=1+1"  # a formula
    book.save(tmp_path / "formula.xlsx")
    with pytest.raises(ExchangeError, match="formula"):
        import_evidence(load_project(project_dir), tmp_path / "formula.xlsx")
