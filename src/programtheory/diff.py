"""What changed between two theory versions: added, removed and changed nodes, groups, links,
conditions and evidence, as data (JSON) and as a report (Markdown, see `diff_markdown`); the
union graph and its drawing are in `diff_draw`.

Each side of a comparison is a `Side`: one version with the evidence of its project, which may
come from the working folder or from a git revision (`gitsource`).

Matching (which element of OLD is which element of NEW)
-------------------------------------------------------
* **Ids first.** An id present in both versions names the same element: it is compared field
  by field and is *changed* or *unchanged*. A version compared with itself, or with an exact
  copy under another id, therefore has no changes.
* **Correspondences** (`corresponds_to`) are read only between *different* versions and only in
  the direction they are declared: a node of a version names the nodes of an earlier version
  (one it is based on, directly or through other versions) that it stems from. So when NEW
  revises OLD, NEW's correspondences count; when OLD revises NEW (a revision read backwards),
  OLD's count, with the roles swapped; between unrelated versions none do. A node that keeps
  its id in the other version is that element, so its correspondences (which name a still
  earlier version, e.g. in a copied file) are not read. Each correspondence is read on its
  own, not transitively:

  - a new node that corresponds to exactly one old node, which nothing else corresponds to
    and which is gone from NEW, *reframes* it: one changed entry, compared field by field;
  - a new node that corresponds to several old nodes *merges* them: one changed entry;
  - an old node that several new nodes correspond to, or that lives on under its id while
    another new node also corresponds to it, is *split*: one changed entry; the mirror case,
    a node that lives on under its id while also absorbing other old nodes, is a merge. Split
    and merge
    come only from these explicit correspondences. Merged and split entries list every
    label; their fields are not compared, since there is no single counterpart;
  - an old node with neither its id nor a correspondence in NEW is *removed*, unless it
    carries ``revision: {status: not_discussed}``: then it is *not discussed in the
    revision* (the report is silent about it, which is not the same as removing it);
  - a new node with neither its id nor a correspondence in OLD is *added*.

  Compared fields: label (nl, en), kind, levels (as a set), term, polarity, parent (an old
  parent that became the new parent counts as the same) and description. The condition is
  reported in its own category (below), so that one edit is one change.
* **Groups.** Matched by id. Compared: label, term, members (old members read through the
  node matching).
* **Links.** The same link when its id matches, or else when its ends and its kind match;
  two sets of ends match when they hold the same ids, or else the same elements through the
  node matching, read in both directions. Compared: from, to, kind, relation, effect, status,
  sentence; a link matched by its ends whose id alone differs is unchanged. An unmatched old
  link that touches a node not discussed in the revision is itself *not discussed*.
* **Conditions** (necessary/facilitating): a matched node whose condition appears,
  disappears or changes, and an added or removed node that carries one.
* **Evidence.** The evidence items that bear on an element of either version, matched by id
  and compared field by field. Evidence is shared by every version of a project, so it only
  differs when the two sides come from different states of the project (e.g. git revisions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .citations import project_places
from .diff_side import Side, side_of
from .messages import languages, message
from .model import Group, Label, Link, Node, Project

STATUSES = ("added", "removed", "changed", "not_discussed", "unchanged")
ELEMENTS = ("node", "group", "link", "condition", "evidence")
NODE_FIELDS = ("label_nl", "label_en", "kind", "levels", "term", "polarity", "parent",
               "description")
LINK_FIELDS = ("from", "to", "kind", "relation", "effect", "status", "sentence")

_STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}


def _catalogued(key: str) -> Label:
    """A catalogue text in every shipped language, as a Label."""
    return Label({lang: message(key, lang) for lang in languages()})


STATUS_LABELS = {status: _catalogued(f"diff.status.{status}") for status in STATUSES}
ELEMENT_LABELS = {element: _catalogued(f"diff.element.{element}") for element in ELEMENTS}
NOT_DISCUSSED_NOTE = _catalogued("diff.not_discussed_note")


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
    nodes). `relation` says how they were matched: same_id, reframed, merged, split or
    endpoints (links). `labels` maps every involved id to its Dutch and English label (for
    a link: its ends' labels), so a reader sees what changed without reading ids.
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
        return (_STATUS_RANK[self.status], self.id, self.old_ids)

    def to_json(self) -> dict[str, Any]:
        return {"element": self.element, "status": self.status, "id": self.id,
                "old_ids": list(self.old_ids), "new_ids": list(self.new_ids),
                "relation": self.relation, "kind": self.kind,
                "labels": {k: dict(v) for k, v in sorted(self.labels.items())},
                "fields": [f.to_json() for f in self.fields], "note": self.note}


@dataclass
class VersionDiff:
    """The difference between two sides (see the module docstring)."""

    old: str
    new: str
    old_title: Label
    new_title: Label
    nodes: list[Change] = field(default_factory=list)
    groups: list[Change] = field(default_factory=list)
    links: list[Change] = field(default_factory=list)
    conditions: list[Change] = field(default_factory=list)
    evidence: list[Change] = field(default_factory=list)
    old_side: Side | None = field(default=None, repr=False, compare=False)
    new_side: Side | None = field(default=None, repr=False, compare=False)

    def changes(self, element: str | None = None, status: str | None = None) -> list[Change]:
        """The entries, optionally of one element type and/or one status."""
        chosen = [c for e in ELEMENTS if element in (None, e) for c in self._of(e)]
        return [c for c in chosen if status in (None, c.status)]

    def _of(self, element: str) -> list[Change]:
        return {"node": self.nodes, "group": self.groups, "link": self.links,
                "condition": self.conditions, "evidence": self.evidence}[element]

    def counts(self) -> dict[str, dict[str, int]]:
        """{element: {status: count}} for every element type and status (zeros included)."""
        return {e: {s: sum(1 for c in self._of(e) if c.status == s) for s in STATUSES}
                for e in ELEMENTS}

    def counts_records(self, lang: str | None = None):
        """`counts` as a table for a page in `lang` (`diff_markdown.counts_records`)."""
        from .diff_markdown import counts_records
        return counts_records(self, self.language(lang))

    def is_empty(self) -> bool:
        """True when nothing was added, removed, changed or left undiscussed."""
        return all(c.status == "unchanged" for c in self.changes())

    def names(self, side: str) -> dict[str, dict[str, str]]:
        """{id: {nl, en}} of the nodes and groups of the 'old' or 'new' version."""
        chosen = self.old_side if side == "old" else self.new_side
        if chosen is None:
            return {}
        version = chosen.version
        return {e.id: _label(e.label) for e in [*version.nodes, *version.groups]}

    def language(self, lang: str | None = None) -> str:
        """`lang`, or the primary language of the newer side's project."""
        side = self.new_side or self.old_side
        return lang or (side.language if side else "nl")

    def intro(self, lang: str | None = None) -> str:
        """One sentence naming the two versions compared (plain text)."""
        from .diff_markdown import intro_text
        return intro_text(self, self.language(lang))

    def to_json(self) -> dict[str, Any]:
        """Plain types in a stable order (entries sorted by status, then id)."""
        where = {"old": self.old_side.where if self.old_side else "",
                 "new": self.new_side.where if self.new_side else ""}
        return {"old": {"id": self.old, "title": self.old_title.model_dump(),
                        "where": where["old"]},
                "new": {"id": self.new, "title": self.new_title.model_dump(),
                        "where": where["new"]},
                "counts": self.counts(),
                **{_plural(e): [c.to_json() for c in self._of(e)] for e in ELEMENTS}}

    def to_markdown(self, lang: str | None = None, *, drawing: bool = False,
                    ids: bool = True) -> str:
        """A readable report in one language, by default the project's primary language (see
        `diff_markdown.diff_markdown`; `ids=False` for a reader's page)."""
        from .diff_markdown import diff_markdown
        return diff_markdown(self, self.language(lang), drawing=drawing, ids=ids)


