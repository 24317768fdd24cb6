"""Strict, safe and fast YAML reading.

- libyaml's C parser when available (`CSafeLoader` is about 4x faster than the pure-Python one);
- YAML 1.2-style scalars: only true/false are booleans ('no' stays the string 'no', the Norway
  problem), no implicit dates, decimal integers without octal surprises;
- duplicate keys, aliases and explicit tags are findings, not silent behaviour; refusing aliases
  also refuses 'billion laughs' alias bombs;
- UTF-8 only (a BOM is accepted); invalid bytes are reported with their offset;
- positions are not kept on the fast path: `Positions` finds a line and column only when a
  finding needs one;
- a text read again unchanged is not composed again: the node trees of the texts read lately
  are kept (`ComposedTrees`, at most 100,000 nodes: 28-38 MB) and built into fresh data each
  time.
"""

from __future__ import annotations

import gc
import os
import re
import stat
import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .exceptions import DataError
from .findings import Finding, finding

MAX_FILE_BYTES = 20 * 1024 * 1024

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR, _INT, _FLOAT, _BOOL, _NULL = (f"tag:yaml.org,2002:{t}"
                                    for t in ("str", "int", "float", "bool", "null"))
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class _Problem(DataError):  # collected by the loader, reported as a finding
    def __init__(self, code: str, message: str, hint: str, mark: Any) -> None:
        super().__init__(message)
        self.code, self.message, self.hint, self.mark = code, message, hint, mark


class StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader that records problems instead of guessing.

    It is used as is when the text holds no anchor: without an anchor there can be no alias, so
    the per-node alias check of `AliasCheckingLoader` is not needed on that (common) path.
    """

    yaml_implicit_resolvers: dict = {}
    yaml_constructors: dict = {}
    yaml_multi_constructors: dict = {}
    sees_every_node = False  # True: `_build` is called for every node, scalars included

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.problems: list[_Problem] = []
        self.nodes = 0  # composed so far (the composer resolves each node once)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        # the same answers as PyYAML's Resolver for our resolvers, without its path resolvers
        self.nodes += 1
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def construct_document(self, node: Any) -> Any:
        # A direct walk over the composed tree: the data files are plain trees of scalars,
        # lists and mappings, so PyYAML's general machinery (recursive objects, deferred
        # generators, per-node bookkeeping) is not needed, and skipping it halves the time.
        return self._build(node)

    def _build(self, node: Any) -> Any:
        kind = node.__class__
        tag = node.tag
        if kind is yaml.ScalarNode:
            if tag == _STR:
                return node.value
            constructor = self.yaml_constructors.get(tag)
            return constructor(self, node) if constructor else self.refuse_tag(node)
        # most children are plain text: taken here, not by a call per node (a third of the
        # time of a build), unless every node has to be seen (`AliasCheckingLoader`)
        inline = not self.sees_every_node
        build = self._build
        if kind is yaml.SequenceNode:
            if tag != _SEQ:
                return self.refuse_tag(node)
            if inline:
                return [child.value if child.tag == _STR and child.__class__ is yaml.ScalarNode
                        else build(child) for child in node.value]
            return [build(child) for child in node.value]
        if tag != _MAP:
            return self.refuse_tag(node)
        mapping: dict = {}
        for key_node, value_node in node.value:
            key = (key_node.value if inline and key_node.tag == _STR
                   and key_node.__class__ is yaml.ScalarNode else build(key_node))
            try:
                seen = key in mapping
            except TypeError:
                self.problems.append(_Problem(
                    "PT104", "a mapping key must be a plain value", "write the key as text",
                    key_node.start_mark))
                continue
            if seen:
                self.problems.append(_Problem(
                    "PT105", f"duplicate key '{key}' (first at line "
                             f"{self._first_line(node, key) + 1})",
                    "remove or rename one of them; only one value can be kept",
                    key_node.start_mark))
                continue
            mapping[key] = (value_node.value if inline and value_node.tag == _STR
                            and value_node.__class__ is yaml.ScalarNode else build(value_node))
        return mapping

    @staticmethod
    def _first_line(node: Any, key: Any) -> int:
        for key_node, _ in node.value:
            if getattr(key_node, "value", None) == str(key):
                return key_node.start_mark.line
        return node.start_mark.line

    def construct_yaml_int(self, node: Any) -> int:
        return int(self.construct_scalar(node).replace("_", ""))

    def refuse_tag(self, node: Any) -> None:
        self.problems.append(_Problem(
            "PT107", f"explicit tag '{node.tag}' is not allowed",
            "remove the tag and write a plain value", node.start_mark))
        return None


class AliasCheckingLoader(StrictLoader):
    """StrictLoader that also refuses aliases: an alias yields the anchored node object again,
    so a node met twice is an alias. Refusing it also defuses alias bombs."""

    sees_every_node = True

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._seen: set[int] = set()

    def _build(self, node: Any) -> Any:
        if id(node) in self._seen:
            self.problems.append(_Problem("PT106", "alias", "", node.start_mark))
            return None
        self._seen.add(id(node))
        return super()._build(node)


for _tag, _constructor in ((_STR, yaml.SafeLoader.construct_yaml_str),
                           (_FLOAT, yaml.SafeLoader.construct_yaml_float),
                           (_BOOL, yaml.SafeLoader.construct_yaml_bool),
                           (_NULL, yaml.SafeLoader.construct_yaml_null),
                           (_INT, StrictLoader.construct_yaml_int),
                           (None, StrictLoader.refuse_tag)):
    StrictLoader.add_constructor(_tag, _constructor)
StrictLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))
StrictLoader.add_implicit_resolver(_INT, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
StrictLoader.add_implicit_resolver(
    _FLOAT, re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                       r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"), list("-+0123456789."))
StrictLoader.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"),
                                   ["~", "n", "N", ""])

# an anchor is '&name' where a node may start; '&' inside text ('Turnell & Edwards') is not.
# The pattern starts with its literal '&', which the regex engine finds with a fast scan; the
# byte before it is checked after (a pattern that starts with the alternative took 2 ms for
# every 100 kB, on every load)
_AMPERSAND_NAME = re.compile(rb"&[^\s,\[\]{}]")
_BEFORE_ANCHOR = frozenset(b" \t\n\r\f\v[{,:?-")


def _has_anchor(raw: bytes) -> bool:
    """Whether the YAML text may hold an anchor (see `AliasCheckingLoader`)."""
    return any(m.start() == 0 or raw[m.start() - 1] in _BEFORE_ANCHOR
               for m in _AMPERSAND_NAME.finditer(raw))


@contextmanager
def bulk_allocation():
    """Pause the cyclic garbage collector while building large object trees (nests safely).

    Loading creates millions of small containers and no reference cycles; with the collector
    running, its repeated full passes made a 16 MB project parse 3x slower (measured in
    scripts/benchmark_load.py).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class ComposedTrees:
    """The node trees of the texts composed lately, for a text that is read again unchanged:
    the same files in every check of a test's or an editor's project copies, each version of a
    file in a history that did not change it, a file read again after a row edit elsewhere.

    Composing is most of the cost of a read (libyaml's composer: ~60% of `parse_yaml`), and a
    node tree is never changed once composed (the loaders build fresh data from it and
    `Positions` only reads it), so one tree serves every read of the same text. The trees of
    at most `max_nodes` nodes are kept, the least recently used given up first; a node takes
    280-380 bytes (the project's 0.5 MB of YAML: 23,500 nodes, 8.8 MB). A text is kept apart
    from the same characters as bytes: their nodes' positions count differently.
    """

    def __init__(self, max_nodes: int) -> None:
        self.max_nodes = max_nodes
        self._trees: OrderedDict[tuple[type, bytes | str], tuple[Any, int]] = OrderedDict()
        self._nodes = 0
        self._lock = threading.Lock()

    def get(self, text: bytes | str) -> Any:
        """The tree of `text` if it is kept, else None."""
        key = (type(text), text)
        with self._lock:
            kept = self._trees.get(key)
            if kept is None:
                return None
            self._trees.move_to_end(key)
            return kept[0]

    def put(self, text: bytes | str, node: Any, nodes: int) -> None:
        """Keep the tree `node` of `text`, which has `nodes` nodes."""
        if node is None or nodes > self.max_nodes // 4:  # a large file would push out the rest
            return
        key = (type(text), text)
        with self._lock:
            if key in self._trees:
                return
            self._trees[key] = (node, nodes)
            self._nodes += nodes
            while self._nodes > self.max_nodes:
                _, (_, gone) = self._trees.popitem(last=False)
                self._nodes -= gone

    def clear(self) -> None:
        with self._lock:
            self._trees.clear()
            self._nodes = 0


