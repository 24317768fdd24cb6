"""What changed between two theory versions: added, removed and changed nodes, groups, links
and conditions, as a report (Markdown, JSON) and as a union graph for the drawn diff.

Matching (which element of OLD is which element of NEW)
-------------------------------------------------------
* **Nodes.** The same id in both versions is the same element. In addition, a node that lists
  ids of the other version in `corresponds_to` (on either side) is matched to them. The
  matches form groups (connected components of 'same id' and 'corresponds to'):

  - one old and one new node with the same id: *same element*, changed when a field differs;
  - one old and one new node with different ids: *reframed* (always changed: the id differs);
  - one old and several new nodes: *split*; several old and one new: *merged*; several on
    both sides: *regrouped*. These are changed; their field values are not compared, since
    there is no single counterpart to compare with.
  - an old node without a match is *removed*, unless it carries
    ``revision: {status: not_discussed}``: then it is listed as *not discussed in the
    revision*. The report's revision is silent about such elements, which is not the same
    as removing them.
  - a new node without a match is *added*.

  Compared fields: label (nl, en), kind, levels (as a set), term, condition, polarity, parent
  (an old parent that is matched to the new parent counts as the same), description.
* **Groups.** Matched by id. Compared: label, term, members (old members read through the
  node matching).
* **Links.** Matched by id; then an unmatched old link is matched to the first unmatched new
  link with the same kind and the same endpoints, where old endpoints are read through the
  node matching (so a link between two reframed nodes finds its counterpart). Compared: from,
  to, kind, relation, effect, status, sentence (and the id, for links matched by endpoints).
  An unmatched old link that touches a node not discussed in the revision is itself *not
  discussed*; other unmatched old links are removed.
* **Conditions** (necessary/facilitating) are reported on their own, because the revised theory
  introduces them: a matched node whose condition appears, disappears or changes, and an added
  or removed node that carries one.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import MissingTool, UsageError
from .model import Group, Label, Link, Node, Project, Version
from .tables import escape_markdown
from .vocab import column_key

STATUSES = ("added", "removed", "changed", "not_discussed", "unchanged")
ELEMENTS = ("node", "group", "link", "condition")
NODE_FIELDS = ("label_nl", "label_en", "kind", "levels", "term", "condition", "polarity",
               "parent", "description")
GROUP_FIELDS = ("label_nl", "label_en", "term", "members")
LINK_FIELDS = ("from", "to", "kind", "relation", "effect", "status", "sentence")

STATUS_LABELS = {
    "added": Label(nl="Toegevoegd", en="added"),
    "removed": Label(nl="Verwijderd", en="removed"),
    "changed": Label(nl="Gewijzigd", en="changed"),
    "not_discussed": Label(nl="Niet besproken in de bijsturing", en="not discussed in the "
                                                                     "revision"),
    "unchanged": Label(nl="Ongewijzigd", en="unchanged"),
}
ELEMENT_LABELS = {
    "node": Label(nl="Elementen", en="nodes"),
    "group": Label(nl="Groepen", en="groups"),
    "link": Label(nl="Verbanden", en="links"),
    "condition": Label(nl="Voorwaarden (noodzakelijk/faciliterend)",
                       en="conditions: necessary/facilitating"),
}
RELATION_LABELS = {
    "same_id": Label(nl="", en=""),
    "reframed": Label(nl="herkaderd", en="reframed"),
    "merged": Label(nl="samengevoegd", en="merged"),
    "split": Label(nl="opgesplitst", en="split"),
    "regrouped": Label(nl="hergroepeerd", en="regrouped"),
    "endpoints": Label(nl="zelfde uiteinden en soort", en="matched by ends and kind"),
}
NOT_DISCUSSED_NOTE = Label(
    nl="Het rapport zwijgt in de bijsturing over deze elementen; dat betekent niet dat ze "
       "geschrapt zijn.",
    en="The report's revision is silent about these elements; that does not mean they were "
       "removed.")


@dataclass(frozen=True)
class FieldChange:
    """One field that differs between the old and the new element."""

    field: str
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass
class Change:
    """One entry of the diff: an element (or condition) and what happened to it.

    `old_ids` and `new_ids` name the element in each version (several for merged or split
    nodes). `relation` says how they were matched: same_id, reframed, merged, split,
    regrouped, or endpoints (links). `labels` maps every involved id to its Dutch and English
    label, so a reader sees what was merged or split.
    """

    element: str
    status: str
    old_ids: list[str] = field(default_factory=list)
    new_ids: list[str] = field(default_factory=list)
    relation: str = ""
    kind: str = ""
    fields: list[FieldChange] = field(default_factory=list)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    note: str = ""

    @property
    def id(self) -> str:
        """The id that names this entry: the (first) new id, else the (first) old id."""
        return (self.new_ids or self.old_ids)[0]

    @property
    def label(self) -> dict[str, str]:
        return self.labels.get(self.id, {"nl": "", "en": ""})

    def get_field(self, name: str) -> FieldChange | None:
        """The change of field `name`, or None when that field did not change."""
        return next((f for f in self.fields if f.field == name), None)

    def sort_key(self) -> tuple:
        return (STATUSES.index(self.status), self.id, self.old_ids)

    def to_json(self) -> dict[str, Any]:
        return {"element": self.element, "status": self.status, "id": self.id,
                "old_ids": list(self.old_ids), "new_ids": list(self.new_ids),
                "relation": self.relation, "kind": self.kind,
                "labels": {k: dict(v) for k, v in sorted(self.labels.items())},
                "fields": [f.to_json() for f in self.fields], "note": self.note}


@dataclass
class VersionDiff:
    """The difference between two versions of a project's theory; see the module docstring."""

    old: str
    new: str
    old_title: Label
    new_title: Label
    nodes: list[Change] = field(default_factory=list)
    groups: list[Change] = field(default_factory=list)
    links: list[Change] = field(default_factory=list)
    conditions: list[Change] = field(default_factory=list)

    def changes(self, element: str | None = None, status: str | None = None) -> list[Change]:
        """The entries, optionally of one element type and/or one status."""
        chosen = [c for e in ELEMENTS if element in (None, e) for c in self._of(e)]
        return [c for c in chosen if status in (None, c.status)]

    def _of(self, element: str) -> list[Change]:
        return {"node": self.nodes, "group": self.groups, "link": self.links,
                "condition": self.conditions}[element]

    def counts(self) -> dict[str, dict[str, int]]:
        """{element: {status: count}} for every element type and status (zeros included)."""
        return {e: {s: sum(1 for c in self._of(e) if c.status == s) for s in STATUSES}
                for e in ELEMENTS}

    def to_json(self) -> dict[str, Any]:
        """Plain types in a stable order (entries sorted by status, then id)."""
        return {"old": {"id": self.old, "title": self.old_title.model_dump()},
                "new": {"id": self.new, "title": self.new_title.model_dump()},
                "counts": self.counts(),
                **{f"{e}s": [c.to_json() for c in self._of(e)] for e in ELEMENTS}}

    def to_markdown(self) -> str:
        """A readable report: counts at the top, then the sections Added, Removed, Changed and
        Not discussed, each by element type. Dutch labels with English in parentheses."""
        m = escape_markdown
        out = [f"# Verschil tussen theorieversies (difference between theory versions): "
               f"`{self.old}` → `{self.new}`", "",
               f"{_md_label(self.old_title)} → {_md_label(self.new_title)}", ""]
        counts = self.counts()
        shown = ("added", "removed", "changed", "not_discussed", "unchanged")
        out.append("| | " + " | ".join(_md_label(STATUS_LABELS[s]) for s in shown) + " |")
        out.append("|---|" + "---:|" * len(shown))
        for e in ELEMENTS:
            out.append(f"| {_md_label(ELEMENT_LABELS[e])} | "
                       + " | ".join(str(counts[e][s]) for s in shown) + " |")
        for status in ("added", "removed", "changed", "not_discussed"):
            out += ["", f"## {_md_label(STATUS_LABELS[status])}", ""]
            if status == "not_discussed":
                out += [f"{m(NOT_DISCUSSED_NOTE.nl)} ({m(NOT_DISCUSSED_NOTE.en)})", ""]
            entries = self.changes(status=status)
            if not entries:
                out.append("_geen (none)_")
                continue
            for e in ELEMENTS:
                of_kind = [c for c in entries if c.element == e]
                if not of_kind:
                    continue
                out += [f"### {_md_label(ELEMENT_LABELS[e])}", ""]
                for change in of_kind:
                    out += _md_entry(change)
                out.append("")
        return "\n".join(out).rstrip() + "\n"


