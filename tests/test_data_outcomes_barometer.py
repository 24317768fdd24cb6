"""The encoded outcome table, barometer and recommendations against the report's own figures.

Expected numbers below are read from the report text (shared/seed/000_c72b6f80c2ca2492.txt);
each says where. Computed statistics (mean bounds) come from programtheory.barometer, never
typed in.
"""

from __future__ import annotations

import pytest
import yaml

from programtheory import barometer as bm
from programtheory import model as m
from programtheory.project import read_project
from programtheory.report import ReportText
from project_support import REPO

REPORT = REPO.parent / "shared" / "seed" / "000_c72b6f80c2ca2492.txt"
MY_FILES = ("outcomes.yaml", "barometer.yaml", "theory/recommendations.yaml")


def _typed(path: str, model: type[m.Strict]):
    with open(REPO / path, encoding="utf-8") as handle:
        return model.model_validate(yaml.safe_load(handle))


@pytest.fixture(scope="module")
def loaded():
    """The three files, through the project's loader when the project loads as a whole
    (it needs the theory versions), else each file typed on its own."""
    result = read_project(REPO)
    project = result.project
    if project is not None and project.outcome_table and project.barometer:
        return project.outcome_table, project.barometer, project.recommendations
    return (_typed("outcomes.yaml", m.OutcomeTable), _typed("barometer.yaml", m.Barometer),
            _typed("theory/recommendations.yaml", m.RecommendationsFile).recommendations)


@pytest.fixture(scope="module")
def table(loaded) -> m.OutcomeTable:
    return loaded[0]


@pytest.fixture(scope="module")
def barometer(loaded) -> m.Barometer:
    return loaded[1]


@pytest.fixture(scope="module")
def recommendations(loaded) -> list[m.Recommendation]:
    return loaded[2]


@pytest.fixture(scope="module")
def report(report_text) -> ReportText:
    return report_text


def test_my_files_have_no_errors():
    errors = [f for f in read_project(REPO).findings
              if f.severity.value == "error" and f.file in MY_FILES]
    assert not errors, "\n".join(f.format() for f in errors)


# ------------------------------------------------------------------ Tabel 6

# Items per cell as Tabel 6 prints them (L4221-4441): perspective -> (Kort, Middel, Lang).
TABEL_6_CELLS = {
    "client_self": (3, 5, 3),  # Cliëntniveau vanuit cliëntperspectief, L4221-4265
    "client_staff": (6, 4, 6),  # ... vanuit perspectief OSD-medewerker en jeugdrechter, L4268-4319
    "staff": (4, 3, 5),  # Niveau van de OSD-medewerker, L4321-4368
    "team": (1, 4, 2),  # Teamniveau, L4374-4405
    "organisation": (1, 3, 5),  # Organisatieniveau, L4409-4441
}


def test_tabel_6_has_15_cells_with_the_printed_number_of_items(table):
    counts = {(c.perspective, c.term.value): len(c.items) for c in table.cells}
    expected = {(p, term): n for p, ns in TABEL_6_CELLS.items()
                for term, n in zip(("short", "medium", "long"), ns, strict=False)}
    assert counts == expected
    assert sum(counts.values()) == 55


def test_tabel_6_polarity_and_uncertain_placements(table):
    items = [it for c in table.cells for it in c.items]
    polarity = {it.text: it.polarity.value for it in items}
    undesired = {t for t, p in polarity.items() if p == "undesired"}
    assert "Personeelsuitval" in undesired
    assert "Frustratie en conflict met partners die SofS-visie niet delen" in undesired
    assert len(undesired) == 11
    assert {t for t, p in polarity.items() if p == "mixed"} == {
        "(Beperkte) groei in parallelle processen",
        "(On)duidelijke profilering binnen jeugdhulp"}
    uncertain = {it.text for it in items if it.uncertain}
    assert uncertain == {"Meer inzicht in eigen situatie", "Menselijke benadering",
                         "Kritisch nadenken", "Vertragen",
                         "Frustratie en conflict met partners die SofS-visie niet delen"}
    assert all(it.report for it in items)


