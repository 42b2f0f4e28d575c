"""Browser journey: an outreach worker refers a network found by the screening tool to CMM.

The network page offers the referral; it creates an inquiry of the channel `screening` with the
evidence (ad ids, phones in blind form, the reasons) and the page then shows that the network was
referred. Checked with axe-core and photographed in test-artifacts/.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from tests.base import make_organisation, make_user
from tests.web.browser.conftest import check, login

from spor.cases.models import Inquiry
from spor.organisations.models import OrganisationType, Role
from spor.screening import results
from spor.screening.generator import generate_corpus
from spor.screening.models import NetworkReferral


@pytest.fixture
def outreach(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    folder = Path(tempfile.mkdtemp(prefix="spor-refer-"))
    generate_corpus(seed=31, n_ads=120, with_images=False).write(folder)
    call_command("screening", "ingest", str(folder / "ads.jsonl"), stdout=io.StringIO())
    call_command("screening", "analyse", stdout=io.StringIO())
    cmm = make_organisation("Center mod Menneskehandel", OrganisationType.CMM)
    return make_user("olga", cmm, Role.OUTREACH_WORKER)


def test_journey_an_outreach_worker_refers_a_network_to_cmm(page, outreach):
    network = results.networks_ranked()[0]
    login(page, outreach)
    page.goto(f"/screening/netvaerk/{network.network_id}/")
    check(page, "sr-01-network")
    assert "Ikke henvist endnu" in page.locator("main").inner_text()

    page.get_by_role("button", name="Henvis netværket til CMM").click()
    page.wait_for_load_state()
    check(page, "sr-02-referred")
    inquiry = Inquiry.objects.get(channel="screening")
    assert inquiry.external_id in page.locator("main").inner_text()
    assert NetworkReferral.objects.get(network_id=network.network_id).inquiry_code == inquiry.external_id

    # A second click refers nothing twice: the same inquiry is shown.
    page.get_by_role("button", name="Henvis netværket til CMM").click()
    page.wait_for_load_state()
    assert Inquiry.objects.filter(channel="screening").count() == 1
    assert "Allerede henvist" in page.locator("main").inner_text()