def _md_label(label: Label | dict[str, str]) -> str:
    nl, en = (label.nl, label.en) if isinstance(label, Label) else (label["nl"], label["en"])
    text = escape_markdown(nl)
    return f"{text} ({escape_markdown(en)})" if en else text


def _md_value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(f"`{v}`" for v in value) if all(_is_id(v) for v in value) else \
            escape_markdown(", ".join(str(v) for v in value))
    return f"“{escape_markdown(value)}”"


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and value.replace("_", "").replace(".", "").replace(
        "-", "").isalnum()


def _md_ends(label: dict[str, str]) -> str:
    """A link's 'a + b → c' label with each id as code."""
    return " ".join(t if t in ("+", "→") else f"`{t}`" for t in label["nl"].split())


def _md_ids(ids: list[str]) -> str:
    return ", ".join(f"`{i}`" for i in ids)  # ids match [A-Za-z][A-Za-z0-9_.-]*


def _md_entry(change: Change) -> list[str]:
    if change.old_ids and change.new_ids and change.old_ids != change.new_ids:
        head = f"{_md_ids(change.old_ids)} → {_md_ids(change.new_ids)}"
    else:
        head = _md_ids(change.new_ids or change.old_ids)
    relation = RELATION_LABELS.get(change.relation)
    if relation and relation.nl:
        head += f" ({escape_markdown(relation.nl)}, {escape_markdown(relation.en)})"
    show = _md_ends if change.element == "link" else _md_label
    label = change.label
    if label.get("nl"):
        head += f" — {show(label)}"
    if change.kind:
        head += f" · `{change.kind}`"  # a vocabulary word or link kind: no backticks
    lines = [f"- {head}"]
    if len(change.labels) > 1:
        for element_id in change.old_ids + [i for i in change.new_ids if i not in change.old_ids]:
            if element_id != change.id and element_id in change.labels:
                lines.append(f"  - `{element_id}`: {show(change.labels[element_id])}")
    for f in change.fields:
        lines.append(f"  - {escape_markdown(f.field)}: {_md_value(f.old)} → {_md_value(f.new)}")
    if change.note:
        lines.append(f"  - noot (note): {escape_markdown(change.note)}")
    return lines


