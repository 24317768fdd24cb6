"""What changed between two theory versions: added, removed and changed nodes, groups, links
and conditions, as a report (Markdown, JSON) and as a union graph for the drawn diff.

Matching (which element of OLD is which element of NEW)
-------------------------------------------------------
* **Nodes.** The same id in both versions is the same element: it is compared field by field
  and is *changed* or *unchanged*. Besides, `corresponds_to` (on either side; a node may list
  several ids) says that a node of NEW stems from nodes of OLD. Each correspondence is read
  on its own, not transitively, so that one shared ancestor does not lump half the theory into
  one entry:

  - a new node that corresponds to exactly one old node, which nothing else corresponds to
    and which is gone from NEW, *reframes* it: one changed entry, compared field by field
    (the id always differs);
  - a new node that corresponds to several old nodes *merges* them: one changed entry
    'old, old → new';
  - an old node that several new nodes correspond to, or that lives on under its id while
    another new node also corresponds to it, is *split*: one changed entry 'old → new, new'.
    A node can take part in a merge and a split at once (many-to-many); both entries are
    listed, since both statements hold. Merged and split entries list every label; their
    fields are not compared, since there is no single counterpart;
  - an old node with neither its id nor a correspondence in NEW is *removed*, unless it
    carries ``revision: {status: not_discussed}``: then it is listed as *not discussed in the
    revision*. The report's revision is silent about such elements, which is not the same
    as removing them;
  - a new node with neither its id nor a correspondence in OLD is *added*.

  Compared fields: label (nl, en), kind, levels (as a set), term, condition, polarity, parent
  (an old parent that became the new parent counts as the same), description.
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
from collections import Counter
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
        """The id that names this entry: the old id of a split, else the (first) new id, else
        the (first) old id."""
        if self.relation == "split" and self.old_ids:
            return self.old_ids[0]
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
    """One node entry: old and new ids and how they relate (see the module docstring)."""

    old: list[str]
    new: list[str]
    relation: str = ""  # same_id, reframed, merged, split; '' for added/removed


def _match_nodes(old: Version, new: Version) -> tuple[list[_NodeMatch], dict[str, set[str]]]:
    """The node entries, and for every old id the set of new ids it lives on in."""
    old_ids = [n.id for n in old.nodes]
    new_ids = [n.id for n in new.nodes]
    old_set, new_set = set(old_ids), set(new_ids)
    sources: dict[str, list[str]] = {i: [] for i in new_ids}  # new id -> old ids it stems from
    heirs: dict[str, list[str]] = {i: [] for i in old_ids}  # old id -> new ids stemming from it

    def relate(o: str, n: str) -> None:
        if o != n and o not in sources[n]:
            sources[n].append(o)
            heirs[o].append(n)

    for n in new.nodes:
        for other in n.corresponds_to:
            if other in old_set:
                relate(other, n.id)
    for o in old.nodes:
        for other in o.corresponds_to:
            if other in new_set:
                relate(o.id, other)
    old_rank = {i: k for k, i in enumerate(old_ids)}
    new_rank = {i: k for k, i in enumerate(new_ids)}
    for lists, rank in ((sources, old_rank), (heirs, new_rank)):
        for values in lists.values():
            values.sort(key=rank.__getitem__)

    matches: list[_NodeMatch] = []
    for i in old_ids:
        if i in new_set:
            matches.append(_NodeMatch([i], [i], "same_id"))
    for n in new_ids:
        if n in old_set:
            continue
        origin = sources[n]
        if not origin:
            matches.append(_NodeMatch([], [n]))
        elif len(origin) > 1:
            matches.append(_NodeMatch(list(origin), [n], "merged"))
        elif heirs[origin[0]] == [n] and origin[0] not in new_set:
            matches.append(_NodeMatch([origin[0]], [n], "reframed"))
    for o in old_ids:
        lives_on = o in new_set
        if len(heirs[o]) > 1 or (lives_on and heirs[o]):
            matches.append(_NodeMatch([o], ([o] if lives_on else []) + heirs[o], "split"))
        elif not heirs[o] and not lives_on:
            matches.append(_NodeMatch([o], []))
    mapping = {o: ({o} if o in new_set else set()) | set(heirs[o]) for o in old_ids}
    return matches, mapping


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
    v_old, v_new = project.version(old), project.version(new)
    old_nodes = {n.id: n for n in v_old.nodes}
    new_nodes = {n.id: n for n in v_new.nodes}
    matches, mapping = _match_nodes(v_old, v_new)
    # groups are matched by id only
    new_groups = {g.id for g in v_new.groups}
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
    # a split node that lives on under its id has its own same-id entry for its condition
    heirs = [n for n in news if not (mt.relation == "split" and n.id in mt.old)]
    new_conditions = sorted({n.condition.value for n in heirs if n.condition})
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
        # one old node's revision note; a split node that lives on shows it in its own entry
        revision = olds[0].revision if len(olds) == 1 and not (
            mt.relation == "split" and mt.old[0] in mt.new) else None
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
        if _mapped(g.members, mapping) != frozenset(h.members):
            fields.append(FieldChange("members", list(g.members), list(h.members)))
        out.append(Change("group", "changed" if fields else "unchanged", [g.id], [h.id],
                          "same_id", "group", fields, {g.id: _label(h.label)}))
    for h in new:
        if h.id not in old_ids:
            out.append(Change("group", "added", [], [h.id], kind="group",
                              labels={h.id: _label(h.label)}))
    return out


def _link_label(link: Link) -> dict[str, str]:
    return {"nl": link.ends_text(), "en": ""}


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
    if diff is not None and (diff.old, diff.new) != (old, new):
        raise ValueError(f"the diff is of {diff.old} -> {diff.new}, not {old} -> {new}")
    diff = diff or diff_versions(project, old, new)
    v_old, v_new = project.version(old), project.version(new)
    graph = nx.DiGraph(old=old, new=new)
    nodes_old = {n.id: n for n in v_old.nodes}
    nodes_new = {n.id: n for n in v_new.nodes}
    groups_old = {g.id: g for g in v_old.groups}
    groups_new = {g.id: g for g in v_new.groups}
    where: dict[str, list[str]] = {}  # old id -> union node ids
    entries: dict[str, list[Change]] = {}  # union node id -> the entries naming it
    for change in diff.nodes:
        ids = change.new_ids or change.old_ids
        for node_id in ids:
            entries.setdefault(node_id, []).append(change)
        for o in change.old_ids:
            # an old node that lives on under its id keeps its old links to itself only
            targets = [o] if o in nodes_new else ids
            where.setdefault(o, [])
            where[o] += [i for i in targets if i not in where[o]]
    for node_id, changes in entries.items():
        n = nodes_new[node_id] if node_id in nodes_new else nodes_old[node_id]
        term = n.term.value if n.term else None
        statuses = {c.status for c in changes}
        status = statuses.pop() if len(statuses) == 1 else "changed"
        graph.add_node(node_id, kind=n.kind.value, label_nl=n.label.nl, label_en=n.label.en,
                       term=term, column=column_key(n.kind.value, term), is_group=False,
                       members=[], change=status,
                       relation=", ".join(dict.fromkeys(c.relation for c in changes
                                                        if c.relation)),
                       old_ids=list(dict.fromkeys(o for c in changes for o in c.old_ids)),
                       new_ids=[node_id] if node_id in nodes_new else [],
                       fields=list(dict.fromkeys(f.field for c in changes for f in c.fields)))
    for change in diff.groups:
        gid = change.id
        g = groups_new.get(gid) if change.new_ids else groups_old[gid]
        term = g.term.value if g.term else None
        kind = (v_new if change.new_ids else v_old).group_kind(g)
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
    from .layout import wrap_text  # the figures' wrapping, without their cut-off

    return wrap_text(text, width, max_lines=1_000)


def _dot_text(text: str) -> str:
    """Text for a plain Graphviz label, shown literally.

    graphviz.escape keeps backslashes and a leading '<' from acting, but dot also decodes
    entities in plain labels ('&lt;' would show as '<'), so '&' is escaped first.

    >>> _dot_text("a &amp; b")
    'a &amp;amp; b'
    """
    import graphviz

    return graphviz.escape(text.replace("&", "&amp;"))


def diff_text(graph: nx.DiGraph) -> str:
    """A description of a drawn diff (its SVG's `<desc>`): elements and links per change."""
    nodes = Counter(data.get("change", "unchanged") for _, data in graph.nodes(data=True))
    links = Counter(data.get("change", "unchanged") for *_, data in graph.edges(data=True))
    parts = []
    for status, label in STATUS_LABELS.items():
        if nodes.get(status) or links.get(status):
            parts.append(f"{label.nl} / {label.en}: {nodes.get(status, 0)} elementen / "
                         f"elements, {links.get(status, 0)} verbanden / links")
    return ("Verschil tussen twee versies van de theorie / difference between two versions "
            "of the theory. " + "; ".join(parts) + ".")


def draw_diff(graph: nx.DiGraph, path: str | Path, fmt: str = "svg", *,
              lang: str = "nl") -> Path:
    """Draw a `diff_graph` with Graphviz `dot` to `path` (svg, png or pdf) and return it.

    Styles stay readable in greyscale: added = bold border and '+', removed = dashed grey
    border, '−' and struck-through text, changed = double border and '~', not discussed =
    dotted grey border and '?' (gathered in one box, their arrows left to the table),
    unchanged = thin border. A legend explains them. Labels show
    their text literally (plain labels via graphviz.escape with '&' escaped, the
    struck-through HTML-like label via html.escape). Raises MissingTool when `dot` is not
    installed.
    """
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
    # Elements the revision does not discuss are gathered in one box without their links
    # (those are listed in the table): drawn among the rest they hid what did change.
    quiet = dot.subgraph(name="cluster_not_discussed")
    hidden_links = sum(1 for *_, d in graph.edges(data=True) if d.get("change") == "not_discussed")
    status = STATUS_LABELS["not_discussed"]
    box_label = f"{status.nl} ({status.en})"
    if hidden_links:
        box_label += (f": hun {hidden_links} pijlen zijn niet getekend, zie de tabel "
                      f"(their {hidden_links} arrows are not drawn, see the table)")
    quiet_nodes = sorted((n for n, d in graph.nodes(data=True)
                          if d.get("change") == "not_discussed"), key=str)
    with quiet as box:
        box.attr(label=_dot_text(box_label), fontsize="10", style="dotted", color="gray50")
        # a grid of columns of ten, chained by invisible edges, keeps the box compact
        heads = []
        for start in range(0, len(quiet_nodes), 10):
            with box.subgraph() as column:
                column.attr(rank="same")
                for node_id in quiet_nodes[start:start + 10]:
                    _diff_node(column, node_id, graph.nodes[node_id], lang)
            heads.append(graphviz.escape(str(quiet_nodes[start])))
        for left, right in zip(heads, heads[1:]):
            box.edge(left, right, style="invis")
    for node_id, data in sorted(graph.nodes(data=True), key=lambda kv: str(kv[0])):
        if data.get("change") != "not_discussed":
            _diff_node(dot, node_id, data, lang)
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        change = data.get("change", "unchanged")
        if change == "not_discussed":
            continue
        attrs = dict(_EDGE_STYLES.get(change, _EDGE_STYLES["unchanged"]))
        if _MARKERS.get(change):
            attrs["label"] = _dot_text(_MARKERS[change])
            attrs["fontsize"] = "9"
        dot.edge(graphviz.escape(str(u)), graphviz.escape(str(v)), **attrs)
    _diff_legend(dot)
    path = Path(path)
    try:
        data = dot.pipe(format=fmt)
    except graphviz.ExecutableNotFound as exc:  # pragma: no cover - raced with which()
        raise MissingTool(_INSTALL) from exc
    if fmt == "svg":
        from .accessible import label_svg

        versions = " → ".join(str(graph.graph[k]) for k in ("old", "new") if graph.graph.get(k))
        data = label_svg(data, f"Verschil / difference {versions}".strip(), diff_text(graph))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _diff_node(dot, node_id: str, data: dict, lang: str) -> None:
    import html

    import graphviz

    change = data.get("change", "unchanged")
    text = data.get(f"label_{lang}") or data.get("label_nl") or str(node_id)
    marker = _MARKERS.get(change, "")
    attrs = dict(_NODE_STYLES.get(change, _NODE_STYLES["unchanged"]))
    if data.get("is_group"):
        attrs["shape"] = "folder"
    if change == "removed":
        lines = [html.escape(line) for line in _wrap(text)]
        attrs["label"] = "<<S>" + html.escape(marker + " ") + "<BR/>".join(lines) + "</S>>"
    else:
        attrs["label"] = _dot_text("\n".join(_wrap(f"{marker} {text}" if marker else text)))
    dot.node(graphviz.escape(str(node_id)), **attrs)


def _diff_legend(dot) -> None:
    import html

    with dot.subgraph(name="cluster_legend") as legend:
        legend.attr(label=_dot_text("Legende (legend)"), fontsize="10", style="dashed",
                    color="gray60")
        for change in ("added", "removed", "changed", "not_discussed", "unchanged"):
            attrs = dict(_NODE_STYLES[change])
            status = STATUS_LABELS[change]
            text = f"{_MARKERS[change]} {status.nl} ({status.en})".strip()
            if change == "removed":
                attrs["label"] = f"<<S>{html.escape(text)}</S>>"
            else:
                attrs["label"] = _dot_text(text)
            legend.node(f"__legend_{change}", **attrs)
