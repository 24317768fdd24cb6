"""New survey waves from raw exports: only aggregates reach `barometer.yaml`.

`import_wave` reads the mapped columns of an export, checks them (scale, duplicated
respondents), aggregates them (counts per score, mean and interval, share at or above the
instrument's threshold, breakdowns with small groups suppressed, the χ² test per breakdown)
and splices the wave into barometer.yaml. The answers themselves are dropped as soon as they
are counted: nothing of a row, free text least of all, is written anywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import survey_stats
from .barometer import suppressed_groups
from .model import Barometer, Breakdown, GroupResult, Label, Wave
from .survey_import import (Export, ExportError, coded, labelled, normalize, open_export,
                            read_columns)
from .survey_mapping import Resolved, resolve

EMPTY_GROUP = "(leeg / empty)"


@dataclass
class WavePlan:
    """What an import would write: the wave, where from, and what was left out."""

    wave: dict
    export: Export
    mapping: Resolved
    ignored: list[str]
    replaced: Wave | None = None
    messages: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- checking the answers

def _first_rows(mask: np.ndarray, limit: int = 3) -> list[int]:
    return [int(i) for i in np.flatnonzero(mask)[:limit]]


def parse_scores(export: Export, frame: pd.DataFrame, column: str, labels: dict,
                 low: int, high: int) -> np.ndarray:
    """The score of each row (NaN: no valid answer). Numbers must be whole scores on the
    scale; text must be a label of the mapping (which may stand for no answer)."""
    codes, uniques = pd.factorize(frame[column], use_na_sentinel=True)
    value_labels = export.value_labels.get(column, {}) if export.kind == "sav" else {}
    resolved = [_score_of(v.strip() if isinstance(v, str) else v, labels, value_labels, low,
                          high) for v in uniques]
    bad = [i for i, r in enumerate(resolved) if isinstance(r, str)]
    if bad:
        rows = np.flatnonzero(np.isin(codes, bad))
        first = int(rows[0])
        more = f" (and {len(rows) - 1} more row(s))" if len(rows) > 1 else ""
        raise ExportError(f"{export.path}: {export.row(first)}, {export.where(column)}: "
                          f"{resolved[codes[first]]}{more}")
    table = np.asarray([r for r in resolved] + [np.nan], dtype=float)
    return table[codes]


def _score_of(value, labels: dict, value_labels: dict, low: int, high: int):
    """A score, NaN for no answer, or a message (str) saying why the value is not a score."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return np.nan
    if value in value_labels and normalize(value_labels[value]) in labels:
        mapped = labels[normalize(value_labels[value])]
        return np.nan if mapped is None else float(mapped)
    if isinstance(value, str) and normalize(value) in labels:
        mapped = labels[normalize(value)]
        return np.nan if mapped is None else float(mapped)
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        return (f"«{value}» is not a score on the scale {low}-{high}: add it under 'labels:' "
                "of the mapping in barometer.yaml (with its score, or null for no answer)")
    if not number.is_integer() or not low <= number <= high:
        return (f"{value} is outside the scale {low}-{high}: correct the export, or map it "
                "under 'labels:' of the mapping (null for no answer)")
    return number


def check_respondents(export: Export, frame: pd.DataFrame, column: str | None) -> None:
    if not column:
        return
    codes, names = coded(export, frame, column)
    counts = np.bincount(codes, minlength=len(names))
    repeated = [i for i in np.flatnonzero(counts > 1) if names[i] != ""]
    if repeated:
        rows_of = {i: np.flatnonzero(codes == i) for i in repeated}
        first = min(repeated, key=lambda i: rows_of[i][0])
        rows = " and ".join(export.row(int(r)) for r in rows_of[first][:2])
        raise ExportError(f"{export.path}: {rows}, {export.where(column)}: respondent id "
                          f"«{names[first]}» appears more than once: remove the repeated "
                          "answer (a survey tool exports one row per completed response)")


# ---------------------------------------------------------------- aggregating

def count_scores(scores: np.ndarray, low: int, high: int) -> dict[int, int]:
    valid = scores[~np.isnan(scores)].astype(np.int64)
    counts = np.bincount(valid - low, minlength=high - low + 1)
    return {low + i: int(c) for i, c in enumerate(counts)}


def group_counts(groups: pd.Series | tuple[np.ndarray, list[str]], scores: np.ndarray,
                 low: int, high: int) -> dict[str, dict[int, int]]:
    """Counts per score for each group (groups in order of first appearance); `groups` is a
    column of texts or its (codes, names) from `survey_import.coded`."""
    if isinstance(groups, pd.Series):
        codes, names = pd.factorize(groups.to_numpy())
        names = [str(n) for n in names]
    else:
        codes, names = groups
    valid = ~np.isnan(scores)
    codes = codes[valid]
    width = high - low + 1
    flat = codes * width + (scores[valid].astype(np.int64) - low)
    table = np.bincount(flat, minlength=len(names) * width).reshape(len(names), width)
    return {(name or EMPTY_GROUP): {low + j: int(table[i, j]) for j in range(width)}
            for i, name in enumerate(names) if table[i].sum() > 0}


