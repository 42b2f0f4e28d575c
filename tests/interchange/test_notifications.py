"""Anonymous notifications in the pseudonymous extract (docs/interchange.md#notifications)."""

from __future__ import annotations

from datetime import date

from spor.cases import services
from spor.interchange.extract import pseudonymous_extract
from tests.base import SporTestCase
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
