"""No id of the project in the visible text of a page, table, figure title or export: ids
belong in tooltips, data attributes and the one technical appendix (the evidence map's
`appendix_ids_*` file and the outcome workbook's two data sheets)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_support import visible_text
from office_support import docx_text, xlsx_text
from programtheory import charts, tables
from programtheory.barometer import breakdown_records
from programtheory.evidence_map import evidence_map
from programtheory.evidence_views import matrix_view, paths_view, quotes_view, unevidenced_view
from programtheory.outcome_office import data_sheet_titles, indicator_view

TOKEN = re.compile(r"[A-Za-z0-9_.-]+")


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


def page_text(html: str) -> str:
    """The visible text of a page or an SVG: no tooltip (an SVG `<title>`) or attribute."""
    return visible_text(html)


def shown_ids(text: str, ids: set[str]) -> set[str]:
    return {token for token in TOKEN.findall(text) if token in ids}


def _records_text(records) -> str:
    cells = [str(v) for row in records.rows for v in row.values()]
    return " ".join([records.caption, *records.columns, *cells])


def test_the_id_set_is_the_project_s(real_project):
    ids = project_ids(real_project)
    assert {"rev_st_trust", "ind_client_feedback"} <= ids and len(ids) > 300


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_outcome_table_exports_show_no_ids(real_project, tmp_path, lang):
    import openpyxl

    ids = project_ids(real_project)
    assert not shown_ids(page_text(tables.to_html(real_project, standalone=True, lang=lang)), ids)
    assert not shown_ids(tables.to_markdown(real_project, lang=lang), ids)
    assert not shown_ids(tables.to_latex(real_project, details=True, lang=lang), ids)
    document = tables.to_docx(real_project, tmp_path / "t.docx", details=True, lang=lang)
    assert not shown_ids(docx_text(document), ids)
    book_path = tables.to_xlsx(real_project, tmp_path / "t.xlsx", lang=lang)
    book = openpyxl.load_workbook(book_path)
    readable = [title for title in book.sheetnames if title not in data_sheet_titles(lang)]
    assert len(readable) == 2  # the table and its notes; the other two are the data sheets
    assert not shown_ids(xlsx_text(book_path, skip=data_sheet_titles(lang)), ids)
    # the data sheets keep the ids to join data by, in their own columns only
    data = book[data_sheet_titles(lang)[0]]
    assert shown_ids(" ".join(str(c.value) for c in data["A"]), ids)
    assert not shown_ids(" ".join(str(c.value) for c in data[1]), ids)
    assert not shown_ids(_records_text(indicator_view(real_project, lang)), ids)


def test_evidence_map_views_show_no_ids(real_project):
    ids = project_ids(real_project)
    version = real_project.version()
    emap = evidence_map(real_project)
    views = [matrix_view(emap.by_kind, version, "nl"),
             matrix_view(emap.by_work_package, version, "en"),
             unevidenced_view(emap, version, "nl"), paths_view(emap.weakest_paths, version, "nl"),
             quotes_view(real_project, version, "nl")]
    for view in views:
        assert view.rows
        assert not shown_ids(_records_text(view), ids), view.caption
    # the data structures keep the ids for analysis and the technical appendix
    assert shown_ids(_records_text(emap.by_kind), ids)


def test_barometer_tables_and_chart_texts_show_no_ids(real_project):
    ids = project_ids(real_project)
    barometer = real_project.barometer
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


# ------------------------------------------------------------------ a real build of the project

APPENDIX = re.compile(r"^appendix_ids_")  # the technical appendix of ids (evidence map)
APPENDIX_SHEETS = data_sheet_titles("nl") + data_sheet_titles("en")  # the workbook's data


def _xlsx_text(path: Path) -> str:
    return xlsx_text(path, skip=APPENDIX_SHEETS if path.stem == "outcome_table" else ())


READERS = {".html": lambda p: page_text(p.read_text("utf-8")),
           ".svg": lambda p: page_text(p.read_text("utf-8")),
           ".md": lambda p: p.read_text("utf-8").replace("\\_", "_"),  # Markdown's escapes
           ".tex": lambda p: re.sub(r"\\[A-Za-z]+", " ", p.read_text("utf-8")).replace("\\_", "_"),
           ".docx": docx_text, ".xlsx": _xlsx_text}


@pytest.fixture(scope="module")
def built_site(real_site):
    return real_site[0]


def site_leaks(site: Path, ids: set[str]) -> dict[str, set[str]]:
    """{file: ids in its visible text} for every page and export of a built site."""
    leaks = {}
    for path in sorted(site.rglob("*")):
        reader = READERS.get(path.suffix)
        if reader is None or APPENDIX.match(path.name):
            continue
        found = shown_ids(reader(path), ids)
        if found:
            leaks[str(path.relative_to(site))] = found
    return leaks


def test_the_page_reader_sees_text_and_not_tooltips_or_attributes():
    page = ('<p title="rev_a" data-id="rev_a">shown <b>rev_b</b></p><script>rev_c</script>'
            '<svg><g id="rev_d"><title>rev_e</title><text>rev_f</text></g></svg>')
    ids = {"rev_a", "rev_b", "rev_c", "rev_d", "rev_e", "rev_f"}
    assert shown_ids(page_text(page), ids) == {"rev_b", "rev_f"}


@pytest.mark.slow
def test_no_built_page_or_export_shows_an_id(real_project, built_site):
    ids = project_ids(real_project)
    files = [p for p in built_site.rglob("*") if p.suffix in READERS]
    assert len(files) > 40  # the pages and exports of every notebook were read
    assert any(APPENDIX.match(p.name) for p in files)  # the appendix exists, and may show ids
    leaks = site_leaks(built_site, ids)
    assert not leaks, "\n".join(f"{f}: {sorted(found)[:8]}" for f, found in leaks.items())


@pytest.mark.slow
@pytest.mark.browser
def test_the_interactive_views_panels_show_no_id(real_project, built_site, real_site_visits):
    """Every panel of every interactive view, as Chromium draws it: each element and each link
    opened once, the text version and the filters unfolded (`build_support.SITE_PROBE`, read
    while `real_site_visits` had the view open)."""
    # the data's names of an evidence item's figures ('percent_respect') are no reader's words
    ids = project_ids(real_project) | {key for e in real_project.evidence for key in e.values
                                       if "_" in key}
    views = sorted(built_site.rglob("*_interactive.html"))
    assert len(views) >= 2
    visits = {visit.path: visit for visit in real_site_visits}
    leaks = {}
    for path in views:
        visit = visits[path]
        assert not visit.page_errors, visit.page_errors
        texts = visit.probed["panels"]
        assert texts and len(texts) > 50  # every element and link was opened
        found = shown_ids(" ".join(texts), ids)
        if found:
            leaks[path.name] = sorted(found)
    assert not leaks, {name: found[:10] for name, found in leaks.items()}


def test_a_focus_figure_is_titled_by_the_element_s_label(real_project, tmp_path):
    from programtheory.render import render_formats

    version = real_project.version("revised")
    label = next(n.label.shown("nl") for n in version.nodes if n.id == "rev_st_trust")
    written = render_formats(real_project, {"html": tmp_path / "focus.html"}, version="revised",
                             lang="nl", focus="rev_st_trust", depth=1)
    page = written["html"].read_text("utf-8")
    title = re.search(r'"title":"([^"]*)","note":"([^"]*)"', page)
    assert title and f"rond {label} (1 stap)" in title.group(2)
    assert not shown_ids(title.group(1) + " " + title.group(2), project_ids(real_project))
