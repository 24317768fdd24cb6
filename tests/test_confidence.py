"""The confidence grades: the rules of each component, and their monotonicity as properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from programtheory.confidence import (GRADES, Weighed, adequacy, assess_version, coherence,
                                      limitations, propose, relevance)
from programtheory.model import Evidence

STANCES = ["supports", "nuances", "contradicts", "absent"]
KINDS = ["quote", "statistic", "literature", "document", "case_count"]


def item(i: int, stance: str = "supports", kind: str = "quote", case: str | None = None,
         role: str = "", citation: str | None = None, **extra) -> Evidence:
    return Evidence(id=f"e{i}", kind=kind, text=f"tekst {i}", stance=stance, case=case,
                    role=role, citation=citation, bears_on=["x"], **extra)


items_strategy = st.lists(st.builds(
    lambda i, stance, kind, case, role: Weighed(item(i, stance, kind, case, role)),
    st.integers(0, 10_000), st.sampled_from(STANCES), st.sampled_from(KINDS),
    st.one_of(st.none(), st.sampled_from([f"c{i}" for i in range(8)])),
    st.sampled_from(["", "mama", "consulent", "peter", "staflid"])), max_size=25)


@settings(max_examples=300, deadline=None)
@given(items_strategy, st.sampled_from(["quote", "statistic", "literature", "case_count"]),
       st.sampled_from(["", "mama", "buurman"]))
def test_a_supporting_item_from_a_new_case_never_lowers_adequacy(items, kind, role):
    cases = {w.item.case for w in items}
    new_case = next(f"new{i}" for i in range(100) if f"new{i}" not in cases)
    more = items + [Weighed(item(99_999, "supports", kind, new_case, role))]
    assert adequacy(more).concern <= adequacy(items).concern


@settings(max_examples=300, deadline=None)
@given(items_strategy, st.booleans())
def test_a_contradicting_item_never_raises_coherence(items, absent):
    more = items + [Weighed(item(99_999, "absent" if absent else "contradicts"))]
    assert coherence(more).concern >= coherence(items).concern


def test_adequacy_counts_breadth_not_passages():
    one_mother = [Weighed(item(i, role="mama", case="c1")) for i in range(3)]
    broad = [Weighed(item(i, role=role, case=f"c{i}")) for i, role in
             enumerate(["mama", "consulent", "mama", "peter", "staflid"])]
    broad.append(Weighed(item(9, kind="statistic")))
    assert adequacy(one_mother).concern == 3
    assert adequacy(broad).concern == 0
    # more passages from the same mother in the same case change nothing
    assert adequacy(one_mother * 5).concern == adequacy(one_mother).concern


def test_coherence_relevance_and_limitations_rules():
    assert coherence([Weighed(item(1)), Weighed(item(2))]).concern == 0
    assert coherence([Weighed(item(1)), Weighed(item(2, "contradicts"))]).concern == 3
    assert coherence([]).concern == 3
    assert relevance([Weighed(item(1))]).concern == 0
    assert relevance([Weighed(item(1)), Weighed(item(2), inherited=True)]).concern == 1
    assert relevance([Weighed(item(1, kind="literature", citation="a"))]).concern == 3
    assert relevance([Weighed(item(1, kind="literature", direct=True))]).concern == 0
    assert limitations([Weighed(item(1, kind="document"))]).concern == 2
    assert limitations([Weighed(item(1, kind="document")),
                        Weighed(item(2, kind="statistic"))]).concern == 1


@given(st.lists(st.integers(0, 3), min_size=4, max_size=4))
def test_the_grade_falls_with_every_concern(concerns):
    from programtheory.confidence import Component
    components = [Component(name, c, ()) for name, c in
                  zip(("limitations", "coherence", "adequacy", "relevance"), concerns, strict=False)]
    grade, _ = propose(components)
    for i in range(4):
        if concerns[i] < 3:
            worse = list(components)
            worse[i] = Component(worse[i].name, concerns[i] + 1, ())
            assert GRADES.index(propose(worse)[0]) <= GRADES.index(grade)
    if 3 in concerns:
        assert GRADES.index(grade) <= GRADES.index("low")
    assert propose(components, has_evidence=False)[0] == "very_low"


def test_every_element_and_link_of_the_revised_theory_has_a_graded_proposal(real_project):
    version = real_project.version("revised")
    graded = assess_version(real_project, version)
    ids = [n.id for n in version.nodes] + [g.id for g in version.groups] + \
        [lk.id for lk in version.links]
    assert list(graded) == ids
    for assessment in graded.values():
        assert assessment.proposed in GRADES
        assert all(c.reasons for c in assessment.components)
        assert assessment.rule.text("nl") and assessment.rule.text("en")
    unevidenced = [a for a in graded.values() if not a.evidence]
    assert all(a.proposed == "very_low" for a in unevidenced)