# ------------------------------------------------------------------------------ matching

@dataclass
class _NodeMatch:
    old: list[str]
    new: list[str]

    @property
    def relation(self) -> str:
        if not self.old or not self.new:
            return ""
        if len(self.old) == 1 and len(self.new) == 1:
            return "same_id" if self.old == self.new else "reframed"
        if len(self.new) == 1:
            return "merged"
        if len(self.old) == 1:
            return "split"
        return "regrouped"


def _match_nodes(old: Version, new: Version) -> list[_NodeMatch]:
    old_ids = [n.id for n in old.nodes]
    new_ids = [n.id for n in new.nodes]
    old_set, new_set = set(old_ids), set(new_ids)
    bipartite = nx.Graph()
    bipartite.add_nodes_from(("old", i) for i in old_ids)
    bipartite.add_nodes_from(("new", i) for i in new_ids)
    for i in old_set & new_set:
        bipartite.add_edge(("old", i), ("new", i))
    for n in new.nodes:
        for other in n.corresponds_to:
            if other in old_set:
                bipartite.add_edge(("old", other), ("new", n.id))
    for n in old.nodes:
        for other in n.corresponds_to:
            if other in new_set:
                bipartite.add_edge(("old", n.id), ("new", other))
    order = {("old", i): k for k, i in enumerate(old_ids)}
    order.update({("new", i): len(old_ids) + k for k, i in enumerate(new_ids)})
    matches = []
    for component in nx.connected_components(bipartite):
        ranked = sorted(component, key=order.__getitem__)
        matches.append(_NodeMatch([i for side, i in ranked if side == "old"],
                                  [i for side, i in ranked if side == "new"]))
    matches.sort(key=lambda mt: min(order[("old", i)] for i in mt.old) if mt.old
                 else order[("new", mt.new[0])])
    return matches


def _label(label: Label) -> dict[str, str]:
    return {"nl": label.nl, "en": label.en}


