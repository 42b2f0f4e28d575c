"""Anonymous notifications in the pseudonymous extract (docs/interchange.md#notifications)."""

from __future__ import annotations

from datetime import date

from spor.cases import services
from spor.cases.models import Referral
from spor.interchange.extract import pseudonymous_extract
from tests.base import SporTestCase
from tests.interchange.test_export import ExportTestCase
from tests.make import make_referral


class NotificationExtractTests(SporTestCase):
    def test_a_referral_without_consent_is_a_notification_without_a_person(self):
        anonymous = make_referral(self.police_referrer, consent="no", given_name="Olena", gender="female")
        named = make_referral(self.ngo_referrer, consent="yes", given_name="Olena")
        plain = services.inquiry_register(
            actor=self.caseworker, received_on=date.today(), channel="hotline", sender_type="self"
        )
        rows = {row["inquiry_id"]: row for row in pseudonymous_extract()["inquiries"].iter_rows(named=True)}
        self.assertEqual(rows[anonymous.external_id]["notification"], True)
        self.assertIsNone(rows[anonymous.external_id]["person_id"])
        self.assertIsNone(rows[named.external_id]["notification"])
        self.assertIsNone(rows[plain.external_id]["notification"])
        self.assertNotIn("Olena", str(rows))


class NotificationRoundTripTests(ExportTestCase):
    def test_a_notification_survives_export_and_import(self):
        inquiry = make_referral(self.police_referrer, consent="no", given_name="Olena")
        make_referral(self.ngo_referrer, consent="yes", given_name="Mai")
        self.assert_round_trip()  # export, import into an empty registry, export: the same bytes
        imported = Referral.objects.get(inquiry__external_id=inquiry.external_id)
        self.assertTrue(imported.anonymous)
        self.assertEqual(imported.identity_ct, "")
        self.assertEqual(Referral.objects.count(), 1)  # the consented referral is an inquiry like any other
