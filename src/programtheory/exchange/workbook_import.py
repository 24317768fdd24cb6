"""Reading the steering group's workbook back into the YAML files.

`plan_workbook_import` reads and checks every cell (errors name sheet, row, column and the
fix), refuses a workbook whose YAML changed since it was made (unless forced, which shows the
three-way difference), applies the edits to the version (`--into`) or to a copy of it that
becomes a new version (`--as`), checks the whole project as it would be, and returns a `Plan`
with the diff. Nothing is written until `Plan.write`.
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass
from pathlib import Path


from ..model import Project
from .cells import Cell, CellError, ExchangeError, SheetRow, check_ids, parse_row
from .changes import Plan, apply_evidence_rows, apply_version_rows, slug_id, unknown_version
from .evidence_import import all_element_ids, new_evidence
from .rows import FIELDS, all_rows, split
from .texts import header_fields, sheet_keys
from .workbook import FORMAT, source_digests
from .xlsx_reader import NotAWorkbook, RawCell, read_cells
from ..yamlio import bulk_allocation
from ..yaml_edit import fingerprint, load_data


@dataclass
class WorkbookMeta:
    version: str
    fingerprint: str
    files: dict[str, str]
    base: dict[str, list[dict[str, str]]]


def read_workbook(path: str | Path) -> tuple[WorkbookMeta, dict[str, list[SheetRow]]]:
    """The workbook's fingerprint sheet and its rows, sheet by sheet."""
    if not Path(path).is_file():
        raise ExchangeError([f"{path}: no such file"])
    keys = sheet_keys()
    try:
        sheets = read_cells(path, wanted={name for name, key in keys.items()
                                          if key in ("nodes", "links", "evidence", "meta")})
    except NotAWorkbook as exc:
        raise ExchangeError([f"{path}: not a workbook made by 'programtheory export xlsx' "
                             f"({exc})"]) from None
    by_key = {keys[name]: (name, rows) for name, rows in sheets.items()}
    if "meta" not in by_key:
        raise ExchangeError([f"{path}: the hidden fingerprint sheet is missing, so this is not "
                             "a workbook made by 'programtheory export xlsx' (or it was "
                             "copied into a new file); export a new workbook"])
    meta = _meta(by_key["meta"][1], path)
    rows = {key: _rows(*by_key[key], key) if key in by_key else [] for key in FIELDS}
    return meta, rows


def _meta(rows: list[list[RawCell]], path) -> WorkbookMeta:
    values: dict[str, str] = {}
    files: dict[str, str] = {}
    packed = []
    for row in rows:
        cells = {c.column: c.text for c in row}
        key = cells.get("A")
        if key == "file":
            files[cells.get("B", "")] = cells.get("C", "")
        elif key == "base":
            packed.append(cells.get("B", ""))
        elif key:
            values[key] = cells.get("B", "")
    if values.get("format") != FORMAT:
        raise ExchangeError([f"{path}: workbook format '{values.get('format')}' is not "
                             f"{FORMAT}; export a new workbook"])
    try:
        base = json.loads(zlib.decompress(base64.b64decode("".join(packed))).decode("utf-8"))
    except (ValueError, zlib.error):
        raise ExchangeError([f"{path}: the hidden fingerprint sheet was changed; export a new "
                             "workbook"]) from None
    return WorkbookMeta(values["version"], values["fingerprint"], files, base)


def _rows(title: str, table: list[list[RawCell]], sheet: str) -> list[SheetRow]:
    headings = header_fields(sheet)
    columns = {}
    for cell in table[0] if table and table[0][0].row == 1 else []:
        name = headings.get(cell.text.lower())
        if name:
            columns[cell.column] = (name, cell.text)
    missing = [f for f in FIELDS[sheet] if f not in {n for n, _ in columns.values()}]
    if missing:
        raise ExchangeError([f"{title}, row 1: missing column(s) {', '.join(missing)}; do "
                             "not rename or delete the column headings"])
    out = []
    for row in table[1:] if table and table[0][0].row == 1 else table:
        cells = {name: Cell("", letter, heading) for letter, (name, heading) in columns.items()}
        for cell in row:
            if cell.column in columns:
                name, heading = columns[cell.column]
                cells[name] = Cell(cell.text.strip(), cell.column, heading, cell.formula)
        if any(c.text for c in cells.values()):
            out.append(SheetRow(sheet, title, row[0].row, cells))
    return out


