"""Edits to YAML files that leave every untouched byte as it was.

A full round trip through ruamel.yaml (load, change, dump) keeps comments but refolds long
plain scalars and re-indents flow collections, so a file would change in many places for one
edit; its pure-Python composer also takes seconds for a file of 1,000 elements. Here the
document is composed once by libyaml (the C parser the project's own loader uses) into nodes
with their positions, the current values are compared with the wanted ones, and only the
spans that differ are replaced by freshly written text: a changed value, an inserted key or
list item, a removed key or item. Everything else (comments, key order, quoting, folding)
stays byte for byte. The result is parsed again and compared with the wanted data, so an edit
that would change anything else is refused instead of written.

Lists of mappings that all carry an `id` (nodes, links, evidence) are matched by id; other
values are compared whole.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yaml import MappingNode, SequenceNode, YAMLError

from .yamlio import StrictLoader, document_tree, parse_yaml

WIDTH = 88  # the data files wrap their text near here


class EditError(Exception):
    """An edit could not be written without changing other data (a bug, never bad input)."""


@dataclass(frozen=True)
class _Splice:
    start: int
    end: int
    text: str


def load_data(text: str, display: str) -> Any:
    """The data of a YAML text, read by the project's own strict loader."""
    return compose(text, display)[1]


def compose(text: str, display: str) -> tuple[Any, Any]:
    """The node tree (positions are character offsets into `text`) and the data of a text,
    from one parse by the project's strict loader."""
    loader = None
    try:
        loader, node, _ = document_tree(StrictLoader, text)
        data = loader.construct_document(node) if node is not None else None
        problems = loader.problems
    except (YAMLError, RecursionError):
        problems = [None]
    finally:
        if loader is not None:
            loader.dispose()
    if problems:  # let the project's reader word the problem
        findings = parse_yaml(text.encode("utf-8"), display).findings
        raise EditError(findings[0].format() if findings else f"{display}: invalid YAML")
    return node, data


def construct(node: Any) -> Any:
    """The data of a composed node tree, built afresh (cheaper than parsing again)."""
    loader = StrictLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def patch_text(text: str, target: Any, display: str = "<yaml>", node: Any = None) -> str:
    """`text` changed so that it reads as `target`, touching only the parts that differ.
    `node` is the composed tree of `text` when the caller has it already."""
    if node is None:
        node, current = compose(text, display)
    else:
        current = construct(node)
    if current == target:
        return text
    splices: list[_Splice] = []
    _Patcher(text, splices).patch(node, current, target, indent=0)
    out = text
    # at one position, what was found first (the deeper edit) must come first in the text
    order = sorted(range(len(splices)), key=lambda i: (splices[i].start, splices[i].end, i),
                   reverse=True)
    for i in order:
        splice = splices[i]
        out = out[:splice.start] + splice.text + out[splice.end:]
    if load_data(out, display) != target:
        raise EditError(f"{display}: the edit could not be written without changing other "
                        "data")
    return out


