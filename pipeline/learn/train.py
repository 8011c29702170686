"""Fit the event scorer: one L2-regularized logistic regression per language
family (English; Chinese, Simplified and Traditional together) over the
candidates' features (scikit-learn, liblinear, deterministic), exported as
readable JSON weights, so that running it needs no scikit-learn."""
from __future__ import annotations

from collections import Counter

from pipeline.learn.dataset import Example

C_DEFAULT = 0.2  # chosen by grouped cross-validation over 0.02-1.0 (models/event-scorer/README.md)
MIN_COUNT = 2  # a feature seen in fewer training candidates than this gets no weight
FAMILIES = ("en", "zh")
#: the least probability of an option to fill its slot (grouped CV over 0.0-0.8; see the model card)
SLOT_THRESHOLDS = {"place": 0.6}


def family(features: dict[str, float]) -> str:
    return "zh" if "lang=zh" in features else "en"


def _order(ex: Example, c) -> tuple:
    return (ex.doc.doc_id, c.evidence, c.trigger.start, c.event_type, c.person.name, sorted(c.features))


def training_rows(examples: list[Example], fam: str) -> tuple[list[dict[str, float]], list[int]]:
    """Labelled feature rows of one family, in a canonical order (the solver's
    result depends on row order; candidate order need not be stable)."""
    rows = sorted(
        ((_order(ex, c), c.features, lab) for ex in examples for c, lab in zip(ex.cands, ex.labels)
         if lab is not None and c.features and family(c.features) == fam),
        key=lambda r: r[0],
    )
    return [r[1] for r in rows], [r[2] for r in rows]


def slot_rows(examples: list[Example], slot: str, fam: str) -> tuple[list[dict[str, float]], list[int]]:
    """The options of one slot of the candidates that state a gold event,
    labelled by the gold record, in a canonical order."""
    rows = sorted(
        ((_order(ex, c), m.start, m.end, f, y) for ex in examples for c, labs in zip(ex.cands, ex.slot_labels[slot])
         if labs is not None and c.features and family(c.features) == fam
         for (m, f), y in zip(c.options.get(slot, ()), labs)),
        key=lambda r: r[:3],
    )
    return [r[3] for r in rows], [r[4] for r in rows]


def _fit_one(X: list[dict[str, float]], y: list[int], C: float) -> tuple[float, dict[str, float]]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(k for row in X for k in row)
    X = [{k: v for k, v in row.items() if counts[k] >= MIN_COUNT} for row in X]
    vec = DictVectorizer(sparse=True, sort=True)
    M = vec.fit_transform(X).tocsr()
    M.indices = M.indices.astype("int32")  # liblinear takes 32-bit sparse indices only
    M.indptr = M.indptr.astype("int32")
    clf = LogisticRegression(C=C, solver="liblinear", random_state=0, max_iter=1000)
    clf.fit(M, y)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 5) for n, w in zip(names, clf.coef_[0]) if round(float(w), 5) != 0.0}
    return round(float(clf.intercept_[0]), 5), dict(sorted(weights.items()))


def fit(examples: list[Example], C: float = C_DEFAULT, thresholds: dict[str, tuple[float, float]] | None = None,
        slot_thresholds: dict[str, float] | None = None) -> dict:
    models = {}
    for fam in FAMILIES:
        X, y = training_rows(examples, fam)
        if len(set(y)) < 2:
            continue
        t_rule, t_alt = (thresholds or {}).get(fam, (0.5, 0.5))
        entry = {"threshold": {"rule": t_rule, "alternative": t_alt}, "n_examples": len(y), "n_positive": int(sum(y))}
        entry["bias"], entry["weights"] = _fit_one(X, y, C)
        models[fam] = entry
    slots: dict[str, dict] = {}
    for slot, default in SLOT_THRESHOLDS.items():
        for fam in FAMILIES:
            X, y = slot_rows(examples, slot, fam)
            if len(set(y)) < 2:
                continue
            entry = {"threshold": (slot_thresholds or {}).get(slot, default), "n_examples": len(y), "n_positive": int(sum(y))}
            entry["bias"], entry["weights"] = _fit_one(X, y, C)
            slots.setdefault(slot, {})[fam] = entry
    return {"name": "event-scorer", "kind": "logistic-regression", "C": C, "families": models, "slots": slots}
