"""The event scorer: which candidates are asserted events.

The candidate generators propose every trigger x person pairing worth asking
about, each with readable features (``pipeline/learn/features.py``). A linear
model trained on the annotated corpus (``python -m pipeline.train``; the model
file and its card are under ``models/event-scorer/``) gives each candidate a
probability. A pairing the rule linker chose is kept at or above the
family's ``rule`` threshold, a widened one at or above its ``alternative``
threshold (both chosen by cross-validation): the rules' choice is a prior the
model can overrule, not a verdict. Kept candidates carry the model
id and the score in their provenance (``decision``). ``RuleScorer`` keeps what
the rule linker chose and nothing else: the ablation baseline, and what runs
when no model file is installed.
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from pipeline.mentions import Candidate

log = logging.getLogger(__name__)

MODEL_NAME = "event-scorer"


@dataclass(frozen=True)
class Family:
    """One language family's weights and thresholds."""

    weights: dict[str, float]
    bias: float
    threshold_rule: float
    threshold_alt: float

    def raw(self, features: dict[str, float]) -> float:
        return self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())


@dataclass(frozen=True)
class SlotFamily:
    """One language family's weights for a slot's options, and the least
    probability that fills the slot."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class LinearModel:
    model_id: str
    families: dict[str, Family]
    slots: dict[str, dict[str, SlotFamily]] = field(default_factory=dict)  # slot -> family -> weights

    def family_of(self, features: dict[str, float]) -> Family | None:
        return self.families.get("zh" if "lang=zh" in features else "en")

    def probability(self, features: dict[str, float]) -> float:
        fam = self.family_of(features)
        if fam is None:
            return 0.0
        z = fam.raw(features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_json(cls, text: str) -> "LinearModel":
        data = json.loads(text)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
        fams = {
            name: Family({k: float(v) for k, v in f["weights"].items()}, float(f["bias"]),
                          float(f["threshold"]["rule"]), float(f["threshold"]["alternative"]))
            for name, f in data["families"].items()
        }
        slots = {
            slot: {name: SlotFamily({k: float(v) for k, v in f["weights"].items()}, float(f["bias"]), float(f["threshold"]))
                   for name, f in fams_.items()}
            for slot, fams_ in (data.get("slots") or {}).items()
        }
        return cls(model_id=f"{data['name']}@{digest}", families=fams, slots=slots)


class RuleScorer:
    """Keep exactly the pairings the rule linker chose."""

    model_id = "rules"

    def decide(self, cands: list[Candidate]) -> list[Candidate]:
        return [c for c in cands if c.rule]


class ModelScorer:
    """Keep a candidate whose probability reaches its family's threshold for
    rule-linked or widened pairings (``thresholds``, a (rule, alternative) pair,
    overrides them all, for cross-validation sweeps)."""

    def __init__(self, model: LinearModel, thresholds: tuple[float, float] | None = None):
        self.model = model
        self.model_id = model.model_id
        self.thresholds = thresholds

    def decide(self, cands: list[Candidate]) -> list[Candidate]:
        out = []
        for c in cands:
            fam = self.model.family_of(c.features) if c.features else None
            if fam is None:
                if c.rule:
                    out.append(c)
                continue
            p = self.model.probability(c.features)
            t_rule, t_alt = self.thresholds or (fam.threshold_rule, fam.threshold_alt)
            if p >= (t_rule if c.rule else t_alt):
                c.confidence = round(p, 3)
                c.provenance["decision"] = f"model:{self.model_id}:{p:.2f}"
                for slot in c.options:
                    self.choose(c, slot)
                out.append(c)
        return out

    def choose(self, c: Candidate, slot: str) -> None:
        """The likeliest option fills the slot when it reaches the family's
        threshold; otherwise the slot stays empty."""
        fam = self.model.slots.get(slot, {}).get("zh" if "lang=zh" in c.features else "en")
        if fam is None:
            return  # no model for this slot: the linker's choice stands
        attr, key = SLOT_FIELDS[slot]
        scored = [(fam.probability(f), m) for m, f in c.options[slot]]
        p, m = max(scored, key=lambda x: (x[0], -x[1].start)) if scored else (0.0, None)
        if m is not None and p >= fam.threshold:
            setattr(c, attr, m)
            c.slot_scores[slot] = p
            c.provenance[key] = f"{m.source}; model:{self.model_id}:{slot}:{p:.2f}"
        else:
            setattr(c, attr, None)
            c.slot_scores.pop(slot, None)
            c.provenance.pop(key, None)


#: each scored slot's candidate attribute and provenance key
SLOT_FIELDS = {"place": ("place", "location")}


def model_text() -> str | None:
    node = resources.files("pipeline.resources") / "models" / MODEL_NAME / "model.json"
    try:
        return node.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None


@lru_cache(maxsize=1)
def default_scorer():
    text = model_text()
    if text is None:
        log.warning("no %s model installed; keeping the rule linker's pairings only", MODEL_NAME)
        return RuleScorer()
    return ModelScorer(LinearModel.from_json(text))
