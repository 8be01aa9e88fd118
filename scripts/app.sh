#!/usr/bin/env bash
# Install yrdmap into .venv and start the app on the bundled data (http://localhost:8501).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run app.py --server.headless true "$@"
