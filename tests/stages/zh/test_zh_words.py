"""The jieba domain dictionary is data, kept in step with the lexicons."""
from __future__ import annotations

from pipeline.stages.zh import lexicon
from pipeline.stages.zh.words import pos_cut, userdict_entries


def test_userdict_holds_every_trigger_and_role_noun():
    words = {w for w, _, _ in userdict_entries()}
    missing = [t for e in lexicon.triggers() for t in e.text if t not in words]
    missing += [r for r in lexicon.cues().role_nouns if r not in words]
    assert missing == []


def test_role_nouns_and_triggers_stay_one_word():
    cut = [w.text for w in pos_cut("公民记者被刑事拘留后取保候审")]
    assert "公民记者" in cut and "刑事拘留" in cut and "取保候审" in cut


def test_word_offsets_cover_the_text():
    text = "维权律师许志永被捕。"
    words = pos_cut(text)
    assert "".join(w.text for w in words) == text
    assert all(text[w.start:w.end] == w.text for w in words)


def test_lexicons_load_and_validate():
    assert lexicon.cues().negation and lexicon.surnames()[0]


def _corpus_texts(shared_dir) -> list[str]:
    from pipeline.stages.zh.normalize import to_simplified

    return [to_simplified(p.read_text(encoding="utf-8")) for split in ("dev", "train")
            for p in sorted((shared_dir / "corpus" / split / "docs").glob("*.txt"))]


def test_the_hmm_decoder_is_jiebas(shared_dir):
    """pipeline.stages.zh.hmm.viterbi returns jieba.posseg.viterbi's probability
    and route on every Han run of the corpus, its short pieces (names), and random strings."""
    import random
    import re

    import jieba.posseg as posseg
    from jieba.posseg.viterbi import viterbi as jiebas

    from pipeline.stages.zh.hmm import viterbi

    runs = [r for t in _corpus_texts(shared_dir) for r in re.findall("[\u4e00-\u9fd5]+", t)]
    pieces = [r[i:i + k] for r in runs[:2000] for k in (2, 3, 4) for i in range(0, max(1, len(r) - k), 5)]
    rnd = random.Random(9)
    known = sorted(posseg.char_state_tab_P)
    noise = ["".join(rnd.choice(known) for _ in range(rnd.randint(1, 12))) for _ in range(2000)]
    noise += ["".join(rnd.choice("王林陈明的了在被拘留㐀鿕") for _ in range(rnd.randint(1, 8))) for _ in range(1000)]
    tables = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)
    cases = runs + pieces + noise
    assert len(cases) > 10_000
    assert [c for c in cases if viterbi(c, *tables) != jiebas(c, *tables)] == []


def test_pos_cut_cuts_as_jiebas_own_posseg(shared_dir):
    """The private tokenizer (copied tables, faster decoder) cuts and tags every
    report as jieba's POSTokenizer over a tokenizer read from the files does."""
    import io
    import tempfile

    import jieba
    import jieba.posseg

    from pipeline.resources import read_text
    from pipeline.stages.zh import words

    tok = jieba.Tokenizer()
    tok.tmp_dir = tempfile.gettempdir()
    tok.load_userdict(io.StringIO(read_text("zh", "userdict.txt")))
    stock = jieba.posseg.POSTokenizer(tok)
    ours = words._posseg()
    assert type(ours)._POSTokenizer__cut is not jieba.posseg.POSTokenizer._POSTokenizer__cut
    for text in _corpus_texts(shared_dir):
        assert [(w.text, w.flag) for w in words.pos_cut(text)] == [(p.word, p.flag) for p in stock.cut(text)]