def test_indicators_are_defined_once_and_used(table):
    ids = [ind.id for ind in table.indicators]
    assert len(ids) == len(set(ids))
    used = {i for c in table.cells for it in c.items for i in it.indicators}
    assert used <= set(ids)
    for ind in table.indicators:
        assert ind.baseline is None and ind.target is None  # the report gives none
        assert ind.label.nl and ind.report


# ------------------------------------------------------------------ barometer

def test_barometer_wave_2021(barometer):
    (wave,) = barometer.waves
    assert wave.n == 122  # 'OSD-medewerkers (n = 122)', L3942
    assert wave.valid_n is not None and wave.valid_n.inferred and wave.valid_n.value == 121
    top = [s for s in wave.distribution if tuple(s.scores) == (7, 10)]
    assert len(top) == 1 and top[0].percent == 34.7 and top[0].status == "printed"  # L3946
    assert not any(s.scores[0] >= 7 and tuple(s.scores) != (7, 10) for s in wave.distribution)
    printed = [s.percent for s in wave.distribution if tuple(s.scores) <= (5, 5)]
    assert printed == [0.0, 2.5, 9.1, 9.1, 9.9]  # L3984, in printed order
    test = wave.tests[0]
    assert (test.statistic, test.df, test.p) == (15.09, 18, 0.66)  # L3950


def test_reported_mean_lies_within_the_computed_bounds(barometer):
    (wave,) = barometer.waves
    assert wave.mean is not None and wave.mean.value == 6  # '6/10', L3952
    mean_low, mean_high = bm.reported_mean_interval(wave.mean)
    for statuses in (("printed",), ("printed", "inferred")):
        low, high = bm.mean_bounds(wave, barometer.instrument.scale_min,
                                   barometer.instrument.scale_max, statuses=statuses)
        assert low <= wave.mean.value <= high
        assert low <= mean_high and mean_low <= high
        assert bm.is_consistent(wave, barometer.instrument.scale_min,
                                barometer.instrument.scale_max, statuses=statuses)
    assert bm.share_at_least(wave, 7, statuses=("printed",))[0] == 34.7


# Tabel 4 (L2149-2343): (hindering, facilitating, recommendations) points per element.
TABEL_4 = {"Leren": (5, 6, 5), "Leiderschap": (6, 4, 5),
           "Organisatorische afstemming": (8, 5, 3), "Zinvol meten en monitoren": (5, 5, 4)}


def test_tabel_4_points(barometer):
    got = {ce.label.nl: (len(ce.hindering), len(ce.facilitating), len(ce.recommendations))
           for ce in barometer.critical_elements}
    assert got == TABEL_4
    assert [ce.theory for ce in barometer.critical_elements] == [
        ["crit_learning"], ["crit_leadership"], ["crit_org_alignment"],
        ["crit_meaningful_measurement"]]


# Tabel 5 (n = 122, L4051-4209): the counts as printed, per level and polarity, in order.
IND, TEAM, ORG = ("Op individueel en caseniveau", "Op teamniveau",
                  "Op organisatie- en beleidsniveau")
TABEL_5 = {
    (IND, "facilitating"): [16, 13, 10, 10, 8, 6, 6, 4, 3],
    (TEAM, "facilitating"): [24, 13, 13, 12, 5, 5, 4, 4, 2, 1],
    (ORG, "facilitating"): [35, 18, 13, 9, 9, 8, 7, 4, 4, 3, 2, 2, 1],
    (IND, "hindering"): [71, 11, 9, 2, 2],
    (TEAM, "hindering"): [11, 9, 5, 4, 4, 2],
    (ORG, "hindering"): [36, 29, 18, 11, 9, 8, 5, 4, 2, 1],
}
# The report prints no column totals; these are the totals the working notes state
# (shared/notes/seed-barometer-outcomes.md, section 3), checked against the sums above.
TABEL_5_TOTALS = {(IND, "facilitating"): 76, (TEAM, "facilitating"): 83,
                  (ORG, "facilitating"): 115, (IND, "hindering"): 95, (TEAM, "hindering"): 35,
                  (ORG, "hindering"): 123}


def test_tabel_5_counts_and_totals(barometer):
    assert barometer.factor_levels == [IND, TEAM, ORG]
    got: dict = {}
    for factor in barometer.factors:
        got.setdefault((factor.level, factor.polarity), []).append(factor.count)
    assert got == TABEL_5
    assert {k: sum(v) for k, v in TABEL_5.items()} == TABEL_5_TOTALS
    assert bm.factor_totals(barometer) == TABEL_5_TOTALS


