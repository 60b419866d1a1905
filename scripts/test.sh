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
# axe-core for the HTML accessibility test (tests/test_axe.py): the version pinned in package.json and
# package-lock.json, from npm into node_modules/; tests never download anything themselves
AXE_WANTED=$(sed -n 's/.*"axe-core": "\(.*\)".*/\1/p' package.json)
AXE_HAVE=$(sed -n 's/^  "version": "\(.*\)".*/\1/p' node_modules/axe-core/package.json 2>/dev/null || true)
if [ "$AXE_HAVE" != "$AXE_WANTED" ]; then
  if ! command -v npm >/dev/null; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "test: installing npm" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null
  fi
  echo "test: installing axe-core $AXE_WANTED into node_modules/" >&2
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
fi
export RAPPORTKARNA_BROWSER_TESTS=1  # the browser tests must run here, not be skipped
# the quality gates first: mistakes ruff finds, and types (mypy --strict) in core and the plugins
.venv/bin/ruff check src plugins tests examples
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
