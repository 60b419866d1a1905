#!/usr/bin/env bash
# The README's second command: set up, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# the quality gates first: mistakes ruff finds, and types (mypy --strict) in core and the plugins
.venv/bin/ruff check src plugins tests examples
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
