"""The case file on the case page: the journal and documents through HTTP (docs/web.md#case-file)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from spor.audit.models import ReadLog
from spor.casefiles import services
from spor.casefiles.models import CaseDocument, JournalNote
from tests.casefiles.base import EXE, PDF, SECRET_TEXT, SVG, CaseFileTestCase, upload
from tests.make import make_case, make_person


class CaseFilePageTests(CaseFileTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.case = make_case(self.caseworker)
        self.page = reverse("casework:case-detail", args=[self.case.code])
        self.add = reverse("web:journal-add", args=[self.case.code])
        self.upload = reverse("web:document-upload", args=[self.case.code])

    def test_a_note_added_shows_on_the_case_page_newest_first(self):
        self.client.force_login(self.caseworker)
        self.client.post(self.add, {"text": "Første"})
        response = self.client.post(self.add, {"text": SECRET_TEXT}, follow=True)
        self.assertContains(response, SECRET_TEXT)
        content = response.content.decode()
        self.assertLess(content.index(SECRET_TEXT), content.index("Første"))

    def test_a_bad_note_keeps_what_was_typed_and_names_the_field(self):
        self.client.force_login(self.caseworker)
        text = "x" * (services.NOTE_MAX_LENGTH + 1)
        response = self.client.post(self.add, {"text": text})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "id_text_error", status_code=400)
        self.assertContains(response, text, status_code=400)
        self.assertFalse(JournalNote.objects.exists())

    def test_a_correction_links_to_the_corrected_note(self):
        first = services.journal_note_add(actor=self.caseworker, case=self.case, text="Mødet er den 4.")
        self.client.force_login(self.caseworker)
        self.client.post(f"{self.add}?retter={first.code}", {"text": "Mødet er den 5."})
        response = self.client.get(self.page)
        self.assertContains(response, f'href="#notat-{first.code}"')
        self.assertContains(response, "rettet af et senere notat")

    def test_the_journal_pages(self):
        for i in range(25):
            services.journal_note_add(actor=self.caseworker, case=self.case, text=f"notat nummer {i:02d}")
        self.client.force_login(self.caseworker)
        first = self.client.get(self.page)
        self.assertContains(first, "notat nummer 24")
        self.assertNotContains(first, "notat nummer 04")
        second = self.client.get(self.page + "?journal=20")
        self.assertContains(second, "notat nummer 04")
        self.assertContains(self.client.get(self.page + "?journal=x"), "notat nummer 24")

    def test_upload_and_download_as_an_attachment_read_logged(self):
        self.client.force_login(self.caseworker)
        response = self.client.post(self.upload, {"file": upload(PDF, '../"brev".pdf'), "kind": "decision_letter"})
        self.assertEqual(response.status_code, 302)
        document = CaseDocument.objects.get()
        self.assertContains(self.client.get(self.page), "brev")
        url = reverse("web:document-download", args=[self.case.code, document.code])
        before = ReadLog.objects.count()
        download = self.client.get(url)
        self.assertEqual(b"".join(download.streaming_content), PDF)
        self.assertEqual(download["Content-Disposition"], 'attachment; filename="brev.pdf"')
        self.assertEqual(download["X-Content-Type-Options"], "nosniff")
        self.assertEqual(download["Content-Type"], "application/pdf")
        self.assertEqual(ReadLog.objects.count(), before + 1)

    def test_hostile_files_are_refused_on_the_form(self):
        self.client.force_login(self.caseworker)
        for name, content in {"program.pdf": EXE, "tegning.svg": SVG}.items():
            with self.subTest(name=name):
                response = self.client.post(self.upload, {"file": upload(content, name), "kind": "other"})
                self.assertContains(response, "Filtypen er ikke tilladt", status_code=400)
        self.assertFalse(CaseDocument.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_an_upload_over_the_limit_names_its_size_and_keeps_the_kind(self):
        self.client.force_login(self.caseworker)
        big = SimpleUploadedFile("stor.pdf", b"%PDF-1.4\n" + b"0" * 2_500_000)
        response = self.client.post(self.upload, {"kind": "report", "file": big})
        self.assertContains(response, "2,5 MB", status_code=400)
        self.assertContains(response, '<option value="report" selected>', status_code=400)
        self.assertEqual(self.stored_files(), [])

    def test_others_see_nothing_of_the_case_file(self):
        dis_case = make_case(self.caseworker, make_person(self.caseworker, residence_status="unlawful"))
        from spor.cases import services as cases

        cases.case_put_to_dis(actor=self.caseworker, case=dis_case, on=dis_case.opened_on)
        services.journal_note_add(actor=self.caseworker, case=dis_case, text=SECRET_TEXT)
        document = services.document_upload(actor=self.caseworker, case=dis_case, upload=upload(PDF), name="a.pdf")
        self.client.force_login(self.immigration_officer)
        page = self.client.get(reverse("casework:case-detail", args=[dis_case.code]))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, SECRET_TEXT)
        self.assertNotContains(page, 'id="journal"')
        for url in (
            reverse("web:journal-add", args=[dis_case.code]),
            reverse("web:document-upload", args=[dis_case.code]),
            reverse("web:document-download", args=[dis_case.code, document.code]),
        ):
            with self.subTest(url=url):
                self.assertIn(self.client.get(url).status_code, {403, 404})
        self.client.force_login(self.outsider_caseworker)
        url = reverse("web:document-download", args=[dis_case.code, document.code])
        self.assertEqual(self.client.get(url).status_code, 404)
