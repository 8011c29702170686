"""Document-level consolidation of Chinese candidates, after every sentence is read."""
from __future__ import annotations

from functools import lru_cache

from pipeline.mentions import Candidate, DateRef
from pipeline.stages.zh import lexicon


def same_seizure(cands: list[Candidate]) -> list[Candidate]:
    """带走 on 去年8月1日 and 拘捕 in 去年8月, for one person: one seizure told with
    two words. The plain seizure word yields to the arrest (the more specific
    measure), which keeps the more precise date."""
    arrests: dict[str, list[Candidate]] = {}  # by person, in order (a scan of all of them per seizure was quadratic)
    for c in cands:
        if c.event_type == "arrested" and c.date is not None and not c.repeated:
            arrests.setdefault(c.person.name_zh or c.person.name, []).append(c)
    out = []
    for c in cands:
        if c.event_type == "detained" and c.date is not None and not c.repeated and _generic(c.trigger.source):
            key = c.person.name_zh or c.person.name
            same = [a for a in arrests.get(key, ())
                    if a.date.iso.startswith(c.date.iso) or c.date.iso.startswith(a.date.iso)]
            if same:
                a = same[0]
                if len(c.date.iso) > len(a.date.iso):
                    a.date = c.date
                    a.provenance["date"] = c.provenance.get("date", "")
                continue
        out.append(c)
    return out


@lru_cache(maxsize=64)
def _generic(trigger_id: str) -> bool:
    return any(e.id == trigger_id and e.generic for e in lexicon.triggers())


def date_disappearances(cands: list[Candidate]) -> None:
    """A disappearance told without a date dates from the person's last seizure."""
    last: dict[str, DateRef] = {}
    for c in cands:
        key = c.person.name_zh or c.person.name
        if c.event_type == "disappeared" and c.date is None and key in last:
            c.date = last[key]
            c.provenance["date"] = "zh.date.last_seizure"
        if c.event_type in ("detained", "arrested") and c.date is not None:
            last[key] = c.date
