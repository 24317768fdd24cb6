#!/usr/bin/env bash
# Opens the notebooks in JupyterLab with the project's Jupyter settings (.jupyter/labconfig):
# a double click opens a notebook's .py file as a notebook (jupytext) and a Markdown file as
# Markdown. Arguments are passed on to `jupyter lab`; VENV names the virtual environment.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$(cd "$root" && cd "${VENV:-.venv}" && pwd)"
if [[ ! -x "$venv/bin/jupyter-lab" ]]; then
  echo "JupyterLab is not installed in $venv: run 'make lab' (it installs it on first use)." >&2
  exit 2
fi
export JUPYTER_CONFIG_PATH="$root/.jupyter${JUPYTER_CONFIG_PATH:+:$JUPYTER_CONFIG_PATH}"
args=()
# JupyterLab refuses to start as root unless told so; containers and CI machines run as root
if [[ "$(id -u)" == 0 ]]; then args+=(--allow-root); fi
# the notebooks ship inside the package: link them into notebooks/, where `project = ".."` finds
# this project (a notebook of the project's own there wins)
"$venv/bin/python" -m programtheory.build.workspace "$root/notebooks" >/dev/null
cd "$root/notebooks"
exec "$venv/bin/jupyter-lab" "${args[@]}" "$@"
