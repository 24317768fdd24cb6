"""build.multi and build --lang: one site per language side by side, each page in one language,
with a switch; and a failure shown out of date in the page's own language."""

from __future__ import annotations

import json

import pytest

from build_support import copy_project
from programtheory.build import build_languages, build_report
from programtheory.cli import main as cli_main
from programtheory.errors import UsageError

SPEAKER = '''# %% [markdown]
# # Taal

# %% tags=["parameters"]
project = ".."
out_dir = "."
lang = "nl"
fail = "no"

# %%
from pathlib import Path

from programtheory import load_project

theory = load_project(project)
first = theory.version(None).nodes[0]
Path(out_dir, "label.txt").write_text(getattr(first.label, lang) or "", encoding="utf-8")
Path(out_dir, "lang.txt").write_text(lang, encoding="utf-8")

# %%
if fail == "yes":
    raise RuntimeError("broken on purpose")
'''


@pytest.fixture()
def project(tmp_path):
    root = copy_project(tmp_path / "p")
    notebooks = tmp_path / "nbs"
    notebooks.mkdir()
    (notebooks / "speaker.py").write_text(SPEAKER, encoding="utf-8")
    return root, notebooks


@pytest.mark.slow
def test_every_language_side_by_side_with_a_switch(project, tmp_path):
    root, notebooks = project
    out = tmp_path / "site"
    builds = build_languages(root, out=out, notebooks=notebooks, quiet=True, jobs=1)
    assert builds.ok and [r.lang for r in builds.results] == ["nl", "en"]
    labels = {}
    for lang, other in (("nl", "en"), ("en", "nl")):
        folder = out / lang / "speaker"
        assert (folder / "lang.txt").read_text(encoding="utf-8") == lang
        labels[lang] = (folder / "label.txt").read_text(encoding="utf-8")
        index = (out / lang / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in index
        assert f'href="../{other}/index.html"' in index  # the switch
        page = (folder / "speaker.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in page
    assert labels["nl"] != labels["en"] and all(labels.values())
    chooser = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="nl/index.html"' in chooser and 'href="en/index.html"' in chooser
    # nothing changed: both languages come from their caches
    again = build_languages(root, out=out, notebooks=notebooks, quiet=True)
    assert all(r.ran == [] and r.cached == ["speaker"] for r in again.results)


@pytest.mark.slow
def test_an_english_build_shows_a_failure_out_of_date_in_english(project, tmp_path, capsys):
    root, notebooks = project
    out = tmp_path / "site"
    args = ["build", str(root), "--notebooks", str(notebooks), "--out", str(out)]
    assert cli_main([*args, "--lang", "en"]) == 0
    assert cli_main([*args, "--lang", "en", "-p", "fail=yes"]) == 1
    page = (out / "speaker" / "speaker.html").read_text(encoding="utf-8")
    assert "Out of date." in page and "broken on purpose" in page and "erouderd" not in page
    assert (out / "speaker" / "lang.txt").read_text(encoding="utf-8") == "en"  # last good
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "FAILED — outputs out of date" in index and "MISLUKT" not in index
    kept = json.loads((out / "speaker" / "speaker.ipynb").read_text(encoding="utf-8"))
    assert "Out of date." in kept["cells"][0]["source"]
    capsys.readouterr()


def test_a_language_the_project_lacks_is_a_usage_error(project, tmp_path):
    root, notebooks = project
    with pytest.raises(UsageError, match="--lang de: the project is written in nl, en"):
        build_report(root, notebooks=notebooks, lang="de", quiet=True)
    assert cli_main(["build", str(root), "--lang", "de"]) == 2
    assert not (root / "build").exists()


def test_the_language_chooser_never_replaces_a_foreign_index(project, tmp_path):
    root, notebooks = project
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("<p>mine</p>", encoding="utf-8")
    with pytest.raises(UsageError, match="not a language chooser"):
        build_languages(root, out=out, notebooks=notebooks, quiet=True)
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>mine</p>"
