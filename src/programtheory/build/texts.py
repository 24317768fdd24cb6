"""The words of the build's own pages (the index, the navigation, the out-of-date banner), per
language. A language without its own words gets the English ones.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "language_name": "Nederlands",
        "languages": "Talen",
        "site_title": "Rapport programmatheorie",
        "back": "Overzicht",
        "built_at": "Gebouwd op",
        "from_cache": "Uit de cache",
        "none": "geen",
        "open_page": "Pagina openen",
        "group_figures": "Figuren",
        "group_tables": "Tabellen en pagina's",
        "group_data": "Gegevens",
        "group_other": "Overige",
        "status_due": "nog te bouwen",
        "status_ran": "gebouwd",
        "status_cached": "ongewijzigd (cache)",
        "status_failed": "MISLUKT",
        "status_failed_kept": "MISLUKT — verouderde uitvoer",
        "status_stale": "VEROUDERD",
        "status_missing": "niet gebouwd",
        "status_skipped": "overgeslagen",
        "status_interrupted": "ONDERBROKEN",
        "failed_note": "Deze notebook is mislukt en heeft nog geen goede uitvoer; hij moet "
                       "hersteld worden.",
        "failed_kept_note": "Deze notebook is mislukt. Hieronder staat de laatste goede "
                            "uitvoer: die is verouderd.",
        "stale_word": "verouderd",
        "stale_title": "Verouderd.",
        "stale_body": "Deze notebook is bij de laatste build mislukt; wat u hier ziet is de "
                      "laatste goede uitvoer en geeft de huidige gegevens niet weer.",
        "stale_since": " (gebouwd op {when})",
        "skipped_note": "Het project heeft geen {files}; deze notebook is overgeslagen.",
        "stale_note": "Deze uitvoer is verouderd: de gegevens of de notebook zijn gewijzigd.",
        "missing_note": "Deze notebook is nog niet gebouwd.",
        "failed_earlier_note": "Deze notebook is in een eerdere build mislukt.",
        "interrupted_note": "De build stopte voordat deze notebook klaar was.",
        "rerun_without_only": "Voer de build opnieuw uit zonder --only.",
        "unfinished_title": "Deze build is niet afgerond (onderbroken, of nog bezig).",
        "unfinished_body": "Notebooks die niet klaar waren tonen hun laatste goede uitvoer.",
        "build_failed": "Deze build is MISLUKT",
        "data_errors": "fouten in de gegevens",
    },
    "en": {
        "language_name": "English",
        "languages": "Languages",
        "site_title": "Program theory report",
        "back": "Overview",
        "built_at": "Built",
        "from_cache": "From the cache",
        "none": "none",
        "open_page": "Open the page",
        "group_figures": "Figures",
        "group_tables": "Tables and pages",
        "group_data": "Data",
        "group_other": "Other",
        "status_due": "to be built",
        "status_ran": "built",
        "status_cached": "unchanged (cached)",
        "status_failed": "FAILED",
        "status_failed_kept": "FAILED — outputs out of date",
        "status_stale": "OUT OF DATE",
        "status_missing": "not built",
        "status_skipped": "skipped",
        "status_interrupted": "INTERRUPTED",
        "failed_note": "This notebook failed and has no good outputs yet; it must be fixed.",
        "failed_kept_note": "This notebook failed. Below are its last good outputs: they are "
                            "out of date.",
        "stale_word": "out of date",
        "stale_title": "Out of date.",
        "stale_body": "This notebook failed in the last build; what you see here are its last "
                      "good outputs, which do not reflect the current data.",
        "stale_since": " (built {when})",
        "skipped_note": "The project has no {files}; this notebook was skipped.",
        "stale_note": "These outputs are out of date: the data or the notebook changed.",
        "missing_note": "This notebook has not been built yet.",
        "failed_earlier_note": "This notebook failed in an earlier build.",
        "interrupted_note": "The build stopped before this notebook finished.",
        "rerun_without_only": "Run the build again without --only.",
        "unfinished_title": "This build did not finish (interrupted, or still running).",
        "unfinished_body": "Notebooks that did not finish show their last good outputs.",
        "build_failed": "This build FAILED",
        "data_errors": "data errors",
    },
}


def text(lang: str, key: str) -> str:
    """The build's text `key` in `lang` (English when the language has no words of its own)."""
    return TEXTS.get(lang, TEXTS["en"])[key]
