"""How well each part of a theory version is evidenced: the evidence-gap matrix, the elements
without evidence, the quotes per element, and the weakest-evidenced pathway from each action to
each long-term outcome.

The matrix follows EPPI-Mapper's evidence-gap map: theory elements (nodes, groups and links of
one version) in rows, evidence kinds (quote, statistic, case_count, literature, document) or
work packages (WP1–WP4) in columns, and in each cell the number of evidence items with their
stances (supports, contradicts, nuances). An empty cell is a gap.

An evidence item counts for an element when the element's id is in its `bears_on`; this is
also the `evidence_count` attribute of `graph.build_graph`. All edges of a link with several
endpoints share the link's count.

Everything here returns plain structures (`Records`: `.columns` and `.rows`, a list of dicts),
with `to_dataframe()` when pandas is installed and `to_html()`/`to_markdown()` for reports.

The weakest pathway from each action to each long-term outcome is defined and computed in
`evidence_paths` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


from .citations import cite_all, project_sections
from .graph import evidence_index
from .model import Evidence, Project, Version
from .evidence_paths import (  # noqa: F401 (re-exported)
    PATH_COLUMNS, Step, WeakestPath, causal_steps, path_records, pathway_ends, unreached_actions,
    weakest_path, weakest_paths)
from .messages import message
from .tables import Records, records_to_html, records_to_markdown
from .vocab import EvidenceKind, Stance

EVIDENCE_KINDS: tuple[str, ...] = tuple(EvidenceKind.values())
NO_WORK_PACKAGE = "no_wp"
STANCES: tuple[str, ...] = tuple(Stance.values())
STANCE_SIGNS = {"supports": "+", "contradicts": "−", "nuances": "±", "absent": "∅"}
ELEMENT_COLUMNS = ["element", "type", "kind", "label_nl", "label_en"]


# ------------------------------------------------------------------------------ elements

@dataclass(frozen=True)
class Element:
    """A theory element that evidence can bear on: a node, a group or a link."""

    id: str
    type: str  # 'node', 'group' or 'link'
    kind: str  # node kind; for a group its members' kind (or 'group'); for a link its kind
    label_nl: str
    label_en: str = ""


def _version(project: Project, version: str | Version | None) -> Version:
    return version if isinstance(version, Version) else project.version(version)


def elements(version: Version) -> list[Element]:
    """The version's nodes, groups and links, in file order.

    A link is labelled by its endpoints' ids ('a + b → c'), which is short and unambiguous.
    """
    out = [Element(n.id, "node", n.kind.value, n.label.nl, n.label.en) for n in version.nodes]
    out += [Element(g.id, "group", version.group_kind(g), g.label.nl, g.label.en)
            for g in version.groups]
    for link in version.links:
        text = link.ends_text()
        out.append(Element(link.id, "link", link.kind, text, text))
    return out


# ------------------------------------------------------------------------------ the matrix

@dataclass(frozen=True)
class CellEvidence:
    """The evidence in one cell of the matrix: the evidence ids and their stances."""

    evidence: tuple[str, ...] = ()
    supports: int = 0
    contradicts: int = 0
    nuances: int = 0
    absent: int = 0

    @property
    def count(self) -> int:
        return len(self.evidence)

    def text(self) -> str:
        """The cell as shown in a report: the count, then the stances that occur.

        >>> CellEvidence(("e1", "e2", "e3"), supports=2, nuances=1).text()
        '3 (+2 ±1)'
        >>> CellEvidence().text()
        ''
        """
        if not self.evidence:
            return ""
        signs = [f"{STANCE_SIGNS[s]}{getattr(self, s)}" for s in STANCES if getattr(self, s)]
        return f"{self.count} ({' '.join(signs)})"


def _cell(items: list[Evidence]) -> CellEvidence:
    stances = {s: 0 for s in STANCES}
    for item in items:
        stances[item.stance.value] += 1
    return CellEvidence(tuple(item.id for item in items), **stances)


@dataclass
class EvidenceMatrix(Records):
    """The evidence-gap matrix of one version along one axis ('kind' or 'work_package').

    `rows` hold, per element, its identity (`ELEMENT_COLUMNS`), the count per category, the
    `total` and the count per stance; `cells` hold the evidence ids and stances per
    (element id, category). `to_html()` and `to_markdown()` show the cells with their stances
    ('3 (+2 ±1)') and leave gaps empty.
    """

    version: str = ""
    axis: str = "kind"
    categories: list[str] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    cells: dict[tuple[str, str], CellEvidence] = field(default_factory=dict)

    def cell(self, element_id: str, category: str) -> CellEvidence:
        return self.cells.get((element_id, category), CellEvidence())

    @property
    def gaps(self) -> list[Element]:
        """Elements without any evidence."""
        totals = {row["element"]: row["total"] for row in self.rows}
        return [e for e in self.elements if not totals.get(e.id)]

    def display_rows(self) -> list[dict[str, Any]]:
        """Rows with each category cell as text (count and stances), gaps empty."""
        out = []
        for row in self.rows:
            shown = dict(row)
            for category in self.categories:
                shown[category] = self.cell(row["element"], category).text()
            shown["total"] = row["total"] or ""
            out.append(shown)
        return out

    def to_html(self, **options: Any) -> str:
        return records_to_html(self.columns, self.display_rows(),
                               caption=self.caption or None, **options)

    def to_markdown(self) -> str:
        return records_to_markdown(self.columns, self.display_rows())


def evidence_matrix(project: Project, version: str | Version | None = None,
                    axis: str = "kind", *,
                    index: dict[str, list[Evidence]] | None = None,
                    lang: str = "en") -> EvidenceMatrix:
    """The evidence-gap matrix of a version (default: the newest) by evidence kind or by work
    package (``axis='work_package'``; evidence without a work package goes in 'no_wp').

    Evidence that bears only on elements of other versions is not counted here. The caption
    is in `lang`.
    """
    if axis not in ("kind", "work_package"):
        raise ValueError(f"axis must be 'kind' or 'work_package', not {axis!r}")
    version = _version(project, version)
    categories = list(EVIDENCE_KINDS) if axis == "kind" else \
        project.vocabulary.values("evidence_source") + [NO_WORK_PACKAGE]
    if index is None:
        index = evidence_index(project.evidence)
    rows, cells = [], {}
    all_elements = elements(version)
    for element in all_elements:
        items = index.get(element.id, [])
        row: dict[str, Any] = {"element": element.id, "type": element.type,
                               "kind": element.kind, "label_nl": element.label_nl,
                               "label_en": element.label_en}
        for category in categories:
            chosen = [e for e in items if _category(e, axis) == category]
            cells[(element.id, category)] = _cell(chosen)
            row[category] = len(chosen)
        overall = _cell(items)
        row["total"] = overall.count
        row.update({s: getattr(overall, s) for s in STANCES})
        rows.append(row)
    return EvidenceMatrix(
        columns=ELEMENT_COLUMNS + categories + ["total", *STANCES], rows=rows,
        caption=message(f"evidence.records.by_{'kind' if axis == 'kind' else 'source'}", lang,
                        version=version.id),
        version=version.id, axis=axis, categories=categories, elements=all_elements,
        cells=cells)


def _category(item: Evidence, axis: str) -> str:
    if axis == "kind":
        return item.kind.value
    return item.work_package.value if item.work_package else NO_WORK_PACKAGE


def unevidenced(project: Project, version: str | Version | None = None) -> list[Element]:
    """The nodes, groups and links of a version that no evidence bears on, in file order."""
    version = _version(project, version)
    index = evidence_index(project.evidence)
    return [e for e in elements(version) if not index.get(e.id)]


# ------------------------------------------------------------------------------ quotes

QUOTE_COLUMNS = ["element", "type", "label_nl", "evidence", "role", "text", "stance",
                 "work_package", "report"]


def quotes_by_element(project: Project, version: str | Version | None = None
                      ) -> dict[str, list[Evidence]]:
    """The quotes bearing on each element of a version, elements in file order, quotes in
    evidence-file order. Elements without quotes are left out. A quote that bears on several
    elements is listed under each."""
    version = _version(project, version)
    index = evidence_index(e for e in project.evidence if e.kind.value == "quote")
    return {el.id: index[el.id] for el in elements(version) if index.get(el.id)}


def quote_records(project: Project, version: str | Version | None = None, *,
                  lang: str = "en") -> Records:
    """Every quote per element, with the respondent's role, as one row each (caption in
    `lang`)."""
    version = _version(project, version)
    index = evidence_index(e for e in project.evidence if e.kind.value == "quote")
    sections = project_sections(project)
    rows = []
    for el in elements(version):
        for q in index.get(el.id, []):
            rows.append({"element": el.id, "type": el.type, "label_nl": el.label_nl,
                         "evidence": q.id, "role": q.role, "text": q.text,
                         "stance": q.stance.value,
                         "work_package": q.work_package.value if q.work_package else "",
                         "report": cite_all(q.report, sections)})
    return Records(list(QUOTE_COLUMNS), rows,
                   caption=message("evidence.records.quotes", lang, version=version.id))


# ------------------------------------------------------------------------------ all at once

@dataclass
class EvidenceMap:
    """Everything about the evidence of one version, for a report section."""

    version: str
    by_kind: EvidenceMatrix
    by_work_package: EvidenceMatrix
    unevidenced: list[Element]
    quotes: Records
    weakest_paths: list[WeakestPath]
    unreached_actions: list[str]
    lang: str = "en"

    def unevidenced_records(self) -> Records:
        rows = [{"element": e.id, "type": e.type, "kind": e.kind, "label_nl": e.label_nl,
                 "label_en": e.label_en} for e in self.unevidenced]
        return Records(list(ELEMENT_COLUMNS), rows, caption=message(
            "evidence.records.unevidenced", self.lang, version=self.version))

    def path_records(self) -> Records:
        return path_records(self.weakest_paths, lang=self.lang)


def evidence_map(project: Project, version: str | Version | None = None, *,
                 extra_evidence: Iterable[Evidence] = (), lang: str = "en") -> EvidenceMap:
    """The evidence-gap matrices (by kind and by work package), the elements without
    evidence, the quotes per element and the weakest paths of a version (default: newest).

    `extra_evidence` is counted too, e.g. measured indicators
    (`indicators.measurement_evidence`). The tables' captions are in `lang`."""
    version = _version(project, version)
    index = evidence_index([*project.evidence, *extra_evidence])
    by_kind = evidence_matrix(project, version, "kind", index=index, lang=lang)
    paths = weakest_paths(project, version, index=index)
    actions, _ = pathway_ends(project, version)
    reached = {p.source for p in paths}
    return EvidenceMap(
        version=version.id, by_kind=by_kind,
        by_work_package=evidence_matrix(project, version, "work_package", index=index,
                                        lang=lang),
        unevidenced=by_kind.gaps, quotes=quote_records(project, version, lang=lang),
        weakest_paths=paths, unreached_actions=[a for a in actions if a not in reached],
        lang=lang)