def _node_values(node: Node) -> dict[str, Any]:
    return {"label_nl": node.label.nl, "label_en": node.label.en, "kind": node.kind.value,
            "levels": sorted(lv.value for lv in node.levels),
            "term": node.term.value if node.term else None,
            "condition": node.condition.value if node.condition else None,
            "polarity": node.polarity.value, "parent": node.parent,
            "description": node.description}


def diff_versions(project: Project, old: str, new: str) -> VersionDiff:
    """The difference between versions `old` and `new` of the project (see the module
    docstring for how elements are matched). Raises UsageError for an unknown version."""
    for vid in (old, new):
        if vid not in project.versions:
            raise UsageError(f"unknown version '{vid}'; the project has: "
                             + ", ".join(project.versions))
    v_old, v_new = project.versions[old], project.versions[new]
    old_nodes = {n.id: n for n in v_old.nodes}
    new_nodes = {n.id: n for n in v_new.nodes}
    matches = _match_nodes(v_old, v_new)
    # old id -> the new ids it became (nodes via matching, groups by id)
    mapping: dict[str, set[str]] = {}
    for mt in matches:
        for o in mt.old:
            mapping[o] = set(mt.new)
    new_groups = {g.id: g for g in v_new.groups}
    for g in v_old.groups:
        if g.id in new_groups:
            mapping[g.id] = {g.id}

    diff = VersionDiff(old, new, v_old.info.title, v_new.info.title)
    not_discussed: set[str] = set()
    for mt in matches:
        change, condition = _node_change(mt, old_nodes, new_nodes, mapping)
        diff.nodes.append(change)
        if change.status == "not_discussed":
            not_discussed.update(mt.old)
        if condition is not None:
            diff.conditions.append(condition)
    diff.groups = _group_changes(v_old.groups, v_new.groups, mapping)
    diff.links = _link_changes(v_old.links, v_new.links, mapping, not_discussed)
    for entries in (diff.nodes, diff.groups, diff.links, diff.conditions):
        entries.sort(key=Change.sort_key)
    return diff


def _node_change(mt: _NodeMatch, old_nodes: dict[str, Node], new_nodes: dict[str, Node],
                 mapping: dict[str, set[str]]) -> tuple[Change, Change | None]:
    labels = {i: _label(old_nodes[i].label) for i in mt.old}
    labels.update({i: _label(new_nodes[i].label) for i in mt.new})
    olds = [old_nodes[i] for i in mt.old]
    news = [new_nodes[i] for i in mt.new]
    old_conditions = sorted({n.condition.value for n in olds if n.condition})
    new_conditions = sorted({n.condition.value for n in news if n.condition})
    kind = (news or olds)[0].kind.value
    if not mt.old:
        change = Change("node", "added", [], list(mt.new), kind=kind, labels=labels)
    elif not mt.new:
        revision = olds[0].revision
        status = "not_discussed" if revision and revision.status.value == "not_discussed" \
            else "removed"
        change = Change("node", status, list(mt.old), [], kind=kind, labels=labels,
                        note=revision.note if revision else "")
    else:
        fields: list[FieldChange] = []
        if mt.relation in ("same_id", "reframed"):
            if mt.relation == "reframed":
                fields.append(FieldChange("id", mt.old[0], mt.new[0]))
            before, after = _node_values(olds[0]), _node_values(news[0])
            for name in NODE_FIELDS:
                if name == "parent":
                    p_old, p_new = before["parent"], after["parent"]
                    same = p_old == p_new or (p_old is not None and p_new in mapping.get(
                        p_old, set()))
                    if not same:
                        fields.append(FieldChange("parent", p_old, p_new))
                elif before[name] != after[name]:
                    fields.append(FieldChange(name, before[name], after[name]))
        status = "changed" if fields or mt.relation not in ("same_id",) else "unchanged"
        revision = olds[0].revision if len(olds) == 1 else None
        change = Change("node", status, list(mt.old), list(mt.new), mt.relation, kind,
                        fields, labels, note=revision.note if revision else "")
    condition = None
    if old_conditions or new_conditions:
        if not mt.new:
            c_status = change.status  # removed or not_discussed
        elif not mt.old:
            c_status = "added"
        elif old_conditions == new_conditions:
            c_status = "unchanged"
        elif not old_conditions:
            c_status = "added"
        elif not new_conditions:
            c_status = "removed"
        else:
            c_status = "changed"
        condition = Change("condition", c_status, list(mt.old), list(mt.new), change.relation,
                           kind, [FieldChange("condition", _one(old_conditions),
                                              _one(new_conditions))], labels)
    return change, condition


