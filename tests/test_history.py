"""Changes seen through git: `diff` with a revision on either side and `history ID`, in a
repository made by the test (a copy of the project, committed, edited, committed again)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from programtheory.cli import main
from programtheory.history import element_history
from project_support import REPO

OLD_LABEL = "nl: meer vertrouwen ontstaat bij het cliëntsysteem"
NEW_LABEL = "nl: meer vertrouwen groeit bij het cliëntsysteem"
QUOTES = "theory/evidence/quotes.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(where: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "Test Author", "GIT_COMMITTER_EMAIL": "a@example.org"}
    done = subprocess.run(["git", "-C", str(where), *args], capture_output=True, text=True,
                          env=env, check=True)
    return done.stdout


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copytree(REPO / "theory", target / "theory")
    for name in ("outcomes.yaml", "barometer.yaml", "project.yaml"):
        shutil.copy(REPO / name, target / name)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A clone-like repository: the project in a subfolder, three commits."""
    top = tmp_path_factory.mktemp("clone")
    project = copy_project(top / "project")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "The theory as shipped")
    edit(project / "theory/versions/revised.yaml", OLD_LABEL, NEW_LABEL)
    git(top, "commit", "-q", "-am", "Trust grows rather than arises")
    return project


def status(project: Path) -> str:
    return git(project, "status", "--porcelain")


