"""Which columns of a raw export answer which items of the instrument.

A mapping in `barometer.yaml` (`mappings:`) names the columns; without one, the columns are
found by their question texts, as survey tools export them. `suggest` shows the best matches
for a person to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Barometer, SurveyMapping
from .survey_import import (RESPONDENT_HEADERS, Export, ExportError, normalize, similarity)

AUTO_MATCH = 0.9  # question texts this similar count as the same question without a mapping
SUGGEST_MATCH = 0.6


@dataclass
class Resolved:
    score: str
    respondent: str | None
    breakdowns: dict[str, str]  # survey item id -> column
    labels: dict[str, int | None] = field(default_factory=dict)
    source: str = ""

    @property
    def columns(self) -> list[str]:
        named = [self.score, *self.breakdowns.values()]
        return ([self.respondent] if self.respondent else []) + named


def score_texts(barometer: Barometer) -> list[str]:
    """The wordings of the score question: the instrument's, its variants and the survey
    item that carries the same question."""
    texts = [barometer.instrument.question] + [v.nl for v in barometer.instrument.variants]
    return [t for t in texts if len(normalize(t)) > 20]


def _best(texts: list[str], export: Export, taken: set[str]) -> tuple[str | None, float]:
    wanted = {normalize(t) for t in texts}
    for header, question in zip(export.headers, export.questions, strict=True):
        if header not in taken and (normalize(question) in wanted or normalize(header) in wanted):
            return header, 1.0  # the same question: no need to measure similarity
    best, score = None, 0.0
    for header, question in zip(export.headers, export.questions, strict=True):
        if header in taken:
            continue
        value = max(max(similarity(t, question), similarity(t, header)) for t in texts)
        if value > score:
            best, score = header, value
    return best, score


def _respondent_column(export: Export) -> str | None:
    for header, question in zip(export.headers, export.questions, strict=True):
        if normalize(header) in RESPONDENT_HEADERS or normalize(question) in RESPONDENT_HEADERS:
            return header
    return None


def match(barometer: Barometer, export: Export) -> dict:
    """The best column for the score, each breakdown item and the respondent id, with how
    similar its question text is (1.0: the same after normalising)."""
    items = {item.id: item for item in barometer.survey_items}
    score, score_sim = _best(score_texts(barometer), export, set())
    taken = {score} if score else set()
    breakdowns = {}
    for item_id in barometer.instrument.breakdown_items:
        if item_id not in items:
            continue
        column, sim = _best([items[item_id].text], export, taken)
        if column:
            breakdowns[item_id] = (column, sim)
            taken.add(column)
    return {"score": (score, score_sim), "breakdowns": breakdowns,
            "respondent": _respondent_column(export)}


def resolve(barometer: Barometer, export: Export, mapping_id: str | None) -> Resolved:
    """The mapping to use: the named one from barometer.yaml, else one found by question
    texts (only matches of at least AUTO_MATCH)."""
    if mapping_id:
        return _named(barometer, export, mapping_id)
    found = match(barometer, export)
    score, sim = found["score"]
    if score is None or sim < AUTO_MATCH:
        near = f" (closest: «{score}», {sim:.0%} similar)" if score else ""
        raise ExportError(f"{export.path}: no column asks the instrument's question{near}; "
                          "run 'programtheory wave import FILE --suggest' and add the "
                          "mapping it proposes under 'mappings:' in barometer.yaml, then pass "
                          "--mapping ID")
    breakdowns = {item: column for item, (column, s) in found["breakdowns"].items()
                  if s >= AUTO_MATCH}
    return Resolved(score, found["respondent"], breakdowns, source="question texts")


def _named(barometer: Barometer, export: Export, mapping_id: str) -> Resolved:
    from .exceptions import UsageError
    from .findings import did_you_mean

    by_id = {m.id: m for m in barometer.mappings}
    if mapping_id not in by_id:
        hint = did_you_mean(mapping_id, by_id)
        raise UsageError(f"unknown mapping '{mapping_id}'" + (f"; {hint}" if hint else "")
                         + (f" (barometer.yaml has: {', '.join(by_id)})" if by_id else
                            " (barometer.yaml has no 'mappings:' yet)")
                         + "; 'programtheory wave import FILE --suggest' proposes one")
    mapping: SurveyMapping = by_id[mapping_id]
    wanted = [("score", mapping.score)] + [(f"breakdown {k}", c)
                                           for k, c in mapping.breakdowns.items()]
    if mapping.respondent:
        wanted.append(("respondent", mapping.respondent))
    for role, column in wanted:
        if column not in export.headers:
            from .findings import did_you_mean as near
            hint = near(column, export.headers)
            raise ExportError(f"{export.path}: column «{column}» ({role} in mapping "
                              f"'{mapping_id}') is not in the file" +
                              (f"; {hint}" if hint else "") +
                              ": correct the mapping in barometer.yaml or the export")
    labels = {normalize(k): v for k, v in mapping.labels.items()}
    return Resolved(mapping.score, mapping.respondent, dict(mapping.breakdowns), labels,
                    source=f"mapping {mapping_id}")


def suggest(barometer: Barometer, export: Export, mapping_id: str = "export") -> str:
    """A mapping for barometer.yaml, as YAML text with the similarity of each match as a
    comment, for a person to check and paste under 'mappings:'."""
    from .yaml_edit import format_item

    found = match(barometer, export)
    lines = [f"# {export.describe()}"]
    score, sim = found["score"]
    mapping: dict = {"id": mapping_id}
    if score is not None and sim >= SUGGEST_MATCH:
        mapping["score"] = score
        lines.append(f"# score: «{score}» matches the instrument's question ({sim:.0%})")
    else:
        mapping["score"] = "?"
        lines.append("# score: no column resembles the instrument's question: fill it in")
    if found["respondent"]:
        mapping["respondent"] = found["respondent"]
    breakdowns = {}
    for item, (column, s) in found["breakdowns"].items():
        if s >= SUGGEST_MATCH:
            breakdowns[item] = column
            lines.append(f"# {item}: «{column}» ({s:.0%})")
    if breakdowns:
        mapping["breakdowns"] = breakdowns
    used = {score, found["respondent"], *breakdowns.values()}
    ignored = [h for h in export.headers if h not in used]
    if ignored:
        lines.append(f"# not used ({len(ignored)}): " + ", ".join(f"«{h}»" for h in ignored))
    return "\n".join(lines) + "\n" + format_item(mapping, 0) + "\n"