def plan_workbook_import(project: Project, path: str | Path, *, into: str | None = None,
                         as_version: str | None = None, based_on: str | None = None,
                         force: bool = False) -> Plan:
    """Check the workbook and work out the new YAML texts; see the module docstring."""
    # the workbook's cells, the composed YAML and the re-read project are millions of small
    # objects without cycles: with the collector running, 10x the theory took 12.7x the time
    with bulk_allocation():
        return _plan_workbook_import(project, path, into=into, as_version=as_version,
                                     based_on=based_on, force=force)


def _plan_workbook_import(project: Project, path: str | Path, *, into: str | None,
                          as_version: str | None, based_on: str | None, force: bool) -> Plan:
    if (into is None) == (as_version is None):
        raise ExchangeError(["say where the edits go: --into VERSION (update it) or --as "
                             "NEW_VERSION (a new version file)"])
    meta, sheets = read_workbook(path)
    if meta.version not in project.versions:
        raise unknown_version(meta.version, project.versions)
    version = project.versions[meta.version]
    if into is not None and into != meta.version:
        raise ExchangeError([f"the workbook was made from version '{meta.version}', not "
                             f"'{into}': use --into {meta.version}, or --as NEW_VERSION"])
    plan = Plan(Path(project.root))
    current = all_rows(project, version)
    stale = fingerprint(source_digests(project, version)) != meta.fingerprint
    if stale and not force:
        changed = [n for n, d in source_digests(project, version).items()
                   if meta.files.get(n) != d]
        raise ExchangeError([f"{path}: the YAML changed after this workbook was made "
                             f"({', '.join(changed) or 'files added or removed'}); someone "
                             "else edited the theory meanwhile. Export a new workbook and "
                             "make the edits there, or use --force to apply this workbook's "
                             "edits on top and see the three-way difference"])
    base = {s: {r["id"]: r for r in rows} for s, rows in meta.base.items()}
    evidence_files = [n for n in meta.files if n.startswith("theory/evidence/")]
    return plan_rows(plan, project, version, sheets, base, as_version=as_version,
                     based_on=based_on, evidence_files=evidence_files,
                     current=current if stale else None)


def plan_rows(plan: Plan, project: Project, version, sheets: dict[str, list[SheetRow]],
              base: dict, *, as_version: str | None = None, based_on: str | None = None,
              evidence_files: list[str] = (), current: dict | None = None) -> Plan:
    """Apply the rows of `sheets` (edits against the `base` rows) to the version, or to a new
    version made from it; every cell checked, the result checked, the diff worked out."""
    errors: list[CellError] = []
    new = _checked_rows(project, version, sheets, errors, base)
    known = base.get("evidence", {})
    evidence_rows = [r for r in sheets.get("evidence", []) if r.text("id") not in known]
    files = {n: load_data((plan.root / n).read_text(encoding="utf-8"), n)
             for n in evidence_files} if evidence_rows else {}
    added = new_evidence(project, evidence_rows, errors, files,
                         extra_ids=set(new["nodes"]) | set(new["links"]))
    if errors:
        raise ExchangeError([e.format() for e in sorted(errors, key=_order)]
                            + ["nothing was written"])
    if current is not None:
        plan.notes += three_way(base, new, {s: {r["id"]: r for r in rows}
                                            for s, rows in current.items()})
    target = _version_target(plan, project, version, as_version, based_on)
    data = plan.data(target)
    apply_version_rows(data, base, new, plan.notes)
    plan.set_data(target, data)
    apply_evidence_rows(plan, sorted(evidence_files), base.get("evidence", {}),
                        new["evidence"])
    for name, items in added.items.items():
        data = plan.data(name)
        data.setdefault("evidence", []).extend(items)
        plan.set_data(name, data)
    if plan.changed:
        checked = plan.check()
        plan.diff = _diff(project, checked, version.id, as_version or version.id)
    return plan


def _order(error: CellError) -> tuple:
    return (error.sheet, error.row, len(error.column), error.column)


