"""Each kind of derived deadline, at the edges of its window (docs/definitions.md#tasks-and-deadlines)."""

from datetime import date, datetime, time, timedelta

from django.test import override_settings
from django.utils import timezone

from spor.cases import services as case_services
from spor.cases.models import Case
from spor.tasks import services
from spor.tasks.deadlines import Kind
from spor.tasks.selectors import deadlines_for
from tests.base import SporTestCase
from tests.tasks.make import departed_plan, put_to_decision, reflection_ending_in, submitted_plan

TODAY = date(2026, 6, 15)


def noon(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


class DerivationTests(SporTestCase):
    def mine(self, user=None, **kwargs):
        return deadlines_for(actor=user or self.caseworker, today=TODAY, **kwargs)

    def kinds(self, user=None, **kwargs):
        return [(d.kind, d.due_on) for d in self.mine(user, **kwargs).items]

    def test_a_reflection_period_shows_from_its_warning_window_to_its_last_day(self):
        inside = reflection_ending_in(self.caseworker, 7, TODAY)
        reflection_ending_in(self.caseworker, 8, TODAY)
        last_day = reflection_ending_in(self.caseworker, 0, TODAY)
        reflection_ending_in(self.caseworker, -1, TODAY)
        page = self.mine()
        self.assertEqual([d.case for d in page.items], [last_day, inside])
        self.assertEqual(page.overdue, 0)

    @override_settings(SPOR_WARN_REFLECTION_DAYS=10)
    def test_the_reflection_window_is_a_setting(self):
        reflection_ending_in(self.caseworker, 8, TODAY)
        self.assertEqual(self.kinds(), [(Kind.REFLECTION, TODAY + timedelta(days=8))])

    def test_a_case_put_to_decision_is_overdue_after_the_set_days(self):
        due_today = put_to_decision(self.caseworker)
        late = put_to_decision(self.caseworker)
        history = Case.history.model.objects
        history.filter(id=due_today.pk).update(history_date=noon(TODAY - timedelta(days=30)))
        history.filter(id=late.pk).update(history_date=noon(TODAY - timedelta(days=31)))
        page = self.mine()
        self.assertEqual(
            [(d.case, d.due_on) for d in page.items], [(late, TODAY - timedelta(days=1)), (due_today, TODAY)]
        )
        self.assertEqual(page.overdue, 1)
        self.assertEqual([d.case for d in self.mine(overdue=True).items], [late])

    def test_a_return_plan_awaiting_the_agency_is_due_after_the_set_days(self):
        submitted_plan(self.caseworker, applied_on=TODAY - timedelta(days=15))
        submitted_plan(self.caseworker, applied_on=TODAY - timedelta(days=14))
        page = self.mine(kinds=[Kind.RETURN])
        self.assertEqual([d.due_on for d in page.items], [TODAY - timedelta(days=1), TODAY])
        self.assertEqual(page.overdue, 1)

    def test_reintegration_ending_shows_within_its_window_only(self):
        departed_plan(self.caseworker, self.return_officer, TODAY - timedelta(days=100), TODAY + timedelta(days=30))
        departed_plan(self.caseworker, self.return_officer, TODAY - timedelta(days=101), TODAY + timedelta(days=31))
        self.assertEqual(self.kinds(kinds=[Kind.REINTEGRATION]), [(Kind.REINTEGRATION, TODAY + timedelta(days=30))])

    def test_a_follow_up_after_return_shows_around_each_interval(self):
        departed_plan(self.caseworker, self.return_officer, TODAY - timedelta(days=30 - 14))  # due in 14 days
        departed_plan(self.caseworker, self.return_officer, TODAY - timedelta(days=30 - 15))  # due in 15: not yet
        departed_plan(self.caseworker, self.return_officer, TODAY - timedelta(days=91 + 14))  # 14 days overdue
        departed_plan(self.caseworker, self.return_officer, TODAY - timedelta(days=91 + 15))  # 15 days: dropped
        page = self.mine(kinds=[Kind.FOLLOW_UP])
        self.assertEqual([d.due_on for d in page.items], [TODAY - timedelta(days=14), TODAY + timedelta(days=14)])
        self.assertEqual(page.overdue, 1)

    def test_a_follow_up_is_done_by_a_contact_after_the_checkpoint_before(self):
        first = departed_plan(self.caseworker, self.return_officer, TODAY - timedelta(days=31))  # 1 day overdue
        second = departed_plan(self.caseworker, self.return_officer, TODAY - timedelta(days=92))  # 1 day overdue
        self.assertEqual(len(self.mine(kinds=[Kind.FOLLOW_UP]).items), 2)
        contact = {"channel": "phone", "outcome": "in_contact"}
        case_services.follow_up_record(actor=self.caseworker, plan=first, contacted_on=TODAY, **contact)
        # A contact before the first checkpoint does not answer the second one.
        case_services.follow_up_record(
            actor=self.caseworker, plan=second, contacted_on=TODAY - timedelta(days=80), **contact
        )
        self.assertEqual([d.ref for d in self.mine(kinds=[Kind.FOLLOW_UP]).items], [second.pk])
        case_services.follow_up_record(actor=self.caseworker, plan=second, contacted_on=TODAY, **contact)
        self.assertEqual(self.mine(kinds=[Kind.FOLLOW_UP]).items, [])

    def test_deadlines_belong_to_the_contact_person_and_tasks_to_the_assignee(self):
        reflection_ending_in(self.caseworker, 3, TODAY)
        services.task_add(
            actor=self.caseworker, title="Ring til advokaten", due_on=TODAY - timedelta(days=2), assignee=self.manager
        )
        self.assertEqual(self.kinds(), [(Kind.REFLECTION, TODAY + timedelta(days=3))])
        self.assertEqual(self.kinds(self.manager), [(Kind.TASK, TODAY - timedelta(days=2))])
        team = self.mine(self.manager, team=True)
        self.assertEqual(team.total, 2)
        self.assertEqual(team.by_owner, {self.caseworker.pk: (1, 0), self.manager.pk: (1, 1)})

    def test_overdue_comes_first_then_by_due_date_and_pages_do_not_overlap(self):
        for days in (5, -3, 1, -1, 3):
            services.task_add(actor=self.caseworker, title=f"t{days}", due_on=TODAY + timedelta(days=days))
        reflection_ending_in(self.caseworker, 2, TODAY)
        first = self.mine(limit=3)
        second = self.mine(limit=3, offset=3)
        dues = [(d.due_on - TODAY).days for d in first.items + second.items]
        self.assertEqual(dues, [-3, -1, 1, 2, 3, 5])
        self.assertEqual((first.total, first.overdue), (6, 2))
        self.assertEqual(first.items[0].task.title, "t-3")

    def test_a_done_task_leaves_the_list(self):
        task = services.task_add(actor=self.caseworker, title="x", due_on=TODAY)
        services.task_update(actor=self.caseworker, task=task, version=task.version, done=True)
        self.assertEqual(self.mine().total, 0)
