"""The confidence grades as tables, as in iSoQ: a Summary of Qualitative Findings (one row per
element or link: the finding, the grade proposed and decided, the explanation, the evidence)
and an Evidence Profile (one row per element or link and component). HTML, DOCX and XLSX.

Every page is in one language ('nl' or 'en'); no internal id appears in the tables.
"""

from __future__ import annotations

import html as _html

from collections import Counter
from pathlib import Path

from .confidence import COMPONENTS, Assessment, source_kind
from .citations import prose_reader
from .confidence_texts import text
from .model import Evidence, Project, Version
from .office_files import save_office_file
from .tables import Records, _set_text, clean_text



def _label(a: Assessment, language: str) -> str:
    return (a.label.en or a.label.nl) if language == "en" else a.label.nl


def _decision(a: Assessment, language: str, prose) -> str:
    """The researcher's decision, its reason as `prose` (`citations.prose_reader`) shows it."""
    if a.decision is None:
        return ""
    shown = f"{text(language, a.decision.grade)} ({text(language, a.status)})"
    reason = prose(a.decision.reason)
    return f"{shown}: {reason}" if reason else shown


def _proposed_header(language: str) -> str:
    return f"{text(language, 'grade')}: {text(language, 'proposed')}"


def _evidence_summary(a: Assessment, evidence: dict[str, Evidence], language: str) -> str:
    kinds = Counter(source_kind(evidence[i]) for i in a.evidence if i in evidence)
    return ", ".join(f"{n} {text(language, kind)}" for kind, n in sorted(kinds.items()))


def soqf_records(assessments: dict[str, Assessment], project: Project,
                 language: str = "nl", *, prose=None) -> Records:
    """The Summary of Qualitative Findings in `language` (a decision's reason as `prose`
    shows it, by default `citations.prose_reader` of `project`)."""
    evidence = {e.id: e for e in project.evidence}
    prose = prose or prose_reader(project, language)
    headers = [text(language, "finding"), _proposed_header(language),
               text(language, "decision"), text(language, "explanation"),
               text(language, "evidence")]
    rows = []
    for a in assessments.values():
        explanation = [f"{text(language, c.name)}: {c.text(language)}" for c in a.components]
        explanation.append(a.rule.text(language))
        rows.append(dict(zip(headers, [_label(a, language), text(language, a.proposed),
                                       _decision(a, language, prose), explanation,
                                       _evidence_summary(a, evidence, language)], strict=True)))
    return Records(headers, rows, caption=text(language, "soqf_title"))


def profile_records(assessments: dict[str, Assessment], language: str = "nl",
                    project: Project | None = None, *, prose=None) -> Records:
    """The Evidence Profile in `language`: each component's concern and its reasons (a
    decision's reason as `prose` shows it, by default as `project` says its prose is
    shown, and as written without a project)."""
    headers = [text(language, "finding"), *(text(language, c) for c in COMPONENTS),
               _proposed_header(language), text(language, "decision")]
    if prose is None:
        prose = (prose_reader(project, language) if project is not None
                 else (lambda reason: reason))
    rows = []
    for a in assessments.values():
        cells = [_label(a, language), *(a.component(c).text(language) for c in COMPONENTS),
                 text(language, a.proposed), _decision(a, language, prose)]
        rows.append(dict(zip(headers, cells, strict=True)))
    return Records(headers, rows, caption=text(language, "profile_title"))


def confidence_records(assessments: dict[str, Assessment], project: Project,
                       language: str = "nl") -> tuple[Records, Records]:
    """The Summary of Qualitative Findings and the Evidence Profile of `assessments`, both
    reading the project's prose through one reader (it walks the whole project)."""
    prose = prose_reader(project, language)
    return (soqf_records(assessments, project, language, prose=prose),
            profile_records(assessments, language, project, prose=prose))


def confidence_tables(project: Project, version: str | Version | None = None,
                      language: str = "nl") -> tuple[Records, Records]:
    from .confidence import assess_version
    return confidence_records(assess_version(project, version), project, language)


def records_to_xlsx(sheets: list[Records], path: str | Path) -> Path:
    """One sheet per table, text stored as text (never a formula); written atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from .exports import print_ready_sheet

    book = Workbook()
    book.remove(book.active)
    wrap = Alignment(wrap_text=True, vertical="top")
    for records in sheets:
        sheet = book.create_sheet(clean_text(records.caption)[:31] or "Sheet")
        for col, name in enumerate(records.columns, start=1):
            cell = sheet.cell(row=1, column=col)
            _set_text(cell, name)
            cell.font = Font(bold=True)
            cell.alignment = wrap
        for r, row in enumerate(records.rows, start=2):
            for col, name in enumerate(records.columns, start=1):
                value = row.get(name)
                cell = sheet.cell(row=r, column=col)
                _set_text(cell, "\n".join(value) if isinstance(value, list) else value)
                cell.alignment = wrap
        print_ready_sheet(sheet)
    return save_office_file(book, path)


def records_to_docx(sheets: list[Records], path: str | Path) -> Path:
    """A landscape A4 Word document with one table per Records, 8 pt text; written atomically."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    from .exports import keep_rows_whole

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Mm(12))
    for records in sheets:
        doc.add_paragraph().add_run(clean_text(records.caption)).bold = True
        table = doc.add_table(rows=1 + len(records.rows), cols=len(records.columns))
        table.style = "Table Grid"
        # the rows and cells are looked up once: table.rows[i] makes an object of every row
        # of the table each time, which made a table of 1,000 rows take half a minute
        rows = list(table.rows)
        for cell, name in zip(rows[0].cells, records.columns, strict=True):
            run = cell.paragraphs[0].add_run(clean_text(name))
            run.bold, run.font.size = True, Pt(8)
        for table_row, row in zip(rows[1:], records.rows, strict=True):
            for cell, name in zip(table_row.cells, records.columns, strict=True):
                value = row.get(name)
                lines = value if isinstance(value, list) else [value]
                for i, line in enumerate(lines):
                    para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    para.add_run(clean_text("" if line is None else line)).font.size = Pt(8)
        keep_rows_whole(table)
    return save_office_file(doc, path)


def records_to_html_page(sheets: list[Records], language: str = "nl") -> str:
    """A self-contained HTML page of the tables (no external resources)."""
    style = ("<style>body{font-family:sans-serif;font-size:10pt}table{border-collapse:collapse;"
             "margin-bottom:1.5em}td,th{border:1px solid #999;padding:3px 5px;"
             "vertical-align:top;text-align:left}caption{font-weight:bold;text-align:left}"
             "</style>")
    body = "\n".join(records.to_html() for records in sheets)
    title = _html.escape(next((r.caption for r in sheets if r.caption), ""))
    return (f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
            f"<title>{title}</title>{style}</head><body>\n{body}\n</body></html>\n")


