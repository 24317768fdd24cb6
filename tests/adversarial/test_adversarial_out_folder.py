"""The build owns only what it made; no command writes over a project's own files.

Each case is an attack that destroyed or overwrote a user's file before: a folder named like
a notebook inside the project, a thesis in an output folder, `render --out` onto a version.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_support import FIXTURE_NOTEBOOKS, FIXTURE_PROJECT, copy_project
from programtheory.cli import main as cli_main

pytestmark = pytest.mark.slow


def _project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project", FIXTURE_NOTEBOOKS, FIXTURE_PROJECT)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_out_is_the_project_folder_is_refused_and_nothing_is_touched(tmp_path, capsys):
    root = _project(tmp_path)
    (root / "hello").mkdir()
    (root / "hello" / "raw_2024.csv").write_text("respondent,score\n1,7\n", encoding="utf-8")
    before = _snapshot(root)
    for extra in ([], ["--force"]):
        code = cli_main(["build", str(root), "--notebooks", str(root / "notebooks"), "--out", str(root), "--only", "hello", *extra])
        err = capsys.readouterr().err
        assert code == 2, err
        assert "is the project folder" in err and "Traceback" not in err
        assert _snapshot(root) == before, "the project folder was changed"
        assert not (root / "index.html").exists()


def test_out_inside_the_project_data_is_refused(tmp_path, capsys):
    root = _project(tmp_path)
    code = cli_main(["build", str(root), "--notebooks", str(root / "notebooks"), "--out", str(root / "theory" / "site")])
    assert code == 2
    assert "theory/ folder" in capsys.readouterr().err
    assert not (root / "theory" / "site").exists()


def _foreign_out(tmp_path: Path) -> Path:
    out = tmp_path / "folder"
    (out / "hello").mkdir(parents=True)
    (out / "hello" / "thesis.docx").write_bytes(b"PK\x03\x04 my thesis")
    (out / "flaky").mkdir()
    (out / "flaky" / "data.xlsx").write_bytes(b"PK\x03\x04 my data")
    (out / "index.html").write_text("<p>my own page</p>", encoding="utf-8")
    return out


def test_non_empty_folder_that_no_build_made_is_refused_with_what_would_be_touched(
        tmp_path, capsys):
    root = _project(tmp_path)
    out = _foreign_out(tmp_path)
    before = _snapshot(out)
    code = cli_main(["build", str(root), "--notebooks", str(root / "notebooks"), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "no build made it" in err and "--force" in err
    assert "index.html (replaced)" in err
    assert "hello/ (holds 1 file(s)" in err and "flaky/ (holds 1 file(s)" in err
    assert _snapshot(out) == before
    assert not (out / ".cache").exists()


def test_force_builds_there_and_keeps_every_file_it_did_not_make(tmp_path, capsys):
    root = _project(tmp_path)
    out = _foreign_out(tmp_path)
    assert cli_main(["build", str(root), "--notebooks", str(root / "notebooks"), "--out", str(out), "--force"]) == 0, \
        capsys.readouterr().err
    assert (out / "hello" / "thesis.docx").read_bytes() == b"PK\x03\x04 my thesis"
    assert (out / "flaky" / "data.xlsx").read_bytes() == b"PK\x03\x04 my data"
    assert (out / "hello" / "hello.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "thesis.docx" not in index and "data.xlsx" not in index
    files = json.loads((out / ".cache" / "manifest.json").read_text())["files"]
    assert "hello/thesis.docx" not in files and "hello/hello.html" in files

    # a rebuild replaces what the build made, and only that
    (out / "hello" / "notes.txt").write_text("dropped in later", encoding="utf-8")
    assert cli_main(["build", str(root), "--notebooks", str(root / "notebooks"), "--out", str(out), "--force", "-p", "fail=yes"]) == 1
    assert (out / "hello" / "thesis.docx").is_file() and (out / "hello" / "notes.txt").is_file()
    assert (out / "flaky" / "data.xlsx").is_file()  # beside a failed notebook, too
    # the build's own last good output stays, marked out of date in the index
    assert (out / "flaky" / "result.json").is_file()
    section = (out / "index.html").read_text(encoding="utf-8").split('id="flaky"')[1]
    assert "verouderd" in section.split("</section>")[0]


def test_a_tampered_manifest_cannot_make_the_build_delete_outside(tmp_path, capsys):
    root = _project(tmp_path)
    out = tmp_path / "site"
    assert cli_main(["build", str(root), "--notebooks", str(root / "notebooks"), "--out", str(out)]) == 0, capsys.readouterr().err
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (out / "hello" / "mine.txt").write_text("keep me too", encoding="utf-8")
    manifest_path = out / ".cache" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest.setdefault("files", []).extend(["../victim.txt", "hello/../../victim.txt",
                                             str(victim)])
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    assert cli_main(["build", str(root), "--notebooks", str(root / "notebooks"), "--out", str(out), "--force"]) == 0
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert (out / "hello" / "mine.txt").read_text(encoding="utf-8") == "keep me too"


@pytest.mark.parametrize("target", ["theory/versions/revised.yaml", "outcomes.yaml",
                                    "theory/versions/new.svg", "notebooks/hello.py"])
def test_render_never_writes_over_a_project_file(tmp_path, capsys, target):
    root = _project(tmp_path)
    before = _snapshot(root)
    code = cli_main(["render", str(root), "--out", str(root / target)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "overwrite the project's own files" in err and "Traceback" not in err
    assert _snapshot(root) == before


def test_errors_write_never_replaces_a_file_it_did_not_write(tmp_path, capsys):
    mine = tmp_path / "revised.yaml"
    mine.write_text("version: {id: revised}\n", encoding="utf-8")
    assert cli_main(["errors", "--write", str(mine)]) == 2
    assert "not a catalogue page" in capsys.readouterr().err
    assert mine.read_text(encoding="utf-8") == "version: {id: revised}\n"
    page = tmp_path / "errors.md"
    assert cli_main(["errors", "--write", str(page)]) == 0
    assert cli_main(["errors", "--write", str(page)]) == 0  # its own page: replaced
    assert cli_main(["errors", "--check", str(page)]) == 0


@pytest.mark.parametrize("command", [
    ["export", "xlsx", "{root}", "--out", "{root}/theory/versions/revised.yaml"],
    ["export", "graphml", "{root}", "--out", "{root}/outcomes.yaml"],
    ["confidence", "{root}", "--out", "{root}/theory/evidence/notes.html"],
])
def test_exports_never_write_over_a_project_file(tmp_path, capsys, command):
    root = _project(tmp_path)
    before = _snapshot(root)
    code = cli_main([part.format(root=root) for part in command])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "overwrite the project's own files" in err and "Traceback" not in err
    assert _snapshot(root) == before
