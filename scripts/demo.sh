#!/usr/bin/env bash
# Quick start: set up, then run casefile over the bundled sample reports
# into the embedded store ./casefile.db, and write their records as JSONL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
.venv/bin/casefile extract corpus/samples --jsonl out/samples.jsonl
echo "records: out/samples.jsonl"
