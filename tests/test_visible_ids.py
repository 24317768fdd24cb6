"""No id of the project in the visible text of a page, table, figure title or export: ids
belong in tooltips, data attributes and the one technical appendix (the evidence map's
`appendix_ids_*` file and the outcome workbook's Items and Indicators sheets)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from programtheory import charts, load_project, tables
from programtheory.barometer import breakdown_records
from programtheory.evidence_map import evidence_map
from programtheory.evidence_views import matrix_view, paths_view, quotes_view, unevidenced_view
from programtheory.outcome_office import indicator_view

ROOT = Path(__file__).resolve().parents[1]
TOKEN = re.compile(r"[A-Za-z0-9_.-]+")


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def project_ids(project) -> set[str]:
    """Every id of the project that a reader could not mistake for a word: ids with an
    underscore or a digit (a one-word id such as 'team' is also an ordinary word)."""
    ids: set[str] = set()
    for version in project.versions.values():
        ids |= {n.id for n in version.nodes} | {g.id for g in version.groups}
        ids |= {link.id for link in version.links}
    ids |= {e.id for e in project.evidence}
    table = project.outcome_table
    ids |= {i.id for i in table.indicators} | {p.id for p in table.perspectives}
    ids |= {item.id for cell in table.cells for item in cell.items}
    barometer = project.barometer
    ids |= {w.id for w in barometer.waves} | {f.id for f in barometer.factors}
    ids |= {ce.id for ce in barometer.critical_elements} | {h.id for h in barometer.handles}
    ids |= {s.id for s in barometer.survey_items}
    return {i for i in ids if "_" in i or any(c.isdigit() for c in i)}


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("style", "script")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("style", "script")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.parts)


def shown_ids(text: str, ids: set[str]) -> set[str]:
    return {token for token in TOKEN.findall(text) if token in ids}


def _records_text(records) -> str:
    cells = [str(v) for row in records.rows for v in row.values()]
    return " ".join([records.caption, *records.columns, *cells])


def test_the_id_set_is_the_project_s(project):
    ids = project_ids(project)
    assert {"rev_st_trust", "ind_client_feedback"} <= ids and len(ids) > 300


def test_outcome_table_exports_show_no_ids(project, tmp_path):
    import docx
    import openpyxl

    ids = project_ids(project)
    assert not shown_ids(visible(tables.to_html(project, standalone=True)), ids)
    assert not shown_ids(tables.to_markdown(project), ids)
    assert not shown_ids(tables.to_latex(project, english=True, details=True), ids)
    document = docx.Document(str(tables.to_docx(project, tmp_path / "t.docx", details=True)))
    words = [p.text for p in document.paragraphs]
    words += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert not shown_ids(" ".join(words), ids)
    book = openpyxl.load_workbook(tables.to_xlsx(project, tmp_path / "t.xlsx"))
    readable = [sheet for sheet in book.worksheets if sheet.title not in ("Items", "Indicators")]
    assert len(readable) == 2  # the table and its notes; the other two are the appendix
    text = " ".join(str(c.value) for sheet in readable for row in sheet.iter_rows()
                    for c in row if c.value is not None)
    assert not shown_ids(text, ids)
    assert not shown_ids(_records_text(indicator_view(project, "nl")), ids)


def test_evidence_map_views_show_no_ids(project):
    ids = project_ids(project)
    version = project.version()
    emap = evidence_map(project)
    views = [matrix_view(emap.by_kind, version, "nl"),
             matrix_view(emap.by_work_package, version, "en"),
             unevidenced_view(emap, version, "nl"), paths_view(emap.weakest_paths, version, "nl"),
             quotes_view(project, version, "nl")]
    for view in views:
        assert view.rows
        assert not shown_ids(_records_text(view), ids), view.caption
    # the data structures keep the ids for analysis and the technical appendix
    assert shown_ids(_records_text(emap.by_kind), ids)


def test_barometer_tables_and_chart_texts_show_no_ids(project):
    ids = project_ids(project)
    barometer = project.barometer
    for records in (charts.wave_records(barometer, lang="nl"),
                    charts.factor_records(barometer, lang="nl"),
                    charts.critical_elements_records(barometer, lang="en"),
                    breakdown_records(barometer.waves[0], lang="nl")):
        assert not shown_ids(_records_text(records), ids), records.caption
    figures = [charts.distribution_chart(barometer.waves[0], barometer.instrument, lang="nl"),
               charts.factors_chart(barometer, lang="en"), charts.trend_chart(barometer)]
    for figure in figures:
        texts = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]
        assert not shown_ids(" ".join(t for t in texts if isinstance(t, str)), ids)
