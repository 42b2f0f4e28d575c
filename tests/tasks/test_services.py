"""Tasks by hand and notifications: the services (docs/definitions.md#tasks-and-deadlines)."""

from datetime import date, timedelta

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings

from spor.audit.models import AuditEvent
from spor.common.errors import Conflict
from spor.tasks import services
from spor.tasks.models import Notification, Task
from spor.tasks.notifications import notify_due
from tests.base import SporTestCase
from tests.make import make_case
from tests.tasks.make import reflection_ending_in

TODAY = date(2026, 6, 15)
TITLE = "Ring til Siriporn Wongsakul om tolk"


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class TaskServiceTests(SporTestCase):
    def setUp(self):
        self.manager.email = "bente@example.org"
        self.manager.save()
        self.caseworker.email = "alice@example.org"
        self.caseworker.save()

    def test_a_task_title_is_encrypted_and_its_audit_event_holds_codes_only(self):
        case = make_case(self.caseworker)
        task = services.task_add(actor=self.caseworker, title=TITLE, due_on=TODAY, case=case)
        stored = Task.objects.values_list("title_ct", flat=True).get(pk=task.pk)
        self.assertNotIn("Siriporn", stored)
        self.assertEqual(Task.objects.get(pk=task.pk).title, TITLE)
        self.assertNotIn("Siriporn", str(Task.history.filter(id=task.pk).values_list("title_ct", flat=True)))
        event = AuditEvent.objects.get(event="task.added")
        self.assertEqual(event.extra, {"case": str(case.code)})
        self.assertEqual(task.assignee, self.caseworker)

    def test_errors_name_the_field_and_write_nothing(self):
        for bad, field in [("", "title"), ("x" * 201, "title")]:
            with self.assertRaises(ValidationError) as ctx:
                services.task_add(actor=self.caseworker, title=bad, due_on=TODAY)
            self.assertIn(field, ctx.exception.message_dict)
        with self.assertRaises(ValidationError) as ctx:
            services.task_add(actor=self.caseworker, title="x", due_on=TODAY, assignee=self.analyst)
        self.assertIn("assignee", ctx.exception.message_dict)
        self.assertFalse(Task.objects.exists())
        self.assertFalse(Notification.objects.exists())

    def test_only_centre_staff_keep_tasks_and_only_the_owner_author_or_a_manager_change_one(self):
        for outsider in (self.analyst, self.immigration_officer, self.outsider_caseworker, self.admin):
            with self.assertRaises(PermissionDenied):
                services.task_add(actor=outsider, title="x", due_on=TODAY)
        task = services.task_add(actor=self.manager, title="x", due_on=TODAY, assignee=self.manager)
        with self.assertRaises(PermissionDenied):
            services.task_update(actor=self.caseworker, task=task, version=task.version, done=True)
        services.task_update(actor=self.manager, task=task, version=task.version, done=True)

    def test_done_undone_and_a_stale_version_is_a_conflict(self):
        task = services.task_add(actor=self.caseworker, title="x", due_on=TODAY)
        done = services.task_update(actor=self.caseworker, task=task, version=1, done=True)
        self.assertEqual((done.done, done.version), (True, 2))
        with self.assertRaises(Conflict) as ctx:
            services.task_update(actor=self.caseworker, task=task, version=1, done=False)
        self.assertIn("done_on", ctx.exception.changed)
        undone = services.task_update(actor=self.caseworker, task=task, version=2, done=False)
        self.assertFalse(undone.done)
        self.assertEqual(AuditEvent.objects.filter(event="task.changed").count(), 2)

    def test_giving_a_task_to_someone_else_notifies_them_by_e_mail_without_a_name(self):
        case = make_case(self.caseworker)
        with self.captureOnCommitCallbacks(execute=True):
            services.task_add(actor=self.caseworker, title=TITLE, due_on=TODAY, assignee=self.manager, case=case)
        note = Notification.objects.get()
        self.assertEqual((note.recipient, note.case), (self.manager, case))
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["bente@example.org"])
        self.assertIn(case.number, message.body)
        self.assertIn(str(case.code), message.body)
        for personal in ("Siriporn", "Wongsakul", "tolk", case.person.key):
            self.assertNotIn(personal, message.body + message.subject)

    def test_a_task_of_ones_own_notifies_nobody_and_reassigning_notifies_the_new_assignee(self):
        task = services.task_add(actor=self.manager, title="x", due_on=TODAY)
        self.assertFalse(Notification.objects.exists())
        services.task_update(actor=self.manager, task=task, version=task.version, assignee=self.caseworker)
        self.assertEqual(Notification.objects.get().recipient, self.caseworker)

    def test_spor_notify_announces_each_deadline_once_when_its_window_opens(self):
        reflection_ending_in(self.caseworker, 7, TODAY)
        reflection_ending_in(self.caseworker, 8, TODAY)
        self.assertEqual(notify_due(today=TODAY), 1)
        self.assertEqual(notify_due(today=TODAY), 0)
        call_command("notify", "--today", TODAY.isoformat())
        self.assertEqual(Notification.objects.count(), 1)
        self.assertEqual(notify_due(today=TODAY + timedelta(days=1)), 1)  # the other window opened
        self.assertEqual(len(mail.outbox), 2)
        for message in mail.outbox:
            self.assertNotIn("Siriporn", message.body)
            self.assertNotIn("Wongsakul", message.body)

    def test_marking_read(self):
        task = services.task_add(actor=self.manager, title="x", due_on=TODAY, assignee=self.caseworker)
        services.task_update(actor=self.manager, task=task, version=task.version, assignee=self.manager)
        services.task_update(actor=self.manager, task=task, version=task.version + 1, assignee=self.caseworker)
        notes = Notification.objects.filter(recipient=self.caseworker)
        self.assertEqual(notes.count(), 2)
        self.assertEqual(services.notification_read(actor=self.caseworker, notification=notes.first()), 1)
        self.assertEqual(services.notification_read(actor=self.manager, notification=notes.last()), 0)
        self.assertEqual(services.notification_read(actor=self.caseworker), 1)


class TaskErasureTests(SporTestCase):
    def test_erasing_the_person_empties_the_titles_of_their_cases_tasks_history_included(self):
        from spor.people import services as people

        case = make_case(self.caseworker)
        task = services.task_add(actor=self.caseworker, title=TITLE, due_on=TODAY, case=case)
        services.task_update(actor=self.caseworker, task=task, version=1, title=TITLE + " igen")
        people.person_erase(actor=self.manager, person=case.person)
        self.assertEqual(Task.objects.get(pk=task.pk).title, "")
        self.assertEqual(set(Task.history.filter(id=task.pk).values_list("title_ct", flat=True)), {""})
