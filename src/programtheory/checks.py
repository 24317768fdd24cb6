"""Checks over the typed project: identity, references and the logic of the theory.

Each check adds findings and never stops at the first; `check_project` returns all of them.
Findings carry a data path inside their file; `project.read_project` turns it into line:col.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Iterable

import networkx as nx

from . import model as m
from . import monitoring_checks
from .column_checks import check_columns
from .confidence_checks import check_confidence_data
from .cycle_checks import cycle_findings
from .findings import Finding, did_you_mean, finding
from .moderators import check_moderators, link_ids
from .report import locate_report, report_bytes, report_path_problems
from .report_ref_fields import report_ref_fields
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
        out += check_columns(version, project.vocabulary)
        out += check_moderators(version)
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

@dataclass
class _VersionCheck:
    """What the checks of one version share: its elements, the project's vocabulary and the
    findings so far."""

    version: m.Version
    ids: _Ids
    vocabulary: Vocabulary
    primary: str
    out: list[Finding]
    nodes: dict = field(init=False)
    groups: dict = field(init=False)
    elements: set = field(init=False)
    others: set = field(init=False)  # the ids of every other version
    linked: set = field(default_factory=set)
    moderated: set = field(init=False)  # link ids in a link's `to` make moderators (moderators.py)
    dangling: bool = False  # a link end that is a typo may be the very node that looks orphaned

    def __post_init__(self) -> None:
        self.nodes = {n.id: n for n in self.version.nodes}
        self.groups = {g.id: g for g in self.version.groups}
        self.elements = set(self.nodes) | set(self.groups) | self.ids.dropped
        self.moderated = link_ids(self.version)
        self.others = set().union(*(ids for vid, ids in self.ids.per_version.items()
                                    if vid != self.version.id))

    @property
    def file(self) -> str:
        return self.version.path

    def add(self, code: str, message: str, hint: str, path: tuple) -> None:
        self.out.append(finding(code, message, hint, file=self.file, path=path))


def _check_version(version: m.Version, ids: _Ids, project: m.Project,
                   out: list[Finding]) -> None:
    file = version.path
    _duplicates([(n.id, file, ("nodes", i, "id")) for i, n in enumerate(version.nodes)]
                + [(g.id, file, ("groups", i, "id")) for i, g in enumerate(version.groups)]
                + [(lk.id, file, ("links", i, "id")) for i, lk in enumerate(version.links)],
                "element", out)
    check = _VersionCheck(version, ids, project.vocabulary, project.primary_language, out)
    for i, node in enumerate(version.nodes):
        _check_node(check, node, ("nodes", i))
    _check_groups(check)
    causal = nx.DiGraph()
    seen_pairs: dict[tuple, str] = {}
    for i, link in enumerate(version.links):
        _check_link(check, link, ("links", i), causal, seen_pairs)
    _check_cycles(check, causal)
    if not (ids.dropped or check.dangling):
        # a link left out for a schema error would make its ends look orphaned
        _check_orphans(check)


def _check_node(check: _VersionCheck, node: m.Node, path: tuple) -> None:
    ids, vocabulary, primary = check.ids, check.vocabulary, check.primary
    if not node.label.text(primary).strip():
        check.add("PT204", f"node '{node.id}' has no label in the primary language "
                  f"'{primary}'", f"write the label in label.{primary}", path + ("label",))
    if node.condition and node.kind.value not in vocabulary.condition_kinds:
        check.add("PT205", f"node '{node.id}' of kind {node.kind.value} cannot carry "
                  f"condition '{node.condition.value}'",
                  "only " + ", ".join(sorted(vocabulary.condition_kinds)) + " carry a "
                  "condition", path + ("condition",))
    if node.term and node.kind.value not in vocabulary.term_kinds:
        check.add("PT206", f"node '{node.id}' of kind {node.kind.value} has a term "
                  f"('{node.term.value}')",
                  "terms apply to " + ", ".join(sorted(vocabulary.term_kinds)), path + ("term",))
    if node.parent and node.parent not in check.elements:
        check.add("PT302", f"node '{node.id}' has unknown parent '{node.parent}'",
                  ids.hint(node.parent, check.elements, "use an id of this version"),
                  path + ("parent",))
    for j, other in enumerate(node.corresponds_to):
        if other not in check.others:
            check.add("PT309", f"node '{node.id}' corresponds to '{other}', which no other "
                      "version has", ids.hint(other, check.others, "check the id"),
                      path + ("corresponds_to", j))
    _check_citations(node.citations, ids, check.file, path + ("citations",), check.out)


def _check_groups(check: _VersionCheck) -> None:
    for i, group in enumerate(check.version.groups):
        if not group.members:
            check.add("PT407", f"group '{group.id}' has no members",
                      "list the member node ids", ("groups", i, "members"))
        for j, member in enumerate(group.members):
            if member not in check.nodes and member not in check.ids.dropped:
                check.add("PT302", f"group '{group.id}' lists unknown member '{member}'",
                          check.ids.hint(member, check.nodes, "use a node id"),
                          ("groups", i, "members", j))


def _check_link(check: _VersionCheck, link: m.Link, path: tuple, causal: nx.DiGraph,
                seen_pairs: dict[tuple, str]) -> None:
    rule = check.vocabulary.link_rules.get(link.kind)
    if rule is None:
        check.add("PT207", f"link '{link.id}' has unknown kind '{link.kind}'",
                  check.ids.hint(link.kind, check.vocabulary.link_rules,
                                 "see docs/link-rules.md"), path + ("kind",))
    _check_citations(link.citations, check.ids, check.file, path + ("citations",), check.out)
    if not _link_ends_known(check, link, path):
        check.dangling = True
        return
    if check.moderated & set(link.sources + link.targets):
        return
    for source, target in link.edges():
        if source == target:
            check.add("PT405", f"link '{link.id}' starts and ends at '{source}'",
                      "point the link at another element", path)
            continue
        pair = (source, target, link.kind)
        if pair in seen_pairs:
            check.add("PT406", f"links '{seen_pairs[pair]}' and '{link.id}' both join "
                      f"{source} -> {target} as {link.kind}",
                      "merge them, keeping both sentences", path)
        else:
            seen_pairs[pair] = link.id
        if rule is not None:
            _check_edge_rule(check, link, rule, source, target, path)
            if rule.causal and not rule.feedback:
                causal.add_edge(source, target, link=link.id, index=path[-1])


def _link_ends_known(check: _VersionCheck, link: m.Link, path: tuple) -> bool:
    known = True
    for field_name, raw in (("from", link.source), ("to", link.target)):
        names = [raw] if isinstance(raw, str) else raw
        for j, name in enumerate(names):
            if name in check.elements:
                check.linked.add(name)
                continue
            if name in check.moderated:
                continue
            known = False
            where = path + (field_name,) if isinstance(raw, str) else path + (field_name, j)
            check.add("PT302", f"link '{link.id}' {field_name} unknown element '{name}'",
                      check.ids.hint(name, check.elements,
                                     "use a node or group id of this version"), where)
    return known


def _check_edge_rule(check: _VersionCheck, link: m.Link, rule, source: str, target: str,
                     path: tuple) -> None:
    """The rule table (PT401) and the order of terms along a causal link (PT402)."""
    nodes, groups = check.nodes, check.groups
    bad = [(s, t) for s in _kinds(source, nodes, groups) for t in _kinds(target, nodes, groups)
           if "*" not in (s, t) and not rule.allows(s, t)]
    if bad:
        s, t = bad[0]
        check.add("PT401", f"link '{link.id}': {link.kind} may not join {_a(s)} ({source}) to "
                  f"{_a(t)} ({target})", "choose a link kind that fits (docs/link-rules.md), "
                  "e.g. " + _fitting_kinds(check.vocabulary, s, t), path + ("kind",))
    if rule.causal and not rule.feedback:
        rank_s = check.vocabulary.rank(_term(source, nodes, groups))
        rank_t = check.vocabulary.rank(_term(target, nodes, groups))
        if rank_s is not None and rank_t is not None and rank_s > rank_t:
            check.add("PT402", f"link '{link.id}' runs backwards in term, from {source} "
                      f"({_term(source, nodes, groups)}) to {target} "
                      f"({_term(target, nodes, groups)})",
                      "reverse it, or make it kind feeds_back", path)


def _check_cycles(check: _VersionCheck, causal: nx.DiGraph) -> None:
    check.out.extend(cycle_findings(check.version, causal))


def _check_orphans(check: _VersionCheck) -> None:
    version = check.version
    children = {n.parent for n in version.nodes if n.parent}
    members = {mbr for g in version.groups for mbr in g.members}
    for i, node in enumerate(version.nodes):
        if node.id not in check.linked and node.id not in members \
                and node.id not in children and not node.parent:
            check.add("PT404", f"node '{node.id}' has no links and belongs to no group",
                      "link it to what it enables or depends on", ("nodes", i, "id"))


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
        for name, yaml_name in report_ref_fields(type(value)):
            child = getattr(value, name)
            if child is None or isinstance(child, (str, int, float, bool)):
                continue
            yield from _report_refs(child, path + (yaml_name,))
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
        if not any(index is None for index, _ in report_path_problems(info.file, info.search)):
            out.append(_source_missing(info, file))
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


def _source_missing(info: m.ReportInfo, file: str) -> Finding:
    """PT130: a declared source text that none of its search folders holds."""
    folders = ", ".join(f"'{folder}'" for folder in info.search) or "no search folder"
    return finding("PT130", f"source file '{info.file}' not found in {folders}: the wording "
                   "and line references citing it are not checked", file=file,
                   path=("report", "file"))


def _report_line_count(project: m.Project, typed: dict, out: list[Finding]) -> int | None:
    raw = _report_file(project, typed, out)
    if raw is None:
        return None
    return raw.count(b"\n") + (0 if raw.endswith(b"\n") or not raw else 1)
