"""The changelog of one element (node, group, link or evidence item) over the git history.

Every commit that touched a version or evidence file is read (with ``git cat-file``, no
checkout), and the element's state in each file is compared with its state before that
commit: its own fields, the links that start or end at it, the groups it belongs to and the
evidence that bears on it. Deleted elements keep their history, which ``git blame`` cannot
show. The history follows the first-parent line (a merged branch counts as its merge commit),
so that each state follows from the one before; uncommitted edits are not included.
"""

from __future__ import annotations

import json
import re
from itertools import pairwise
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .exceptions import UsageError
from .gitsource import (EVIDENCE, VERSIONS, Repository, in_data_folder, read_blobs,
                        repository)
from .yamlio import bulk_allocation

_RECORD, _UNIT = "\x1e", "\x1f"


@dataclass(frozen=True)
class Commit:
    hash: str
    author: str
    date: str  # ISO 8601, as git gives it
    message: str  # the subject line

    def to_json(self) -> dict[str, str]:
        return {"hash": self.hash, "author": self.author, "date": self.date,
                "message": self.message}


@dataclass
class Entry:
    """What one commit changed about the element in one file: `what` is created, deleted or
    changed; `details` are lines such as "label.nl: 'a' → 'b'" or "link L5 added: x → y"."""

    commit: Commit
    file: str
    what: str
    details: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"commit": self.commit.to_json(), "file": self.file, "what": self.what,
                "details": list(self.details)}


@dataclass
class ElementHistory:
    element: str
    kind: str  # node, group, link or evidence
    entries: list[Entry] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"element": self.element, "kind": self.kind,
                "entries": [e.to_json() for e in self.entries]}

    def to_text(self) -> str:
        out = [f"History of {self.kind} '{self.element}': {len(self.entries)} change(s)"]
        for e in self.entries:
            out += ["", f"{e.commit.date[:16].replace('T', ' ')}  {e.commit.hash[:7]}  "
                        f"{e.commit.author}", f"    {e.commit.message}",
                    f"    {e.file}: {e.what}"]
            out += [f"      {line}" for line in e.details]
        return "\n".join(out) + "\n"

    def to_markdown(self) -> str:
        from .tables import escape_markdown as md

        out = [f"# History of {self.kind} `{self.element}`", "",
               "| Date | Commit | Author | Message | File | What |",
               "|---|---|---|---|---|---|"]
        out += [f"| {e.commit.date[:10]} | `{e.commit.hash[:7]}` | {md(e.commit.author)} | "
                f"{md(e.commit.message)} | {md(e.file)} | {e.what} |" for e in self.entries]
        for e in self.entries:
            if e.details:
                out += ["", f"## `{e.commit.hash[:7]}` {md(e.commit.message)}", ""]
                out += [f"- {md(line)}" for line in e.details]
        return "\n".join(out) + "\n"


def _commits(repo: Repository) -> list[tuple[Commit, list[tuple[str, str]]]]:
    """Oldest first: each commit that touched a version or evidence file, with the
    (status letter, project-relative path) of those files."""
    done = repo.git("log", "--reverse", "--first-parent", "--diff-merges=first-parent",
                    "--no-renames", f"--format={_RECORD}%H{_UNIT}%an{_UNIT}%aI{_UNIT}%s",
                    "--name-status", "--", repo.path_of(VERSIONS), repo.path_of(EVIDENCE))
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        if "does not have any commits" in message:
            return []
        raise UsageError(f"git log failed: {message}")
    cut = len(repo.prefix)
    out = []
    for record in done.stdout.decode("utf-8", "replace").split(_RECORD)[1:]:
        head, _, rest = record.partition("\n")
        sha, author, date, message = (head.split(_UNIT) + ["", "", ""])[:4]
        files = []
        for line in rest.splitlines():
            status, _, path = line.partition("\t")
            if in_data_folder(path[cut:]):
                files.append((status[:1], path[cut:]))
        files.sort(key=lambda f: (not f[1].startswith(VERSIONS), f[1]))  # versions first
        out.append((Commit(sha, author, date, message), files))
    return out


_TOP_KEY = re.compile(rb"^[A-Za-z_][\w-]*:[ \t]*(#[^\n]*)?$")
_TOP_LINE = re.compile(rb"^[^\s#-][^\n]*$", re.M)  # a line at column 0: a top-level key
_FIRST_CONTENT = re.compile(rb"^([ ]*)([^\s#][^\n]*)$", re.M)


def _reduced(raw: bytes, element: str) -> bytes | None:
    """The file cut down to its top-level list items that mention `element`, under their
    section keys, or None when the file is not laid out as plain block lists (then it is
    parsed whole). The element's state depends only on those items, and parsing a few items
    instead of the whole file is what keeps a long history fast."""
    needle = element.encode()
    if raw.startswith((b"---", b"...")) or b"\n---" in raw or b"\n..." in raw:
        return None  # several documents
    keys = list(_TOP_LINE.finditer(raw))
    out: list[bytes] = []
    for k, key in enumerate(keys):
        body = raw[key.end():keys[k + 1].start() if k + 1 < len(keys) else len(raw)]
        if not _TOP_KEY.match(key.group()) or needle in key.group():
            return None  # a key with an inline value, or not a key
        if needle not in body:
            continue
        first = _FIRST_CONTENT.search(body)
        if first is None or not first.group(2).startswith(b"- "):
            return None  # a section that is not a block list mentions the element
        item_start = re.compile(rb"^" + first.group(1) + rb"- ", re.M)
        starts = [m.start() for m in item_start.finditer(body)] + [len(body)]
        items = [body[a:b] for a, b in pairwise(starts) if body.find(needle, a, b) >= 0]
        out += [key.group() + b"\n", *(item if item.endswith(b"\n") else item + b"\n"
                                       for item in items)]
    reduced = b"".join(out)
    return None if b"&" in reduced or b"*" in reduced else reduced


