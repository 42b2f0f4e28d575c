"""The inquiry pages: queue, mine, team view, one inquiry with person, case and close (docs/web.md#inquiry-page)."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from spor.audit.models import AuditEvent, ReadLog
from spor.cases import services
from spor.cases.models import Case, Inquiry, InquiryState
from spor.people.models import Person
from tests.base import SporTestCase
from tests.make import make_person, make_referral

TODAY = date.today()


def register(actor, *, days_ago=0, summary="Ringede om en veninde.", **kwargs):
    data = {"channel": "hotline", "sender_type": "ngo", **kwargs}
    return services.inquiry_register(actor=actor, received_on=TODAY - timedelta(days=days_ago), summary=summary, **data)


class QueueTests(SporTestCase):
    def test_it_lists_the_newest_first_with_a_count(self):
        old = register(self.caseworker, days_ago=30)
        new = register(self.caseworker)
        self.client.force_login(self.caseworker)
        page = self.client.get(reverse("web:inquiry-queue")).content.decode()
        self.assertIn("2 henvendelser", page)
        self.assertLess(page.index(new.external_id), page.index(old.external_id))

    def test_it_filters_by_the_query_string(self):
        email = register(self.caseworker, channel="email")
        phone = register(self.caseworker)
        self.client.force_login(self.caseworker)
        page = self.client.get(reverse("web:inquiry-queue"), {"channel": "email"})
        self.assertContains(page, email.external_id)
        self.assertNotContains(page, phone.external_id)
        self.assertContains(page, "1 henvendelse")

    def test_hostile_page_numbers_and_dates_do_not_crash(self):
        register(self.caseworker)
        self.client.force_login(self.caseworker)
        url = reverse("web:inquiry-queue")
        for side in (str(10**9), "abc", "-5", "1e9"):
            self.assertEqual(self.client.get(url, {"side": side}).status_code, 200, side)
        bad = self.client.get(url, {"received_from": "2026-13-45", "state": "nonsense", "assigned_to": "x' OR 1=1"})
        self.assertEqual(bad.status_code, 200)
        self.assertContains(bad, 'aria-invalid="true"')
        backwards = self.client.get(url, {"received_from": "2026-05-01", "received_to": "2026-04-01"})
        self.assertContains(backwards, "Slutdatoen ligger før startdatoen.")

    def test_mine_shows_what_a_manager_gave_me(self):
        inquiry = register(self.caseworker)
        services.inquiry_assign(actor=self.manager, inquiry=inquiry, assignee=self.caseworker)
        other = register(self.caseworker)
        self.client.force_login(self.caseworker)
        page = self.client.get(reverse("web:inquiry-mine"))
        self.assertContains(page, inquiry.external_id)
        self.assertNotContains(page, other.external_id)

    def test_the_team_view_is_for_managers_with_ages_and_holders(self):
        waiting = register(self.caseworker, days_ago=12)
        held = register(self.caseworker, days_ago=3)
        services.inquiry_assign(actor=self.manager, inquiry=held, assignee=self.caseworker)
        self.client.force_login(self.caseworker)
        self.assertIn(self.client.get(reverse("web:inquiry-team")).status_code, (403, 404))
        self.client.force_login(self.manager)
        page = self.client.get(reverse("web:inquiry-team")).content.decode()
        self.assertIn(waiting.external_id, page)
        self.assertIn("Ikke fordelt (1)", page)
        self.assertIn(">alice</td><td>1</td>", page.replace("</a>", "").split('id="holders"')[1].split("</table>")[0])

    def test_the_menu_marks_one_current_item(self):
        self.client.force_login(self.caseworker)
        nav = self.client.get(reverse("web:inquiry-mine")).context["nav"]
        self.assertEqual([item["url"] for item in nav if item["current"]], [reverse("web:inquiry-mine")])

    def test_a_referrer_never_sees_the_queue(self):
        make_referral(self.police_referrer)
        self.client.force_login(self.police_referrer)
        for name in ("web:inquiry-queue", "web:inquiry-mine", "web:inquiry-team"):
            self.assertIn(self.client.get(reverse(name)).status_code, (403, 404), name)


class InquiryPageTests(SporTestCase):
    def test_it_shows_the_summary_and_logs_the_read(self):
        inquiry = register(self.caseworker, summary="Hun arbejder <b>uden løn</b>.")
        self.client.force_login(self.caseworker)
        page = self.client.get(reverse("web:inquiry-detail", args=[inquiry.code]))
        self.assertContains(page, "Hun arbejder &lt;b&gt;uden løn&lt;/b&gt;.")
        self.assertTrue(ReadLog.objects.filter(actor=self.caseworker, person_code=str(inquiry.code)).exists())

    def test_a_referrer_gets_404_even_for_its_own(self):
        inquiry = make_referral(self.police_referrer)
        self.client.force_login(self.police_referrer)
        self.assertIn(self.client.get(reverse("web:inquiry-detail", args=[inquiry.code])).status_code, (403, 404))

    def test_the_person_form_is_prefilled_from_the_referral(self):
        inquiry = make_referral(self.ngo_referrer, given_name="Olena", family_name="Kovalenko", nationalities=["UA"])
        self.client.force_login(self.caseworker)
        page = self.client.get(reverse("web:inquiry-detail", args=[inquiry.code]))
        self.assertContains(page, 'value="Olena"')
        self.assertContains(page, 'value="Kovalenko"')

    def test_create_the_person_then_open_the_case(self):
        inquiry = register(self.caseworker)
        self.client.force_login(self.caseworker)
        url = reverse("web:inquiry-person", args=[inquiry.code])
        data = {"version": inquiry.version, "given_name": "Mai", "family_name": "Tran", "gender": "female"}
        response = self.client.post(url, data | {"residence_status": "unknown"})
        self.assertRedirects(
            response, reverse("web:inquiry-detail", args=[inquiry.code]), fetch_redirect_response=False
        )
        inquiry.refresh_from_db()
        person = inquiry.persons.get()
        self.assertEqual(inquiry.version, 2)
        self.assertTrue(AuditEvent.objects.filter(event="inquiry.person_attached").exists())
        page = self.client.get(reverse("web:inquiry-detail", args=[inquiry.code]))
        self.assertContains(page, person.key)
        self.assertContains(page, reverse("casework:case-open", args=[inquiry.code]))
        opened = self.client.post(
            reverse("casework:case-open", args=[inquiry.code]), {"person": person.pk, "opened_on": TODAY.isoformat()}
        )
        case = Case.objects.get()
        self.assertRedirects(opened, reverse("casework:case-detail", args=[case.code]), fetch_redirect_response=False)

    def test_attach_an_existing_person(self):
        person = make_person(self.caseworker)
        inquiry = register(self.caseworker)
        self.client.force_login(self.caseworker)
        url = reverse("web:inquiry-person", args=[inquiry.code])
        self.client.post(
            url, {"version": 1, "existing": str(person.code), "gender": "unknown", "residence_status": "unknown"}
        )
        self.assertEqual(list(inquiry.persons.all()), [person])
        self.assertEqual(Person.objects.count(), 1)

    def test_hostile_person_input_keeps_what_was_typed_and_writes_nothing(self):
        person = make_person(self.caseworker)
        inquiry = register(self.caseworker)
        self.client.force_login(self.caseworker)
        url = reverse("web:inquiry-person", args=[inquiry.code])
        base = {"gender": "unknown", "residence_status": "unknown"}
        # A stale version: nothing is created, the name is kept.
        stale = self.client.post(url, base | {"version": 0, "given_name": "Mai<script>"})
        self.assertEqual(stale.status_code, 400)
        self.assertContains(stale, 'value="Mai&lt;script&gt;"', status_code=400)
        self.assertEqual(Person.objects.count(), 1)
        # A person code that does not exist; no name at all.
        self.assertEqual(
            self.client.post(
                url, base | {"version": 1, "existing": "00000000-0000-0000-0000-000000000000"}
            ).status_code,
            400,
        )
        self.assertContains(self.client.post(url, base | {"version": 1}), "Skriv mindst et fornavn", status_code=400)
        self.assertFalse(inquiry.persons.exists())
        # Once a person is attached, a second is refused.
        services.inquiry_attach_person(actor=self.caseworker, inquiry=inquiry, person=person)
        again = self.client.post(url, base | {"version": 2, "given_name": "Other"})
        self.assertEqual(again.status_code, 400)
        self.assertEqual(Person.objects.count(), 1)

    def test_close_as_advice_given_leaves_the_open_queue(self):
        inquiry = register(self.caseworker)
        self.client.force_login(self.caseworker)
        url = reverse("web:inquiry-close", args=[inquiry.code])
        self.client.post(url, {"version": 1, "outcome": "advice_given", "note": "Rådgivet om rettigheder."})
        inquiry.refresh_from_db()
        self.assertEqual((inquiry.state, inquiry.outcome), (InquiryState.CLOSED, "advice_given"))
        self.assertContains(self.client.get(reverse("web:inquiry-detail", args=[inquiry.code])), "rådgivning givet")
        self.assertNotContains(self.client.get(reverse("web:inquiry-queue"), {"state": "new"}), inquiry.external_id)

    def test_close_errors_keep_what_was_typed(self):
        inquiry = register(self.caseworker)
        self.client.force_login(self.caseworker)
        url = reverse("web:inquiry-close", args=[inquiry.code])
        bad = self.client.post(url, {"version": 1, "outcome": "invented", "note": "min note"})
        self.assertContains(bad, "min note", status_code=400)
        missing = self.client.post(url, {"version": 1, "outcome": "duplicate", "duplicate_of": "I-NOPE", "note": "x"})
        self.assertContains(missing, "Der er ingen henvendelse med det nummer.", status_code=400)
        self.assertContains(missing, 'value="I-NOPE"', status_code=400)
        self.assertEqual(Inquiry.objects.get().state, InquiryState.NEW)
        first = register(self.caseworker)
        ok = self.client.post(url, {"version": 1, "outcome": "duplicate", "duplicate_of": first.external_id})
        self.assertEqual(ok.status_code, 302)
        twice = self.client.post(url, {"version": 2, "outcome": "advice_given"})
        self.assertEqual(twice.status_code, 400)
