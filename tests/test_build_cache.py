"""build.cache: what the package's own files say is read once per process, and read again
as soon as a file may have changed."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from programtheory.build import cache

SECOND = 10**9


class _File:
    """A package file as `_package_file` sees it: its state (modification and change times,
    inode, size) is whatever the test sets, one field at a time."""

    def __init__(self, now: int):
        self.state = {"st_mtime_ns": now - 60 * SECOND, "st_ctime_ns": now - 60 * SECOND,
                      "st_ino": 7, "st_size": 10}
        self.text = "import os\n"
        self.reads = 0

    def stat(self):
        return SimpleNamespace(**self.state)

    def read(self, _path) -> str:
        self.reads += 1
        return self.text


@pytest.fixture
def clock(monkeypatch):
    """The time `_package_file` reads; the kept answers start empty."""
    now = [1_800_000_000 * SECOND]
    monkeypatch.setattr(cache, "time", SimpleNamespace(time_ns=lambda: now[0]))
    monkeypatch.setattr(cache, "_PACKAGE_FILES", {})
    return now


def _ask(file: _File) -> str:
    return cache._package_file(file, "text", file.read)


@pytest.mark.parametrize("field", ["st_mtime_ns", "st_ctime_ns", "st_ino", "st_size"])
def test_a_settled_file_is_read_once_and_again_when_it_changes(clock, field):
    """Any one of the four changes alone (`cp -p` keeps the times and the size, a rename
    over the file gives another inode, a write within a clock tick the same modification
    time) makes the file read again."""
    file = _File(clock[0])
    assert _ask(file) == _ask(file) == "import os\n" and file.reads == 1
    file.text = "import re\n"
    file.state[field] += 1
    assert _ask(file) == "import re\n" and file.reads == 2
    assert _ask(file) == "import re\n" and file.reads == 2


def test_a_file_changed_in_the_last_seconds_is_read_every_time(clock):
    """A change time within `_SETTLED_NS` of now: the file may change again within the same
    clock tick, with nothing in its state to show it, so nothing is kept."""
    file = _File(clock[0])
    file.state["st_ctime_ns"] = clock[0] - cache._SETTLED_NS // 2
    assert _ask(file) == _ask(file) and file.reads == 2
    file.text = "import re\n"  # changed within the tick: the same state
    assert _ask(file) == "import re\n" and file.reads == 3
    clock[0] += cache._SETTLED_NS  # settled now: kept from the next read on
    assert _ask(file) == _ask(file) == "import re\n" and file.reads == 4


def test_the_kept_answers_are_those_of_a_first_read(monkeypatch):
    monkeypatch.setattr(cache, "_PACKAGE_FILES", {})
    kept = [(cache.package_hash(), cache.package_modules("from programtheory import charts"))
            for _ in range(2)]
    monkeypatch.setattr(cache, "_package_file", lambda path, what, read: read(path))
    read = (cache.package_hash(), cache.package_modules("from programtheory import charts"))
    assert kept[0] == kept[1] == read
    assert "programtheory.charts" in read[1] and "programtheory.build" in read[1]
