"""Editing a project's YAML files without touching what the edit is not about.

A full round-trip dump re-wraps long scalars and re-indents lists, so instead the file is read
with ruamel's round-trip loader only to find where things are, and the new text of one list
item (or one key) is spliced in. Everything else, comments, quoting, order and line breaks,
stays byte for byte. Writes are atomic: a temporary file beside the target, then os.replace.

>>> text = "# c\\nitems:\\n  - id: a\\n    v: 1   # kept\\nother: 2\\n"
>>> print(set_list_item(text, ["items"], "id", "b", {"id": "b", "v": 2}), end="")
# c
items:
  - id: a
    v: 1   # kept
  - id: b
    v: 2
other: 2
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML


def _loader() -> YAML:
    return YAML(typ="rt")


def dump_fragment(data: Any, indent: int = 0, *, width: int = 92) -> str:
    """Block YAML for `data`, each line indented by `indent` spaces; lists of numbers and
    short mappings of scalars stay on one line."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def styled(value: Any, depth: int) -> Any:
        if isinstance(value, dict):
            out = CommentedMap((k, styled(v, depth + 1)) for k, v in value.items())
            scalars = all(not isinstance(v, (dict, list, tuple)) for v in value.values())
            if depth > 1 and scalars and len(value) <= 12 and len(str(value)) < 70:
                out.fa.set_flow_style()
            return out
        if isinstance(value, (list, tuple)):
            out = CommentedSeq(styled(v, depth + 1) for v in value)
            if all(not isinstance(v, (dict, list, tuple)) for v in value):
                out.fa.set_flow_style()
            return out
        return value

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = width
    stream = io.StringIO()
    yaml.dump(styled(data, 0), stream)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line
                   for line in stream.getvalue().splitlines(keepends=True))


def _node(data: Any, path: list) -> Any:
    for key in path:
        data = data[key]
    return data


def _end_of_block(lines: list[str], start: int, stop: int) -> int:
    """The line after the last content line in [start, stop): trailing blank lines and
    comments belong to what follows."""
    end = stop
    while end > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _next_sibling_line(parent: Any, key: Any, lines: list[str], start: int) -> int:
    keys = list(parent.keys())
    position = keys.index(key)
    if position + 1 < len(keys):
        return parent.lc.key(keys[position + 1])[0]
    # the last key of its mapping: the block ends where indentation returns to the parent's
    column = parent.lc.col if hasattr(parent.lc, "col") else 0
    for i in range(start + 1, len(lines)):
        text = lines[i]
        if text.strip() and not text.lstrip().startswith("#"):
            if len(text) - len(text.lstrip()) <= column and not text.lstrip().startswith("- "):
                return i
    return len(lines)


def set_list_item(text: str, path: list, id_key: str, item_id: str, item: dict) -> str:
    """Replace the item of the list at `path` whose `id_key` is `item_id` by `item`, or add it
    at the end of the list (creating a top-level list when `path` is one missing key)."""
    data = _loader().load(text)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    parent = _node(data, path[:-1])
    key = path[-1]
    if parent is None or key not in parent or not parent[key]:
        if len(path) != 1:
            raise KeyError(f"no list at {'.'.join(map(str, path))}")
        if parent is not None and key in parent:  # 'key:' or 'key: []' with no items
            line = parent.lc.key(key)[0]
            lines[line] = f"{key}:\n"
            lines.insert(line + 1, dump_fragment([item]))
            return "".join(lines)
        return "".join(lines) + f"\n{key}:\n" + dump_fragment([item])
    items = parent[key]
    ids = [entry.get(id_key) if hasattr(entry, "get") else None for entry in items]
    item_line, item_col = items.lc.item(0)
    # the fragment puts its dash at 2 and the item's keys at 4
    fragment = dump_fragment([item], max(0, item_col - 4))
    block_end = _next_sibling_line(parent, key, lines, parent.lc.key(key)[0])
    if item_id in ids:
        index = ids.index(item_id)
        start = items.lc.item(index)[0]
        stop = items.lc.item(index + 1)[0] if index + 1 < len(items) else block_end
        end = _end_of_block(lines, start, stop)
        return "".join(lines[:start]) + fragment + "".join(lines[end:])
    end = _end_of_block(lines, item_line, block_end)
    return "".join(lines[:end]) + fragment + "".join(lines[end:])


def set_child_list_item(text: str, list_key: str, parent_id: str, child_key: str,
                        id_key: str, item_id: str, item: dict) -> str:
    """Like `set_list_item`, for a list inside an item of a top-level list: the item of
    `list_key` with id `parent_id` gets `item` in its list `child_key` (created at the end of
    that item when missing).

    >>> text = "rows:\\n  - id: a\\n    note: x  # kept\\n  - id: b\\n"
    >>> print(set_child_list_item(text, "rows", "a", "m", "p", "2024", {"p": "2024"}), end="")
    rows:
      - id: a
        note: x  # kept
        m:
          - {p: '2024'}
      - id: b
    """
    data = _loader().load(text)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    items = data[list_key]
    ids = [entry.get("id") for entry in items]
    index = ids.index(parent_id)
    start, key_col = items.lc.item(index)
    block_end = _next_sibling_line(data, list_key, lines, data.lc.key(list_key)[0])
    stop = items.lc.item(index + 1)[0] if index + 1 < len(items) else block_end
    end = _end_of_block(lines, start, stop)
    parent = items[index]
    if child_key not in parent or not parent[child_key]:
        if child_key in parent:  # 'key: []' or 'key:' without items
            line = parent.lc.key(child_key)[0]
            del lines[line]
            end -= 1
        fragment = " " * key_col + f"{child_key}:\n" + _flow_items([item], key_col)
        return "".join(lines[:end]) + fragment + "".join(lines[end:])
    children = parent[child_key]
    keys = list(parent.keys())
    position = keys.index(child_key)
    child_stop = parent.lc.key(keys[position + 1])[0] if position + 1 < len(keys) else end
    child_ids = [str(c.get(id_key)) for c in children]
    fragment = _flow_items([item], children.lc.item(0)[1] - 4)  # dash 2 before the item
    if str(item_id) in child_ids:
        k = child_ids.index(str(item_id))
        c_start = children.lc.item(k)[0]
        c_stop = children.lc.item(k + 1)[0] if k + 1 < len(children) else child_stop
        c_end = _end_of_block(lines, c_start, c_stop)
        return "".join(lines[:c_start]) + fragment + "".join(lines[c_end:])
    c_end = _end_of_block(lines, children.lc.item(0)[0], child_stop)
    return "".join(lines[:c_end]) + fragment + "".join(lines[c_end:])


def _flow_items(items: list[dict], indent: int) -> str:
    """Each item as one '- {…}' line (a measurement is a short record), indented so that the
    dash sits `indent` + 2 columns in."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump([_flow(item) for item in items], stream)
    return "".join(" " * indent + line for line in stream.getvalue().splitlines(keepends=True))


def _flow(item: dict):
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap()
    for key, value in item.items():
        if isinstance(value, dict):
            inner = CommentedMap(value)
            inner.fa.set_flow_style()
            value = inner
        mapping[key] = value
    mapping.fa.set_flow_style()
    return mapping
