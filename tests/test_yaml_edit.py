"""Text edits of YAML files: the result reads as the wanted data, and every line the edit does
not concern (comments included) stays as it was."""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programtheory.atomic import write_text_atomically as write_atomic
from programtheory.yaml_edit import load_data, patch_text
from project_support import REPO

SOURCE = """\
# A theory file with the shapes the data files use.
version:
  id: v1  # trailing comment
  title:
    nl: Eerste versie
nodes:
  # --- first block ---
  - id: a
    kind: action
    label:
      nl: een actie met een lange beschrijving die over meerdere regels loopt en dus
        gevouwen is
      en: an action
    levels: [case, team]
    report:
      - {section: "4.1.1", lines: [10, 12]}
  - id: b
    kind: outcome
    label:
      nl: 'een uitkomst: met dubbelpunt'
    note: >-
      Een gevouwen blok
      over twee regels.

  # --- second block ---
  - id: c
    kind: goal
    label: {nl: doel, en: goal}
links:
  - id: L1
    from: a
    to: b
    kind: leads_to
"""

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
               max_size=200)
EDIT = st.one_of(
    st.tuples(st.just("label"), st.sampled_from(["a", "b", "c"]), TEXT),
    st.tuples(st.just("note"), st.sampled_from(["a", "b", "c"]), TEXT),
    st.tuples(st.just("drop_note"), st.sampled_from(["a", "b", "c"]), st.just("")),
    st.tuples(st.just("levels"), st.sampled_from(["a", "b", "c"]),
              st.lists(st.sampled_from(["case", "team", "client"]), max_size=3)),
    st.tuples(st.just("add"), st.just(""), TEXT),
    st.tuples(st.just("remove"), st.sampled_from(["a", "b", "c"]), st.just("")),
    st.tuples(st.just("from"), st.just("L1"), st.lists(st.sampled_from(["a", "b", "c"]),
                                                       min_size=1, max_size=3)),
)


def _apply(data: dict, edit) -> None:
    what, target, value = edit
    nodes = data["nodes"]
    item = next((n for n in nodes if n["id"] == target), None)
    if what == "add":
        nodes.append({"id": f"n{len(nodes)}", "kind": "action", "label": {"nl": value or "x"}})
    elif item is None:
        return
    elif what == "label":
        item["label"]["nl"] = value
    elif what == "note":
        item["note"] = value
    elif what == "drop_note":
        item.pop("note", None)
    elif what == "levels":
        item["levels"] = value
    elif what == "remove" and len(nodes) > 1:
        data["nodes"] = [n for n in nodes if n["id"] != target]
    elif what == "from":
        data["links"][0]["from"] = value if len(value) > 1 else value[0]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDIT, min_size=1, max_size=5))
def test_patched_text_reads_as_the_target_and_keeps_comments(edits):
    target = copy.deepcopy(load_data(SOURCE, "x"))
    for edit in edits:
        _apply(target, edit)
    out = patch_text(SOURCE, target, "x")
    assert load_data(out, "x") == target
    for line in SOURCE.splitlines():
        if line.lstrip().startswith("#") or "trailing comment" in line:
            assert line in out.splitlines()


def test_unchanged_data_gives_the_same_text_and_an_edit_touches_one_line():
    data = load_data(SOURCE, "x")
    assert patch_text(SOURCE, data, "x") is SOURCE
    data["nodes"][2]["label"]["en"] = "a goal"
    out = patch_text(SOURCE, data, "x")
    changed = [(a, b) for a, b in zip(SOURCE.splitlines(), out.splitlines(), strict=False) if a != b]
    assert changed == [("    label: {nl: doel, en: goal}", "    label: {nl: doel, en: a goal}")]


def test_write_atomic_replaces_the_whole_file_and_leaves_no_temporary(tmp_path: Path):
    target = tmp_path / "x.yaml"
    target.write_text("old\n")
    write_atomic(target, "new: text\n")
    assert target.read_text() == "new: text\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]


# ------------------------------------------------------------------ row edits, end to end

def _version_rows(text: str):
    from programtheory.exchange.rows import link_rows, node_rows
    from programtheory.model import Version, VersionFile
    typed = VersionFile.model_validate(load_data(text, "v"))
    version = Version(info=typed.version, nodes=typed.nodes, groups=typed.groups,
                      links=typed.links, path="v.yaml")
    return {"nodes": {r["id"]: r for r in node_rows(version)},
            "links": {r["id"]: r for r in link_rows(version)}}


REVISED = REPO / "theory" / "versions" / "revised.yaml"


@functools.cache
def _revised() -> tuple[str, dict, object]:
    """The shipped revised version: its text, its rows and its data, read once for every
    example (each example edits copies)."""
    text = REVISED.read_text(encoding="utf-8")
    return text, _version_rows(text), load_data(text, "v")
ROW_EDIT = st.tuples(
    st.integers(0, 60),
    st.sampled_from(["label_nl", "label_en", "levels", "term", "condition", "polarity",
                     "note", "group"]),
    st.one_of(TEXT.filter(lambda t: t.strip() == t and "," not in t),
              st.sampled_from(["case", "team, client", "", "long", "necessary", "undesired",
                               "rev_actions"])))


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ROW_EDIT, min_size=1, max_size=4))
def test_row_edits_reach_the_yaml_exactly(edits):
    """Whatever cells change, the file read back gives exactly the edited rows, and every
    comment line of the file is still there."""
    from programtheory.exchange.changes import apply_version_rows
    text, base, read = _revised()
    new = copy.deepcopy(base)
    ids = list(new["nodes"])
    for index, field, value in edits:
        row = new["nodes"][ids[index % len(ids)]]
        allowed = {"levels": {"case", "team, client", ""}, "term": {"long", ""},
                   "condition": {"necessary", ""}, "polarity": {"undesired"},
                   "group": {"rev_actions", ""}}.get(field)
        if field == "label_nl" and not value:
            continue
        if allowed is not None and value not in allowed:
            continue
        if field == "group" and value == "rev_actions" and row["group"]:
            continue  # one group is enough for the property
        row[field] = value
    data = copy.deepcopy(read)
    apply_version_rows(data, base, new, [])
    out = patch_text(text, data, "v")
    assert _version_rows(out) == new
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert all(line in out.splitlines() for line in comments)


def test_mappings_with_number_keys_and_lists_without_ids_are_patched_in_place():
    text = "counts:  # per score\n  1: 0\n  2: 5\nrows:\n  - {p: '2023', v: 1}\n"
    target = {"counts": {1: 3, 2: 5}, "rows": [{"p": "2023", "v": 1}, {"p": "2024", "v": 2}]}
    out = patch_text(text, target)
    assert load_data(out, "t") == target
    assert "counts:  # per score\n  1: 3\n  2: 5\n" in out and "  - {p: '2023', v: 1}\n" in out
