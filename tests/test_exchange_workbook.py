"""The steering group's Excel round trip: export, edit, import, with comments kept."""

from __future__ import annotations

import re

import pytest
from office_support import soffice_convert
from text_support import copy_project, digests
from openpyxl import load_workbook

from programtheory import load_project
from programtheory.cli import main
from programtheory.exchange import ExchangeError, export_workbook, plan_workbook_import
from programtheory.exchange.rows import all_rows
from programtheory.yaml_edit import load_data

VERSION = "revised"


@pytest.fixture
def project_dir(tmp_path):
    return copy_project(tmp_path / "project")


@pytest.fixture
def project(project_dir):
    """The copy as loaded before a test changes anything in it."""
    return load_project(project_dir)


@pytest.fixture
def workbook(project, project_dir):
    return export_workbook(project, VERSION, project_dir / "theory.xlsx")


def _edit(path, sheet, cell, value, out=None):
    book = load_workbook(path)
    book[sheet][cell].value = value
    target = out or path.with_name("edited.xlsx")
    book.save(target)
    return target


def _row_of(path, sheet, row_id):
    ws = load_workbook(path)[sheet]
    return next(c.row for c in ws["A"] if c.value == row_id)


def test_a_no_op_round_trip_leaves_every_file_byte_identical(project_dir, workbook):
    before = digests(project_dir)
    assert main(["import", "xlsx", str(workbook), str(project_dir), "--into", VERSION]) == 0
    assert digests(project_dir) == before


def test_an_english_workbook_round_trips_too(project_dir, project):
    before = digests(project_dir)
    path = export_workbook(project, VERSION, project_dir / "en.xlsx", "en")
    assert load_workbook(path).sheetnames[:3] == ["Elements", "Links", "Evidence"]
    assert plan_workbook_import(project, path, into=VERSION).changed == []
    assert digests(project_dir) == before


def test_one_edit_changes_that_element_only_and_keeps_every_comment(project_dir, project,
                                                                    workbook):
    version_file = project_dir / "theory" / "versions" / f"{VERSION}.yaml"
    text_before = version_file.read_text(encoding="utf-8")
    node = project.versions[VERSION].nodes[3]
    row = _row_of(workbook, "Elementen", node.id)
    edited = _edit(workbook, "Elementen", f"C{row}", "een nieuw label: met dubbelpunt")
    plan = plan_workbook_import(project, edited, into=VERSION)
    assert plan.changed == [f"theory/versions/{VERSION}.yaml"]
    plan.write()
    text_after = version_file.read_text(encoding="utf-8")
    comments = [line for line in text_before.splitlines() if line.lstrip().startswith("#")]
    kept = set(text_after.splitlines())
    assert comments and all(line in kept for line in comments)
    removed = set(text_before.splitlines()) - kept
    assert len(removed) == 1 and node.label.nl[:20] in removed.pop()
    data_before, data_after = load_data(text_before, "b"), load_data(text_after, "a")
    data_before["nodes"][3]["label"]["nl"] = "een nieuw label: met dubbelpunt"
    assert data_after == data_before
    changes = plan.diff.changes(status="changed")
    assert [(c.element, c.id, [f.field for f in c.fields]) for c in changes] == [
        ("node", node.id, ["label_nl"])]
    rows_before = all_rows(project, project.versions[VERSION])
    after = load_project(project_dir)
    rows_after = all_rows(after, after.versions[VERSION])
    differing = [(s, a["id"], f) for s in rows_before for a, b in zip(rows_before[s],
                 rows_after[s], strict=False) for f in a if a[f] != b[f]]
    assert differing == [("nodes", node.id, "label_nl")]


