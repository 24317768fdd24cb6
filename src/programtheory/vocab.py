"""The controlled vocabulary of a program theory, and the rule table for links.

Every value here is what a YAML file may write. The Dutch terms of the report are given beside
each value so that a steering-group member can map the file to the report's figures.
"""

from __future__ import annotations

from enum import Enum


class _Vocab(str, Enum):
    """A string enum whose members compare and serialise as their plain value."""

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value

    @classmethod
    def values(cls) -> list[str]:
        return [member.value for member in cls]


class NodeKind(_Vocab):
    PROBLEM = "problem"  # probleemstelling
    GOAL = "goal"  # doel
    RATIONALE = "rationale"  # rationale, 'theory of change', kritische elementen
    MECHANISM = "mechanism"  # mechanisme (ZDT, parallelle processen)
    ASSUMPTION = "assumption"  # assumptie
    RESOURCE = "resource"  # bron
    ACTION = "action"  # actie
    OUTPUT = "output"  # output
    OUTCOME = "outcome"  # uitkomst / impact
    FEEDBACK = "feedback"  # feedbacklus, Quality Assurance System (4.1.1)
    FOLLOW_UP = "follow_up"  # opvolging (4.1.2.6)
    EXTERNAL_FACTOR = "external_factor"  # externe factor


class Level(_Vocab):
    ORGANISATION = "organisation"  # organisatie
    TEAM = "team"  # team
    INDIVIDUAL = "individual"  # individu: medewerker, consulent
    CASE = "case"  # case, dossier
    CLIENT = "client"  # cliënt(systeem): minderjarige, ouders
    NETWORK = "network"  # (natuurlijk) netwerk
    PARTNER = "partner"  # externe professionele partner


class Term(_Vocab):
    SHORT = "short"  # korte termijn
    MEDIUM = "medium"  # middellange termijn
    LONG = "long"  # lange termijn


TERM_RANK = {Term.SHORT.value: 0, Term.MEDIUM.value: 1, Term.LONG.value: 2}


class Condition(_Vocab):
    NECESSARY = "necessary"  # noodzakelijk
    FACILITATING = "facilitating"  # faciliterend


class Polarity(_Vocab):
    DESIRED = "desired"  # gewenst
    UNDESIRED = "undesired"  # ongewenst
    MIXED = "mixed"  # gemengd


class LinkStatus(_Vocab):
    STATED = "stated"  # the sentence asserts the relation
    IMPLIED = "implied"  # the relation follows from structure or wording


class LinkEffect(_Vocab):
    PROMOTES = "promotes"  # +
    HINDERS = "hinders"  # -
    MODERATES = "moderates"  # +/-: moderates or replaces


class EvidenceKind(_Vocab):
    QUOTE = "quote"  # citaat uit casestudie of interview
    STATISTIC = "statistic"  # surveycijfer
    CASE_COUNT = "case_count"  # telling over casestudies
    LITERATURE = "literature"  # literatuur
    DOCUMENT = "document"  # beleidsdocument, rapport


class Stance(_Vocab):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    NUANCES = "nuances"
    ABSENT = "absent"  # searched for and not found (never searched: no item at all)


class WorkPackage(_Vocab):
    WP1 = "WP1"  # literatuurstudie
    WP2 = "WP2"  # online bevraging medewerkers
    WP3 = "WP3"  # interviews en focusgroepen
    WP4 = "WP4"  # casestudies


class SourceKind(_Vocab):
    """Where a piece of evidence was collected (for the confidence grade's limitations)."""

    INTERVIEW = "interview"  # interview, focusgroep, casestudiegesprek
    SURVEY = "survey"  # bevraging
    DOCUMENT = "document"  # beleidsdocument, rapport, dossier
    LITERATURE = "literature"  # literatuur


class RevisionStatus(_Vocab):
    """What the revised theory does with an element of an earlier version."""

    RETAINED = "retained"
    REFRAMED = "reframed"
    ADDED = "added"
    NOT_DISCUSSED = "not_discussed"


