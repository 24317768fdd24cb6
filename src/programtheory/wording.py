"""The words of the barometer charts and tables, the outcome table and the evidence map, per
language, and the numbers in them formatted the way that language writes them.

`message(key, lang, **fields)` looks a phrase up and fills in its `{fields}`; an unknown
language falls back to English, an unknown key is an error (a test checks that every language
has every key). Nothing here names a programme, an instrument or a report: those names come
from the project's data.

>>> message("barometer.mean_reported", "en", value="3.7", scale_max=5)
'reported mean (◆): 3.7 out of 5'
>>> format_number(34.65, "nl"), format_number(34.65, "en"), format_number(6.0, "en")
('34,7', '34.7', '6')
>>> format_at_precision(3.65, 0.01, "nl"), format_at_precision(6, 1, "en")
('3,65', '6')
>>> format_range(3.65, 3.65, "en", 2), format_range(5.5, 6.5, "nl", 2)
('3.65', '5,5–6,5')
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

LANGUAGES = ("nl", "en")
FALLBACK = "en"

CATALOGUE: dict[str, dict[str, str]] = {
    "nl": {
        # the score distribution and the mean
        "barometer.name": "Barometer",
        "barometer.title": "{name} {year}",
        "barometer.n": "n = {n}",
        "barometer.valid_n": "{n} geldig",
        "barometer.inferred": "afgeleid",
        "barometer.range_total": "{first}–{last} samen: {percent}%",
        "barometer.range_unreported": "niet per score gerapporteerd",
        "barometer.score_axis": "Score ({low} = {anchor_low}; {high} = {anchor_high})",
        "barometer.anchor_low": "laag",
        "barometer.anchor_high": "hoog",
        "barometer.share_axis": "Aandeel antwoorden (%)",
        "barometer.legend_printed": "waarde gegeven in de bron",
        "barometer.legend_inferred": "waarde afgeleid (zie noot)",
        "barometer.legend_range": "alleen als totaal over meerdere scores gegeven",
        "barometer.legend_position": "* score afgeleid: het label ontbreekt in de bron",
        "barometer.unreported": "{percent}% van de antwoorden: score niet gegeven.",
        "barometer.across": "naar {across}",
        "barometer.mean_reported": "gerapporteerd gemiddelde (◆): {value} op {scale_max}",
        "barometer.mean_rounding": "afgerond, dus tussen {low} en {high} (grijze balk)",
        "barometer.mean_bounds": "mogelijk volgens de verdeling: {low} tot {high} (|—|)",
        "barometer.mean_exact": "gemiddelde volgens de verdeling: {value}",
        "barometer.mean_axis": "Gemiddelde",
        "barometer.no_factors": "Geen factoren",
        "barometer.hindering": "belemmerend",
        "barometer.facilitating": "faciliterend",
        "barometer.level_totals": "belemmerend: {hindering} · faciliterend: {facilitating}",
        "barometer.mentions": "Aantal vermeldingen",
        "barometer.factors_title": "Faciliterende en belemmerende factoren per niveau",
        "barometer.trend_title": "{name} over de metingen",
        "barometer.one_wave": "Eén meting: nog geen trend",
        "barometer.waves": "{count} metingen",
        "barometer.wave_year": "Meting (jaar)",
        "barometer.mean_score": "Gemiddelde score",
        "barometer.legend_mean": "gerapporteerd gemiddelde",
        "barometer.legend_rounding": "afrondingsinterval",
        "barometer.legend_bounds": "mogelijk volgens de verdeling",
        "barometer.mean_label": "{value} op {scale_max} (n = {n})",
        # the barometer tables
        "barometer.col_wave": "Meting",
        "barometer.col_year": "Jaar",
        "barometer.col_n": "n",
        "barometer.col_valid_n": "Geldige n",
        "barometer.col_mean": "Gerapporteerd gemiddelde",
        "barometer.col_rounding": "Afrondingsinterval",
        "barometer.col_bounds": "Gemiddelde volgens de verdeling",
        "barometer.col_share": "Aandeel met score ≥ {threshold} (%)",
        "barometer.col_consistent": "Gemiddelde past bij de verdeling",
        "barometer.not_reported": "niet gerapporteerd",
        "barometer.yes": "ja",
        "barometer.no": "NEE",
        "barometer.waves_caption": "{name} per meting: gegeven waarden en grenzen",
        "barometer.col_element": "Kritisch element",
        "barometer.col_hindering": "Belemmerende factoren",
        "barometer.col_facilitating": "Bevorderende factoren",
        "barometer.col_recommendations": "Aanbevelingen",
        "barometer.elements_caption": "Beoordeling van de kritische implementatie-elementen",
        "barometer.col_level": "Niveau",
        "barometer.col_kind": "Soort",
        "barometer.col_factor": "Factor",
        "barometer.col_mentions": "Aantal vermeldingen",
        "barometer.col_breakdown": "Uitsplitsing",
        "barometer.col_group": "Groep",
        "barometer.col_group_mean": "Gemiddelde",
        "barometer.suppressed": "onderdrukt",
        "barometer.breakdown_caption": "Uitsplitsingen van meting {wave}; groepen kleiner dan "
                                       "{min_n} onderdrukt",
        "barometer.from_source": "{caption} ({table})",
        # the barometer page
        "page.barometer.intro": "De barometer: de scoreverdeling zoals de bron die geeft, het "
                                "gemiddelde met zijn grenzen, elke meting naast elkaar met de "
                                "trend, de factoren per niveau en de kritische elementen. Wat de "
                                "bron niet geeft, wordt als niet gegeven getoond: een totaal over "
                                "meerdere scores is één gearceerde balk en wordt nooit verdeeld; "
                                "elk gemiddelde uit een onvolledige verdeling is een interval.",
        "page.barometer.distribution": "Scoreverdeling",
        "page.barometer.distribution_alt": "Scoreverdeling van {name}, meting {year}",
        "page.barometer.breakdowns": "Uitsplitsingen",
        "page.barometer.breakdowns_intro": "Per groep (bijvoorbeeld functie of regio), waar een "
                                           "meting die geeft; groepen kleiner dan {min_n} worden "
                                           "niet getoond.",
        "page.barometer.no_breakdown": "Deze meting geeft geen uitsplitsing per groep.",
        "page.barometer.trend": "Trend over de metingen",
        "page.barometer.trend_intro": "Gemiddelde en aandeel boven de drempel per meting, met hun "
                                      "interval; de verdeling per meting naast elkaar; toetsen "
                                      "van verandering tussen opeenvolgende metingen.",
        "page.barometer.trend_alt": "{name} per meting",
        "page.barometer.distributions_alt": "Scoreverdeling per meting",
        "page.barometer.factors_alt": "Faciliterende en belemmerende factoren: {level}",
        "page.barometer.elements": "Kritische implementatie-elementen",
        "page.barometer.dashboard": "Dashboard",
        "page.barometer.dashboard_intro": "Per periode en team: het aandeel dossiers waarin elke "
                                          "stap plaatsvond, de mediaan dagen tussen de stappen en "
                                          "de stappen die het vaakst worden overgeslagen; groepen "
                                          "van minder dan {min_n} dossiers worden niet getoond.",
        "page.barometer.no_dossiers": "Geen dossierexport opgegeven: het dashboard verschijnt met "
                                      "-p barometer.dossiers=BESTAND.",
        # the evidence map
        "evidence.col_element": "Element",
        "evidence.col_kind": "Soort element",
        "evidence.col_total": "Totaal",
        "evidence.group": "groep",
        "evidence.no_source": "zonder bron",
        "evidence.by_kind": "Bewijs per element en soort bewijs",
        "evidence.by_source": "Bewijs per element en bron",
        "evidence.notation": "Een cel '7 (+5 −1 ±1)' betekent: 7 bewijsstukken, waarvan 5 "
                             "ondersteunend (+), 1 tegensprekend (−) en 1 nuancerend (±); "
                             "∅ telt 'gezocht, niet gevonden'. Een lege cel is een lacune.",
        "evidence.unevidenced": "Elementen zonder bewijs",
        "evidence.col_action": "Actie",
        "evidence.col_outcome": "Uitkomst op lange termijn",
        "evidence.col_path": "Pad",
        "evidence.col_bottleneck": "Minste bewijs op één schakel",
        "evidence.col_per_link": "Bewijsstukken per schakel",
        "evidence.paths": "Zwakst onderbouwde paden van actie naar uitkomst op lange termijn: "
                          "per pad het aantal bewijsstukken op elke schakel, in volgorde",
        "evidence.col_role": "Rol",
        "evidence.col_quote": "Citaat",
        "evidence.col_stance": "Houding",
        "evidence.col_source": "Bron",
        "evidence.quotes": "Citaten per element",
        "page.evidence.intro": "Hoe goed elk element van de theorie onderbouwd is: de "
                               "bewijsmatrix (per soort bewijs en per bron), de elementen zonder "
                               "bewijs, de zwakst onderbouwde paden van actie naar uitkomst op "
                               "lange termijn, en de citaten per element met de rol van de "
                               "respondent.",
        "page.evidence.title": "Bewijskaart",
        "page.evidence.confidence_paths": "Paden naar vertrouwen",
        "page.evidence.confidence_intro": "Per actie en uitkomst op lange termijn het sterkste "
                                          "pad, zwakste eerst; een pad is zo sterk als zijn "
                                          "zwakste schakel.",
        # the outcome table
        "outcome.col_indicator": "Indicator",
        "outcome.col_description": "Wat wordt gemeten",
        "outcome.col_unit": "Eenheid",
        "outcome.col_data_source": "Gegevensbron",
        "outcome.col_frequency": "Frequentie",
        "outcome.col_baseline": "Basislijn",
        "outcome.col_target": "Doel",
        "outcome.col_items": "Voorgesteld voor",
        "outcome.indicators": "Indicatoren voor later uitkomstenonderzoek",
        "page.outcome.title": "Uitkomstentabel",
        "page.outcome.intro": "Perspectief × termijn, elk item woordelijk zoals de bron het "
                              "geeft, met zijn richting en de indicatoren die ervoor worden "
                              "voorgesteld. Ook als HTML-, Markdown-, LaTeX-, Excel- en "
                              "Word-bestand.",
        "page.outcome.series": "Indicatoren per periode",
        "page.outcome.series_intro": "Elke meting tegenover basislijn en doel; indicatoren "
                                     "zonder meting staan gemarkeerd.",
        # the theory and revision pages
        "page.theory.title": "Programmatheorie",
        "page.theory.intro": "De theorie als vaste figuur (SVG, PNG, PDF: voor het rapport) en "
                             "als interactieve weergave (klik op een element voor zijn "
                             "beschrijving, bewijs en citaten). Beide gebruiken dezelfde "
                             "schikking.",
        "page.theory.figure_alt": "Figuur van de programmatheorie: {title}",
        "page.revision.title": "Herziening van de programmatheorie",
        "page.revision.intro": "Toegevoegde, verwijderde en gewijzigde elementen, verbanden, "
                               "voorwaarden en bewijs tussen twee versies van de theorie, als "
                               "tabel en als getekend verschil.",
        "page.revision.counts": "Aantallen",
        "page.revision.col_element": "Soort element",
        "page.revision.counts_caption": "Wijzigingen per soort element",
        "page.revision.drawn": "Getekend verschil",
        "page.revision.drawn_alt": "Verschil tussen {old} en {new}",
        "page.revision.every_change": "Alle wijzigingen",
        # the confidence page
        "page.confidence.title": "Vertrouwen in het bewijs",
        "page.confidence.intro": "Hoe sterk is het bewijs voor elk element en elk verband van de "
                                 "programmatheorie: een voorgesteld oordeel naar de vier "
                                 "componenten van GRADE-CERQual, met de redenen en de beslissing "
                                 "van de onderzoeker; de paden met hun zwakste schakel; de "
                                 "noodzakelijkheid over de cases, naast de eigen uitspraken van "
                                 "de bron; en wat de diagnostische tests toelaten.",
        "page.confidence.soqf": "Samenvatting van de kwalitatieve bevindingen",
        "page.confidence.profile": "Bewijsprofiel",
        "page.confidence.figure": "De theorie met het vertrouwen per verband",
        "page.confidence.figure_intro": "Hoe breder de lijn, hoe hoger het vertrouwen (ook "
                                        "leesbaar in grijstinten).",
        "page.confidence.pathways": "Paden van actie naar uitkomst op lange termijn, zwakste "
                                    "eerst",
        "page.confidence.necessity": "Noodzakelijkheid over de cases, naast de uitspraken van "
                                     "de bron",
        "page.confidence.diagnostics": "Diagnostische tests",
    },
    "en": {
        "barometer.name": "Barometer",
        "barometer.title": "{name} {year}",
        "barometer.n": "n = {n}",
        "barometer.valid_n": "{n} valid",
        "barometer.inferred": "inferred",
        "barometer.range_total": "{first}–{last} together: {percent}%",
        "barometer.range_unreported": "not given per score",
        "barometer.score_axis": "Score ({low} = {anchor_low}; {high} = {anchor_high})",
        "barometer.anchor_low": "low",
        "barometer.anchor_high": "high",
        "barometer.share_axis": "Share of answers (%)",
        "barometer.legend_printed": "value given in the source",
        "barometer.legend_inferred": "value inferred (see note)",
        "barometer.legend_range": "given only as a total over several scores",
        "barometer.legend_position": "* score inferred: its label is missing in the source",
        "barometer.unreported": "{percent}% of the answers: score not given.",
        "barometer.across": "across {across}",
        "barometer.mean_reported": "reported mean (◆): {value} out of {scale_max}",
        "barometer.mean_rounding": "rounded, so between {low} and {high} (grey bar)",
        "barometer.mean_bounds": "possible given the distribution: {low} to {high} (|—|)",
        "barometer.mean_exact": "mean of the distribution: {value}",
        "barometer.mean_axis": "Mean",
        "barometer.no_factors": "No factors",
        "barometer.hindering": "hindering",
        "barometer.facilitating": "facilitating",
        "barometer.level_totals": "hindering: {hindering} · facilitating: {facilitating}",
        "barometer.mentions": "Number of mentions",
        "barometer.factors_title": "Facilitating and hindering factors per level",
        "barometer.trend_title": "{name} over the waves",
        "barometer.one_wave": "One wave: no trend yet",
        "barometer.waves": "{count} waves",
        "barometer.wave_year": "Wave (year)",
        "barometer.mean_score": "Mean score",
        "barometer.legend_mean": "reported mean",
        "barometer.legend_rounding": "rounding interval",
        "barometer.legend_bounds": "possible given the distribution",
        "barometer.mean_label": "{value} out of {scale_max} (n = {n})",
        "barometer.col_wave": "Wave",
        "barometer.col_year": "Year",
        "barometer.col_n": "n",
        "barometer.col_valid_n": "Valid n",
        "barometer.col_mean": "Reported mean",
        "barometer.col_rounding": "Rounding interval",
        "barometer.col_bounds": "Mean given the distribution",
        "barometer.col_share": "Share scoring ≥ {threshold} (%)",
        "barometer.col_consistent": "Mean fits the distribution",
        "barometer.not_reported": "not reported",
        "barometer.yes": "yes",
        "barometer.no": "NO",
        "barometer.waves_caption": "{name} per wave: given values and bounds",
        "barometer.col_element": "Critical element",
        "barometer.col_hindering": "Hindering factors",
        "barometer.col_facilitating": "Facilitating factors",
        "barometer.col_recommendations": "Recommendations",
        "barometer.elements_caption": "Assessment of the critical implementation elements",
        "barometer.col_level": "Level",
        "barometer.col_kind": "Kind",
        "barometer.col_factor": "Factor",
        "barometer.col_mentions": "Number of mentions",
        "barometer.col_breakdown": "Breakdown",
        "barometer.col_group": "Group",
        "barometer.col_group_mean": "Mean",
        "barometer.suppressed": "suppressed",
        "barometer.breakdown_caption": "Breakdowns of wave {wave}; groups under {min_n} "
                                       "suppressed",
        "barometer.from_source": "{caption} ({table})",
        "page.barometer.intro": "The barometer: the score distribution as the source gives it, "
                                "the mean with its bounds, every wave side by side with the "
                                "trend, the factors per level and the critical elements. What "
                                "the source does not give is shown as not given: a total over "
                                "several scores is one hatched bar and is never split; every "
                                "mean from an incomplete distribution is an interval.",
        "page.barometer.distribution": "Score distribution",
        "page.barometer.distribution_alt": "Score distribution of {name}, wave {year}",
        "page.barometer.breakdowns": "Breakdowns",
        "page.barometer.breakdowns_intro": "Per group (for example function or region) where a "
                                           "wave gives them; groups under {min_n} are not shown.",
        "page.barometer.no_breakdown": "This wave gives no breakdown per group.",
        "page.barometer.trend": "Trend over the waves",
        "page.barometer.trend_intro": "Mean and share at or above the threshold per wave, with "
                                      "their intervals; the distributions side by side; tests of "
                                      "change between consecutive waves.",
        "page.barometer.trend_alt": "{name} per wave",
        "page.barometer.distributions_alt": "Score distribution per wave",
        "page.barometer.factors_alt": "Facilitating and hindering factors: {level}",
        "page.barometer.elements": "Critical implementation elements",
        "page.barometer.dashboard": "Dashboard",
        "page.barometer.dashboard_intro": "Per period and team: the share of dossiers in which "
                                          "each step took place, the median days between steps "
                                          "and the steps most often skipped; groups under {min_n} "
                                          "dossiers are not shown.",
        "page.barometer.no_dossiers": "No dossier export given: the dashboard appears with "
                                      "-p barometer.dossiers=FILE.",
        "evidence.col_element": "Element",
        "evidence.col_kind": "Kind of element",
        "evidence.col_total": "Total",
        "evidence.group": "group",
        "evidence.no_source": "no source",
        "evidence.by_kind": "Evidence per element and kind of evidence",
        "evidence.by_source": "Evidence per element and source",
        "evidence.notation": "A cell '7 (+5 −1 ±1)' means: 7 items of evidence, 5 supporting "
                             "(+), 1 contradicting (−) and 1 nuancing (±); ∅ counts 'searched, "
                             "not found'. An empty cell is a gap.",
        "evidence.unevidenced": "Elements without evidence",
        "evidence.col_action": "Action",
        "evidence.col_outcome": "Long-term outcome",
        "evidence.col_path": "Pathway",
        "evidence.col_bottleneck": "Least evidence on one link",
        "evidence.col_per_link": "Items of evidence per link",
        "evidence.paths": "Weakest-evidenced pathways from action to long-term outcome: for "
                          "each pathway the number of items of evidence on each link, in order",
        "evidence.col_role": "Role",
        "evidence.col_quote": "Quote",
        "evidence.col_stance": "Stance",
        "evidence.col_source": "Source",
        "evidence.quotes": "Quotes per element",
        "page.evidence.intro": "How well each element of the theory is evidenced: the "
                               "evidence matrix (by kind of evidence and by source), the "
                               "elements without evidence, the weakest-evidenced pathways from "
                               "action to long-term outcome, and the quotes per element with "
                               "the respondent's role.",
        "page.evidence.title": "Evidence map",
        "page.evidence.confidence_paths": "Pathways by confidence",
        "page.evidence.confidence_intro": "For each action and long-term outcome the strongest "
                                          "pathway, weakest first; a pathway is as strong as its "
                                          "weakest link.",
        "outcome.col_indicator": "Indicator",
        "outcome.col_description": "What is measured",
        "outcome.col_unit": "Unit",
        "outcome.col_data_source": "Data source",
        "outcome.col_frequency": "Frequency",
        "outcome.col_baseline": "Baseline",
        "outcome.col_target": "Target",
        "outcome.col_items": "Proposed for",
        "outcome.indicators": "Indicators for later outcome research",
        "page.outcome.title": "Outcome table",
        "page.outcome.intro": "Perspective × term, every item verbatim as the source gives it, "
                              "with its direction and the indicators proposed for it. Also "
                              "written as HTML, Markdown, LaTeX, Excel and Word files.",
        "page.outcome.series": "Indicators per period",
        "page.outcome.series_intro": "Each measurement against baseline and target; indicators "
                                     "without a measurement are marked.",
        "page.theory.title": "Program theory",
        "page.theory.intro": "The theory as a static figure (SVG, PNG, PDF: for the report) and "
                             "as an interactive view (click an element for its description, "
                             "evidence and quotes). Both use the same layout.",
        "page.theory.figure_alt": "Figure of the program theory: {title}",
        "page.revision.title": "Revision of the program theory",
        "page.revision.intro": "Added, removed and changed elements, links, conditions and "
                               "evidence between two versions of the theory, as a table and as "
                               "a drawn diff.",
        "page.revision.counts": "Counts",
        "page.revision.col_element": "Kind of element",
        "page.revision.counts_caption": "Changes per kind of element",
        "page.revision.drawn": "Drawn difference",
        "page.revision.drawn_alt": "Difference between {old} and {new}",
        "page.revision.every_change": "Every change",
        "page.confidence.title": "Confidence in the evidence",
        "page.confidence.intro": "How strong the evidence is for each element and link of the "
                                 "program theory: a proposed judgement by the four components of "
                                 "GRADE-CERQual, with the reasons and the researcher's decision; "
                                 "the pathways with their weakest link; necessity across the "
                                 "cases, beside the source's own statements; and what the "
                                 "diagnostic tests allow.",
        "page.confidence.soqf": "Summary of qualitative findings",
        "page.confidence.profile": "Evidence profile",
        "page.confidence.figure": "The theory with the confidence per link",
        "page.confidence.figure_intro": "The wider the line, the higher the confidence (also "
                                        "readable in greyscale).",
        "page.confidence.pathways": "Pathways from action to long-term outcome, weakest first",
        "page.confidence.necessity": "Necessity across the cases, beside the source's "
                                     "statements",
        "page.confidence.diagnostics": "Diagnostic tests",
    },
}


def message(key: str, lang: str = FALLBACK, **fields: object) -> str:
    """The phrase `key` in `lang` (English when the language has no catalogue), with its
    `{fields}` filled in. An unknown key raises KeyError naming it."""
    catalogue = CATALOGUE.get(lang, CATALOGUE[FALLBACK])
    if key not in catalogue:
        raise KeyError(f"no phrase '{key}' in the '{lang}' catalogue")
    return catalogue[key].format(**fields) if fields else catalogue[key]


def heading(key: str, lang: str = FALLBACK, level: int = 2, **fields: object) -> str:
    """A page heading from the catalogue, as escaped HTML."""
    from html import escape
    return f"<h{level}>{escape(message(key, lang, **fields))}</h{level}>"


def paragraph(key: str, lang: str = FALLBACK, **fields: object) -> str:
    """A paragraph of page text from the catalogue, as escaped HTML."""
    from html import escape
    return f"<p>{escape(message(key, lang, **fields))}</p>"


def label_text(label, lang: str) -> str:
    """A label's text in `lang`, else in its first language (`model.Label`)."""
    text = getattr(label, lang, "") if label is not None else ""
    return text or (getattr(label, "nl", "") if label is not None else "")