def _plural(element: str) -> str:
    return "evidence" if element == "evidence" else f"{element}s"


# ------------------------------------------------------------------------------ matching

@dataclass
class _NodeMatch:
    """One node entry: old and new ids and how they relate (see the module docstring)."""

    old: list[str]
    new: list[str]
    relation: str = ""  # same_id, reframed, merged, split; '' for added/removed


def _correspondences(old: Side, new: Side) -> list[tuple[str, str]]:
    """The (old id, new id) pairs declared by `corresponds_to` that hold for this comparison:
    declared by the later version about the earlier one, by a node absent from the other
    version."""
    if old.id == new.id:
        return []
    old_ids = {n.id for n in old.version.nodes}
    new_ids = {n.id for n in new.version.nodes}
    pairs: list[tuple[str, str]] = []
    if old.id in new.lineage:
        for n in new.version.nodes:
            if n.id not in old_ids:
                pairs += [(o, n.id) for o in n.corresponds_to if o in old_ids]
    elif new.id in old.lineage:
        for o in old.version.nodes:
            if o.id not in new_ids:
                pairs += [(o.id, n) for n in o.corresponds_to if n in new_ids]
    return list(dict.fromkeys(pairs))


@dataclass
class _Ends:
    """Which new ids every old id lives on in (`ahead`) and which old ids every new id stems
    from (`back`), for comparing the ends of links and the members of groups."""

    ahead: dict[str, set[str]]
    back: dict[str, set[str]]

    def add_same(self, element_id: str) -> None:
        self.ahead[element_id] = {element_id}
        self.back[element_id] = {element_id}

    def key(self, old_ids: list[str]) -> frozenset[str]:
        """The old ids read in NEW (an id with no counterpart stays distinct)."""
        return frozenset().union(*(self.ahead.get(i, {f"old:{i}"}) for i in old_ids))

    def same(self, old_ids: list[str], new_ids: list[str]) -> bool:
        """True when the two sets of ends are the same elements: the same ids (ids first), or
        else the same through the correspondences read in both directions, so that the answer
        does not depend on which side is called old."""
        if old_ids == new_ids or set(old_ids) == set(new_ids):
            return True
        back = frozenset().union(*(self.back.get(i, {f"new:{i}"}) for i in new_ids))
        return self.key(old_ids) == frozenset(new_ids) and back == frozenset(old_ids)


