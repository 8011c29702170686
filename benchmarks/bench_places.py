"""Place recognizers: chars/s on a long English and a long Chinese text, as a
ratio against a plain regex scan of the same text (the cheapest possible pass).

    python benchmarks/bench_places.py
"""
from __future__ import annotations

import json
import re
import time

from pipeline.stages.places import find_places_en, find_places_zh

EN = ("Police in Changsha detained the lawyer and moved him to the Changsha No. 1 Detention Center. "
      "His wife, who lives in Linyi City, Shandong Province, was not told. ") * 600
ZH = "据家属透露，他于三月在广州被带走，随后被关押在广州市第三看守所。他的妻子住在山东临沂市临沭县。" * 800


def timed(fn, text: str, rounds: int = 5) -> float:
    fn(text[:500])
    t0 = time.perf_counter()
    for _ in range(rounds):
        fn(text)
    return (time.perf_counter() - t0) / rounds


def main() -> None:
    base_en = timed(lambda t: re.findall(r"[A-Z][a-z]+", t), EN)
    base_zh = timed(lambda t: re.findall(r"[\u4e00-\u9fff]{2,}", t), ZH)
    en, zh = timed(find_places_en, EN), timed(find_places_zh, ZH)
    print(json.dumps({
        "en_chars_per_s": round(len(EN) / en), "en_ratio_vs_regex_scan": round(base_en / en, 3),
        "zh_chars_per_s": round(len(ZH) / zh), "zh_ratio_vs_regex_scan": round(base_zh / zh, 3),
    }, indent=2))


if __name__ == "__main__":
    main()
