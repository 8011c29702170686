"""Lexicons are data validated on load: a bad entry fails with its file and a code."""
from __future__ import annotations

import pytest

from pipeline.errors import ResourceError
from pipeline.resources import validated
from pipeline.stages.zh import lexicon


@pytest.mark.parametrize("row", [
    {"id": "zh.trig.x", "text": ["抓"], "event_type": "kidnapped", "voice": "active", "rank": 1},  # unknown type
    {"id": "trig.x", "text": ["抓"], "event_type": "detained", "voice": "active", "rank": 1},  # id not namespaced
    {"id": "zh.trig.x", "text": [], "event_type": "detained", "voice": "active", "rank": 1},  # no words
    {"id": "zh.trig.x", "text": ["抓"], "event_type": "detained", "voice": "sideways", "rank": 1},
    {"id": "zh.trig.x", "text": ["抓"], "event_type": "detained", "voice": "active", "rank": 1, "extra": 1},
])
def test_bad_trigger_entry_is_rejected(row):
    with pytest.raises(ResourceError) as err:
        validated(lexicon.TriggerEntry, [row], "zh/triggers.yaml")
    assert err.value.code == "E002" and "zh/triggers.yaml" in str(err.value)


def test_shipped_lexicons_load():
    assert len(lexicon.triggers()) >= 15
    assert {e.event_type for e in lexicon.triggers()} == {
        "detained", "arrested", "rsdl", "disappeared", "indicted", "tried", "sentenced",
        "released", "house_arrest", "psychiatric", "died_in_custody"}
    single, compound = lexicon.surnames()
    assert "王" in single and "欧阳" in compound
    assert all(e.id.startswith("zh.neg.") for e in lexicon.cues().negation)
