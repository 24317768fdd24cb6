"""Properties the diff must have whatever the theory: a version against itself or an exact
copy has no changes, one edit is exactly one change in the right category, and swapping the
sides swaps added and removed."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programtheory import load_project
from programtheory.diff import ELEMENTS, diff_sides, diff_versions, side_of
from programtheory.model import (Evidence, Group, Label, Link, Node, Project, SourcesFile,
                                 Version, VersionInfo)
from programtheory.vocab import LINK_RULES, Condition, NodeKind
from project_support import REPO

LINK_KINDS = tuple(LINK_RULES)

FIXTURES = sorted(p.parent for p in (REPO / "tests" / "fixtures").glob("*/theory"))
# tuples, not lists: hypothesis keeps one strategy per tuple instead of building a new one
# for every draw (the same examples, drawn in half the time)
KINDS = tuple(k.value for k in NodeKind)
CONDITIONS = (None, *(c.value for c in Condition))
words = st.text(alphabet="abcdeéfg <>&*_|`\"'", min_size=1, max_size=12)
QUICK = settings(max_examples=150, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])


@st.composite
def theories(draw, pool: tuple[str, ...] = tuple(f"n{i}" for i in range(11)),
             others: tuple[str, ...] = (), kinds: tuple[str, ...] = LINK_KINDS):
    """(nodes, groups, links, evidence) of a random theory. Node ids come from a small pool,
    so that two theories share ids; `others` are ids nodes may claim to correspond to."""
    ids = tuple(draw(st.lists(st.sampled_from(pool), min_size=2, max_size=10, unique=True)))
    nodes = [Node(id=i, kind=draw(st.sampled_from(KINDS)),
                  label=Label(nl=draw(words), en=draw(words)),
                  condition=draw(st.sampled_from(CONDITIONS)),
                  corresponds_to=draw(st.lists(st.sampled_from(others), max_size=2,
                                               unique=True)) if others else [])
             for i in ids]
    node_ids = tuple(n.id for n in nodes)
    groups = [Group(id=f"g{j}", label=Label(nl=draw(words)),
                    members=draw(st.lists(st.sampled_from(node_ids), min_size=1, max_size=3,
                                          unique=True)))
              for j in range(draw(st.integers(0, 2)))]
    ends = node_ids + tuple(g.id for g in groups)
    links = [Link.model_validate({
        "id": f"L{k}", "from": draw(st.sampled_from(ends)), "to": draw(st.sampled_from(ends)),
        "kind": draw(st.sampled_from(kinds)), "status": "stated"})
        for k in range(draw(st.integers(0, 2 * len(nodes))))]
    targets = node_ids + tuple(lk.id for lk in links)
    evidence = [Evidence(id=f"e{k}", kind="quote", text=draw(words),
                         bears_on=draw(st.lists(st.sampled_from(targets), min_size=1,
                                                max_size=2, unique=True)))
                for k in range(draw(st.integers(0, 3)))]
    return nodes, groups, links, evidence


def version(vid: str, parts, based_on: str | None = None) -> Version:
    nodes, groups, links, _ = parts
    return Version(info=VersionInfo(id=vid, title=Label(nl=f"Theorie {vid}"),
                                    based_on=based_on),
                   nodes=list(nodes), groups=list(groups), links=list(links),
                   path=f"theory/versions/{vid}.yaml")


def project(*versions: Version, evidence=()) -> Project:
    return Project(root=".", versions={v.id: v for v in versions}, evidence=list(evidence),
                   sources=SourcesFile(), recommendations=[])


def changed_entries(diff):
    return [c for c in diff.changes() if c.status != "unchanged"]


# ------------------------------------------------------------------ a version against itself

@pytest.mark.parametrize("folder", [REPO, *FIXTURES], ids=lambda p: p.name)
def test_every_shipped_version_against_itself_is_empty(folder):
    shipped = load_project(folder)
    for vid in shipped.versions:
        diff = diff_versions(shipped, vid, vid)
        assert changed_entries(diff) == [], (folder, vid)
        assert diff.is_empty()


@QUICK
@given(theories())
def test_generated_theory_against_itself_is_empty(parts):
    p = project(version("a", parts), evidence=parts[3])
    assert changed_entries(diff_versions(p, "a", "a")) == []


@QUICK
@given(theories(others=tuple(f"n{i}" for i in range(11))))
def test_exact_copy_under_a_new_id_is_empty(parts):
    # the copy keeps corresponds_to lists that name ids of the version it is a copy of (as a
    # copied file names a still earlier version): they must not turn into splits or merges
    p = project(version("a", parts), version("b", parts, based_on="a"), evidence=parts[3])
    assert changed_entries(diff_versions(p, "a", "b")) == []
    assert changed_entries(diff_versions(p, "b", "a")) == []


def test_copied_shipped_version_reports_only_the_edit():
    shipped = load_project(REPO)
    revised = shipped.version("revised")
    nodes = [n.model_copy() for n in revised.nodes]
    nodes[3] = nodes[3].model_copy(update={"label": Label(nl="Nieuw label",
                                                          en=nodes[3].label.en)})
    copy = Version(info=revised.info.model_copy(update={"id": "revised-2026",
                                                        "based_on": "revised"}),
                   nodes=nodes, groups=revised.groups, links=revised.links, path="copy.yaml")
    p = shipped.model_copy(update={"versions": {**shipped.versions, copy.id: copy}})
    (change,) = changed_entries(diff_versions(p, "revised", "revised-2026"))
    assert (change.element, change.status, change.old_ids) == ("node", "changed",
                                                               [nodes[3].id])
    assert [f.field for f in change.fields] == ["label_nl"]


# ------------------------------------------------------------------ one edit, one change

EDITS = ("label", "condition", "kind", "link_end", "member", "evidence")


def _edit(parts, what: str, data):
    """The parts with one edit of kind `what`, and the (category, field) it must show as;
    None when this theory has nothing of that kind to edit."""
    nodes, groups, links, evidence = (list(x) for x in parts)
    if what in ("label", "condition", "kind"):
        i = data.draw(st.integers(0, len(nodes) - 1))
        n = nodes[i]
        if what == "label":
            new = data.draw(words.filter(lambda w: w != n.label.nl))
            nodes[i] = n.model_copy(update={"label": Label(nl=new, en=n.label.en)})
            return (nodes, groups, links, evidence), ("node", "label_nl")
        if what == "condition":
            new = data.draw(st.sampled_from(tuple(c for c in CONDITIONS if c != (
                n.condition.value if n.condition else None))))
            nodes[i] = n.model_copy(update={"condition": Condition(new) if new else None})
            return (nodes, groups, links, evidence), ("condition", "condition")
        new = data.draw(st.sampled_from(tuple(k for k in KINDS if k != n.kind.value)))
        nodes[i] = n.model_copy(update={"kind": NodeKind(new)})
        return (nodes, groups, links, evidence), ("node", "kind")
    if what == "link_end" and links:
        k = data.draw(st.integers(0, len(links) - 1))
        old_end = links[k].target
        choices = tuple(n.id for n in nodes if n.id != old_end)
        links[k] = links[k].model_copy(update={"target": data.draw(st.sampled_from(choices))})
        return (nodes, groups, links, evidence), ("link", "to")
    if what == "member" and groups:
        g = groups[0]
        outside = tuple(n.id for n in nodes if n.id not in g.members)
        members = list(g.members[1:]) if len(g.members) > 1 else []
        members += [data.draw(st.sampled_from(outside))] if outside or not members else []
        if not members or set(members) == set(g.members):
            return None, None
        groups[0] = g.model_copy(update={"members": members})
        return (nodes, groups, links, evidence), ("group", "members")
    if what == "evidence" and evidence:
        k = data.draw(st.integers(0, len(evidence) - 1))
        new = data.draw(words.filter(lambda w: w != evidence[k].text))
        evidence[k] = evidence[k].model_copy(update={"text": new})
        return (nodes, groups, links, evidence), ("evidence", "text")
    return None, None


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(theories(others=tuple(f"n{i}" for i in range(11))), st.sampled_from(EDITS), st.data())
def test_one_edit_is_exactly_one_change_in_its_category(parts, what, data):
    edited, expected = _edit(parts, what, data)
    if edited is None:
        return
    # the edited copy has a new id and is based on the original, as a revision would be;
    # each side carries its own evidence, as two states of a project would
    a, b = version("a", parts), version("b", edited, based_on="a")
    diff = diff_sides(side_of(project(a, evidence=parts[3]), "a"),
                      side_of(project(a, b, evidence=edited[3]), "b"))
    changes = changed_entries(diff)
    assert len(changes) == 1, [c.to_json() for c in changes]
    (change,) = changes
    category, field_name = expected
    assert change.element == category
    assert change.get_field(field_name) is not None, change.to_json()
    if category != "condition":
        assert [f.field for f in change.fields] == [field_name]


# ------------------------------------------------------------------ swapping the sides

def _ends_of(diff, status):
    return {e: sorted((tuple(c.old_ids), tuple(c.new_ids)) for c in diff.changes(e, status))
            for e in ELEMENTS}


def _swapped(pairs):
    return {e: sorted((new, old) for old, new in entries) for e, entries in pairs.items()}


SHARED = tuple(f"n{i}" for i in range(6))
FRESH = tuple(f"m{i}" for i in range(6))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(theories(pool=SHARED, kinds=LINK_KINDS[:2]),
       theories(pool=SHARED + FRESH, others=SHARED, kinds=LINK_KINDS[:2]))
def test_swapping_old_and_new_swaps_added_and_removed(first, second):
    # `second` revises `first`: it keeps some ids, adds others, and its new nodes may stem
    # from nodes of `first` (splits, merges, reframings)
    p = project(version("a", first), version("b", second, based_on="a"),
                evidence=first[3] + [e for e in second[3] if e.id not in
                                     {x.id for x in first[3]}])
    forward, backward = diff_versions(p, "a", "b"), diff_versions(p, "b", "a")
    assert _ends_of(forward, "added") == _swapped(_ends_of(backward, "removed"))
    assert _ends_of(forward, "removed") == _swapped(_ends_of(backward, "added"))
    counts_f, counts_b = forward.counts(), backward.counts()
    for e in ELEMENTS:
        assert counts_f[e]["changed"] == counts_b[e]["changed"], e
        assert counts_f[e]["unchanged"] == counts_b[e]["unchanged"], e
