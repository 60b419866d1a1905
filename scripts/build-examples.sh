#!/usr/bin/env bash
# The README's first command: set up, then build every example federation's reports into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/rapportkarna validate
.venv/bin/rapportkarna build --all --out build "$@"