def _one(values: list[str]) -> str | list[str] | None:
    """A single condition as a string, several (merged nodes) as a list, none as None."""
    return values[0] if len(values) == 1 else (values or None)


def _group_changes(old: list[Group], new: list[Group],
                   mapping: dict[str, set[str]]) -> list[Change]:
    new_by_id = {g.id: g for g in new}
    old_ids = {g.id for g in old}
    out = []
    for g in old:
        if g.id not in new_by_id:
            out.append(Change("group", "removed", [g.id], [], kind="group",
                              labels={g.id: _label(g.label)}))
            continue
        h = new_by_id[g.id]
        fields = []
        for name, a, b in (("label_nl", g.label.nl, h.label.nl),
                           ("label_en", g.label.en, h.label.en),
                           ("term", g.term.value if g.term else None,
                            h.term.value if h.term else None)):
            if a != b:
                fields.append(FieldChange(name, a, b))
        mapped = set().union(*(mapping.get(mbr, {f"old:{mbr}"}) for mbr in g.members)) \
            if g.members else set()
        if mapped != set(h.members):
            fields.append(FieldChange("members", list(g.members), list(h.members)))
        out.append(Change("group", "changed" if fields else "unchanged", [g.id], [h.id],
                          "same_id", "group", fields, {g.id: _label(h.label)}))
    for h in new:
        if h.id not in old_ids:
            out.append(Change("group", "added", [], [h.id], kind="group",
                              labels={h.id: _label(h.label)}))
    return out


def _link_label(link: Link) -> dict[str, str]:
    text = " + ".join(link.sources) + " → " + " + ".join(link.targets)
    return {"nl": text, "en": ""}


def _link_values(link: Link) -> dict[str, Any]:
    return {"from": list(link.sources), "to": list(link.targets), "kind": link.kind,
            "relation": link.relation, "effect": link.effect.value,
            "status": link.status.value, "sentence": link.sentence}


def _mapped(ids: list[str], mapping: dict[str, set[str]]) -> frozenset[str]:
    return frozenset().union(*(mapping.get(i, {f"old:{i}"}) for i in ids))


def _link_changes(old: list[Link], new: list[Link], mapping: dict[str, set[str]],
                  not_discussed: set[str]) -> list[Change]:
    new_by_id = {link.id: link for link in new}
    pairs: list[tuple[Link, Link, str]] = []
    unmatched_old = []
    for link in old:
        if link.id in new_by_id:
            pairs.append((link, new_by_id[link.id], "same_id"))
        else:
            unmatched_old.append(link)
    used = {b.id for _, b, _ in pairs}
    free_new = [link for link in new if link.id not in used]
    gone = []
    for link in unmatched_old:
        key = (_mapped(link.sources, mapping), _mapped(link.targets, mapping), link.kind)
        partner = next((n for n in free_new if (frozenset(n.sources), frozenset(n.targets),
                                                n.kind) == key), None)
        if partner is None:
            gone.append(link)
        else:
            free_new.remove(partner)
            pairs.append((link, partner, "endpoints"))
    out = []
    for a, b, relation in pairs:
        before, after = _link_values(a), _link_values(b)
        fields = [FieldChange("id", a.id, b.id)] if a.id != b.id else []
        for name in LINK_FIELDS:
            if name in ("from", "to"):
                ends_old = _mapped(a.sources if name == "from" else a.targets, mapping)
                if ends_old != frozenset(after[name]):
                    fields.append(FieldChange(name, before[name], after[name]))
            elif before[name] != after[name]:
                fields.append(FieldChange(name, before[name], after[name]))
        out.append(Change("link", "changed" if fields else "unchanged", [a.id], [b.id],
                          relation, b.kind, fields, {b.id: _link_label(b), a.id: _link_label(a)}
                          if a.id != b.id else {b.id: _link_label(b)}))
    for link in gone:
        silent = any(end in not_discussed for end in link.sources + link.targets)
        out.append(Change("link", "not_discussed" if silent else "removed", [link.id], [],
                          kind=link.kind, labels={link.id: _link_label(link)}))
    for link in free_new:
        out.append(Change("link", "added", [], [link.id], kind=link.kind,
                          labels={link.id: _link_label(link)}))
    return out


# ------------------------------------------------------------------------------ union graph

