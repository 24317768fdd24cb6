"""Project settings: the optional `project.yaml` at a project's root, and the vocabulary it
makes.

    title: {en: Youth mentoring programme, nl: Jongerenmentoraat}
    languages: [en, nl]          # the primary language first; labels need only that one
    locale: en_GB                # numbers and dates (Babel); default: the primary language
    text_language: en            # the data's own prose (descriptions, notes, reasons, data
                                 # sources); default: the primary language
    vocabulary:
      levels:            [{id: participant, label: {en: participant}}]
      terms:             [{id: first_year, label: {en: first year}}, short, medium, long]
      evidence_sources:  [{id: WP1, label: {en: literature review}}]
      handle_kinds:      [{id: session_log, label: {en: session log}}]
      factor_polarities: [{id: enabling, label: {en: enabling}}]
      kinds:             [{id: moderator, label: {en: moderator}, like: external_factor}]
      link_kinds:        [{id: buffers, label: {en: buffers}, meaning: "A weakens B's risk.",
                           from: [resource], to: "*", causal: true}]

Without the file a project has the built-in vocabulary (`programtheory.vocab`) and Dutch as its
language, as before project settings existed. A project's values extend the built-in ones: a
value with a built-in id replaces its labels, and a category's order is the built-in values the
project does not name followed by the project's values in its order (so a project that names
every term also orders them). A value may be written as a bare id when it is a built-in one.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .exceptions import DataError, UsageError
from .messages import has_message, message
from .vocab import ANY, BUILT_IN, CONDITION_KINDS, LINK_RULES, TERM_KINDS, LinkRule

PROJECT_FILE = "project.yaml"
DEFAULT_LANGUAGES = ("nl",)

LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
ValueId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$",
                                           max_length=120)]
Text = Annotated[str, StringConstraints(max_length=2_000)]

# project.yaml's plural key -> the vocabulary category it extends
CATEGORY_KEYS = {"levels": "level", "terms": "term", "evidence_sources": "evidence_source",
                 "handle_kinds": "handle_kind", "factor_polarities": "factor_polarity",
                 "kinds": "kind", "link_kinds": "link_kind"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VocabularyEntry(_Strict):
    """One value of a category: its id (what the data files write) and its label per
    language."""

    id: ValueId
    label: dict[LanguageCode, Text] = Field(default_factory=dict)


class KindEntry(VocabularyEntry):
    """A node kind of the project's own. `like`: the built-in kind whose link rules, condition
    and term rules it follows; without it, it joins only the rules open to any kind."""

    like: ValueId | None = None


class LinkKindEntry(VocabularyEntry):
    """A link kind of the project's own, with its rule: which kinds it may join."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    meaning: Text = ""
    sources: list[ValueId] | Literal["*"] = Field(default=ANY, alias="from")
    targets: list[ValueId] | Literal["*"] = Field(default=ANY, alias="to")
    causal: bool = True
    feedback: bool = False


def _entries(model: type[VocabularyEntry]):
    return list[model | ValueId]


class VocabularySettings(_Strict):
    levels: _entries(VocabularyEntry) = Field(default_factory=list)
    terms: _entries(VocabularyEntry) = Field(default_factory=list)
    evidence_sources: _entries(VocabularyEntry) = Field(default_factory=list)
    handle_kinds: _entries(VocabularyEntry) = Field(default_factory=list)
    factor_polarities: _entries(VocabularyEntry) = Field(default_factory=list)
    kinds: _entries(KindEntry) = Field(default_factory=list)
    link_kinds: _entries(LinkKindEntry) = Field(default_factory=list)


class ProjectSettings(_Strict):
    """project.yaml: the project's title, languages, number locale and vocabulary."""

    title: dict[LanguageCode, Text] = Field(default_factory=dict)
    languages: list[LanguageCode] = Field(default_factory=lambda: list(DEFAULT_LANGUAGES),
                                          min_length=1)
    locale: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")] \
        | None = None
    # The language the data's own prose is written in (descriptions, notes, the reasons for an
    # uncertain placement, an indicator's data source and frequency): a page in another
    # language leaves that prose out rather than show two languages (`prose_shown`)
    text_language: LanguageCode | None = None
    vocabulary: VocabularySettings = Field(default_factory=VocabularySettings)

    @property
    def primary_language(self) -> str:
        return self.languages[0]

    @property
    def number_locale(self) -> str:
        """The Babel locale for numbers and dates: `locale`, or the primary language."""
        return (self.locale or self.primary_language).replace("-", "_")

    @property
    def prose_language(self) -> str:
        """The language of the data's own prose: `text_language`, or the primary language."""
        return self.text_language or self.primary_language

    def prose_shown(self, lang: str) -> bool:
        """Whether a page in `lang` shows the data's own prose (see `text_language`)."""
        return lang == self.prose_language

    def prose_language_name(self, lang: str) -> str:
        """The name of the prose's language, in `lang` ('Engels' for English in Dutch)."""
        from .numbers import locale_of

        try:
            names = locale_of(lang).languages
        except UsageError:
            return self.prose_language
        return names.get(self.prose_language.replace("-", "_"), self.prose_language)

    def title_in(self, lang: str | None = None) -> str:
        """The title in `lang` (default: the primary language), or ''."""
        return self.title.get(lang or self.primary_language, "")


