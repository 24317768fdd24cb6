"""Checks of the data the confidence grades rest on: cases, case statements, competing links."""

from __future__ import annotations

from typing import Any

from . import model as m
from .findings import Finding, did_you_mean, finding
from .necessity import fitting_tables, measure


def check_confidence_data(project: m.Project, typed: dict[str, list[tuple[str, Any]]],
                          theory_ids: set[str]) -> list[Finding]:
    out: list[Finding] = []
    cases = {c.id for _, sf in typed["sources"] for c in sf.cases}
    evidence = {e.id for _, ef in typed["evidence"] for e in ef.evidence}
    for file, ef in typed["evidence"]:
        for i, item in enumerate(ef.evidence):
            if item.case and item.case not in cases:
                out.append(finding("PT601", f"evidence '{item.id}' names unknown case "
                                   f"'{item.case}'", _hint(item.case, cases),
                                   file=file, path=("evidence", i, "case")))
    for file, sf in typed["sources"]:
        seen: set[str] = set()
        for i, case in enumerate(sf.cases):
            if case.id in seen:
                out.append(finding("PT301", f"duplicate case id '{case.id}'",
                                   "give each case its own id", file=file,
                                   path=("cases", i, "id")))
            seen.add(case.id)
        nodes: dict[str, m.Condition | None] = {}
        for version in project.versions.values():
            for n in version.nodes:  # necessary in any version counts
                if nodes.get(n.id) != m.Condition.NECESSARY:
                    nodes[n.id] = n.condition
        for i, statement in enumerate(sf.case_statements):
            out += _check_statement(statement, ("case_statements", i), file, nodes,
                                    theory_ids, evidence)
    for version in project.versions.values():
        links = {link.id for link in version.links}
        for i, link in enumerate(version.links):
            for j, rival in enumerate(link.competes_with):
                if rival not in links or rival == link.id:
                    out.append(finding("PT603", f"link '{link.id}' competes with "
                                       f"'{rival}', which is no other link of version "
                                       f"'{version.id}'", _hint(rival, links - {link.id}),
                                       file=version.path,
                                       path=("links", i, "competes_with", j)))
    return out


def _check_statement(statement: m.CaseStatement, path: tuple, file: str,
                     nodes: dict[str, m.Condition | None], theory_ids: set[str],
                     evidence: set[str]) -> list[Finding]:
    """`nodes`: every node id of every version, with its condition."""
    out: list[Finding] = []
    references = [("condition", statement.condition, nodes)]
    if statement.outcome:
        references.append(("outcome", statement.outcome, theory_ids))
    references += [(("evidence", j), e, evidence) for j, e in enumerate(statement.evidence)]
    for where, value, known in references:
        if value not in known:
            out.append(finding("PT602", f"case statement '{statement.id}' names unknown id "
                               f"'{value}'", _hint(value, known), file=file,
                               path=path + (where if isinstance(where, tuple) else (where,))))
    if not fitting_tables(statement):
        out.append(finding("PT605", f"the counts of case statement '{statement.id}' cannot all "
                           f"hold over {statement.cases} cases", file=file, path=path))
    if (nodes.get(statement.condition) == m.Condition.NECESSARY
            and measure(statement, "necessary").flagged):
        out.append(finding("PT604", f"'{statement.condition}' is marked necessary, yet by "
                           f"case statement '{statement.id}' a case with the outcome "
                           "lacked it", file=file, path=path + ("condition",)))
    return out


def _hint(word: str, known: set[str]) -> str:
    return did_you_mean(word, sorted(known))
