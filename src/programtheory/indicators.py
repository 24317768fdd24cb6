"""Indicators per period: measurements added to outcomes.yaml, shown against baseline and target.

`add_measurement` and `import_measurements` edit outcomes.yaml in place (comments and layout
kept, atomic, nothing written when any row is wrong). `indicator_records` shows each
indicator's series; `measurement_evidence` turns measured indicators into evidence on the theory
elements of their outcomes, for the evidence map.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .exceptions import UsageError
from .findings import did_you_mean
from .model import Evidence, Indicator, Measurement, OutcomeTable, Project
from .survey_import import ExportError, detect_delimiter, detect_encoding

CSV_COLUMNS = ("indicator", "period", "value", "n", "source")


def _number(text: str) -> float | int | str:
    """A value as typed: a whole number, a decimal (comma or point) or text.

    >>> _number("12"), _number("3,5"), _number("ja")
    (12, 3.5, 'ja')
    """
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


def measurement(period: str, value: str, n: str | int | None = None, source: str = "") -> dict:
    """A measurement as it goes into outcomes.yaml (empty fields left out)."""
    entry: dict = {"period": str(period).strip(), "value": _number(str(value))}
    if n not in (None, ""):
        try:
            entry["n"] = int(str(n).strip())
        except ValueError:
            raise UsageError(f"n must be a whole number, not '{n}'") from None
        if entry["n"] < 0:
            raise UsageError(f"n must be 0 or more, not {n}")
    if source:
        entry["source"] = source
    if not entry["period"]:
        raise UsageError("a measurement needs a period, e.g. 2024 or 2024-Q2")
    if entry["value"] == "":
        raise UsageError("a measurement needs a value")
    return entry


def _indicator(table: OutcomeTable, indicator_id: str) -> Indicator:
    by_id = {i.id: i for i in table.indicators}
    if indicator_id not in by_id:
        hint = did_you_mean(indicator_id, by_id)
        raise UsageError(f"unknown indicator '{indicator_id}'" + (f"; {hint}" if hint else "")
                         + " (the ids are those of 'indicators:' in outcomes.yaml)")
    return by_id[indicator_id]


def _check_new(table: OutcomeTable, indicator_id: str, entry: dict, replace: bool) -> None:
    """Refuse a measurement for a period the indicator already has, unless `replace`."""
    indicator = _indicator(table, indicator_id)
    periods = [m.period for m in indicator.measurements]
    if entry["period"] in periods and not replace:
        old = indicator.measurements[periods.index(entry["period"])]
        raise UsageError(f"indicator '{indicator_id}' already has a measurement for "
                         f"{entry['period']} (value {old.value}): add --replace to overwrite it")


def apply_all(text: str, additions: list[tuple[str, dict]]) -> str:
    """outcomes.yaml text with every (indicator id, measurement) added, or replacing the one of
    the same period: one read and one in-place patch for the whole batch."""
    from .yaml_edit import load_data, patch_text

    data = load_data(text, "outcomes.yaml")
    by_id = {item.get("id"): item for item in data.get("indicators") or []
             if isinstance(item, dict)}
    for indicator_id, entry in additions:
        series = by_id[indicator_id].setdefault("measurements", [])
        if series is None:  # 'measurements:' with nothing under it
            series = by_id[indicator_id]["measurements"] = []
        periods = [str(m.get("period")) for m in series]
        if entry["period"] in periods:  # changed in place, so the other items keep their text
            series[periods.index(entry["period"])] = entry
        else:
            series.append(entry)
    return patch_text(text, data, "outcomes.yaml")


def checked(path: Path, text: str) -> OutcomeTable:
    """The outcome table of the edited text, or ExportError with the first problem."""
    from .project import validate_file
    from .yamlio import parse_yaml

    loaded = parse_yaml(text.encode("utf-8"), str(path))
    findings: list = list(loaded.findings)
    table = None
    if not findings:
        table = validate_file(OutcomeTable, loaded.data, str(path), findings)
    if findings or table is None:
        message = findings[0].message if findings else "not an outcome table"
        raise ExportError(f"{path}: the edit would break the file: {message}")
    return table


def write_outcomes(path: Path, text: str) -> None:
    """Check that the edited text still loads as an outcome table, then write it atomically."""
    from .atomic import write_text_atomically

    checked(path, text)
    write_text_atomically(path, text)


def add_measurement(project_root: str | Path, table: OutcomeTable, indicator_id: str,
                    entry: dict, replace: bool = False) -> None:
    path = Path(project_root) / "outcomes.yaml"
    _check_new(table, indicator_id, entry, replace)
    write_outcomes(path, apply_all(path.read_text(encoding="utf-8"), [(indicator_id, entry)]))


def import_measurements(project_root: str | Path, table: OutcomeTable, csv_path: str | Path,
                        replace: bool = False) -> int:
    """Add every row of a CSV (indicator, period, value[, n, source]); all or nothing."""
    csv_path = Path(csv_path)
    raw = csv_path.read_bytes()
    text = raw.decode(detect_encoding(raw))
    rows = list(csv.DictReader(io.StringIO(text), delimiter=detect_delimiter(text)))
    if not rows:
        raise ExportError(f"{csv_path}: no measurements (a header and one row per "
                          f"measurement: {', '.join(CSV_COLUMNS)})")
    header = [h.strip().casefold() for h in rows[0]]
    missing = [c for c in CSV_COLUMNS[:3] if c not in header]
    if missing:
        raise ExportError(f"{csv_path}: row 1: missing column(s) {', '.join(missing)}; the "
                          f"columns are {', '.join(CSV_COLUMNS)} (n and source optional)")
    path = Path(project_root) / "outcomes.yaml"
    additions: list[tuple[str, dict]] = []
    seen: set = set()
    for number, row in enumerate(rows, start=2):
        row = {(k or "").strip().casefold(): (v or "").strip() for k, v in row.items()}
        try:
            entry = measurement(row["period"], row["value"], row.get("n"), row.get("source", ""))
            key = (row["indicator"], entry["period"])
            if key in seen:
                raise UsageError(f"a second measurement of '{key[0]}' for {key[1]}")
            seen.add(key)
            _check_new(table, row["indicator"], entry, replace)
            additions.append((row["indicator"], entry))
        except UsageError as exc:
            raise ExportError(f"{csv_path}: row {number}: {exc}") from None
    write_outcomes(path, apply_all(path.read_text(encoding="utf-8"), additions))
    return len(rows)


# ---------------------------------------------------------------- showing the series

def _measure_text(measure) -> str:
    if measure is None:
        return ""
    return f"{measure.value}" + (f" ({measure.year})" if measure.year else "")


def indicator_records(table: OutcomeTable, lang: str = "en"):
    """One row per indicator, in `lang`: unit, baseline, target and the measured series, or a
    mark that nothing has been measured yet."""
    from .messages import message
    from .tables import Records

    columns = [message(f"indicators.col.{key}", lang)
               for key in ("indicator", "unit", "baseline", "target", "measurements")]
    rows = []
    for indicator in table.indicators:
        series = "; ".join(f"{m.period}: {m.value}" + (f" (n = {m.n})" if m.n is not None
                                                       else "")
                           for m in sorted(indicator.measurements, key=lambda m: m.period))
        rows.append({columns[0]: indicator.label.shown(lang), columns[1]: indicator.unit,
                     columns[2]: _measure_text(indicator.baseline),
                     columns[3]: _measure_text(indicator.target),
                     columns[4]: series or message("indicators.not_measured", lang)})
    return Records(columns, rows, caption=message("indicators.caption", lang))


# ---------------------------------------------------------------- as evidence

def measurement_evidence(project: Project) -> list[Evidence]:
    """Each measured indicator as a statistic bearing on the theory elements of the outcomes
    that name it. A measurement shows that the outcome is followed, not that it improved, so
    its stance is 'nuances'."""
    from .vocab import EvidenceKind, Stance

    table = project.outcome_table
    if table is None:
        return []
    by_id = {i.id: i for i in table.indicators if i.measurements}
    out = []
    for cell in table.cells:
        for item in cell.items:
            for indicator_id in item.indicators:
                indicator = by_id.get(indicator_id)
                if indicator is None or not item.theory:
                    continue
                latest = max(indicator.measurements, key=lambda m: m.period)
                out.append(Evidence(
                    id=f"measured.{indicator.id}.{item.id}", kind=EvidenceKind.STATISTIC,
                    text=f"{indicator.label.nl}: {latest.value} ({latest.period})",
                    n=latest.n, bears_on=list(item.theory), stance=Stance.NUANCES,
                    note="measured indicator (outcomes.yaml)"))
    return out


series_records = indicator_records  # the name notebooks use beside tables.indicator_records

__all__ = ["Measurement", "add_measurement", "import_measurements", "indicator_records",
           "measurement", "measurement_evidence", "series_records"]
