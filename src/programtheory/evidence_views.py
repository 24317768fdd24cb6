"""The evidence map as a reader sees it: every element by its label (a link by the labels of
its ends), headers in the page's language, the count notation explained in the caption, the
source cited by section; no ids. The structures of `evidence_map` keep the ids for analysis
and for the technical appendix.
"""

from __future__ import annotations

from .citations import cite_all, project_sections
from .evidence_map import EvidenceMap, EvidenceMatrix
from .evidence_paths import WeakestPath
from .model import Project, Version
from .tables import Records
from .vocab import value_labels
from .wording import label_text, message


def element_names(version: Version, lang: str = "en") -> dict[str, str]:
    """Element id -> what a reader sees: a node's or group's label, a link as
    'label + label → label'."""
    def label(item) -> str:
        return " ".join(label_text(item.label, lang).split())

    names = {n.id: label(n) for n in version.nodes}
    names.update({g.id: label(g) for g in version.groups})
    for link in version.links:
        names[link.id] = (" + ".join(names.get(s, s) for s in link.sources) + " → "
                          + " + ".join(names.get(t, t) for t in link.targets))
    return names


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _category_names(matrix: EvidenceMatrix, lang: str) -> dict[str, str]:
    if matrix.axis == "kind":
        return {k: _capital(v) for k, v in value_labels("evidence_kind", lang).items()}
    return {category: category for category in matrix.categories} | {
        "no_wp": message("evidence.no_source", lang)}


def matrix_view(matrix: EvidenceMatrix, version: Version, lang: str = "en") -> Records:
    """The evidence-gap matrix for a page: element, type of element, a column per category
    with the count and stances ('3 (+2 ±1)'), the total; gaps empty."""
    names = element_names(version, lang)
    kinds = value_labels("kind", lang) | {"group": message("evidence.group", lang)}
    links = value_labels("link_kind", lang)
    categories = _category_names(matrix, lang)
    element, kind, total = (message("evidence.col_element", lang),
                            message("evidence.col_kind", lang),
                            message("evidence.col_total", lang))
    columns = [element, kind, *(categories.get(c, c) for c in matrix.categories), total]
    rows = []
    for shown in matrix.display_rows():
        what = shown["kind"]
        row = {element: names.get(shown["element"], shown["element"]),
               kind: links.get(what, kinds.get(what, what)) if shown["type"] == "link"
               else kinds.get(what, what)}
        row.update({categories.get(c, c): shown[c] for c in matrix.categories})
        row[total] = shown["total"]
        rows.append(row)
    axis = message("evidence.by_kind" if matrix.axis == "kind" else "evidence.by_source", lang)
    caption = f"{axis}. {message('evidence.notation', lang)}"
    return Records(columns, rows, caption=caption)


def unevidenced_view(emap: EvidenceMap, version: Version, lang: str = "en") -> Records:
    names = element_names(version, lang)
    kinds = value_labels("kind", lang) | value_labels("link_kind", lang) | {
        "group": message("evidence.group", lang)}
    element, kind = message("evidence.col_element", lang), message("evidence.col_kind", lang)
    rows = [{element: names.get(e.id, e.id), kind: kinds.get(e.kind, e.kind)}
            for e in emap.unevidenced]
    return Records([element, kind], rows, caption=message("evidence.unevidenced", lang))


def paths_view(paths: list[WeakestPath], version: Version, lang: str = "en") -> Records:
    """The weakest paths by the labels of their elements, with the evidence per link."""
    names = element_names(version, lang)
    columns = [message(key, lang) for key in ("evidence.col_action", "evidence.col_outcome",
                                              "evidence.col_path", "evidence.col_bottleneck",
                                              "evidence.col_per_link")]
    rows = []
    for path in paths:
        steps = " → ".join(names.get(node, node) for node in path.nodes)
        counts = " / ".join(str(step.evidence_count) for step in path.steps)
        rows.append(dict(zip(columns, [names.get(path.source, path.source),
                                       names.get(path.target, path.target), steps,
                                       path.bottleneck, counts], strict=True)))
    return Records(columns, rows, caption=message("evidence.paths", lang))


def quotes_view(project: Project, version: Version, lang: str = "en") -> Records:
    """Every quote per element, with the respondent's role and where the source gives it."""
    from .graph import evidence_index

    names = element_names(version, lang)
    stances = value_labels("stance", lang)
    sections = project_sections(project)
    index = evidence_index(e for e in project.evidence if e.kind.value == "quote")
    columns = [message(key, lang) for key in ("evidence.col_element", "evidence.col_role",
                                              "evidence.col_quote", "evidence.col_stance",
                                              "evidence.col_source")]
    rows = []
    for element_id, name in names.items():
        for quote in index.get(element_id, []):
            rows.append(dict(zip(columns, [name, quote.role, quote.text,
                                           stances.get(quote.stance.value, quote.stance.value),
                                           cite_all(quote.report, sections)], strict=True)))
    return Records(columns, rows, caption=message("evidence.quotes", lang))
