"""The store that batch runs write into and review, export and audit read.

``sqlite:///casefile.db`` (the default, embedded) or ``postgresql://...``:
one SQL schema (``resources/store/schema.sql``) and one code path for both.
"""
from __future__ import annotations

from pipeline.store.store import (
    DECISIONS,
    QUEUE_STATES,
    TABLES,
    UNDONE,
    DocumentResult,
    QueueFilter,
    Review,
    ReviewedEvent,
    Store,
    load_event,
    open_store,
    person_key,
)
from pipeline.store.url import DEFAULT_URL, StoreURL, parse_url

__all__ = [
    "DECISIONS",
    "DEFAULT_URL",
    "QUEUE_STATES",
    "TABLES",
    "UNDONE",
    "DocumentResult",
    "QueueFilter",
    "Review",
    "ReviewedEvent",
    "Store",
    "StoreURL",
    "load_event",
    "open_store",
    "parse_url",
    "person_key",
]
