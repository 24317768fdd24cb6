"""The report text: finding it, and checking that encoded wording occurs in it verbatim.

The report is a text file in which a printed line may be broken over several file lines and words
may be hyphenated at the end of a line. Comparison therefore ignores whitespace and hyphens, and
nothing else: case, punctuation, curly quotes and elisions ('[…]') must match the report.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath, PureWindowsPath

_IGNORED = re.compile(r"[\s\-\u00ad\u2010\u2011]+")


def squeeze(text: str) -> str:
    """Text reduced to what must match verbatim: no whitespace, no hyphens.

    >>> squeeze("Well-\\n being") == squeeze("Well-being") == squeeze("Wellbeing")
    True
    """
    return _IGNORED.sub("", text)


@dataclass(frozen=True)
class Occurrence:
    first_line: int
    last_line: int


class ReportText:
    """A report text file, indexed for verbatim look-ups by line."""

    def __init__(self, path: str | Path, raw: bytes | None = None) -> None:
        """`raw`: the file's bytes when already read (see `report_bytes`)."""
        from .yamlio import read_bounded
        self.path = Path(path)
        if raw is None:
            raw = read_bounded(self.path, limit=REPORT_MAX_BYTES)
        self.lines = raw.decode("utf-8").splitlines()

    @cached_property
    def _index(self) -> tuple[str, list[int]]:
        # squeezed text of the whole report, and for each line the offset where it starts
        parts: list[str] = []
        starts: list[int] = []
        offset = 0
        for line in self.lines:
            starts.append(offset)
            part = squeeze(line)
            parts.append(part)
            offset += len(part)
        return "".join(parts), starts

    def _line_at(self, offset: int) -> int:
        _, starts = self._index
        return bisect.bisect_right(starts, offset)  # 1-based line number

    def find(self, text: str) -> list[Occurrence]:
        """Every place where `text` occurs, as 1-based line ranges."""
        needle = squeeze(text)
        if not needle:
            return []
        haystack, _ = self._index
        found: list[Occurrence] = []
        start = haystack.find(needle)
        while start != -1:
            found.append(Occurrence(self._line_at(start), self._line_at(start + len(needle) - 1)))
            start = haystack.find(needle, start + 1)
        return found

    def contains(self, text: str) -> bool:
        return bool(self.find(text))

    def occurs_within(self, text: str, first: int, last: int, slack: int = 3) -> bool:
        """Whether `text` occurs inside lines first..last (with `slack` lines either side)."""
        return any(o.first_line >= first - slack and o.last_line <= last + slack
                   for o in self.find(text))


REPORT_MAX_BYTES = 64 * 1024 * 1024


def report_path_problems(file_name: str, search: list[str]) -> list[tuple[int | None, str]]:
    """What is wrong with the report's file name and search folders, judged from the text alone
    (so the answer never depends on, nor tells anything about, files outside the project).

    A search folder lies inside the project, or beside it (one leading '..'); the file name is
    a plain relative name. Returns (index in search, or None for the file name, problem).
    """
    problems: list[tuple[int | None, str]] = []
    name = PurePosixPath(file_name.replace("\\", "/"))
    if name.is_absolute() or ".." in name.parts or PureWindowsPath(file_name).drive:
        problems.append((None, f"report file '{file_name}' must be a plain file name inside "
                               "the search folders"))
    for i, folder in enumerate(search):
        parts = PurePosixPath(folder.replace("\\", "/")).parts
        ups = [j for j, part in enumerate(parts) if part == ".."]
        if PurePosixPath(folder.replace("\\", "/")).is_absolute() or \
                PureWindowsPath(folder).drive or ups not in ([], [0]):
            problems.append((i, f"search folder '{folder}' lies outside the project and the "
                                "folder beside it"))
    return problems


def locate_report(project_root: str | Path, file_name: str, search: list[str]) -> Path | None:
    """The report file, looked for in the folders `search` names (relative to the project).

    Only folders that `report_path_problems` accepts are looked in. A path whose links lead
    out of the project and the folder beside it is returned as found: `report_bytes` refuses it.
    """
    root = Path(project_root)
    problems = report_path_problems(file_name, search)
    if any(index is None for index, _ in problems):
        return None
    refused = {index for index, _ in problems}
    allowed = root.resolve().parent
    for i, folder in enumerate(search):
        if i in refused:
            continue
        candidate = root / folder / file_name
        # a link out of bounds is returned whether or not its target exists, so that reading
        # it (`report_bytes`) refuses it the same way and tells nothing about the outside
        if not candidate.resolve().is_relative_to(allowed) or os.path.lexists(candidate):
            return candidate
    return None


def report_bytes(project_root: str | Path, located: Path) -> bytes:
    """The report file's bytes: a regular file inside the project or the folder beside it,
    read up to `REPORT_MAX_BYTES`. Raises `yamlio.ReadRefused` or OSError."""
    from .yamlio import read_bounded
    return read_bounded(located, root=Path(project_root).resolve().parent,
                        limit=REPORT_MAX_BYTES)
