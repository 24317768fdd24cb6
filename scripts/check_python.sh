#!/usr/bin/env bash
# Fails with a clear message unless the given interpreter is Python 3.11 or newer.
set -euo pipefail
py="${1:-}"
if [[ -z "$py" ]] || ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "programtheory needs Python 3.11 or newer; found: ${py:-none}." >&2
  echo "Install it (Debian/Ubuntu: sudo apt-get install python3.11 python3.11-venv;" >&2
  echo "macOS: brew install python@3.11) or run: make PYTHON=/path/to/python3.11 ..." >&2
  exit 2
fi
