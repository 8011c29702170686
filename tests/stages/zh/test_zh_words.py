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
