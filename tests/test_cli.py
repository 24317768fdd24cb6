"""The command line: exit codes, formats and messages (never a traceback)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from golden_support import BASE as VALID
from golden_support import CASES, golden_project
from programtheory.cli import main


def test_validate_valid_project_exits_0(capsys):
    assert main(["validate", str(VALID)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "0 error(s)" in captured.err


def test_validate_defaults_to_current_directory(monkeypatch, capsys):
    monkeypatch.chdir(VALID)
    assert main(["validate"]) == 0


def test_validate_data_errors_exit_1_with_file_line_col_and_hint(capsys, tmp_path):
    project = golden_project("pt302-dangling-link-target", tmp_path / "p")
    assert main(["validate", str(project)]) == 1
    out = capsys.readouterr().out.splitlines()
    error = next(line for line in out if "error[PT302]" in line)
    file, line, col, _ = error.split(":", 3)
    assert file == "theory/versions/v1.yaml" and int(line) > 0 and int(col) > 0
    assert out[out.index(error) + 1].startswith("  hint: did you mean 'oc_safety'?")


def test_warnings_alone_exit_0(capsys, tmp_path):
    assert main(["validate", str(golden_project("pt404-orphan", tmp_path / "p"))]) == 0
    assert "warning[PT404]" in capsys.readouterr().out


def test_no_warnings_option_hides_warnings(capsys, tmp_path):
    main(["validate", "--no-warnings", str(golden_project("pt404-orphan", tmp_path / "p"))])
    assert "PT404" not in capsys.readouterr().out


def test_json_format(capsys, tmp_path):
    project = golden_project("many-problems-at-once", tmp_path / "p")
    assert main(["validate", "--format", "json", str(project)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] >= 5
    first = report["findings"][0]
    assert set(first) >= {"code", "name", "severity", "file", "line", "col", "message", "hint"}
    assert {f["code"] for f in report["findings"]} >= {"PT105", "PT302", "PT304", "PT306",
                                                        "PT308"}


def test_not_a_project_exits_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    assert "not a project folder" in capsys.readouterr().err


def test_usage_error_exits_2(capsys):
    assert main(["validate", "--format", "xml"]) == 2
    assert "--help" in capsys.readouterr().err


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "validate" in capsys.readouterr().out


def test_help_lists_commands_and_exit_codes(capsys):
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    for word in ("validate", "render", "diff", "build", "exit codes"):
        assert word in text


def test_unreadable_file_is_reported_not_raised(tmp_path, capsys):
    project = tmp_path / "p"
    shutil.copytree(VALID, project)
    target = project / "theory" / "versions" / "v1.yaml"
    target.unlink()
    target.mkdir()  # a folder where a file is expected: reading fails
    (project / "theory" / "versions" / "v1.yaml" / ".keep").write_text("")
    code = main(["validate", str(project)])
    assert code in (1, 2)
    assert "Traceback" not in capsys.readouterr().err


def test_errors_catalogue_lists_every_code(capsys):
    from programtheory.findings import CATALOGUE
    assert main(["errors"]) == 0
    page = capsys.readouterr().out
    for code in CATALOGUE:
        assert f"| {code} |" in page


def test_python_dash_m_is_the_same_command(tmp_path):
    result = subprocess.run([sys.executable, "-m", "programtheory", "validate", str(VALID)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    broken = golden_project("pt105-duplicate-key", tmp_path / "p")
    bad = subprocess.run([sys.executable, "-m", "programtheory", "validate", str(broken)],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and "PT105" in bad.stdout and "Traceback" not in bad.stderr


def test_every_golden_case_never_crashes(capsys, tmp_path):
    for case in CASES:
        assert main(["validate", str(golden_project(case, tmp_path / case))]) in (0, 1)
    assert "Traceback" not in capsys.readouterr().err


def test_render_format_follows_the_output_name(tmp_path, capsys):
    out = tmp_path / "figure.svg"
    assert main(["render", str(VALID), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert main(["render", str(VALID), "--out", str(tmp_path / "f.svg"),
                 "--format", "png"]) == 2
    assert "--format svg" in capsys.readouterr().err


def test_render_refuses_depth_without_focus_and_filters_that_keep_nothing(capsys):
    assert main(["render", str(VALID), "--depth", "2"]) == 2
    assert "--depth needs --focus" in capsys.readouterr().err
    assert main(["render", str(VALID), "--kind", "feedback"]) == 2
    assert "keep no element" in capsys.readouterr().err


def test_diff_takes_the_project_folder_like_every_command(capsys):
    assert main(["diff", "v1", "v1", str(VALID), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["old"]["id"] == "v1"
    assert main(["diff", "v1", "v9", str(VALID)]) == 2
    assert "unknown version 'v9'" in capsys.readouterr().err
