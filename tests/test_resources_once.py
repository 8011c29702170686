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

import pytest

from tests.conftest import REPO

# two documents, each of which needs every resource of its language: NER and
# the parse (two people in a trigger sentence), jieba, places, OpenCC
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
    import jieba.posseg  # its global POSTokenizer reads the word-tag table once, at import (not counted)
    count(jieba.posseg.POSTokenizer, "load_word_tag", "jieba word-tag tables read again")
    import opencc
    count(opencc.OpenCC, "__init__", "OpenCC converters")

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


def test_chinese_documents_read_jiebas_dictionary_once():
    got = loads(ZH_DOCS)
    # the prefix dictionary and the word-tag table, once each, though the
    # private tokenizer (with casefile's words) and jieba's global both exist
    assert got.get("jieba dictionary loads") == 1, got
    assert "jieba word-tag tables read again" not in got, got
    assert got.get("OpenCC converters") <= 2, got  # t2s, and s2t where the script of a span is decided
    assert "spacy.load" not in got, got


def test_a_worker_reading_both_languages_loads_each_resource_once():
    got = loads(EN_DOCS + ZH_DOCS + EN_DOCS[:1])
    assert got.get("spacy.load") == 1, got
    assert got.get("jieba dictionary loads") == 1, got
    assert "jieba word-tag tables read again" not in got, got
    assert got.get("OpenCC converters") <= 2, got


def test_the_private_jieba_tables_equal_a_fresh_read_and_leave_the_global_alone():
    """Reading jieba's dictionary once for casefile's tokenizer (jieba's words
    plus the domain dictionary) and for the stock reading places and encoding
    use changes no word, count or tag: each equals a tokenizer built from the
    files, and jieba's global tagger keeps jieba's own table."""
    import io
    import tempfile

    import jieba
    import jieba.posseg

    from pipeline.resources import read_text
    from pipeline.stages.zh import words

    words.pos_cut("北京市公安局刑事拘留了王林。")
    ours, stock = words._posseg(), words.stock_posseg()
    assert words._tables.cache_info().misses == 1
    fresh_tok = jieba.Tokenizer()
    fresh_tok.tmp_dir = tempfile.gettempdir()
    fresh_tok.load_userdict(io.StringIO(read_text("zh", "userdict.txt")))
    fresh = jieba.posseg.POSTokenizer(fresh_tok)
    fresh.makesure_userdict_loaded()
    ours.makesure_userdict_loaded()
    assert ours.tokenizer.FREQ == fresh.tokenizer.FREQ
    assert ours.tokenizer.total == fresh.tokenizer.total
    assert ours.word_tag_tab == fresh.word_tag_tab
    # the stock reading: jieba's files as they ship
    plain_tok = jieba.Tokenizer()
    plain_tok.tmp_dir = tempfile.gettempdir()
    plain = jieba.posseg.POSTokenizer(plain_tok)
    plain_tok.check_initialized()
    assert dict(stock.tokenizer.FREQ.items()) == plain_tok.FREQ
    assert len(stock.tokenizer.FREQ) == len(plain_tok.FREQ)
    assert stock.tokenizer.total == plain_tok.total
    assert stock.word_tag_tab == plain.word_tag_tab == jieba.posseg.dt.word_tag_tab
    # the global tagger has none of casefile's words (places and encoding read it as jieba ships it)
    extra = [w for w, _, _ in words.userdict_entries() if w not in jieba.posseg.dt.word_tag_tab]
    assert extra and not any(stock.tokenizer.FREQ.get(w) for w in extra)
    assert all(w in ours.tokenizer.FREQ for w in extra)


@pytest.mark.parametrize("text", ["拨打云岗", "抵达", "北京市第一看守所", "被关押在广东省江门市新会区", "乌鲁木齐市公安局", "z", ""])
def test_the_stock_reading_cuts_as_jiebas_global_posseg(text):
    """places' name trimming reads jieba's own dictionary through the shared
    tables: the words and tags of jieba.posseg.cut with jieba's files."""
    import jieba.posseg

    from pipeline.stages.zh import words

    plain = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    got = [(p.word, p.flag) for p in words.stock_posseg().cut(text)]
    assert got == [(p.word, p.flag) for p in plain.cut(text)]