def _match_nodes(old: Side, new: Side) -> tuple[list[_NodeMatch], _Ends]:
    """The node entries, and the correspondence of ids in both directions."""
    old_ids = [n.id for n in old.version.nodes]
    new_ids = [n.id for n in new.version.nodes]
    old_set, new_set = set(old_ids), set(new_ids)
    old_rank = {i: k for k, i in enumerate(old_ids)}
    new_rank = {i: k for k, i in enumerate(new_ids)}
    sources: dict[str, list[str]] = {}  # new id -> old ids it stems from
    heirs: dict[str, list[str]] = {}  # old id -> new ids stemming from it
    for o, n in sorted(_correspondences(old, new), key=lambda p: (old_rank[p[0]],
                                                                   new_rank[p[1]])):
        sources.setdefault(n, []).append(o)
        heirs.setdefault(o, []).append(n)
    for values in heirs.values():
        values.sort(key=new_rank.__getitem__)

    matches = [_NodeMatch([i], [i], "same_id") for i in old_ids if i in new_set]
    for n in new_ids:
        origin = sources.get(n, [])
        if n in old_set:  # lives on and absorbs other old nodes: the mirror of a split
            if origin:
                matches.append(_NodeMatch([n] + origin, [n], "merged"))
        elif not origin:
            matches.append(_NodeMatch([], [n]))
        elif len(origin) > 1:
            matches.append(_NodeMatch(list(origin), [n], "merged"))
        elif heirs[origin[0]] == [n] and origin[0] not in new_set:
            matches.append(_NodeMatch([origin[0]], [n], "reframed"))
    for o in old_ids:
        lives_on, its_heirs = o in new_set, heirs.get(o, [])
        if len(its_heirs) > 1 or (lives_on and its_heirs):
            matches.append(_NodeMatch([o], ([o] if lives_on else []) + its_heirs, "split"))
        elif not its_heirs and not lives_on:
            matches.append(_NodeMatch([o], []))
    # ids with no counterpart are left out: `_Ends` keeps them distinct from every other id
    ahead = {o: {o} for o in old_ids if o in new_set}
    back = {n: {n} for n in new_ids if n in old_set}
    for o, its_heirs in heirs.items():
        ahead.setdefault(o, set()).update(its_heirs)
    for n, origin in sources.items():
        back.setdefault(n, set()).update(origin)
    return matches, _Ends(ahead, back)


def _label(label: Label) -> dict[str, str]:
    return {"nl": label.nl, "en": label.en}


def _node_values(node: Node) -> dict[str, Any]:
    return {"label_nl": node.label.nl, "label_en": node.label.en, "kind": node.kind.value,
            "levels": sorted(lv.value for lv in node.levels),
            "term": node.term.value if node.term else None,
            "polarity": node.polarity.value, "parent": node.parent,
            "description": node.description}


def diff_versions(project: Project, old: str, new: str) -> VersionDiff:
    """The difference between versions `old` and `new` of the project (see the module
    docstring for how elements are matched). Raises UsageError for an unknown version."""
    places = project_places(project)
    return diff_sides(side_of(project, old, places=places), side_of(project, new, places=places))


def diff_sides(old: Side, new: Side) -> VersionDiff:
    """The difference between two sides, which may come from different states of a project."""
    from .yamlio import bulk_allocation

    # tens of thousands of small entries and no reference cycles: the collector's full
    # passes over a large project would cost more than the comparison itself
    with bulk_allocation():
        return _diff_sides(old, new)


