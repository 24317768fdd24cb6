"""Which fields of a model may hold a `ReportRef`, read from the fields' types once per model
class: the walks for a project's report references (`programtheory.citations`, the
validator's line checks) skip the rest (labels, ids, lists of words), most of a model."""

from __future__ import annotations

import enum
import types
import typing
from functools import cache
from pathlib import PurePath

from pydantic import BaseModel

from .model_types import ReportRef

__all__ = ["report_ref_fields"]

# values of these types hold no model, whatever their contents
_PLAIN_TYPES = (str, bytes, int, float, bool, complex, enum.Enum, PurePath, types.NoneType)
_checking: set[type] = set()


@cache
def report_ref_fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(attribute name, YAML name) of every field of `model` whose type may hold a
    `ReportRef`, in the model's field order."""
    return tuple((name, field.alias or name) for name, field in model.model_fields.items()
                 if _may_hold_ref(field.annotation))


def _model_may_hold_ref(model: type[BaseModel]) -> bool:
    if issubclass(model, ReportRef):
        return True
    if model in _checking:  # a model that holds itself: told apart no further
        return True
    _checking.add(model)
    try:
        return bool(report_ref_fields(model))
    finally:
        _checking.discard(model)


def _may_hold_ref(annotation) -> bool:
    """Whether a value of this type may be or hold a `ReportRef`; True for what cannot be
    told (Any, a forward reference, an unknown class)."""
    if isinstance(annotation, type) and not typing.get_args(annotation):
        if issubclass(annotation, BaseModel):
            return _model_may_hold_ref(annotation)
        return not issubclass(annotation, _PLAIN_TYPES)
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return False
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _may_hold_ref(args[0])
    return not args or any(_may_hold_ref(a) for a in args)
