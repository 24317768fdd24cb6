"""The building blocks of the data models (`programtheory.model`): ids, texts, labels per
language, vocabulary values checked against the project's vocabulary, and the diagnostic
appraisal of evidence. `programtheory.model` re-exports every name.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, GetCoreSchemaHandler,
                      RootModel, StringConstraints, ValidationInfo, model_validator)
from pydantic_core import PydanticCustomError, core_schema

from .settings import CATEGORY_KEYS, LanguageCode
from .vocab import RevisionStatus

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=120)]
_ID_FORM = re.compile(ID_PATTERN)
Text = Annotated[str, StringConstraints(max_length=20_000)]
LinkKindName = str  # checked against the project's link rules by the checks, with a suggestion


class VocabValue(str):
    """A value of a project-extensible vocabulary category (a kind, level, term, evidence
    source, handle kind or factor polarity). The schema only checks its form; the checks
    compare it with the project's vocabulary (`programtheory.vocabulary_checks`), so that an
    unknown value is told apart with a suggestion from the project's own list. Like the
    built-in enums it has `.value`."""

    __slots__ = ()

    @property
    def value(self) -> str:
        return str(self)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: type, handler: GetCoreSchemaHandler):
        # the form of an id is checked with the vocabulary (below): a value that is not in the
        # project's list is reported as such, with a suggestion, whatever its form
        return core_schema.no_info_after_validator_function(
            cls, core_schema.str_schema(max_length=120),
            serialization=core_schema.plain_serializer_function_ser_schema(str))

    @classmethod
    def __get_pydantic_json_schema__(cls, schema, handler):
        # editors check the form of an id as they type (the JSON Schemas of `docs`)
        return {**handler(schema), "pattern": ID_PATTERN}


SETTINGS_KEYS = {category: key for key, category in CATEGORY_KEYS.items()}


def _in_vocabulary(category: str):
    """A validator that refuses a value the project's vocabulary does not have, when the
    vocabulary is given as validation context (`{"vocabulary": Vocabulary}`), with the same
    error as a fixed enum, so that the finding lists the project's own values."""

    def check(value: VocabValue, info: ValidationInfo) -> VocabValue:
        vocabulary = (info.context or {}).get("vocabulary")
        if vocabulary is None:
            if not _ID_FORM.match(value):
                raise PydanticCustomError("string_pattern_mismatch",
                                          "String should match pattern '{pattern}'",
                                          {"pattern": ID_PATTERN})
            return value
        allowed = vocabulary.values(category)
        if value not in allowed:
            quoted = [f"'{v}'" for v in allowed]
            expected = (", ".join(quoted[:-1]) + " or " + quoted[-1]) if len(quoted) > 1 \
                else "".join(quoted) or f"a value of {SETTINGS_KEYS[category]} in project.yaml"
            raise PydanticCustomError("enum", "Input should be {expected}",
                                      {"expected": expected})
        return value

    return AfterValidator(check)


NodeKindValue = Annotated[VocabValue, _in_vocabulary("kind")]
LevelValue = Annotated[VocabValue, _in_vocabulary("level")]
TermValue = Annotated[VocabValue, _in_vocabulary("term")]
EvidenceSourceValue = Annotated[VocabValue, _in_vocabulary("evidence_source")]
HandleKindValue = Annotated[VocabValue, _in_vocabulary("handle_kind")]
FactorPolarityValue = Annotated[VocabValue, _in_vocabulary("factor_polarity")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=False, str_strip_whitespace=False,
                              validate_default=False)


class Label(RootModel[dict[LanguageCode, Text]]):
    """A text per language: `{nl: ..., en: ...}`. Only the project's primary language is
    required (PT204). `Label(en="...")` builds one in code.

    >>> Label(en="Time").text("en"), Label(en="Time").text("nl"), Label(en="Time").nl
    ('Time', '', '')
    """

    def text(self, lang: str) -> str:
        """The label in `lang`, or '' when it has none."""
        return self.root.get(lang, "")

    def shown(self, lang: str) -> str:
        """The label in `lang`; an element not yet named in that language shows its first
        name, so that no element is left blank on a page.

        >>> Label(nl="Tijd", en="").shown("en")
        'Tijd'
        """
        return self.text(lang) or next((text for text in self.root.values() if text), "")

    def languages(self) -> list[str]:
        """The languages with a non-empty text."""
        return [lang for lang, text in self.root.items() if text.strip()]

    @property
    def nl(self) -> str:
        return self.text("nl")

    @nl.setter
    def nl(self, text: str) -> None:
        self.root["nl"] = text

    @property
    def en(self) -> str:
        return self.text("en")

    @en.setter
    def en(self, text: str) -> None:
        self.root["en"] = text


class ReportRef(Strict):
    """Where something comes from in the report text: a section and a line range.

    Line numbers count lines of the report text file in `sources.yaml` (report.file).
    """

    section: Annotated[str, StringConstraints(max_length=40)]
    lines: tuple[int, int] | None = None
    table: str | None = None  # the source's table, as it numbers it
    figure: str | None = None  # the source's figure, as it numbers it

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


class Revision(Strict):
    """How a later version treats this element (recorded on the earlier version's node)."""

    status: RevisionStatus
    note: Text = ""


Grade = Literal["high", "moderate", "low", "very_low"]


class ConfidenceDecision(Strict):
    """A researcher's grade for an element or link: it confirms or overrides the proposal of
    `programtheory.confidence`, always with a reason."""

    grade: Grade
    reason: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    by: str = ""  # who decided (initials or a role, never a respondent)


class Appraisal(Strict):
    """A diagnostic appraisal of one piece of evidence for the elements it bears on
    (process tracing, Van Evera's tests): `certain`: finding it is (nearly) required if the
    claim holds, so its absence would count against the claim; `unique`: it would be unlikely
    if the claim did not hold. Optionally the two likelihoods."""

    certain: bool
    unique: bool
    p_e_given_h: float | None = Field(default=None, ge=0, le=1)
    p_e_given_not_h: float | None = Field(default=None, ge=0, le=1)
    note: Text = ""

    @model_validator(mode="after")
    def _both_or_neither(self) -> Appraisal:
        given = (self.p_e_given_h is None, self.p_e_given_not_h is None)
        if given[0] != given[1]:
            raise ValueError("give both p_e_given_h and p_e_given_not_h, or neither")
        if self.p_e_given_h == 0 and self.p_e_given_not_h == 0:
            raise ValueError("p_e_given_h and p_e_given_not_h cannot both be 0")
        return self

    @property
    def test_type(self) -> str:
        """straw_in_the_wind, hoop, smoking_gun or doubly_decisive."""
        if self.certain:
            return "doubly_decisive" if self.unique else "hoop"
        return "smoking_gun" if self.unique else "straw_in_the_wind"


def model_fields_of(model: type[BaseModel]) -> list[str]:
    """The YAML names of a model's fields (aliases where set)."""
    return [f.alias or name for name, f in model.model_fields.items()]
