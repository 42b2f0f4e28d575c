from django.urls import reverse

from spor.audit.models import AuditEvent, ReadLog
from tests.base import SporTestCase
from tests.make import make_person


class ViaTests(SporTestCase):
    def test_the_read_log_names_the_page_an_identity_was_read_from(self):
        person = make_person(self.caseworker)
        self.client.force_login(self.caseworker)
        response = self.client.post(reverse("casework:person-identity", args=[person.code]))
        self.assertEqual(response.status_code, 200)
        entry = ReadLog.objects.get(person_code=str(person.code))
        self.assertEqual((entry.actor, entry.via), (self.caseworker, "web:casework:person-identity"))


class SubjectTypeTests(SporTestCase):
    def test_it_names_the_model_when_the_subject_is_the_requests_lazy_user(self):
        self.client.force_login(self.caseworker)
        self.client.post(reverse("web:logout-everywhere"))
        event = AuditEvent.objects.get(event="user.logged_out_everywhere")
        self.assertEqual((event.subject_type, event.subject_code), ("user", str(self.caseworker.code)))
