"""The case-management dashboard: how far the steps of the safety plan are taken.

A dossier export has one row per dossier and step, with the date the step took place (and a
team). The steps are the barometer's `dashboard_step` handles, in their order; a row names its
step by handle id, by number (1 = the first step) or by the step's text. Per period (of a
dossier's first step) and team the dashboard gives the share of dossiers in which each step
took place, the median days from one step to the next, and the steps most often skipped (a
step is skipped when a later step took place without it). Groups of fewer than 5 dossiers are
suppressed, with the secondary suppression of the survey breakdowns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .barometer import MIN_GROUP_SIZE, suppressed_groups
from .messages import message
from .model import Barometer, Breakdown, GroupResult, Handle, Label
from .survey_import import Export, ExportError, coded, normalize, open_export, read_columns

ALL_TEAMS = "alle teams / all teams"
HEADERS = {"dossier": {"dossier", "dossier id", "dossierid", "dossiernummer", "case",
                       "case id"},
           "step": {"step", "stap", "step id", "stap id"},
           "date": {"date", "datum"},
           "team": {"team", "regio", "region"}}
PERIODS = {"year": "Y", "quarter": "Q", "month": "M"}


@dataclass
class Dashboard:
    """The aggregates only: no dossier id survives."""

    steps: list[Handle]
    groups: list[tuple[str, str]]  # (period, team), ALL_TEAMS per period included
    dossiers: dict[tuple[str, str], int]
    shares: dict[tuple[str, str], list[float]]  # percent per step
    median_days: dict[tuple[str, str], list[float | None]]  # step k-1 -> k (first is None)
    skipped: dict[tuple[str, str], list[int]]  # dossiers that skipped each step
    hidden: set[tuple[str, str]] = field(default_factory=set)


def dashboard_steps(barometer: Barometer) -> list[Handle]:
    steps = [h for h in barometer.handles if h.kind == "dashboard_step"]
    if not steps:
        raise ExportError("barometer.yaml has no handles of kind 'dashboard_step' ")
    return steps


def _column(export: Export, role: str, required: bool = True) -> str | None:
    for header in export.headers:
        if normalize(header) in HEADERS[role]:
            return header
    if required:
        raise ExportError(f"{export.path}: no {role} column (a header such as "
                          f"{', '.join(repr(h) for h in sorted(HEADERS[role])[:3])}); "
                          f"it has: {', '.join(export.headers)}")
    return None


def step_index(export: Export, codes: np.ndarray, names: list[str], column: str,
               steps: list[Handle]) -> np.ndarray:
    """The 0-based step of each row, from a handle id, a number or the step's text."""
    lookup: dict[str, int] = {}
    for i, step in enumerate(steps):
        lookup[step.id] = lookup[str(i + 1)] = lookup[normalize(step.text)] = i
    resolved = np.empty(len(names), dtype=np.int64)
    for u, value in enumerate(names):
        key = value if value in lookup else normalize(value)
        if key not in lookup:
            row = int(np.flatnonzero(codes == u)[0])
            raise ExportError(f"{export.path}: {export.row(row)}, {export.where(column)}: "
                              f"«{value}» is not one of the {len(steps)} steps: use the step's "
                              f"number (1-{len(steps)}), its id or its text as in barometer.yaml")
        resolved[u] = lookup[key]
    return resolved[codes]


def read_dossiers(barometer: Barometer, path: str | Path):
    """The export as arrays (dossier code, step, day number, team code) and the team names;
    checked row by row. Dossier ids become codes at once and are not kept."""
    steps = dashboard_steps(barometer)
    export = open_export(path)
    columns = {role: _column(export, role, role != "team") for role in HEADERS}
    frame = read_columns(export, [c for c in columns.values() if c])
    step_codes, step_names = coded(export, frame, columns["step"])
    step = step_index(export, step_codes, step_names, columns["step"], steps)
    date_codes, date_names = coded(export, frame, columns["date"])
    # ISO dates only: "mixed" reads 01/02/2024 as 2 January, 13/02/2024 as 13 February
    parsed = pd.to_datetime(pd.Series(date_names), errors="coerce", format="ISO8601")
    bad = np.flatnonzero(parsed.isna().to_numpy())
    if len(bad):
        row = int(np.flatnonzero(np.isin(date_codes, bad))[0])
        raise ExportError(f"{export.path}: {export.row(row)}, {export.where(columns['date'])}: "
                          "not a date; write dates as YYYY-MM-DD")
    days = parsed.to_numpy(dtype="datetime64[D]").astype(np.int64)[date_codes]
    dossier, names = coded(export, frame, columns["dossier"])
    if "" in names:
        row = int(np.flatnonzero(dossier == names.index(""))[0])
        raise ExportError(f"{export.path}: {export.row(row)}, "
                          f"{export.where(columns['dossier'])}: empty dossier id")
    if columns["team"]:
        team, teams = coded(export, frame, columns["team"])
    else:
        team, teams = np.zeros(len(frame), dtype=np.int64), [""]
    return steps, dossier, step, days, team, teams