# The Dutch name (as the report uses it) and the English name of every value, for every place
# that shows a value to a reader: figures, the interactive view, tables.
VALUE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "kind": {
        "problem": ("probleemstelling", "problem"), "goal": ("doel", "goal"),
        "rationale": ("rationale", "rationale"), "mechanism": ("mechanisme", "mechanism"),
        "assumption": ("assumptie", "assumption"), "resource": ("bron", "resource"),
        "action": ("actie", "action"), "output": ("output", "output"),
        "outcome": ("uitkomst", "outcome"), "feedback": ("feedback", "feedback"),
        "follow_up": ("opvolging", "follow-up"),
        "external_factor": ("externe factor", "external factor"),
    },
    "level": {
        "organisation": ("organisatie", "organisation"), "team": ("team", "team"),
        "individual": ("individu", "individual"), "case": ("case", "case"),
        "client": ("cliënt(systeem)", "client (system)"), "network": ("netwerk", "network"),
        "partner": ("partner", "partner"),
    },
    "term": {"short": ("korte termijn", "short term"),
             "medium": ("middellange termijn", "medium term"),
             "long": ("lange termijn", "long term")},
    "condition": {"necessary": ("noodzakelijk", "necessary"),
                  "facilitating": ("faciliterend", "facilitating")},
    "polarity": {"desired": ("gewenst", "desired"), "undesired": ("ongewenst", "undesired"),
                 "mixed": ("gemengd", "mixed")},
    "status": {"stated": ("uitgesproken", "stated"), "implied": ("afgeleid", "implied")},
    "effect": {"promotes": ("bevordert (+)", "promotes (+)"),
               "hinders": ("belemmert (−)", "hinders (−)"),
               "moderates": ("modereert (±)", "moderates (±)")},
    "stance": {"supports": ("ondersteunt", "supports"),
               "contradicts": ("spreekt tegen", "contradicts"),
               "nuances": ("nuanceert", "nuances"),
               "absent": ("gezocht, niet gevonden", "searched, not found")},
    "source_kind": {"interview": ("interview", "interview"), "survey": ("bevraging", "survey"),
                    "document": ("document", "document"),
                    "literature": ("literatuur", "literature")},
    "evidence_kind": {"quote": ("citaat", "quote"), "statistic": ("surveycijfer",
                                                                  "survey statistic"),
                      "case_count": ("telling", "case count"),
                      "literature": ("literatuur", "literature"),
                      "document": ("document", "document")},
    "link_kind": {
        "leads_to": ("leidt tot", "leads to"), "enables": ("maakt mogelijk", "enables"),
        "facilitates": ("faciliteert", "facilitates"),
        "necessary_for": ("noodzakelijk voor", "necessary for"),
        "hinders": ("belemmert", "hinders"), "prevents": ("voorkomt", "prevents"),
        "supports": ("ondersteunt", "supports"), "moderates": ("modereert", "moderates"),
        "motivates": ("motiveert", "motivates"),
        "operationalises": ("operationaliseert", "operationalises"),
        "followed_by": ("gevolgd door", "followed by"), "monitors": ("monitort", "monitors"),
        "feeds_back": ("koppelt terug naar", "feeds back to"),
        "part_of": ("deel van", "part of"), "alternative_to": ("alternatief voor",
                                                             "alternative to"),
        "associated_with": ("hangt samen met", "associated with"),
    },
}


def value_labels(category: str, lang: str = "nl") -> dict[str, str]:
    """The reader's names of a category's values in one language.

    >>> value_labels("condition")["facilitating"]
    'faciliterend'
    >>> value_labels("term", "en")["long"]
    'long term'
    """
    index = 0 if lang == "nl" else 1
    return {value: names[index] for value, names in VALUE_LABELS[category].items()}


# Kinds that may carry a necessary/facilitating condition. The report (4.1.2) applies the
# distinction to assumptions and resources ("welke elementen noodzakelijk en faciliterend lijken
# te zijn"); external factors can be facilitating or hindering context.
CONDITION_KINDS = frozenset({NodeKind.ASSUMPTION.value, NodeKind.RESOURCE.value,
                             NodeKind.EXTERNAL_FACTOR.value})

