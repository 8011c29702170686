"""English place mentions for the linker (facilities and gazetteer names)."""
from __future__ import annotations

import re

from pipeline.mentions import Mention

_FACILITY = re.compile(
    r"(?:[A-Z][\w’'-]*\s+){1,6}(?:Detention\s+(?:Center|Centre|Facility|House)|Prison|Jail|(?:Intermediate\s+|Higher\s+|District\s+|County\s+|City\s+)?(?:People['’]s\s+)?Court|Magistrates['’]?\s+Courts?|Mental\s+Health\s+Hospital|Psychiatric\s+Hospital|Monastery|Police\s+Station|Public\s+Security\s+Bureau)s?\b"
)


def find_places(text: str, start: int, end: int) -> list[Mention]:
    out = []
    for m in _FACILITY.finditer(text, start, end):
        s = m.start()
        # drop leading function words that were capitalized at sentence start
        while True:
            w = re.match(r"(?:The|A|An|In|At|On|By|From|Of|His|Her|Their)\s+", text[s:m.end()])
            if not w:
                break
            s += w.end()
        if s >= m.end():
            continue
        out.append(Mention("place", s, m.end(), text[s:m.end()], {"name": text[s:m.end()], "facility_kind": "facility"}, "en.place.facility"))
    return out
