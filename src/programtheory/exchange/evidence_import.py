"""New evidence from researchers: rows of coded findings (CSV or XLSX), the workbook's evidence
sheet, or one item from the command line, added to the project's evidence files.

Each new item gets a stable id made from its kind and text, so importing the same sheet twice
adds nothing the second time. A text that already stands in the evidence under another id is
refused as a duplicate. The evidence files are changed by text edits that keep every comment
(`yaml_edit`), after the whole project has been checked with the new items.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Project
from ..vocab import WorkPackage
from .cells import (Cell, CellError, ExchangeError, SheetRow, cell_text, check_ids,
                    parse_row)
from .rows import split
from .texts import header_fields, sheet_keys, texts

EXTRA_FIELDS = {"work_package": ("werkpakket", "work package"), "section": ("sectie", "section"),
                "lines": ("regels", "lines"), "note": ("opmerking", "note")}
DEFAULT_FILE = "theory/evidence/imported.yaml"


def stable_id(kind: str, text: str) -> str:
    """The id of a new item: its kind and a hash of its text (spaces and case folded).

    >>> stable_id("quote", "Dat  werkt.") == stable_id("quote", "dat werkt.")
    True
    """
    digest = hashlib.sha1(f"{kind}\0{normalise(text)}".encode()).hexdigest()[:10]
    return f"ev_{kind}_{digest}"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def all_element_ids(project: Project) -> set[str]:
    """Every id that evidence may bear on: nodes, groups and links of any version."""
    ids: set[str] = set()
    for version in project.versions.values():
        ids |= {n.id for n in version.nodes} | {g.id for g in version.groups}
        ids |= {k.id for k in version.links}
    return ids


@dataclass
class NewEvidence:
    """What an evidence import adds: items by target file, and what it left out."""

    items: dict[str, list[dict]] = field(default_factory=dict)
    already_present: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.items.values())


def new_evidence(project: Project, rows: list[SheetRow], errors: list[CellError],
                 files: dict[str, dict], extra_ids: set[str] = frozenset()) -> NewEvidence:
    """Items for rows without an id; cell errors appended to `errors`. `files` is the data of
    each evidence file (project-relative path -> data), to choose where new items go."""
    known = all_element_ids(project) | set(extra_ids)
    literature = {source.key for source in project.sources.literature}
    existing_ids = {item.id for item in project.evidence}
    by_text = {(item.kind.value, normalise(item.text)): item.id for item in project.evidence}
    seen: dict[str, int] = {}
    result = NewEvidence()
    for row in rows:
        values = parse_row(row, errors)
        if not values.get("kind") or not values.get("text"):
            continue
        check_ids(row, "bears_on", known, errors, "element or link")
        if values.get("source") and values["source"] not in literature:
            check_ids(row, "source", literature, errors, "literature key")
        item = _item(row, values, errors)
        if item is None:
            continue
        if item["id"] in existing_ids:
            result.already_present.append(item["id"])
            continue
        duplicate = by_text.get((item["kind"], normalise(item["text"])))
        if duplicate:
            errors.append(row.error("text", f"this {item['kind']} is already in the evidence "
                                    f"as '{duplicate}'", "remove the row, or add the ids to "
                                    f"bears_on of '{duplicate}'"))
            continue
        if item["id"] in seen:
            errors.append(row.error("text", f"the same text stands in row {seen[item['id']]}",
                                    "keep one of the two rows"))
            continue
        seen[item["id"]] = row.number
        result.items.setdefault(target_file(files, item["kind"]), []).append(item)
    return result


def _item(row: SheetRow, values: dict[str, str], errors: list[CellError]) -> dict | None:
    item: dict = {"id": values.get("id") or stable_id(values["kind"], values["text"]),
                  "kind": values["kind"], "text": values["text"]}
    if values.get("work_package") and values["work_package"] not in WorkPackage.values():
        errors.append(row.error("work_package", f"unknown work package "
                                f"'{values['work_package']}'",
                                "use one of " + ", ".join(WorkPackage.values())))
        return None
    if values.get("role"):
        item["role"] = values["role"]
    if values.get("work_package"):
        item["work_package"] = values["work_package"]
    if values.get("n"):
        if not values["n"].isdigit():
            errors.append(row.error("n", f"'{values['n']}' is not a whole number",
                                    "write the number of respondents, e.g. 122"))
            return None
        item["n"] = int(values["n"])
    if values.get("source"):
        item["citation"] = values["source"]
    if values.get("section"):
        ref: dict = {"section": values["section"]}
        found = re.findall(r"\d+", values.get("lines", ""))
        if found:
            first, last = int(found[0]), int(found[-1])
            ref["lines"] = [first, last]
        item["report"] = [ref]
    item["bears_on"] = split(values["bears_on"])
    item["stance"] = values.get("stance") or "supports"
    if values.get("note"):
        item["note"] = values["note"]
    return item


def target_file(files: dict[str, dict], kind: str) -> str:
    """The evidence file that already holds most items of this kind (else the first one)."""
    counts = {name: sum(1 for item in (data or {}).get("evidence") or []
                        if isinstance(item, dict) and item.get("kind") == kind)
              for name, data in files.items()}
    if counts and max(counts.values()) > 0:
        return max(sorted(counts), key=counts.get)
    return sorted(files)[0] if files else DEFAULT_FILE


# ------------------------------------------------------------------ reading a findings sheet

def evidence_headings() -> dict[str, str]:
    headings = header_fields("evidence")
    for name, spellings in EXTRA_FIELDS.items():
        headings.update({s: name for s in spellings})
        headings[name] = name
    return headings


def rows_from_table(table: list[list], sheet_name: str,
                    formulas: frozenset[tuple[int, int]] = frozenset()) -> list[SheetRow]:
    """Rows of a table whose first row holds the headings (Dutch or English); `formulas`, the
    (row, column) places, counted from 0, of cells that hold a formula (text that merely
    starts with '=' is text)."""
    if not table:
        raise ExchangeError([f"{sheet_name}: the sheet is empty; the first row must hold the "
                             "column headings"])
    headings = evidence_headings()
    columns: dict[int, str] = {}
    unknown = []
    for c, heading in enumerate(table[0]):
        name = cell_text(heading)
        if not name:
            continue
        field_name = headings.get(name.lower())
        if field_name is None:
            unknown.append(name)
        else:
            columns[c] = field_name
    missing = [f for f in ("kind", "text", "bears_on") if f not in columns.values()]
    if missing or unknown:
        expected = ", ".join(texts("nl")["columns"]["evidence"][f] for f in missing)
        raise ExchangeError([f"{sheet_name}, row 1: " + "; ".join(
            ([f"unknown column heading(s): {', '.join(unknown)}"] if unknown else [])
            + ([f"missing column(s): {expected}"] if missing else []))
            + "; use the headings of docs/exchange.md"])
    out = []
    for r, values in enumerate(table[1:], start=2):
        cells = {}
        for c, field_name in columns.items():
            raw = values[c] if c < len(values) else None
            cells[field_name] = Cell(cell_text(raw), _letter(c), cell_text(table[0][c]),
                                     (r - 1, c) in formulas)
        if any(cell.text for cell in cells.values()):
            out.append(SheetRow("evidence", sheet_name, r, cells))
    return out


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(index + 1)


def read_findings(path: str | Path) -> list[SheetRow]:
    """The rows of a CSV or XLSX file of coded findings."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        first = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=first.count)  # the heading row decides
        return rows_from_table(list(csv.reader(io.StringIO(text), delimiter=delimiter)), path.name)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook
        book = load_workbook(path, read_only=True)
        names = sheet_keys()
        sheet = next((ws for ws in book.worksheets if names.get(ws.title) == "evidence"),
                     book.worksheets[0])
        table, formulas = [], set()
        for r, row in enumerate(sheet.iter_rows()):
            table.append([cell.value for cell in row])
            formulas.update((r, c) for c, cell in enumerate(row) if cell.data_type == "f")
        book.close()
        return rows_from_table(table, sheet.title, frozenset(formulas))
    raise ExchangeError([f"{path.name}: read .csv or .xlsx files of coded findings"])


