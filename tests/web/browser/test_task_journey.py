"""Browser journey: a caseworker's deadlines and tasks, the manager's team view (docs/web.md#tasks-and-deadlines).

A caseworker whose case has a reflection period ending in 5 days sees it on "Mine opgaver", adds a
task by hand and marks it done; the manager sees the team's overdue counts and reassigns a task.
Each page is checked with axe-core and photographed under test-artifacts/.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.base import make_organisation, make_user
from tests.tasks.make import reflection_ending_in
from tests.web.browser.conftest import check, login

from spor.organisations.models import OrganisationType, Role
from spor.tasks import services
from spor.tasks.models import Task

pytestmark = pytest.mark.django_db(transaction=True)


def test_journey_tasks_a_caseworker_and_a_manager(page, live_server):
    cmm = make_organisation("Center mod Menneskehandel", OrganisationType.CMM)
    alice = make_user("alice", cmm, Role.CASEWORKER)
    bente = make_user("bente", cmm, Role.MANAGER)
    today = timezone.localdate()
    case = reflection_ending_in(alice, 5, today)
    services.task_add(actor=bente, title="Gennemgå budget", due_on=today - timedelta(days=4), assignee=bente)

    login(page, alice)
    page.get_by_role("link", name="Mine opgaver").first.click()
    page.wait_for_load_state()
    check(page, "jt-01-mine-opgaver")
    main = page.locator("main")
    assert case.number in main.inner_text()
    assert "Refleksionsperioden udløber" in main.inner_text()
    assert "om 5 dage" in main.inner_text()

    page.get_by_role("link", name="Ny opgave").click()
    page.wait_for_load_state()
    check(page, "jt-02-new-task")
    page.locator("#id_title").fill("Bestil tolk til samtalen")
    page.locator("#id_due_on").fill((today - timedelta(days=1)).isoformat())
    page.locator("#id_case_number").fill(case.number)
    page.locator("main form button[type=submit].button-primary").click()
    page.wait_for_load_state()
    check(page, "jt-03-task-added")
    assert "overskredet med 1 dag" in page.locator("main").inner_text()
    rows = page.locator("main table tbody tr")
    assert "Bestil tolk" in rows.first.inner_text()  # overdue first

    page.get_by_role("button", name="Udført Bestil tolk til samtalen").click()
    page.wait_for_load_state()
    check(page, "jt-04-task-done")
    assert "Bestil tolk" not in page.locator("main").inner_text()
    assert Task.objects.get(title_ct=Task.objects.get(assignee=alice).title_ct).done

    # The manager: the team's counts, then a task given to the caseworker.
    page.context.clear_cookies()
    login(page, bente)
    page.goto(reverse("web:team"))
    check(page, "jt-05-team")
    text = page.locator("main").inner_text()
    assert "2 frister og opgaver, 1 overskredet" in text
    page.locator("label[for=id_overdue]").click()
    page.get_by_role("button", name="Vis").click()
    page.wait_for_load_state()
    check(page, "jt-06-team-overdue")
    assert case.number not in page.locator("main table[aria-labelledby=team-list]").inner_text()
    page.locator("main table[aria-labelledby=team-list] select[name=assignee]").first.select_option(label="alice")
    page.get_by_role("button", name="Giv til").first.click()
    page.wait_for_load_state()
    check(page, "jt-07-reassigned")
    assert Task.objects.get(assignee=alice, done_on__isnull=True).title == "Gennemgå budget"
