"""The whole referral process through HTTP, one endpoint after the other (docs/api.md#endpoints)."""

from __future__ import annotations

from spor.api.models import ApiToken
from spor.audit.models import AuditEvent, ReadLog
from spor.vocabulary import POLICE_DISTRICTS
from tests.api.base import ApiTestCase
from tests.make import make_consent, make_identified_case, make_person


class PersonEndpointTests(ApiTestCase):
    def test_it_creates_a_person_and_shows_the_identity_only_on_its_own_endpoint(self):
        body = {"identity": {"given_name": "Mai", "family_name": "Tran"}, "gender": "female", "nationalities": ["VN"]}
        created = self.call("caseworker", "POST", "/persons", body)
        self.assertEqual(created.status_code, 201, created.content)
        record = self.call("caseworker", "GET", f"/persons/{created.json()['code']}")
        self.assertEqual(record.status_code, 200)
        self.assertNotIn("Tran", record.content.decode())
        self.assertEqual(record.headers["ETag"], '"1"')
        identity = self.call("caseworker", "GET", f"/persons/{created.json()['code']}/identity")
        self.assertEqual(identity.json()["family_name"], "Tran")

    def test_it_logs_an_identity_read_with_the_token_that_asked(self):
        person = make_person(self.caseworker)
        self.call("caseworker", "GET", f"/persons/{person.code}/identity")
        token = ApiToken.objects.get(user=self.caseworker)
        entry = ReadLog.objects.get(person_code=str(person.code))
        self.assertEqual((entry.actor, entry.via), (self.caseworker, f"api:token:{token.code}"))

    def test_it_attributes_writes_to_the_token_in_the_audit_trail(self):
        body = {"identity": {"given_name": "Mai", "family_name": "Tran"}}
        self.call("caseworker", "POST", "/persons", body)
        token = ApiToken.objects.get(user=self.caseworker)
        event = AuditEvent.objects.filter(event="person.created").latest("id")
        self.assertEqual((event.actor, event.via), (self.caseworker, f"api:token:{token.code}"))

    def test_it_searches_and_finds_duplicates_by_post(self):
        person = make_person(self.caseworker, given="Siriporn", family="Wongsakul")
        found = self.call("caseworker", "POST", "/persons/search", {"query": "Siripon Wongsakul"})
        self.assertEqual([p["code"] for p in found.json()], [str(person.code)])
        body = {"given_name": "Siriporn", "family_name": "Wongsakul"}
        duplicates = self.call("caseworker", "POST", "/persons/duplicates", body)
        self.assertEqual(duplicates.json()[0]["person"]["code"], str(person.code))

    def test_it_records_consent_and_a_status_override(self):
        person = make_person(self.caseworker)
        consent = {"purpose": "disclosure", "answer": "given", "answered_on": "2026-03-01"}
        self.assertEqual(self.call("caseworker", "POST", f"/persons/{person.code}/consents", consent).status_code, 201)
        status = {"as_of": "2026-12-31", "status": "residence_granted", "reason": "Opholdstilladelse meddelt"}
        self.assertEqual(self.call("caseworker", "POST", f"/persons/{person.code}/status", status).status_code, 201)

    def test_it_updates_a_person_only_against_the_version_read(self):
        person = make_person(self.caseworker)
        url = f"/persons/{person.code}"
        etag = self.call("caseworker", "GET", url).headers["ETag"]
        missing = self.call("caseworker", "PATCH", url, {"residence_status": "asylum_seeker"})
        self.assertEqual(missing.status_code, 428)
        updated = self.call("caseworker", "PATCH", url, {"residence_status": "asylum_seeker"}, **{"If-Match": etag})
        self.assertEqual((updated.status_code, updated.json()["residence_status"]), (200, "asylum_seeker"))
        stale = self.call("manager", "PATCH", url, {"residence_status": "lawful"}, **{"If-Match": etag})
        self.assertEqual((stale.status_code, stale.json()["fields"]), (412, {"residence_status": ["ændret"]}))
        self.assertEqual(self.call("caseworker", "GET", url).json()["residence_status"], "asylum_seeker")
        person.refresh_from_db()
        self.assertEqual(person.history.latest("history_id").history_user, self.caseworker)

    def test_it_merges_a_duplicate_and_erases_an_identity(self):
        keep, twin = make_person(self.caseworker), make_person(self.caseworker)
        url = f"/persons/{keep.code}"
        self.assertEqual(
            self.call("caseworker", "POST", f"{url}/merge", {"duplicate": str(twin.code)}).status_code, 428
        )
        merged = self.call(
            "caseworker", "POST", f"{url}/merge", {"duplicate": str(twin.code)}, **self.tag("caseworker", url)
        )
        self.assertEqual(merged.status_code, 200, merged.content)
        self.assertEqual(self.call("caseworker", "GET", f"/persons/{twin.code}").status_code, 404)
        self.assertEqual(self.call("manager", "POST", f"{url}/erase", **self.tag("manager", url)).status_code, 200)
        self.assertEqual(self.call("caseworker", "GET", f"/persons/{keep.code}/identity").json()["family_name"], "")

    def test_it_names_the_field_of_bad_input(self):
        response = self.call("caseworker", "POST", "/persons", {"identity": {}, "nationalities": ["QQ"]})
        self.assertEqual(response.status_code, 400)
        self.assertIn("nationalities", response.json()["fields"])
        response = self.call("caseworker", "POST", "/persons", {"identity": {}, "birth_date": "2026-02-30"})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(list(response.json()["fields"]), ["birth_date"])

    def test_it_refuses_an_unknown_code_with_the_vocabulary_check(self):
        response = self.call("caseworker", "POST", "/persons", {"identity": {}, "gender": "woman"})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["fields"], {"gender": ["Value error, Ukendt kode: woman"]})
        self.client.force_login(self.caseworker)  # the OpenAPI document is for signed-in users
        schema = self.client.get("/api/openapi.json").json()["components"]["schemas"]["PersonIn"]
        self.assertEqual(schema["properties"]["gender"]["enum"], ["female", "male", "trans", "unknown"])


