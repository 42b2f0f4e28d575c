"""The journal and document services: encryption, correction, limits, hostile files, erasure, rotation."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from spor.audit.models import AuditEvent, ReadLog
from spor.casefiles import selectors, services
from spor.casefiles.models import CaseDocument, JournalNote
from spor.common import crypto
from spor.common.errors import NotFound
from spor.operations import keys
from spor.people import services as people
from tests.casefiles.base import EXE, PDF, PNG, SECRET_TEXT, SVG, CaseFileTestCase, upload, zip_bomb
from tests.make import make_case, make_person


class JournalTests(CaseFileTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.case = make_case(self.caseworker)

    def test_a_note_is_encrypted_at_rest_and_read_back_logged(self):
        services.journal_note_add(actor=self.caseworker, case=self.case, text=SECRET_TEXT)
        row = JournalNote.objects.get()
        self.assertNotIn("Malee", row.text_ct)
        self.assertEqual(row.author, self.caseworker)
        before = ReadLog.objects.count()
        page = selectors.journal_page_for(actor=self.manager, case=self.case)
        self.assertEqual([n.text for n in page.notes], [SECRET_TEXT])
        log = ReadLog.objects.order_by("-id").first()
        self.assertEqual(ReadLog.objects.count(), before + 1)
        self.assertEqual((log.actor, log.person_code), (self.manager, str(self.case.person.code)))
        self.assertTrue(AuditEvent.objects.filter(event="journal.note_added").exists())

    def test_a_correction_points_to_the_note_and_leaves_it_as_it_was(self):
        first = services.journal_note_add(actor=self.caseworker, case=self.case, text="Mødet er den 4. marts")
        services.journal_note_add(actor=self.caseworker, case=self.case, text="Rettelse: 5. marts", corrects=first)
        page = selectors.journal_page_for(actor=self.caseworker, case=self.case)
        self.assertEqual([n.text for n in page.notes], ["Rettelse: 5. marts", "Mødet er den 4. marts"])
        self.assertEqual(page.notes[0].corrects, first)
        self.assertEqual(page.corrected, {first.code})

    def test_a_correction_of_another_cases_note_is_refused(self):
        other = make_case(self.caseworker, make_person(self.caseworker, given="Anna"))
        foreign = services.journal_note_add(actor=self.caseworker, case=other, text="x")
        with self.assertRaises(ValidationError) as caught:
            services.journal_note_add(actor=self.caseworker, case=self.case, text="y", corrects=foreign)
        self.assertIn("corrects", caught.exception.message_dict)
        with self.assertRaises(NotFound):
            selectors.journal_note_get_for(actor=self.caseworker, case=self.case, code=foreign.code)

    def test_empty_and_overlong_notes_name_the_field_and_write_nothing(self):
        for text in ("   ", "x" * (services.NOTE_MAX_LENGTH + 1)):
            with self.subTest(length=len(text)), self.assertRaises(ValidationError) as caught:
                services.journal_note_add(actor=self.caseworker, case=self.case, text=text)
            self.assertIn("text", caught.exception.message_dict)
        self.assertFalse(JournalNote.objects.exists())

    def test_pages_are_newest_first_and_do_not_overlap(self):
        for i in range(25):
            services.journal_note_add(actor=self.caseworker, case=self.case, text=f"notat {i}")
        first = selectors.journal_page_for(actor=self.caseworker, case=self.case)
        second = selectors.journal_page_for(actor=self.caseworker, case=self.case, offset=first.next_offset)
        self.assertEqual(first.notes[0].text, "notat 24")
        self.assertEqual(len(first.notes) + len(second.notes), 25)
        self.assertIsNone(second.next_offset)

    def test_only_the_cases_workers_read_or_write_it(self):
        for user in (self.immigration_officer, self.return_officer, self.police_referrer, self.analyst, self.admin):
            with self.subTest(user=user.username):
                with self.assertRaises(PermissionDenied):
                    services.journal_note_add(actor=user, case=self.case, text="x")
                with self.assertRaises(PermissionDenied):
                    selectors.journal_page_for(actor=user, case=self.case)


class DocumentTests(CaseFileTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.case = make_case(self.caseworker)

    def test_an_upload_is_encrypted_before_storage_under_a_random_name(self):
        document = services.document_upload(actor=self.caseworker, case=self.case, upload=upload(PDF), name="Malee.pdf")
        self.assertEqual(document.content_type, "application/pdf")
        self.assertNotIn("Malee", document.blob.name)
        stored = self.stored_bytes()
        self.assertTrue(stored)
        for plain in (SECRET_TEXT.encode(), b"%PDF", b"Malee"):
            self.assertNotIn(plain, stored)
        self.assertNotIn("Malee", document.name_ct)
        download = selectors.document_open_for(actor=self.manager, case=self.case, code=document.code)
        self.assertEqual(b"".join(download.chunks), PDF)
        self.assertEqual(download.name, "Malee.pdf")
        self.assertEqual(ReadLog.objects.order_by("-id").first().fields, f"document:{document.code}")

    def test_types_are_checked_by_content_not_by_name(self):
        accepted = {"billede.png": PNG, "notat.txt": "Mødet gik godt.\n".encode()}
        for name, content in accepted.items():
            with self.subTest(name=name):
                services.document_upload(actor=self.caseworker, case=self.case, upload=upload(content, name), name=name)
        refused = {"program.pdf": EXE, "tegning.svg": SVG, "tegning.txt": SVG, "bombe.pdf": zip_bomb()}
        for name, content in refused.items():
            with self.subTest(name=name), self.assertRaises(ValidationError) as caught:
                services.document_upload(actor=self.caseworker, case=self.case, upload=upload(content, name), name=name)
            self.assertIn("file", caught.exception.message_dict)
        self.assertEqual(CaseDocument.objects.count(), 2)
        self.assertEqual(len(self.stored_files()), 2)  # nothing left behind by a refusal

    def test_a_file_over_the_limit_is_refused_naming_its_size(self):
        big = upload(b"%PDF-1.4\n" + b"0" * 1_500_000)
        with self.assertRaises(ValidationError) as caught:
            services.document_upload(actor=self.caseworker, case=self.case, upload=big, name="stor.pdf")
        message = caught.exception.message_dict["file"][0]
        self.assertIn("1,5 MB", message)
        self.assertIn("1 MB", message)
        self.assertEqual(self.stored_files(), [])

    def test_a_hostile_name_becomes_a_safe_download_name(self):
        name = '../../etc/"passwd"\r\n.exe'
        document = services.document_upload(actor=self.caseworker, case=self.case, upload=upload(PDF), name=name)
        download = selectors.document_open_for(actor=self.caseworker, case=self.case, code=document.code)
        self.assertEqual(download.name, "passwd.pdf")
        self.assertTrue(all(p.resolve().is_relative_to(self.documents.resolve()) for p in self.stored_files()))

    def test_erasure_deletes_the_stored_files_and_their_keys(self):
        document = services.document_upload(actor=self.caseworker, case=self.case, upload=upload(PDF), name="a.pdf")
        services.journal_note_add(actor=self.caseworker, case=self.case, text=SECRET_TEXT)
        with self.captureOnCommitCallbacks(execute=True):
            people.person_erase(actor=self.manager, person=self.case.person)
        self.assertEqual(self.stored_files(), [])
        document.refresh_from_db()
        self.assertEqual((document.key_ct, document.name_ct, document.blob.name), ("", "", ""))
        self.assertEqual(JournalNote.objects.get().text_ct, "")
        with self.assertRaises(NotFound):
            selectors.document_open_for(actor=self.manager, case=self.case, code=document.code)

    def test_key_rotation_rewraps_the_document_key_and_the_note(self):
        old = crypto.generate_key()
        with override_settings(FIELD_KEYS=[old, *settings.FIELD_KEYS]):
            document = services.document_upload(actor=self.caseworker, case=self.case, upload=upload(PDF), name="a.pdf")
            services.journal_note_add(actor=self.caseworker, case=self.case, text="rotér mig")
        new = crypto.generate_key()
        with override_settings(FIELD_KEYS=[new, old, *settings.FIELD_KEYS]):
            keys.keys_rotate()
        with override_settings(FIELD_KEYS=[new]):
            download = selectors.document_open_for(actor=self.caseworker, case=self.case, code=document.code)
            self.assertEqual(b"".join(download.chunks), PDF)
            self.assertEqual(JournalNote.objects.get().text, "rotér mig")
        columns = {model.__name__: cols for model, cols in keys.encrypted_columns()}
        self.assertEqual(set(columns["CaseDocument"]), {"name_ct", "key_ct"})
        self.assertEqual(columns["JournalNote"], ["text_ct"])

    def test_altered_stored_bytes_are_refused(self):
        document = services.document_upload(actor=self.caseworker, case=self.case, upload=upload(PDF), name="a.pdf")
        (path,) = self.stored_files()
        data = bytearray(path.read_bytes())
        data[-5] ^= 1
        path.write_bytes(bytes(data))
        download = selectors.document_open_for(actor=self.caseworker, case=self.case, code=document.code)
        with self.assertRaises(Exception) as caught:
            b"".join(download.chunks)
        self.assertEqual(type(caught.exception).__name__, "DocumentDamaged")
