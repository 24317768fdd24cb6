"""The typed model of a project: theory versions, evidence, sources, recommendations, the
outcome table (Tabel 6) and the barometer.

Each `*File` model is the shape of one YAML file; `Project` is what `load_project` returns.
Models forbid unknown fields, so that a typo is a finding instead of silently lost data.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

from .errors import UsageError
from .findings import did_you_mean
from .model_types import (ID_PATTERN as ID_PATTERN, Appraisal, ConfidenceDecision,
                          EvidenceSourceValue, FactorPolarityValue, Grade as Grade,
                          HandleKindValue, Id, Label, LevelValue, LinkKindName, NodeKindValue,
                          Revision, Strict, TermValue, Text, VocabValue as VocabValue,
                          model_fields_of as model_fields_of)
from .settings import ProjectSettings, Vocabulary
from .vocab import Condition, EvidenceKind, LinkEffect, LinkStatus, Polarity, SourceKind, Stance

class ReportRef(Strict):
    """Where something comes from in the report text: a section and a line range.

    Line numbers count lines of the report text file in `sources.yaml` (report.file).
    """

    section: Annotated[str, StringConstraints(max_length=40)]
    lines: tuple[int, int] | None = None
    table: str | None = None  # e.g. 'Tabel 6'
    figure: str | None = None  # e.g. 'Figuur 6'

    @model_validator(mode="after")
    def _ordered(self) -> ReportRef:
        if self.lines is not None and not (1 <= self.lines[0] <= self.lines[1]):
            raise ValueError("lines must be [first, last] with 1 <= first <= last")
        return self

    def __str__(self) -> str:
        where = f"§{self.section}"
        if self.lines:
            first, last = self.lines
            where += f", L{first}" + (f"–L{last}" if last != first else "")
        return where


class Node(Strict):
    id: Id
    kind: NodeKindValue
    label: Label
    description: Text = ""
    levels: list[LevelValue] = Field(default_factory=list)
    term: TermValue | None = None
    condition: Condition | None = None
    condition_inherited: bool = False  # the report states it for the parent element only
    polarity: Polarity = Polarity.DESIRED
    parent: Id | None = None  # sub-element of (e.g. one of the five facets of the basic stance)
    corresponds_to: list[Id] = Field(default_factory=list)  # ids in other versions
    in_figure: bool = True  # False: from the report's discussion, not drawn in the figure
    revision: Revision | None = None
    citations: list[Id] = Field(default_factory=list)  # keys into sources.yaml literature
    report: list[ReportRef] = Field(default_factory=list)
    note: Text = ""
    confidence: ConfidenceDecision | None = None


class Group(Strict):
    """A named set of nodes that links may start or end at (e.g. 'Korte termijn impact')."""

    id: Id
    label: Label
    members: list[Id]
    term: TermValue | None = None
    report: list[ReportRef] = Field(default_factory=list)
    note: Text = ""
    confidence: ConfidenceDecision | None = None


class Link(Strict):
    """A relation between nodes or groups. `from`/`to` may list several ids: one statement in
    the report that joins several elements stays one addressable link."""

    id: Id
    source: Id | list[Id] = Field(alias="from")
    target: Id | list[Id] = Field(alias="to")
    kind: LinkKindName
    relation: Text = ""  # the report's finer wording, e.g. 'necessary but not sufficient'
    effect: LinkEffect = LinkEffect.PROMOTES
    status: LinkStatus
    sentence: Text = ""  # the Dutch sentence that states or implies the link, verbatim
    report: list[ReportRef] = Field(default_factory=list)
    citations: list[Id] = Field(default_factory=list)
    note: Text = ""
    confidence: ConfidenceDecision | None = None
    competes_with: list[Id] = Field(default_factory=list)  # links this rival explanation caps

    @property
    def sources(self) -> list[str]:
        return [self.source] if isinstance(self.source, str) else list(self.source)

    @property
    def targets(self) -> list[str]:
        return [self.target] if isinstance(self.target, str) else list(self.target)

    def edges(self) -> list[tuple[str, str]]:
        return [(s, t) for s in self.sources for t in self.targets]

    def ends_text(self) -> str:
        """The link as 'a + b → c': short and unambiguous in tables."""
        return " + ".join(self.sources) + " → " + " + ".join(self.targets)


class VersionInfo(Strict):
    id: Id
    title: Label
    based_on: Id | None = None  # the version this one revises
    figure: str | None = None  # the report's figure, e.g. 'Figuur 6'
    columns: list[str] | None = None  # layout column order, when it differs from the default
    report: list[ReportRef] = Field(default_factory=list)
    note: Text = ""


class VersionFile(Strict):
    """theory/versions/<id>.yaml: one complete theory."""

    version: VersionInfo
    nodes: list[Node] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)


class Evidence(Strict):
    id: Id
    kind: EvidenceKind
    text: Text  # verbatim from the report; quotes anonymised as printed, '(naam consulent)'
    role: str = ""  # respondent role as printed, e.g. 'mama casestudie'
    work_package: EvidenceSourceValue | None = None
    n: int | None = Field(default=None, ge=0)
    values: dict[str, float | int | str] = Field(default_factory=dict)
    citation: Id | None = None  # for literature: the key in sources.yaml
    report: list[ReportRef] = Field(default_factory=list)
    bears_on: list[Id] = Field(default_factory=list)
    stance: Stance = Stance.SUPPORTS
    note: Text = ""
    case: Id | None = None  # a case of sources.yaml `cases`, only where the report says which
    source_kind: SourceKind | None = None  # when empty, derived from kind and work package
    direct: bool | None = None  # False: indirect (another setting or a proxy); empty: derived
    appraisal: Appraisal | None = None


class EvidenceFile(Strict):
    """theory/evidence/*.yaml: evidence shared by every version."""

    evidence: list[Evidence] = Field(default_factory=list)


class LiteratureSource(Strict):
    key: Id
    cite: str  # as the report cites it, e.g. 'Munro et al., 2016'
    reference: Text = ""  # full entry, where known
    verified: bool = False  # the full entry was checked against the publication
    note: Text = ""


class ReportSection(Strict):
    id: Annotated[str, StringConstraints(max_length=40)]
    title: Text
    lines: tuple[int, int] | None = None


class ReportInfo(Strict):
    title: Text
    file: str  # the report text, relative to the folder named by `search`
    search: list[str] = Field(default_factory=list)  # folders to look for it, project-relative
    sections: list[ReportSection] = Field(default_factory=list)


class Case(Strict):
    """One case study (e.g. a row of the report's Tabel 3)."""

    id: Id
    label: Label
    theme: Text = ""  # as printed
    complicating_factors: Text = ""  # as printed
    ages: Text = ""  # as printed
    report: list[ReportRef] = Field(default_factory=list)
    note: Text = ""


class CaseStatement(Strict):
    """A statement of the report that counts cases for a condition ('in vier van de vijf
    cases'). Its words are the case-count evidence it names; counts left empty are not stated,
    and the necessity measures then become bounds (`programtheory.necessity`)."""

    id: Id
    evidence: list[Id] = Field(min_length=1)  # the case_count items that state it
    condition: Id  # node id
    outcome: Id | None = None  # node or group id the condition serves, where the report says
    cases: int = Field(ge=1)  # the number of cases the statement counts over
    with_condition: int | None = Field(default=None, ge=0)
    with_outcome: int | None = Field(default=None, ge=0)
    with_both: int | None = Field(default=None, ge=0)
    outcome_without_condition: int | None = Field(default=None, ge=0)
    concludes: Condition | None = None  # what the report concludes from it
    note: Text = ""

    @model_validator(mode="after")
    def _within_cases(self) -> CaseStatement:
        for name in ("with_condition", "with_outcome", "with_both", "outcome_without_condition"):
            value = getattr(self, name)
            if value is not None and value > self.cases:
                raise ValueError(f"{name} ({value}) exceeds cases ({self.cases})")
        return self


class SourcesFile(Strict):
    """theory/sources.yaml: the literature registry, the report's sections and its cases."""

    report: ReportInfo | None = None
    literature: list[LiteratureSource] = Field(default_factory=list)
    cases: list[Case] = Field(default_factory=list)
    case_statements: list[CaseStatement] = Field(default_factory=list)


class Recommendation(Strict):
    id: Id
    section: str
    parent: Id | None = None
    text: Text  # Dutch, verbatim or the report's summary
    summary_en: Text = ""
    necessity: Condition | None = None
    targets: list[Id] = Field(default_factory=list)
    report: list[ReportRef] = Field(default_factory=list)
    note: Text = ""


class RecommendationsFile(Strict):
    """theory/recommendations.yaml: the report's recommendations (5.2)."""

    recommendations: list[Recommendation] = Field(default_factory=list)


# ---------------------------------------------------------------- outcome table (Tabel 6)

class Measure(Strict):
    value: float | int | str
    year: int | None = None
    note: Text = ""


class Measurement(Strict):
    """One measured value of an indicator for a period (e.g. 2024, 2024-Q2)."""

    period: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    value: float | int | str
    n: int | None = Field(default=None, ge=0)
    breakdown: dict[str, float | int | str] = Field(default_factory=dict)
    source: Text = ""
    note: Text = ""


class Indicator(Strict):
    """A measurable indicator for later outcome research (5.2.3, Tabel 8)."""

    id: Id
    label: Label
    description: Text = ""
    unit: str = ""
    data_source: Text = ""
    frequency: str = ""
    baseline: Measure | None = None
    target: Measure | None = None
    measurements: list[Measurement] = Field(default_factory=list)
    citations: list[Id] = Field(default_factory=list)
    report: list[ReportRef] = Field(default_factory=list)
    note: Text = ""


class Perspective(Strict):
    id: Id
    label: Label
    level: LevelValue
    report: list[ReportRef] = Field(default_factory=list)
    note: Text = ""


class Uncertainty(Strict):
    reason: Text


class OutcomeItem(Strict):
    id: Id
    text: Text  # verbatim from Tabel 6
    en: Text = ""
    polarity: Polarity
    uncertain: Uncertainty | None = None
    theory: list[Id] = Field(default_factory=list)  # node or group ids in any version
    indicators: list[Id] = Field(default_factory=list)
    report: list[ReportRef] = Field(default_factory=list)
    note: Text = ""


class OutcomeCell(Strict):
    perspective: Id
    term: TermValue
    items: list[OutcomeItem] = Field(default_factory=list)


class OutcomeTableInfo(Strict):
    title: Label
    report: list[ReportRef] = Field(default_factory=list)
    note: Text = ""


class OutcomeTable(Strict):
    """outcomes.yaml: the outcome table (uitkomstentabel)."""

    table: OutcomeTableInfo
    perspectives: list[Perspective]
    cells: list[OutcomeCell] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)


# ---------------------------------------------------------------- barometer

class Instrument(Strict):
    id: Id
    title: Label | None = None  # the instrument's name on pages and charts (default: Barometer)
    question: Text  # verbatim
    scale_min: int = 1
    scale_max: int = 10
    anchor_low: Text  # verbatim meaning of the lowest score
    anchor_high: Text
    variants: list[Label] = Field(default_factory=list)  # other wordings, e.g. the questionnaire
    # answers at or above it count as 'positive': tables show the share at or above it; no
    # threshold, no such column
    threshold: int | None = None
    breakdown_items: list[Id] = Field(default_factory=list)  # survey items to break results by
    report: list[ReportRef] = Field(default_factory=list)


class ScoreShare(Strict):
    """A share of answers for one score or a range of scores, as the report gives it.

    `status` says whether the percentage is printed or only inferred (e.g. a remainder);
    `position` whether the score it belongs to is printed or inferred (a chart label lost in the
    text)."""

    scores: tuple[int, int]  # first and last score, inclusive
    # a share is given as a percentage or as a count of answers; counts become percentages of
    # the wave's counted answers (`Wave`), so give counts for every share of a wave or none
    percent: float | None = Field(default=None, ge=0, le=100)
    count: int | None = Field(default=None, ge=0, description=(
        "The number of answers with these scores, instead of `percent`: a wave whose shares "
        "are all counts gets each share's percentage of all counted answers. Give counts for "
        "every share of a wave or for none."))
    status: Literal["printed", "inferred"] = "printed"
    position: Literal["printed", "inferred"] = "printed"
    note: Text = ""


class InferredCount(Strict):
    value: int = Field(ge=0)
    inferred: bool = False
    note: Text = ""


class ReportedMean(Strict):
    value: float
    precision: float = 1.0  # the report rounds to this: 6/10 means [5.5, 6.5)
    text: Text = ""


class StatTest(Strict):
    name: str
    statistic: float
    df: int | None = None
    p: float | None = Field(default=None, ge=0, le=1)
    across: str = ""
    text: Text = ""


class GroupResult(Strict):
    """One subgroup of a wave (e.g. one function): its n and what was reported for it."""

    label: Label
    n: int = Field(ge=0)
    mean: float | None = None
    share_at_least_7: float | None = Field(default=None, ge=0, le=100)
    share_at_threshold: float | None = Field(default=None, ge=0, le=100)
    suppressed: bool = False  # too small to show: only label and n are stored


class Breakdown(Strict):
    """A wave's results split by a respondent characteristic. Groups smaller than the
    suppression threshold are never shown (see `barometer.breakdown_records`)."""

    by: Label  # e.g. {nl: functie, en: function}
    groups: list[GroupResult] = Field(default_factory=list)
    report: list[ReportRef] = Field(default_factory=list)
    note: Text = ""


class WaveSummary(Strict):
    """The aggregates of a wave imported from a raw export (`programtheory wave import`)."""

    valid_n: int = Field(ge=0)
    mean: float | None = None
    sd: float | None = None
    ci95: tuple[float, float] | None = None  # t interval of the mean
    threshold: int | None = None
    share_at_threshold: float | None = Field(default=None, ge=0, le=100)
    share_ci95: tuple[float, float] | None = None  # Wilson interval, percent


class Wave(Strict):
    id: Id
    year: int
    label: str = ""
    date: str = ""  # when the wave was collected, e.g. 2024-05
    n: int = Field(ge=0)
    valid_n: InferredCount | None = None
    distribution: list[ScoreShare] = Field(default_factory=list)
    counts: dict[int, int] = Field(default_factory=dict)  # complete: answers per score
    summary: WaveSummary | None = None
    mean: ReportedMean | None = None
    tests: list[StatTest] = Field(default_factory=list)
    breakdowns: list[Breakdown] = Field(default_factory=list)
    factor_counts: dict[Id, int] = Field(default_factory=dict)  # coded open answers (Tabel 5)
    report: list[ReportRef] = Field(default_factory=list)
    note: Text = ""

    @model_validator(mode="after")
    def _shares_from_counts(self) -> "Wave":
        """Shares given as counts get their percentage of all counted answers."""
        counted = [share for share in self.distribution if share.count is not None]
        if any(share.percent is None and share.count is None for share in self.distribution):
            raise ValueError("every share of the distribution needs a percent or a count")
        if not counted:
            return self
        if len(counted) != len(self.distribution):
            raise ValueError("give counts for every share of the distribution, or for none")
        total = sum(share.count for share in counted)
        for share in counted:
            share.percent = round(100.0 * share.count / total, 4) if total else 0.0
        return self


class ListedPoint(Strict):
    text: Text
    en: Text = ""
    report: list[ReportRef] = Field(default_factory=list)


class CriticalElement(Strict):
    """One of the four critical implementation elements, with Tabel 4's assessment."""

    id: Id
    label: Label
    theory: list[Id] = Field(default_factory=list)
    hindering: list[ListedPoint] = Field(default_factory=list)
    facilitating: list[ListedPoint] = Field(default_factory=list)
    recommendations: list[ListedPoint] = Field(default_factory=list)
    report: list[ReportRef] = Field(default_factory=list)
    note: Text = ""


class Factor(Strict):
    """A factor of Tabel 5: facilitating or hindering, per level, with its count."""

    id: Id
    level: str  # Tabel 5's level heading, e.g. 'individueel en caseniveau'
    polarity: FactorPolarityValue
    text: Text
    en: Text = ""
    count: int = Field(ge=0)
    theory: list[Id] = Field(default_factory=list)
    report: list[ReportRef] = Field(default_factory=list)
    note: Text = ""


class SurveyItem(Strict):
    """A staff-survey item (Bijlage 2A) for later waves."""

    id: Id
    section: str
    stem: Text = ""  # the question stem shared by a block of items
    text: Text
    scale: str = ""
    options: list[str] = Field(default_factory=list)
    critical_element: Id | None = None
    report: list[ReportRef] = Field(default_factory=list)
    note: Text = ""


class Handle(Strict):
    id: Id
    kind: HandleKindValue
    text: Text
    en: Text = ""
    theory: list[Id] = Field(default_factory=list)
    report: list[ReportRef] = Field(default_factory=list)
    note: Text = ""


class SurveyMapping(Strict):
    """How the columns of a raw survey export map onto the instrument: the score column, the
    breakdown columns (survey item id -> column), the respondent id column and answer labels
    that stand for scale values."""

    id: Id
    score: str
    respondent: str | None = None
    breakdowns: dict[Id, str] = Field(default_factory=dict)
    labels: dict[str, int | None] = Field(default_factory=dict)  # None: no valid answer
    note: Text = ""


class Barometer(Strict):
    """barometer.yaml: the implementation barometer and its survey waves."""

    instrument: Instrument
    mappings: list[SurveyMapping] = Field(default_factory=list)
    waves: list[Wave] = Field(default_factory=list)
    critical_elements: list[CriticalElement] = Field(default_factory=list)
    factor_levels: list[str] = Field(default_factory=list)
    factors: list[Factor] = Field(default_factory=list)
    survey_items: list[SurveyItem] = Field(default_factory=list)
    handles: list[Handle] = Field(default_factory=list)
    report: list[ReportRef] = Field(default_factory=list)


# ---------------------------------------------------------------- the project

class Version(BaseModel):
    """One complete theory, as loaded: its file and contents."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    info: VersionInfo
    nodes: list[Node]
    groups: list[Group]
    links: list[Link]
    path: str

    @property
    def id(self) -> str:
        return self.info.id

    def group_kind(self, group: Group) -> str:
        """The kind of a group's members when they share one, else 'group'."""
        members = set(group.members)
        kinds = {n.kind.value for n in self.nodes if n.id in members}
        return kinds.pop() if len(kinds) == 1 else "group"

    def node(self, node_id: str) -> Node:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)


class Project(BaseModel):
    """Everything in a project folder, typed and checked."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    root: str
    versions: dict[str, Version]
    evidence: list[Evidence]
    sources: SourcesFile
    recommendations: list[Recommendation]
    outcome_table: OutcomeTable | None = None
    barometer: Barometer | None = None
    settings: ProjectSettings = Field(default_factory=ProjectSettings)

    _vocabulary: Vocabulary | None = PrivateAttr(default=None)

    @property
    def vocabulary(self) -> Vocabulary:
        """The project's vocabulary: the built-in values and those of its project.yaml (made
        once per settings object, so that a copy with other settings gets its own)."""
        if self._vocabulary is None or self._vocabulary.settings is not self.settings:
            self._vocabulary = Vocabulary(self.settings)
        return self._vocabulary

    @property
    def languages(self) -> list[str]:
        """The project's languages, the primary one first."""
        return list(self.settings.languages)

    @property
    def primary_language(self) -> str:
        return self.settings.primary_language

    def language(self, lang: str | None = None) -> str:
        """`lang`, or the project's primary language when None."""
        return lang or self.primary_language

    def version(self, version_id: str | None = None) -> Version:
        """The named version, or the newest one (the last in `based_on` order).

        Raises UsageError, with a suggestion, for an unknown id: every command, notebook and
        analysis that takes a version id gets the same message.
        """
        if not self.versions:
            raise UsageError("the project has no theory version: add one under "
                             "theory/versions/")
        if version_id is None:
            return self.versions[self.default_version_id()]
        if version_id not in self.versions:
            hint = did_you_mean(version_id, self.versions)
            raise UsageError(f"unknown version '{version_id}'" + (f"; {hint}" if hint else "")
                             + f" (the project has: {', '.join(self.versions)})")
        return self.versions[version_id]

    def default_version_id(self) -> str:
        revised = {v.info.based_on for v in self.versions.values() if v.info.based_on}
        newest = [vid for vid in self.versions if vid not in revised]
        return newest[-1] if newest else next(iter(self.versions))