class _Patcher:
    def __init__(self, text: str, splices: list[_Splice]) -> None:
        self.text = text
        self.splices = splices

    def patch(self, node: Any, current: Any, target: Any, indent: int) -> None:
        if current == target:
            return
        if (isinstance(node, MappingNode) and not node.flow_style and node.value
                and isinstance(current, dict) and isinstance(target, dict)):
            self._mapping(node, current, target)
        elif (isinstance(node, SequenceNode) and not node.flow_style and node.value
              and _by_id(current) and _by_id(target)):
            self._id_list(node, current, target)
        elif (isinstance(node, SequenceNode) and not node.flow_style and node.value
              and isinstance(current, list) and isinstance(target, list)
              and len(target) >= len(current)):
            self._positional_list(node, current, target)
        else:
            self._replace(node, target, indent)

    # -------------------------------------------------------------- mappings
    def _mapping(self, node: MappingNode, current: dict, target: dict) -> None:
        col = node.value[0][0].start_mark.column
        # the constructed keys, not the nodes' text: '3:' is the key 3, not '3'
        for (key_node, value_node), key in zip(node.value, current, strict=True):
            if key not in target:
                self._delete_lines(key_node.start_mark.index, _content_end(self.text,
                                                                           value_node))
            else:
                self.patch(value_node, current.get(key), target[key], col)
        added = [k for k in target if k not in current]
        if added:
            at = self._line_end(_content_end(self.text, node.value[-1][1]))
            block = "".join("\n" + format_pair(k, target[k], col) for k in added)
            self.splices.append(_Splice(at, at, block))

    # -------------------------------------------------------------- lists of elements
    def _id_list(self, node: SequenceNode, current: list, target: list) -> None:
        wanted = {item["id"]: item for item in target}
        present = set()
        dash_col = self._dash_column(node.value[0])
        for item_node, item in zip(node.value, current, strict=True):
            present.add(item["id"])
            if item["id"] not in wanted:
                dash = self.text.rfind("-", 0, item_node.start_mark.index)
                self._delete_lines(dash, _content_end(self.text, item_node))
            else:
                self.patch(item_node, item, wanted[item["id"]], dash_col + 2)
        added = [item for item in target if item["id"] not in present]
        if added:
            at = self._line_end(_content_end(self.text, node.value[-1]))
            block = "".join("\n" + format_item(item, dash_col) for item in added)
            self.splices.append(_Splice(at, at, block))

    # -------------------------------------------------------------- other block lists
    def _positional_list(self, node: SequenceNode, current: list, target: list) -> None:
        """Items without ids matched by position: each kept item patched, the rest appended
        (a list that shrinks is written anew)."""
        dash_col = self._dash_column(node.value[0])
        for item_node, item, wanted in zip(node.value, current, target, strict=False):
            self.patch(item_node, item, wanted, dash_col + 2)
        added = target[len(current):]
        if added:
            at = self._line_end(_content_end(self.text, node.value[-1]))
            block = "".join("\n" + format_item(item, dash_col) for item in added)
            self.splices.append(_Splice(at, at, block))

    def _dash_column(self, item_node: Any) -> int:
        dash = self.text.rfind("-", 0, item_node.start_mark.index)
        return dash - (self.text.rfind("\n", 0, dash) + 1)

    # -------------------------------------------------------------- spans
    def _replace(self, node: Any, target: Any, indent: int) -> None:
        start = node.start_mark.index
        end = _content_end(self.text, node)
        inline = self.text[self.text.rfind("\n", 0, start) + 1:start].strip() != ""
        if getattr(node, "flow_style", False) and _flow_mapping(target):
            written = _flow_map(target)  # keep a flow mapping in flow style
        else:
            written = format_value(target, indent, inline)
        while written.startswith("\n") and start > 0 and self.text[start - 1] == " ":
            start -= 1  # no trailing space after 'key:' when a block follows
        self.splices.append(_Splice(start, end, written))

    def _line_end(self, index: int) -> int:
        end = self.text.find("\n", index)
        return len(self.text) if end < 0 else end

    def _delete_lines(self, start: int, end: int) -> None:
        line_start = self.text.rfind("\n", 0, start)  # the newline before the first line
        self.splices.append(_Splice(max(line_start, 0), self._line_end(end), ""))


def _by_id(value: Any) -> bool:
    return (isinstance(value, list) and bool(value)
            and all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in value))


def _content_end(text: str, node: Any) -> int:
    """Where the node's own text ends: block collections end at their last child, and block
    scalars before the line breaks and indentation that the parser counts to them."""
    if isinstance(node, MappingNode) and not node.flow_style and node.value:
        return _content_end(text, node.value[-1][1])
    if isinstance(node, SequenceNode) and not node.flow_style and node.value:
        return _content_end(text, node.value[-1])
    start, end = node.start_mark.index, node.end_mark.index
    return start + len(text[start:end].rstrip())


# ------------------------------------------------------------------ writing values

_PLAIN = re.compile(r"^[A-Za-z0-9À-ɏ(][^\n\t#:]*$")
_FLOW_SIGNS = re.compile(r"[,\[\]{}]")


