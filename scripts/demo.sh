#!/usr/bin/env bash
# Quick start: set up, then run casefile over the bundled sample reports into
# the embedded store ./casefile.db, write the audit page and export the records.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
.venv/bin/casefile run corpus/samples                       # store: ./casefile.db
.venv/bin/casefile audit --out out/audit.html               # open in a browser to check each event
.venv/bin/casefile export --format jsonl --out out/samples.jsonl
echo "store: casefile.db  audit page: out/audit.html  records: out/samples.jsonl"