def breakdown(item_text: str, table: dict[str, dict[int, int]], total: int,
              threshold: int | None) -> tuple[dict, dict | None]:
    """One breakdown (groups under the suppression size keep only their n) and its χ² test."""
    groups = []
    for name, counts in sorted(table.items()):
        summary = survey_stats.summarize(counts, threshold)
        groups.append(GroupResult(label=Label(nl=name), n=summary["valid_n"],
                                  mean=summary["mean"],
                                  share_at_threshold=summary["share_at_threshold"]))
    hidden = suppressed_groups(Breakdown(by=Label(nl=item_text), groups=groups), total)
    out = []
    for i, group in enumerate(groups):
        entry: dict = {"label": {"nl": group.label.nl}, "n": group.n}
        if i in hidden:
            entry["suppressed"] = True
        else:
            entry["mean"] = group.mean
            if group.share_at_threshold is not None:
                entry["share_at_threshold"] = group.share_at_threshold
        out.append(entry)
    test = survey_stats.chi_square(table)
    if test is not None:
        test = {"name": "chi-square", **test, "across": item_text}
    return {"by": {"nl": item_text}, "groups": out}, test


def aggregate(barometer: Barometer, export: Export, frame: pd.DataFrame, mapping: Resolved,
              wave_id: str, date: str, year: int | None = None) -> dict:
    """The wave as it goes into barometer.yaml: aggregates only."""
    inst = barometer.instrument
    scores = parse_scores(export, frame, mapping.score, mapping.labels, inst.scale_min,
                          inst.scale_max)
    check_respondents(export, frame, mapping.respondent)
    counts = count_scores(scores, inst.scale_min, inst.scale_max)
    if not any(counts.values()):
        raise ExportError(f"{export.path}: {export.where(mapping.score)} holds no valid score "
                          "in any row: check that the mapping names the score column")
    summary = survey_stats.summarize(counts, inst.threshold)
    summary = {k: v for k, v in summary.items() if v is not None}
    items = {item.id: item.text for item in barometer.survey_items}
    breakdowns, tests = [], []
    for item_id, column in mapping.breakdowns.items():
        table = group_counts(coded(export, frame, column), scores, inst.scale_min,
                             inst.scale_max)
        entry, test = breakdown(items.get(item_id, item_id), table, summary["valid_n"],
                                inst.threshold)
        breakdowns.append(entry)
        if test:
            tests.append(test)
    year = int(date[:4]) if date else (year or dt.date.today().year)
    wave: dict = {"id": wave_id, "year": year}
    if date:
        wave["date"] = date
    wave.update({"n": int(len(frame)), "counts": counts, "summary": summary})
    if tests:
        wave["tests"] = tests
    if breakdowns:
        wave["breakdowns"] = breakdowns
    wave["note"] = (f"Imported from a {export.kind.upper()} export ({mapping.source}): "
                    "aggregates only; groups under 5 keep only their n.")
    return wave


# ---------------------------------------------------------------- planning and writing