def _diff_sides(old: Side, new: Side) -> VersionDiff:
    v_old, v_new = old.version, new.version
    old_nodes = {n.id: n for n in v_old.nodes}
    new_nodes = {n.id: n for n in v_new.nodes}
    matches, mapping = _match_nodes(old, new)
    new_groups = {g.id for g in v_new.groups}
    for g in v_old.groups:  # groups are matched by id only
        if g.id in new_groups:
            mapping.add_same(g.id)

    diff = VersionDiff(v_old.id, v_new.id, v_old.info.title, v_new.info.title,
                       old_side=old, new_side=new)
    names = (diff.names("old"), diff.names("new"))
    not_discussed: set[str] = set()
    for mt in matches:
        change, condition = _node_change(mt, old_nodes, new_nodes, mapping, names)
        diff.nodes.append(change)
        if change.status == "not_discussed":
            not_discussed.update(mt.old)
        if condition is not None:
            diff.conditions.append(condition)
    diff.groups = _group_changes(v_old.groups, v_new.groups, mapping)
    diff.links = _link_changes(v_old.links, v_new.links, mapping, not_discussed, names)
    diff.evidence = evidence_changes(old, new)
    for element in ELEMENTS:
        diff._of(element).sort(key=Change.sort_key)
    return diff


def _node_change(mt: _NodeMatch, old_nodes: dict[str, Node], new_nodes: dict[str, Node],
                 mapping: _Ends, names: tuple[dict, dict]) -> tuple[Change, Change | None]:
    labels = {i: names[0][i] for i in mt.old}
    labels.update({i: names[1][i] for i in mt.new})
    olds = [old_nodes[i] for i in mt.old]
    news = [new_nodes[i] for i in mt.new]
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
        if mt.relation == "reframed" or (mt.relation == "same_id" and olds[0] != news[0]):
            fields = _node_fields(olds[0], news[0], mapping)
        status = "changed" if fields or mt.relation != "same_id" else "unchanged"
        # one old node's revision note; a split node that lives on shows it in its own entry
        revision = olds[0].revision if len(olds) == 1 and not (
            mt.relation == "split" and mt.old[0] in mt.new) else None
        change = Change("node", status, list(mt.old), list(mt.new), mt.relation, kind,
                        fields, labels, note=revision.note if revision else "")
    return change, _condition_change(mt, change, olds, news)


def _node_fields(a: Node, b: Node, mapping: _Ends) -> list[FieldChange]:
    fields = [FieldChange("id", a.id, b.id)] if a.id != b.id else []
    before, after = _node_values(a), _node_values(b)
    for name in NODE_FIELDS:
        if name == "parent":
            p_old, p_new = before["parent"], after["parent"]
            if p_old != p_new and not (p_old is not None and p_new is not None
                                       and mapping.same([p_old], [p_new])):
                fields.append(FieldChange("parent", p_old, p_new))
        elif before[name] != after[name]:
            fields.append(FieldChange(name, before[name], after[name]))
    return fields


def _condition_change(mt: _NodeMatch, change: Change, olds: list[Node],
                      news: list[Node]) -> Change | None:
    # a split or merged node that lives on under its id has its own same-id entry for its
    # condition
    olds = [n for n in olds if not (mt.relation == "merged" and n.id in mt.new)]
    old_conditions = sorted({n.condition.value for n in olds if n.condition})
    heirs = [n for n in news if not (mt.relation == "split" and n.id in mt.old)]
    new_conditions = sorted({n.condition.value for n in heirs if n.condition})
    if not old_conditions and not new_conditions:
        return None
    if not mt.new:
        status = change.status  # removed or not_discussed
    elif not mt.old or not old_conditions:
        status = "added"
    elif old_conditions == new_conditions:
        status = "unchanged"
    elif not new_conditions:
        status = "removed"
    else:
        status = "changed"
    return Change("condition", status, list(mt.old), list(mt.new), change.relation,
                  change.kind, [FieldChange("condition", _one(old_conditions),
                                            _one(new_conditions))], change.labels)


def _one(values: list[str]) -> str | list[str] | None:
    """A single condition as a string, several (merged nodes) as a list, none as None."""
    return values[0] if len(values) == 1 else (values or None)


def _group_changes(old: list[Group], new: list[Group],
                   mapping: _Ends) -> list[Change]:
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
        if not mapping.same(g.members, h.members):
            fields.append(FieldChange("members", list(g.members), list(h.members)))
        out.append(Change("group", "changed" if fields else "unchanged", [g.id], [h.id],
                          "same_id", "group", fields, {g.id: _label(h.label)}))
    for h in new:
        if h.id not in old_ids:
            out.append(Change("group", "added", [], [h.id], kind="group",
                              labels={h.id: _label(h.label)}))
    return out


