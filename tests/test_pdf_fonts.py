"""A chart's PDF embeds lean font subsets: every glyph it shows, as text, without the layout
tables a PDF never reads; and matplotlib is left as it was after the save."""

from __future__ import annotations

import io

from build_support import FIXTURE_PROJECT


def _embedded_fonts(path):
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    fonts = []
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            for descendant in font.get_object().get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                data = descriptor["/FontFile2"].get_object().get_data()
                fonts.append(TTFont(io.BytesIO(data)))
    return fonts


def test_a_chart_pdf_embeds_its_fonts_without_layout_tables(tmp_path):
    from matplotlib.backends import _backend_pdf_ps
    from pypdf import PdfReader

    from programtheory import charts, load_project
    from programtheory.pdf_fonts import LAYOUT_TABLES

    barometer = load_project(FIXTURE_PROJECT).barometer
    figure = charts.distribution_chart(barometer.waves[0], barometer.instrument, lang="nl")
    path = charts.save_figure(figure, tmp_path, "d", "pdf")[0]
    fonts = _embedded_fonts(path)
    assert fonts, "no embedded TrueType font"
    for font in fonts:
        assert {"glyf", "cmap", "hmtx"} <= set(font.keys())
        assert not set(LAYOUT_TABLES) & set(font.keys())
    text = " ".join(PdfReader(path).pages[0].extract_text().split())
    assert "gemiddelde" in text and "5,69" in text  # still text, with its Unicode
    # the save leaves matplotlib's own subsetting as it was
    from fontTools import subset

    assert _backend_pdf_ps.subset is subset


def test_lean_subsets_nest_and_end_with_their_block():
    from fontTools import subset
    from matplotlib.backends import _backend_pdf_ps

    from programtheory.pdf_fonts import LAYOUT_TABLES, lean_font_subsets

    with lean_font_subsets():
        with lean_font_subsets():
            assert "GPOS" in _backend_pdf_ps.subset.Options().drop_tables
        # the inner block ends, the outer one still holds
        options = _backend_pdf_ps.subset.Options(glyph_names=True)
        assert set(LAYOUT_TABLES) <= set(options.drop_tables) and options.glyph_names
    assert _backend_pdf_ps.subset is subset
    assert "GPOS" not in subset.Options().drop_tables
