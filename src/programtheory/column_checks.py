"""Checks of a version's `columns`: the layout column order.

A column key names a kind that the layout places in the columns (not one of the bands above or
below them), or `outcome_<term>` for outcomes of one term. A key that is none of these used to
be ignored silently, so a typo left the column order unchanged; it is now PT140 with a
suggestion from the keys this project can use. A key given twice is PT141.
"""

from __future__ import annotations

from . import model as m
from .findings import Finding, did_you_mean, finding
from .vocab import BUILT_IN

# kinds drawn in bands above or below the columns (layout.BANDS): no column of their own
BAND_KINDS = frozenset({"problem", "goal", "rationale", "mechanism", "feedback",
                        "external_factor"})


def column_keys(terms=None, kinds=None) -> list[str]:
    """Every key `version.columns` accepts, in the default left-to-right order of kinds.

    `terms` and `kinds` are the project's term and node kind ids (default: the built-in ones).
    """
    term_ids = list(terms) if terms is not None else list(BUILT_IN["term"])
    keys: list[str] = []
    for kind in (list(kinds) if kinds is not None else list(BUILT_IN["kind"])):
        if kind in BAND_KINDS:
            continue
        if kind == "outcome":
            keys += [f"outcome_{term}" for term in term_ids]
        else:
            keys.append(kind)
    return keys


def check_columns(version: m.Version, vocabulary=None) -> list[Finding]:
    """PT140 for an unknown column key, PT141 for a repeated one. `vocabulary`: the project's
    (`Project.vocabulary`), whose terms and kinds give the keys; default the built-in ones."""
    columns = version.info.columns
    if not columns:
        return []
    known = column_keys(vocabulary.values("term"), vocabulary.values("kind")) \
        if vocabulary is not None else column_keys()
    out: list[Finding] = []
    seen: set[str] = set()
    for i, key in enumerate(columns):
        path = ("version", "columns", i)
        if key not in known:
            hint = did_you_mean(key, known) or "use one of: " + ", ".join(known)
            out.append(finding("PT140", f"version '{version.id}' has unknown column '{key}'",
                               hint, file=version.path, path=path))
        elif key in seen:
            out.append(finding("PT141", f"version '{version.id}' lists column '{key}' twice",
                               "keep one", file=version.path, path=path))
        seen.add(key)
    return out