# Kinds for which a term (short/medium/long) is meaningful.
TERM_KINDS = frozenset({NodeKind.GOAL.value, NodeKind.OUTPUT.value, NodeKind.OUTCOME.value,
                        NodeKind.FOLLOW_UP.value})

ANY = "*"
CAUSES = frozenset({"assumption", "resource", "action", "output", "outcome", "mechanism",
                    "feedback", "follow_up", "external_factor", "rationale", "goal"})
EFFECTS = frozenset({"action", "output", "outcome", "mechanism", "feedback", "follow_up",
                     "assumption", "resource", "goal"})


class LinkRule:
    """Which node kinds a link kind may join, and what the link means."""

    def __init__(self, meaning: str, sources: frozenset[str] | str = ANY,
                 targets: frozenset[str] | str = ANY, *, causal: bool = True,
                 feedback: bool = False) -> None:
        self.meaning = meaning
        self.sources = sources
        self.targets = targets
        self.causal = causal
        self.feedback = feedback

    def allows(self, source_kind: str, target_kind: str) -> bool:
        return ((self.sources == ANY or source_kind in self.sources)
                and (self.targets == ANY or target_kind in self.targets))


# The rule table. `causal` links take part in the cycle and term-order checks; structural links
# (part_of, alternative_to) and feedback links do not. docs/link-rules.md is generated from it.
LINK_RULES: dict[str, LinkRule] = {
    "leads_to": LinkRule("A brings about B (leidt tot).", CAUSES, EFFECTS),
    "enables": LinkRule("A makes B possible (maakt mogelijk).", CAUSES, EFFECTS),
    "facilitates": LinkRule("A makes B easier without being required (faciliteert).",
                            CAUSES, EFFECTS),
    "necessary_for": LinkRule("B cannot happen without A (noodzakelijke voorwaarde).",
                              CAUSES, EFFECTS),
    "hinders": LinkRule("A stands in the way of B (belemmert).", CAUSES, EFFECTS),
    "prevents": LinkRule("A keeps B from happening (voorkomt).", CAUSES, EFFECTS),
    "supports": LinkRule("A strengthens B (ondersteunt).", CAUSES, EFFECTS),
    "moderates": LinkRule("A changes the strength of B (modereert).", CAUSES, EFFECTS),
    "motivates": LinkRule("A problem or rationale gives the reason for B.",
                          frozenset({"problem", "rationale", "goal"}),
                          frozenset({"goal", "rationale", "action", "mechanism"})),
    "operationalises": LinkRule("A puts goal, rationale or mechanism B into practice.",
                                CAUSES, frozenset({"goal", "rationale", "mechanism", "outcome",
                                                   "assumption"})),
    "followed_by": LinkRule("B follows A in time in the trajectory (volgt op).", CAUSES, EFFECTS),
    "monitors": LinkRule("A feedback element measures or watches B.",
                         frozenset({"feedback", "follow_up", "action"}), ANY),
    "feeds_back": LinkRule("A later element returns information to an earlier one (feedbacklus).",
                           ANY, ANY, causal=False, feedback=True),
    "part_of": LinkRule("A is a sub-element or component of B.", ANY, ANY, causal=False),
    "alternative_to": LinkRule("A can replace B under stated conditions.", ANY, ANY,
                               causal=False),
    "associated_with": LinkRule("A goes together with B; no direction claimed.", ANY, ANY,
                                causal=False),
}
LINK_KINDS = tuple(LINK_RULES)

def column_key(kind: str, term: str | None) -> str:
    """The layout column of a node from its kind and term.

    >>> column_key("outcome", "long")
    'outcome_long'
    >>> column_key("outcome", None)
    'outcome_medium'
    >>> column_key("mechanism", None)
    'mechanism'
    """
    if kind == "outcome":
        return f"outcome_{term or 'medium'}"
    return kind
