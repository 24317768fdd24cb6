"""Every field of every project file is documented: the data-format page and the schemas are
generated from these descriptions, so a field without one would be a silent gap."""

from __future__ import annotations

from pydantic import BaseModel

from programtheory.field_docs import COMMON, MODELS, field_description
from programtheory.format_docs import models_in_order
from programtheory.schema import FILE_MODELS


def _all_models() -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []
    for model in FILE_MODELS.values():
        seen += [m for m in models_in_order(model) if m not in seen]
    return seen


def test_every_field_of_every_file_model_has_a_description():
    missing = [f"{model.__name__}.{info.alias or name}"
               for model in _all_models() for name, info in model.model_fields.items()
               if not field_description(model, info.alias or name).strip()]
    assert missing == [], "describe these fields in programtheory/field_docs.py: " + \
        ", ".join(missing)


def test_the_description_table_names_only_real_models_and_fields():
    models = {m.__name__: m for m in _all_models()}
    stale = [f"{name}.{key}" for name, fields in MODELS.items() for key in fields
             if name not in models or key not in
             {info.alias or n for n, info in models[name].model_fields.items()}]
    assert stale == []
    used = {info.alias or n for m in models.values() for n, info in m.model_fields.items()}
    assert set(COMMON) <= used


def test_a_model_description_wins_over_the_table():
    from pydantic import Field

    class Probe(BaseModel):
        id: str = Field(description="own words")
        note: str = ""
        other: str = ""

    assert field_description(Probe, "id") == "own words"
    assert field_description(Probe, "note") == COMMON["note"]
    assert field_description(Probe, "other") == ""