def test_a_stale_workbook_is_refused_and_force_shows_three_ways(project_dir, project,
                                                               workbook):
    nodes = project.versions[VERSION].nodes
    edited = _edit(workbook, "Elementen", f"D{_row_of(workbook, 'Elementen', nodes[0].id)}",
                   "edited in the workbook")
    version_file = project_dir / "theory" / "versions" / f"{VERSION}.yaml"
    text = version_file.read_text(encoding="utf-8")
    changed = text.replace(f"      en: {nodes[1].label.en}\n", "      en: edited in YAML\n", 1)
    assert changed != text
    version_file.write_text(changed, encoding="utf-8")
    project = load_project(project_dir)
    before = digests(project_dir)
    with pytest.raises(ExchangeError) as refused:
        plan_workbook_import(project, edited, into=VERSION)
    assert f"theory/versions/{VERSION}.yaml" in str(refused.value)
    assert "--force" in str(refused.value)
    assert main(["import", "xlsx", str(edited), str(project_dir), "--into", VERSION]) == 1
    assert digests(project_dir) == before
    plan = plan_workbook_import(project, edited, into=VERSION, force=True)
    three_way = "\n".join(plan.notes)
    assert f"nodes {nodes[0].id} label_en" in three_way and "[workbook]" in three_way
    assert f"nodes {nodes[1].id} label_en" in three_way and "[YAML kept]" in three_way
    plan.write()
    after = load_project(project_dir).versions[VERSION].nodes
    assert after[0].label.en == "edited in the workbook"
    assert after[1].label.en == "edited in YAML"


@pytest.mark.parametrize("sheet, column, value, expected", [
    ("Elementen", "B", "asumption", "column B (soort): unknown value 'asumption'; did you "
                                    "mean 'assumption'?"),
    ("Elementen", "C", None, "column C (label (Nederlands)): the Dutch label is empty"),
    ("Verbanden", "B", "rev_res_tme", "column B (van): unknown element or group "
                                      "'rev_res_tme'"),
    ("Verbanden", "D", "leads-to", "column D (soort verband): unknown value 'leads-to'"),
    ("Elementen", "J", "=1+1", "column J (opmerking): the cell holds a formula"),
    ("Bewijs", "H", "rev_st_trsut", "column H (betreft (ids)): unknown element or link "
                                    "'rev_st_trsut'; did you mean 'rev_st_trust'?"),
])
def test_a_bad_cell_names_sheet_row_column_and_writes_nothing(project_dir, project, workbook,
                                                               sheet, column, value, expected):
    edited = _edit(workbook, sheet, f"{column}3", value)
    before = digests(project_dir)
    with pytest.raises(ExchangeError) as bad:
        plan_workbook_import(project, edited, into=VERSION)
    assert f"{sheet}, row 3, {expected}" in str(bad.value)
    assert "nothing was written" in str(bad.value)
    assert main(["import", "xlsx", str(edited), str(project_dir), "--into", VERSION]) == 1
    assert digests(project_dir) == before
    assert len(bad.value.messages) == 2  # the cell's one error and 'nothing was written'


def test_import_as_a_new_version_based_on_the_workbook_s(project_dir, project, workbook):
    original = digests(project_dir)
    edited = _edit(workbook, "Elementen", "J2", "besproken op de stuurgroep")
    plan = plan_workbook_import(project, edited, as_version="stuurgroep")
    plan.write()
    assert digests(project_dir).items() >= original.items()
    project = load_project(project_dir)
    new = project.versions["stuurgroep"]
    assert new.info.based_on == VERSION and new.nodes[0].note == "besproken op de stuurgroep"
    assert [n.id for n in new.nodes] == [n.id for n in project.versions[VERSION].nodes]
    with pytest.raises(ExchangeError, match="exists already"):
        plan_workbook_import(project, edited, as_version="stuurgroep")


