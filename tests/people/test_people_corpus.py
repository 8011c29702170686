"""The people stage over the real dev + train reports (skips without ../shared)."""
from __future__ import annotations

import json
from collections import defaultdict

import pytest

from pipeline.batch import run_batch
from pipeline.people import romanize as rom
from pipeline.store import open_store
from tests.conftest import SHARED, needs_shared

pytestmark = [needs_shared, pytest.mark.slow]


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('people') / 'corpus.db'}"
    summary = run_batch([SHARED / "corpus" / "dev" / "docs", SHARED / "corpus" / "train" / "docs"], url)
    assert summary.failed == 0
    return url


def test_persons_are_linked_across_reports_and_scripts(corpus_store):
    with open_store(corpus_store) as store:
        rows = store.query("SELECT s.person_id, e.doc_id, e.person_name FROM step_records s JOIN events e ON e.event_id = s.event_id")
        links = store.query("SELECT rule, confidence, docs FROM identity_links WHERE status = 'linked' AND doc_a <> doc_b")
    scripts, docs = defaultdict(set), defaultdict(set)
    for r in rows:
        scripts[r["person_id"]].add("zh" if rom.is_chinese(r["person_name"]) else "latin")
        docs[r["person_id"]].add(r["doc_id"])
    # Floors well under what the stage finds today (30 across scripts, 44 in two or more reports, 75 links).
    assert sum(1 for s in scripts.values() if s == {"zh", "latin"}) >= 20
    assert sum(1 for d in docs.values() if len(d) > 1) >= 30
    assert len(links) >= 50
    assert {"zh.equal", "pinyin.equal", "pair.licensed"} <= {l["rule"] for l in links}
    assert all(0 < l["confidence"] <= 1 and json.loads(l["docs"]) for l in links)


def test_no_identity_joins_two_different_chinese_names(corpus_store):
    with open_store(corpus_store) as store:
        rows = store.query("SELECT s.person_id, e.record FROM step_records s JOIN events e ON e.event_id = s.event_id")
    own, aliased = defaultdict(set), defaultdict(set)
    for r in rows:
        p = json.loads(r["record"])["person"]
        names = {rom.simplified(n) for n in (p["name_zh"], p["name"]) if n and rom.is_chinese(n)}
        own[r["person_id"]] |= names
        if len(names | {rom.simplified(a) for a in p["aliases"] if rom.is_chinese(a)}) > 1:
            aliased[r["person_id"]] |= names | {rom.simplified(a) for a in p["aliases"] if rom.is_chinese(a)}
    # Two Chinese names in one identity only when one report gives both for one person (a pen name).
    bad = {pid: zh for pid, zh in own.items() if len(zh) > 1 and not zh <= aliased[pid]}
    assert bad == {}


def test_linking_the_corpus_again_keeps_every_id(corpus_store):
    from pipeline.people import link

    with open_store(corpus_store) as store:
        before = {r["event_id"]: r["person_id"] for r in store.table("step_records")}
    summary = link(corpus_store)
    assert summary.new_ids == 0 and summary.absorbed == []
    with open_store(corpus_store) as store:
        assert {r["event_id"]: r["person_id"] for r in store.table("step_records")} == before
