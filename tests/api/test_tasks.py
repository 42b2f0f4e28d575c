"""The tasks API: lists, filters, writes with If-Match, hostile input, bounded queries (docs/api.md#tasks)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spor.tasks import services
from spor.tasks.models import Task
from tests.api.base import ApiTestCase
from tests.make import make_case
from tests.tasks.make import reflection_ending_in


class TaskApiTests(ApiTestCase):
    def setUp(self):
        self.today = timezone.localdate()

    def test_it_adds_a_task_lists_it_and_marks_it_done_with_if_match(self):
        case = make_case(self.caseworker)
        body = {"title": "Bestil tolk", "due_on": str(self.today - timedelta(days=1)), "case": str(case.code)}
        created = self.call("caseworker", "POST", "/tasks", body)
        self.assertEqual(created.status_code, 201, created.content)
        task = created.json()
        self.assertEqual((task["title"], task["version"], created.headers["ETag"]), ("Bestil tolk", 1, '"1"'))
        listed = self.call("caseworker", "GET", "/tasks").json()
        self.assertEqual((listed["count"], listed["overdue"]), (1, 1))
        row = listed["items"][0]
        self.assertEqual((row["kind"], row["case_number"], row["overdue"]), ("task", case.number, True))
        url = f"/tasks/{task['code']}"
        self.assertEqual(self.call("caseworker", "PATCH", url, {"done": True}).status_code, 428)
        done = self.call("caseworker", "PATCH", url, {"done": True}, **{"If-Match": '"1"'})
        self.assertEqual(done.status_code, 200, done.content)
        self.assertIsNotNone(done.json()["done_on"])
        stale = self.call("caseworker", "PATCH", url, {"done": False}, **{"If-Match": '"1"'})
        self.assertEqual(stale.status_code, 412)
        self.assertEqual(self.call("caseworker", "GET", "/tasks").json()["count"], 0)

    def test_bad_input_names_the_field_and_writes_nothing(self):
        for body, field in [
            ({"title": "", "due_on": str(self.today)}, "title"),
            ({"title": "x", "due_on": "2026-13-01"}, "due_on"),
            ({"title": "x" * 201, "due_on": str(self.today)}, "title"),
            ({"title": "x", "due_on": str(self.today), "assignee": str(self.analyst.code)}, "assignee"),
        ]:
            with self.subTest(body=body):
                response = self.call("caseworker", "POST", "/tasks", body)
                self.assertIn(response.status_code, {400, 422}, response.content)
                self.assertIn(field, str(response.json()["fields"]))
        self.assertFalse(Task.objects.exists())
        self.assertEqual(self.call("caseworker", "GET", "/tasks?kind=nonsense").status_code, 400)

    def test_a_manager_sees_the_team_and_reassigns(self):
        reflection_ending_in(self.caseworker, 3, self.today)
        task = services.task_add(actor=self.caseworker, title="x", due_on=self.today - timedelta(days=2))
        team = self.call("manager", "GET", "/tasks/team").json()
        self.assertEqual(team["count"], 2)
        self.assertEqual(team["by_person"], {str(self.caseworker.code): [2, 1]})
        self.assertEqual(team["by_kind"], {"reflection_end": 1, "task": 1})
        only_late = self.call("manager", "GET", f"/tasks/team?overdue=true&person={self.caseworker.code}").json()
        self.assertEqual([i["kind"] for i in only_late["items"]], ["task"])
        moved = self.call(
            "manager", "PATCH", f"/tasks/{task.code}", {"assignee": str(self.manager.code)}, **{"If-Match": '"1"'}
        )
        self.assertEqual(moved.json()["assignee"], str(self.manager.code))
        self.assertEqual(self.call("manager", "GET", "/tasks").json()["count"], 1)
        self.assertEqual(self.call("caseworker", "GET", "/tasks/team").status_code, 403)

    def count_queries(self, url: str) -> tuple[int, dict]:
        self.call("manager", "GET", url)
        with CaptureQueriesContext(connection) as queries:
            response = self.call("manager", "GET", url)
        self.assertEqual(response.status_code, 200, response.content)
        return len(queries.captured_queries), response.json()

    def add(self, start: int, stop: int) -> None:
        for days in range(start, stop):
            reflection_ending_in(self.caseworker, days % 8, self.today)
            services.task_add(actor=self.manager, title=f"t{days}", due_on=self.today, assignee=self.manager)
            services.task_add(actor=self.manager, title=f"u{days}", due_on=self.today, assignee=self.caseworker)

    def test_the_lists_take_the_same_number_of_queries_whatever_they_hold(self):
        self.add(0, 2)
        few_mine, _ = self.count_queries("/tasks?limit=3")
        few_team, _ = self.count_queries("/tasks/team?limit=3")
        self.add(2, 12)
        many_mine, mine = self.count_queries("/tasks?limit=3")
        many_team, team = self.count_queries("/tasks/team?limit=3")
        self.assertEqual((len(mine["items"]), mine["count"], mine["next_offset"]), (3, 12, 3))
        self.assertEqual((len(team["items"]), team["count"]), (3, 36))
        self.assertEqual((many_mine, many_team), (few_mine, few_team))
        # The token, two per part of the derivation (page and counts), the page's cases, tasks, owners:
        # the parts are the five single deadlines (the § 9 c permit's end the fifth), one per
        # follow-up checkpoint, and the tasks.
        parts = 5 + len(settings.SPOR_FOLLOWUP_DAYS) + 1
        self.assertLessEqual(many_team, 1 + 2 * parts + 3 + 1)
