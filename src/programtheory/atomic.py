"""Writing a file whole or not at all.

Every file the package writes for a user (a YAML edit, an export, the build's manifest and
index) goes through here: the content is written to a temporary file beside the target, synced,
given the target's permissions and renamed over it. A failure or an interruption leaves the
old file as it was and no temporary file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def write_atomically(path: str | Path, write: Callable[[Path], Any]) -> Path:
    """Call `write(temporary_path)` and move the result onto `path` only when it succeeded.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_atomically(target, lambda p: p.write_text("whole")).read_text()
    'whole'
    """
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp")
    os.close(handle)
    temp = Path(temporary)
    try:
        write(temp)
        with open(temp, "rb") as written:  # on disk before the rename makes it the file
            os.fsync(written.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)  # mkstemp's 0600 would hide a new file from others
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def write_text_atomically(path: str | Path, text: str) -> Path:
    """`text` as the whole of `path`, in UTF-8, line endings as given."""
    def write(temp: Path) -> None:
        with open(temp, "w", encoding="utf-8", newline="") as out:
            out.write(text)

    return write_atomically(path, write)
