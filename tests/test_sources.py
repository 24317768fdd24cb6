"""Sources instead of 'the report': a project without a source document loses nothing, a
declared source file that is missing is a clear finding (PT130), and a reference is cited by
section number and title, its lines kept for tooltips."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from project_support import REPO

from programtheory.citations import cite, cite_all, project_sections, ref_lines
from programtheory.model import ReportRef
from programtheory.project import validate

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report_build" / "project"


def _copy(tmp_path: Path, report: dict | None) -> Path:
    project = tmp_path / "p"
    shutil.copytree(FIXTURE, project)
    sources = project / "theory" / "sources.yaml"
    data = yaml.safe_load(sources.read_text(encoding="utf-8"))
    if report is not None:
        data["report"] = report
    sources.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return project


def test_a_project_without_a_source_document_has_no_source_finding(tmp_path):
    codes = {f.code for f in validate(_copy(tmp_path, None))}
    assert "PT130" not in codes


def test_a_declared_source_file_that_is_missing_is_a_finding(tmp_path):
    project = _copy(tmp_path, {"title": "Report", "file": "missing.txt", "search": ["texts"]})
    found = [f for f in validate(project) if f.code == "PT130"]
    assert len(found) == 1
    assert "missing.txt" in found[0].message and "'texts'" in found[0].message
    assert found[0].file.endswith("sources.yaml")


def test_a_source_file_that_is_there_gives_no_finding(tmp_path):
    project = _copy(tmp_path, {"title": "Report", "file": "r.txt", "search": ["texts"]})
    (project / "texts").mkdir()
    (project / "texts" / "r.txt").write_text("1 Inleiding\nTekst.\n", encoding="utf-8")
    assert "PT130" not in {f.code for f in validate(project)}


def test_references_are_cited_by_section_number_and_title(real_project):
    sections = project_sections(real_project)
    ref = ReportRef(section="4.1.2.1", lines=(3123, 3147))
    assert cite(ref, sections) == "§4.1.2.1 Assumpties"
    assert ref_lines(ref) == "L3123–L3147"
    assert "L3123" not in cite(ref, sections)
    twice = cite_all([ref, ReportRef(section="4.1.2.1", lines=(3200, 3201))], sections)
    assert twice == "§4.1.2.1 Assumpties"


def test_every_section_title_in_the_data_is_a_heading_of_the_source_text(real_project):
    from programtheory.source_sections import headings

    info = real_project.sources.report
    text = (REPO.parent / "shared" / "seed" / info.file)
    if not text.is_file():
        import pytest
        pytest.skip("the source text is not beside the project")
    found = headings(text.read_text(encoding="utf-8").splitlines())
    declared = {s.id: " ".join(s.title.split()) for s in info.sections}
    # every numbered subsection reads in the data as its heading reads in the text; chapter
    # headings (one number) are not lines of the text file, as sources.yaml notes
    wrong = {sid: (title, found.get(sid)) for sid, title in declared.items()
             if "." in sid and (sid not in found or found[sid][1] != title)}
    assert not wrong
    assert sum("." in sid for sid in declared) >= 40
