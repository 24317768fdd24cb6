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


class WorkPackage(_Vocab):
    WP1 = "WP1"  # literatuurstudie
    WP2 = "WP2"  # online bevraging medewerkers
    WP3 = "WP3"  # interviews en focusgroepen
    WP4 = "WP4"  # casestudies


class RevisionStatus(_Vocab):
    """What the revised theory does with an element of an earlier version."""

    RETAINED = "retained"
    REFRAMED = "reframed"
    ADDED = "added"
    NOT_DISCUSSED = "not_discussed"


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

# The columns of the usual program-theory layout, left to right; bands sit above and below.
COLUMN_ORDER = ("problem", "goal", "rationale", "assumption", "resource", "action", "output",
                "outcome_short", "outcome_medium", "outcome_long", "follow_up")
BAND_KINDS = frozenset({"mechanism", "external_factor", "feedback"})


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
