#!/usr/bin/env bash
# Install yrdmap into .venv and start the map: `yrdmap serve` (http://127.0.0.1:8501, this
# computer only). Arguments go to `yrdmap serve`: --port N, --host 0.0.0.0 (serve a team), --open.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/yrdmap serve "$@"
