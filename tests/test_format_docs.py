"""docs/data-format.md: the prose kept, every file's fields tabled once, and the page current."""

from __future__ import annotations


import pytest
from pydantic import RootModel

from programtheory.format_docs import (PROSE, data_format_markdown, models_in_order, type_text)
from programtheory.model import Link, Node, ReportedMean, Wave
from programtheory.schema import FILE_MODELS

from project_support import REPO as ROOT


def test_the_page_is_current():
    assert (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8") == \
        data_format_markdown(ROOT)


def test_every_model_is_tabled_exactly_once_with_every_field():
    page = data_format_markdown(ROOT)
    for root_model in FILE_MODELS.values():
        for model in models_in_order(root_model):
            assert page.count(f"#### `{model.__name__}`") == 1, model.__name__
            if issubclass(model, RootModel):
                continue
            table = page.split(f"#### `{model.__name__}`", 1)[1].split("####", 1)[0]
            for name, info in model.model_fields.items():
                assert f"| `{info.alias or name}` |" in table, f"{model.__name__}.{name}"


def test_the_hand_written_prose_is_kept_and_the_asked_for_fields_are_explained():
    prose = (ROOT / PROSE).read_text(encoding="utf-8")
    page = data_format_markdown(ROOT)
    for paragraph in prose.split("\n\n"):
        if not paragraph.startswith("<!-- fields:"):
            assert paragraph.strip() in page
    for needle in ("rounding step", "`outcome_<term>`", "`added`", "`perspective`",
                   "`literature`", "`share_at_threshold`", "`counts`", "a link id makes "
                   "the link a moderator"):
        assert needle in page, needle


def test_an_unknown_role_in_the_prose_is_refused(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / PROSE).write_text("# x\n\n<!-- fields: versions -->\n", encoding="utf-8")
    with pytest.raises(ValueError, match="versions"):
        data_format_markdown(tmp_path)


def test_roles_the_prose_does_not_place_are_appended(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / PROSE).write_text("# x\n", encoding="utf-8")
    page = data_format_markdown(tmp_path)
    for role in FILE_MODELS:
        assert f"## The `{role}` file" in page


def test_type_names():
    assert type_text(Node.model_fields["in_figure"].annotation) == "`true`/`false`"
    assert type_text(Link.model_fields["source"].annotation) == "text or list of text"
    assert type_text(ReportedMean.model_fields["precision"].annotation) == "number"
    assert type_text(Wave.model_fields["counts"].annotation) == \
        "mapping of integer to integer"
