"""Store-level load run: many students saving at once into one PostgreSQL class database.

Run: ``.venv/bin/python benchmarks/bench_store.py`` (``--writers 50`` for a quicker run).

Starts a private PostgreSQL server (``tests/store/pg_kit.py``: ``initdb`` + ``pg_ctl`` in a
temporary folder, unix socket only, a stock ``max_connections = 100``), provisions one role per
simulated student (as the JupyterHub hook does) and a teacher, and then, for each connection
policy:

* ``per write``: ``keep_open=0`` — connect, save, disconnect;
* ``kept 5 s``: the default — a kernel keeps its one connection for 5 idle seconds;

runs ``--writers`` threads spread over ``--processes`` processes, each thread one student with
their own role, each saving ``--saves`` scores with a random pause of up to ``--think`` s
before each save.  Every save goes through :class:`debatekit.store.postgres.PostgresStore`
(upsert, committed before ``put`` returns).  A teacher's :class:`PostgresClass` listens all
along.  Bounded: a fixed number of saves; the server listens on a unix socket only.

Prints, per policy: p50/p95/max save latency, saves that failed, **writes lost** (rows missing
or not holding the last value reported as saved: must be 0), the **peak number of connections**
(sampled every 20 ms from ``pg_stat_activity``), the teacher's change count, and wall time.
Exits 1 if a write was lost or a save failed.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "store"))

POLICIES = {"per write": 0.0, "kept 5 s": 5.0}
DEBATE = "bench"


def _writer_process(jobs, keep_open, saves, think, start_at, out):
    """One process: a thread per student; puts (latencies, failures, acknowledged) on ``out``.

    ``acknowledged`` maps (student, argument) to the last score whose ``put`` returned: the
    value the student was told is saved.
    """
    from debatekit.store.postgres import PostgresStore

    latencies: list[float] = []
    failures: list[str] = []
    acknowledged: dict[tuple[str, str], int] = {}
    lock = threading.Lock()

    def student(name, url, seed):
        rng = random.Random(seed)
        mine, bad, acked = [], [], {}
        try:
            time.sleep(max(0.0, start_at - time.time()))
            store = PostgresStore(url, name, keep_open=keep_open)
        except Exception as exc:
            bad.append(f"{name} could not open the store: {exc}")
            store = None
        for i in range(saves if store else 0):
            time.sleep(rng.uniform(0, think))
            argument = f"a{i % 10}"
            t0 = time.perf_counter()
            try:
                store.put(
                    "scores",
                    name,
                    DEBATE,
                    (argument, "clarity"),
                    {"score": i, "not_assessable": 0},
                    "1",
                )
                mine.append(time.perf_counter() - t0)
                acked[(name, argument)] = i
            except Exception as exc:  # the student saw an error: a failed save, not a lost one
                bad.append(f"{name} save {i}: {exc}")
        if store:
            store.close()
        with lock:
            latencies.extend(mine)
            failures.extend(bad)
            acknowledged.update(acked)

    threads = [
        threading.Thread(target=student, args=(name, url, hash(name) & 0xFFFF))
        for name, url in jobs
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put((latencies, failures, acknowledged))


def _peak_connections(admin_url, dbname, stop, result):
    import psycopg

    peak = 0
    with psycopg.connect(admin_url, autocommit=True) as con:
        while not stop.is_set():
            n = con.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND application_name = 'debatekit' AND backend_type = 'client backend'",
                (dbname,),
            ).fetchone()[0]
            peak = max(peak, n)
            time.sleep(0.02)
    result.append(peak)


def run_policy(pg, label, keep_open, args) -> dict:
    import psycopg

    from debatekit.store.postgres import PostgresClass
    from debatekit.store.provision import credentials_url, provision, setup_database

    db = pg.create_database()
    admin = pg.url(dbname=db)
    setup_database(admin)
    public = pg.url(user=None, dbname=db)
    names = [f"student{i:03d}" for i in range(args.writers)]
    t0 = time.perf_counter()
    urls = {n: credentials_url(public, n, provision(admin, n, classes=["bench"])) for n in names}
    provision_s = time.perf_counter() - t0
    teacher_url = credentials_url(
        public, "teacher", provision(admin, "teacher", kind="teacher", classes=["bench"])
    )
    teacher = PostgresClass(teacher_url, "bench")
    seen = teacher.changes()

    stop = threading.Event()
    peak: list[int] = []
    monitor = threading.Thread(target=_peak_connections, args=(admin, db, stop, peak))
    monitor.start()

    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    start_at = time.time() + 3.0  # every process has imported psycopg by then
    chunks = [list(urls.items())[i :: args.processes] for i in range(args.processes)]
    procs = [
        ctx.Process(
            target=_writer_process,
            args=(chunk, keep_open, args.saves, args.think, start_at, out),
        )
        for chunk in chunks
        if chunk
    ]
    for p in procs:
        p.start()
    latencies, failures, acknowledged = [], [], {}
    for _ in procs:
        lat, bad, acked = out.get(timeout=args.timeout)
        latencies += lat
        failures += bad
        acknowledged.update(acked)
    for p in procs:
        p.join(timeout=60)
    wall = time.time() - start_at
    # the teacher's view: notifications arrive after the commits; give them a moment
    changes = teacher.wait(seen, 2.0)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        changes = teacher.wait(changes, 0.5)
        if changes - seen >= len(latencies):
            break
    teacher_rows = len(teacher.work(DEBATE)["scores"])
    teacher.close()
    stop.set()
    monitor.join()

    # writes lost: a save reported as done whose value is not in the database. Scores only
    # grow per key, so the row must hold at least the last acknowledged value (a failed save
    # whose commit went through but whose answer was lost may leave a later one).
    with psycopg.connect(admin, autocommit=True) as con:
        found = {
            (s, a): v
            for s, a, v in con.execute(
                "SELECT student, argument, score FROM debatekit.scores WHERE debate = %s",
                (DEBATE,),
            )
        }
    lost = sum(1 for k, v in acknowledged.items() if found.get(k, -1) < v)
    return {
        "policy": label,
        "saves": len(latencies),
        "failed": len(failures),
        "failures": failures[:5],
        "lost": lost,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p95_ms": 1000 * statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else 0,
        "max_ms": 1000 * max(latencies) if latencies else float("nan"),
        "peak_connections": peak[0] if peak else -1,
        "teacher_changes": changes - seen,
        "teacher_rows": teacher_rows,
        "wall_s": wall,
        "provision_s": provision_s,
    }


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--writers", type=int, default=300, help="simulated students (default 300)")
    p.add_argument("--saves", type=int, default=20, help="saves per student (default 20)")
    p.add_argument("--think", type=float, default=1.0, help="max pause before a save, s")
    p.add_argument("--processes", type=int, default=6, help="writer processes (default 6)")
    p.add_argument("--timeout", type=float, default=600, help="give up after this many s")
    p.add_argument("--policy", choices=[*POLICIES, "both"], default="both")
    args = p.parse_args(argv)

    from pg_kit import PostgresServer

    policies = POLICIES if args.policy == "both" else {args.policy: POLICIES[args.policy]}
    results = []
    with PostgresServer(settings={"max_connections": 100}) as pg:
        for label, keep_open in policies.items():
            print(
                f"[bench_store] {label}: {args.writers} writers × {args.saves} saves …", flush=True
            )
            results.append(run_policy(pg, label, keep_open, args))

    print()
    print(
        f"{args.writers} students × {args.saves} saves, pause ≤ {args.think} s, "
        f"{args.processes} processes, PostgreSQL max_connections = 100, unix socket"
    )
    print()
    head = (
        "policy",
        "saves",
        "failed",
        "lost",
        "p50 ms",
        "p95 ms",
        "max ms",
        "peak conns",
        "teacher changes",
        "wall s",
    )
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in results:
        print(
            f"| {r['policy']} | {r['saves']} | {r['failed']} | {r['lost']} | {r['p50_ms']:.1f} "
            f"| {r['p95_ms']:.1f} | {r['max_ms']:.1f} | {r['peak_connections']} "
            f"| {r['teacher_changes']} | {r['wall_s']:.1f} |"
        )
    for r in results:
        for f in r["failures"]:
            print(f"  failure ({r['policy']}): {f}")
        print(
            f"  {r['policy']}: provisioning {args.writers} roles took {r['provision_s']:.1f} s;"
            f" the teacher's read saw {r['teacher_rows']} score rows"
        )
    bad = any(r["lost"] or r["failed"] for r in results)
    print()
    print("writes lost: " + ("NONE — PASS" if not bad else "SOME — FAIL"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
