"""The API under faults, against a real gunicorn and PostgreSQL (docs/operations.md#faults).

While eight clients submit referrals with idempotency keys, the test (1) terminates every
PostgreSQL backend of the test database, a real connection loss that leaves the shared server
running, and (2) kills a gunicorn worker and then the master with SIGKILL. Every answer is a 201
or a clean 503 in the API's error shape; every referral acknowledged with a 2xx is in the
database afterwards; after the fault, writes succeed again.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from unittest import skipUnless

from django.db import OperationalError, connection
from django.test import Client, TransactionTestCase

from spor.api.tokens import token_create
from spor.cases.models import Inquiry
from spor.organisations.models import OrganisationType, Role
from tests.base import make_organisation, make_user
from tests.production_env import production

WRITERS = 8
PER_WRITER = 12
DEADLINE_S = 15.0
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


class Server:
    """`spor serve` (gunicorn, SPOR_DEBUG=0, throw-away secrets) on a free port of 127.0.0.1."""

    def __init__(self, var: Path) -> None:
        db = connection.settings_dict
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}/{db['NAME']}"
        self.port = _free_port()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("SPOR_", "DATABASE_URL"))},
            "DATABASE_URL": url,
            **production(),
            "SPOR_VAR_DIR": str(var),
            "SPOR_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "spor.settings",
        }
        spor = Path(sys.executable).parent / "spor"
        self.process = subprocess.Popen(  # gunicorn replaces `spor serve`: this pid is the master's
            [str(spor), "serve", f"127.0.0.1:{self.port}", "--workers", "2"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.workers: list[int] = []
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"spor serve exited: {self.process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/api/deadlines")  # cheap: refused for want of a token
                if conn.getresponse().status == 401:
                    self.workers = _children(self.process.pid)
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise AssertionError("spor serve did not answer within 45 s")

    def stop(self) -> None:
        for pid in [self.process.pid, *self.workers]:
            with contextlib.suppress(ProcessLookupError):  # already gone
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        if self.process.stderr:
            self.process.stderr.close()


class Writers:
    """`WRITERS` threads submitting referrals, each with its own Idempotency-Key, bounded in count and time."""

    def __init__(self, port: int, secret: str, tag: str) -> None:
        self.port, self.secret, self.tag = port, secret, tag
        self.acknowledged: list[str] = []  # codes of referrals answered 201
        self.answers: list[tuple[int, Any]] = []  # every other answer: (status, body)
        self.unanswered = 0  # connection refused or reset: the server was gone
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._write, args=(n,)) for n in range(WRITERS)]

    def __enter__(self) -> Writers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for thread in self.threads:
            thread.join(timeout=DEADLINE_S + 10)

    def _write(self, n: int) -> None:
        deadline = time.monotonic() + DEADLINE_S
        for i in range(PER_WRITER):
            if self.stop.is_set() or time.monotonic() > deadline:
                return
            body = json.dumps({"sender_type": "police", "summary": "Henvisning under fejltest"})
            headers = {
                "Authorization": f"Bearer {self.secret}",
                "Content-Type": "application/json",
                "Idempotency-Key": f"{self.tag}-{n}-{i}",
            }
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
                conn.request("POST", "/api/referrals", body=body, headers=headers)
                response = conn.getresponse()
                status, raw = response.status, response.read()
                conn.close()
            except (OSError, http.client.HTTPException):
                with self.lock:
                    self.unanswered += 1
                time.sleep(0.05)
                continue
            with self.lock:
                if status == 201:
                    self.acknowledged.append(json.loads(raw)["code"])
                else:
                    self.answers.append((status, raw.decode("utf-8", "replace")))

    def wait_for(self, count: int, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while len(self.acknowledged) < count and time.monotonic() < deadline:
            time.sleep(0.02)


@skipUnless(connection.vendor == "postgresql", "needs PostgreSQL: it terminates the test database's backends")
class FaultTests(TransactionTestCase):
    def setUp(self) -> None:
        police = make_organisation("Københavns Politi", OrganisationType.POLICE_DISTRICT)
        referrer = make_user("peter", police, Role.REFERRER)
        self.secret = token_create(actor=None, user=referrer, days=1)[1]
        self.var = Path(tempfile.mkdtemp(prefix="spor-faults-"))

    def _terminate_backends(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return int(cursor.fetchone()[0])

    def assert_clean_failures(self, writers: Writers) -> None:
        for status, body in writers.answers:
            self.assertEqual(status, 503, body[:500])
            self.assertEqual(set(json.loads(body)), {"message", "fields"})
            self.assertNotIn("Traceback", body)

    def assert_stored(self, codes: list[str]) -> None:
        stored = {str(c) for c in Inquiry.objects.filter(code__in=codes).values_list("code", flat=True)}
        self.assertEqual(set(codes) - stored, set(), "acknowledged referrals missing from the database")

    def test_it_answers_503_on_a_lost_database_connection_and_keeps_every_acknowledged_write(self):
        server = Server(self.var)
        try:
            with Writers(server.port, self.secret, "db") as writers:
                writers.wait_for(10)
                terminated = 0
                for _ in range(3):  # a few times, so some requests are caught mid-transaction
                    terminated += self._terminate_backends()
                    time.sleep(0.15)
            self.assertGreater(terminated, 0)
            self.assert_clean_failures(writers)
            self.assertEqual(writers.unanswered, 0)
            with Writers(server.port, self.secret, "after-db") as after:
                pass
            self.assertEqual((len(after.acknowledged), after.answers), (WRITERS * PER_WRITER, []))
        finally:
            server.stop()
        self.assert_stored(writers.acknowledged + after.acknowledged)

    def test_it_keeps_every_acknowledged_write_when_the_server_is_killed(self):
        server = Server(self.var)
        try:
            with Writers(server.port, self.secret, "kill") as writers:
                writers.wait_for(10)
                os.kill(server.workers[0], signal.SIGKILL)
                writers.wait_for(len(writers.acknowledged) + 10)
                os.kill(server.process.pid, signal.SIGKILL)
                time.sleep(0.5)
                writers.stop.set()
        finally:
            server.stop()
        self.assert_clean_failures(writers)
        self.assert_stored(writers.acknowledged)
        restarted = Server(self.var)
        try:
            with Writers(restarted.port, self.secret, "restarted") as after:
                pass
        finally:
            restarted.stop()
        self.assertEqual((len(after.acknowledged), after.answers), (WRITERS * PER_WRITER, []))
        self.assert_stored(after.acknowledged)

    def test_it_shows_a_503_page_when_the_connection_is_lost_during_a_page(self):
        centre = make_organisation("Center mod Menneskehandel", OrganisationType.CMM)
        client = Client(raise_request_exception=False)
        client.force_login(make_user("carla", centre, Role.CASEWORKER))
        with self.assertRaises(OperationalError), connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")  # this process's own backend
        try:
            response = client.get("/")
        finally:
            connection.close()  # the next query (the test's clean-up) opens a new connection
        self.assertEqual((response.status_code, response["Retry-After"]), (503, "1"))
        self.assertContains(response, "intet af det, du sendte, blev gemt", status_code=503)
        self.assertNotIn(b"Traceback", response.content)
