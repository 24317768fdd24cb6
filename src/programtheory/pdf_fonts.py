"""Lean font subsets in the PDF files of charts.

A chart's PDF embeds its fonts (TrueType, `pdf.fonttype` 42) as subsets made by fontTools.
matplotlib keeps the OpenType layout tables in those subsets: glyph substitution (GSUB),
positioning (GPOS, with DejaVu Sans' thousands of kerning pairs), their glyph classes (GDEF),
the MATH table and the old kerning table. A PDF never uses them: the page places every glyph
itself, already shaped and kerned when the chart was laid out. Subsetting them is most of the
cost of saving a PDF (GPOS alone is decompiled and pruned for every subset), so while a chart is
saved they are left out of the subset. The glyphs, their outlines, hinting, widths and the
mapping back to Unicode (copying and searching the text) are untouched: the PDF looks and reads
the same, and is smaller.

matplotlib makes its subsets in `matplotlib.backends._backend_pdf_ps` with `fontTools.subset`;
`lean_font_subsets` hands that module, for the duration of a save, the same fontTools module
whose `Options` also drop these tables. A matplotlib that makes its subsets another way is left
alone (its PDFs are as good, only not as quick).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from fontTools import subset as fonttools_subset

# tables a PDF viewer never reads in an embedded TrueType font
LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern")


class _LeanSubset(ModuleType):
    """`fontTools.subset`, whose fonts come without `LAYOUT_TABLES` and whose options drop
    them."""

    def __init__(self) -> None:
        super().__init__(fonttools_subset.__name__, fonttools_subset.__doc__)

    def __getattr__(self, name: str):
        return getattr(fonttools_subset, name)

    @staticmethod
    def Options(**kwargs) -> fonttools_subset.Options:  # noqa: N802 (fontTools' name)
        options = fonttools_subset.Options(**kwargs)
        options.drop_tables += [tag for tag in LAYOUT_TABLES if tag not in options.drop_tables]
        return options

    @staticmethod
    def load_font(*args, **kwargs):
        # gone before the subsetter starts: it reads GSUB and GPOS even to drop them
        font = fonttools_subset.load_font(*args, **kwargs)
        for tag in LAYOUT_TABLES:
            if tag in font:
                del font[tag]
        return font


_LEAN = _LeanSubset()


@contextmanager
def lean_font_subsets() -> Iterator[None]:
    """While in this block, PDFs that matplotlib saves embed fonts without `LAYOUT_TABLES`."""
    try:
        backend = importlib.import_module("matplotlib.backends._backend_pdf_ps")
    except ImportError:  # pragma: no cover - a matplotlib without this module
        backend = None
    if getattr(backend, "subset", None) is not fonttools_subset:
        yield
        return
    backend.subset = _LEAN
    try:
        yield
    finally:
        backend.subset = fonttools_subset
