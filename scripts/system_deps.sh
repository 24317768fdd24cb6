#!/usr/bin/env bash
# Makes sure a system program the project needs is present: Graphviz (`dot`, for every figure),
# Chromium or its headless shell (for the browser tests), TeX (xelatex and pdflatex, for the
# LaTeX export tests) or LibreOffice with poppler's pdftotext (for the office round-trip and
# print tests). Installs it
# on Debian/Ubuntu when run as root, as CI does; otherwise prints the install command for the
# platform and fails.
set -euo pipefail
what="${1:?usage: system_deps.sh graphviz|chromium|tex|libreoffice}"
case "$what" in
  graphviz) probe=dot;      debian=graphviz; brew=graphviz;        conda="conda install -c conda-forge graphviz" ;;
  # the browser tests prefer Chromium's headless shell (lighter) and also run with the browser
  chromium) probe="chromium-headless-shell|chromium"; debian=chromium-headless-shell
            brew="--cask chromium"; conda="" ;;
  tex)      probe=xelatex;  debian="texlive-xetex texlive-latex-recommended texlive-fonts-recommended lmodern"
            brew="--cask mactex-no-gui"; conda="" ;;
  libreoffice) probe="soffice pdftotext"; debian="libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils"
               brew="--cask libreoffice && brew install poppler"; conda="" ;;
  *) echo "system_deps.sh: unknown dependency '$what'" >&2; exit 2 ;;
esac
missing=""
present() {  # every program of $probe is on the PATH (a|b: either); the others go to $missing
  local program alternative found
  missing=""
  for program in $probe; do
    found=""
    for alternative in ${program//|/ }; do
      command -v "$alternative" >/dev/null 2>&1 && found=1
    done
    [[ -n "$found" ]] || missing+=" ${program//|/ or }"
  done
  [[ -z "$missing" ]]
}
if present; then exit 0; fi
if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing $debian (Debian package)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  # another install may hold the dpkg lock (unattended upgrades, a parallel make): wait for it
  lock=(-o DPkg::Lock::Timeout=600)
  # shellcheck disable=SC2086  # $debian may name several packages
  if apt-get "${lock[@]}" update -qq >/dev/null && apt-get "${lock[@]}" install -y -qq $debian fonts-dejavu-core >/dev/null
  then
    present && exit 0
  fi
  echo "Installing $debian with apt-get failed." >&2
fi
{
  echo "Missing:$missing (programtheory needs $what)."
  echo "  Debian/Ubuntu: sudo apt-get install $debian"
  echo "  macOS:         brew install $brew"
  [[ -n "$conda" ]] && echo "  conda:         $conda"
  [[ "$what" == graphviz ]] && echo "  Windows:       winget install graphviz"
} >&2
exit 1
