"""Web page benchmark (docs/web.md#performance): server time per page, p95, with N persons in PostgreSQL.

Steps:
  1. generate an interchange folder of N persons with their full history
     (`bench/registry.py:make_folder`) and load it with `spor import` into a scratch PostgreSQL
     database `spor_bench_web` (created here, dropped at the end); ANALYZE;
  2. give every person a synthetic name in the blind index (as registered persons have), and
     create the working state My work shows: reflection periods ending this week, referrals;
  3. in one process with production settings (SPOR_DEBUG=0, throw-away keys), log in users with
     a verified second factor and request every page of docs/web.md#pages through Django's full middleware
     stack (the test client: no network, so the time is the server's own), R times each;
  4. print p50/p95/max per page, the target (p95 at most 200 ms) and peak memory.

    .venv/bin/python bench/web.py           # 100,000 persons, 60 requests per page
    .venv/bin/python bench/web.py --quick   # 5,000 persons, 20 requests per page (under a minute)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _scratch import BIN, load_registry, pg, run, scratch_env  # noqa: E402 - a sibling module

# Several engineers may benchmark on one cluster: SPOR_BENCH_WEB_DB names another scratch database.
PG_NAME = os.environ.get("SPOR_BENCH_WEB_DB", "spor_bench_web")
TARGET_MS = 200.0


def child(repeat: int) -> None:
    """Steps 2-4, inside Django (this script re-run with --child)."""
    import django

    django.setup()
    state = prepare()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    results = {name: measure(client, method, url, data, repeat) for name, client, method, url, data in pages(state)}
    results["_peak_mb"] = [[resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]]
    print(json.dumps(results))


def prepare() -> dict[str, object]:
    """Step 2: names in the blind index, users with TOTP, deadlines and referrals."""
    import random
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from spor.cases import services
    from spor.cases.models import Case
    from spor.organisations.models import OrganisationType, Role
    from spor.organisations.services import organisation_create, user_create
    from spor.people import names
    from spor.people.models import Person, PersonToken
    from spor.people.synthetic import synthetic_name

    rng, key = random.Random(7), settings.BLIND_INDEX_KEY.encode()
    t = time.perf_counter()
    batch: list[PersonToken] = []
    for pk, nationalities, gender in Person.objects.values_list("pk", "nationalities", "gender").iterator():
        given, family = synthetic_name(rng, (nationalities or ["ZZ"])[0], gender)
        batch += [PersonToken(person_id=pk, token=token) for token in names.blind_tokens(f"{given} {family}", key)]
        if len(batch) > 20_000:
            PersonToken.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    PersonToken.objects.bulk_create(batch, ignore_conflicts=True)
    print(
        f"names     {PersonToken.objects.count():,} blind-index tokens in {time.perf_counter() - t:.1f} s", flush=True
    )

    cmm = organisation_create(actor=None, name="Bench CMM", type=OrganisationType.CMM)
    police = organisation_create(actor=None, name="Bench Politi", type=OrganisationType.POLICE_DISTRICT)
    users = {
        role: user_create(
            actor=None,
            username=f"bench-{role}",
            password=secrets.token_urlsafe(16),
            organisation=org,
            role=role,
            check_password=False,
        )
        for role, org in [(Role.CASEWORKER, cmm), (Role.MANAGER, cmm), (Role.ANALYST, cmm), (Role.REFERRER, police)]
    }
    worker = users[Role.CASEWORKER]
    today = timezone.localdate()
    for case in Case.objects.order_by("-opened_on")[:40]:
        try:
            services.reflection_grant(actor=worker, case=case, granted_by="cmm", starts_on=today - timedelta(days=26))
        except Exception:  # noqa: S112 - a case whose state allows no grant is simply skipped
            continue
    referrals = [
        services.referral_submit(actor=users[Role.REFERRER], sender_type="police", summary=f"henvisning {i}")[0]
        for i in range(200)
    ]
    person = Person.objects.filter(birth_year__isnull=False).order_by("pk").first()
    return {"users": users, "case": Case.objects.order_by("pk").first(), "referral": referrals[0], "person": person}


def _client(user: object) -> object:
    """A test client logged in with a verified second factor, as after the two-step log-in."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def pages(state: dict[str, object]) -> list[tuple[str, object, str, str, dict[str, str] | None]]:
    from spor.organisations.models import Role

    users = state["users"]
    worker, manager = _client(users[Role.CASEWORKER]), _client(users[Role.MANAGER])  # type: ignore[index]
    referrer, analyst = _client(users[Role.REFERRER]), _client(users[Role.ANALYST])  # type: ignore[index]
    case, referral, person = state["case"], state["referral"], state["person"]
    intake = {
        "received_on": "2026-05-04",
        "channel": "hotline",
        "sender_type": "citizen",
        "summary": "bench",
        "person": "none",
        "gender": "unknown",
        "residence_status": "unknown",
    }
    return [
        ("login page (anonymous)", __import__("django.test", fromlist=["Client"]).Client(), "get", "/login/", None),
        ("my work (caseworker)", worker, "get", "/", None),
        ("my work (manager, assign)", manager, "get", "/", None),
        ("intake page", worker, "get", "/hotline/", None),
        (
            "intake duplicates (htmx)",
            worker,
            "post",
            "/hotline/dubletter/",
            {"given_name": "Maria", "family_name": "Popescu"},
        ),
        (
            "intake duplicates (Arabic)",
            worker,
            "post",
            "/hotline/dubletter/",
            {"given_name": "محمد", "family_name": "حسن", "birth_year": "1990", "nationality": "SY"},
        ),
        ("intake save", worker, "post", "/hotline/", intake),
        ("search page", worker, "get", "/soeg/", None),
        ("search case number", worker, "post", "/soeg/", {"number": case.number}),  # type: ignore[attr-defined]
        ("search name", worker, "post", "/soeg/", {"name": "Maria"}),
        ("search name (Cyrillic)", worker, "post", "/soeg/", {"name": "Олена Шевченко"}),
        (
            "search year + nationality",
            worker,
            "post",
            "/soeg/",
            {"birth_year": str(person.birth_year), "nationality": "NG"},
        ),  # type: ignore[attr-defined]
        ("search birth date", worker, "post", "/soeg/", {"birth_date": f"{person.birth_year}-06-15"}),  # type: ignore[attr-defined]
        ("search phone", worker, "post", "/soeg/", {"phone": "+45 20 30 40 50"}),
        ("referral list", referrer, "get", "/henvisning/", None),
        ("referral form", referrer, "get", "/henvisning/ny/", None),
        ("referral detail", referrer, "get", f"/henvisning/{referral.code}/", None),  # type: ignore[attr-defined]
        ("analyst page", analyst, "get", "/analyse/", None),
        ("inquiry queue", worker, "get", "/henvendelser/", None),
        (
            "inquiry queue filtered",
            worker,
            "get",
            "/henvendelser/?state=new&channel=hotline&received_from=2020-01-01",
            None,
        ),
        ("inquiry queue page 40", worker, "get", "/henvendelser/?side=40", None),
        ("inquiry team view", manager, "get", "/henvendelser/team/", None),
        ("inquiry page", worker, "get", f"/henvendelse/{referral.code}/", None),  # type: ignore[attr-defined]
    ]


