"""JupyterLab as users expect it: `make lab` (scripts/lab.sh) starts as root and as a user and
serves the project's settings, and the Binder/JupyterHub files build a working environment."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from project_support import REPO

OVERRIDES = REPO / ".jupyter" / "labconfig" / "default_setting_overrides.json"
DOCMANAGER = "@jupyterlab/docmanager-extension:plugin"


def test_project_settings_open_notebooks_as_notebooks_and_markdown_as_markdown():
    viewers = json.loads(OVERRIDES.read_text(encoding="utf-8"))[DOCMANAGER]["defaultViewers"]
    assert viewers == {"python": "Jupytext Notebook", "markdown": "Markdown Preview"}


def test_binder_files_name_what_the_environment_needs():
    assert "graphviz" in (REPO / "apt.txt").read_text(encoding="utf-8").split()
    requirements = (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "-e .[lab]" in requirements
    post_build = REPO / "postBuild"
    assert os.access(post_build, os.X_OK)
    assert post_build.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash")
    assert os.access(REPO / "scripts" / "lab.sh", os.X_OK)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get_json(url: str, deadline: float, process: subprocess.Popen) -> dict:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.load(response)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if process.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.mark.slow
def test_lab_starts_with_the_project_settings_and_kernel(tmp_path):
    """scripts/lab.sh (what `make lab` runs) starts JupyterLab, as root too, in notebooks/,
    with the project's default viewers and the project's kernel."""
    import jupyterlab  # noqa: F401  (the test extra installs it, so CI runs this test)
    port, token = _free_port(), "programtheory-test"
    env = {**os.environ, "VENV": str(Path(sys.prefix)), "JUPYTER_RUNTIME_DIR": str(tmp_path),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "user-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces")}
    process = subprocess.Popen(
        [str(REPO / "scripts" / "lab.sh"), "--no-browser", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 120
        settings = _get_json(f"{base}/lab/api/settings/{DOCMANAGER}?token={token}",
                             deadline, process)
        # overrides become the schema's defaults, which the user's own settings may change
        viewers = settings["schema"]["properties"]["defaultViewers"]["default"]
        assert viewers["python"] == "Jupytext Notebook"
        assert viewers["markdown"] == "Markdown Preview"
        kernels = _get_json(f"{base}/api/kernelspecs?token={token}", deadline, process)
        assert "programtheory" in kernels["kernelspecs"]
        contents = _get_json(f"{base}/api/contents?token={token}", deadline, process)
        names = {item["name"] for item in contents["content"]}
        assert {"barometer.py", "README.md"} <= names  # served from notebooks/
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


def test_lab_script_explains_a_missing_jupyterlab(tmp_path):
    (tmp_path / "bin").mkdir()
    result = subprocess.run([str(REPO / "scripts" / "lab.sh")], env={**os.environ,
                            "VENV": str(tmp_path)}, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "make lab" in result.stderr and str(tmp_path) in result.stderr


@pytest.mark.slow
def test_post_build_in_a_fresh_venv_installs_the_package_and_registers_the_kernel(tmp_path):
    """What Binder or a JupyterHub (repo2docker) does with the repository: a fresh environment,
    requirements.txt installed into it, then postBuild. The kernel must be registered for that
    environment's Python."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("pyproject.toml", "README.md", "postBuild", "requirements.txt"):
        shutil.copy2(REPO / name, repo / name)
    shutil.copytree(REPO / "src", repo / "src", ignore=shutil.ignore_patterns(
        "__pycache__", "*.egg-info"))
    shutil.copytree(REPO / ".jupyter", repo / ".jupyter")
    venv = tmp_path / "venv"
    # uv makes the environment (with pip, as `python -m venv` would, in a tenth of the time)
    # and installs requirements.txt as repo2docker's pip would, from its cache in seconds
    # rather than minutes; postBuild then runs its own pip exactly as on Binder
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    assert uv, "uv is missing: `make setup` installs it into .venv"
    subprocess.run([uv, "venv", "--quiet", "--seed", "--python", sys.executable, str(venv)],
                   check=True, timeout=120)
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
           "VIRTUAL_ENV": str(venv)}
    env.pop("PYTHONHOME", None)
    subprocess.run([uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"),
                    "-r", "requirements.txt"], cwd=repo, env=env, check=True, timeout=600)
    result = subprocess.run([str(repo / "postBuild")], env=env, capture_output=True,
                            text=True, timeout=1200)
    assert result.returncode == 0, result.stderr[-3000:]
    listing = subprocess.run([str(venv / "bin" / "jupyter"), "kernelspec", "list", "--json"],
                             env=env, capture_output=True, text=True, check=True, timeout=120)
    spec = json.loads(listing.stdout)["kernelspecs"]["programtheory"]
    assert Path(spec["resource_dir"]).is_relative_to(venv)
    assert Path(spec["spec"]["argv"][0]).parent == venv / "bin"
    imported = subprocess.run([str(venv / "bin" / "python"), "-c",
                               "import programtheory, jupyterlab; print(programtheory.__file__)"],
                              env=env, capture_output=True, text=True, check=True, timeout=120)
    assert Path(imported.stdout.strip()).is_relative_to(repo)
    installed = venv / "etc" / "jupyter" / "labconfig" / "default_setting_overrides.json"
    assert json.loads(installed.read_text(encoding="utf-8")) == json.loads(
        OVERRIDES.read_text(encoding="utf-8"))