class _LinkLabels:
    """Links as 'A + B → C' with their ends' labels, in Dutch and in English (the Dutch label
    where an English one is missing; the id where an end is unknown); each end's text is
    looked up once per version."""

    def __init__(self, names: dict[str, dict[str, str]]) -> None:
        self.nl = {i: name["nl"] or i for i, name in names.items()}
        self.en = {i: name["en"] or name["nl"] or i for i, name in names.items()}

    def __call__(self, link: Link) -> dict[str, str]:
        nl, en = self.nl, self.en
        if isinstance(link.source, str) and isinstance(link.target, str):
            s, t = link.source, link.target
            return {"nl": f"{nl.get(s, s)} → {nl.get(t, t)}",
                    "en": f"{en.get(s, s)} → {en.get(t, t)}"}
        sources, targets = link.sources, link.targets
        return {"nl": " + ".join(nl.get(i, i) for i in sources) + " → "
                + " + ".join(nl.get(i, i) for i in targets),
                "en": " + ".join(en.get(i, i) for i in sources) + " → "
                + " + ".join(en.get(i, i) for i in targets)}


def _link_values(link: Link) -> dict[str, Any]:
    return {"from": list(link.sources), "to": list(link.targets), "kind": link.kind,
            "relation": link.relation, "effect": link.effect.value,
            "status": link.status.value, "sentence": link.sentence}


def _pair_links(old: list[Link], new: list[Link], mapping: _Ends
                ) -> tuple[list[tuple[Link, Link, str]], list[Link], list[Link]]:
    """(old, new, relation) pairs, the unmatched old links and the unmatched new links."""
    new_by_id = {link.id: link for link in new}
    pairs = [(a, new_by_id[a.id], "same_id") for a in old if a.id in new_by_id]
    used = {a.id for a, _, _ in pairs}
    free: dict[tuple, list[Link]] = {}
    for b in new:
        if b.id not in used:
            free.setdefault((frozenset(b.sources), frozenset(b.targets), b.kind), []).append(b)
    gone = []
    for a in old:
        if a.id in used:
            continue
        partner = None
        for key in ((frozenset(a.sources), frozenset(a.targets), a.kind),
                    (mapping.key(a.sources), mapping.key(a.targets), a.kind)):
            waiting = free.get(key, [])
            partner = next((b for b in waiting if mapping.same(a.sources, b.sources)
                            and mapping.same(a.targets, b.targets)), None)
            if partner is not None:
                waiting.remove(partner)
                break
        if partner is None:
            gone.append(a)
        else:
            pairs.append((a, partner, "endpoints"))
    matched_new = {b.id for _, b, _ in pairs}
    return pairs, gone, [b for b in new if b.id not in matched_new]


def _link_changes(old: list[Link], new: list[Link], mapping: _Ends,
                  not_discussed: set[str], names: tuple[dict, dict]) -> list[Change]:
    old_names, new_names = _LinkLabels(names[0]), _LinkLabels(names[1])
    pairs, gone, fresh = _pair_links(old, new, mapping)
    out = []
    for a, b, relation in pairs:
        fields = []
        before, after = (_link_values(a), _link_values(b)) if a != b else ({}, {})
        for name in LINK_FIELDS if before else ():
            if name in ("from", "to"):
                if not mapping.same(before[name], after[name]):
                    fields.append(FieldChange(name, before[name], after[name]))
            elif before[name] != after[name]:
                fields.append(FieldChange(name, before[name], after[name]))
        labels = {a.id: old_names(a), b.id: new_names(b)}
        out.append(Change("link", "changed" if fields else "unchanged", [a.id], [b.id],
                          relation, b.kind, fields, labels))
    for link in gone:
        silent = any(end in not_discussed for end in link.sources + link.targets)
        out.append(Change("link", "not_discussed" if silent else "removed", [link.id], [],
                          kind=link.kind, labels={link.id: old_names(link)}))
    for link in fresh:
        out.append(Change("link", "added", [], [link.id], kind=link.kind,
                          labels={link.id: new_names(link)}))
    return out


# the evidence comparison and the drawn diff live in their own modules; these names stay
# importable from here
from .diff_draw import diff_graph, draw_diff, union_graph  # noqa: E402
from .diff_evidence import evidence_changes  # noqa: E402

__all__ = ["Change", "FieldChange", "Side", "VersionDiff", "diff_graph", "diff_sides",
           "diff_versions", "draw_diff", "side_of", "union_graph"]
