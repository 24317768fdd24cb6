"""Reading is bounded: only regular files inside the project are read, the size limit holds
while reading, and nothing about a file outside the project reaches a finding."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from text_support import copy_project, replace_once

from programtheory import read_project

MEMORY_CAP = 1 << 30  # bytes of address space for a validate run that might read forever


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _validate(project: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """`programtheory validate` in a child with capped memory and time: a reader that does not
    stop fails the test instead of exhausting the machine."""
    return subprocess.run([sys.executable, "-m", "programtheory", "validate", str(project)],
                          capture_output=True, text=True, timeout=timeout,
                          preexec_fn=_cap_memory, check=False)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_link_to_dev_zero_is_a_clear_finding_at_once(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "theory/evidence/z.yaml").symlink_to("/dev/zero")
    started = time.monotonic()
    done = _validate(project)
    assert time.monotonic() - started < 30
    assert "Traceback" not in done.stderr
    assert done.returncode == 1
    line = next(x for x in done.stdout.splitlines() if x.startswith("theory/evidence/z.yaml"))
    assert "PT111" in line or "PT110" in line


def test_a_device_inside_the_project_is_not_read(tmp_path):
    project = copy_project(tmp_path / "p")
    fifo = project / "theory/evidence/pipe.yaml"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    done = _validate(project)
    assert done.returncode == 1
    assert "theory/evidence/pipe.yaml: error[PT110]" in done.stdout
    assert "regular file" in done.stdout


def test_the_size_limit_holds_while_reading(tmp_path, monkeypatch):
    from programtheory import yamlio

    project = copy_project(tmp_path / "p")
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 1000)
    real_stat = Path.stat

    def lying_stat(self, *args, **kwargs):  # a file that reports 0 bytes, like /proc or /dev
        result = real_stat(self, *args, **kwargs)
        if self.name == "quotes.yaml":
            return os.stat_result((result.st_mode, *result[1:6], 0, *result[7:]))
        return result

    monkeypatch.setattr(Path, "stat", lying_stat)
    found = [f for f in read_project(project).findings
             if f.file == "theory/evidence/quotes.yaml"]
    assert [f.code for f in found] == ["PT103"]


def test_a_link_out_of_the_project_is_refused_and_never_quoted(tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("token: TOKEN-d41d8cd98f00\nnodes: [TOKEN-d41d8cd98f00\n", encoding="utf-8")
    project = copy_project(tmp_path / "p")
    (project / "theory/evidence/borrowed.yaml").symlink_to(secret)
    # a link that stays inside the project is followed
    (project / "shared-evidence").mkdir()
    os.replace(project / "theory/evidence/statistics.yaml",
               project / "shared-evidence/statistics.yaml")
    (project / "theory/evidence/statistics.yaml").symlink_to(
        "../../shared-evidence/statistics.yaml")
    done = _validate(project)
    assert done.returncode == 1
    assert "TOKEN-d41d8cd98f00" not in done.stdout + done.stderr
    assert "theory/evidence/borrowed.yaml: error[PT111]" in done.stdout
    assert [x for x in done.stdout.splitlines() if ": error[" in x] == [
        "theory/evidence/borrowed.yaml: error[PT111]: this is a link to something outside the "
        "project; it is not read"]


def test_a_folder_linked_out_of_the_project_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "stolen.yaml").write_text("evidence: [SECRET-VALUE-77\n", encoding="utf-8")
    project = copy_project(tmp_path / "p")
    (project / "theory/evidence/more").symlink_to(outside)
    os.symlink("more/stolen.yaml", project / "theory/evidence/via_folder.yaml")
    done = _validate(project)
    assert "SECRET-VALUE-77" not in done.stdout + done.stderr
    assert "theory/evidence/via_folder.yaml: error[PT111]" in done.stdout


def _sources_finding_text(project: Path, file_name: str, folder: str) -> list[str]:
    sources = project / "theory/sources.yaml"
    text = sources.read_text(encoding="utf-8")
    text = text.replace("file: 000_c72b6f80c2ca2492.txt", f"file: {file_name}", 1)
    text = text.replace("search: [../shared/seed, shared/seed]", f"search: [{folder}]", 1)
    sources.write_text(text, encoding="utf-8")
    return [f.format() for f in read_project(project).findings]


@pytest.mark.skipif(not Path("/etc/passwd").is_file(), reason="needs /etc/passwd")
def test_a_report_path_out_of_the_project_reveals_nothing(tmp_path):
    deep = "../../../../../../../../../../etc"
    shown = _sources_finding_text(copy_project(tmp_path / "a"), "passwd", deep)
    absent = _sources_finding_text(copy_project(tmp_path / "b"), "no-such-file-x", deep)
    assert [s.replace("no-such-file-x", "passwd") for s in absent] == shown
    assert not any("past the end of the report" in s for s in shown)
    assert any("PT112" in s and "search" in s for s in shown)
    beside = tmp_path / "texts"  # a folder beside the project is allowed
    beside.mkdir()
    (beside / "report.txt").write_text("one line\n", encoding="utf-8")
    allowed = _sources_finding_text(copy_project(tmp_path / "c"), "report.txt", "../texts")
    assert not any("PT112" in s for s in allowed)
    assert any("PT208" in s and "(1 lines)" in s for s in allowed)  # the text was read


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_report_text_that_is_a_device_is_a_finding(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "texts").mkdir()
    (project / "texts/report.txt").symlink_to("/dev/zero")
    sources = project / "theory/sources.yaml"
    replace_once(sources, "file: 000_c72b6f80c2ca2492.txt", "file: report.txt")
    replace_once(sources, "search: [../shared/seed, shared/seed]", "search: [texts]")
    done = _validate(project)
    assert "Traceback" not in done.stderr
    assert "theory/sources.yaml" in done.stdout
    assert "PT111" in done.stdout or "PT110" in done.stdout
