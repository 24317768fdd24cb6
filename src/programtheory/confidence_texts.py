"""Reader-facing words of the confidence grades, one dict per language.

Keys are the codes the package uses; values are format strings (`str.format` fields named in
the code). `text(language, key, **fields)` picks one.
"""

from __future__ import annotations

EN: dict[str, str] = {
    # grades and concern levels
    "high": "high", "moderate": "moderate", "low": "low", "very_low": "very low",
    "concern_0": "no or very minor concerns", "concern_1": "minor concerns",
    "concern_2": "moderate concerns", "concern_3": "serious concerns",
    # component names
    "limitations": "methodological limitations", "coherence": "coherence",
    "adequacy": "adequacy", "relevance": "relevance",
    # reasons
    "no_evidence": "no evidence recorded",
    "no_support": "no supporting or nuancing evidence",
    "adequacy_breadth": "{cases} case(s), {roles} role(s) or cited work(s), {kinds} kind(s) "
                        "of source ({items} item(s))",
    "coherence_mix": "{supports} supporting, {nuances} nuancing, {contradicts} contradicting, "
                     "{absent} searched and not found",
    "relevance_mix": "{direct} of {items} item(s) direct",
    "relevance_indirect": "{inherited} item(s) bear on a group or parent only",
    "limitations_best": "best source kind: {kind}",
    "grade_rule": "{concerns} concern step(s) in all; {serious} serious",
    # decisions
    "proposed": "proposed", "confirmed": "confirmed", "overridden": "overridden",
    "decision": "decision",
    # source kinds
    "interview": "interview", "survey": "survey", "document": "document",
    "literature": "literature",
    # table headers
    "finding": "finding", "element": "element", "grade": "confidence",
    "explanation": "explanation", "evidence": "evidence",
    "soqf_title": "Summary of qualitative findings",
    "profile_title": "Evidence profile",
    # diagnostic tests (process tracing)
    "straw_in_the_wind": "straw-in-the-wind test", "hoop": "hoop test",
    "smoking_gun": "smoking-gun test", "doubly_decisive": "doubly decisive test",
    "passed": "passed {count} × {test}", "failed": "failed {count} × {test}",
    "none_of": "no {test}", "no_appraisal": "no appraised evidence",
    "verdict_eliminated": "a failed hoop or doubly decisive test counts against the claim",
    "verdict_confirmed": "a passed smoking-gun or doubly decisive test confirms the claim",
    "verdict_open": "neither confirmed nor eliminated",
    "prior": "prior", "posterior": "after {item}",
    # pathways
    "legend_confidence_border": "thick border = high confidence",
    "legend_confidence_line": "thick line = high confidence",
    "path_from": "from", "path_to": "to", "path_strength": "strength",
    "path_weakest": "weakest link", "path_pathway": "pathway",
    "path_continuous": "one source tells the whole chain", "yes": "yes", "no": "no",
    "path_caption": "Pathways from action to long-term outcome, weakest first",
    # necessity across cases
    "nec_condition": "condition", "nec_marked": "in the theory",
    "nec_statement": "the report's statement", "nec_concludes": "the report concludes",
    "nec_consistency": "consistency", "nec_coverage": "coverage", "nec_relevance": "relevance",
    "nec_lacked": "lacked by a case with the outcome?", "nec_yes": "yes",
    "nec_possible": "possibly", "nec_no": "no", "nec_unknown": "unknown",
    "nec_none": "no count over cases", "nec_necessary": "necessary",
    "nec_facilitating": "facilitating", "nec_": "–",
    "nec_caption": "Necessity across cases. A range (0.40–1.00) means the report does not give "
                   "every count: the measure lies somewhere within it.",
}