def _checked_rows(project: Project, version, sheets: dict, errors: list, base: dict) -> dict:
    """Rows with an id (and new element rows) by sheet and id, every cell checked. A field
    the input has no column for keeps its base value."""
    out: dict[str, dict[str, dict[str, str]]] = {s: {} for s in FIELDS}
    taken = {n.id for v in project.versions.values() for n in v.nodes}
    groups = {g.id for g in version.groups}
    rows_of: dict[str, SheetRow] = {}
    for sheet in ("nodes", "links", "evidence"):
        for row in sheets.get(sheet, []):
            if sheet == "evidence" and row.text("id") not in base.get("evidence", {}):
                continue  # new evidence: see evidence_import
            values = parse_row(row, errors, project.vocabulary)
            row_id = values.get("id") or _new_id(sheet, values, taken, out)
            if row_id in out[sheet]:
                errors.append(row.error("id", f"id '{row_id}' stands in two rows",
                                        "give each row its own id"))
                continue
            taken.add(row_id)
            kept = base.get(sheet, {}).get(row_id, {})
            out[sheet][row_id] = {f: values.get(f, "") if f in row.cells else kept.get(f, "")
                                  for f in FIELDS[sheet]}
            rows_of[f"{sheet}:{row_id}"] = row
    ends = set(out["nodes"]) | groups
    bearable = all_element_ids(project) | set(out["nodes"]) | set(out["links"])
    literature = {source.key for source in project.sources.literature}
    for key, row in rows_of.items():
        sheet = key.split(":", 1)[0]
        if sheet == "evidence":
            check_ids(row, "bears_on", bearable, errors, "element or link")
            check_ids(row, "source", literature, errors, "literature key")
            if row.text("n") and not row.text("n").isdigit():
                errors.append(row.error("n", f"'{row.text('n')}' is not a whole number",
                                        "write the number of respondents, e.g. 122"))
        elif sheet == "links":
            check_ids(row, "from", ends, errors, "element or group")
            check_ids(row, "to", ends, errors, "element or group")
        elif sheet == "nodes":
            check_ids(row, "group", groups, errors, "group")
    return out


def _new_id(sheet: str, values: dict, taken: set[str], out: dict) -> str:
    if sheet == "nodes":
        return slug_id(values.get("kind", ""), values.get("label_nl", ""), taken)
    first = (split(values.get("from", "")) or ["x"])[0]
    last = (split(values.get("to", "")) or ["x"])[0]
    return slug_id("", f"L {first} {last}", taken | set(out["links"])).replace("el_l_", "L_")


def _version_target(plan: Plan, project: Project, version, as_version, based_on) -> str:
    if as_version is None:
        return version.path
    if as_version in project.versions:
        raise ExchangeError([f"version '{as_version}' exists already; choose a new name, or "
                             f"use --into {as_version}"])
    if based_on is not None and based_on not in project.versions:
        raise unknown_version(based_on, project.versions)
    name = str(Path(version.path).with_name(f"{as_version}.yaml"))
    data = plan.data(version.path)
    data["version"]["id"] = as_version
    data["version"]["based_on"] = based_on or version.id
    plan.originals[name] = None
    plan.texts[name] = plan.original(version.path)
    plan.set_data(name, data)
    return name


def _diff(before: Project, after: Project, old_id: str, new_id: str):
    """The diff of the workbook's version and its edited form. Both stem from one file, so an
    id names the same element on both sides (the diff reads no correspondences between them)."""
    from ..diff import diff_versions
    label = f"{old_id} (before)" if old_id == new_id else old_id
    pair = {label: before.versions[old_id], new_id: after.versions[new_id]}
    return diff_versions(after.model_copy(update={"versions": pair}), label, new_id)


def three_way(base: dict, workbook: dict, current: dict) -> list[str]:
    """Every field the workbook or the YAML changed since export, side by side."""
    lines = ["three-way difference (export → workbook | export → YAML now):"]
    for sheet in ("nodes", "links", "evidence"):
        for row_id in sorted(set(base[sheet]) | set(workbook[sheet]) | set(current[sheet])):
            was = base[sheet].get(row_id, {})
            ours = workbook[sheet].get(row_id, {})
            theirs = current[sheet].get(row_id, {})
            for f in FIELDS[sheet][1:]:
                b, w, y = was.get(f, ""), ours.get(f, ""), theirs.get(f, "")
                if w == b and y == b:
                    continue
                outcome = ("both, workbook wins" if w != b and y != b and w != y
                           else "workbook" if w != b else "YAML kept")
                lines.append(f"  {sheet} {row_id} {f}: {b!r} → {w!r} | {b!r} → {y!r} "
                             f"[{outcome}]")
    return lines
