"""Places for Chinese clauses.

The gazetteer lives in :mod:`pipeline.stages.places` (another stage); this
module only calls it, and falls back to a facility/administrative-suffix
pattern while that stage is not available.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache

from pipeline.errors import CasefileError
from pipeline.mentions import Mention

log = logging.getLogger(__name__)

_FACILITY = {
    "看守所": "detention_center", "拘留所": "detention_center", "监狱": "prison", "派出所": "police_station",
    "法院": "court", "中院": "court", "精神病院": "psychiatric_hospital", "公安局": "police", "检察院": "procuratorate",
    "国保": "police", "饭店": "hotel", "酒店": "hotel", "宾馆": "hotel",
}
_FALLBACK = re.compile(
    r"[\u4e00-\u9fff]{2,12}?(?:" + "|".join(_FACILITY) + r")"
    r"|[\u4e00-\u9fff]{1,6}?(?:省|自治区|市|县|区)(?![\u4e00-\u9fff]{0,1}(?:政府|委|长))"
)


def find_places(original: str, start: int, end: int) -> list[Mention]:
    """Place mentions in ``original[start:end]`` (offsets into the original text)."""
    try:
        from pipeline.stages import places as gazetteer  # built by the places stage
    except ImportError:
        gazetteer = None
    if gazetteer is not None and hasattr(gazetteer, "find_places_zh"):
        try:
            return gazetteer.find_places_zh(original, start, end)
        except CasefileError as exc:  # the gazetteer's data failed to load: keep going without it
            _warn_once(str(exc))
    return _fallback(original, start, end)


@lru_cache(maxsize=1)
def _warn_once(message: str) -> None:
    log.warning("place gazetteer unavailable, using facility patterns: %s", message)


def _fallback(original: str, start: int, end: int) -> list[Mention]:
    from pipeline.stages.zh.normalize import normalize

    w = normalize(original[start:end], start)
    out = []
    for m in _FALLBACK.finditer(w.text):
        text = m.group()
        text = re.sub(r"^(?:在|于|被|到|至|将|从|押|送|往|关进|带到|转押|送入|位于)+", "", text)
        if len(text) < 2:
            continue
        s = m.end() - len(text)
        a, b = w.orig_span(s, m.end())
        kind = next((v for k, v in _FACILITY.items() if text.endswith(k)), None)
        out.append(Mention("place", a, b, original[a:b], value={"name": original[a:b], "facility_kind": kind}, source="zh.place.fallback"))
    return out