def measure(client: object, method: str, url: str, data: dict[str, str] | None, repeat: int) -> list[list[float]]:
    """[wall ms, CPU ms of this process] per request; the CPU time leaves out waiting for a core
    on a loaded machine (and the database server's own time)."""
    times = []
    getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)  # warm-up, unmeasured
    for _ in range(repeat):
        t, cpu = time.perf_counter(), time.process_time()
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        times.append([(time.perf_counter() - t) * 1000, (time.process_time() - cpu) * 1000])
        if response.status_code not in (200, 302):
            raise SystemExit(f"{method.upper()} {url}: HTTP {response.status_code}")
    return times


def report(results: dict[str, list[list[float]]]) -> bool:
    ok = True
    print(f"{'page':<28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU p50':>8}  target p95 <= {TARGET_MS:.0f} ms")
    for name, rows in results.items():
        if name.startswith("_"):
            continue
        times, cpu = [r[0] for r in rows], [r[1] for r in rows]
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
        ok &= p95 <= TARGET_MS
        flag = "met" if p95 <= TARGET_MS else "NOT met"
        print(
            f"{name:<28} {statistics.median(times):8.1f} {p95:8.1f} {max(times):8.1f}"
            f" {statistics.median(cpu):8.1f}  {flag}"
        )
    print(
        f"peak memory of the measuring process: {results['_peak_mb'][0][0]:,.0f} MB; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="5,000 persons, 20 requests per page")
    parser.add_argument("--persons", type=int, help="number of persons (overrides --quick)")
    parser.add_argument("--repeat", type=int, help="requests per page")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    persons = args.persons or (5_000 if args.quick else 100_000)
    repeat = args.repeat or (20 if args.quick else 60)
    pg(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
    pg(f"CREATE DATABASE {PG_NAME}")
    try:
        with tempfile.TemporaryDirectory(prefix="spor-bench-web-") as tmp:
            env = scratch_env(Path(tmp), PG_NAME)
            load_registry(persons, env, Path(tmp))
            out = run([str(BIN / "python"), str(Path(__file__).resolve()), "--child", str(repeat)], env)
            lines = out.strip().splitlines()
            print("\n".join(lines[:-1]), flush=True)
            ok = report(json.loads(lines[-1]))
    finally:
        pg(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
