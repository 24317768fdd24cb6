"""Necessity tested across cases: the crisp-set QCA measures of necessity for a condition.

A case statement of the report ('in vier van de vijf cases …') gives some counts over the cases
and leaves others unsaid. Every two-by-two table of cases that fits the stated counts is a
possible truth; each measure is reported as the range it takes over those tables, so an unsaid
count widens the range instead of being guessed.

With X the condition and Y the outcome, over the n cases of the statement:

- consistency of necessity  = |X∩Y| / |Y|          (how far the outcome cases had the condition)
- coverage of necessity     = |X∩Y| / |X|          (how far the condition cases had the outcome)
- relevance of necessity    = |¬X| / |¬(X∩Y)|      (Goertz's RoN: a condition present in nearly
                                                    every case is trivially 'necessary')

A condition marked necessary that a case with the outcome lacked is flagged: 'yes' when every
fitting table has such a case, 'possible' when some do.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Iterator

from .model import CaseStatement, Project, Version


@dataclass(frozen=True)
class CaseTable:
    """A crisp table of cases: with both, condition only, outcome only, neither."""

    both: int
    condition_only: int
    outcome_only: int
    neither: int

    @property
    def consistency(self) -> float | None:
        outcome = self.both + self.outcome_only
        return self.both / outcome if outcome else None

    @property
    def coverage(self) -> float | None:
        condition = self.both + self.condition_only
        return self.both / condition if condition else None

    @property
    def relevance(self) -> float | None:
        not_both = self.condition_only + self.outcome_only + self.neither
        return (self.outcome_only + self.neither) / not_both if not_both else None


def fitting_tables(statement: CaseStatement) -> list[CaseTable]:
    """Every crisp table over `statement.cases` cases that agrees with each stated count."""
    return list(_tables(statement))


def _tables(s: CaseStatement) -> Iterator[CaseTable]:
    n = s.cases
    for both in range(n + 1):
        for condition_only in range(n - both + 1):
            for outcome_only in range(n - both - condition_only + 1):
                table = CaseTable(both, condition_only, outcome_only,
                                  n - both - condition_only - outcome_only)
                if _agrees(s, table):
                    yield table


def _agrees(s: CaseStatement, t: CaseTable) -> bool:
    stated = ((s.with_condition, t.both + t.condition_only),
              (s.with_outcome, t.both + t.outcome_only),
              (s.with_both, t.both),
              (s.outcome_without_condition, t.outcome_only))
    return all(given is None or given == actual for given, actual in stated)


@dataclass(frozen=True)
class Bounds:
    """The range a measure takes over the fitting tables (None: undefined in all of them)."""

    low: float | None
    high: float | None

    @property
    def exact(self) -> bool:
        return self.low is not None and self.low == self.high

    def text(self, decimal: str = ".") -> str:
        if self.low is None:
            return "–"
        low, high = (f"{v:.2f}".replace(".", decimal) for v in (self.low, self.high))
        return low if self.exact else f"{low}–{high}"


def bounds(values: list[float | None]) -> Bounds:
    known = [v for v in values if v is not None]
    return Bounds(min(known), max(known)) if known else Bounds(None, None)


@dataclass(frozen=True)
class NecessityResult:
    """The measures of one condition from one case statement (or none)."""

    condition: str
    marked: str  # the condition as the theory marks it: necessary, facilitating or ''
    statement: CaseStatement | None
    tables: int  # how many tables fit the stated counts
    consistency: Bounds
    coverage: Bounds
    relevance: Bounds
    lacked_by_outcome_case: str  # yes, possible, no, or unknown (no statement)

    @property
    def flagged(self) -> bool:
        return self.marked == "necessary" and self.lacked_by_outcome_case == "yes"


def measure(statement: CaseStatement, marked: str = "") -> NecessityResult:
    tables = fitting_tables(statement)
    lacked = [t.outcome_only > 0 for t in tables]
    verdict = "yes" if tables and all(lacked) else "possible" if any(lacked) else "no"
    return NecessityResult(
        condition=statement.condition, marked=marked, statement=statement, tables=len(tables),
        consistency=bounds([t.consistency for t in tables]),
        coverage=bounds([t.coverage for t in tables]),
        relevance=bounds([t.relevance for t in tables]),
        lacked_by_outcome_case=verdict if tables else "unknown")


def necessity_results(project: Project, version: str | Version | None = None
                      ) -> list[NecessityResult]:
    """One result per case statement on a node of the version, then one per condition marked
    necessary that no statement counts (its measures unknown), in the version's node order."""
    version = version if isinstance(version, Version) else project.version(version)
    marked = {n.id: n.condition.value if n.condition else "" for n in version.nodes}
    statements: dict[str, list[CaseStatement]] = {}
    for statement in project.sources.case_statements:
        if statement.condition in marked:
            statements.setdefault(statement.condition, []).append(statement)
    out: list[NecessityResult] = []
    for node in version.nodes:
        for statement in statements.get(node.id, []):
            out.append(measure(statement, marked[node.id]))
        if node.id not in statements and marked[node.id] == "necessary":
            unknown = Bounds(None, None)
            out.append(NecessityResult(node.id, "necessary", None, 0, unknown, unknown,
                                       unknown, "unknown"))
    return out


def necessity_records(project: Project, version: str | Version | None = None,
                      language: str = "nl"):
    """The necessity measures beside the report's own case statements, one row per result."""
    from .confidence_texts import text
    from .tables import Records

    from .citations import cite_all, project_sections
    from .numbers import locale_of

    version = version if isinstance(version, Version) else project.version(version)

    def words(key: str) -> str:
        return text(language, f"nec_{key}")
    evidence = {e.id: e for e in project.evidence}
    nodes = {n.id: n for n in version.nodes}
    labels = {n.id: n.label for n in version.nodes}
    sections = project_sections(project)
    decimal = locale_of(project.settings.number_locale).number_symbols["latn"]["decimal"]
    headers = [words(k) for k in ("condition", "marked", "statement", "concludes",
                                  "consistency", "coverage", "relevance", "lacked")]
    rows = []
    for r in necessity_results(project, version):
        where = cite_all(nodes[r.condition].report, sections)
        statement = [words("none") + (f" ({where})" if where else "")]
        concludes = ""
        if r.statement is not None:
            statement = [f"{evidence[i].text} ({cite_all(evidence[i].report, sections)})"
                         for i in r.statement.evidence if i in evidence]
            concludes = r.statement.concludes.value if r.statement.concludes else ""
        rows.append(dict(zip(headers, [
            labels[r.condition].shown(language), words(r.marked),
            statement, words(concludes), r.consistency.text(decimal),
            r.coverage.text(decimal), r.relevance.text(decimal),
            words(r.lacked_by_outcome_case)], strict=True)))
    return Records(headers, rows, caption=words("caption"))
