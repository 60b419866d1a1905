#!/usr/bin/env bash
# The README's second command: set up, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Debian's chromium for the browser tests (Playwright drives it; no tool downloads a browser)
if ! command -v chromium >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "test: installing chromium" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
export RAPPORTKARNA_BROWSER_TESTS=1  # the browser tests must run here, not be skipped
# the quality gates first: mistakes ruff finds, and types (mypy --strict) in core and the plugins
.venv/bin/ruff check src plugins tests examples
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
