"""Figures of the people stage over a store, and a fixed-seed sample of cross-report links to check by hand.

    .venv/bin/casefile run ../shared/corpus/dev/docs ../shared/corpus/train/docs --db sqlite:///people.db
    .venv/bin/python notebooks/people_link_sample.py sqlite:///people.db [--n 30] [--seed 10] [--context]

Prints the counts the README reports and, for each sampled link, the two
persons' names and reports and the rule; ``--context`` adds the lines of each
report that name the person, to judge by (they are not written anywhere).
Not imported by the package.
"""
from __future__ import annotations

import argparse
import json
import random
import re

from pipeline.people import romanize as rom
from pipeline.store import open_store


def figures(store) -> dict:
    ids = store.query("SELECT person_id, names, n_documents FROM identities WHERE status = 'active'")
    recs = store.query("SELECT s.person_id, e.person_name FROM step_records s JOIN events e ON e.event_id = s.event_id")
    scripts: dict[str, set[str]] = {}
    for r in recs:
        scripts.setdefault(r["person_id"], set()).add("zh" if rom.is_chinese(r["person_name"]) else "latin")
    links = store.query("SELECT rule, COUNT(*) AS n FROM identity_links WHERE status = 'linked' AND doc_b IS NOT NULL"
                        " AND doc_a <> doc_b GROUP BY rule ORDER BY rule")
    refused = store.query("SELECT against, COUNT(*) AS n FROM identity_links WHERE status = 'refused' GROUP BY against ORDER BY against")
    return {
        "records": len(recs),
        "persons": len(ids),
        "steps": store.query("SELECT COUNT(*) AS n FROM steps")[0]["n"],
        "steps_with_2_or_more_reports": store.query("SELECT COUNT(*) AS n FROM steps WHERE n_sources > 1")[0]["n"],
        "persons_in_2_or_more_reports": sum(1 for r in ids if r["n_documents"] > 1),
        "persons_across_scripts": sum(1 for s in scripts.values() if s == {"zh", "latin"}),
        "conflicts": {r["rule"]: r["n"] for r in store.query("SELECT rule, COUNT(*) AS n FROM conflicts GROUP BY rule ORDER BY rule")},
        "cross_report_links": {r["rule"]: r["n"] for r in links},
        "refused": {r["against"]: r["n"] for r in refused},
    }


def context(text: str, names: list[str], width: int = 90) -> list[str]:
    out = []
    for name in names:
        for m in re.finditer(re.escape(name), text):
            out.append(text[max(0, m.start() - width): m.end() + width].replace("\n", " "))
            if len(out) >= 1:
                return out
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--context", action="store_true")
    args = ap.parse_args()
    with open_store(args.db, must_exist=True) as store:
        print(json.dumps(figures(store), ensure_ascii=False, indent=1))
        links = store.query("SELECT link_id, person_id, rule, doc_a, name_a, doc_b, name_b, confidence FROM identity_links"
                            " WHERE status = 'linked' AND doc_b IS NOT NULL AND doc_a <> doc_b ORDER BY link_id")
        texts = {d["doc_id"]: d["text"] or "" for d in store.documents()}
        names = {}
        for r in store.query("SELECT s.doc_id, s.person_id, e.record FROM step_records s JOIN events e ON e.event_id = s.event_id"):
            p = json.loads(r["record"])["person"]
            names.setdefault((r["doc_id"], r["person_id"]), set()).update(n for n in [p["name"], p["name_zh"], *p["aliases"]] if n)
    sample = random.Random(args.seed).sample(links, min(args.n, len(links)))
    for i, l in enumerate(sample, 1):
        print(f"\n#{i} {l['link_id']} {l['person_id']} {l['rule']} ({l['confidence']}): "
              f"{l['name_a']} [{l['doc_a']}] ~ {l['name_b']} [{l['doc_b']}]")
        if args.context:
            for doc in (l["doc_a"], l["doc_b"]):
                for line in context(texts[doc], sorted(names.get((doc, l["person_id"]), set()), key=len, reverse=True)):
                    print(f"   {doc}: …{line}…")


if __name__ == "__main__":
    main()
