"""The exceptions under their former name; they live in `exceptions` now.

"Errors" also names the findings catalogue (`findings.py`, docs/errors.md): new code imports
from `programtheory.exceptions`.
"""

from .exceptions import DataError, MissingTool, ProgramTheoryError, ToolFailed, UsageError

__all__ = ["DataError", "MissingTool", "ProgramTheoryError", "ToolFailed", "UsageError"]
