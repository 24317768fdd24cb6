"""What changed in the evidence between the two sides of a diff: the items that bear on an
element of either version, matched by id and compared field by field (see `diff`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Evidence

if TYPE_CHECKING:
    from .diff import Change, Side


def _relevant_evidence(side: Side) -> dict[str, Evidence]:
    version = side.version
    ids = {e.id for e in [*version.nodes, *version.groups, *version.links]}
    return {e.id: e for e in side.evidence if ids.intersection(e.bears_on)}


def _evidence_label(item: Evidence) -> dict[str, str]:
    text = " ".join(item.text.split())
    short = text if len(text) <= 90 else text[:89].rstrip() + "…"
    return {"nl": short, "en": short}


def evidence_changes(old: Side, new: Side) -> list[Change]:
    """One entry per evidence item bearing on either version: added, removed, changed or
    unchanged."""
    from .diff import Change, FieldChange

    before, after = _relevant_evidence(old), _relevant_evidence(new)
    every_old = {e.id: e for e in old.evidence}
    every_new = {e.id: e for e in new.evidence}
    out = []
    for item_id in dict.fromkeys([*before, *after]):
        a, b = every_old.get(item_id), every_new.get(item_id)
        if a is not None and (a is b or a == b):
            out.append(Change("evidence", "unchanged", [item_id], [item_id], "same_id",
                              a.kind.value, [], {item_id: _evidence_label(a)}))
            continue
        if a is None or b is None:
            status = "added" if a is None else "removed"
            item = b if a is None else a
            out.append(Change("evidence", status, [] if a is None else [item_id],
                              [] if b is None else [item_id], kind=item.kind.value,
                              labels={item_id: _evidence_label(item)}))
            continue
        values_a = a.model_dump(mode="json", exclude={"id"})
        values_b = b.model_dump(mode="json", exclude={"id"})
        fields = [FieldChange(name, values_a[name], values_b[name]) for name in values_a
                  if values_a[name] != values_b[name]]
        out.append(Change("evidence", "changed" if fields else "unchanged", [item_id],
                          [item_id], "same_id", b.kind.value, fields,
                          {item_id: _evidence_label(b)}))
    return out
