"""Browser journey: a caseworker adds a journal note, uploads a PDF and downloads it again
(docs/web.md#case-file); each page is checked with axe-core and photographed under test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from tests.base import make_organisation, make_user
from tests.casefiles.base import PDF
from tests.make import make_case
from tests.web.browser.conftest import axe, login, shot

from spor.audit.models import ReadLog
from spor.organisations.models import OrganisationType, Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def documents(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path


def test_a_note_and_a_document_on_the_case_page(page, documents, tmp_path):
    cmm = make_organisation("Center mod Menneskehandel", OrganisationType.CMM)
    caseworker = make_user("alice", cmm, Role.CASEWORKER)
    case = make_case(caseworker)
    login(page, caseworker)
    page.goto(reverse("casework:case-detail", args=[case.code]))
    page.get_by_role("link", name="Nyt notat").click()
    page.locator("#id_text").fill("Første samtale med tolk; næste møde om to uger.")
    page.get_by_role("button", name="Gem").click()
    page.wait_for_load_state()
    assert "Første samtale med tolk" in page.locator("#journal").inner_text()

    page.get_by_role("link", name="Tilføj dokument").click()
    shot(page, "casefile-01-upload")
    axe(page)
    pdf = tmp_path / "afgørelse.pdf"
    pdf.write_bytes(PDF)
    page.locator("#id_kind").select_option("decision_letter")
    page.locator("#id_file").set_input_files(str(pdf))
    page.get_by_role("button", name="Gem").click()
    page.wait_for_load_state()
    section = page.locator("#dokumenter").inner_text()
    assert "afgørelse.pdf" in section and "afgørelsesbrev" in section
    shot(page, "casefile-02-case-page")
    axe(page)

    before = ReadLog.objects.count()
    with page.expect_download() as caught:
        page.get_by_role("link", name="afgørelse.pdf").click()
    download = caught.value
    assert Path(download.path()).read_bytes() == PDF
    assert download.suggested_filename == "afgørelse.pdf"
    assert ReadLog.objects.filter(fields__startswith="document:").count() == 1
    assert ReadLog.objects.count() > before
    assert PDF[:8] not in b"".join(p.read_bytes() for p in documents.rglob("*") if p.is_file() and p != pdf)