NL: dict[str, str] = {
    "high": "hoog", "moderate": "matig", "low": "laag", "very_low": "zeer laag",
    "concern_0": "geen of zeer kleine bezwaren", "concern_1": "kleine bezwaren",
    "concern_2": "matige bezwaren", "concern_3": "ernstige bezwaren",
    "limitations": "methodologische beperkingen", "coherence": "samenhang",
    "adequacy": "toereikendheid", "relevance": "relevantie",
    "no_evidence": "geen bewijs vastgelegd",
    "no_support": "geen ondersteunend of nuancerend bewijs",
    "adequacy_breadth": "{cases} case(s), {roles} rol(len) of geciteerde werk(en), "
                        "{kinds} soort(en) bron ({items} item(s))",
    "coherence_mix": "{supports} ondersteunend, {nuances} nuancerend, {contradicts} "
                     "tegensprekend, {absent} gezocht en niet gevonden",
    "relevance_mix": "{direct} van {items} item(s) rechtstreeks",
    "relevance_indirect": "{inherited} item(s) gaan enkel over een groep of hoger element",
    "limitations_best": "sterkste soort bron: {kind}",
    "grade_rule": "{concerns} stap(pen) bezwaar in totaal; {serious} ernstig",
    "proposed": "voorstel", "confirmed": "bevestigd", "overridden": "aangepast",
    "decision": "beslissing",
    "interview": "interview", "survey": "bevraging", "document": "document",
    "literature": "literatuur",
    "finding": "bevinding", "element": "element", "grade": "vertrouwen",
    "explanation": "toelichting", "evidence": "bewijs",
    "soqf_title": "Samenvatting van de kwalitatieve bevindingen",
    "profile_title": "Bewijsprofiel",
    "straw_in_the_wind": "strohalmtest", "hoop": "hoepeltest",
    "smoking_gun": "rokend-pistooltest", "doubly_decisive": "dubbel beslissende test",
    "passed": "{count} × {test} doorstaan", "failed": "{count} × {test} niet doorstaan",
    "none_of": "geen {test}", "no_appraisal": "geen beoordeeld bewijs",
    "verdict_eliminated": "een niet doorstane hoepel- of dubbel beslissende test spreekt de "
                          "bewering tegen",
    "verdict_confirmed": "een doorstane rokend-pistool- of dubbel beslissende test bevestigt "
                         "de bewering",
    "verdict_open": "bevestigd noch weerlegd",
    "prior": "vooraf", "posterior": "na {item}",
    "legend_confidence_border": "dikke rand = hoog vertrouwen",
    "legend_confidence_line": "dikke lijn = hoog vertrouwen",
    "path_from": "van", "path_to": "naar", "path_strength": "sterkte",
    "path_weakest": "zwakste schakel", "path_pathway": "pad",
    "path_continuous": "één bron draagt het hele pad", "yes": "ja", "no": "nee",
    "path_caption": "Paden van actie naar lange-termijnuitkomst, zwakste eerst",
    "nec_condition": "voorwaarde", "nec_marked": "in de theorie",
    "nec_statement": "uitspraak in het rapport", "nec_concludes": "besluit van het rapport",
    "nec_consistency": "consistentie", "nec_coverage": "dekking", "nec_relevance": "relevantie",
    "nec_lacked": "ontbrak in een case met de uitkomst?", "nec_yes": "ja",
    "nec_possible": "mogelijk", "nec_no": "nee", "nec_unknown": "onbekend",
    "nec_none": "geen telling over cases", "nec_necessary": "noodzakelijk",
    "nec_facilitating": "faciliterend", "nec_": "–",
    "nec_caption": "Noodzakelijkheid over de cases. Een bereik (0,40–1,00) betekent dat het "
                   "rapport niet elke telling geeft: de maat ligt ergens daartussen.",
}

TEXTS: dict[str, dict[str, str]] = {"en": EN, "nl": NL}


def text(language: str, key: str, **fields: object) -> str:
    """The words for `key` in `language` ('en' or 'nl'), with `fields` filled in."""
    return TEXTS[language][key].format(**fields)
