"""Checks over the typed project: identity, references and the logic of the theory.

Each check adds findings and never stops at the first; `check_project` returns all of them.
Findings carry a data path inside their file; `project.read_project` turns it into line:col.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

import networkx as nx

from . import model as m
from . import monitoring_checks
from .confidence_checks import check_confidence_data
from .findings import Finding, did_you_mean, finding
from .report import locate_report, report_bytes, report_path_problems
from .settings import Vocabulary


class _Ids:
    """Ids known in the project, for resolving references with suggestions."""

    def __init__(self, project: m.Project, dropped: set[str]) -> None:
        self.dropped = dropped
        self.per_version: dict[str, set[str]] = {}
        for vid, version in project.versions.items():
            ids = {n.id for n in version.nodes} | {g.id for g in version.groups} | \
                  {link.id for link in version.links}
            self.per_version[vid] = ids
        self.theory: set[str] = set().union(*self.per_version.values()) \
            if self.per_version else set()
        self.elements: set[str] = set()  # nodes and groups, without links
        for version in project.versions.values():
            self.elements |= {n.id for n in version.nodes} | {g.id for g in version.groups}
        self.theory |= dropped
        self.elements |= dropped
        self.citations = {s.key for s in project.sources.literature} | dropped

    @staticmethod
    def hint(word: str, choices: Iterable[str], fallback: str) -> str:
        return did_you_mean(word, sorted(choices)) or fallback


def check_project(project: m.Project, typed: dict[str, list[tuple[str, Any]]],
                  dropped: set[str] | None = None) -> list[Finding]:
    """Every finding of the checks. `dropped`: ids of elements that failed the schema; they
    count as known, so that their schema error is not repeated as a dangling reference."""
    out: list[Finding] = []
    ids = _Ids(project, dropped or set())
    for version in project.versions.values():
        _check_version(version, ids, project, out)
    _check_revisions(project, out)
    _check_evidence(typed["evidence"], ids, out)
    _check_sources(typed["sources"], out)
    _check_recommendations(typed["recommendations"], ids, out)
    if typed["outcomes"]:
        _check_outcomes(*typed["outcomes"][0], ids, out)
    if typed["barometer"]:
        _check_barometer(*typed["barometer"][0], ids, out)
    _check_report_lines(project, typed, out)
    out += check_confidence_data(project, typed, ids.theory)
    return out


def _duplicates(items: list[tuple[str, str, tuple]], what: str, out: list[Finding]) -> None:
    """items: (id, file, path); reports every repeat after the first."""
    first: dict[str, tuple[str, tuple]] = {}
    for item_id, file, path in items:
        if item_id in first:
            first_file, first_path = first[item_id]
            where = first_file if first_file != file else _describe(first_path[:-1])
            out.append(finding("PT301", f"duplicate {what} id '{item_id}' (first in {where})",
                               "give each element its own id", file=file, path=path))
        else:
            first[item_id] = (file, path)


def _describe(path: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p)
                   for i, p in enumerate(path))


# ------------------------------------------------------------------ versions

def _check_version(version: m.Version, ids: _Ids, project: m.Project,
                   out: list[Finding]) -> None:
    file = version.path
    _duplicates([(n.id, file, ("nodes", i, "id")) for i, n in enumerate(version.nodes)]
                + [(g.id, file, ("groups", i, "id")) for i, g in enumerate(version.groups)]
                + [(lk.id, file, ("links", i, "id")) for i, lk in enumerate(version.links)],
                "element", out)
    nodes = {n.id: n for n in version.nodes}
    groups = {g.id: g for g in version.groups}
    elements = set(nodes) | set(groups) | ids.dropped
    other_versions = set().union(*(v for k, v in ids.per_version.items() if k != version.id)) \
        if len(ids.per_version) > 1 else set()

    primary = project.primary_language
    vocabulary = project.vocabulary
    condition_kinds, term_kinds = vocabulary.condition_kinds, vocabulary.term_kinds
    for i, node in enumerate(version.nodes):
        path = ("nodes", i)
        if not node.label.text(primary).strip():
            out.append(finding("PT204", f"node '{node.id}' has no label in the primary "
                               f"language '{primary}'", f"write the label in label.{primary}",
                               file=file, path=path + ("label",)))
        if node.condition and node.kind.value not in condition_kinds:
            out.append(finding("PT205", f"node '{node.id}' of kind {node.kind.value} cannot "
                               f"carry condition '{node.condition.value}'",
                               "only " + ", ".join(sorted(condition_kinds)) + " carry a "
                               "condition", file=file, path=path + ("condition",)))
        if node.term and node.kind.value not in term_kinds:
            out.append(finding("PT206", f"node '{node.id}' of kind {node.kind.value} has a "
                               f"term ('{node.term.value}')", "terms apply to " +
                               ", ".join(sorted(term_kinds)), file=file, path=path + ("term",)))
        if node.parent and node.parent not in elements:
            out.append(finding("PT302", f"node '{node.id}' has unknown parent '{node.parent}'",
                               ids.hint(node.parent, elements, "use an id of this version"),
                               file=file, path=path + ("parent",)))
        for j, other in enumerate(node.corresponds_to):
            if other not in other_versions:
                out.append(finding("PT309", f"node '{node.id}' corresponds to '{other}', which "
                                   "no other version has",
                                   ids.hint(other, other_versions, "check the id"),
                                   file=file, path=path + ("corresponds_to", j)))
        _check_citations(node.citations, ids, file, path + ("citations",), out)

    for i, group in enumerate(version.groups):
        if not group.members:
            out.append(finding("PT407", f"group '{group.id}' has no members",
                               "list the member node ids", file=file,
                               path=("groups", i, "members")))
        for j, member in enumerate(group.members):
            if member not in nodes and member not in ids.dropped:
                out.append(finding("PT302", f"group '{group.id}' lists unknown member "
                                   f"'{member}'", ids.hint(member, nodes, "use a node id"),
                                   file=file, path=("groups", i, "members", j)))

    causal = nx.DiGraph()
    seen_pairs: dict[tuple, str] = {}
    linked: set[str] = set()
    dangling = False  # a link end that is a typo may be the very node that looks orphaned
    for i, link in enumerate(version.links):
        path = ("links", i)
        rule = vocabulary.link_rules.get(link.kind)
        if rule is None:
            out.append(finding("PT207", f"link '{link.id}' has unknown kind '{link.kind}'",
                               ids.hint(link.kind, vocabulary.link_rules,
                                        "see docs/link-rules.md"),
                               file=file, path=path + ("kind",)))
        _check_citations(link.citations, ids, file, path + ("citations",), out)
        ends_ok = True
        for field, raw in (("from", link.source), ("to", link.target)):
            names = [raw] if isinstance(raw, str) else raw
            for j, name in enumerate(names):
                if name in elements:
                    linked.add(name)
                    continue
                ends_ok = False
                where = path + (field,) if isinstance(raw, str) else path + (field, j)
                out.append(finding("PT302", f"link '{link.id}' {field} unknown element '{name}'",
                                   ids.hint(name, elements,
                                            "use a node or group id of this version"),
                                   file=file, path=where))
        if not ends_ok:
            dangling = True
            continue
        for source, target in link.edges():
            if source == target:
                out.append(finding("PT405", f"link '{link.id}' starts and ends at '{source}'",
                                   "point the link at another element", file=file, path=path))
                continue
            pair = (source, target, link.kind)
            if pair in seen_pairs:
                out.append(finding("PT406", f"links '{seen_pairs[pair]}' and '{link.id}' both "
                                   f"join {source} -> {target} as {link.kind}",
                                   "merge them, keeping both sentences", file=file, path=path))
            else:
                seen_pairs[pair] = link.id
            if rule is None:
                continue
            source_kinds = _kinds(source, nodes, groups)
            target_kinds = _kinds(target, nodes, groups)
            bad = [(s, t) for s in source_kinds for t in target_kinds
                   if "*" not in (s, t) and not rule.allows(s, t)]
            if bad:
                s, t = bad[0]
                out.append(finding("PT401", f"link '{link.id}': {link.kind} may not join "
                                   f"{_a(s)} ({source}) to {_a(t)} ({target})",
                                   "choose a link kind that fits (docs/link-rules.md), e.g. "
                                   + _fitting_kinds(vocabulary, s, t), file=file,
                                   path=path + ("kind",)))
            if rule.causal and not rule.feedback:
                rank_s = vocabulary.rank(_term(source, nodes, groups))
                rank_t = vocabulary.rank(_term(target, nodes, groups))
                if rank_s is not None and rank_t is not None and rank_s > rank_t:
                    out.append(finding("PT402", f"link '{link.id}' runs backwards in term, from "
                                       f"{source} ({_term(source, nodes, groups)}) to {target} "
                                       f"({_term(target, nodes, groups)})",
                                       "reverse it, or make it kind feeds_back", file=file,
                                       path=path))
                causal.add_edge(source, target, link=link.id, index=i)

    for component in nx.strongly_connected_components(causal):
        if len(component) < 2:
            continue
        cycle = nx.find_cycle(causal.subgraph(component))
        first = causal.edges[cycle[0][0], cycle[0][1]]
        chain = " -> ".join([cycle[0][0]] + [v for _, v in cycle])
        links = ", ".join(causal.edges[u, v]["link"] for u, v in cycle)
        out.append(finding("PT403", f"causal links form a cycle: {chain} (links {links})",
                           "break the cycle, or mark the returning link as feeds_back",
                           file=file, path=("links", first["index"])))
    _check_group_cycles(version, causal, file, out)

    if ids.dropped or dangling:
        return  # a link left out for a schema error would make its ends look orphaned
    children = {n.parent for n in version.nodes if n.parent}
    members = {mbr for g in version.groups for mbr in g.members}
    for i, node in enumerate(version.nodes):
        if node.id not in linked and node.id not in members and node.id not in children \
                and not node.parent:
            out.append(finding("PT404", f"node '{node.id}' has no links and belongs to no group",
                               "link it to what it enables or depends on", file=file,
                               path=("nodes", i, "id")))


def _check_revisions(project: m.Project, out: list[Finding]) -> None:
    """An element that a version says the next one does not discuss must not be continued by
    that next version (by the same id or a correspondence)."""
    for version in project.versions.values():
        base = project.versions.get(version.info.based_on or "")
        if base is None:
            continue
        continued: dict[str, str] = {n.id: n.id for n in version.nodes}
        for node in version.nodes:
            for old in node.corresponds_to:
                continued.setdefault(old, node.id)
        for i, node in enumerate(base.nodes):
            if node.revision and node.revision.status.value == "not_discussed" and \
                    node.id in continued:
                out.append(finding(
                    "PT310", f"node '{node.id}' is marked not_discussed, but version "
                    f"'{version.id}' continues it ('{continued[node.id]}')",
                    "set revision.status to retained or reframed, or remove the "
                    "correspondence", file=base.path, path=("nodes", i, "revision", "status")))


def _a(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def _kinds(element: str, nodes: dict, groups: dict) -> set[str]:
    if element not in nodes and element not in groups:
        return {"*"}  # left out for a schema error
    if element in nodes:
        return {nodes[element].kind.value}
    return {nodes[mbr].kind.value for mbr in groups[element].members if mbr in nodes} or {"*"}


def _term(element: str, nodes: dict, groups: dict) -> str | None:
    if element not in nodes and element not in groups:
        return None
    if element in nodes:
        return nodes[element].term.value if nodes[element].term else None
    group = groups[element]
    if group.term:
        return group.term.value
    terms = {nodes[mbr].term.value for mbr in group.members if mbr in nodes and nodes[mbr].term}
    return terms.pop() if len(terms) == 1 else None


def _fitting_kinds(vocabulary: Vocabulary, source_kind: str, target_kind: str) -> str:
    fitting = [k for k, rule in vocabulary.link_rules.items()
               if rule.allows(source_kind, target_kind)]
    return ", ".join(fitting[:4]) if fitting else "check the node kinds"


def _check_citations(keys: list[str], ids: _Ids, file: str, path: tuple,
                     out: list[Finding]) -> None:
    for j, key in enumerate(keys):
        if key not in ids.citations:
            out.append(finding("PT305", f"citation '{key}' is not in theory/sources.yaml",
                               ids.hint(key, ids.citations, "add it to theory/sources.yaml "
                                        "literature"), file=file, path=path + (j,)))


# ------------------------------------------------------------------ evidence and sources

def _check_evidence(files: list[tuple[str, m.EvidenceFile]], ids: _Ids,
                    out: list[Finding]) -> None:
    _duplicates([(e.id, file, ("evidence", i, "id")) for file, ef in files
                 for i, e in enumerate(ef.evidence)], "evidence", out)
    for file, ef in files:
        for i, item in enumerate(ef.evidence):
            path = ("evidence", i)
            if not item.bears_on:
                out.append(finding("PT304", f"evidence '{item.id}' bears on nothing",
                                   "list the node or link ids it bears on in bears_on",
                                   file=file, path=path + ("id",)))
            for j, target in enumerate(item.bears_on):
                if target not in ids.theory:
                    out.append(finding("PT303", f"evidence '{item.id}' bears on unknown id "
                                       f"'{target}'", ids.hint(target, ids.theory,
                                                               "use a node, group or link id"),
                                       file=file, path=path + ("bears_on", j)))
            if item.citation and item.citation not in ids.citations:
                out.append(finding("PT305", f"citation '{item.citation}' is not in "
                                   "theory/sources.yaml",
                                   ids.hint(item.citation, ids.citations,
                                            "add it to theory/sources.yaml literature"),
                                   file=file, path=path + ("citation",)))


def _check_sources(files: list[tuple[str, m.SourcesFile]], out: list[Finding]) -> None:
    for file, sf in files:
        _duplicates([(s.key, file, ("literature", i, "key")) for i, s in
                     enumerate(sf.literature)], "citation", out)


def _check_recommendations(files: list[tuple[str, m.RecommendationsFile]], ids: _Ids,
                           out: list[Finding]) -> None:
    _duplicates([(r.id, file, ("recommendations", i, "id")) for file, rf in files
                 for i, r in enumerate(rf.recommendations)], "recommendation", out)
    own = {r.id for _, rf in files for r in rf.recommendations}
    for file, rf in files:
        for i, rec in enumerate(rf.recommendations):
            path = ("recommendations", i)
            if rec.parent and rec.parent not in own and rec.parent not in ids.dropped:
                out.append(finding("PT308", f"recommendation '{rec.id}' has unknown parent "
                                   f"'{rec.parent}'", ids.hint(rec.parent, own,
                                                               "use a recommendation id"),
                                   file=file, path=path + ("parent",)))
            for j, target in enumerate(rec.targets):
                if target not in ids.theory:
                    out.append(finding("PT308", f"recommendation '{rec.id}' targets unknown id "
                                       f"'{target}'", ids.hint(target, ids.theory,
                                                               "use a theory id"),
                                       file=file, path=path + ("targets", j)))


# ------------------------------------------------------------------ outcome table, barometer

def _check_outcomes(file: str, table: m.OutcomeTable, ids: _Ids, out: list[Finding]) -> None:
    perspectives = {p.id for p in table.perspectives}
    indicators = {ind.id for ind in table.indicators}
    _duplicates([(p.id, file, ("perspectives", i, "id")) for i, p in
                 enumerate(table.perspectives)]
                + [(ind.id, file, ("indicators", i, "id")) for i, ind in
                   enumerate(table.indicators)]
                + [(it.id, file, ("cells", c, "items", i, "id"))
                   for c, cell in enumerate(table.cells) for i, it in enumerate(cell.items)],
                "outcome-table", out)
    cells = Counter()
    for c, cell in enumerate(table.cells):
        path = ("cells", c)
        key = (cell.perspective, cell.term.value)
        cells[key] += 1
        if cells[key] == 2:
            out.append(finding("PT503", f"a second cell for {cell.perspective} / "
                               f"{cell.term.value}", "merge the items into one cell",
                               file=file, path=path))
        if cell.perspective not in perspectives and cell.perspective not in ids.dropped:
            out.append(finding("PT306", f"cell uses unknown perspective '{cell.perspective}'",
                               ids.hint(cell.perspective, perspectives, "use a perspective "
                                        "id"), file=file, path=path + ("perspective",)))
        for i, item in enumerate(cell.items):
            for j, target in enumerate(item.theory):
                if target not in ids.elements:
                    out.append(finding("PT306", f"item '{item.id}' links to unknown theory id "
                                       f"'{target}'", ids.hint(target, ids.elements,
                                                               "use a node or group id"),
                                       file=file, path=path + ("items", i, "theory", j)))
            for j, ind in enumerate(item.indicators):
                if ind not in indicators and ind not in ids.dropped:
                    out.append(finding("PT306", f"item '{item.id}' uses unknown indicator "
                                       f"'{ind}'", ids.hint(ind, indicators,
                                                            "define it under indicators:"),
                                       file=file, path=path + ("items", i, "indicators", j)))
    for i, ind in enumerate(table.indicators):
        _check_citations(ind.citations, ids, file, ("indicators", i, "citations"), out)
    monitoring_checks.check_outcomes(file, table, out)


def _check_barometer(file: str, barometer: m.Barometer, ids: _Ids, out: list[Finding]) -> None:
    elements = {ce.id for ce in barometer.critical_elements}
    _duplicates([(w.id, file, ("waves", i, "id")) for i, w in enumerate(barometer.waves)]
                + [(ce.id, file, ("critical_elements", i, "id"))
                   for i, ce in enumerate(barometer.critical_elements)]
                + [(f.id, file, ("factors", i, "id")) for i, f in enumerate(barometer.factors)]
                + [(s.id, file, ("survey_items", i, "id"))
                   for i, s in enumerate(barometer.survey_items)]
                + [(h.id, file, ("handles", i, "id")) for i, h in enumerate(barometer.handles)],
                "barometer", out)
    low, high = barometer.instrument.scale_min, barometer.instrument.scale_max
    for w, wave in enumerate(barometer.waves):
        total = 0.0
        for s, share in enumerate(wave.distribution):
            total += share.percent
            first, last = share.scores
            if not (low <= first <= last <= high):
                out.append(finding("PT502", f"wave '{wave.id}': scores {first}-{last} lie "
                                   f"outside the scale {low}-{high}",
                                   "use scores within the instrument's scale", file=file,
                                   path=("waves", w, "distribution", s, "scores")))
        if total > 100.5:  # printed percentages are rounded to one decimal
            out.append(finding("PT501", f"wave '{wave.id}': the shares add up to {total:.1f}%",
                               "check the percentages against the report", file=file,
                               path=("waves", w, "distribution")))

    def theory_refs(entries: list, section: str) -> None:
        for i, entry in enumerate(entries):
            for j, target in enumerate(entry.theory):
                if target not in ids.elements:
                    out.append(finding("PT307", f"{section}[{i}] links to unknown theory id "
                                       f"'{target}'", ids.hint(target, ids.elements,
                                                               "use a node or group id"),
                                       file=file, path=(section, i, "theory", j)))

    theory_refs(barometer.critical_elements, "critical_elements")
    theory_refs(barometer.factors, "factors")
    theory_refs(barometer.handles, "handles")
    levels = set(barometer.factor_levels)
    for i, factor in enumerate(barometer.factors):
        if levels and factor.level not in levels:
            out.append(finding("PT307", f"factor '{factor.id}' has unknown level "
                               f"'{factor.level}'", ids.hint(factor.level, levels,
                                                             "use one of factor_levels"),
                               file=file, path=("factors", i, "level")))
    for i, item in enumerate(barometer.survey_items):
        if item.critical_element and item.critical_element not in elements and \
                item.critical_element not in ids.dropped:
            out.append(finding("PT307", f"survey item '{item.id}' names unknown critical "
                               f"element '{item.critical_element}'",
                               ids.hint(item.critical_element, elements,
                                        "use a critical_elements id"),
                               file=file, path=("survey_items", i, "critical_element")))
    monitoring_checks.check_barometer(file, barometer, out)


# ------------------------------------------------------------------ report references

def _check_report_lines(project: m.Project, typed: dict, out: list[Finding]) -> None:
    info = project.sources.report
    if info is None:
        return
    sections = {section.id for section in info.sections}
    total = _report_line_count(project, typed, out)
    for entries in typed.values():
        for file, value in entries:
            for path, ref in _report_refs(value, ()):
                if sections and ref.section not in sections:
                    out.append(finding("PT209", f"report section '{ref.section}' is not listed "
                                       "in theory/sources.yaml",
                                       did_you_mean(ref.section, sections) or
                                       "add the section to report.sections",
                                       file=file, path=path + ("section",)))
                if total is not None and ref.lines and ref.lines[1] > total:
                    out.append(finding("PT208", f"report lines {ref.lines[0]}-{ref.lines[1]} "
                                       f"are past the end of the report ({total} lines)",
                                       "check the line numbers against "
                                       f"{info.file}", file=file, path=path + ("lines",)))


def _report_refs(value: Any, path: tuple):
    """Every ReportRef inside a model, with its data path."""
    if isinstance(value, m.ReportRef):
        yield path, value
    elif isinstance(value, m.Strict):
        for name, field in type(value).model_fields.items():
            child = getattr(value, name)
            if child is None or isinstance(child, (str, int, float, bool)):
                continue
            yield from _report_refs(child, path + (field.alias or name,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            if isinstance(child, (m.Strict, list)):
                yield from _report_refs(child, path + (i,))



_REPORT_HINTS = {
    "PT103": "point report.file in theory/sources.yaml at the report's text, or shorten it",
    "PT110": "point report.file in theory/sources.yaml at a plain text file",
    "PT111": "the report text may lie in the project folder or the folder beside it: copy it "
             "there, or point report.search at that folder",
}


def _report_file(project: m.Project, typed: dict, out: list[Finding]) -> bytes | None:
    """The report text's bytes, or None (with a finding when its path or file is refused).

    The report text is optional: a project may ship without it."""
    from .yamlio import ReadRefused

    info = project.sources.report
    file = typed["sources"][0][0] if typed["sources"] else "theory/sources.yaml"
    for index, problem in report_path_problems(info.file, info.search):
        out.append(finding("PT112", problem, file=file,
                           path=("report", "file") if index is None
                           else ("report", "search", index)))
    located = locate_report(project.root, info.file, info.search)
    if located is None:
        return None
    try:
        return report_bytes(project.root, located)
    except ReadRefused as exc:  # the reader's hints speak of YAML data files
        out.append(finding(exc.code, f"report file '{info.file}': {exc.message}",
                           _REPORT_HINTS.get(exc.code, exc.hint), file=file,
                           path=("report", "file")))
    except OSError as exc:
        out.append(finding("PT101", f"cannot read report file '{info.file}': {exc.strerror}",
                           file=file, path=("report", "file")))
    return None


def _report_line_count(project: m.Project, typed: dict, out: list[Finding]) -> int | None:
    raw = _report_file(project, typed, out)
    if raw is None:
        return None
    return raw.count(b"\n") + (0 if raw.endswith(b"\n") or not raw else 1)


# ------------------------------------------------------------------ text safety

def text_findings(loaded: dict, project: m.Project | None) -> list[Finding]:
    """Control and hidden characters in every string of every file read (`textsafe`).

    Hidden characters are allowed in a string that occurs verbatim in the report text."""
    from .report import ReportText
    from .textsafe import data_findings
    from .yamlio import ReadRefused

    report: list = []

    def in_report(text: str) -> bool:
        if not report:
            report.append(None)
            info = project.sources.report if project is not None else None
            located = locate_report(project.root, info.file, info.search) if info else None
            if located is not None:
                try:
                    report[0] = ReportText(located, report_bytes(project.root, located))
                except (OSError, ValueError, ReadRefused):  # reported by the report check
                    pass
        return report[0] is not None and report[0].contains(text)

    out: list[Finding] = []
    for display, result in loaded.items():
        if result.data is not None:
            out += data_findings(result.data, display, in_report, result.raw)
    return out


# ------------------------------------------------------------------ cycles through groups

def _check_group_cycles(version: m.Version, causal: nx.DiGraph, file: str,
                        out: list[Finding]) -> None:
    """PT410: a cycle once membership counts as a link from a member to its group (a change in
    a member is a change in its group), so that a group leading to one of its own members,
    directly or through other elements, is a cycle. Cycles of links alone are PT403's."""
    if not version.groups:
        return
    joined = causal.copy()
    for i, group in enumerate(version.groups):
        for member in group.members:
            if member != group.id and not joined.has_edge(member, group.id):
                joined.add_edge(member, group.id, part_of=i)
    for component in nx.strongly_connected_components(joined):
        inner = joined.subgraph(component)
        part_of = [(u, v) for u, v, d in inner.edges(data=True) if "part_of" in d]
        if len(component) < 2 or not part_of:
            continue
        member, group = min(part_of)
        steps = nx.shortest_path(inner, group, member)
        edges = list(zip(steps, steps[1:]))
        links = [inner.edges[u, v]["link"] for u, v in edges if "link" in inner.edges[u, v]]
        chain = " -> ".join(steps) + f" -> {group}"
        first = next((inner.edges[u, v] for u, v in edges if "index" in inner.edges[u, v]),
                     None)
        where = ("links", first["index"]) if first else \
            ("groups", inner.edges[member, group]["part_of"], "members")
        out.append(finding("PT410", f"causal links form a cycle through group membership: "
                           f"{chain}, as '{member}' is a member of '{group}'"
                           + (f" (links {', '.join(links)})" if links else ""),
                           "link from or to the member itself instead of its group, or mark "
                           "the returning link as feeds_back", file=file, path=where))
