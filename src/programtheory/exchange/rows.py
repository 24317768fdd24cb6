"""A theory version as rows: the shape that spreadsheets and causal-mapping tools share.

One row per element (node), per link and per evidence item. A row is a dict of field name to
text, with controlled values as their vocabulary value ('assumption'), lists joined by ', ',
and empty text for what is not set. The workbook, the CSV files and the importers all use
these rows, so that what is written is what is read.
"""

from __future__ import annotations

import functools

from ..model import Evidence, Project, Version
from ..settings import UnknownLabel, Vocabulary

NODE_FIELDS = ("id", "kind", "label_nl", "label_en", "levels", "term", "condition",
               "polarity", "group", "note")
LINK_FIELDS = ("id", "from", "to", "kind", "status", "sentence")
EVIDENCE_FIELDS = ("id", "kind", "text", "role", "source", "n", "stance", "bears_on")
FIELDS = {"nodes": NODE_FIELDS, "links": LINK_FIELDS, "evidence": EVIDENCE_FIELDS}

# (sheet, field) -> its vocabulary category; the allowed values are the project's
CONTROLLED: dict[tuple[str, str], str] = {
    ("nodes", "kind"): "kind", ("nodes", "levels"): "level", ("nodes", "term"): "term",
    ("nodes", "condition"): "condition", ("nodes", "polarity"): "polarity",
    ("links", "kind"): "link_kind", ("links", "status"): "status",
    ("evidence", "kind"): "evidence_kind", ("evidence", "stance"): "stance",
}
MULTI = {("nodes", "levels"), ("nodes", "group"), ("links", "from"), ("links", "to"),
         ("evidence", "bears_on")}
REQUIRED = {("nodes", "kind"), ("nodes", "label_nl"), ("links", "from"), ("links", "to"),
            ("links", "kind"), ("links", "status"), ("evidence", "kind"), ("evidence", "text"),
            ("evidence", "bears_on")}
LOCKED = {"id"}


def join(values) -> str:
    return ", ".join(values)


def split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def node_rows(version: Version) -> list[dict[str, str]]:
    groups: dict[str, list[str]] = {}
    for group in version.groups:
        for member in group.members:
            groups.setdefault(member, []).append(group.id)
    return [{"id": n.id, "kind": n.kind.value, "label_nl": n.label.nl, "label_en": n.label.en,
             "levels": join(lv.value for lv in n.levels),
             "term": n.term.value if n.term else "",
             "condition": n.condition.value if n.condition else "",
             "polarity": n.polarity.value, "group": join(groups.get(n.id, [])),
             "note": n.note} for n in version.nodes]


def link_rows(version: Version) -> list[dict[str, str]]:
    return [{"id": k.id, "from": join(k.sources), "to": join(k.targets), "kind": k.kind,
             "status": k.status.value, "sentence": k.sentence} for k in version.links]


def evidence_row(item: Evidence) -> dict[str, str]:
    return {"id": item.id, "kind": item.kind.value, "text": item.text, "role": item.role,
            "source": item.citation or "", "n": "" if item.n is None else str(item.n),
            "stance": item.stance.value, "bears_on": join(item.bears_on)}


def evidence_rows(project: Project, version: Version) -> list[dict[str, str]]:
    """The evidence that bears on an element, group or link of the version."""
    ids = ({n.id for n in version.nodes} | {g.id for g in version.groups}
           | {k.id for k in version.links})
    return [evidence_row(item) for item in project.evidence if set(item.bears_on) & ids]


def all_rows(project: Project, version: Version) -> dict[str, list[dict[str, str]]]:
    return {"nodes": node_rows(version), "links": link_rows(version),
            "evidence": evidence_rows(project, version)}


def display_value(sheet: str, field: str, value: str, lang: str,
                  vocabulary: Vocabulary) -> str:
    """A row value as a reader sees it: controlled values by their name in `lang`."""
    category = CONTROLLED.get((sheet, field))
    if category is None or not value:
        return value
    names = vocabulary.labels(category, lang)
    if (sheet, field) in MULTI:
        return join(names.get(v, v) for v in split(value))
    return names.get(value, value)


@functools.lru_cache(maxsize=64)  # asked for every controlled cell of a workbook
def value_names(sheet: str, field: str, vocabulary: Vocabulary) -> dict[str, str]:
    """Every accepted spelling (value or its name in a project language, lower case) ->
    value."""
    category = CONTROLLED[(sheet, field)]
    names = {v.lower(): v for v in vocabulary.values(category)}
    for lang in vocabulary.languages:
        for value in vocabulary.values(category):
            try:
                names.setdefault(vocabulary.label(category, value, lang).lower(), value)
            except UnknownLabel:  # an optional language: the value is still accepted
                continue
    return names
