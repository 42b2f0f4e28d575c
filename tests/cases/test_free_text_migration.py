"""Upgrading a database whose free text is in plain text: every row, history rows too, ends encrypted.

The data migrations (cases 0005, screening 0003) encrypt the plain columns into their `*_ct`
columns; their reverse decrypts back (docs/architecture.md#migrations).
"""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from spor.cases import services
from spor.cases.models import Decision, StatusRecord, Stay, StayType
from spor.common import crypto
from spor.screening.models import FollowUp
from spor.screening.store import follow_up_mark
from tests.base import SporTestCase
from tests.make import make_identified_case, make_person
from tests.migrating import migrate_to_latest

PLAIN = [("cases", "0004_encrypted_free_text_columns"), ("screening", "0002_encrypted_follow_up_note")]
#: (app, model, plain column, encrypted column, text written before the upgrade)
ROWS = [
    ("cases", "Decision", "exception_reason", "exception_reason_ct", "Overdraget af advokaten"),
    ("cases", "HistoricalDecision", "exception_reason", "exception_reason_ct", "Overdraget af advokaten"),
    ("cases", "Stay", "place", "place_ct", "Hos fætteren i Ikast"),
    ("cases", "HistoricalStay", "place", "place_ct", "Hos fætteren i Ikast"),
    ("cases", "StatusRecord", "reason", "reason_ct", "Rejst med bussen"),
    ("screening", "FollowUp", "note", "note_ct", "Talt med hende"),
]


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


class FreeTextMigrationTests(TransactionTestCase):
    def setUp(self) -> None:
        SporTestCase.setUpTestData.__func__(self)  # the personas, created through the services
        self.addCleanup(migrate_to_latest)  # leave the schema as found, later migrations included
        case = make_identified_case(self.caseworker, make_person(self.caseworker, residence_status="unlawful"))
        services.stay_add(actor=self.caseworker, case=case, type=StayType.PRIVATE, from_on=date(2026, 3, 3))
        services.status_override(
            actor=self.caseworker, person=case.person, as_of=date(2026, 12, 31), status="other", reason="x"
        )
        follow_up_mark(actor=self.outreach_worker, network_id="N1", note="x")
        # Back to the schema with both columns, and the text put in the plain column as before.
        old = migrate(PLAIN).loader.project_state(PLAIN).apps
        for app, model, plain, encrypted, text in ROWS:
            old.get_model(app, model)._default_manager.update(**{plain: text, encrypted: ""})

    def test_it_encrypts_every_plain_text_and_the_reverse_gives_it_back(self) -> None:
        migrate_to_latest()  # through the encrypting migrations, and any added since
        found = {
            "Decision": Decision.objects.get().exception_reason_ct,
            "HistoricalDecision": Decision.history.get().exception_reason_ct,
            "Stay": Stay.objects.get().place_ct,
            "HistoricalStay": Stay.history.get().place_ct,
            "StatusRecord": StatusRecord.objects.get().reason_ct,
            "FollowUp": FollowUp.objects.get().note_ct,
        }
        for _, model, _, _, text in ROWS:
            with self.subTest(model=model):
                self.assertNotIn(text, found[model])
                self.assertEqual(crypto.decrypt_json(found[model]), text)
        old = migrate(PLAIN).loader.project_state(PLAIN).apps
        for app, model, plain, _, text in ROWS:
            with self.subTest(model=model, reverse=True):
                self.assertEqual(list(old.get_model(app, model)._default_manager.values_list(plain, flat=True)), [text])
