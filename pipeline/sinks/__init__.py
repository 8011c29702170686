"""Where records go: JSONL files, the embedded SQLite store, PostgreSQL, the audit page."""
