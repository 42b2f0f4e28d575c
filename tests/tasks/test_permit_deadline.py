"""The § 9 c permit's end as a derived deadline (docs/definitions.md#residence-permit)."""

from datetime import date, timedelta

from django.test import override_settings

from spor.cases.services import rights
from spor.tasks.deadlines import Kind
from spor.tasks.selectors import deadlines_for
from tests.base import SporTestCase
from tests.make import make_identified_case

TODAY = date(2026, 6, 15)


def permit_ending_in(actor, days: int, *, granted: bool = True):
    case = make_identified_case(actor)
    permit = rights.residence_permit_apply(
        actor=actor, case=case, applied_on=date(2026, 4, 1), consent_override_reason="politiet beder"
    )
    ends = TODAY + timedelta(days=days)
    rights.residence_permit_decide(
        actor=actor, permit=permit, decided_on=date(2026, 4, 10), granted=granted,
        valid_from=date(2026, 4, 10) if granted else None, valid_to=ends if granted else None,
    )  # fmt: skip
    return case


class PermitDeadlineTests(SporTestCase):
    def kinds(self):
        return [
            (d.kind, d.due_on)
            for d in deadlines_for(actor=self.manager, today=TODAY, team=True, kinds=[Kind.PERMIT]).items
        ]

    def test_a_permit_shows_from_its_warning_window_to_its_last_day(self):
        for days in (31, 30, 0, -1):
            permit_ending_in(self.manager, days)
        permit_ending_in(self.manager, 5, granted=False)
        self.assertEqual(self.kinds(), [(Kind.PERMIT, TODAY), (Kind.PERMIT, TODAY + timedelta(days=30))])

    @override_settings(SPOR_WARN_PERMIT_DAYS=40)
    def test_the_window_is_a_setting(self):
        permit_ending_in(self.manager, 35)
        self.assertEqual(self.kinds(), [(Kind.PERMIT, TODAY + timedelta(days=35))])
