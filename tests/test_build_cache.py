"""build.cache: what the package's own files say is read once per process, and read again
as soon as a file may have changed."""

from __future__ import annotations

import os
import time

from programtheory.build import cache


def _reads(path):
    seen = []

    def read(file):
        seen.append(file)
        return file.read_text(encoding="utf-8")

    return seen, lambda: cache._package_file(path, "text", read)


def test_a_settled_file_is_read_once_and_again_when_it_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "_SETTLED_NS", 0)  # settled at once (its change time is now)
    path = tmp_path / "module.py"
    path.write_text("import os\n", encoding="utf-8")
    old = time.time_ns() - 60 * 10**9
    os.utime(path, ns=(old, old))
    seen, ask = _reads(path)
    assert ask() == ask() == "import os\n" and len(seen) == 1
    path.write_text("import sys\n", encoding="utf-8")  # a new modification time
    assert ask() == "import sys\n" and len(seen) == 2
    path.write_text("import sys, os\n", encoding="utf-8")
    os.utime(path, ns=(old, old))  # the old time, but another size
    assert ask() == "import sys, os\n" and len(seen) == 3
    time.sleep(0.05)  # the kernel keeps change times in clock ticks (a few ms)
    path.write_text("import re, os\n", encoding="utf-8")
    os.utime(path, ns=(old, old))  # the old time and size, as `cp -p` leaves them
    assert ask() == "import re, os\n" and len(seen) == 4


def test_a_file_changed_in_the_last_seconds_is_read_every_time(tmp_path):
    path = tmp_path / "module.py"
    path.write_text("import os\n", encoding="utf-8")
    seen, ask = _reads(path)
    assert ask() == "import os\n"
    stamp = path.stat().st_mtime_ns
    path.write_text("import re\n", encoding="utf-8")  # same size, and the same time
    os.utime(path, ns=(stamp, stamp))
    assert ask() == "import re\n" and len(seen) == 2


def test_the_kept_answers_are_those_of_a_first_read():
    cache._PACKAGE_FILES.clear()
    fresh = (cache.package_hash(), cache.package_modules("from programtheory import charts"))
    assert (cache.package_hash(),
            cache.package_modules("from programtheory import charts")) == fresh
    assert "programtheory.charts" in fresh[1] and "programtheory.build" in fresh[1]
