"""The typed model of a project: theory versions, evidence, sources, recommendations, the
outcome table and the barometer.

Each `*File` model is the shape of one YAML file; `Project` is what `load_project` returns.
Models forbid unknown fields, so that a typo is a finding instead of silently lost data.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

from .errors import UsageError
from .findings import did_you_mean
from .model_types import (ID_PATTERN as ID_PATTERN, Appraisal, ConfidenceDecision,
                          EvidenceSourceValue, Grade as Grade, Id, Label, LevelValue,
                          LinkKindName, NodeKindValue, ReportRef, Revision, Strict, TermValue,
                          Text, VocabValue as VocabValue, model_fields_of as model_fields_of)
from .model_barometer import (  # the barometer's models, re-exported
    Instrument as Instrument, ScoreShare as ScoreShare, InferredCount as InferredCount,
    ReportedMean as ReportedMean, StatTest as StatTest, GroupResult as GroupResult,
    Breakdown as Breakdown, WaveSummary as WaveSummary, Wave as Wave, ListedPoint as ListedPoint,
    CriticalElement as CriticalElement, Factor as Factor, SurveyItem as SurveyItem,
    Handle as Handle, SurveyMapping as SurveyMapping, Barometer as Barometer)
from .settings import ProjectSettings, Vocabulary
from .vocab import Condition, EvidenceKind, LinkEffect, LinkStatus, Polarity, SourceKind, Stance


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
    figure: str | None = None  # the report's figure it reproduces (its number and title)
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
    """One case study (e.g. a row of a report's table of cases)."""

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


# ---------------------------------------------------------------- outcome table

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
    """A measurable indicator for later outcome research (a report may list them)."""

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
    text: Text  # verbatim from the source's table
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
