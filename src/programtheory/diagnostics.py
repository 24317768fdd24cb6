"""Diagnostic updating: how far each appraised evidence item moves confidence in a claim
(process tracing after Van Evera and Befani).

With p(E|H) and p(E|not H) on an item's appraisal, the confidence in the claim is updated by
Bayes' rule after each item, in the order the items are listed: a found item (supports or
nuances) multiplies the odds by p(E|H)/p(E|not H); an item searched for and not found, or
contradicting, by (1 − p(E|H))/(1 − p(E|not H)). The steps form a ladder.

Without probabilities the test types still say what the evidence allows: a passed smoking gun
confirms, a failed hoop eliminates, a doubly decisive test does both, straws in the wind only
lean ('passed two hoop tests; no smoking gun').
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .confidence_texts import text
from .graph import evidence_index
from .model import Evidence, Project, Version
from .tables import escape_html

TEST_TYPES = ("hoop", "smoking_gun", "doubly_decisive", "straw_in_the_wind")
FOUND = ("supports", "nuances")


@dataclass(frozen=True)
class Rung:
    item: str
    test_type: str
    found: bool
    posterior: float


def posterior_after(prior: float, item: Evidence) -> float:
    """The confidence after one appraised item with both likelihoods."""
    appraisal = item.appraisal
    assert appraisal is not None and appraisal.p_e_given_h is not None
    p_h, p_not = appraisal.p_e_given_h, appraisal.p_e_given_not_h
    if item.stance.value not in FOUND:
        p_h, p_not = 1 - p_h, 1 - p_not
    numerator = prior * p_h
    denominator = numerator + (1 - prior) * p_not
    return prior if denominator == 0 else numerator / denominator


def ladder(items: list[Evidence], prior: float = 0.5) -> list[Rung]:
    """The posterior after each item that has both likelihoods, in order."""
    rungs, current = [], prior
    for item in items:
        a = item.appraisal
        if a is None or a.p_e_given_h is None:
            continue
        current = posterior_after(current, item)
        rungs.append(Rung(item.id, a.test_type, item.stance.value in FOUND, current))
    return rungs


def what_the_tests_allow(items: list[Evidence], language: str = "nl") -> str:
    """What the test types allow, in words, e.g. 'passed 2 hoop test; no smoking-gun test'."""
    appraised = [i for i in items if i.appraisal is not None]
    if not appraised:
        return text(language, "no_appraisal")
    passed = Counter(i.appraisal.test_type for i in appraised if i.stance.value in FOUND)
    failed = Counter(i.appraisal.test_type for i in appraised if i.stance.value not in FOUND)
    parts = [text(language, "passed", count=passed[t], test=text(language, t))
             for t in TEST_TYPES if passed[t]]
    parts += [text(language, "failed", count=failed[t], test=text(language, t))
              for t in TEST_TYPES if failed[t]]
    if not passed["smoking_gun"] and not passed["doubly_decisive"]:
        parts.append(text(language, "none_of", test=text(language, "smoking_gun")))
    if failed["hoop"] or failed["doubly_decisive"]:
        verdict = "verdict_eliminated"
    elif passed["smoking_gun"] or passed["doubly_decisive"]:
        verdict = "verdict_confirmed"
    else:
        verdict = "verdict_open"
    return "; ".join(parts) + f" ({text(language, verdict)})"


def diagnostic_records(project: Project, version: str | Version | None = None,
                       language: str = "nl", prior: float = 0.5):
    """One row per element or link with appraised evidence: the test summary and the ladder."""
    from .confidence import assess_version
    from .tables import Records

    version = version if isinstance(version, Version) else project.version(version)
    index = evidence_index(project.evidence)
    graded = assess_version(project, version, index)
    headers = [text(language, "finding"), text(language, "explanation"), "p"]
    rows = []
    for target, assessment in graded.items():
        items = [i for i in index.get(target, []) if i.appraisal is not None]
        if not items:
            continue
        rungs = ladder(items, prior)
        label = assessment.label.nl if language == "nl" else (assessment.label.en or
                                                              assessment.label.nl)
        steps = [f"{prior:.2f}"] + [f"{r.posterior:.2f}" for r in rungs]
        rows.append(dict(zip(headers, [label, what_the_tests_allow(items, language),
                                       " → ".join(steps) if rungs else ""], strict=True)))
    return Records(headers, rows)


def ladder_svg(rungs: list[Rung], prior: float = 0.5, language: str = "nl") -> str:
    """A small greyscale ladder: one rung per item, its bar as long as the posterior."""
    width, rung_height, bar = 260, 18, 150
    labels = [text(language, "prior")] + [text(language, "posterior", item=i + 1)
                                          for i in range(len(rungs))]
    values = [prior] + [r.posterior for r in rungs]
    height = rung_height * len(values) + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" font-family="sans-serif" font-size="10">']
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 2 + i * rung_height
        parts.append(f'<text x="0" y="{y + 12}" fill="#000">{escape_html(label)}</text>')
        parts.append(f'<rect x="70" y="{y + 3}" width="{bar}" height="11" fill="#fff" '
                     'stroke="#555"/>')
        parts.append(f'<rect x="70" y="{y + 3}" width="{bar * value:.1f}" height="11" '
                     'fill="#444"/>')
        parts.append(f'<text x="{75 + bar}" y="{y + 12}" fill="#000">{value:.2f}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def ladders(project: Project, version: str | Version | None = None,
            prior: float = 0.5) -> dict[str, list[Rung]]:
    """The ladder of every element or link that has items with both likelihoods."""
    version = version if isinstance(version, Version) else project.version(version)
    index = evidence_index(project.evidence)
    ids = [n.id for n in version.nodes] + [g.id for g in version.groups] + \
        [lk.id for lk in version.links]
    out = {}
    for target in ids:
        rungs = ladder(index.get(target, []), prior)
        if rungs:
            out[target] = rungs
    return out


def ladder_html(rungs: list[Rung], caption: str, prior: float = 0.5,
                language: str = "nl") -> str:
    """The ladder as an HTML figure with its caption (escaped)."""
    return (f"<figure>{ladder_svg(rungs, prior, language)}"
            f"<figcaption>{escape_html(caption)}</figcaption></figure>")
