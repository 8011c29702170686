"""The work per sentence is bounded, and the bounds never touch a real report.

A report with a trigger in every sentence, or text with no sentence ends at
all, must not make extraction quadratic (benchmarks/bench_dense.py times it);
these tests pin the caps' behaviour and check that the annotated reports stay
well inside them, so the caps change no output there.
"""
from __future__ import annotations

import random

import pytest

from pipeline import candidates
from pipeline.document import Document
from pipeline.stages import segment, slots
from pipeline.stages.en import extract as en_extract
from pipeline.stages.en.persons import _SpanSet
from pipeline.stages.zh import extract as zh_extract

SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao"]
GIVEN = ["Weiming", "Fanghua", "Minjun", "Jingyu", "Leiping", "Qianghua", "Yanling", "Juntao"]


def _names(n: int) -> list[str]:
    return [f"{SURNAMES[i % 8]} {GIVEN[(i // 8) % 8]}" for i in range(n)]


@pytest.mark.parametrize("lang,piece", [("en", "Police detained Wang Lin in Wuhan; "), ("zh", "警方拘留了王林，")])
def test_a_run_on_sentence_is_cut_at_clause_breaks(lang, piece):
    text = piece * 400
    doc = segment.segment(Document(doc_id="t", text=text))
    limit = segment.MAX_SENTENCE[lang]
    assert len(doc.sentences) > 1
    assert all(s.end - s.start <= limit for s in doc.sentences)
    # every piece ends after a clause break, and nothing but spaces falls between pieces
    assert all(text[s.end - 1] in ";，" for s in doc.sentences[:-1])
    assert all(not text[a.end:b.start].strip() for a, b in zip(doc.sentences, doc.sentences[1:]))


def test_a_sentence_naming_many_people_gives_each_trigger_its_nearest_only():
    names = _names(64)
    # the linker pairs the trigger with its object; the 64 people it met are widened pairings
    text = "Police detained Xu Zhiyong in Wuhan on March 3, 2020, after he met " + ", ".join(names[:-1]) + " and " + names[-1] + "."
    cands = candidates(Document(doc_id="t", text=text))
    widened = [c for c in cands if not c.rule]
    assert widened
    per_trigger: dict = {}
    for c in widened:
        per_trigger[c.trigger.start] = per_trigger.get(c.trigger.start, 0) + 1
    assert max(per_trigger.values()) <= en_extract.MAX_WIDENED


def test_place_options_are_capped_at_the_nearest():
    places = ["Wuhan", "Beijing", "Chengdu", "Kunming", "Changsha", "Hangzhou", "Nanjing", "Guangzhou", "Shenzhen"] * 6
    text = "Police detained Wang Lin in " + ", ".join(places) + " on March 3, 2020."
    cands = candidates(Document(doc_id="t", text=text))
    assert any(c.options.get("place") for c in cands)
    assert all(len(c.options.get("place", ())) <= slots.MAX_OPTIONS for c in cands)


def test_span_set_overlaps_as_a_scan_of_every_span_does():
    rnd = random.Random(5)
    for _ in range(2000):
        spans = [(a, a + rnd.randint(0, 9)) for a in (rnd.randint(0, 60) for _ in range(rnd.randint(0, 8)))]
        got, scan = _SpanSet(spans), list(spans)
        for _ in range(20):
            a = rnd.randint(0, 70)
            b = a + rnd.randint(0, 8)
            assert got.overlaps(a, b) == any(a < e and s < b for s, e in scan)
            if rnd.random() < 0.3:
                c = rnd.randint(0, 70)
                d = c + rnd.randint(0, 12)
                got.add(c, d)
                scan.append((c, d))


def test_overlap_test_answers_as_a_scan_of_every_span_does():
    rnd = random.Random(3)
    for _ in range(2000):
        spans = [(a, a + rnd.randint(0, 6)) for a in (rnd.randint(0, 60) for _ in range(rnd.randint(0, 8)))]
        overlaps = en_extract._overlap_test(spans)
        for _ in range(20):
            a = rnd.randint(0, 70)
            b = a + rnd.randint(0, 8)
            assert overlaps(a, b) == any(a < e and s < b for s, e in spans)


def test_the_annotated_reports_stay_well_inside_the_caps(shared_dir):
    """The caps are set at least 1.5x above what the dev and train reports reach."""
    longest = {"en": 0, "zh": 0}
    widened = options = 0
    for split in ("dev", "train"):
        for p in sorted((shared_dir / "corpus" / split / "docs").glob("*.txt")):
            doc = Document(doc_id=p.stem, text=p.read_text(encoding="utf-8"))
            cands = candidates(doc)
            for s in doc.sentences:
                lang = "en" if s.lang == "en" else "zh"
                longest[lang] = max(longest[lang], s.end - s.start)
            per: dict = {}
            for c in cands:
                if not c.rule:
                    per[c.trigger.start] = per.get(c.trigger.start, 0) + 1
                options = max(options, len(c.options.get("place", ())))
            widened = max(widened, max(per.values(), default=0))
    assert longest["en"] * 1.5 <= segment.MAX_SENTENCE["en"], longest
    assert longest["zh"] * 1.5 <= segment.MAX_SENTENCE["zh"], longest
    assert widened * 1.5 <= min(en_extract.MAX_WIDENED, zh_extract.MAX_WIDENED), widened
    assert options * 1.5 <= slots.MAX_OPTIONS, options
