"""The review app's queue page on a store of at least 5,000 events: median and
p95 response time over HTTP, from a running `casefile serve`.

    python benchmarks/bench_serve.py [--docs ../shared/corpus/dev/docs] [--events 5000] [--rounds 40]

The store is made by `casefile run` over the dev corpus; its documents are
then copied under distinct ids (``doc~2`` ...), events and all, through the
store's own write, until the store holds ``--events`` events, and a tenth of
them get a decision. Each page is asked ``--rounds`` times after one warm-up
request. The bar (issue 11): the queue page answers within 300 ms.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # a script, not part of the package: run from a checkout

from pipeline.records import DetentionEvent  # noqa: E402
from pipeline.store import DocumentResult, QueueFilter, open_store  # noqa: E402
from tests.serve.conftest import start_server, stop_server  # noqa: E402

PAGES = {
    "queue, first record": "/",
    "queue, record 2,500": "/?i=2500",
    "queue, filtered (released, unreviewed)": "/?type=released&state=unreviewed",
    "queue, filtered (person, dates, confidence)": "/?person=wang&from=2019&to=2022&min=0.5",
    "queue, reviewed only": "/?state=reviewed&i=100",
}


def build_store(docs: Path, url: str, target: int) -> dict[str, int]:
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(docs), "--db", url, "--no-progress"],
                         cwd=REPO, capture_output=True, text=True)
    if res.returncode not in (0, 1):
        raise SystemExit(res.stderr)
    run_s = time.perf_counter() - t0
    with open_store(url) as store:
        originals = [d for d in store.documents() if d["status"] == "ok" and d["n_events"]]
        events = {d["doc_id"]: store.extracted_events(d["doc_id"]) for d in originals}
        n = sum(len(v) for v in events.values())
        copy = 1
        while n < target:
            copy += 1
            for d in originals:
                doc_id = f"{d['doc_id']}~{copy}"
                evs = [DetentionEvent.model_validate({**e.model_dump(), "doc_id": doc_id, "event_id": ""})
                       for e in events[d["doc_id"]]]
                n += store.save(DocumentResult(doc_id, d["path"], d["sha256"], "ok", d["language"], text=d["text"],
                                               events=evs), "bench", "bench")
        ids, total = store.queue_ids(QueueFilter(), limit=total_events(store))
        for eid in ids[::10]:
            store.review(eid, "accepted", reviewer="bench")
    return {"events": total, "documents": len(originals) * copy, "dev_documents": len(originals),
            "decisions": len(ids[::10]), "run_seconds": round(run_s, 1)}


def total_events(store) -> int:
    return store.queue_ids(QueueFilter())[1]


def time_page(url: str, rounds: int) -> dict[str, float]:
    import httpx

    with httpx.Client(timeout=30) as client:
        client.get(url).raise_for_status()
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            res = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            res.raise_for_status()
    times.sort()
    return {"median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
            "max_ms": round(times[-1], 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=Path, default=Path(os.environ.get("CASEFILE_SHARED", REPO.parent / "shared"))
                    / "corpus" / "dev" / "docs")
    ap.add_argument("--events", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--db", help="a store URL to build into (default: a temporary SQLite file)")
    args = ap.parse_args()
    if not args.docs.is_dir():
        raise SystemExit(f"no corpus at {args.docs} (give --docs)")
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        store_info = build_store(args.docs, url, args.events)
        server = start_server(url)
        try:
            pages = {name: time_page(server.url + path, args.rounds) for name, path in PAGES.items()}
        finally:
            stop_server(server)
    print(json.dumps({"store": {**store_info, "kind": url.split(":", 1)[0]}, "rounds": args.rounds, "pages": pages,
                      "bar_ms": 300, "within_bar": all(p["p95_ms"] <= 300 for p in pages.values())}, indent=2))


if __name__ == "__main__":
    main()