def _parse(raw: bytes, element: str) -> Any:
    from .yamlio import parse_yaml

    reduced = _reduced(raw, element)
    if reduced is not None:
        data = parse_yaml(reduced, "history").data
        if isinstance(data, dict):
            return data
    return parse_yaml(raw, "history").data


def _snapshot(raw: bytes | None, element: str, is_version: bool) -> dict[str, Any]:
    """The element's state in one file: its own fields, the links touching it, the groups
    holding it and the evidence bearing on it (empty when the file does not mention it)."""
    if raw is None or element.encode() not in raw:
        return {}
    data = _parse(raw, element)
    if not isinstance(data, dict):
        return {"unreadable": True}
    state: dict[str, Any] = {}
    if is_version:
        for kind, key in (("node", "nodes"), ("group", "groups"), ("link", "links")):
            for item in _items(data, key):
                if item.get("id") == element:
                    state["own"], state["kind"] = item, kind
        state["links"] = {i["id"]: i for i in _items(data, "links")
                          if element in _ids(i.get("from")) + _ids(i.get("to"))}
        state["groups"] = {i["id"]: i for i in _items(data, "groups")
                           if element in _ids(i.get("members"))}
    else:
        for item in _items(data, "evidence"):
            if item.get("id") == element:
                state["own"], state["kind"] = item, "evidence"
        state["evidence"] = {i["id"]: i for i in _items(data, "evidence")
                             if element in _ids(i.get("bears_on"))}
    return state


def _items(data: dict, key: str) -> list[dict]:
    items = data.get(key)
    return [i for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)] \
        if isinstance(items, list) else []


def _ids(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [v for v in value or [] if isinstance(v, str)]


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _short(text: Any, limit: int = 100) -> str:
    text = " ".join(str(text or "").split())
    return _shown(text if len(text) <= limit else text[:limit - 1].rstrip() + "…")


def _field_lines(before: dict, after: dict, prefix: str = "") -> list[str]:
    lines = []
    for key in dict.fromkeys([*before, *after]):
        a, b = before.get(key), after.get(key)
        if a == b or key == "id":
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            lines += _field_lines(a, b, f"{prefix}{key}.")
        else:
            lines.append(f"{prefix}{key}: {_shown(a) if a is not None else '—'} → "
                         f"{_shown(b) if b is not None else '—'}")
    return lines


def _ends(link: dict) -> str:
    return " + ".join(_ids(link.get("from"))) + " → " + " + ".join(_ids(link.get("to")))


def _related_lines(name: str, before: dict, after: dict) -> list[str]:
    lines = []
    for key in dict.fromkeys([*before, *after]):
        a, b = before.get(key), after.get(key)
        if a == b:
            continue
        summary = _ends(b or a) if name == "link" else _short(((b or a).get("label") or {})
                                                              .get("nl") or (b or a).get("text"))
        if a is None or b is None:
            lines.append(f"{name} {key} {'added' if a is None else 'removed'}: {summary}")
        else:
            lines.append(f"{name} {key} changed: " + "; ".join(_field_lines(a, b)))
    return lines


def _compare(before: dict, after: dict) -> tuple[str, list[str]] | None:
    if before == after:
        return None
    if after.get("unreadable"):
        return "unreadable", ["the file could not be read at this commit"]
    own_a, own_b = before.get("own"), after.get("own")
    what = "changed"
    details: list[str] = []
    if own_a is None and own_b is not None:
        what, details = "created", _field_lines({}, own_b)
    elif own_a is not None and own_b is None:
        what = "deleted"
    elif own_a is not None:
        details = _field_lines(own_a, own_b)
    for name, key in (("link", "links"), ("group", "groups"), ("evidence", "evidence")):
        details += _related_lines(name, before.get(key, {}), after.get(key, {}))
    if what == "changed" and not details:
        return None
    return what, details


def element_history(project_path: str | Path, element: str) -> ElementHistory:
    """The changelog of `element` (see the module docstring). UsageError outside a git
    repository or when no commit ever held the element."""
    repo = repository(project_path)
    commits = _commits(repo)
    wanted = [(c, status, path) for c, files in commits for status, path in files]
    blobs = read_blobs(repo, [f"{c.hash}:{repo.path_of(path)}" for c, status, path in wanted
                              if status != "D"])
    with bulk_allocation():
        history = _walk(element, wanted, iter(blobs))
    if not history.kind:
        raise UsageError(f"no commit holds an element '{element}' in {repo.path_of(VERSIONS)} "
                         f"or {repo.path_of(EVIDENCE)}; check the id (ids are case-sensitive)")
    return history


def _walk(element: str, wanted: list, blob_of) -> ElementHistory:
    """Compare the element's state in each file with its state before each commit."""
    states: dict[str, dict] = {}
    history = ElementHistory(element, "")
    for c, status, path in wanted:
        raw = None if status == "D" else next(blob_of)
        after = _snapshot(raw, element, path.startswith(VERSIONS))
        before = states.get(path, {})
        if not after.get("unreadable"):  # the next readable state is compared with this one
            states[path] = after
        history.kind = after.get("kind") or history.kind
        found = _compare(before, after)
        if found is not None:
            history.entries.append(Entry(c, path, *found))
    return history
