"""An --out name must end in a suffix of the format written (render, export)."""

from __future__ import annotations

from pathlib import Path

import pytest
from golden_support import golden_project

from programtheory.cli import main
from programtheory.errors import UsageError
from programtheory.outfiles import SUFFIXES, check_out_suffix, format_for_suffix



@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> Path:
    return golden_project("ok-valid", tmp_path_factory.mktemp("outfiles") / "project")


@pytest.mark.parametrize("name", ["figure.jpg", "figure.docx", "figure.txt"])
def test_render_refuses_a_suffix_of_another_format_and_writes_nothing(valid, tmp_path, capsys,
                                                                      name):
    out = tmp_path / name
    assert main(["render", str(valid), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f".{name.rsplit('.', 1)[1]}" in err and ".html" in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_render_with_a_format_refuses_a_foreign_suffix(valid, tmp_path, capsys):
    assert main(["render", str(valid), "--format", "svg", "--out", str(tmp_path / "f.jpg")]) == 2
    assert ".svg" in capsys.readouterr().err


def test_render_accepts_htm_and_a_name_without_suffix(valid, tmp_path):
    assert main(["render", str(valid), "--out", str(tmp_path / "page.htm")]) == 0
    assert "<html" in (tmp_path / "page.htm").read_text(encoding="utf-8").lower()
    assert main(["render", str(valid), "--out", str(tmp_path / "plain")]) == 0
    assert (tmp_path / "plain").is_file()


def test_export_refuses_a_foreign_suffix(valid, tmp_path, capsys):
    assert main(["export", "json", str(valid), "--out", str(tmp_path / "graph.xlsx")]) == 2
    assert ".json" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_every_format_accepts_its_own_suffixes_and_no_other():
    for fmt, suffixes in SUFFIXES.items():
        for suffix in suffixes:
            check_out_suffix(f"x.{suffix}", fmt)
            check_out_suffix(f"X.{suffix.upper()}", fmt)
            assert format_for_suffix(suffix, SUFFIXES) == fmt
        for other, theirs in SUFFIXES.items():
            if other != fmt:
                with pytest.raises(UsageError):
                    check_out_suffix(f"x.{theirs[0]}", fmt)