def compute(steps: list[Handle], dossier: np.ndarray, step: np.ndarray, days: np.ndarray,
            team: np.ndarray, teams: list[str], period: str = "year",
            min_n: int = MIN_GROUP_SIZE) -> Dashboard:
    """The dashboard from one row per dossier and step: dossier codes (0..n-1), step indices,
    day numbers (days since 1970) and team codes into `teams`. A step done twice counts once,
    at its first date."""
    if period not in PERIODS:
        raise ExportError(f"unknown period '{period}': use {', '.join(PERIODS)}")
    k, n = len(steps), int(dossier.max()) + 1
    never = np.iinfo(np.int64).max
    matrix = np.full(n * k, never, dtype=np.int64)
    np.minimum.at(matrix, dossier * k + step, days)
    matrix = matrix.reshape(n, k)
    present = matrix != never
    start = matrix.min(axis=1)
    start_days, start_index = np.unique(start, return_inverse=True)
    labels = pd.to_datetime(start_days, unit="D").to_period(PERIODS[period]).astype(str)
    label_code, period_names = pd.factorize(np.asarray(labels))
    period_of = label_code[start_index]
    first_row = np.full(n, len(dossier), dtype=np.int64)  # a dossier's team: its first row's
    np.minimum.at(first_row, dossier, np.arange(len(dossier)))
    team_of = team[first_row]
    later = np.zeros_like(present)
    later[:, :-1] = np.logical_or.accumulate(present[:, ::-1], axis=1)[:, ::-1][:, 1:]
    skipped = ~present & later
    both = present[:, 1:] & present[:, :-1]
    gaps = np.where(both, matrix[:, 1:] - np.where(both, matrix[:, :-1], 0), 0).astype(float)
    gaps[~both] = np.nan
    result = Dashboard(steps, [], {}, {}, {}, {})
    team_names = [t or "—" for t in teams]
    for code, name_of in ((period_of * len(teams) + team_of,
                           lambda c: (str(period_names[c // len(teams)]),
                                      team_names[c % len(teams)])),
                          (period_of, lambda c: (str(period_names[c]), ALL_TEAMS))):
        _aggregate(result, code, name_of, present, skipped, gaps)
    result.groups.sort(key=lambda g: (g[0], g[1] == ALL_TEAMS, g[1]))
    result.hidden = _hidden(result, min_n)
    return result


def _aggregate(result: Dashboard, code: np.ndarray, name_of, present: np.ndarray,
               skipped: np.ndarray, gaps: np.ndarray) -> None:
    """Dossiers, shares, skips and median gaps per group code (integers, so that no text is
    grouped on): the dossiers are sorted by group once, then each group is one slice."""
    import warnings

    order = np.argsort(code, kind="stable")
    sorted_code = code[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_code)) + 1]
    ends = np.r_[starts[1:], len(order)]
    taken = np.add.reduceat(present[order].astype(np.int64), starts, axis=0)
    skips = np.add.reduceat(skipped[order].astype(np.int64), starts, axis=0)
    ordered_gaps = gaps[order]
    for i, (first, last) in enumerate(zip(starts, ends, strict=True)):
        group = name_of(int(sorted_code[first]))
        size = int(last - first)
        with warnings.catch_warnings():  # a step pair no dossier of the group has: NaN
            warnings.simplefilter("ignore", RuntimeWarning)
            medians = np.nanmedian(ordered_gaps[first:last], axis=0)
        result.groups.append(group)
        result.dossiers[group] = size
        result.shares[group] = [float(v) for v in np.round(100 * taken[i] / size, 1)]
        result.skipped[group] = [int(v) for v in skips[i]]
        result.median_days[group] = [None] + [None if np.isnan(v) else float(v)
                                              for v in medians]