# ------------------------------------------------------------------ plans

def plan_evidence_import(project: Project, rows: list[SheetRow]):
    """The evidence files with the new items added, checked; see `changes.Plan`."""
    from .changes import Plan
    from ..yaml_edit import load_data
    plan = Plan(Path(project.root))
    folder = plan.root / "theory" / "evidence"
    files = {p.relative_to(plan.root).as_posix(): load_data(p.read_text(encoding="utf-8"),
                                                          p.name)
             for p in sorted(folder.glob("*.yaml"))}
    errors: list[CellError] = []
    added = new_evidence(project, rows, errors, files)
    if errors:
        raise ExchangeError([e.format() for e in errors] + ["nothing was written"])
    for name, items in added.items.items():
        data = plan.data(name)
        if not isinstance(data, dict):
            data = {}
        data["evidence"] = list(data.get("evidence") or []) + items
        plan.set_data(name, data)
    plan.notes.append(f"{added.count} new evidence item(s)"
                      + (f"; {len(added.already_present)} already present (same kind and text)"
                         if added.already_present else ""))
    if added.count:
        plan.check()
    return plan


def import_evidence(project: Project, path: str | Path):
    """Plan the import of a CSV or XLSX file of coded findings."""
    return plan_evidence_import(project, read_findings(path))


def plan_evidence_add(project: Project, **values: str):
    """Plan adding one item given as field=text (kind, text, role, bears_on, stance, ...)."""
    t = texts("en")["columns"]["evidence"]
    cells = {name: Cell(str(value or "").strip(), f"--{name.replace('_', '-')}",
                        t.get(name, name)) for name, value in values.items()}
    row = SheetRow("evidence", "command line", 1, cells)
    return plan_evidence_import(project, [row])
