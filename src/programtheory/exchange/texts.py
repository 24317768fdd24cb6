"""Every text of the exchange formats that a reader sees, one dict per language.

Sheet names, column headings, drop-down prompts and the instructions of the workbook live here
and nowhere else, so that they can move to a message catalogue in one step. The keys are the
field names of `programtheory.exchange.rows`.
"""

from __future__ import annotations

TEXTS: dict[str, dict] = {
    "nl": {
        "sheets": {"nodes": "Elementen", "links": "Verbanden", "evidence": "Bewijs",
                   "help": "Uitleg", "lists": "Lijsten", "meta": "Vingerafdruk"},
        "columns": {
            "nodes": {"id": "id", "kind": "soort", "label_nl": "label (Nederlands)",
                      "label_en": "label (Engels)", "levels": "niveaus", "term": "termijn",
                      "condition": "voorwaarde", "polarity": "richting", "group": "groep",
                      "note": "opmerking"},
            "links": {"id": "id", "from": "van", "to": "naar", "kind": "soort verband",
                      "status": "uitgesproken/afgeleid", "sentence": "zin uit het rapport"},
            "evidence": {"id": "id", "kind": "soort", "text": "tekst", "role": "rol",
                         "source": "bron (literatuursleutel)", "n": "n", "stance": "standpunt",
                         "bears_on": "betreft (ids)"},
        },
        "prompt_choose": "Kies een waarde uit de lijst.",
        "prompt_many": "Eén of meer waarden, gescheiden door komma's.",
        "error_title": "Ongeldige waarde",
        "error_choose": "Deze waarde staat niet in de lijst. Kies een waarde uit de lijst.",
        "help_title": "Zo werkt u met deze werkmap",
        "help": [
            "Deze werkmap bevat de programmatheorie, versie {version}: één rij per element "
            "(blad Elementen), per verband (blad Verbanden) en per stuk bewijs (blad Bewijs).",
            "U mag de witte cellen aanpassen: labels, soort, niveaus, termijn, voorwaarde, "
            "richting, groep, opmerking, de uiteinden en de soort van een verband, en het "
            "bewijs.",
            "De kolom id is vergrendeld: een id is hoe verbanden en bewijs een element vinden. "
            "Een nieuw element voegt u toe in een lege rij onder de tabel; laat de id leeg, "
            "dan krijgt het element er een bij het inlezen.",
            "Kies gecontroleerde waarden (soort, niveau, termijn, voorwaarde, soort verband, "
            "van/naar) uit de keuzelijst. Meerdere niveaus of ids scheidt u met een komma.",
            "Het Nederlandse label mag niet leeg zijn. Schrijf geen formules: elke cel is "
            "tekst.",
            "Nieuw bewijs (een citaat, een cijfer, literatuur) voegt u toe als nieuwe rij in "
            "het blad Bewijs, met in de kolom 'betreft' de ids van de elementen of verbanden "
            "waarop het slaat.",
            "Bewaar de werkmap als .xlsx en bezorg ze terug. Bij het inlezen wordt alles "
            "gecontroleerd voordat er iets wordt weggeschreven; een fout noemt blad, rij en "
            "kolom.",
            "Is de theorie intussen door iemand anders aangepast, dan wordt de werkmap "
            "geweigerd: vraag dan een nieuwe werkmap aan.",
        ],
    },
    "en": {
        "sheets": {"nodes": "Elements", "links": "Links", "evidence": "Evidence",
                   "help": "Instructions", "lists": "Lists", "meta": "Fingerprint"},
        "columns": {
            "nodes": {"id": "id", "kind": "kind", "label_nl": "label (Dutch)",
                      "label_en": "label (English)", "levels": "levels", "term": "term",
                      "condition": "condition", "polarity": "polarity", "group": "group",
                      "note": "note"},
            "links": {"id": "id", "from": "from", "to": "to", "kind": "link kind",
                      "status": "stated/implied", "sentence": "sentence from the report"},
            "evidence": {"id": "id", "kind": "kind", "text": "text", "role": "role",
                         "source": "source (literature key)", "n": "n", "stance": "stance",
                         "bears_on": "bears on (ids)"},
        },
        "prompt_choose": "Choose a value from the list.",
        "prompt_many": "One or more values, separated by commas.",
        "error_title": "Invalid value",
        "error_choose": "This value is not in the list. Choose a value from the list.",
        "help_title": "How to work with this workbook",
        "help": [
            "This workbook holds the program theory, version {version}: one row per element "
            "(sheet Elements), per link (sheet Links) and per piece of evidence (sheet "
            "Evidence).",
            "You may change the white cells: labels, kind, levels, term, condition, polarity, "
            "group, note, the ends and kind of a link, and the evidence.",
            "The id column is locked: an id is how links and evidence find an element. Add a "
            "new element in an empty row below the table; leave its id empty and it gets one "
            "when the workbook is read.",
            "Choose controlled values (kind, level, term, condition, link kind, from/to) from "
            "the drop-down list. Separate several levels or ids with commas.",
            "The Dutch label must not be empty. Do not write formulas: every cell is text.",
            "Add new evidence (a quote, a statistic, literature) as a new row on the Evidence "
            "sheet, with the ids of the elements or links it bears on.",
            "Save the workbook as .xlsx and send it back. Reading it checks everything before "
            "anything is written; an error names sheet, row and column.",
            "If someone else changed the theory meanwhile, the workbook is refused: ask for "
            "a new one.",
        ],
    },
}
# The meeting document (theory_docx.py)
DOCX_TEXTS: dict[str, dict] = {
    "nl": {"title": "Programmatheorie", "figure": "Figuur", "figure_caption":
           "De programmatheorie zoals getekend.", "elements": "Elementen per groep en soort",
           "group": "Groep", "others": "Overige elementen", "kind": "Soort", "level": "Niveau",
           "term": "Termijn", "condition": "Voorwaarde", "where": "Vindplaats in het rapport",
           "property": "Kenmerk", "value": "Waarde", "links": "Verbanden vanuit dit element",
           "evidence": "Bewijs", "recommendations": "Aanbevelingen die hierop inwerken",
           "none": "geen", "changes": "Wijzigingen ten opzichte van {based_on}",
           "no_based_on": "Deze versie bouwt niet voort op een eerdere versie.",
           "status": "Status", "element": "Onderdeel", "what": "Omschrijving",
           "change": "Wijziging", "n": "n = {n}", "stated": "uitgesproken",
           "implied": "afgeleid", "sentence": "zin uit het rapport"},
    "en": {"title": "Program theory", "figure": "Figure", "figure_caption":
           "The program theory as drawn.", "elements": "Elements by group and kind",
           "group": "Group", "others": "Other elements", "kind": "Kind", "level": "Level",
           "term": "Term", "condition": "Condition", "where": "Place in the report",
           "property": "Property", "value": "Value", "links": "Links from this element",
           "evidence": "Evidence", "recommendations": "Recommendations that target it",
           "none": "none", "changes": "Changes against {based_on}",
           "no_based_on": "This version does not build on an earlier one.",
           "status": "Status", "element": "Part", "what": "Description",
           "change": "Change", "n": "n = {n}", "stated": "stated", "implied": "implied",
           "sentence": "sentence from the report"},
}
FIELD_NAMES: dict[str, dict[str, str]] = {
    "nl": {"label_nl": "label", "label_en": "Engels label", "kind": "soort",
           "levels": "niveaus", "term": "termijn", "condition": "voorwaarde",
           "polarity": "richting", "parent": "onderdeel van", "description": "beschrijving",
           "members": "leden", "from": "van", "to": "naar", "relation": "verband",
           "effect": "effect", "status": "uitgesproken/afgeleid", "sentence": "zin",
           "id": "naam"},
    "en": {"label_nl": "Dutch label", "label_en": "label", "kind": "kind", "levels": "levels",
           "term": "term", "condition": "condition", "polarity": "polarity",
           "parent": "part of", "description": "description", "members": "members",
           "from": "from", "to": "to", "relation": "relation", "effect": "effect",
           "status": "stated/implied", "sentence": "sentence", "id": "name"},
}
LANGUAGES = tuple(TEXTS)


def texts(lang: str) -> dict:
    return TEXTS[lang]


def header_fields(sheet: str) -> dict[str, str]:
    """Every column heading, in any language, to its field name (lower case)."""
    return {label.lower(): field for lang in TEXTS
            for field, label in TEXTS[lang]["columns"][sheet].items()}


def sheet_keys() -> dict[str, str]:
    """Every sheet name, in any language, to its key."""
    return {name: key for lang in TEXTS for key, name in TEXTS[lang]["sheets"].items()}