class UnknownLabel(DataError, LookupError):
    """A vocabulary value has no label in the language asked for (the project's data or
    settings lack it)."""


class Vocabulary:
    """The values a project may use in each category, their labels, and the link rules.

    >>> vocab = Vocabulary(ProjectSettings.model_validate(
    ...     {"languages": ["en"], "vocabulary": {"terms": [
    ...         {"id": "first_year", "label": {"en": "first year"}}, "short", "medium", "long"]}}))
    >>> vocab.values("term")
    ['first_year', 'short', 'medium', 'long']
    >>> vocab.label("term", "first_year", "en"), vocab.label("term", "long", "en")
    ('first year', 'long term')
    >>> vocab.rank("short") > vocab.rank("first_year")
    True
    """

    def __init__(self, settings: ProjectSettings | None = None) -> None:
        self.settings = settings or ProjectSettings()
        self.languages = tuple(self.settings.languages)
        self._values: dict[str, list[str]] = {c: list(v) for c, v in BUILT_IN.items()}
        self._labels: dict[tuple[str, str], dict[str, str]] = {}
        self._entries: dict[tuple[str, str], VocabularyEntry] = {}
        for key, category in CATEGORY_KEYS.items():
            self._extend(category, getattr(self.settings.vocabulary, key))
        self.link_rules: dict[str, LinkRule] = dict(LINK_RULES)
        self.condition_kinds = set(CONDITION_KINDS)
        self.term_kinds = set(TERM_KINDS)
        self._add_kinds()
        self._add_link_kinds()

    def _extend(self, category: str, entries: list) -> None:
        named = [e if isinstance(e, str) else e.id for e in entries]
        kept = [v for v in self._values[category] if v not in named]
        self._values[category] = kept + list(dict.fromkeys(named))
        for entry in entries:
            if isinstance(entry, VocabularyEntry):
                self._entries[(category, entry.id)] = entry
                self._labels[(category, entry.id)] = dict(entry.label)

    def _add_kinds(self) -> None:
        like_of = {e.id: e.like for (c, _), e in self._entries.items()
                   if c == "kind" and isinstance(e, KindEntry) and e.like}
        for kind, like in like_of.items():
            if kind in BUILT_IN["kind"]:
                continue
            for name in LINK_RULES:
                self.link_rules[name] = _widened(self.link_rules[name], like, kind)
            if like in CONDITION_KINDS:
                self.condition_kinds.add(kind)
            if like in TERM_KINDS:
                self.term_kinds.add(kind)

    def _add_link_kinds(self) -> None:
        for (category, name), entry in self._entries.items():
            if category != "link_kind" or not isinstance(entry, LinkKindEntry):
                continue
            sources = ANY if entry.sources == ANY else frozenset(entry.sources)
            targets = ANY if entry.targets == ANY else frozenset(entry.targets)
            self.link_rules[name] = LinkRule(entry.meaning, sources, targets,
                                             causal=entry.causal, feedback=entry.feedback)

    @property
    def primary_language(self) -> str:
        return self.languages[0]

    def values(self, category: str) -> list[str]:
        """The allowed values of a category, in reading order."""
        return list(self._values[category])

    def entry(self, category: str, value: str) -> VocabularyEntry | None:
        """The project's own entry for a value, if it declares one."""
        return self._entries.get((category, value))

    def label(self, category: str, value: str, lang: str | None = None) -> str:
        """A value's label in `lang` (default: the primary language): the project's wording,
        else the catalogue's for a built-in value. Raises UnknownLabel when there is none."""
        lang = lang or self.primary_language
        own = self._labels.get((category, value), {})
        if own.get(lang):
            return own[lang]
        key = f"vocab.{category}.{value}"
        if value in BUILT_IN.get(category, ()) and has_message(key, lang):
            return message(key, lang)
        raise UnknownLabel(f"the {category.replace('_', ' ')} '{value}' has no label in "
                           f"'{lang}': add label: {{{lang}: ...}} to it in {PROJECT_FILE}")

    def labels(self, category: str, lang: str | None = None) -> dict[str, str]:
        """Every value's label of a category in one language."""
        return {value: self.label(category, value, lang) for value in self._values[category]}

    def rank(self, term: str | None) -> int | None:
        """A term's position in time order (terms are listed earliest first)."""
        order = self._values["term"]
        return order.index(term) if term in order else None



def _widened(rule: LinkRule, like: str, kind: str) -> LinkRule:
    def widen(ends):
        return ends if ends == ANY or like not in ends else frozenset(ends) | {kind}
    return LinkRule(rule.meaning, widen(rule.sources), widen(rule.targets), causal=rule.causal,
                    feedback=rule.feedback)
