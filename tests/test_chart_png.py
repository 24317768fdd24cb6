"""A chart's PNG has exactly the pixels matplotlib draws, in grey when they are all grey and
opaque, in colour with transparency otherwise, at every size and resolution."""

from __future__ import annotations

import io
import math

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from PIL import Image

from build_support import FIXTURE_PROJECT


def _matplotlib_png(fig, dpi) -> np.ndarray:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return np.asarray(Image.open(buffer).convert("RGBA"))


def _figure(width, height, **line) -> Figure:
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    fig.add_subplot().plot([0, 1, 0.3], [0, 1, 0.6], **line)
    return fig


def _saved(fig, tmp_path, dpi, name="chart") -> Image.Image:
    from programtheory.chart_png import save_png

    path = save_png(fig, tmp_path / f"{name}.png", dpi=dpi)
    image = Image.open(path)
    image.load()
    return image


def test_a_grey_chart_is_a_greyscale_png_of_the_same_pixels(tmp_path):
    from programtheory import charts, load_project

    barometer = load_project(FIXTURE_PROJECT).barometer
    figure = charts.distribution_chart(barometer.waves[0], barometer.instrument, lang="nl")
    figure.set_layout_engine("none")  # the same layout for both saves
    image = _saved(figure, tmp_path, 100)
    assert image.mode == "L"
    assert image.info["dpi"] == (image.info["dpi"][0],) * 2
    assert round(image.info["dpi"][0]) == 100
    assert np.array_equal(np.asarray(image.convert("RGBA")), _matplotlib_png(figure, 100))


def test_a_users_tight_bounding_box_setting_changes_no_chart_file(tmp_path):
    """A matplotlibrc with `savefig.bbox: tight` (common) once made the PNG's pixels no longer
    fit the figure's size: the save failed. The charts keep their laid-out size."""
    import matplotlib as mpl

    from programtheory import charts, load_project

    barometer = load_project(FIXTURE_PROJECT).barometer
    sizes = []
    for setting in (None, "tight"):
        with mpl.rc_context({"savefig.bbox": setting}):
            figure = charts.distribution_chart(barometer.waves[0], barometer.instrument,
                                               lang="nl")
            files = charts.save_figure(figure, tmp_path / str(setting), "chart", lang="nl")
        sizes.append(Image.open(next(f for f in files if f.suffix == ".png")).size)
    assert sizes[0] == sizes[1]


def test_colour_or_transparency_stays_rgba(tmp_path):
    coloured = _figure(3, 2, color="tab:red")
    image = _saved(coloured, tmp_path, 72, "colour")
    assert image.mode == "RGBA"
    assert np.array_equal(np.asarray(image), _matplotlib_png(coloured, 72))
    see_through = _figure(3, 2, color="black")
    see_through.patch.set_alpha(0.0)
    image = _saved(see_through, tmp_path, 72, "transparent")
    assert image.mode == "RGBA"
    assert np.array_equal(np.asarray(image), _matplotlib_png(see_through, 72))


def _beside(value: float, step: int) -> float:
    """`value`, or the float just below (-1) or above (+1) it."""
    return math.nextafter(value, value + step) if step else value


@settings(max_examples=25, deadline=None)
@given(columns=st.integers(10, 600), rows=st.integers(10, 600), step=st.sampled_from([-1, 0, 1]),
       dpi=st.sampled_from([50, 72, 96, 100, 150, 199.5, 200, 300]))
@example(columns=50, rows=75, step=-1, dpi=50)  # 74.99999999999999 pixels high: 75
def test_every_size_and_resolution_gives_matplotlibs_pixels(tmp_path_factory, columns, rows,
                                                             step, dpi):
    # a whole number of pixels in inches, or the float beside it: where rounding goes wrong
    fig = Figure(figsize=(_beside(columns / dpi, step), _beside(rows / dpi, step)))
    FigureCanvasAgg(fig)
    fig.add_artist(Line2D([0.1, 0.9], [0.2, 0.7], color="black"))
    image = _saved(fig, tmp_path_factory.mktemp("png"), dpi)
    expected = _matplotlib_png(fig, dpi)
    assert image.mode == "L"
    assert np.array_equal(np.asarray(image.convert("RGBA")), expected)
