"""Moderators: a link whose `to` names another link.

A moderator says that an element changes how strongly one relation works ("the coach's
caseload moderates how far training leads to confident staff"), not that it causes the
relation's outcome. In the data it is an ordinary link whose `to` is the id of a link of the
same version:

    - id: M1
      from: res_caseload
      to: L4                 # the link it moderates
      kind: moderates
      effect: moderates
      status: stated

Checks (PT411-PT415) keep it well formed: a link cannot start at a link, `to` names links only
or elements only, the kind must be one that can act on a relation, a link cannot moderate
itself, and moderators cannot moderate each other in a circle.

Drawing (`edges_of`): the figure draws a moderator as a link from the moderating element to
the end of the link it moderates, marked with that link's id in the edge data (`moderates`),
so the layout needs no special point on a line; the interactive view and the tables name the
moderated link in words. A moderator is not causal: it takes no part in the cycle and
term-order checks.
"""

from __future__ import annotations

from . import model as m
from .findings import Finding, did_you_mean, finding

# link kinds that can act on a relation rather than on an element
MODERATING_KINDS = ("moderates", "facilitates", "hinders", "enables", "necessary_for",
                    "supports", "prevents")


def link_ids(version: m.Version) -> set[str]:
    return {link.id for link in version.links}


def is_moderator(link: m.Link, links: set[str]) -> bool:
    """True when the link's `to` names at least one link."""
    return any(target in links for target in link.targets)


def moderated_ends(version: m.Version) -> dict[str, list[str]]:
    """{link id: the elements its relation ends at}, following moderated moderators down to
    elements (a moderator of a moderator ends where the inner one does). Cycles end nowhere."""
    by_id = {link.id: link for link in version.links}

    def ends(link_id: str, seen: frozenset[str]) -> list[str]:
        if link_id in seen:
            return []
        found: list[str] = []
        for target in by_id[link_id].targets:
            more = ends(target, seen | {link_id}) if target in by_id else [target]
            found += [t for t in more if t not in found]
        return found

    return {link_id: ends(link_id, frozenset()) for link_id in by_id}


def edges_of(link: m.Link, version: m.Version, ends: dict[str, list[str]] | None = None,
             links: set[str] | None = None) -> list[tuple[str, str, str | None]]:
    """(source, target, moderated link id or None) of every edge the link draws. A caller
    that asks for every link passes the version's `moderated_ends` and `link_ids`, made
    once: made per link, they made a graph of 9,000 links take 30 s instead of 1."""
    links = links if links is not None else link_ids(version)
    if not is_moderator(link, links):
        return [(s, t, None) for s, t in link.edges()]
    ends = ends if ends is not None else moderated_ends(version)
    return [(source, end, target) for source in link.sources for target in link.targets
            if target in links for end in ends[target] if end != source]


def check_moderators(version: m.Version) -> list[Finding]:
    """PT411-PT415 for the links of one version that start or end at a link."""
    links = link_ids(version)
    out: list[Finding] = []
    for i, link in enumerate(version.links):
        path = ("links", i)
        for j, source in enumerate(link.sources):
            if source in links:
                where = path + (("from",) if isinstance(link.source, str) else ("from", j))
                out.append(finding("PT411", f"link '{link.id}' starts at link '{source}'",
                                   file=version.path, path=where))
        if not is_moderator(link, links):
            continue
        out += _check_one(link, path, links, version)
    out += _check_circles(version, links)
    return out


def _check_one(link: m.Link, path: tuple, links: set[str], version: m.Version) -> list:
    out = []
    elements = [t for t in link.targets if t not in links]
    if elements:
        out.append(finding("PT412", f"link '{link.id}' moderates a link and also points at "
                           f"element(s) {', '.join(elements)}", file=version.path,
                           path=path + ("to",)))
    if link.kind not in MODERATING_KINDS:
        hint = ("a link that acts on a relation takes one of: " + ", ".join(MODERATING_KINDS)
                + (f" ({did_you_mean(link.kind, MODERATING_KINDS)})"
                   if did_you_mean(link.kind, MODERATING_KINDS) else ""))
        out.append(finding("PT413", f"link '{link.id}' of kind {link.kind} cannot act on "
                           "another link", hint, file=version.path, path=path + ("kind",)))
    if link.id in link.targets:
        out.append(finding("PT414", f"link '{link.id}' moderates itself", file=version.path,
                           path=path + ("to",)))
    return out


def _check_circles(version: m.Version, links: set[str]) -> list[Finding]:
    """PT415: moderators that moderate each other in a circle (one finding per circle)."""
    import networkx as nx
    graph = nx.DiGraph()
    index = {link.id: i for i, link in enumerate(version.links)}
    for link in version.links:
        for target in link.targets:
            if target in links and target != link.id:
                graph.add_edge(link.id, target)
    out = []
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        first = min(component, key=index.__getitem__)
        chain = " -> ".join(sorted(component, key=index.__getitem__))
        out.append(finding("PT415", f"links moderate each other in a circle: {chain}",
                           file=version.path, path=("links", index[first], "to")))
    return out
