"""The one way the package runs Graphviz, and the one way it writes DOT text.

Every figure (the theory layout, the static figure, the drawn diff) calls `run_graphviz`: the
same program lookup (``PROGRAMTHEORY_GRAPHVIZ_BIN`` may name the folder holding ``dot``), the
same install hint when it is missing, the same timeout and the same errors. Text from the data
reaches DOT only through `dot_quote` (quoted strings) or `html_label_text` (HTML-like labels),
and every drawing uses `FONT`.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess

from .errors import MissingTool, ToolFailed
from .textsafe import export_text

__all__ = ["FONT", "INSTALL_HINT", "GraphvizError", "GraphvizTimeout", "RawLabel", "dot_attrs",
           "dot_executable", "dot_label", "dot_quote", "html_label_text", "run_graphviz",
           "timeless_pdf"]

FONT = "DejaVu Sans"  # wide: any substitute font a viewer picks is narrower, so text still fits

INSTALL_HINT = ("Graphviz is not installed (the 'dot' program was not found). Install it:\n"
                "  Debian/Ubuntu: sudo apt-get install graphviz\n"
                "  macOS:         brew install graphviz\n"
                "  conda:         conda install -c conda-forge graphviz\n"
                "  Windows:       winget install graphviz   (or: choco install graphviz)\n"
                "then run the command again.")


class GraphvizError(ToolFailed):
    """Graphviz ran but failed (a bug in the DOT we wrote, or a Graphviz crash)."""


class GraphvizTimeout(GraphvizError):
    """Graphviz did not finish in time (a very large or dense selection)."""


def dot_executable(program: str = "dot") -> str:
    """The path of a Graphviz program, or `MissingTool` naming the install command.

    The environment variable ``PROGRAMTHEORY_GRAPHVIZ_BIN`` may name the folder holding it.
    """
    folder = os.environ.get("PROGRAMTHEORY_GRAPHVIZ_BIN")
    found = shutil.which(program, path=folder) if folder else shutil.which(program)
    if not found:
        raise MissingTool(INSTALL_HINT)
    return found


def run_graphviz(source: str, fmt: str, *, engine: str = "dot", args: tuple[str, ...] = (),
                 timeout: float = 600.0) -> bytes:
    """Run a Graphviz engine on DOT text and return its output bytes."""
    exe = dot_executable(engine)
    try:
        done = subprocess.run([exe, f"-T{fmt}", *args], input=source.encode("utf-8"),
                              capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError:  # pragma: no cover - removed between which() and run()
        raise MissingTool(INSTALL_HINT) from None
    except subprocess.TimeoutExpired:
        raise GraphvizTimeout(f"Graphviz {engine} took longer than {timeout:.0f} s; draw a "
                              "smaller part with --focus, --kind or --level") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise GraphvizError(f"Graphviz {engine} failed (exit {done.returncode}): {message}")
    return timeless_pdf(done.stdout) if fmt.startswith("pdf") else done.stdout


# the time cairo stamps on every PDF it writes (it ignores SOURCE_DATE_EPOCH)
_CREATION_DATE = re.compile(rb"/CreationDate \(D:[0-9Z+\-']*\)")


def timeless_pdf(data: bytes) -> bytes:
    """A PDF of Graphviz without the time it was made, so that the same drawing gives the same
    bytes on every run. The entry becomes spaces of the same length: every byte offset in the
    file's cross-reference table stays right.

    >>> timeless_pdf(b"<< /Producer (cairo) /CreationDate (D:20261201190449Z) >>")
    b'<< /Producer (cairo)                                   >>'
    """
    return _CREATION_DATE.sub(lambda found: b" " * len(found[0]), data)


def dot_quote(text: str) -> str:
    """A DOT double-quoted string that shows `text` literally.

    Backslashes and quotes are escaped (so ``\\N`` or ``\\G`` in user text is not expanded), and
    ``&`` becomes ``&amp;`` (Graphviz decodes entities in labels). A quoted string is never taken
    as an HTML-like label, whatever it starts with.

    >>> dot_quote('<b>"x"</b> \\\\N & y')
    '"<b>\\\\"x\\\\"</b> \\\\\\\\N &amp; y"'
    """
    text = export_text(text)  # no control characters: Graphviz fails on them or copies them
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return f'"{text}"'


def html_label_text(text: str) -> str:
    """Text for inside a Graphviz HTML-like label (``<...>``), shown literally.

    >>> html_label_text('a <b> & "c"')
    'a &lt;b&gt; &amp; &quot;c&quot;'
    """
    return html.escape(export_text(text).replace("\n", " "))


class RawLabel(str):
    """A label already in DOT syntax (escaped and quoted, with its line breaks)."""


def dot_label(lines: list[str] | tuple[str, ...]) -> RawLabel:
    """A multi-line DOT label: each line escaped, joined by the centred line break."""
    # each line quoted on its own: dot_quote removes control characters, so none can mark a break
    return RawLabel('"' + "\\n".join(dot_quote(line)[1:-1] for line in lines) + '"')


def dot_attrs(attrs: dict) -> str:
    """DOT attribute list text; every value quoted with `dot_quote` (or given as RawLabel)."""
    parts = []
    for key, value in attrs.items():
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, float):
            value = f"{value:.3f}".rstrip("0").rstrip(".")
        if isinstance(value, RawLabel):
            parts.append(f"{key}={value}")
        else:
            parts.append(f"{key}={dot_quote(str(value))}")
    return ", ".join(parts)
