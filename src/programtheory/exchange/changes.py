"""Row edits applied to a project's YAML files: checked as a whole before anything is written,
shown as a diff, and written atomically with every untouched byte kept.

An edit is what differs between two row sets of `rows` (the base and the edited rows); it is
applied to the current YAML data and written back through `yaml_edit.patch_text`.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import did_you_mean
from ..project import read_project
from .cells import ExchangeError
from .rows import split
from ..atomic import write_text_atomically
from ..yaml_edit import compose, patch_text

NODE_PATHS = {"kind": ("kind",), "label_nl": ("label", "nl"), "label_en": ("label", "en"),
              "levels": ("levels",), "term": ("term",), "condition": ("condition",),
              "polarity": ("polarity",), "note": ("note",)}
LINK_PATHS = {"from": ("from",), "to": ("to",), "kind": ("kind",), "status": ("status",),
              "sentence": ("sentence",)}
EVIDENCE_PATHS = {"kind": ("kind",), "text": ("text",), "role": ("role",),
                  "source": ("citation",), "n": ("n",), "stance": ("stance",),
                  "bears_on": ("bears_on",)}
LIST_FIELDS = {"levels", "bears_on"}
ENDS = {"from", "to"}
PREFIX = {"problem": "prob", "goal": "goal", "rationale": "rat", "mechanism": "mech",
          "assumption": "asm", "resource": "res", "action": "act", "output": "out",
          "outcome": "oc", "feedback": "fb", "follow_up": "fu", "external_factor": "ext"}


def yaml_value(field_name: str, text: str):
    """A row value as the YAML value it stands for; None means 'leave the key out'."""
    if not text:
        return None
    if field_name in LIST_FIELDS:
        return split(text)
    if field_name in ENDS:
        ids = split(text)
        return ids[0] if len(ids) == 1 else ids
    if field_name == "n":
        return int(text)
    return text


def set_path(item: dict, path: tuple[str, ...], value) -> None:
    for key in path[:-1]:
        item = item.setdefault(key, {})
    if value is None:
        item.pop(path[-1], None)
    else:
        item[path[-1]] = value


def changed_fields(base: dict[str, str], new: dict[str, str]) -> dict[str, str]:
    return {f: v for f, v in new.items() if f != "id" and v != base.get(f, "")}


def slug_id(kind: str, label: str, taken: set[str]) -> str:
    """A readable new node id from its kind and Dutch label, unique among `taken`.

    >>> slug_id("assumption", "Duidelijke communicatie!", set())
    'asm_duidelijke_communicatie'
    """
    words = re.sub(r"[^a-z0-9]+", "_", label.lower().encode("ascii", "ignore")
                   .decode("ascii")).strip("_").split("_")
    base = f"{PREFIX.get(kind, 'el')}_" + "_".join(words[:4]).strip("_")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


@dataclass
class Plan:
    """New texts for project files, checked; `write` puts them in place."""

    root: Path
    originals: dict[str, str | None] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    diff: object | None = None  # a diff.VersionDiff, when a version changed
    _nodes: dict = field(default_factory=dict, repr=False)  # name -> (text, composed tree)

    def set_data(self, name: str, data) -> None:
        """Replace the data of file `name` (project-relative), keeping its comments."""
        original = self.original(name)
        text = self.texts.get(name, original)
        if text is None:
            text = "# Evidence added by 'programtheory import evidence'.\n\nevidence: []\n"
        cached = self._nodes.get(name)
        node = cached[1] if cached and cached[0] is text else None
        self.texts[name] = patch_text(text, data, name, node)

    def original(self, name: str) -> str | None:
        if name not in self.originals:
            path = self.root / name
            self.originals[name] = path.read_text(encoding="utf-8") if path.is_file() else None
        return self.originals[name]

    def data(self, name: str):
        """The current data of file `name`: a fresh copy to change and pass to `set_data`."""
        text = self.texts.get(name, self.original(name))
        if text is None:
            return {"evidence": []}
        node, data = compose(text, name)
        self._nodes[name] = (text, node)
        return data

    @property
    def changed(self) -> list[str]:
        return [n for n, t in self.texts.items() if t != self.originals.get(n)]

    def check(self):
        """The project as it would be after the write; ExchangeError when it has errors."""
        with tempfile.TemporaryDirectory(prefix="programtheory-import-") as temp:
            copy = Path(temp) / "project"
            _copy_data(self.root, copy)
            for name in self.changed:
                (copy / name).parent.mkdir(parents=True, exist_ok=True)
                (copy / name).write_text(self.texts[name], encoding="utf-8")
            result = read_project(copy)
        if result.errors or result.project is None:
            raise ExchangeError(["the result would not be valid, so nothing was written:"]
                                + [f"  {f.format()}" for f in result.errors])
        return result.project

    def write(self) -> list[str]:
        for name in self.changed:
            target = self.root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomically(target, self.texts[name])
        return self.changed


def _copy_data(root: Path, copy: Path) -> None:
    shutil.copytree(root / "theory", copy / "theory",
                    ignore=shutil.ignore_patterns("*.tmp", ".*"))
    for name in ("outcomes.yaml", "barometer.yaml", "project.yaml"):
        if (root / name).is_file():
            shutil.copy2(root / name, copy / name)


# ------------------------------------------------------------------ applying row edits

def apply_version_rows(data: dict, base: dict, new: dict, notes: list[str]) -> None:
    """Apply the edits between `base` and `new` rows (by sheet, then id) to a version file's
    data: changed fields, new rows, removed rows and group membership."""
    _apply_sheet(data, "nodes", base["nodes"], new["nodes"], NODE_PATHS, _new_node, "element",
                 notes)
    _apply_groups(data, base["nodes"], new["nodes"])
    _apply_sheet(data, "links", base["links"], new["links"], LINK_PATHS, _new_link, "link",
                 notes)


def _apply_sheet(data: dict, key: str, base: dict, new: dict, paths: dict, make, what: str,
                 notes: list[str]) -> None:
    """One sheet's rows onto the list `data[key]`: changed fields set in place, new rows
    appended (`make(id, row)`), rows deleted from the sheet removed."""
    items = data.setdefault(key, [])
    by_id = {i.get("id"): i for i in items if isinstance(i, dict)}
    for item_id, row in new.items():
        old = base.get(item_id)
        if old is None:
            items.append(make(item_id, row))
            continue
        item = by_id.get(item_id)
        if item is None:
            notes.append(f"{what} '{item_id}' was removed from the YAML meanwhile; its edits "
                         "are left out")
            continue
        for f, value in changed_fields(old, row).items():
            if f in paths:
                set_path(item, paths[f], yaml_value(f, value))
    gone = set(base) - set(new)
    if gone:
        data[key] = [i for i in items if i.get("id") not in gone]


def _new_link(link_id: str, row: dict[str, str]) -> dict:
    return {"id": link_id, **{f: yaml_value(f, row[f]) for f in LINK_PATHS if row.get(f)}}


def _new_node(node_id: str, row: dict[str, str]) -> dict:
    item: dict = {"id": node_id, "kind": row["kind"], "label": {"nl": row["label_nl"]}}
    if row.get("label_en"):
        item["label"]["en"] = row["label_en"]
    for f in ("levels", "term", "condition", "note"):
        if row.get(f):
            item[f] = yaml_value(f, row[f])
    if row.get("polarity") and row["polarity"] != "desired":
        item["polarity"] = row["polarity"]
    return item


def _apply_groups(data: dict, base: dict, new: dict) -> None:
    groups = data.get("groups") or []
    for node_id, row in new.items():
        before = set(split(base.get(node_id, {}).get("group", "")))
        after = set(split(row.get("group", "")))
        for group in groups:
            members = group.get("members") or []
            if group.get("id") in after - before and node_id not in members:
                group["members"] = members + [node_id]
            if group.get("id") in before - after and node_id in members:
                group["members"] = [m for m in members if m != node_id]


def apply_evidence_rows(plan: Plan, files: list[str], base: dict, new: dict) -> None:
    """Changed fields of existing evidence items, in whichever file holds each item."""
    edits = {i: changed_fields(base[i], row) for i, row in new.items() if i in base}
    edits = {i: e for i, e in edits.items() if e}
    for name in files:
        if not edits:
            return
        data = plan.data(name)
        touched = False
        for item in (data or {}).get("evidence") or []:
            fields = edits.pop(item.get("id"), None) if isinstance(item, dict) else None
            for f, value in (fields or {}).items():
                set_path(item, EVIDENCE_PATHS[f], yaml_value(f, value))
                touched = True
        if touched:
            plan.set_data(name, data)
    for item_id in edits:
        plan.notes.append(f"evidence '{item_id}' was removed from the YAML meanwhile; its "
                          "edits are left out")


def unknown_version(name: str, known) -> ExchangeError:
    hint = did_you_mean(name, known)
    return ExchangeError([f"unknown version '{name}'" + (f"; {hint}" if hint else "")])
