"""What decides whether a notebook reruns: content hashes, the package's import graph and the
manifest of the last builds.

A notebook reruns only when its source, the data files it reads (`NOTEBOOKS[...].reads`), the
package modules it can reach (its `programtheory` imports, followed through the package), its
parameters or the Python it ran on changed. Everything here reads files as bytes or text and
imports nothing heavy, so a build with nothing to do takes a fraction of a second.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from .notebooks import NotebookSpec

MANIFEST_FORMAT = 1
PACKAGE_DIR = Path(__file__).resolve().parents[1]
_PACKAGE = "programtheory"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str:
    return sha(path.read_bytes())


# What the package's own files say (their hash, their imports), kept per process: a build
# asks once per notebook and language, and the test processes build dozens of times (a
# 6-notebook build read and hashed the package's files 12 times: 0.6 CPU-s). An entry counts
# only while the file's size, inode and modification and change times are those it was read
# at (a copy that keeps the modification time still gets a new change time), and a file
# changed in the last seconds is not kept at all: its time may not yet tell a second change
# from the first ("racily clean", as git calls it).
_PACKAGE_FILES: dict[tuple[Path, str], tuple[tuple[int, ...], object]] = {}
_SETTLED_NS = 3_000_000_000


def _package_file(path: Path, what: str, read):
    """`read(path)`, or what it gave for this file as it stands now (`what` names the kind
    of answer)."""
    try:
        stat = path.stat()
    except OSError:
        return read(path)
    state = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_size)
    kept = _PACKAGE_FILES.get((path, what))
    if kept is not None and kept[0] == state:
        return kept[1]
    answer = read(path)
    if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > _SETTLED_NS:
        _PACKAGE_FILES[(path, what)] = (state, answer)
    return answer


def glob_files(root: Path, patterns: Iterable[str]) -> list[str]:
    """Project-relative POSIX paths of the files matched by the glob patterns (pathlib
    semantics: `**` is any number of folders), hidden files left out; sorted, unique."""
    found: set[str] = set()
    for pattern in patterns:
        for path in root.glob(pattern):
            rel = path.relative_to(root)
            if path.is_file() and not any(part.startswith(".") for part in rel.parts):
                found.add(rel.as_posix())
    return sorted(found)


# ---------------------------------------------------------------- the package's import graph

def _module_file(module: str) -> Path | None:
    parts = module.split(".")[1:]
    base = PACKAGE_DIR.joinpath(*parts)
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    return None


_MODULE_IMPORT = re.compile(
    r"^[ \t]*from[ \t]+(\.+)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)"
    r"|^[ \t]*from[ \t]+(programtheory[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)"
    r"|^[ \t]*import[ \t]+(programtheory[\w.]*)", re.M)


def _imports_of(module: str) -> set[str]:
    """The package modules a module imports anywhere (also inside functions); a regular
    expression over the source, which is all this needs and ten times faster than `ast`."""
    path = _module_file(module)
    if path is None:
        return set()
    return set(_package_file(path, "imports", lambda file: _read_imports(module, file)))


def _read_imports(module: str, path: Path) -> frozenset[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for match in _MODULE_IMPORT.finditer(text):
        if match.group(6):
            found.add(match.group(6))
            continue
        if match.group(1):
            name = _resolve_relative(package, len(match.group(1)) - 1, match.group(2))
            names = match.group(3)
        else:
            name, names = match.group(4), match.group(5)
        found.add(name)
        found |= _imported_modules(name, names)
    return frozenset(found)


def _resolve_relative(package: str, up: int, rest: str) -> str:
    parts = package.split(".")
    base = ".".join(parts[:len(parts) - up]) if up else package
    return f"{base}.{rest}" if rest else base


def _imported_modules(module: str, names: str) -> set[str]:
    """The package modules behind `from <module> import <names>`: submodules by name, and
    the package's lazily exported names (programtheory._EXPORTS) by the module behind them."""
    from .. import _EXPORTS

    found: set[str] = set()
    for item in names.strip("()").replace("\n", " ").split(","):
        item = item.strip().split(" ")[0]
        if not item or item == "*":
            continue
        if _module_file(f"{module}.{item}") is not None:
            found.add(f"{module}.{item}")
        elif module == _PACKAGE and item in _EXPORTS:
            found.add(f"{_PACKAGE}.{_EXPORTS[item]}")
    return found


