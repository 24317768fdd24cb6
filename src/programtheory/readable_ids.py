"""Texts from the data (an element's note or description) name other elements by their ids;
a reader's page names them by their labels. `id_names` maps every id of one version (elements,
groups, links, evidence) to the words a reader sees, `name_ids` puts those words in place."""

from __future__ import annotations

import re

from .messages import message

__all__ = ["id_names", "name_ids"]

_TOKEN = re.compile(r"[A-Za-z0-9_]+")


def id_names(version, evidence, lang: str) -> dict[str, str]:
    """{id: reader's name} for the elements and groups of `version` (their labels), its links
    ('A → B' by the labels of their ends) and `evidence` (its kind, e.g. 'quote')."""
    names = {item.id: item.label.shown(lang) for item in [*version.nodes, *version.groups]}
    for link in version.links:
        ends = [" + ".join(names.get(i, i) for i in side)
                for side in (link.sources, link.targets)]
        names[link.id] = " → ".join(ends)
    for item in evidence:
        names.setdefault(item.id, message(f"vocab.evidence_kind.{item.kind.value}", lang))
    return names


def name_ids(text: str, names: dict[str, str]) -> str:
    """`text` with every id of `names` replaced by its reader's name.

    >>> name_ids("See crit_learning (L4459).", {"crit_learning": "Learning culture"})
    'See Learning culture (L4459).'
    """
    return _TOKEN.sub(lambda m: names.get(m.group(0), m.group(0)), text)