def _rounded(value: float, digits: int) -> str:
    """`value` at `digits` decimals, halves rounded away from zero as people round (34.65 →
    34.7; binary floating point would give 34.6)."""
    quantum = Decimal(1).scaleb(-digits)
    return str(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def _decimal_mark(lang: str) -> str:
    return "," if lang == "nl" else "."


def format_number(value: float, lang: str = FALLBACK, digits: int = 1) -> str:
    """`value` with at most `digits` decimals in the language's notation; trailing zeros are
    dropped (6.0 → '6')."""
    text = _rounded(value, digits)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", _decimal_mark(lang))


def decimals(precision: float) -> int:
    """How many decimals a rounding step shows: 1 → 0, 0.1 → 1, 0.05 → 2, 0.25 → 2.

    >>> [decimals(p) for p in (1, 0.5, 0.1, 0.05, 0.01, 10)]
    [0, 1, 1, 2, 2, 0]
    """
    exponent = Decimal(str(precision)).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def format_at_precision(value: float, precision: float, lang: str = FALLBACK) -> str:
    """`value` rounded to a multiple of its rounding step `precision`, with as many decimals
    as that step has (a mean of 3.65 at precision 0.01 stays '3.65'; 6 at precision 1 is '6')."""
    if precision <= 0:
        return _rounded(value, 2).replace(".", _decimal_mark(lang))
    step = Decimal(str(precision))
    steps = (Decimal(repr(float(value))) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return _rounded(float(steps * step), decimals(precision)).replace(".", _decimal_mark(lang))


def format_range(low: float, high: float, lang: str = FALLBACK, digits: int = 1) -> str:
    """'low–high', or one value when both read the same at `digits` decimals (never
    '3,65–3,65')."""
    first, last = format_number(low, lang, digits), format_number(high, lang, digits)
    return first if first == last else f"{first}–{last}"
