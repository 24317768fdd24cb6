"""What every field of the data format means: the text of the field tables in
`docs/data-format.md` and of the descriptions in the JSON Schemas (`programtheory.schema`).

A field's description is its `Field(description=...)` in `model.py` when it has one, else the
entry here for its model, else the shared entry for its name (`COMMON`). A test fails when a
field of any file model has none of the three, so a new field cannot go undocumented.
"""

from __future__ import annotations

from pydantic import BaseModel

# fields that mean the same wherever they occur
COMMON: dict[str, str] = {
    "id": "Stable identifier: letters, digits, `_`, `.` and `-`, starting with a letter. Other "
          "files refer to the item by it; keep it when the wording changes.",
    "note": "A note for the people who maintain the data; shown in the interactive view, not "
            "on the report pages.",
    "report": "Where the item comes from in the sources: a list of references, each with a "
              "`section` and optionally `lines: [first, last]`, `table` and `figure`.",
    "label": "The name shown to readers, per language: `{en: ...}` (the primary language "
             "is required).",
    "citations": "Keys of `literature` entries in `theory/sources.yaml` that the item cites.",
    "theory": "Ids of nodes or groups (in any version) that the item bears on.",
    "en": "An English rendering of `text`, where the text is in another language.",
    "confidence": "A researcher's confidence grade for the element: `{grade, reason, by}` "
                  "(grade: high, moderate, low or very_low); it confirms or overrides the "
                  "proposed grade (docs/confidence.md).",
    "text": "The text as the source prints it, verbatim.",
    "description": "A longer explanation of the item for readers.",
    "title": "The title shown to readers, per language: `{en: ...}`.",
}

