#!/usr/bin/env bash
# Install everything the tests need (Debian packages, .venv with the test extra) and run the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/setup.sh test
exec .venv/bin/python -m pytest "$@"
