"""Both .tex exports compile, with the shipped data and with hostile text, in a real TeX run
(Debian's texlive: pdflatex, and xelatex with fontspec)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from text_support import REPO

from programtheory import charts, load_project, tables

pytestmark = pytest.mark.slow

ODD = ("ctl\x01\x07\x0b\x1b[1m end · emoji 😀👩‍👩‍👧 · rtl \u202eabc\u202c · combining e\u0301 a\u0308 "
       "· sep\u2028line\u2029para · ≥ ≤ ≠ € – — ‘x’ “y” … ½ · $x$ & % # _ { } ~ ^ \\ · "
       "zw\u200bj · Ελληνικά · Кириллица · עברית · 中文")


def _compile(engine: str, folder: Path, document: str) -> subprocess.CompletedProcess:
    exe = shutil.which(engine)
    if exe is None:
        pytest.fail(f"{engine} is missing: 'make test' installs it (scripts/system_deps.sh tex)")
    (folder / "doc.tex").write_text(document, encoding="utf-8")
    return subprocess.run([exe, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                          cwd=folder, capture_output=True, timeout=300, check=False)


def _plain(fragment_name: str) -> str:
    return ("\\documentclass{article}\n\\begin{document}\n"
            f"\\input{{{fragment_name}}}\n\\end{{document}}\n")


def _hostile_table():
    table = load_project(REPO).outcome_table
    cells = list(table.cells)
    first = cells[0]
    item = first.items[0].model_copy(update={"text": ODD, "en": ODD})
    return table.model_copy(update={"cells": [first.model_copy(
        update={"items": [item, *first.items[1:]]}), *cells[1:]]})


def _fragments() -> dict[str, str]:
    project = load_project(REPO)
    return {"tabel6": tables.to_latex(project, english=True, details=True),
            "tabel6_hostile": tables.to_latex(_hostile_table(), english=True, details=True),
            "barometer_metingen": charts.wave_records(project.barometer).to_latex(),
            "records_hostile": tables.records_to_latex(["a", ODD], [[ODD, 1]], caption=ODD)}


@pytest.mark.parametrize("name", ["tabel6_hostile", "barometer_metingen", "records_hostile"])
def test_a_tex_export_compiles_with_pdflatex_as_a_fragment(tmp_path, name):
    (tmp_path / f"{name}.tex").write_text(_fragments()[name], encoding="utf-8")
    done = _compile("pdflatex", tmp_path, _plain(name))
    assert done.returncode == 0, done.stdout.decode("utf-8", "replace")[-3000:]


@pytest.mark.parametrize("engine", ["xelatex", "pdflatex"])
@pytest.mark.parametrize("name", ["tabel6", "tabel6_hostile", "barometer_metingen",
                                  "records_hostile"])
def test_a_tex_export_compiles_as_a_whole_document(tmp_path, name, engine):
    document = tables.latex_document(_fragments()[name])
    done = _compile(engine, tmp_path, document)
    log = done.stdout.decode("utf-8", "replace")
    assert done.returncode == 0, log[-3000:]
    assert "\u202e" not in document and "\x1b" not in document