def format_scalar(value: Any, flow: bool = False) -> str:
    """One value as YAML on one line: plain where that reads back the same, else quoted.
    Inside a flow collection (`flow`), text with ',[]{}' is quoted too."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    plain = _PLAIN.match(text) and not (flow and _FLOW_SIGNS.search(text))
    if plain and text == text.strip() and _reads_as(text, text):
        return text
    if "\n" not in text and "\\" not in text:
        quoted = "'" + text.replace("'", "''") + "'"
        if _reads_as(quoted, text):
            return quoted
    return json.dumps(text, ensure_ascii=False)


def _reads_as(written: str, value: Any) -> bool:
    try:
        return load_data(f"k: {written}\n", "<value>") == {"k": value}
    except EditError:
        return False


def format_value(value: Any, indent: int, inline: bool = True) -> str:
    """A value for a key at column `indent` (its text starts after 'key: ')."""
    if isinstance(value, dict) and value:
        body = "\n".join(format_pair(k, v, indent + 2) for k, v in value.items())
        return ("\n" + body) if inline else body.lstrip()
    if isinstance(value, list) and value and any(isinstance(v, (dict, list)) for v in value):
        body = "\n".join(format_item(v, indent + 2) for v in value)
        return ("\n" + body) if inline else body.lstrip()
    if isinstance(value, list):
        return _flow_list(value, indent)
    if isinstance(value, dict):
        return "{}"
    one_line = format_scalar(value)
    if len(one_line) + indent + 20 <= WIDTH or not isinstance(value, str):
        return one_line
    folded = _folded(value, indent + 2)
    return folded if folded is not None else one_line


def _flow_list(values: list, indent: int) -> str:
    parts = [format_scalar(v, flow=True) for v in values]
    lines, line = [], "["
    for i, part in enumerate(parts):
        piece = part + (", " if i < len(parts) - 1 else "")
        if len(line) + len(piece) + indent + 12 > WIDTH and line != "[":
            lines.append(line.rstrip())
            line = " " * (indent + 2)
        line += piece
    lines.append(line + "]")
    return "\n".join(lines)


def _folded(text: str, indent: int) -> str | None:
    """A long string as a folded block (>-), or None when folding would change it."""
    if "\n" in text or text != text.strip() or "\t" in text:
        return None
    words = re.split(r"(?<=\S) (?=\S)", text)
    lines, line = [], ""
    for word in words:
        if line and len(line) + 1 + len(word) + indent > WIDTH:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    block = ">-\n" + "\n".join(" " * indent + part for part in lines)
    return block if _reads_as(block, text) else None


def format_pair(key: str, value: Any, indent: int) -> str:
    """'key: value' at column `indent`, with nested blocks below it."""
    if isinstance(value, list) and value and all(_flow_mapping(v) for v in value):
        items = "\n".join(" " * (indent + 2) + "- " + _flow_map(v) for v in value)
        return " " * indent + f"{key}:\n" + items
    written = format_value(value, indent)
    gap = "" if written.startswith("\n") else " "
    return " " * indent + f"{format_scalar(key)}:{gap}" + written


def format_item(item: Any, dash_col: int) -> str:
    """One block-sequence item whose dash sits at column `dash_col`."""
    if isinstance(item, dict) and item:
        pairs = [format_pair(k, v, dash_col + 2) for k, v in item.items()]
        return " " * dash_col + "- " + pairs[0].lstrip() + "".join("\n" + p for p in pairs[1:])
    return " " * dash_col + "- " + format_value(item, dash_col + 2)


def _flow_mapping(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and all(
        not isinstance(v, (dict, list)) or (isinstance(v, list) and len(v) <= 4
                                            and all(not isinstance(x, (dict, list)) for x in v))
        for v in value.values()) and len(_flow_map(value)) <= 60


def _flow_map(value: dict) -> str:
    parts = [f"{format_scalar(k, flow=True)}: " + (_flow_list(v, 0) if isinstance(v, list)
                                                    else format_scalar(v, flow=True))
             for k, v in value.items()]
    return "{" + ", ".join(parts) + "}"


# ------------------------------------------------------------------ files

def file_digest(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def fingerprint(digests: dict[str, str]) -> str:
    """One hash over the files' relative paths and contents."""
    joined = "\n".join(f"{name}\0{digest}" for name, digest in sorted(digests.items()))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()