def _hidden(result: Dashboard, min_n: int) -> set[tuple[str, str]]:
    """Teams under `min_n` dossiers, and a second team when the period's total would give a
    single hidden team away (as for survey breakdowns)."""
    hidden: set = set()
    for period in sorted({p for p, _ in result.groups}):
        teams = [g for g in result.groups if g[0] == period and g[1] != ALL_TEAMS]
        breakdown = Breakdown(by=Label(nl="team"), groups=[
            GroupResult(label=Label(nl=t), n=result.dossiers[(period, t)]) for _, t in teams])
        total = result.dossiers[(period, ALL_TEAMS)]
        hidden |= {teams[i] for i in suppressed_groups(breakdown, total, min_n)}
        if total < min_n:
            hidden.add((period, ALL_TEAMS))
    return hidden


def dashboard(barometer: Barometer, path: str | Path, period: str = "year",
              min_n: int = MIN_GROUP_SIZE) -> Dashboard:
    return compute(*read_dossiers(barometer, path), period, min_n)


# ---------------------------------------------------------------- tables

def share_records(result: Dashboard, teams: bool = False, *, lang: str = "en"):
    """Share of dossiers per step (rows) for each period, all teams together (or each team:
    `teams=True`); suppressed groups shown as such. Headers and caption in `lang`."""
    from .tables import Records

    suppressed = message("barometer.suppressed", lang)
    groups = [g for g in result.groups if (g[1] != ALL_TEAMS) == teams]
    names = [g[0] if not teams else f"{g[0]} {g[1]}" for g in groups]
    columns = [message("dashboard.col_step", lang)] + [f"{name} (n = {_n(result, g)})"
                                 for name, g in zip(names, groups, strict=True)]
    rows = []
    for j, step in enumerate(result.steps):
        row = {columns[0]: f"{j + 1}. {step.text}"}
        for column, group in zip(columns[1:], groups, strict=True):
            row[column] = (suppressed if group in result.hidden
                           else _decimal(f"{result.shares[group][j]:.1f}", lang))
        rows.append(row)
    return Records(columns, rows, caption=message("dashboard.shares_caption", lang))


def _decimal(text: str, lang: str) -> str:
    """A number's text with the decimal sign of `lang` (a comma in Dutch)."""
    return text.replace(".", ",") if lang == "nl" else text


def _n(result: Dashboard, group) -> str:
    n = result.dossiers[group]
    return f"< {MIN_GROUP_SIZE}" if n < MIN_GROUP_SIZE else ("—" if group in result.hidden
                                                              else str(n))


def summary_records(result: Dashboard, top: int = 3, *, lang: str = "en"):
    """Per period and team: dossiers, the median days between consecutive steps, and the
    steps most often skipped (headers and caption in `lang`)."""
    from .tables import Records

    columns = [message(f"dashboard.col_{key}", lang)
               for key in ("period", "team", "dossiers", "median_days", "skipped")]
    suppressed = message("barometer.suppressed", lang)
    rows = []
    for group in result.groups:
        row = {columns[0]: group[0], columns[1]: group[1], columns[2]: _n(result, group)}
        if group in result.hidden:
            row[columns[3]] = row[columns[4]] = suppressed
        else:
            medians = result.median_days[group]
            row[columns[3]] = "; ".join(_decimal(f"{j}→{j + 1}: {m:g}", lang) for j, m in
                                        enumerate(medians[1:], start=1) if m is not None)
            counts = result.skipped[group]
            order = sorted((c, -j) for j, c in enumerate(counts) if c)[::-1][:top]
            row[columns[4]] = "; ".join(f"{-j + 1}. {result.steps[-j].text} ({c})"
                                        for c, j in order)
        rows.append(row)
    return Records(columns, rows, caption=message("dashboard.summary_caption", lang,
                                                  min_n=MIN_GROUP_SIZE))
