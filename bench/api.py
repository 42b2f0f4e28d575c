"""API latency benchmark (docs/api.md): a production-style server, PostgreSQL with N persons, 16 clients.

Steps:
  1. generate an interchange folder of N persons with their full history
     (`bench/registry.py:make_folder`) and load it with `spor import` into a scratch PostgreSQL
     database `spor_bench_api` (created here, dropped at the end);
  2. create a centre caseworker with a personal API token (`spor token create`);
  3. start gunicorn (gthread workers, SPOR_DEBUG=0 with throw-away keys) on 127.0.0.1;
  4. 16 client threads, each on its own keep-alive connection (http.client), send requests for
     (a) reading one person's case with its history, GET /api/cases/{code}, random cases, and
     (b) listing inquiries, GET /api/inquiries with a random filter, page and order;
  5. print p50/p95/p99 per kind, throughput, error count, the server's CPU time per request (the
     gunicorn master and workers, from /proc, over the requests of the run) and its peak memory.
Target: p95 at most 50 ms for both.

    .venv/bin/python bench/api.py           # 100,000 persons, 4,000 requests of each kind
    .venv/bin/python bench/api.py --quick   # 5,000 persons, 300 of each kind (about a minute)

The clients share the machine with the server, as the issue asks for one box; their own CPU use
is part of what is measured.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _scratch import BIN, ROOT, load_registry, pg, run, scratch_env  # noqa: E402 - a sibling module

PG_NAME = "spor_bench_api"
CLIENTS = 16
TARGET_MS = 50.0
SETUP = """
import json
from django.db import connection
from spor.api.tokens import token_create
from spor.organisations.models import OrganisationType, Role
from spor.organisations.services import organisation_create, user_create
org = organisation_create(actor=None, name="Bench CMM", type=OrganisationType.CMM)
user = user_create(actor=None, username="bench", password="bench-password-not-used-42", organisation=org,
                   role=Role.CASEWORKER, check_password=False)
secret = token_create(actor=None, user=user, days=1)[1]
with connection.cursor() as cur:  # the bench's own sample of case codes, not an API read
    cur.execute("select code from cases_case order by random() limit 5000")
    codes = [str(row[0]) for row in cur.fetchall()]
    cur.execute("select count(*) from cases_inquiry")
    inquiries = cur.fetchone()[0]
print(json.dumps({"secret": secret, "codes": codes, "inquiries": inquiries}))
"""


def load(persons: int, env: dict[str, str], work: Path) -> dict[str, object]:
    """Steps 1-2: folder, migrate, import, token. Returns the secret and a sample of case codes."""
    load_registry(persons, env, work)
    # Fresh statistics for the planner, as autovacuum would gather them soon after a bulk load.
    run([str(BIN / "spor"), "dbshell", "--", "-c", "ANALYZE"], env)
    out = run([str(BIN / "python"), "-c", "import django; django.setup()\n" + SETUP], {**env, **_django(env)})
    return json.loads(out.strip().splitlines()[-1])


def _django(env: dict[str, str]) -> dict[str, str]:
    return {"DJANGO_SETTINGS_MODULE": env.get("DJANGO_SETTINGS_MODULE", "spor.settings")}


def _settings_module(work: Path) -> str:
    """Settings for the server: the project's, with the API mounted if the project has not yet."""
    (work / "bench_api_settings.py").write_text(
        'from spor.settings import *  # noqa: F403\nROOT_URLCONF = "tests.api.urls"\n', encoding="utf-8"
    )
    return "bench_api_settings"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(env: dict[str, str], work: Path, workers: int, threads: int) -> tuple[subprocess.Popen[bytes], int]:
    """Step 3: gunicorn on a free port; returns when it answers."""
    port = _free_port()
    env = {**env, "PYTHONPATH": f"{work}:{ROOT}", "DJANGO_SETTINGS_MODULE": _settings_module(work)}
    args = [str(BIN / "gunicorn"), "spor.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    args += ["--worker-class", "gthread", "--threads", str(threads), "--keep-alive", "30", "--log-level", "warning"]
    server = subprocess.Popen(args, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/login/")  # public; the API document needs a log-in
            if conn.getresponse().status == 200:
                return server, port
        except OSError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def _inquiry_url(rng: random.Random, total: int) -> str:
    order = rng.choice(["-received_on", "received_on", "external_id"])
    query = f"/api/inquiries?limit=50&offset={rng.randrange(0, max(1, min(total, 5000)) // 50) * 50}&order={order}"
    if rng.random() < 0.5:
        year = rng.randrange(2016, 2026)
        query += f"&received_from={year}-01-01&received_to={year}-12-31"
    if rng.random() < 0.3:
        query += "&channel=" + rng.choice(["hotline", "email", "other"])
    return query


def clients(
    port: int, secret: str, plan: list[tuple[str, str]], count: int = CLIENTS
) -> tuple[dict[str, list[float]], int, float]:
    """Step 4: `count` threads share `plan`; each keeps one connection open. Latencies in ms."""
    latencies: dict[str, list[float]] = {"case": [], "inquiries": []}
    errors = [0]
    lock = threading.Lock()
    work = iter(plan)
    headers = {"Authorization": f"Bearer {secret}", "Connection": "keep-alive"}

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                item = next(work, None)
            if item is None:
                break
            kind, url = item
            t = time.perf_counter()
            conn.request("GET", url, headers=headers)
            response = conn.getresponse()
            response.read()
            elapsed = (time.perf_counter() - t) * 1000
            with lock:
                latencies[kind].append(elapsed)
                errors[0] += response.status != 200
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0], time.perf_counter() - started


def server_cpu_seconds(server: subprocess.Popen[bytes]) -> float:
    """User + system CPU time of the gunicorn master and its live workers, from /proc (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    pids = [server.pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[1]) == server.pid:  # the field after the state is the parent's pid
            pids.append(int(stat.parent.name))
    total = 0
    for pid in pids:
        try:
            fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return total / tick


def measured(
    server: subprocess.Popen[bytes], port: int, secret: str, plan: list[tuple[str, str]], count: int = CLIENTS
) -> None:
    """Run `plan` with `count` clients and report latencies and the server's CPU per request."""
    before = server_cpu_seconds(server)
    latencies, errors, wall = clients(port, secret, plan, count=count)
    cpu = server_cpu_seconds(server) - before
    report(latencies, errors, wall, count=count)
    total = sum(len(v) for v in latencies.values())
    print(f"server CPU {cpu:.2f} s for {total:,} requests = {cpu / total * 1000:.2f} ms per request (target <= 3 ms)")


def _percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] if len(values) > 1 else values[0]


