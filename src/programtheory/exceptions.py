"""The failures the package expects, as one small tree; each reaches a person as a message.

Every exception here carries a message written for the user: what is wrong, where, and how to
put it right. None of them is a bug; a bug stays a plain Python exception with its traceback.
The command line maps the tree onto its one exit-code contract (see `cli`):

    ProgramTheoryError          the base: catch it to catch every expected failure
    ├── UsageError              an unknown id, option, version or format      -> exit 2
    ├── MissingTool             an external program is not installed          -> exit 2
    ├── ToolFailed              an external program ran and failed            -> exit 1
    └── DataError               a file the user gave cannot be used as it is  -> exit 1

Modules name their own narrower kinds under these four (a survey export that cannot be read is
a `survey_import.ExportError`, a `DataError`), so that a caller can catch as narrowly as it
needs, and the command line still knows the exit code of each.

The problems found in a project's YAML are not exceptions: they are findings (`findings.py`),
listed all at once with file, line and column by `programtheory validate`.
"""

from __future__ import annotations


class ProgramTheoryError(Exception):
    """A failure the package expects; the message says what is wrong and how to fix it."""


class UsageError(ProgramTheoryError):
    """The user asked for something that cannot be done: an unknown id, option, version or
    format. The CLI prints the message and exits 2."""


class MissingTool(ProgramTheoryError):
    """An external program the task needs (such as Graphviz `dot`) is not installed. The message
    names the install command for the platform. The CLI exits 2."""


class ToolFailed(ProgramTheoryError, RuntimeError):
    """An external program ran but failed (for example Graphviz on a drawing it cannot lay
    out). The message says which program and what it printed. The CLI exits 1.

    Also a RuntimeError, as it was before the tree existed, for callers that catch that."""


class DataError(ProgramTheoryError):
    """A file the user gave (a survey export, a workbook, a measurements table) cannot be used
    as it is; the message says which file, where in it, and what to change. Nothing was
    written. The CLI exits 1."""


__all__ = ["DataError", "MissingTool", "ProgramTheoryError", "ToolFailed", "UsageError"]
