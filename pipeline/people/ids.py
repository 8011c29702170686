"""Stable person ids: adding a report never renames a person.

Each run clusters the records afresh (:func:`pipeline.people.identity.cluster`);
:func:`assign` then gives each new cluster the id its records had before.
When a cluster holds records of two earlier ids (a new report links two
persons), the older id (the smaller number) is kept and the other is
recorded as absorbed into it. When an earlier id's records now fall into
several clusters, the cluster with most of them keeps it (and when that
cluster already keeps an older id, the id is absorbed into it). Only clusters with
no earlier records get a new id, the next number after every id ever issued.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from pipeline.people.identity import Identity

PREFIX = "P"
_ID = re.compile(r"^P(\d{6,})$")


def format_id(number: int) -> str:
    return f"{PREFIX}{number:06d}"


def number(person_id: str) -> int:
    m = _ID.match(person_id)
    if not m:
        raise ValueError(f"not a person id: {person_id!r}")
    return int(m.group(1))


def next_number(issued: Iterable[str]) -> int:
    return max((number(i) for i in issued if _ID.match(i)), default=0) + 1


def assign(
    identities: Sequence[Identity],
    prior_by_event: dict[str, str],
    prior_by_node: dict[str, str],
    issued: Iterable[str],
) -> tuple[list[str], dict[str, str]]:
    """(an id per identity, {absorbed id: the id that absorbed it})."""
    votes: list[Counter[str]] = []
    for ident in identities:
        c: Counter[str] = Counter()
        for node in ident.nodes:
            for r in node.records:
                pid = prior_by_event.get(r.event_id) or prior_by_node.get(node.key)
                if pid:
                    c[pid] += 1
        votes.append(c)
    ids: list[str | None] = [None] * len(identities)
    absorbed: dict[str, str] = {}
    for pid in sorted({p for c in votes for p in c}, key=number):
        holders = sorted((i for i, c in enumerate(votes) if pid in c), key=lambda i: (-votes[i][pid], i))
        top = holders[0]
        if ids[top] is None:
            ids[top] = pid
        else:  # most of its records are now with an older id
            absorbed[pid] = ids[top]  # type: ignore[assignment]
    n = next_number(list(issued) + [p for c in votes for p in c])
    out: list[str] = []
    for pid in ids:
        if pid is None:
            pid, n = format_id(n), n + 1
        out.append(pid)
    return out, absorbed
