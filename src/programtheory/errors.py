"""Exceptions that reach the user as a message, never as a traceback."""


class UsageError(Exception):
    """The user asked for something that cannot be done: an unknown id, option or version.
    The CLI prints the message and exits 2."""


class MissingTool(Exception):
    """An external program the task needs (such as Graphviz `dot`) is not installed. The message
    names the install command for the platform."""


class ToolFailed(RuntimeError):
    """An external program ran but failed (for example Graphviz on a drawing it cannot lay
    out). The message says which program and what it printed."""
