#!/usr/bin/env bash
# Makes sure a system program the project needs is present: Graphviz (`dot`, for every figure)
# Chromium (for the browser tests) or LibreOffice (to print the DOCX and XLSX exports in tests). Installs it on Debian/Ubuntu when run as root, as CI does;
# otherwise prints the install command for the platform and fails.
set -euo pipefail
what="${1:?usage: system_deps.sh graphviz|chromium|libreoffice}"
case "$what" in
  graphviz) probe=dot;      debian=graphviz; brew=graphviz;        conda="conda install -c conda-forge graphviz" ;;
  chromium) probe=chromium; debian=chromium; brew="--cask chromium"; conda="" ;;
  libreoffice) probe=soffice; debian="libreoffice-writer-nogui libreoffice-calc-nogui"
               brew="--cask libreoffice"; conda="" ;;
  *) echo "system_deps.sh: unknown dependency '$what'" >&2; exit 2 ;;
esac
if command -v "$probe" >/dev/null 2>&1; then exit 0; fi
if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing $debian (Debian package)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq >/dev/null && apt-get install -y -qq $debian fonts-dejavu-core >/dev/null
  then
    command -v "$probe" >/dev/null 2>&1 && exit 0
  fi
  echo "Installing $debian with apt-get failed." >&2
fi
{
  echo "'$probe' is missing: programtheory needs $what."
  echo "  Debian/Ubuntu: sudo apt-get install $debian"
  echo "  macOS:         brew install $brew"
  [[ -n "$conda" ]] && echo "  conda:         $conda"
  [[ "$what" == graphviz ]] && echo "  Windows:       winget install graphviz"
} >&2
exit 1
