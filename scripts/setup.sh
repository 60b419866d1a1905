#!/usr/bin/env bash
# Set up a fresh machine for rapportkärna: system libraries and fonts for WeasyPrint, poppler-utils
# for looking at PDFs as images, and a virtual environment in .venv with the package and its
# test dependencies. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-open-sans fonts-dejavu-core poppler-utils)

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "setup: please install these system packages: ${missing[*]}" >&2; exit 1
  fi
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# compat: the editable install keeps src/ on the path, so type checkers and IDEs find the package
# (the mapped shared templates make setuptools' default editable mode an import hook)
.venv/bin/python -m pip install -q -e ".[test]" --config-settings editable_mode=compat
# bytecode for our own modules, as a regular install writes it: the editable install compiles
# nothing, and where PYTHONDONTWRITEBYTECODE is set (as on this machine) each command would compile the
# whole package again before doing anything (0.06 s of every `rapportkarna` command here)
.venv/bin/python -m compileall -q src plugins >/dev/null
