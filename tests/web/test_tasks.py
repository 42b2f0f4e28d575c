"""Mine opgaver, the team view, notifications and My work's deadline block (docs/web.md#tasks-and-deadlines)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from spor.cases import services as case_services
from spor.cases.models import Case
from spor.tasks import services
from spor.tasks.models import Notification, Task
from tests.base import SporTestCase
from tests.make import make_case
from tests.tasks.make import reflection_ending_in


class TaskPageTests(SporTestCase):
    def setUp(self):
        self.today = timezone.localdate()

    def test_my_work_and_mine_opgaver_show_a_reflection_period_ending_in_five_days(self):
        case = reflection_ending_in(self.caseworker, 5, self.today)
        self.client.force_login(self.caseworker)
        for url in (reverse("home"), reverse("web:tasks")):
            response = self.client.get(url)
            self.assertContains(response, case.number)
            self.assertContains(response, "Refleksionsperioden udløber")
            self.assertContains(response, reverse("casework:case-detail", args=[case.code]))

    def test_a_caseworker_adds_a_task_on_a_case_and_marks_it_done(self):
        case = make_case(self.caseworker)
        self.client.force_login(self.caseworker)
        due = (self.today - timedelta(days=1)).isoformat()
        url = reverse("web:task-add")
        response = self.client.post(
            url, {"title": "Bestil tolk", "due_on": due, "assignee": self.caseworker.pk, "case_number": case.number}
        )
        self.assertRedirects(response, reverse("web:tasks"), fetch_redirect_response=False)
        page = self.client.get(reverse("web:tasks"))
        self.assertContains(page, "Bestil tolk")
        self.assertContains(page, "overskredet med 1 dag")
        task = Task.objects.get()
        self.client.post(reverse("web:task-done", args=[task.code]), {"version": task.version, "done": "1"})
        self.assertTrue(Task.objects.get().done)
        self.assertNotContains(self.client.get(reverse("web:tasks")), "Bestil tolk")

    def test_a_bad_task_form_keeps_what_was_typed_and_names_the_field(self):
        self.client.force_login(self.caseworker)
        response = self.client.post(
            reverse("web:task-add"),
            {
                "title": "Ring til skolen",
                "due_on": self.today.isoformat(),
                "assignee": self.caseworker.pk,
                "case_number": "NOPE",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Der er ingen sag med det nummer.", status_code=400)
        self.assertContains(response, 'value="Ring til skolen"', status_code=400)
        self.assertFalse(Task.objects.exists())

    def test_a_stale_done_click_changes_nothing(self):
        task = services.task_add(actor=self.caseworker, title="x", due_on=self.today)
        services.task_update(actor=self.caseworker, task=task, version=1, due_on=self.today + timedelta(days=1))
        self.client.force_login(self.caseworker)
        self.client.post(reverse("web:task-done", args=[task.code]), {"version": 1, "done": "1"}, follow=True)
        self.assertFalse(Task.objects.get().done)

    def test_the_manager_sees_the_teams_overdue_counts_and_reassigns(self):
        case = reflection_ending_in(self.caseworker, 2, self.today)
        task = services.task_add(actor=self.caseworker, title="Bestil tolk", due_on=self.today - timedelta(days=3))
        self.client.force_login(self.manager)
        page = self.client.get(reverse("web:team"))
        self.assertContains(page, "2 frister og opgaver, 1 overskredet")
        self.assertContains(page, "Bestil tolk")
        overdue = self.client.get(reverse("web:team") + f"?overdue=on&person={self.caseworker.code}")
        self.assertNotContains(overdue, case.number)
        self.client.post(
            reverse("web:task-reassign", args=[task.code]),
            {"version": task.version, "assignee": str(self.manager.code)},
        )
        self.assertEqual(Task.objects.get().assignee, self.manager)
        self.client.post(reverse("web:task-contact-person", args=[case.code]), {"assignee": str(self.manager.code)})
        self.assertEqual(Case.objects.get(pk=case.pk).contact_person, self.manager)
        self.assertEqual(Notification.objects.filter(recipient=self.manager).count(), 0)  # own action

    def test_only_the_manager_has_the_team_view_and_only_centre_staff_have_tasks(self):
        task = services.task_add(actor=self.caseworker, title="x", due_on=self.today)
        self.client.force_login(self.caseworker)
        self.assertEqual(self.client.get(reverse("web:team")).status_code, 404)  # not a page of the role
        response = self.client.post(
            reverse("web:task-reassign", args=[task.code]), {"version": 1, "assignee": str(self.caseworker.code)}
        )
        self.assertEqual(response.status_code, 404)
        for outsider in (self.analyst, self.immigration_officer, self.outsider_caseworker):
            self.client.force_login(outsider)
            self.assertEqual(self.client.get(reverse("web:tasks")).status_code, 404)
            response = self.client.post(reverse("web:task-done", args=[task.code]), {"version": 1, "done": "1"})
            self.assertEqual(response.status_code, 404)
        self.assertFalse(Task.objects.get().done)

    def test_the_header_counts_unread_notifications_and_they_can_be_marked_read(self):
        services.task_add(actor=self.manager, title="Ring til Siriporn", due_on=self.today, assignee=self.caseworker)
        self.client.force_login(self.caseworker)
        self.assertContains(self.client.get(reverse("web:tasks")), "1 ulæst notifikation")
        page = self.client.get(reverse("web:notifications"))
        self.assertContains(page, "Du har fået en opgave")
        self.assertNotContains(page, "Siriporn")
        self.client.post(reverse("web:notifications-read"))
        self.assertContains(self.client.get(reverse("web:tasks")), "0 ulæste notifikationer")
        self.assertEqual(self.client.post(reverse("web:notifications-read"), {"code": "nonsense"}).status_code, 404)

    def test_pages_of_fifty(self):
        for n in range(51):
            services.task_add(actor=self.caseworker, title=f"t{n:02}", due_on=self.today + timedelta(days=n))
        self.client.force_login(self.caseworker)
        first = self.client.get(reverse("web:tasks"))
        self.assertContains(first, "51 frister og opgaver")
        self.assertContains(first, "side=2")
        self.assertNotContains(first, "t50")
        self.assertContains(self.client.get(reverse("web:tasks") + "?side=2"), "t50")


class CasePageTaskTests(SporTestCase):
    def test_the_case_page_lists_its_open_tasks_for_centre_staff_only(self):
        today = timezone.localdate()
        case = make_case(self.caseworker)
        services.task_add(actor=self.caseworker, title="Bestil tolk", due_on=today - timedelta(days=1), case=case)
        url = reverse("casework:case-detail", args=[case.code])
        self.client.force_login(self.manager)
        page = self.client.get(url)
        self.assertContains(page, "Bestil tolk")
        self.assertContains(page, f"{reverse('web:task-add')}?sag={case.number}")
        case_services.case_put_to_dis(actor=self.caseworker, case=case, on=today)
        self.client.force_login(self.immigration_officer)
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "Bestil tolk")
