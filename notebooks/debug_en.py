"""Show how the English stages read the sentences of a report that contain a substring.

    python notebooks/debug_en.py DOC.txt "substring"
"""
import sys
from pathlib import Path

from pipeline.document import Document
from pipeline.stages import segment
from pipeline.stages.en import coref, dates, extract, link, persons, triggers

path, needle = sys.argv[1], sys.argv[2]
text = Path(path).read_text(encoding="utf-8")
doc = segment.segment(Document("x", text))
sents = [(s.start, s.end) for s in doc.sentences if s.lang == "en"]
orig_link = link.link_sentence


def spy(text, s, e, trigs, refs, ds, places, charges, terms):
    out = orig_link(text, s, e, trigs, refs, ds, places, charges, terms)
    if needle in text[s:e]:
        print("SENTENCE:", text[s:e])
        for r in refs:
            print("  ref", r.kind, repr(r.text), [p.name for p in r.refs], "poss" if r.possessive else "")
        for d in ds:
            print("  date", d.text, d.value)
        for p in places:
            print("  place", p.text, p.source)
        for sl in out:
            print("  TRIG", sl.trigger.text, sl.trigger.value["type"], sl.trigger.value["voice"], "blocked=", sl.blocked,
                  [p.name for p in sl.persons], sl.person_source, [d.text for d in sl.dates], [p.text for p in sl.places],
                  [c.value for c in sl.charges], [t.value for t in sl.terms])
    return out


link.link_sentence = spy
extract.link.link_sentence = spy
extract.candidates(doc)
