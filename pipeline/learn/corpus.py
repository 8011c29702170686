"""The annotated corpora in ../shared: documents, gold records, outlets.

A corpus folder holds ``docs/*.txt``, ``gold*.jsonl`` and ``SOURCES.tsv``
(doc_id, url, language, note). A document's *group* for cross-validation is
its outlet (the URL's host), so that no outlet is on both sides of a fold;
seed documents without a source row are their own group.
"""
from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

CORPORA = ("train", "dev")


def shared_dir() -> Path:
    """``$CASEFILE_SHARED``, else ``../shared`` beside the working directory's checkout."""
    env = os.environ.get("CASEFILE_SHARED")
    if env:
        return Path(env)
    here = Path.cwd().resolve()
    for base in (here, *here.parents):
        if (base.parent / "shared" / "eval" / "score.py").is_file():
            return base.parent / "shared"
    return here.parent / "shared"


@dataclass
class CorpusDoc:
    doc_id: str
    corpus: str
    path: Path
    text: str
    group: str
    gold: list[dict] = field(default_factory=list)

    @property
    def lang(self) -> str:
        """en | zhs | zht, from the id (seed files 00* are English)."""
        for prefix in ("zhs", "zht", "en"):
            if self.doc_id.startswith(prefix):
                return prefix
        return "en"


def _host(url: str) -> str:
    host = urlparse(url).netloc.lower()
    for prefix in ("www.", "www2.", "m."):
        host = host.removeprefix(prefix)
    return host or "unknown"


def load(shared: Path, names: tuple[str, ...] = CORPORA) -> list[CorpusDoc]:
    out: list[CorpusDoc] = []
    for name in names:
        root = shared / "corpus" / name
        if not (root / "docs").is_dir():
            raise FileNotFoundError(f"{root / 'docs'} is not there (set CASEFILE_SHARED)")
        groups: dict[str, str] = {}
        sources = root / "SOURCES.tsv"
        if sources.is_file():
            with sources.open(encoding="utf-8") as fh:
                for row in csv.DictReader(fh, delimiter="\t"):
                    groups[row["doc_id"]] = _host(row.get("url") or "")
        gold: dict[str, list[dict]] = {}
        for gf in sorted(root.glob("gold*.jsonl")):
            for line in gf.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    gold.setdefault(rec["doc_id"], []).append(rec)
        for path in sorted((root / "docs").glob("*.txt")):
            doc_id = path.stem
            out.append(CorpusDoc(doc_id, name, path, path.read_text(encoding="utf-8"),
                                 groups.get(doc_id, "doc:" + doc_id), gold.get(doc_id, [])))
    return out


def folds(docs: list[CorpusDoc], k: int) -> list[int]:
    """A fold number per document: whole outlets to a fold, largest first, each
    to the fold with the fewest gold records so far (deterministic)."""
    by_group: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        by_group.setdefault(d.group, []).append(i)
    weight = {g: sum(1 + len(docs[i].gold) for i in idx) for g, idx in by_group.items()}
    load_ = [0] * k
    fold_of = [0] * len(docs)
    for g in sorted(by_group, key=lambda g: (-weight[g], g)):
        f = min(range(k), key=lambda j: (load_[j], j))
        load_[f] += weight[g]
        for i in by_group[g]:
            fold_of[i] = f
    return fold_of
