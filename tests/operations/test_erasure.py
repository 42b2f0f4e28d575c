"""Erasure leaves no decryptable text of the person anywhere, and no figure changes.

`spor purge identities` and a manager's erasure empty every encrypted column of the person and
of the records hanging from them, history tables included; persons known only from inquiries are
erased after their own retention (docs/architecture.md#erasure).
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management import call_command

from spor.cases import services
from spor.cases.models import AssessmentOutcome, ReferralToken, StayType
from spor.common import crypto
from spor.interchange.extract import pseudonymous_extract
from spor.people import services as people
from spor.people.models import Person, PersonToken
from spor.vocabulary import ActorType, Channel, Exploitation
from tests.base import SporTestCase
from tests.make import make_case, make_person, make_referral

#: Text typed about the persons that erasure must remove (Oksana, Ana) or keep (Ion).
OKSANA = [
    "Oksana",
    "Kovalenko",
    "1990-06-15",
    "Ringede fra tankstationen i Køge",
    "Lovet job i køkken af fætteren",
    "Overdraget af Oksanas advokat",
    "Krisecentret på Vesterbrogade 12",
    "Bor nu hos søsteren i Lviv",
]
ANA = ["Popescu", "Ana ringede fra Aarhus"]
ION = "Herberg ved banegården i Odense"


def decryptable_texts() -> str:
    """Every value of every `*_ct` column of every model and history model, decrypted, as one text."""
    found = []
    for model in apps.get_models():
        columns = [f.attname for f in model._meta.concrete_fields if f.name.endswith("_ct")]
        for column in columns:
            for token in model._base_manager.exclude(**{column: ""}).values_list(column, flat=True):
                found.append(json.dumps(crypto.decrypt_json(token), ensure_ascii=False))
    return "\n".join(found)


class ErasureTests(SporTestCase):
    def setUp(self) -> None:
        actor = self.caseworker
        # Oksana: a case with every kind of free text, closed in 2020; the decision comes before
        # her birthday, so her age at it differs from the one her birth year alone gives.
        self.oksana = make_person(actor, given="Oksana", family="Kovalenko", birth_date=date(1990, 6, 15))
        inquiry = services.inquiry_register(
            actor=actor,
            received_on=date(2019, 3, 1),
            channel=Channel.HOTLINE,
            sender_type=ActorType.NGO,
            persons=[self.oksana],
            summary=OKSANA[3],
        )
        case = services.case_open(actor=actor, person=self.oksana, opened_on=date(2019, 3, 1), inquiry=inquiry)
        assessment = services.assessment_record(
            actor=actor,
            case=case,
            interview_on=date(2019, 3, 2),
            indicators={"deceived": "yes"},
            notes={"deceived": OKSANA[4]},
            referrer_type="ngo",
        )
        services.assessment_complete(actor=actor, assessment=assessment, outcome=AssessmentOutcome.PUT_TO_DECISION)
        services.decision_record(
            actor=actor,
            case=case,
            authority="dis",  # not the competent authority for her residence status: a reason is required
            decided_on=date(2019, 4, 2),
            identified=True,
            primary_exploitation=Exploitation.SEXUAL_PROSTITUTION,
            exception_reason=OKSANA[5],
        )
        services.stay_add(actor=actor, case=case, type=StayType.PRIVATE, from_on=date(2019, 4, 3), place=OKSANA[6])
        services.status_override(
            actor=actor, person=self.oksana, as_of=date(2019, 12, 31), status="receiving_support", reason=OKSANA[7]
        )
        services.case_close(actor=actor, case=case, on=date(2020, 4, 1), exit="left_on_own")
        # Ana: known only from an inquiry in 2019, never a case.
        self.ana = make_person(actor, given="Ana", family="Popescu")
        services.inquiry_register(
            actor=actor,
            received_on=date(2019, 5, 1),
            channel=Channel.HOTLINE,
            sender_type=ActorType.NGO,
            persons=[self.ana],
            summary=ANA[1],
        )
        # Ion: an open case, kept.
        ion_case = make_case(actor, make_person(actor, given="Ion", family="Ionescu"), opened_on=date(2019, 6, 1))
        services.stay_add(actor=actor, case=ion_case, type=StayType.PRIVATE, from_on=date(2019, 6, 2), place=ION)

    def report(self) -> dict[str, Any]:
        out = Path(tempfile.mkdtemp())
        call_command(
            "report", "--year", "2019", "--format", "json", "--out", str(out), "--report-date", "2020-06-01",
            stdout=StringIO(), stderr=StringIO(),
        )  # fmt: skip
        return json.loads((out / "report.json").read_text())

    def test_the_purge_leaves_no_decryptable_text_of_the_erased_persons(self) -> None:
        before = decryptable_texts()
        for text in [*OKSANA[3:], *ANA[1:], ION]:
            self.assertIn(text, before)  # the scan sees every column it must
        call_command("purge", "identities", stdout=StringIO())
        after = decryptable_texts()
        for text in OKSANA + ANA:
            self.assertNotIn(text, after)
        self.assertIn(ION, after)
        self.assertEqual(Person.objects.filter(erased_at__isnull=False).count(), 2)
        self.assertFalse(PersonToken.objects.filter(person__in=[self.oksana, self.ana]).exists())

    def test_the_purge_changes_no_figure(self) -> None:
        extract_before, report_before = pseudonymous_extract(), self.report()
        self.assertEqual(report_before["identified"]["total"], 1)
        call_command("purge", "identities", stdout=StringIO())
        extract_after = pseudonymous_extract()
        self.assertEqual(sorted(extract_before.tables), sorted(extract_after.tables))
        for name, table in extract_before.tables.items():
            with self.subTest(table=name):
                self.assertTrue(table.equals(extract_after.tables[name]))
        self.assertEqual(self.report(), report_before)

    def test_a_manager_erasure_leaves_no_decryptable_text_either(self) -> None:
        people.person_erase(actor=self.manager, person=self.oksana)
        after = decryptable_texts()
        for text in OKSANA:
            self.assertNotIn(text, after)
        self.assertIn(ANA[1], after)

    def test_an_inquiry_only_person_waits_for_the_inquiry_retention(self) -> None:
        with self.settings(INQUIRY_ERASURE_AFTER_DAYS=365 * 100):
            call_command("purge", "identities", stdout=StringIO())
        self.assertIsNone(Person.objects.get(pk=self.ana.pk).erased_at)
        self.assertIsNotNone(Person.objects.get(pk=self.oksana.pk).erased_at)


class ReferralTokenErasureTests(SporTestCase):
    """A referral's keyed name and phone tokens go with the identity of the person it names."""

    def test_erasing_the_person_deletes_the_referral_tokens(self) -> None:
        inquiry = make_referral(
            self.ngo_referrer, given_name="Oksana", family_name="Kovalenko", phones=["+380 50 123 4567"]
        )
        other = make_referral(self.ngo_referrer, given_name="Ana", family_name="Popescu")
        person = make_person(self.caseworker, given="Oksana", family="Kovalenko")
        services.case_open(actor=self.caseworker, person=person, opened_on=inquiry.received_on, inquiry=inquiry)
        self.assertTrue(ReferralToken.objects.filter(referral__inquiry=inquiry).exists())
        people.person_erase(actor=self.manager, person=person)
        self.assertFalse(ReferralToken.objects.filter(referral__inquiry=inquiry).exists())
        self.assertTrue(ReferralToken.objects.filter(referral__inquiry=other).exists())  # nobody else's
