"""The barometer: an implementation instrument, its survey waves, and the assessments and
factors a project records beside it (`barometer.yaml`). `programtheory.model` re-exports every
name.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .model_types import (FactorPolarityValue, HandleKindValue, Id, Label, ReportRef, Strict,
                          Text)


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
    factor_counts: dict[Id, int] = Field(default_factory=dict)  # coded open answers per factor
    report: list[ReportRef] = Field(default_factory=list)
    note: Text = ""

    @model_validator(mode="after")
    def _shares_from_counts(self) -> Wave:
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
    """A critical implementation element, with its assessment: what hinders and
    facilitates it, and what is recommended."""

    id: Id
    label: Label
    theory: list[Id] = Field(default_factory=list)
    hindering: list[ListedPoint] = Field(default_factory=list)
    facilitating: list[ListedPoint] = Field(default_factory=list)
    recommendations: list[ListedPoint] = Field(default_factory=list)
    report: list[ReportRef] = Field(default_factory=list)
    note: Text = ""


class Factor(Strict):
    """A factor that facilitates or hinders the implementation (a factor polarity of the
    project), per level, with the number of times it was mentioned."""

    id: Id
    level: str  # a heading of factor_levels, as the source prints it
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