def report(latencies: dict[str, list[float]], errors: int, wall: float, count: int = CLIENTS) -> None:
    for kind, label in (("case", "GET /api/cases/{code}"), ("inquiries", "GET /api/inquiries")):
        values = latencies[kind]
        p50, p95, p99 = (_percentile(values, p) for p in (50, 95, 99))
        verdict = "met" if p95 <= TARGET_MS else "NOT met"
        print(
            f"{label:<24} n={len(values):5d}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p99 {p99:6.1f} ms"
            f"  | target p95 <= {TARGET_MS:.0f} ms: {verdict}"
        )
    total = sum(len(v) for v in latencies.values())
    print(f"{count} client(s), {total:,} requests in {wall:.1f} s = {total / wall:,.0f} req/s, non-200: {errors}")


def _server_peak_mb(server: subprocess.Popen[bytes]) -> float:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="5,000 persons and 300 requests of each kind")
    parser.add_argument("--persons", type=int, help="number of persons (overrides --quick)")
    parser.add_argument("--requests", type=int, help="requests of each kind (overrides --quick)")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) + 1, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    args = parser.parse_args()
    persons = args.persons or (5_000 if args.quick else 100_000)
    requests = args.requests or (300 if args.quick else 4_000)
    rng = random.Random(2026)
    pg(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
    pg(f'CREATE DATABASE "{PG_NAME}"')
    server = None
    try:
        with tempfile.TemporaryDirectory(prefix="spor-bench-api-") as tmp:
            work = Path(tmp)
            (work / "var" / "static").mkdir(parents=True)  # whitenoise warns without it
            env = scratch_env(work / "var", PG_NAME)
            data = load(persons, env, work)
            codes, total = list(data["codes"]), int(data["inquiries"])  # type: ignore[call-overload]
            server, port = serve(env, work, args.workers, args.threads)
            print(f"server    gunicorn {args.workers} workers x {args.threads} threads, {total:,} inquiries")
            plan = [("case", f"/api/cases/{rng.choice(codes)}") for _ in range(requests)]
            plan += [("inquiries", _inquiry_url(rng, total)) for _ in range(requests)]
            rng.shuffle(plan)
            clients(port, str(data["secret"]), plan[: CLIENTS * 8])  # warm-up: connections, caches
            # One client alone first: the service time of a request without queueing behind others.
            print("-- 1 client (service time)")
            measured(server, port, str(data["secret"]), plan[-min(200, requests) :], count=1)
            print(f"-- {CLIENTS} concurrent clients")
            load_before = os.getloadavg()[0]
            measured(server, port, str(data["secret"]), plan)
            print(
                f"load average (1 min) before {load_before:.1f}, after {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs"
            )
            print(f"peak memory of the largest child process (import or server) {_server_peak_mb(server):,.0f} MB")
            server = None
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        pg(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
