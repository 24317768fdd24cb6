"""Barometer tables: breakdowns by group, with small groups suppressed."""

from __future__ import annotations




def test_breakdowns_suppress_small_groups():
    from programtheory.barometer import breakdown_records
    from programtheory.model import Breakdown, GroupResult, Label, Wave

    wave = Wave(id="w2030", year=2030, n=75, breakdowns=[Breakdown(
        by=Label(nl="functie", en="function"), groups=[
            GroupResult(label=Label(nl="consulent"), n=60, mean=6.2),
            GroupResult(label=Label(nl="teamverantwoordelijke"), n=12, mean=6.8),
            GroupResult(label=Label(nl="regionaal staflid"), n=3, mean=9.0)])])
    rows = breakdown_records(wave, lang="nl").rows
    shown = {row["Groep"]: row for row in rows}
    assert shown["consulent"]["Gemiddelde"] == 6.2
    assert shown["regionaal staflid"]["n"] == "< 5"
    assert shown["regionaal staflid"]["Gemiddelde"] == "onderdrukt"
    # with the total known, the one small group would follow by subtraction: hide another
    assert shown["teamverantwoordelijke"]["Gemiddelde"] == "onderdrukt"
    assert 9.0 not in [row["Gemiddelde"] for row in rows]


def test_the_2021_wave_has_no_breakdown_to_show(real_project):
    from programtheory.barometer import breakdown_records
    barometer = real_project.barometer
    assert all(breakdown_records(w).rows == [] for w in barometer.waves)