def diff_graph(project: Project, old: str, new: str,
               diff: VersionDiff | None = None) -> nx.DiGraph:
    """The union of two versions as one DiGraph, for drawing the diff.

    Every node and edge has a ``change`` attribute: added, removed, changed, unchanged or
    not_discussed. A matched element appears once, under its new id, with ``old_ids``; removed
    and not-discussed elements keep their old id. Node attributes: kind, label_nl, label_en,
    term, column, is_group, members, change, relation, old_ids, new_ids, fields (names of the
    changed fields). Edge attributes: id, kind, change, and ``links`` (every link drawn on
    that edge, as dicts of id, kind and change; a removed link whose ends fall on the same two
    elements as a new one shares its edge, and the edge's change is then 'changed').
    """
    diff = diff or diff_versions(project, old, new)
    v_old, v_new = project.versions[old], project.versions[new]
    graph = nx.DiGraph(old=old, new=new)
    nodes_old = {n.id: n for n in v_old.nodes}
    nodes_new = {n.id: n for n in v_new.nodes}
    groups_old = {g.id: g for g in v_old.groups}
    groups_new = {g.id: g for g in v_new.groups}
    where: dict[str, list[str]] = {}  # old id -> union node ids

    for change in diff.nodes:
        ids = change.new_ids or change.old_ids
        for node_id in ids:
            n = nodes_new.get(node_id) if change.new_ids else nodes_old[node_id]
            term = n.term.value if n.term else None
            graph.add_node(node_id, kind=n.kind.value, label_nl=n.label.nl,
                           label_en=n.label.en, term=term,
                           column=column_key(n.kind.value, term), is_group=False, members=[],
                           change=change.status, relation=change.relation,
                           old_ids=list(change.old_ids), new_ids=list(change.new_ids),
                           fields=[f.field for f in change.fields])
        for o in change.old_ids:
            where[o] = list(ids)
    for change in diff.groups:
        gid = change.id
        g = groups_new.get(gid) if change.new_ids else groups_old[gid]
        term = g.term.value if g.term else None
        kinds = {graph.nodes[m]["kind"] for m in g.members if m in graph}
        kind = kinds.pop() if len(kinds) == 1 else "group"
        graph.add_node(gid, kind=kind, label_nl=g.label.nl, label_en=g.label.en, term=term,
                       column=column_key(kind, term), is_group=True, members=list(g.members),
                       change=change.status, relation=change.relation,
                       old_ids=list(change.old_ids), new_ids=list(change.new_ids),
                       fields=[f.field for f in change.fields])
        where.setdefault(gid, [gid])

    links_old = {link.id: link for link in v_old.links}
    links_new = {link.id: link for link in v_new.links}
    for change in diff.links:
        if change.new_ids:
            link = links_new[change.new_ids[0]]
            ends = [(s, t) for s, t in link.edges()]
        else:
            link = links_old[change.old_ids[0]]
            ends = [(s2, t2) for s, t in link.edges()
                    for s2 in where.get(s, [s]) for t2 in where.get(t, [t])]
        for s, t in ends:
            if s not in graph or t not in graph or s == t:
                continue
            entry = {"id": link.id, "kind": link.kind, "change": change.status}
            if graph.has_edge(s, t):
                data = graph.edges[s, t]
                data["links"].append(entry)
                if data["change"] != change.status:
                    data["change"] = "changed"
            else:
                graph.add_edge(s, t, id=link.id, kind=link.kind, change=change.status,
                               links=[entry])
    return graph


# ------------------------------------------------------------------------------ drawing

_MARKERS = {"added": "+", "removed": "−", "changed": "~", "not_discussed": "?",
            "unchanged": ""}
_NODE_STYLES = {
    "added": {"style": "solid", "penwidth": "3"},
    "removed": {"style": "dashed", "color": "gray45", "fontcolor": "gray35", "penwidth": "1"},
    "changed": {"style": "solid", "peripheries": "2", "penwidth": "1"},
    "not_discussed": {"style": "dotted", "color": "gray45", "fontcolor": "gray35",
                      "penwidth": "1.5"},
    "unchanged": {"style": "solid", "penwidth": "0.5"},
}
_EDGE_STYLES = {
    "added": {"style": "solid", "penwidth": "2.5"},
    "removed": {"style": "dashed", "color": "gray45", "penwidth": "1"},
    "changed": {"style": "solid", "color": "black:invis:black", "penwidth": "1"},
    "not_discussed": {"style": "dotted", "color": "gray45", "penwidth": "1"},
    "unchanged": {"style": "solid", "penwidth": "0.5", "color": "gray30"},
}
_INSTALL = ("Graphviz 'dot' is not installed, so the diff cannot be drawn. Install it: "
            "Debian/Ubuntu 'sudo apt-get install graphviz', macOS 'brew install graphviz', "
            "conda 'conda install -c conda-forge graphviz', Windows 'winget install graphviz'.")