COMPOSED = ComposedTrees(max_nodes=100_000)  # 28-38 MB


@dataclass
class Loaded:
    """A file as read: its data (None when unreadable), its problems, and its bytes for positions."""

    path: str
    data: Any
    findings: list[Finding]
    raw: bytes = b""


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


class ReadRefused(DataError):
    """A file that is not read: outside the project, not a regular file, or too large."""

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def inside(path: Path, folder: Path) -> bool:
    """Whether `path`, with every symbolic link followed, lies inside `folder` (also resolved)."""
    return path.resolve().is_relative_to(folder.resolve())


def read_bounded(path: str | Path, *, root: str | Path | None = None,
                 limit: int | None = None) -> bytes:
    """The bytes of a regular file, read up to `limit` (default `MAX_FILE_BYTES`).

    With `root`, the file (its links followed) must lie inside that folder. A device, pipe or
    socket is refused before anything is read, and the limit is checked while reading, since
    stat reports 0 bytes for /dev/zero or /proc files. Raises ReadRefused or OSError.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    path = Path(path)
    if root is not None and not inside(path, Path(root)):
        raise ReadRefused("PT111", "this is a link to something outside the project; it is not "
                          "read", "copy the file into the project, or link inside it")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | \
        getattr(os, "O_BINARY", 0)
    fd = os.open(path.resolve() if root is not None else path, flags)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadRefused("PT110", "not a regular file (a device, pipe or socket); it is "
                              "not read", "replace it with an ordinary file")
        data = b"" if info.st_size > limit else handle.read(limit + 1)
    if info.st_size > limit or len(data) > limit:
        shown = f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit}-byte"
        size = f"{info.st_size / 1e6:.1f} MB, " if info.st_size > limit else ""
        raise ReadRefused("PT103", f"file is {size}over the {shown} limit",
                          "split the data over several files")
    return data


def read_yaml(path: str | Path, display: str | None = None,
              root: str | Path | None = None) -> Loaded:
    """Read one YAML file strictly. Never raises for bad content: problems become findings.

    With `root`, only a regular file inside that folder is read (see `read_bounded`).
    """
    display = display or str(path)
    try:
        raw = read_bounded(path, root=root)
    except ReadRefused as exc:
        return Loaded(display, None, [finding(exc.code, exc.message, exc.hint, file=display)])
    except OSError as exc:
        return Loaded(display, None, [finding("PT101", f"cannot read file: {exc.strerror}",
                                              "check the path and permissions", file=display)])
    return parse_yaml(raw, display)


def document_tree(loader_class: type[StrictLoader], text: bytes | str) -> tuple[Any, Any, Any]:
    """(loader, tree, second) for `text`: a loader to build data with, the node tree of the
    text's first document (None when it has none) and that of a second document (None when
    there is none). The tree is the one kept from an earlier read of the same text
    (`COMPOSED`), else composed now and kept when it is the only document. Raises PyYAML's
    errors for text it cannot compose; the caller disposes of the loader."""
    node = COMPOSED.get(text)
    if node is not None:
        return loader_class(text[:0]), node, None
    loader = loader_class(text)
    try:
        if not loader.check_node():
            return loader, None, None
        with bulk_allocation():
            node = loader.get_node()
        second = loader.get_node() if loader.check_node() else None
    except BaseException:
        loader.dispose()
        raise
    if second is None:
        COMPOSED.put(text, node, loader.nodes)
    return loader, node, second


def parse_yaml(raw: bytes, display: str) -> Loaded:
    """Parse YAML bytes strictly (see `read_yaml`)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        return Loaded(display, None, [finding(
            "PT102", f"invalid UTF-8: byte 0x{raw[exc.start]:02x} at byte offset {exc.start}",
            "save the file as UTF-8", file=display, line=line, col=col)], raw)
    loader_class = AliasCheckingLoader if _has_anchor(raw) else StrictLoader
    loader = None
    try:
        loader, node, extra = document_tree(loader_class, raw)
        if node is None:
            return Loaded(display, None, [], raw)
        if extra is not None:
            return Loaded(display, None, [finding(
                "PT108", "the file holds more than one YAML document ('---')",
                "keep one document per file", file=display,
                line=extra.start_mark.line + 1, col=extra.start_mark.column + 1)], raw)
        with bulk_allocation():
            data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        return Loaded(display, None, [finding(
            "PT104", message or "invalid YAML",
            "check indentation and quoting at this position; text containing ': ' or "
            "starting with a special character needs quotes", file=display,
            line=mark.line + 1 if mark else 0, col=mark.column + 1 if mark else 0)], raw)
    except yaml.YAMLError as exc:
        return Loaded(display, None, [finding("PT104", f"invalid YAML: {exc}", "",
                                              file=display)], raw)
    except RecursionError:
        return Loaded(display, None, [finding(
            "PT104", "the data is nested too deeply to read",
            "data files need only a few levels of nesting; look for runaway brackets",
            file=display)], raw)
    finally:
        if loader is not None:
            loader.dispose()
    problems = [finding(p.code, p.message, p.hint, file=display, line=p.mark.line + 1,
                        col=p.mark.column + 1) for p in loader.problems if p.code != "PT106"]
    if any(p.code == "PT106" for p in loader.problems):
        problems += _alias_findings(raw, display)
    return Loaded(display, data, problems, raw)


