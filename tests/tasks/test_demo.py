from datetime import date

from spor.cases.demo import Generator, demo_users
from spor.organisations.models import Role
from spor.tasks.models import Notification, Task
from spor.tasks.selectors import deadlines_for
from tests.base import SporTestCase


class DemoTaskTests(SporTestCase):
    def test_the_demo_gives_the_caseworker_and_manager_overdue_and_due_tasks_and_notifications(self):
        today = date(2026, 6, 15)
        self.manager.is_active = False  # the demo's manager is then the centre's only one
        self.manager.save()
        users = demo_users()
        generator = Generator(seed=3, scale=0.05, users=users, today=today)
        generator.year(2026, lambda *args: None)
        for role in (Role.CASEWORKER, Role.MANAGER):
            page = deadlines_for(actor=users[role], today=today)
            self.assertGreater(page.overdue, 0, role)
            self.assertGreater(page.total, page.overdue, role)
        self.assertEqual(Task.objects.count(), 7)
        self.assertTrue(Notification.objects.filter(recipient=users[Role.CASEWORKER]).exists())