def imported_modules(notebook_text: str) -> set[str]:
    """The package modules a notebook imports itself (`from programtheory import x` counts
    the module behind x)."""
    found: set[str] = set()
    for match in _MODULE_IMPORT.finditer(notebook_text):
        if match.group(6):
            found.add(match.group(6))
        elif match.group(4):
            found.add(match.group(4))
            found |= _imported_modules(match.group(4), match.group(5))
    return found


def package_modules(notebook_text: str) -> list[str]:
    """Every package module a notebook can reach: what it imports from `programtheory`, and
    what those modules import in turn (statically, lazy imports included), with `build`."""
    todo = {_PACKAGE, f"{_PACKAGE}.build"} | imported_modules(notebook_text)
    seen: set[str] = set()
    while todo:
        module = todo.pop()
        if module in seen or _module_file(module) is None:
            continue
        seen.add(module)
        parts = module.split(".")
        todo.update(".".join(parts[:i]) for i in range(1, len(parts)))  # parent packages
        todo.update(_imports_of(module) - seen)
    return sorted(seen)


def package_hash(modules: Iterable[str] | None = None) -> str:
    """One hash over the package source a notebook depends on: the given modules (default:
    every module) and every file that is not Python (templates, assets)."""
    wanted = None if modules is None else {_module_file(m) for m in modules}
    digest = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(PACKAGE_DIR):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not d.startswith("."))
        for filename in sorted(filenames):
            if filename.endswith((".pyc", ".pyo")) or filename.startswith("."):
                continue
            path = Path(dirpath, filename)
            if wanted is not None and path.suffix == ".py" and path not in wanted:
                continue
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(b"\0" + _package_file(path, "hash", file_hash).encode() + b"\n")
    return digest.hexdigest()


def environment_key() -> str:
    # the interpreter's path only as a hash: the manifest names no folder of the machine
    python = sha(sys.executable.encode())[:16]
    return f"{sys.version_info[0]}.{sys.version_info[1]}|{python}|{MANIFEST_FORMAT}"


# ---------------------------------------------------------------- keys and the manifest

def key_parts(root: Path, source: Path, spec: NotebookSpec, params: dict, pkg: str) -> dict:
    """Everything a notebook's outputs were made from, as hashes (and its parameters)."""
    data = {rel: file_hash(root / rel) for rel in glob_files(root, spec.reads)}
    return {"source": file_hash(source), "data": data, "package": pkg,
            "params": params, "environment": environment_key()}


def key_of(parts: dict) -> str:
    return sha(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode())


def why_rerun(old: dict | None, parts: dict, force: bool) -> str:
    """Why a notebook with the manifest entry `old` must run again, in words."""
    if force:
        return "--force"
    if not old:
        return "not built before"
    before = old.get("parts", {})
    reasons = []
    if before.get("source") != parts["source"]:
        reasons.append("notebook changed")
    if before.get("data") != parts["data"]:
        old_data, new_data = before.get("data", {}), parts["data"]
        changed = sorted(k for k in set(old_data) | set(new_data)
                         if old_data.get(k) != new_data.get(k))
        shown = ", ".join(changed[:3]) + (" …" if len(changed) > 3 else "")
        reasons.append(f"data changed: {shown}")
    for part, words in (("package", "package changed"), ("params", "parameters changed"),
                        ("environment", "Python changed")):
        if before.get(part) != parts[part]:
            reasons.append(words)
    return "; ".join(reasons) or "outputs missing"


def read_manifest(path: Path) -> dict:
    """The manifest at `path`, or an empty one when it is missing, damaged or of another
    format (then every notebook runs)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"format": MANIFEST_FORMAT, "notebooks": {}}
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT \
            or not isinstance(data.get("notebooks"), dict):
        return {"format": MANIFEST_FORMAT, "notebooks": {}}
    return data