def _wrap(text: str, width: int = 28) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines or [""]


def draw_diff(graph: nx.DiGraph, path: str | Path, fmt: str = "svg", *,
              lang: str = "nl") -> Path:
    """Draw a `diff_graph` with Graphviz `dot` to `path` (svg, png or pdf) and return it.

    Styles stay readable in greyscale: added = bold border and '+', removed = dashed grey
    border, '−' and struck-through text, changed = double border and '~', not discussed =
    dotted grey border and '?', unchanged = thin border. A legend explains them. Labels are
    escaped (plain labels with graphviz.escape, the struck-through HTML label with
    html.escape). Raises MissingTool when `dot` is not installed.
    """
    import html

    import graphviz

    if fmt not in ("svg", "png", "pdf"):
        raise UsageError(f"format must be svg, png or pdf, not '{fmt}'")
    if shutil.which("dot") is None:
        raise MissingTool(_INSTALL)
    dot = graphviz.Digraph("diff", graph_attr={"rankdir": "LR", "fontname": "Helvetica",
                                               "nodesep": "0.25", "ranksep": "0.6"},
                           node_attr={"shape": "box", "fontname": "Helvetica",
                                      "fontsize": "10", "margin": "0.12,0.06"},
                           edge_attr={"arrowsize": "0.6"})
    for node_id, data in sorted(graph.nodes(data=True), key=lambda kv: str(kv[0])):
        change = data.get("change", "unchanged")
        text = data.get(f"label_{lang}") or data.get("label_nl") or str(node_id)
        marker = _MARKERS.get(change, "")
        attrs = dict(_NODE_STYLES.get(change, _NODE_STYLES["unchanged"]))
        if data.get("is_group"):
            attrs["shape"] = "folder"
        if change == "removed":
            lines = [html.escape(line) for line in _wrap(text)]
            attrs["label"] = ("<<S>" + html.escape(marker + " ") + "<BR/>".join(lines)
                              + "</S>>")
        else:
            shown = "\n".join(_wrap(f"{marker} {text}" if marker else text))
            attrs["label"] = graphviz.escape(shown)
        dot.node(graphviz.escape(str(node_id)), **attrs)
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        change = data.get("change", "unchanged")
        attrs = dict(_EDGE_STYLES.get(change, _EDGE_STYLES["unchanged"]))
        if _MARKERS.get(change):
            attrs["label"] = graphviz.escape(_MARKERS[change])
            attrs["fontsize"] = "9"
        dot.edge(graphviz.escape(str(u)), graphviz.escape(str(v)), **attrs)
    with dot.subgraph(name="cluster_legend") as legend:
        legend.attr(label=graphviz.escape("Legende (legend)"), fontsize="10", style="dashed",
                    color="gray60")
        for change in ("added", "removed", "changed", "not_discussed", "unchanged"):
            attrs = dict(_NODE_STYLES[change])
            status = STATUS_LABELS[change]
            text = f"{_MARKERS[change]} {status.nl} ({status.en})".strip()
            if change == "removed":
                attrs["label"] = f"<<S>{html.escape(text)}</S>>"
            else:
                attrs["label"] = graphviz.escape(text)
            legend.node(f"__legend_{change}", **attrs)
    path = Path(path)
    try:
        data = dot.pipe(format=fmt)
    except graphviz.ExecutableNotFound as exc:  # pragma: no cover - raced with which()
        raise MissingTool(_INSTALL) from exc
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def changed_ids(diff: VersionDiff, statuses: Iterable[str] = ("added", "changed")) -> list[str]:
    """The new ids of nodes with one of `statuses`, e.g. to highlight them in another view."""
    wanted = set(statuses)
    return [i for c in diff.nodes if c.status in wanted for i in c.new_ids]
