#!/usr/bin/env bash
# Set up and run the test suite (tests that need ../shared skip without it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pytest -q "$@"