class ProcessTests(ApiTestCase):
    def test_it_walks_a_case_from_inquiry_to_departure(self):
        person = make_person(self.caseworker)
        make_consent(self.caseworker, person)
        make_consent(self.caseworker, person, "police_report")
        make_consent(self.caseworker, person, "referral")
        inquiry = self.call(
            "caseworker",
            "POST",
            "/inquiries",
            {"received_on": "2026-03-01", "channel": "hotline", "sender_type": "ngo", "persons": [str(person.code)]},
        ).json()
        case = self.call("caseworker", "POST", "/cases", {"person": str(person.code), "opened_on": "2026-03-02"}).json()
        url = f"/cases/{case['code']}"
        assessment = self.call(
            "caseworker", "POST", f"{url}/assessments", {"interview_on": "2026-03-03", "indicators": {"debt": "yes"}}
        )
        self.assertEqual(assessment.status_code, 201, assessment.content)
        done = self.call(
            "caseworker",
            "POST",
            f"{url}/assessments/{assessment.json()['code']}/complete",
            {"outcome": "put_to_decision"},
            **{"If-Match": f'"{assessment.json()["version"]}"'},
        )
        self.assertEqual(done.json()["outcome"], "put_to_decision")
        self.assertEqual(self.call("caseworker", "GET", f"{url}/competent-authority").json()["authority"], "cmm")
        decision = {
            "authority": "cmm",
            "decided_on": "2026-03-10",
            "identified": True,
            "primary_exploitation": "forced_labour",
        }
        self.assertEqual(self.call("caseworker", "POST", f"{url}/decisions", decision).status_code, 201)
        period = self.call(
            "caseworker", "POST", f"{url}/reflection-periods", {"granted_by": "cmm", "starts_on": "2026-03-10"}
        )
        extended = self.call(
            "caseworker",
            "POST",
            f"{url}/reflection-periods/{period.json()['code']}/extend",
            {"until": "2026-05-01", "reason": "testimony"},
            **{"If-Match": '"1"'},
        )
        self.assertEqual((extended.status_code, extended.headers["ETag"]), (200, '"2"'))
        stay = {"type": "reden_crisis_centre", "from_on": "2026-03-02"}
        r = self.call("caseworker", "POST", f"{url}/stays", stay)
        self.assertEqual(r.status_code, 201, r.content)
        offer = {"kind": "legal_aid", "given_on": "2026-03-04"}
        self.assertEqual(self.call("caseworker", "POST", f"{url}/offers", offer).status_code, 201)
        report = {"filed_on": "2026-03-05", "filed_by": "person_assisted", "legal_basis": "262a"}
        report["police_district"] = POLICE_DISTRICTS[0]
        self.assertEqual(self.call("caseworker", "POST", f"{url}/police-reports", report).status_code, 201)
        plan_body = {"applied_on": "2026-04-01", "destination": "TH", "in_kind_dkk": 1000, "cash_dkk": 1000}
        plan = self.call("caseworker", "POST", f"{url}/return-plans", plan_body).json()
        tag = self.call("return_officer", "GET", f"/return-plans/{plan['code']}").headers["ETag"]
        decide = {"approve": True, "on": "2026-04-10"}
        decided = self.call(
            "return_officer", "POST", f"/return-plans/{plan['code']}/decide", decide, **{"If-Match": tag}
        )
        self.assertEqual(decided.json()["status"], "approved", decided.content)
        departed = self.call(
            "caseworker",
            "POST",
            f"/return-plans/{plan['code']}/depart",
            {"departed_on": "2026-04-20"},
            **{"If-Match": decided.headers["ETag"]},
        )
        self.assertEqual(departed.json()["departed_on"], "2026-04-20", departed.content)
        detail = self.call("caseworker", "GET", url).json()
        self.assertEqual(
            [len(detail[k]) for k in ("assessments", "decisions", "reflection_periods", "stays", "offers")],
            [1, 1, 1, 1, 1],
        )
        self.assertEqual(
            (detail["police_reports"][0]["filed_by"], detail["return_plans"][0]["status"]),
            ("person_assisted", "departed"),
        )
        self.assertEqual(inquiry["case"], None)

    def test_it_puts_a_case_to_dis_and_lists_deadlines(self):
        person = make_person(self.caseworker, residence_status="unlawful")
        case = make_identified_case(self.caseworker, person)
        read = self.tag("caseworker", f"/cases/{case.code}")
        put = self.call("caseworker", "POST", f"/cases/{case.code}/put-to-dis", {"on": "2026-03-03"}, **read)
        self.assertEqual(put.json()["put_to_dis_on"], "2026-03-03")
        self.assertEqual(self.call("immigration_officer", "GET", f"/cases/{case.code}").status_code, 200)
        self.call(
            "caseworker",
            "POST",
            f"/cases/{case.code}/reflection-periods",
            {"granted_by": "cmm", "starts_on": "2026-03-10"},
        )
        rows = self.call("caseworker", "GET", "/deadlines?within_days=40&today=2026-03-10").json()
        self.assertEqual([r["case"] for r in rows], [str(case.code)])


class ListingTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for day, channel in [("2026-01-05", "hotline"), ("2026-02-05", "email"), ("2026-03-05", "hotline")]:
            cls.call_service(day, channel)

    @classmethod
    def call_service(cls, day, channel):
        from datetime import date

        from spor.cases import services

        services.inquiry_register(
            actor=cls.caseworker, received_on=date.fromisoformat(day), channel=channel, sender_type="ngo"
        )

    def test_it_pages_filters_and_orders_inquiries(self):
        page = self.call("caseworker", "GET", "/inquiries?limit=2&order=received_on&with_count=true").json()
        self.assertEqual((page["count"], [i["received_on"] for i in page["items"]]), (3, ["2026-01-05", "2026-02-05"]))
        self.assertEqual(page["next_offset"], 2)
        rest = self.call("caseworker", "GET", "/inquiries?limit=2&offset=2&order=received_on").json()
        self.assertEqual([i["received_on"] for i in rest["items"]], ["2026-03-05"])
        self.assertEqual((rest["count"], rest["next_offset"]), (None, None))
        hotline = self.call("caseworker", "GET", "/inquiries?channel=hotline&received_from=2026-02-01").json()
        self.assertEqual([i["received_on"] for i in hotline["items"]], ["2026-03-05"])

    def test_it_lets_a_manager_assign_an_inquiry(self):
        code = self.call("manager", "GET", "/inquiries").json()["items"][0]["code"]
        body = {"user": str(self.caseworker.code)}
        read = self.tag("manager", f"/inquiries/{code}")
        assigned = self.call("manager", "POST", f"/inquiries/{code}/assign", body, **read)
        again = self.call("manager", "POST", f"/inquiries/{code}/assign", body, **read)
        self.assertEqual(again.status_code, 412)  # the version read is not the current one any more
        self.assertEqual(assigned.json()["state"], "assigned")
        self.assertEqual(self.call("caseworker", "GET", "/inquiries?state=assigned&with_count=true").json()["count"], 1)

    def test_it_lists_an_assignees_inquiries(self):
        code = self.call("manager", "GET", "/inquiries").json()["items"][0]["code"]
        read = self.tag("manager", f"/inquiries/{code}")
        self.call("manager", "POST", f"/inquiries/{code}/assign", {"user": str(self.caseworker.code)}, **read)
        mine = self.call("caseworker", "GET", f"/inquiries?assigned_to={self.caseworker.code}").json()
        self.assertEqual([i["code"] for i in mine["items"]], [code])
        bad = self.call("caseworker", "GET", "/inquiries?received_from=2026-13-45")
        self.assertEqual((bad.status_code, list(bad.json()["fields"])), (422, ["received_from"]))

    def test_it_closes_an_inquiry_once_with_a_known_outcome(self):
        code = self.call("caseworker", "GET", "/inquiries").json()["items"][0]["code"]
        read = self.tag("caseworker", f"/inquiries/{code}")
        unknown = self.call("caseworker", "POST", f"/inquiries/{code}/close", {"outcome": "shrugged"}, **read)
        self.assertEqual((unknown.status_code, list(unknown.json()["fields"])), (400, ["outcome"]))
        body = {"outcome": "advice_given", "note": "rådgivet"}
        closed = self.call("caseworker", "POST", f"/inquiries/{code}/close", body, **read)
        self.assertEqual(closed.json()["state"], "closed")
        again = self.call("caseworker", "POST", f"/inquiries/{code}/close", body, **read)
        self.assertEqual(again.status_code, 412)
        refused = self.call("police_referrer", "POST", f"/inquiries/{code}/close", body, **read)
        self.assertIn(refused.status_code, (403, 404))

    def test_inquiry_to_person_to_case_with_if_match(self):
        code = self.call("caseworker", "GET", "/inquiries").json()["items"][0]["code"]
        url = f"/inquiries/{code}"
        no_version = self.call("caseworker", "POST", f"{url}/person/new", {"identity": {"given_name": "Mai"}})
        self.assertEqual(no_version.status_code, 428)
        stale = self.call(
            "caseworker", "POST", f"{url}/person/new", {"identity": {"given_name": "Mai"}}, **{"If-Match": '"7"'}
        )
        self.assertEqual(stale.status_code, 412)
        read = self.tag("caseworker", url)
        created = self.call("caseworker", "POST", f"{url}/person/new", {"identity": {"given_name": "Mai"}}, **read)
        self.assertEqual((created.status_code, created.json()["version"]), (201, 2))
        twice = self.call(
            "caseworker", "POST", f"{url}/person/new", {"identity": {"given_name": "Bo"}}, **self.tag("caseworker", url)
        )
        self.assertEqual((twice.status_code, list(twice.json()["fields"])), (400, ["person"]))
        opened = self.call(
            "caseworker", "POST", f"{url}/case", {"opened_on": "2026-03-06"}, **self.tag("caseworker", url)
        )
        self.assertEqual(opened.status_code, 201, opened.content)
        detail = self.call("caseworker", "GET", url).json()
        self.assertEqual(detail["case"], opened.json()["code"])
        again = self.call(
            "caseworker", "POST", f"{url}/case", {"opened_on": "2026-03-06"}, **self.tag("caseworker", url)
        )
        self.assertEqual(again.status_code, 400)

    def test_attach_a_person_the_caller_may_see(self):
        from tests.make import make_person

        person = make_person(self.caseworker)
        code = self.call("caseworker", "GET", "/inquiries").json()["items"][0]["code"]
        url = f"/inquiries/{code}"
        missing = self.call(
            "caseworker",
            "POST",
            f"{url}/person",
            {"person": "00000000-0000-0000-0000-000000000000"},
            **self.tag("caseworker", url),
        )
        self.assertEqual(missing.status_code, 404)
        attached = self.call(
            "caseworker", "POST", f"{url}/person", {"person": str(person.code)}, **self.tag("caseworker", url)
        )
        self.assertEqual(attached.status_code, 200, attached.content)
        closed_listing = self.call("caseworker", "GET", "/inquiries").json()["items"][0]
        self.assertEqual((closed_listing["outcome"], closed_listing["closed_on"]), ("", None))

    def test_it_refuses_an_unknown_order_naming_it(self):
        response = self.call("caseworker", "GET", "/inquiries?order=summary")
        self.assertEqual((response.status_code, list(response.json()["fields"])), (422, ["order"]))

    def test_it_lists_cases_by_status(self):
        make_identified_case(self.caseworker)
        listed = self.call("caseworker", "GET", "/cases?status=identified&with_count=true").json()
        self.assertEqual(listed["count"], 1)
        self.assertEqual(self.call("caseworker", "GET", "/cases?status=closed&with_count=true").json()["count"], 0)
