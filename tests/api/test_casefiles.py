"""The case file over the API: notes and documents, limits and hostile input (docs/api.md#case-file)."""

from __future__ import annotations

from django.test import override_settings
from django.test.client import encode_multipart

from spor.audit.models import ReadLog
from spor.casefiles import services
from spor.casefiles.models import CaseDocument
from tests.api.base import ApiTestCase
from tests.casefiles.base import EXE, PDF, SECRET_TEXT, SVG, CaseFileTestCase, upload
from tests.make import make_case

BOUNDARY = "spor-test-boundary"


@override_settings(ROOT_URLCONF="tests.api.urls")
class CaseFileApiTests(CaseFileTestCase, ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.case = make_case(self.caseworker)
        self.url = f"/cases/{self.case.code}"

    def post_file(self, role: str, content: bytes, name: str = "brev.pdf", **extra):
        body = encode_multipart(BOUNDARY, {"file": upload(content, name), "kind": "report"})
        return self.client.post(
            f"/api{self.url}/documents",
            data=body,
            content_type=f"multipart/form-data; boundary={BOUNDARY}",
            HTTP_AUTHORIZATION=f"Bearer {self.secrets[role]}",
            **extra,
        )

    def test_notes_are_added_and_listed_newest_first_with_corrections(self):
        first = self.call("caseworker", "POST", f"{self.url}/notes", {"text": "Mødet er den 4."})
        self.assertEqual(first.status_code, 201, first.content)
        code = first.json()["code"]
        second = self.call("manager", "POST", f"{self.url}/notes", {"text": SECRET_TEXT, "corrects": code})
        self.assertEqual(second.json()["corrects"], code)
        listed = self.call("caseworker", "GET", f"{self.url}/notes?limit=1")
        self.assertEqual([n["text"] for n in listed.json()["items"]], [SECRET_TEXT])
        self.assertEqual(listed.json()["next_offset"], 1)
        older = self.call("caseworker", "GET", f"{self.url}/notes?offset=1").json()["items"]
        self.assertEqual((older[0]["code"], older[0]["corrected"]), (code, True))

    def test_bad_notes_name_the_field(self):
        for body in ({"text": ""}, {"text": "x" * (services.NOTE_MAX_LENGTH + 1)}, {"text": "x", "corrects": "nope"}):
            with self.subTest(body=str(body)[:40]):
                response = self.call("caseworker", "POST", f"{self.url}/notes", body)
                self.assertIn(response.status_code, {400, 422}, response.content)  # service / schema
                self.assertTrue(response.json()["fields"])

    def test_upload_list_and_download(self):
        response = self.post_file("caseworker", PDF, '..\\..\\"brev".pdf')
        self.assertEqual(response.status_code, 201, response.content)
        document = response.json()
        self.assertEqual((document["content_type"], document["kind"]), ("application/pdf", "report"))
        listed = self.call("manager", "GET", f"{self.url}/documents").json()
        self.assertEqual([d["code"] for d in listed], [document["code"]])
        before = ReadLog.objects.count()
        download = self.call("manager", "GET", f"{self.url}/documents/{document['code']}")
        self.assertEqual(b"".join(download.streaming_content), PDF)
        self.assertEqual(download["Content-Disposition"], 'attachment; filename="brev.pdf"')
        self.assertEqual(download["X-Content-Type-Options"], "nosniff")
        self.assertEqual(ReadLog.objects.count(), before + 1)

    def test_hostile_uploads_are_refused_with_the_field_named(self):
        for name, content in {"program.pdf": EXE, "tegning.svg": SVG}.items():
            with self.subTest(name=name):
                response = self.post_file("caseworker", content, name)
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn("file", response.json()["fields"])
        self.assertFalse(CaseDocument.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_an_upload_over_the_limit_is_refused_naming_its_size(self):
        response = self.post_file("caseworker", b"%PDF-1.4\n" + b"0" * 2_500_000)
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("2,5 MB", response.json()["fields"]["file"][0])
        self.assertEqual(self.stored_files(), [])

    def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_read(self):
        response = self.client.generic(
            "POST",
            f"/api{self.url}/documents",
            data=b"",
            content_type=f"multipart/form-data; boundary={BOUNDARY}",
            HTTP_AUTHORIZATION=f"Bearer {self.secrets['caseworker']}",
            CONTENT_LENGTH="50000000",
        )
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("50 MB", response.json()["fields"]["file"][0])

    def test_a_missing_file_names_the_field(self):
        body = encode_multipart(BOUNDARY, {"kind": "report"})
        response = self.client.post(
            f"/api{self.url}/documents",
            data=body,
            content_type=f"multipart/form-data; boundary={BOUNDARY}",
            HTTP_AUTHORIZATION=f"Bearer {self.secrets['caseworker']}",
        )
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("file", response.json()["fields"])

    def test_a_download_is_refused_to_all_but_the_cases_workers(self):
        from spor.cases import services as cases
        from tests.make import make_person

        dis_case = make_case(self.caseworker, make_person(self.caseworker, residence_status="unlawful"))
        cases.case_put_to_dis(actor=self.caseworker, case=dis_case, on=dis_case.opened_on)
        document = services.document_upload(actor=self.caseworker, case=dis_case, upload=upload(PDF), name="a.pdf")
        url = f"/cases/{dis_case.code}/documents/{document.code}"
        expected = {"caseworker": 200, "immigration_officer": 403, "return_officer": 404, "police_referrer": 404}
        for role, status in expected.items():
            with self.subTest(role=role):
                self.assertEqual(self.call(role, "GET", url).status_code, status)