MODELS: dict[str, dict[str, str]] = {
    "VersionFile": {
        "version": "What this version is: its id, title and the version it revises.",
        "nodes": "The elements of the theory: problems, goals, resources, actions, outputs, "
                 "outcomes, assumptions, mechanisms and more.",
        "groups": "Named sets of nodes that links may start or end at.",
        "links": "The relations between nodes, groups or (for a moderator) other links.",
    },
    "VersionInfo": {
        "id": "The version's id, used by `--version`, `diff` and `based_on`.",
        "based_on": "The id of the version this one revises; `diff` and the revision checks "
                    "follow it.",
        "figure": "The source's figure that this version draws, e.g. `Figure 2`.",
        "columns": "The left-to-right order of the layout columns, when it differs from the "
                   "default. Keys: `assumption`, `resource`, `action`, `output`, "
                   "`outcome_<term>` for each term (e.g. `outcome_short`) and `follow_up`. "
                   "Kinds drawn in bands (problem, goal, rationale, mechanism, feedback, "
                   "external_factor) have no column. An unknown key is PT140, a repeated one "
                   "PT141.",
    },
    "Label": {
        "root": "Language code → text, e.g. `{en: Monthly home visits}`. The project's primary "
                "language is required (PT204); other languages are optional.",
    },
    "ReportRef": {
        "section": "The section number or name, e.g. `4.1.2` (at most 40 characters).",
        "lines": "The first and last line of the passage in the report text file, inclusive "
                 "(`[first, last]`, 1-based).",
        "table": "The table the item comes from, e.g. `Table 3`.",
        "figure": "The figure the item comes from, e.g. `Figure 2`.",
    },
    "Node": {
        "kind": "What the element is: problem, goal, rationale, mechanism, assumption, "
                "resource, action, output, outcome, feedback, follow_up or external_factor. "
                "It decides the column or band and which links may join it "
                "(docs/link-rules.md).",
        "levels": "The levels the element applies to (e.g. organisation, team, client).",
        "term": "When an outcome is expected (e.g. short, medium, long); meaningful for goal, "
                "output, outcome and follow_up.",
        "condition": "`necessary` or `facilitating`, for assumptions, resources and external "
                     "factors that the theory states as conditions.",
        "condition_inherited": "`true` when the source states the condition for the parent "
                               "element only.",
        "polarity": "`desired`, `undesired` or `mixed`.",
        "parent": "The id of the node this one is a sub-element of.",
        "corresponds_to": "Ids of elements in other versions that this one continues; `diff` "
                          "reads them for nodes whose id the earlier version lacks.",
        "in_figure": "`false` for an element from the discussion that the source's figure does "
                     "not draw.",
        "revision": "On an earlier version: what the next version does with the element, "
                    "`{status, note}`.",
    },
    "Revision": {
        "status": "`retained`, `reframed`, `added` (on a revised version's element: new in "
                  "that version) or `not_discussed` (the revision does not mention it; it must "
                  "not reappear in a later version).",
        "note": "How the element was revised, in a few words.",
    },
    "ConfidenceDecision": {
        "grade": "`high`, `moderate`, `low` or `very_low`.",
        "reason": "Why this grade: required, also when it confirms the proposal.",
        "by": "Who decided: initials or a role, never a respondent.",
    },
    "Group": {
        "members": "The ids of the nodes in the group.",
        "term": "The term of the group, when its members share one.",
    },
    "Link": {
        "from": "The id of the element the link starts at, or a list of ids; group ids are "
                "allowed.",
        "to": "The id of the element the link ends at, or a list of ids; group ids are "
              "allowed, and a link id makes the link a moderator of that link.",
        "kind": "The kind of relation, e.g. `leads_to`, `enables`, `moderates`; see "
                "docs/link-rules.md for the kinds and the ends each allows.",
        "relation": "The source's finer wording, e.g. `necessary but not sufficient`.",
        "effect": "`promotes` (+), `hinders` (−) or `moderates` (±).",
        "status": "`stated` (the source asserts the relation) or `implied` (it follows from "
                  "structure or wording).",
        "sentence": "The sentence of the source that states or implies the link, verbatim.",
        "competes_with": "Ids of links of the same version that this rival explanation "
                         "competes with.",
    },
    "EvidenceFile": {"evidence": "The evidence items of this file."},
    "Evidence": {
        "kind": "`quote`, `statistic`, `case_count`, `literature` or `document`.",
        "text": "The evidence as the source prints it, verbatim; quotes anonymised as printed.",
        "role": "The respondent's role as printed, e.g. `team leader`; never a name.",
        "work_package": "The work package (data collection strand) that produced it.",
        "n": "For statistics: the number of respondents the figure is based on.",
        "values": "For statistics: the figures, e.g. `{percent: 18.1}`.",
        "citation": "For literature: the key of the entry in `theory/sources.yaml`.",
        "bears_on": "Ids of nodes, groups and links that the item supports or questions.",
        "stance": "`supports`, `contradicts`, `nuances` or `absent` (searched for and not "
                  "found).",
        "case": "The case of `sources.yaml` `cases` the item comes from, only where the source "
                "says which.",
        "source_kind": "`interview`, `survey`, `document` or `literature`; empty: derived from "
                       "`kind` and the work package.",
        "direct": "`false` for indirect evidence (another setting, a proxy); empty: derived.",
        "appraisal": "The diagnostic weight of the item (process tracing): `certain`, "
                     "`unique` and optionally both likelihoods.",
    },
    "Appraisal": {
        "certain": "Finding the evidence is (nearly) required if the claim holds: its absence "
                   "would count against the claim.",
        "unique": "The evidence would be unlikely if the claim did not hold.",
        "p_e_given_h": "The probability of the evidence if the claim holds (0 to 1); give both "
                       "likelihoods or neither.",
        "p_e_given_not_h": "The probability of the evidence if the claim does not hold (0 to 1).",
    },
    "SourcesFile": {
        "report": "The main source document: its title, text file and sections.",
        "literature": "The literature registry: the works the sources cite.",
        "cases": "The case studies of the project.",
        "case_statements": "The source's counts over cases for a condition.",
    },
    "ReportInfo": {
        "title": "The title of the document.",
        "file": "The document as a plain-text file (a plain file name), looked for in the "
                "`search` folders; line references count its lines.",
        "search": "Folders to look for `file` in, relative to the project: inside it, or beside "
                  "it with one leading `..` (PT112 otherwise).",
        "sections": "The document's sections, with their line ranges.",
    },
    "ReportSection": {
        "id": "The section number, e.g. `4.1.2`.",
        "title": "The section's title as printed.",
        "lines": "The first and last line of the section in the text file.",
    },
    "LiteratureSource": {
        "key": "The key that `citations` and `citation` use.",
        "cite": "The citation as the source prints it, e.g. `Munro et al., 2016`.",
        "reference": "The full bibliographic entry, where known.",
        "verified": "`true` when the full entry was checked against the publication.",
    },
    "Case": {
        "theme": "The case's theme, as printed.",
        "complicating_factors": "The complicating factors, as printed.",
        "ages": "The ages involved, as printed.",
    },
    "CaseStatement": {
        "evidence": "The case_count evidence items that state the counts (at least one).",
        "condition": "The node id of the condition counted.",
        "outcome": "The node or group id of the outcome the condition serves, where stated.",
        "cases": "The number of cases the statement counts over.",
        "with_condition": "Cases with the condition, where stated.",
        "with_outcome": "Cases with the outcome, where stated.",
        "with_both": "Cases with both, where stated.",
        "outcome_without_condition": "Cases with the outcome but not the condition, where "
                                     "stated.",
        "concludes": "What the source concludes: `necessary` or `facilitating`.",
    },
    "RecommendationsFile": {"recommendations": "The recommendations of the sources."},
    "Recommendation": {
        "section": "The section that makes the recommendation.",
        "parent": "The id of the recommendation this one is part of.",
        "text": "The recommendation, verbatim or as the source summarises it.",
        "summary_en": "A short English summary.",
        "necessity": "`necessary` or `facilitating`, as the source frames it.",
        "targets": "Ids of the theory elements the recommendation addresses.",
    },
    "OutcomeTable": {
        "table": "The table's title and where it comes from.",
        "perspectives": "The rows of the table: whose outcomes (e.g. clients, staff).",
        "cells": "One cell per perspective and term, each with its items.",
        "indicators": "Measurable indicators for the outcomes, with their measurements.",
    },
    "OutcomeTableInfo": {},
    "Perspective": {
        "level": "The level of the theory this perspective corresponds to.",
    },
    "OutcomeCell": {
        "perspective": "The id of the perspective (row) of the cell.",
        "term": "The term (column) of the cell, e.g. short, medium, long.",
        "items": "The outcomes in the cell.",
    },
    "OutcomeItem": {
        "text": "The outcome as the table prints it, verbatim.",
        "polarity": "`desired`, `undesired` or `mixed`.",
        "uncertain": "Set when the table marks the outcome as uncertain: `{reason}`.",
        "indicators": "Ids of `indicators` that measure the outcome.",
    },
    "Uncertainty": {"reason": "Why the outcome is uncertain, as the source says."},
    "Indicator": {
        "unit": "The unit of the values, e.g. `%` or `days`.",
        "data_source": "Where the values come from.",
        "frequency": "How often the indicator is measured.",
        "baseline": "The starting value, `{value, year, note}`, where known.",
        "target": "The value aimed for, `{value, year, note}`, where known.",
        "measurements": "The measured values, one per period.",
    },
    "Measure": {
        "value": "The value (a number or text).",
        "year": "The year the value belongs to.",
    },
    "Measurement": {
        "period": "The period as text, e.g. `2024` or `2024-Q2`; one measurement per period "
                  "(PT514).",
        "value": "The measured value.",
        "n": "The number of cases or respondents behind the value.",
        "breakdown": "Values per subgroup, e.g. `{region_a: 41}`.",
        "source": "Where the value comes from.",
    },
    "Barometer": {
        "instrument": "The survey question that the barometer measures, with its scale.",
        "mappings": "How the columns of a raw survey export answer the instrument.",
        "waves": "The survey waves: one per round of data collection.",
        "critical_elements": "The critical implementation elements and their assessment.",
        "factor_levels": "The level headings that the factors are grouped under.",
        "factors": "Facilitating and hindering factors, with how often they were named.",
        "survey_items": "Items of the questionnaire, for breakdowns and later waves.",
        "handles": "Handles for monitoring: survey items, feedback or audits that follow up an "
                   "element.",
    },
    "Instrument": {
        "question": "The question as asked, verbatim.",
        "scale_min": "The lowest score of the scale (default 1).",
        "scale_max": "The highest score of the scale (default 10).",
        "anchor_low": "What the lowest score means, verbatim.",
        "anchor_high": "What the highest score means, verbatim.",
        "variants": "Other wordings of the question (e.g. in the questionnaire), used to find "
                    "its column in an export.",
        "threshold": "Answers at or above this score count as positive; the pages show the "
                     "share at or above it. Empty: no share is shown.",
        "breakdown_items": "Ids of `survey_items` to break results down by.",
    },
    "SurveyMapping": {
        "score": "The column that holds the instrument's score.",
        "respondent": "The column with the respondent id (checked for repeats, never stored).",
        "breakdowns": "Survey item id → the column that answers it.",
        "labels": "Answer text → scale value, or `null` for no valid answer.",
    },
    "Wave": {
        "year": "The year of the wave.",
        "label": "The wave's name on the pages; empty: the id.",
        "date": "When the wave was collected, e.g. `2024-05`.",
        "n": "The number of respondents.",
        "valid_n": "The number of valid answers to the instrument, `{value, inferred, note}`.",
        "distribution": "Shares of answers per score or score range, as the source gives them.",
        "counts": "Answers per score (`{score: count}`), for every score of the scale; shares, "
                  "mean and intervals are computed from them.",
        "summary": "The aggregates of an imported wave.",
        "mean": "The mean as the source reports it, with its rounding step.",
        "tests": "Statistical tests as reported.",
        "breakdowns": "Results split by a respondent characteristic; small groups suppressed.",
        "factor_counts": "Factor id → respondents who named it (coded open answers).",
    },
    "InferredCount": {
        "value": "The count.",
        "inferred": "`true` when the count is not printed but inferred (e.g. from a "
                    "percentage).",
    },
    "ScoreShare": {
        "scores": "The first and last score of the range, inclusive (`[7, 10]`; one score: "
                  "`[3, 3]`).",
        "percent": "The share of answers in percent (0 to 100).",
        "status": "`printed` or `inferred` (e.g. a remainder).",
        "position": "`printed` or `inferred`: whether the score the share belongs to is "
                    "printed (a chart label may be lost in the text).",
    },
    "WaveSummary": {
        "valid_n": "The number of valid answers.",
        "mean": "The mean score.",
        "sd": "The standard deviation.",
        "ci95": "The 95% t interval of the mean, `[low, high]`.",
        "threshold": "The threshold the share was computed at.",
        "share_at_threshold": "The share of answers at or above the threshold, in percent.",
        "share_ci95": "The 95% Wilson interval of that share, in percent.",
    },
    "ReportedMean": {
        "value": "The mean as printed.",
        "precision": "The rounding step of the printed mean: a mean printed as 6 with "
                     "precision 1 is any value in [5.5, 6.5); 3.7 with precision 0.1 is "
                     "[3.65, 3.75). The pages print the mean at this precision.",
        "text": "The sentence that reports the mean, verbatim.",
    },
    "StatTest": {
        "name": "The test, e.g. `chi2` or `mann_whitney`.",
        "statistic": "The test statistic.",
        "df": "Degrees of freedom, where the test has them.",
        "p": "The p-value (0 to 1).",
        "across": "What the test compares across, e.g. a breakdown item.",
        "text": "The sentence that reports the test, verbatim.",
    },
    "Breakdown": {
        "by": "The characteristic, per language, e.g. `{en: function}`.",
        "groups": "The groups with their n and results.",
    },
    "GroupResult": {
        "label": "The group's name, per language.",
        "n": "The number of respondents in the group.",
        "mean": "The group's mean score.",
        "share_at_least_7": "The group's share of scores of 7 or more, in percent (as an older "
                            "source printed it); prefer `share_at_threshold`.",
        "share_at_threshold": "The group's share at or above the instrument's threshold, in "
                              "percent.",
        "suppressed": "`true` for a group too small to show: only its label and n are stored.",
    },
    "CriticalElement": {
        "hindering": "What hinders the element, as listed.",
        "facilitating": "What facilitates the element, as listed.",
        "recommendations": "What the source recommends for it.",
    },
    "ListedPoint": {},
    "Factor": {
        "level": "The level heading the factor is listed under (one of `factor_levels`).",
        "polarity": "`facilitating` or `hindering`.",
        "count": "How many respondents named it.",
    },
    "SurveyItem": {
        "section": "The section of the questionnaire.",
        "stem": "The question stem shared by a block of items.",
        "scale": "The answer scale, in words.",
        "options": "The answer options, as printed.",
        "critical_element": "The id of the critical element the item measures.",
    },
    "ProjectSettings": {
        "title": "The project's title per language; the report site and page titles use it.",
        "languages": "The project's languages, the primary one first (e.g. `[en]` or "
                     "`[nl, en]`). Labels need only the primary language; `--lang` defaults "
                     "to it.",
        "locale": "The locale for numbers and dates (e.g. `en_GB`, `nl_BE`); default: the "
                  "primary language.",
        "text_language": "The language the data's own prose is written in: descriptions, "
                         "notes, the reasons for an uncertain placement, an indicator's data "
                         "source and frequency (default: the primary language). A page in "
                         "another language leaves that prose out, so that it shows one "
                         "language.",
        "vocabulary": "The project's own values, added to the built-in ones: levels, terms, "
                      "evidence sources, handle kinds, factor polarities, node kinds and link "
                      "kinds.",
    },
    "VocabularySettings": {
        "levels": "Levels the elements apply to (who changes), e.g. participant, staff.",
        "terms": "Terms of outcomes (when), in order, e.g. first_year, second_year. Naming "
                 "built-in terms too sets their order.",
        "evidence_sources": "The project's data collections (work packages, strands), for an "
                            "evidence item's `work_package`.",
        "handle_kinds": "Kinds of monitoring handles (`handles[].kind` in barometer.yaml).",
        "factor_polarities": "Polarities of factors (`factors[].polarity`), e.g. helping, "
                             "hindering.",
        "kinds": "Node kinds of the project's own, each optionally `like` a built-in kind.",
        "link_kinds": "Link kinds of the project's own, with the kinds they may join.",
    },
    "VocabularyEntry": {
        "id": "The value as the data files write it.",
        "label": "The value's name per language, e.g. `{en: first year}`.",
    },
    "KindEntry": {
        "id": "The kind as the data files write it.",
        "label": "The kind's name per language.",
        "like": "The built-in kind whose link, condition and term rules this kind follows.",
    },
    "LinkKindEntry": {
        "id": "The link kind as the data files write it.",
        "label": "The link kind's name per language.",
        "meaning": "What the link kind says, in a sentence (for docs and the legend).",
        "from": "The node kinds a link of this kind may start at, or `*` for any.",
        "to": "The node kinds a link of this kind may end at, or `*` for any.",
        "causal": "`true` when the link takes part in the cycle and term-order checks.",
        "feedback": "`true` for a feedback link (drawn grey, not causal in the term order).",
    },
    "Handle": {
        "kind": "`survey_item`, `client_feedback`, `dashboard_step`, `case_audit` or `other`.",
    },
}


def field_description(model: type[BaseModel], name: str) -> str:
    """The description of field `name` of `model` (its YAML name), or ''."""
    for key, info in model.model_fields.items():
        if name in (key, info.alias) and info.description:
            return info.description
    own = MODELS.get(model.__name__, {})
    return own.get(name) or COMMON.get(name, "")


def model_description(model: type[BaseModel]) -> str:
    """The first paragraph of a model's docstring, on one line."""
    doc = (model.__doc__ or "").strip()
    return " ".join(doc.split("\n\n")[0].split()) if doc else ""