def test_diff_against_the_previous_commit(repo, capsys):
    assert main(["diff", "HEAD~1:revised", "revised", str(repo), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    changed = [c for kind in ("nodes", "groups", "links", "conditions", "evidence")
               for c in data[kind] if c["status"] != "unchanged"]
    assert [(c["element"], c["id"], [f["field"] for f in c["fields"]]) for c in changed] == \
        [("node", "rev_st_trust", ["label_nl"])]
    assert data["old"]["where"].startswith("HEAD~1, ") and data["new"]["where"] == ""
    assert status(repo) == ""  # nothing written, nothing checked out


def test_diff_against_a_branch_as_markdown(repo, capsys):
    git(repo, "branch", "-f", "before", "HEAD~1")
    assert main(["diff", "--against", "before", "revised", str(repo)]) == 0
    text = capsys.readouterr().out
    assert "| Elementen | 0 | 0 | 1 | 0 | 53 |" in text
    assert "meer vertrouwen groeit bij het cliëntsysteem" in text
    assert "```mermaid" in text and ":::changed" in text
    # --against without a version compares the newest version
    assert main(["diff", "--against", "before", str(repo)]) == 0
    assert capsys.readouterr().out == text
    # both sides from git: no change between a commit and itself
    assert main(["diff", "HEAD:revised", "HEAD:revised", str(repo), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert all(c["status"] == "unchanged" for c in data["nodes"])


def test_history_of_a_node(repo, capsys):
    assert main(["history", "rev_st_trust", str(repo)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("History of node 'rev_st_trust': 3 change(s)")
    assert "Trust grows rather than arises" in text and "Test Author" in text
    assert ('label.nl: "meer vertrouwen ontstaat bij het cliëntsysteem" → '
            '"meer vertrouwen groeit bij het cliëntsysteem"') in text
    changelog = element_history(repo, "rev_st_trust")
    assert [(e.commit.message, e.file, e.what) for e in changelog.entries] == [
        ("The theory as shipped", "theory/versions/revised.yaml", "created"),
        ("The theory as shipped", QUOTES, "changed"),
        ("Trust grows rather than arises", "theory/versions/revised.yaml", "changed")]
    assert main(["history", "rev_st_trust", str(repo), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "node" and data["entries"] == [e.to_json() for e in changelog.entries]
    assert data["entries"][-1]["commit"]["author"] == "Test Author"
    link = element_history(repo, "R27")
    assert (link.kind, [e.what for e in link.entries]) == ("link", ["created"])
    first = changelog.entries[0].details
    assert "link R27 added: rev_st_trust → rev_st_willingness" in first
    assert any(line.startswith("evidence q_3625 added") for line in
               changelog.entries[1].details)


def test_history_of_deleted_elements_and_evidence(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "first")
    quotes = project / QUOTES
    text = quotes.read_text(encoding="utf-8")
    start = text.index("  - id: q_3625\n")
    end = text.index("\n  - id:", start + 1) + 1
    quotes.write_text(text[:start] + text[end:], encoding="utf-8")
    git(project, "commit", "-q", "-am", "Drop a quote")
    changelog = element_history(project, "q_3625")
    assert changelog.kind == "evidence"
    assert [(e.commit.message, e.what) for e in changelog.entries] == [("first", "created"),
                                                                     ("Drop a quote", "deleted")]
    assert main(["history", "q_3625", str(project), "--format", "markdown"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("# History of evidence `q_3625`")
    assert "| Drop a quote | theory/evidence/quotes.yaml | deleted |" in page


# ------------------------------------------------------------------ clear errors

def test_errors_outside_git_and_for_an_unknown_revision(repo, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    plain = copy_project(tmp_path / "plain")
    for argv in (["diff", "HEAD~1:revised", "revised", str(plain)],
                 ["diff", "--against", "main", str(plain)],
                 ["history", "rev_st_trust", str(plain)]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "is not inside a git repository" in err and "Traceback" not in err
    assert main(["diff", "nosuchbranch:revised", "revised", str(repo)]) == 2
    assert "unknown git revision 'nosuchbranch'" in capsys.readouterr().err
    assert main(["diff", "HEAD~99:revised", "revised", str(repo)]) == 2
    assert "unknown git revision 'HEAD~99'" in capsys.readouterr().err
    assert main(["diff", "HEAD:nope", "revised", str(repo)]) == 2
    assert "at HEAD: unknown version 'nope'" in capsys.readouterr().err
    assert main(["history", "no_such_element", str(repo)]) == 2
    assert "no commit holds an element 'no_such_element'" in capsys.readouterr().err
    assert main(["diff", "--", "-x:revised", "revised", str(repo)]) == 2


def test_history_reads_only_the_items_that_mention_the_element(monkeypatch):
    """The fast path (parsing only the list items that mention the element) gives the same
    state as parsing the whole file."""
    import yaml

    from programtheory import history

    cases = []
    for path in sorted((REPO / "theory").glob("*/*.yaml")):
        raw = path.read_bytes()
        data = yaml.safe_load(raw)
        ids = sorted(i["id"] for key in ("nodes", "groups", "links", "evidence")
                     for i in data.get(key) or [])
        cases += [(raw, element, "versions" in path.parts) for element in ids[::7]]
    fast = [history._snapshot(raw, element, is_version) for raw, element, is_version in cases]
    assert sum(1 for raw, element, _ in cases if history._reduced(raw, element)) > 50
    monkeypatch.setattr(history, "_reduced", lambda raw, element: None)
    whole = [history._snapshot(raw, element, is_version) for raw, element, is_version in cases]
    assert fast == whole
    assert all(state.get("own") for state in whole if state)


def test_a_revision_is_read_as_the_folder_is(tmp_path, capsys):
    """Files in a folder below theory/versions/ are not part of the project, in git as on
    disk; two files with one version id are an error at a revision too."""
    top = tmp_path / "clone"
    project = copy_project(top)
    archive = project / "theory/versions/archive"
    archive.mkdir()
    (archive / "old.yaml").write_text(
        (project / "theory/versions/initial.yaml").read_text(encoding="utf-8")
        .replace("id: initial", "id: archived", 1), encoding="utf-8")
    shutil.copy(project / "theory/versions/initial.yaml", project / "theory/versions/twin.yaml")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "an archive and a twin")
    assert main(["diff", "HEAD:revised", "revised", str(project)]) == 2
    err = capsys.readouterr().err
    assert "PT301" in err and "twin.yaml" in err
    (project / "theory/versions/twin.yaml").unlink()
    git(top, "commit", "-q", "-am", "no twin")
    assert main(["diff", "HEAD:archived", "initial", str(project)]) == 2
    assert "archived" in capsys.readouterr().err
