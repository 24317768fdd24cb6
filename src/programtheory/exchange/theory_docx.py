"""The theory as a Word document for meetings (python-docx): A4, real headings for the
navigation pane, the figure, per group and element its properties, the links it starts with
their sentence from the report, its evidence and the recommendations that target it, and a
table of changes against the version it is based on. Tables repeat their header row on every
page and keep each row on one page. Readers see labels, never internal ids.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt

from ..citations import cite_all, project_sections
from ..exceptions import UsageError
from ..graph import evidence_index
from ..model import Node, Project, Version
from ..office_files import save_office_file
from ..settings import Vocabulary
from .texts import DOCX_TEXTS, FIELD_NAMES

BODY_PT = 10
DOCUMENT_PRESET = "a4-document"  # the figure at its printed size (render.PRESETS)
TABLE_PT = 9  # never under 7 pt on an A4 page


def export_docx(project: Project, version: str | None = None, out=None,
                lang: str | None = None, figure: bool = True) -> Path:
    """Write the document of one version in `lang` (default: the project's primary language);
    returns its path (default build/theory-V.docx)."""
    lang = project.language(lang)
    if lang not in DOCX_TEXTS:
        raise UsageError(f"unknown language '{lang}' (choose nl or en)")
    chosen = project.version(version)
    path = Path(out) if out else Path(project.root) / "build" / f"theory-{chosen.id}.docx"
    document = theory_document(project, chosen, lang, figure)
    path.parent.mkdir(parents=True, exist_ok=True)
    return save_office_file(document, path)


def theory_document(project: Project, version: Version, lang: str | None = None,
                    figure: bool = True):
    lang = project.language(lang)
    t = DOCX_TEXTS[lang]
    document = Document()
    _page(document)
    title = version.info.title.nl if lang == "nl" else (version.info.title.en
                                                         or version.info.title.nl)
    document.add_heading(f"{t['title']}: {title}", level=0)
    if figure:
        _figure(document, project, version, lang, t)
    _elements(document, project, version, lang, t)
    _changes(document, project, version, lang, t)
    return document


def _page(document) -> None:
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.0))
    document.styles["Normal"].font.size = Pt(BODY_PT)


def _figure(document, project: Project, version: Version, lang: str, t: dict) -> None:
    from ..figure_print import page_dots, png_pages
    from ..graph import build_graph
    from ..layout import layout_graph
    from ..render import PRESETS
    layout = layout_graph(build_graph(project, version), columns=version.info.columns,
                          lang=lang)
    # printed at its own size on landscape pages (a large theory on several pages), so that no
    # text is smaller than on the A4 figure
    width_in = PRESETS[DOCUMENT_PRESET][0]
    landscape = document.add_section(WD_SECTION.NEW_PAGE)
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(landscape, side, Cm(0.5))
    landscape.top_margin = landscape.bottom_margin = Cm(0.6)
    # the heading and the first page of the figure share a page: no space around them (with
    # Word's spacing, the heading stood alone on a page and the figure began on the next)
    _tight(document.add_heading(t["figure"], level=1))
    for i, image in enumerate(png_pages(page_dots(layout, preset=DOCUMENT_PRESET))):
        if i:
            document.add_page_break()
        document.add_picture(io.BytesIO(image), width=Inches(width_in))
        _tight(document.paragraphs[-1])
    document.add_paragraph(t["figure_caption"])
    portrait = document.add_section(WD_SECTION.NEW_PAGE)
    portrait.orientation = WD_ORIENT.PORTRAIT
    portrait.page_width, portrait.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(portrait, side, Cm(2.0))


def _tight(paragraph) -> None:
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)


def _label(item, lang: str) -> str:
    return item.label.nl if lang == "nl" else (item.label.en or item.label.nl)


def _elements(document, project: Project, version: Version, lang: str, t: dict) -> None:
    document.add_heading(t["elements"], level=1)
    index = evidence_index(project.evidence)
    targets: dict[str, list] = {}
    for rec in project.recommendations:
        for target in rec.targets:
            targets.setdefault(target, []).append(rec)
    names = {n.id: _label(n, lang) for n in version.nodes}
    names.update({g.id: _label(g, lang) for g in version.groups})
    nodes = {n.id: n for n in version.nodes}
    sections = project_sections(project)
    places = {n.id: cite_all(n.report, sections) for n in version.nodes}
    vocabulary = project.vocabulary
    grouped: set[str] = set()
    for group in version.groups:
        document.add_heading(f"{t['group']}: {_label(group, lang)}", level=2)
        for member in group.members:
            if member in nodes:
                grouped.add(member)
                _element(document, nodes[member], version, names, index, targets, lang, t,
                         vocabulary, places)
    kinds = vocabulary.labels("kind", lang)
    for kind, kind_name in kinds.items():
        rest = [n for n in version.nodes if n.id not in grouped and n.kind.value == kind]
        if rest:
            document.add_heading(f"{t['others']}: {kind_name}", level=2)
            for node in rest:
                _element(document, node, version, names, index, targets, lang, t, vocabulary,
                         places)


def _element(document, node: Node, version: Version, names: dict, index: dict,
             targets: dict, lang: str, t: dict, vocabulary: Vocabulary,
             places: dict[str, str]) -> None:
    document.add_heading(_label(node, lang), level=3)
    values = [(t["kind"], vocabulary.label("kind", node.kind.value, lang)),
              (t["level"], ", ".join(vocabulary.label("level", lv.value, lang)
                                     for lv in node.levels) or "—"),
              (t["term"], vocabulary.label("term", node.term.value, lang) if node.term
               else "—"),
              (t["condition"], vocabulary.label("condition", node.condition.value, lang)
               if node.condition else "—"),
              (t["where"], places[node.id] or "—")]
    _table(document, [t["property"], t["value"]], values, widths=(4.5, 12.5))
    outgoing = [k for k in version.links if node.id in k.sources]
    if outgoing:
        document.add_paragraph(t["links"], style="Heading 4")
        kinds = vocabulary.labels("link_kind", lang)
        for k in outgoing:
            ends = ", ".join(names.get(i, i) for i in k.targets)
            text = f"{kinds.get(k.kind, k.kind)} {ends}"
            if k.sentence:
                text += f" — “{k.sentence}”"
            document.add_paragraph(text, style="List Bullet")
    evidence = index.get(node.id, [])
    if evidence:
        document.add_paragraph(t["evidence"], style="Heading 4")
        for item in evidence:
            document.add_paragraph(_evidence_text(item, t), style="List Bullet")
    recs = targets.get(node.id, [])
    if recs:
        document.add_paragraph(t["recommendations"], style="Heading 4")
        for rec in recs:
            text = rec.text if lang == "nl" else (rec.summary_en or rec.text)
            document.add_paragraph(f"{rec.section}: {text}", style="List Bullet")


def _evidence_text(item, t: dict) -> str:
    kind = item.kind.value
    if kind == "quote":
        return f"“{item.text}”" + (f" — {item.role}" if item.role else "")
    if kind in ("statistic", "case_count") and item.n is not None:
        return f"{item.text} ({t['n'].format(n=item.n)})"
    return item.text


def _table(document, headings: list[str], rows: list, widths=None) -> None:
    """A table whose header row repeats on each page and whose rows never split."""
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(TABLE_PT)
    _row_flags(table.rows[0], header=True)
    for values in rows:
        row = table.add_row()
        for cell, text in zip(row.cells, values, strict=True):
            cell.paragraphs[0].add_run(str(text)).font.size = Pt(TABLE_PT)
        _row_flags(row)
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)


def _row_flags(row, header: bool = False) -> None:
    properties = row._tr.get_or_add_trPr()
    flags = ["w:cantSplit"] + (["w:tblHeader"] if header else [])
    for flag in flags:
        element = OxmlElement(flag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def _changes(document, project: Project, version: Version, lang: str, t: dict) -> None:
    based_on = version.info.based_on
    if not based_on or based_on not in project.versions:
        document.add_heading(t["changes"].format(based_on="—"), level=1)
        document.add_paragraph(t["no_based_on"])
        return
    from ..diff import ELEMENT_LABELS, STATUS_LABELS, diff_versions
    old = project.versions[based_on]
    old_title = old.info.title.nl if lang == "nl" else (old.info.title.en
                                                         or old.info.title.nl)
    document.add_heading(t["changes"].format(based_on=old_title), level=1)
    names = _names(old, lang) | _names(version, lang)
    diff = diff_versions(project, based_on, version.id)
    rows = []
    for change in diff.changes():
        if change.status == "unchanged":
            continue
        status = getattr(STATUS_LABELS[change.status], lang)
        element = getattr(ELEMENT_LABELS[change.element], lang)
        ids = change.new_ids or change.old_ids
        what = "; ".join(names.get(i, "") for i in ids) or "—"
        fields = ", ".join(FIELD_NAMES[lang].get(f.field, f.field) for f in change.fields)
        rows.append((status, element, what, fields))
    _table(document, [t["status"], t["element"], t["what"], t["change"]], rows,
           widths=(3.0, 3.0, 8.0, 3.0))


def _names(version: Version, lang: str) -> dict[str, str]:
    """Reader's names of every element, group and link (a link by its ends' labels)."""
    names = {n.id: _label(n, lang) for n in version.nodes}
    names.update({g.id: _label(g, lang) for g in version.groups})
    for k in version.links:
        names[k.id] = (" + ".join(names.get(i, i) for i in k.sources) + " → "
                       + " + ".join(names.get(i, i) for i in k.targets))
    return names
