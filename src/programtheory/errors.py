"""Exceptions that reach the user as a message, never as a traceback."""


class UsageError(Exception):
    """The user asked for something that cannot be done: an unknown id, option or version.
    The CLI prints the message and exits 2."""


class MissingTool(Exception):
    """An external program the task needs (such as Graphviz `dot`) is not installed. The message
    names the install command for the platform."""