def test_new_rows_add_an_element_a_link_and_evidence(project_dir, project, workbook):
    book = load_workbook(workbook)
    nodes, links, evidence = book["Elementen"], book["Verbanden"], book["Bewijs"]
    nodes.append([None, "actie", "een nieuwe actie van de stuurgroep", "", "team"])
    first = project.versions[VERSION].nodes[0].id
    links.append([None, "act_een_nieuwe_actie_van", first, "leidt tot", "afgeleid"])
    evidence.append([None, "citaat", "Een nieuw citaat uit een focusgroep.", "consulent",
                     None, None, "ondersteunt", "act_een_nieuwe_actie_van"])
    evidence.append(["ev_focus_2", "citaat", "Een tweede citaat, met een eigen id.", "",
                     None, None, "nuanceert", first])
    edited = workbook.with_name("new-rows.xlsx")
    book.save(edited)
    plan = plan_workbook_import(project, edited, into=VERSION)
    plan.write()
    again = load_project(project_dir)
    new_node = again.versions[VERSION].node("act_een_nieuwe_actie_van")
    assert new_node.levels[0].value == "team"
    assert any(k.sources == ["act_een_nieuwe_actie_van"] for k in again.versions[VERSION].links)
    assert any(e.text == "Een nieuw citaat uit een focusgroep." for e in again.evidence)
    assert next(e for e in again.evidence if e.id == "ev_focus_2").stance.value == "nuances"


def test_a_file_that_is_not_a_workbook_is_a_message_not_a_traceback(project_dir, capsys):
    bad = project_dir / "notes.xlsx"
    bad.write_text("not a zip file")
    assert main(["import", "xlsx", str(bad), str(project_dir), "--into", VERSION]) == 1
    assert "not a workbook made by 'programtheory export xlsx'" in capsys.readouterr().err
    assert main(["import", "xlsx", str(bad), str(project_dir)]) == 1
    assert "--into VERSION" in capsys.readouterr().err


def test_workbook_layout_as_a_spreadsheet_program_reads_it(workbook):
    book = load_workbook(workbook)
    assert book.sheetnames[:4] == ["Elementen", "Verbanden", "Bewijs", "Uitleg"]
    assert book["Vingerafdruk"].sheet_state == "hidden" == book["Lijsten"].sheet_state
    assert re.fullmatch(r"[0-9a-f]{64}", book["Vingerafdruk"]["B4"].value)
    ws = book["Elementen"]
    assert [c.value for c in ws[1]][:4] == ["id", "soort", "label (Nederlands)",
                                            "label (Engels)"]
    assert ws.freeze_panes == "A2" and ws.protection.sheet
    assert ws["A2"].protection.locked and not ws["C2"].protection.locked
    assert not ws.column_dimensions["A"].protection.locked  # new rows below the table
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    ranges = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert {"B2", "E2", "F2", "G2", "H2"} <= set(ranges)
    links = {str(dv.sqref).split(":")[0] for dv in book["Verbanden"].data_validations
             .dataValidation}
    assert {"B2", "C2", "D2", "E2"} <= links
    assert ws.column_dimensions["C"].width > ws.column_dimensions["A"].width / 2


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    from browser_support import node, project_of
    project = project_of([node("a", "action", "=HYPERLINK(\"http://x\")")], root=tmp_path)
    (tmp_path / "theory" / "versions").mkdir(parents=True)
    (tmp_path / "theory" / "versions" / "v1.yaml").write_text("version: {id: v1}\n")
    path = export_workbook(project, "v1", tmp_path / "x.xlsx")
    cell = load_workbook(path)["Elementen"]["C2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_libreoffice_saved_workbook_imports_as_no_change(project_dir, project, workbook,
                                                         tmp_path):
    before = digests(project_dir)
    out_dir = tmp_path / "lo"
    out_dir.mkdir()
    source = workbook.with_name("steering.xlsx")
    workbook.rename(source)
    saved = soffice_convert(source, "xlsx:Calc MS Excel 2007 XML", out_dir)
    plan = plan_workbook_import(project, saved, into=VERSION)
    assert plan.changed == []
    assert digests(project_dir) == before


@pytest.mark.parametrize("words, options", [
    (["export", "xlsx"], ["--kind", "action"]),
    (["export", "docx"], ["--focus", "rev_st_trust"]),
    (["import", "evidence", "x.csv"], ["--into", "revised"]),
    (["import", "evidence", "x.csv"], ["--force"]),
    (["import", "graphml", "x.graphml"], ["--force"]),
])
def test_options_that_would_be_ignored_are_refused(project_dir, words, options, capsys):
    before = digests(project_dir)
    assert main(words + [str(project_dir)] + options) == 2
    assert "takes no --" in capsys.readouterr().err
    assert digests(project_dir) == before
