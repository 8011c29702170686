"""The annotated corpora load, and folds keep each outlet on one side."""
from __future__ import annotations

import pytest

from pipeline.learn import corpus
from tests.conftest import SHARED, needs_shared

pytestmark = needs_shared


@pytest.fixture(scope="module")
def docs():
    return corpus.load(SHARED)


def test_both_corpora_load_with_gold(docs):
    by = {name: [d for d in docs if d.corpus == name] for name in corpus.CORPORA}
    assert len(by["train"]) == 160 and len(by["dev"]) == 28
    assert sum(len(d.gold) for d in by["train"]) == 842
    assert {d.lang for d in docs} == {"en", "zhs", "zht"}


@pytest.mark.parametrize("k", [2, 5])
def test_folds_keep_outlets_together_and_balance(docs, k):
    fold_of = corpus.folds(docs, k)
    assert set(fold_of) == set(range(k))
    seen: dict[str, int] = {}
    for d, f in zip(docs, fold_of):
        assert seen.setdefault(d.group, f) == f, d.group
    records = [sum(len(d.gold) + 1 for d, f in zip(docs, fold_of) if f == j) for j in range(k)]
    assert max(records) < 1.5 * min(records)
    assert corpus.folds(docs, k) == fold_of  # deterministic
