"""JSON Lines output, one record per line, in the guidelines' output format."""
from __future__ import annotations

import json
from typing import IO, Iterable

from pipeline.records import DetentionEvent


def write_events(events: Iterable[DetentionEvent], fh: IO[str]) -> int:
    n = 0
    for ev in events:
        fh.write(json.dumps(ev.to_output(), ensure_ascii=False) + "\n")
        n += 1
    return n
