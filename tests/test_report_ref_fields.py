"""The fields a report-reference walk skips hold no reference: skipping them finds exactly
what a walk of every field finds."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from programtheory import model as m
from programtheory.citations import _refs
from programtheory.report_ref_fields import report_ref_fields


def _every_ref(value):
    """Every ReportRef inside `value`, walking every field of every model."""
    if isinstance(value, m.ReportRef):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _every_ref(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _every_ref(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _every_ref(item)


def test_the_project_walk_finds_every_reference(real_project):
    found = list(_refs(real_project))
    assert len(found) > 500 and found == list(_every_ref(real_project))


def test_a_field_whose_type_holds_a_reference_is_walked():
    class Inner(m.Strict):
        where: m.ReportRef | None = None

    class Outer(m.Strict):
        label: m.Label | None = None
        words: list[str] = []
        inner: list[Inner] = []
        anything: typing.Any = None
        table: dict[str, list[Inner]] = {}

    assert [name for name, _ in report_ref_fields(Outer)] == ["inner", "anything", "table"]
    assert report_ref_fields(m.Label) == ()
    assert ("report", "report") in report_ref_fields(m.Node)
