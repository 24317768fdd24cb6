"""The barometer charts: byte-stable files, and a distribution that never splits a total the
report gives only as a whole."""

from __future__ import annotations

import re

import pytest

from build_support import FIXTURE_PROJECT


@pytest.mark.slow
def test_charts_are_byte_stable(tmp_path):
    from programtheory import charts, load_project

    project = load_project(FIXTURE_PROJECT)
    barometer = project.barometer
    figures = [("d", charts.distribution_chart(barometer.waves[0], barometer.instrument)),
               ("f", charts.factors_chart(barometer)), ("t", charts.trend_chart(barometer))]
    first = charts.save_all(figures, tmp_path / "a")
    second = charts.save_all(figures, tmp_path / "b")
    assert len(first) == 9
    for a, b in zip(first, second, strict=False):
        assert a.read_bytes() == b.read_bytes(), a.name
    svg = (tmp_path / "a" / "d.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg  # no time stamp
    # ids from the fixed hash salt: the clip paths, and the hatch of the box not reported per score
    assert re.search(r'<clipPath id="p[0-9a-f]{10}"', svg)
    assert re.search(r'<pattern id="h[0-9a-f]{10}"', svg)


@pytest.mark.parametrize("user_rc", [{}, {"figure.autolayout": True},
                                     {"figure.constrained_layout.use": True}])
def test_a_saved_chart_keeps_its_layout_whatever_saves_it_in_between(tmp_path, user_rc):
    """After the first save the layout stays put: another save of the same figure gives the
    same bytes, also when the figure was saved elsewhere in between (as a notebook does to
    show it) under a user's matplotlibrc that turns on a layout engine."""
    import io

    import matplotlib as mpl

    from programtheory import charts, load_project

    barometer = load_project(FIXTURE_PROJECT).barometer
    figure = charts.factors_chart(barometer)
    first = charts.save_figure(figure, tmp_path, "first", "png")[0].read_bytes()
    with mpl.rc_context(user_rc):
        for name in ("second", "third"):
            figure.savefig(io.BytesIO(), format="png")
            again = charts.save_figure(figure, tmp_path, name, "png")[0].read_bytes()
            assert again == first, name


def test_distribution_chart_never_splits_a_reported_total():
    from matplotlib.patches import Rectangle

    from programtheory import charts, load_project

    barometer = load_project(FIXTURE_PROJECT).barometer
    fig = charts.distribution_chart(barometer.waves[0], barometer.instrument, lang="nl")
    ax = fig.axes[1]
    boxes = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_hatch() == "//"]
    assert len(boxes) == 1  # one outlined box for 7-10
    box = boxes[0]
    assert box.get_x() < 7 and box.get_x() + box.get_width() > 10
    assert box.get_height() == pytest.approx(34.7)
    bars_above_6 = [p for p in ax.patches if p is not box and p.get_x() > 6.5]
    assert bars_above_6 == []
    texts = " ".join(t.get_text() for a in fig.axes for t in a.texts)
    assert "niet per score gerapporteerd" in texts and "tussen 5,5 en 6,5" in texts
