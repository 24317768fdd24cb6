"""The suffix of an output file must say what the file holds.

`render --out figure.jpg` used to write HTML into a file named .jpg; every command that takes
`--out FILE` and a format now refuses a suffix that does not belong to that format. A name
without a suffix is accepted as it is.
"""

from __future__ import annotations

from pathlib import Path

from .errors import UsageError

# the suffixes each output format may be written under (lower case, without the dot)
SUFFIXES: dict[str, tuple[str, ...]] = {
    "html": ("html", "htm"), "svg": ("svg",), "png": ("png",), "pdf": ("pdf",),
    "xlsx": ("xlsx",), "docx": ("docx",), "graphml": ("graphml",), "gexf": ("gexf",),
    "mermaid": ("mmd", "mermaid"), "dot": ("dot", "gv"), "csv": ("csv",), "json": ("json",),
}


def suffix_of(out) -> str:
    """The suffix of an output name, lower case and without the dot ('' for none)."""
    return Path(out).suffix.lower().lstrip(".") if out is not None else ""


def format_for_suffix(suffix: str, formats) -> str | None:
    """The one format among `formats` that a suffix stands for, or None."""
    for fmt in formats:
        if suffix in SUFFIXES.get(fmt, (fmt,)):
            return fmt
    return None


def check_out_suffix(out, fmt: str, option: str = "--out") -> None:
    """Raise UsageError when `out` has a suffix that is not one of `fmt`'s."""
    suffix = suffix_of(out)
    accepted = SUFFIXES.get(fmt, (fmt,))
    if not suffix or suffix in accepted:
        return
    names = " or ".join(f".{s}" for s in accepted)
    raise UsageError(f"{option} {out}: a {fmt} file is written, but the name ends in "
                     f".{suffix}; name it with {names}, or choose the format that .{suffix} "
                     "stands for")
