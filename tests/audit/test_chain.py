from spor.audit import services as audit
from spor.audit.models import AuditEvent
from tests.base import SporTestCase


class ChainVerifyTests(SporTestCase):
    def test_it_accepts_an_untouched_chain(self):
        report = audit.chain_verify()
        self.assertIsNone(report.broken_at)
        self.assertGreater(report.checked, 10)

    def test_it_finds_an_edited_row(self):
        victim = AuditEvent.objects.order_by("id")[3]
        AuditEvent.objects.filter(id=victim.id).update(event="user.deleted")
        self.assertEqual(audit.chain_verify().broken_at, victim.id)

    def test_it_finds_a_removed_row(self):
        rows = list(AuditEvent.objects.order_by("id"))
        AuditEvent.objects.filter(id=rows[2].id).delete()
        self.assertEqual(audit.chain_verify().broken_at, rows[3].id)
