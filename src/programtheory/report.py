"""The report text: finding it, and checking that encoded wording occurs in it verbatim.

The report is a text file in which a printed line may be broken over several file lines and words
may be hyphenated at the end of a line. Comparison therefore ignores whitespace and hyphens, and
nothing else: case, punctuation, curly quotes and elisions ('[…]') must match the report.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

_IGNORED = re.compile(r"[\s\-\u00ad\u2010\u2011]+")


def squeeze(text: str) -> str:
    """Text reduced to what must match verbatim: no whitespace, no hyphens.

    >>> squeeze("SofS-\\n taal") == squeeze("SofS-taal") == squeeze("SofStaal")
    True
    """
    return _IGNORED.sub("", text)


@dataclass(frozen=True)
class Occurrence:
    first_line: int
    last_line: int


class ReportText:
    """A report text file, indexed for verbatim look-ups by line."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.lines = self.path.read_text(encoding="utf-8").splitlines()

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


def locate_report(project_root: str | Path, file_name: str, search: list[str]) -> Path | None:
    """The report file, looked for in the folders `search` names (relative to the project)."""
    root = Path(project_root)
    for folder in search:
        candidate = (root / folder / file_name)
        if candidate.is_file():
            return candidate.resolve()
    return None
