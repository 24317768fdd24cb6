"""Broken copies of the real data: validation never crashes, and every problem names its file
(and, for problems inside a file, the line)."""

from __future__ import annotations

import random

import pytest

from programtheory import project as project_module
from programtheory import read_project
from programtheory.cli import main
from text_support import copy_project

def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    how = rng.choice(["delete", "duplicate", "indent", "dedent", "truncate", "colon", "tab",
                      "quote", "dash", "swap", "bytes"])
    if how == "delete":
        del lines[i]
    elif how == "duplicate":
        lines.insert(i, lines[i])
    elif how == "indent":
        lines[i] = "   " + lines[i]
    elif how == "dedent":
        lines[i] = lines[i].lstrip()
    elif how == "truncate":
        return "\n".join(lines[:i]) + "\n" + lines[i][: len(lines[i]) // 2]
    elif how == "colon":
        lines[i] = lines[i] + ": x"
    elif how == "tab":
        lines[i] = "\t" + lines[i]
    elif how == "quote":
        lines[i] = lines[i].replace(" ", ' "', 1)
    elif how == "dash":
        lines[i] = "- " + lines[i]
    elif how == "swap" and i + 1 < len(lines):
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    elif how == "bytes":
        return text[: len(text) // 3] + "\udcff" + text[len(text) // 3:]
    return "\n".join(lines)


def _validate(folder, monkeypatch):
    """(exit code of `programtheory validate folder`, the findings it printed from): the
    command's own reading, so that each broken copy is read once."""
    readings = []

    def read_and_keep(path):
        readings.append(read_project(path))
        return readings[-1]

    monkeypatch.setattr(project_module, "read_project", read_and_keep)
    code = main(["validate", str(folder)])
    assert len(readings) == 1, "validate reads the project through project.read_project"
    return code, readings[0]


@pytest.mark.parametrize("seed", range(40))
def test_a_broken_copy_is_reported_never_crashes(tmp_path, monkeypatch, seed):
    project = copy_project(tmp_path)
    rng = random.Random(seed)
    files = sorted(p for p in project.rglob("*.yaml"))
    target = files[seed % len(files)]
    text = target.read_text(encoding="utf-8")
    broken = _mutate(text, rng)
    target.write_bytes(broken.encode("utf-8", errors="surrogateescape"))
    code, result = _validate(project, monkeypatch)  # must not raise
    assert code in (0, 1)
    for finding in result.findings:
        assert finding.file, finding
        inside_a_file = finding.file.endswith(".yaml") and finding.code not in ("PT108", "PT504")
        if inside_a_file and finding.severity.value == "error":
            assert finding.line > 0, finding.format()


def test_deleting_a_node_reports_the_links_and_evidence_that_used_it(tmp_path):
    project = copy_project(tmp_path)
    version = project / "theory" / "versions" / "revised.yaml"
    text = version.read_text(encoding="utf-8")
    start = text.index("  - id: rev_st_trust\n")
    end = text.index("\n  - id: ", start + 10)
    version.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    result = read_project(project)
    dangling = [f for f in result.errors if "rev_st_trust" in f.message]
    assert {f.code for f in dangling} >= {"PT302", "PT303"}
    assert all(f.line > 0 for f in dangling)
    assert all(f.hint.startswith("did you mean '") for f in dangling), [f.hint for f in dangling]
