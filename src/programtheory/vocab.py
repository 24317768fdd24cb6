"""The controlled vocabulary of a program theory, and the rule table for links.

Every value here is what a YAML file may write without a project.yaml; a project adds levels,
terms, evidence sources, handle kinds, factor polarities, kinds and link rules of its own
(`programtheory.settings`). The Dutch terms are given beside each value so that a reader can map
a file to a Dutch report's figures; the labels a reader sees come from the message catalogues.
"""

from __future__ import annotations

from enum import Enum

from .messages import message


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
    CLIENT = "client"  # cliënt
    NETWORK = "network"  # (natuurlijk) netwerk
    PARTNER = "partner"  # externe professionele partner


class Term(_Vocab):
    SHORT = "short"  # korte termijn
    MEDIUM = "medium"  # middellange termijn
    LONG = "long"  # lange termijn



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

# The built-in values of every category, in their reading order. A project extends the
# categories in EXTENSIBLE through its project.yaml (`programtheory.settings`); the labels of
# built-in values are in the message catalogues under `vocab.<category>.<value>`.
BUILT_IN: dict[str, tuple[str, ...]] = {
    "kind": tuple(NodeKind.values()),
    "level": tuple(Level.values()),
    "term": tuple(Term.values()),
    "condition": tuple(Condition.values()),
    "polarity": tuple(Polarity.values()),
    "status": tuple(LinkStatus.values()),
    "effect": tuple(LinkEffect.values()),
    "stance": tuple(Stance.values()),
    "source_kind": tuple(SourceKind.values()),
    "evidence_kind": tuple(EvidenceKind.values()),
    "link_kind": tuple(LINK_RULES),
    "evidence_source": (),  # a project's own data collections (work packages, strands)
    "handle_kind": ("survey_item", "other"),
    "factor_polarity": ("facilitating", "hindering"),
}
EXTENSIBLE = ("kind", "level", "term", "evidence_source", "handle_kind", "factor_polarity",
              "link_kind")


def value_labels(category: str, lang: str) -> dict[str, str]:
    """The reader's names of a built-in category's values in one shipped language. A project's
    own values and wording: `Project.vocabulary.labels(category, lang)`.

    >>> value_labels("condition", "nl")["facilitating"]
    'faciliterend'
    >>> value_labels("term", "en")["long"]
    'long term'
    """
    return {value: message(f"vocab.{category}.{value}", lang) for value in BUILT_IN[category]}


def _both_languages() -> dict[str, dict[str, tuple[str, str]]]:
    return {category: {value: (message(f"vocab.{category}.{value}", "nl"),
                               message(f"vocab.{category}.{value}", "en")) for value in values}
            for category, values in BUILT_IN.items()}


# (Dutch, English) names of the built-in values, for the figure code that shows both.
VALUE_LABELS: dict[str, dict[str, tuple[str, str]]] = _both_languages()


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
