"""Batch throughput at scale: the local engine against a Dask cluster of 1 and 2 workers.

One invocation, the same N reports (default 5,000: the bundled samples and
the ../shared corpus cycled under distinct names) through

    local-1   casefile run --engine local --workers 1       (one process)
    dask-1    casefile run --engine dask --scheduler ...    (1 `dask worker`, 1 thread)
    dask-2    the same with 2 workers

each into a fresh SQLite store, each `casefile run` a fresh process (model
loading included, as in a real run). Workers are real `dask scheduler` /
`dask worker` processes on 127.0.0.1, started fresh for each cluster size.
Reported: documents/s for each, the dask-2 / dask-1 ratio, peak RSS of the
run's process and of each worker, the Dask overhead per document
((dask-1 - local-1) / N), the client's CPU per document (with SQLite the
client is the one writer: it bounds what any number of workers can deliver),
and a projection for 1M reports on K workers. The three stores must hold the
same events, or the benchmark fails.

    nice -n 10 python benchmarks/bench_scale.py [--n 5000] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "corpus"
DASK = Path(sys.executable).parent / "dask"
CASEFILE = [sys.executable, "-m", "pipeline.cli", "run"]
PROFILE_OFF = True  # --worker-profile on: Dask's default


def make_corpus(folder: Path, n: int) -> int:
    sources = sorted((REPO / "corpus" / "samples").glob("*.txt"))
    for split in ("dev", "train"):
        if (SHARED / split / "docs").is_dir():
            sources += sorted((SHARED / split / "docs").glob("*.txt"))
    folder.mkdir(parents=True)
    chars = 0
    for i in range(n):
        src = sources[i % len(sources)]
        shutil.copyfile(src, folder / f"{i:06d}-{src.stem}.txt")
        chars += src.stat().st_size
    return chars


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed_run(args: list[str]) -> dict:
    """Wall time, CPU and peak RSS of one `casefile run` process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([*CASEFILE, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    # the batch's own summary line ("N documents: N ok, 0 failed, ..."); the people stage prints after it
    summary = next((line for line in reversed(err.strip().splitlines()) if " documents: " in line), "")
    if proc.returncode != 0 or " 0 failed" not in summary:
        raise SystemExit(f"casefile run {' '.join(args)} failed ({proc.returncode}):\n{err[-3000:]}")
    return {"wall_s": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "summary": summary}


def _peak_rss_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class Cluster:
    """`dask scheduler` + k `dask worker` processes on loopback."""

    def __init__(self, k: int, logs: Path):
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.procs: list[subprocess.Popen] = []
        port = self.address.rsplit(":", 1)[1]
        self._start(["scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"], logs / f"scheduler-{k}.log")
        for i in range(k):
            self._start(["worker", self.address, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1",
                         "--memory-limit", "0", "--no-dashboard", "--name", f"w{i}"], logs / f"worker-{k}-{i}.log")
        from distributed import Client

        deadline = time.monotonic() + 120
        while True:
            try:
                with Client(self.address, timeout=10) as c:
                    c.wait_for_workers(k, timeout=120)
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def _start(self, args: list[str], log: Path) -> None:
        # the workers run as a throughput cluster would (README, "Running on a cluster"):
        # without Dask's statistical profiler, which samples every worker thread
        # every 10 ms for the dashboard's profile page
        env = {**os.environ, "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False"} if PROFILE_OFF else None
        self.procs.append(subprocess.Popen([str(DASK), *args], stdout=subprocess.DEVNULL, stderr=log.open("w"),
                                           start_new_session=True, env=env))

    def worker_peaks_mb(self) -> list[float]:
        from distributed import Client

        with Client(self.address, timeout=10) as c:
            return sorted(round(kb / 1024, 1) for kb in c.run(_peak_rss_kb).values())

    def close(self) -> None:
        for p in reversed(self.procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


def events(db: Path) -> set[tuple[str, str]]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return set(conn.execute("SELECT event_id, record FROM events"))


def project(per_doc_s: float, ratio: float, client_cpu_per_doc_s: float) -> dict[str, float]:
    """Hours for 1M reports on K single-threaded workers, from the measured per-document cost.

    Each added worker is assumed to add what the second one added here
    (ratio - 1 of a worker), and the run can never go faster than its one
    SQLite writer (the client's CPU per document).
    """
    eff = max(0.0, min(1.0, ratio - 1.0))
    out = {}
    for k in (1, 2, 8, 32, 128):
        workers_rate = (1 + eff * (k - 1)) / per_doc_s
        rate = min(workers_rate, 1 / client_cpu_per_doc_s) if client_cpu_per_doc_s > 0 else workers_rate
        out[f"K={k}"] = round(1e6 / rate / 3600, 2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=5000, help="documents (default 5000)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--keep", action="store_true", help="keep the corpus and stores (printed)")
    ap.add_argument("--worker-profile", choices=("off", "on"), default="off",
                    help="Dask's statistical profiler on the workers (default off, as README recommends for batch runs)")
    args = ap.parse_args()
    global PROFILE_OFF
    PROFILE_OFF = args.worker_profile == "off"
    tmp = Path(tempfile.mkdtemp(prefix="casefile-bench-scale-"))
    corpus, logs = tmp / "reports", tmp / "logs"
    logs.mkdir()
    chars = make_corpus(corpus, args.n)
    print(f"{args.n} reports, {chars / 1e6:.1f} MB, in {corpus}", file=sys.stderr)
    runs: dict[str, dict] = {}
    try:
        db = tmp / "local-1.db"
        runs["local-1"] = timed_run([str(corpus), "--db", f"sqlite:///{db}", "--engine", "local", "--workers", "1",
                                     "--no-progress"])
        print("local-1", runs["local-1"], file=sys.stderr)
        for k in (1, 2):
            cluster = Cluster(k, logs)
            try:
                db = tmp / f"dask-{k}.db"
                runs[f"dask-{k}"] = timed_run([str(corpus), "--db", f"sqlite:///{db}", "--engine", "dask",
                                               "--scheduler", cluster.address, "--workers", str(k), "--no-progress"])
                runs[f"dask-{k}"]["worker_peak_rss_mb"] = cluster.worker_peaks_mb()
            finally:
                cluster.close()
            print(f"dask-{k}", runs[f"dask-{k}"], file=sys.stderr)
        want = events(tmp / "local-1.db")
        for name in ("dask-1", "dask-2"):
            if events(tmp / f"{name}.db") != want:
                raise SystemExit(f"{name}'s store differs from local-1's")
        n = args.n
        for r in runs.values():
            r["docs_per_s"] = round(n / r["wall_s"], 2)
        ratio = runs["dask-1"]["wall_s"] / runs["dask-2"]["wall_s"]
        client_cpu = runs["dask-2"]["cpu_s"] / n
        result = {
            "documents": n,
            "chars": chars,
            "events": len(want),
            "runs": runs,
            "dask2_over_dask1": round(ratio, 2),
            "dask_overhead_ms_per_doc": round(1000 * (runs["dask-1"]["wall_s"] - runs["local-1"]["wall_s"]) / n, 2),
            "client_cpu_ms_per_doc": round(1000 * client_cpu, 2),
            "hours_for_1M_reports": project(runs["dask-1"]["wall_s"] / n, ratio, client_cpu),
            "cpus": os.cpu_count(),
            "worker_profile": args.worker_profile,
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        }
        print(json.dumps(result, indent=2))
        if args.json:
            args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