def plan_import(barometer: Barometer, path: str | Path, wave_id: str, *, date: str = "",
                mapping_id: str | None = None, replace: bool = False) -> WavePlan:
    """Read, check and aggregate an export; raise ExportError (nothing written) on bad input."""
    from .exceptions import UsageError

    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]*", wave_id):
        raise UsageError(f"wave id '{wave_id}' is not an id: start with a letter and use "
                         "letters, digits, '_', '.' or '-' (e.g. w2024)")
    if date and not _valid_date(date):
        raise UsageError(f"--date '{date}' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    existing = {w.id: w for w in barometer.waves}
    if wave_id in existing and not replace:
        raise ExportError(f"wave '{wave_id}' is already in barometer.yaml: choose another id, "
                          "or add --replace to overwrite it (the difference is shown)")
    if wave_id in existing and existing[wave_id].summary is None:
        raise ExportError(f"wave '{wave_id}' holds figures as the report prints them, not an "
                          "import: it cannot be replaced by an export; choose another id")
    export = open_export(path)
    mapping = resolve(barometer, export, mapping_id)
    frame = read_columns(export, mapping.columns)
    before = existing.get(wave_id)
    if before is not None and not date:  # a replacement keeps the wave's date
        date = before.date
    wave = aggregate(barometer, export, frame, mapping, wave_id, date,
                     before.year if before is not None else None)
    del frame  # the answers are counted; nothing of them is kept
    ignored = [h for h in export.headers if h not in set(mapping.columns)]
    return WavePlan(wave, export, mapping, ignored, existing.get(wave_id))


def _valid_date(text: str) -> bool:
    for pattern in ("%Y", "%Y-%m", "%Y-%m-%d"):
        try:
            dt.datetime.strptime(text, pattern)
            return True
        except ValueError:
            continue
    return False


def write_wave(barometer_path: str | Path, wave: dict) -> None:
    """Patch the wave into barometer.yaml (replacing one with the same id) after checking that
    the result still loads; atomic. Every other line stays as it was."""
    from .atomic import write_text_atomically
    from .yaml_edit import load_data, patch_text

    path = Path(barometer_path)
    text = path.read_text(encoding="utf-8")
    data = load_data(text, str(path))
    wave = _as_yaml_data(wave)
    waves = data.setdefault("waves", [])
    ids = [item.get("id") for item in waves]
    if wave["id"] in ids:
        waves[ids.index(wave["id"])] = wave
    else:
        waves.append(wave)
    new_text = patch_text(text, data, str(path))
    check_barometer_text(new_text, path)
    write_text_atomically(path, new_text)


def _as_yaml_data(value):
    """`value` as YAML reads it back: tuples (intervals) become lists."""
    if isinstance(value, dict):
        return {k: _as_yaml_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_yaml_data(v) for v in value]
    return value


def check_barometer_text(text: str, path: Path) -> Barometer:
    """The typed barometer of the text, or ExportError with the first problem."""
    from .project import validate_file
    from .yamlio import parse_yaml

    loaded = parse_yaml(text.encode("utf-8"), str(path))
    if loaded.findings:
        raise ExportError(f"{path}: the edit would break the file: {loaded.findings[0].message}")
    findings: list = []
    model = validate_file(Barometer, loaded.data, str(path), findings)
    if model is None or findings:
        message = findings[0].message if findings else "not a barometer"
        raise ExportError(f"{path}: the edit would break the file: {message}")
    return model


def difference(old: Wave, new: dict) -> list[str]:
    """What a replacement changes, line by line ('n: 120 -> 131')."""
    lines = []
    old_summary = old.summary.model_dump() if old.summary else {}
    pairs = [("n", old.n, new["n"])] + [
        (key, old_summary.get(key), new["summary"].get(key))
        for key in ("valid_n", "mean", "ci95", "share_at_threshold")]
    for key, before, after in pairs:
        before = list(before) if isinstance(before, tuple) else before
        after = list(after) if isinstance(after, tuple) else after
        if before != after:
            lines.append(f"{key}: {before} -> {after}")
    for score in sorted(set(old.counts) | set(new["counts"])):
        before, after = old.counts.get(score, 0), new["counts"].get(score, 0)
        if before != after:
            lines.append(f"count of score {score}: {before} -> {after}")
    return lines or ["no difference in the aggregates"]


# ---------------------------------------------------------------- coded open answers

FACTOR_HEADERS = {"factor", "factor id", "factorid", "factor_id", "code", "factor code"}


def factor_counts(barometer: Barometer, path: str | Path) -> dict[str, int]:
    """Respondents per factor from a coding sheet (one row per respondent and factor,
    CSV or XLSX); a respondent who names a factor twice counts once."""
    from .findings import did_you_mean
    from .survey_import import RESPONDENT_HEADERS

    export = open_export(path)
    by_name = {normalize(h): h for h in export.headers}
    respondent = next((by_name[h] for h in by_name if h in RESPONDENT_HEADERS), None)
    factor = next((by_name[h] for h in by_name if h.replace(" ", "_") in FACTOR_HEADERS
                   or h in FACTOR_HEADERS), None)
    if respondent is None or factor is None:
        raise ExportError(f"{export.path}: a coding sheet needs a respondent column and a "
                          "factor column (headers such as 'respondent' and 'factor'); it has: "
                          + ", ".join(export.headers))
    frame = read_columns(export, [respondent, factor])
    people, codes = labelled(export, frame, respondent), labelled(export, frame, factor)
    known = {f.id for f in barometer.factors}
    for i, (person, code) in enumerate(zip(people, codes, strict=True)):
        if not person or not code:
            which = respondent if not person else factor
            raise ExportError(f"{export.path}: {export.row(i)}, {export.where(which)}: empty; "
                              "every row names a respondent and a factor id")
        if code not in known:
            hint = did_you_mean(code, known)
            raise ExportError(f"{export.path}: {export.row(i)}, {export.where(factor)}: "
                              f"unknown factor id «{code}»" + (f"; {hint}" if hint else "")
                              + " (the ids are those of 'factors:' in barometer.yaml)")
    pairs = pd.DataFrame({"person": people, "code": codes}).drop_duplicates()
    found = pairs["code"].value_counts()
    return {f.id: int(found.get(f.id, 0)) for f in barometer.factors}


def write_factor_counts(barometer_path: str | Path, barometer: Barometer, wave_id: str,
                        counts: dict[str, int]) -> None:
    """Store the factor counts on an imported wave (a source's own wave keeps its counts)."""
    from .barometer import wave as find_wave

    target = find_wave(barometer, wave_id)
    if target.summary is None:
        raise ExportError(f"wave '{wave_id}' holds figures as the report prints them; its "
                          "the factor counts of this wave are the source's own: code answers into an imported wave")
    data = target.model_dump(mode="json", exclude_defaults=True)
    data["factor_counts"] = counts
    order = list(Wave.model_fields)  # keep the field order of the model
    write_wave(barometer_path, {k: data[k] for k in order if k in data})