def test_survey_items_and_handles(barometer):
    elements = {ce.id for ce in barometer.critical_elements}
    sections = {s.section for s in barometer.survey_items}
    assert {"1. Leren", "2. Leiderschap", "3. Organisatorische afstemming",
            "4. Zinvol meten en monitoren", "5. Signs of Safety-tools",
            "6. Algemene reflectie"} <= sections
    for item in barometer.survey_items:
        assert (item.critical_element in elements) == (item.section[:2] in ("1.", "2.", "3.",
                                                                             "4."))
    steps = [h for h in barometer.handles if h.kind == "dashboard_step"]
    assert len(steps) == 13  # Tabel 8 prints 13 steps (L10296-10321)
    assert steps[-1].text == "Creëren van finaal veiligheidsplan op maat van minderjarige"


# ------------------------------------------------------------------ recommendations

def test_recommendations(recommendations, report):
    assert len(recommendations) == 32
    sections = [r for r in recommendations if r.parent is None]
    assert [r.section for r in sections] == ["5.2.1", "5.2.2", "5.2.3", "5.2.4"]
    ids = {r.id for r in recommendations}
    assert all(r.parent in ids for r in recommendations if r.parent)
    for rec in recommendations:
        if rec.necessity is not None:
            first, last = rec.report[0].lines
            assert "noodzakelijk" in " ".join(report.lines[first - 1:last]), rec.id


# ------------------------------------------------------------------ verbatim and theory ids

def _texts(table, barometer, recommendations):
    """(text, report refs, where) for every Dutch text that must be verbatim."""
    yield table.table.title.nl, table.table.report, "table title"
    for cell in table.cells:
        for it in cell.items:
            yield it.text, it.report, it.id
    for ind in table.indicators:
        yield ind.label.nl, ind.report, ind.id
    ins = barometer.instrument
    for text in [ins.question, ins.anchor_low, ins.anchor_high] + [v.nl for v in ins.variants]:
        yield text, ins.report, ins.id
    for wave in barometer.waves:
        if wave.mean and wave.mean.text:
            yield wave.mean.text, wave.report, wave.id
        for test in wave.tests:
            yield test.text, wave.report, wave.id
    for ce in barometer.critical_elements:
        yield ce.label.nl, ce.report, ce.id
        for point in ce.hindering + ce.facilitating + ce.recommendations:
            yield point.text, point.report, ce.id
    for entry in list(barometer.factors) + list(barometer.survey_items) + list(barometer.handles):
        yield entry.text, entry.report, entry.id
    for rec in recommendations:
        yield rec.text, rec.report, rec.id


def test_dutch_texts_are_verbatim_within_their_lines(table, barometer, recommendations, report):
    wrong = []
    for text, refs, where in _texts(table, barometer, recommendations):
        spans = [r.lines for r in refs if r.lines]
        if not spans or not any(report.occurs_within(text, a, b) for a, b in spans):
            wrong.append(f"{where}: {text[:70]!r}")
    assert not wrong, "\n".join(wrong)
    for level in barometer.factor_levels:
        assert report.contains(level)
    for persp in table.perspectives:
        assert report.contains(persp.label.nl)


def _theory_ids() -> set[str]:
    files = sorted((REPO / "theory" / "versions").glob("*.yaml"))
    assert files, "no theory/versions/*.yaml: theory ids cannot be checked"
    ids: set[str] = set()
    for path in files:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        ids |= {n["id"] for n in data.get("nodes") or []}
        ids |= {g["id"] for g in data.get("groups") or []}
    return ids


def test_theory_ids_exist(table, barometer, recommendations):
    known = _theory_ids()
    used = {(it.id, t) for c in table.cells for it in c.items for t in it.theory}
    used |= {(e.id, t) for e in list(barometer.critical_elements) + list(barometer.factors)
             + list(barometer.handles) for t in e.theory}
    used |= {(r.id, t) for r in recommendations for t in r.targets}
    missing = sorted(f"{owner} -> {t}" for owner, t in used if t not in known)
    assert not missing, "\n".join(missing)