def _alias_findings(raw: bytes, display: str) -> list[Finding]:
    # the composed node of an alias is the anchored node itself, so the alias's own position
    # has to come from the token stream
    return [finding("PT106", f"alias '*{token.value}' is not allowed",
                    "write the value out in full instead of referring to an anchor",
                    file=display, line=token.start_mark.line + 1,
                    col=token.start_mark.column + 1)
            for token in yaml.scan(raw, Loader=StrictLoader)
            if isinstance(token, yaml.AliasToken)]


class Positions:
    """Line and column of a data path (('nodes', 3, 'label')) in a file, computed on demand."""

    def __init__(self, raw: bytes) -> None:
        self._raw = raw
        self._root: Any = None
        self._composed = False

    def _compose(self) -> Any:
        if not self._composed:
            self._composed = True
            self._root = COMPOSED.get(self._raw)
            if self._root is None:
                try:
                    with bulk_allocation():
                        self._root = yaml.compose(self._raw, Loader=StrictLoader)
                except yaml.YAMLError:
                    self._root = None
        return self._root

    def locate(self, path: tuple, key: bool = False) -> tuple[int, int]:
        """(line, col), 1-based, of the value at `path`, or of its key when `key` is set.

        Stops at the deepest part of the path that exists.
        """
        node = self._compose()
        if node is None:
            return 0, 0
        mark = node.start_mark
        for i, part in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == str(part):
                        mark = key_node.start_mark if (last and key) else value_node.start_mark
                        node = value_node
                        break
                else:
                    return mark.line + 1, mark.column + 1
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    node = node.value[part]
                    mark = node.start_mark
                else:
                    return mark.line + 1, mark.column + 1
            else:
                break
        return mark.line + 1, mark.column + 1
