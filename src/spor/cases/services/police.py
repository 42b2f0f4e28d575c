"""Police reports (anmeldelser) under straffelovens § 262 a / § 262 b (docs/definitions.md#police-report)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spor.audit import services as audit
from spor.cases.models import Case, PoliceReport, YesNoUnknown
from spor.common.actor import Actor, service
from spor.common.crypto import encrypt_json
from spor.organisations.permissions import require
from spor.people.models import ConsentPurpose
from spor.people.services import consent_require
from spor.vocabulary import POLICE_DISTRICTS, LegalBasis, PoliceReportFiler, check_code


@service
def police_report_file(
    *,
    actor: Actor,
    case: Case,
    filed_on: date,
    filed_by: str,
    legal_basis: str,
    police_district: str,
    anonymous: bool = False,
    copy_to_focus_unit: bool = True,
    consent_override_reason: str = "",
    journal_number: str = "",
    assists_investigation: str = YesNoUnknown.UNKNOWN,
) -> PoliceReport:
    """Record a police report, by the person assisted by CMM or by CMM with the person anonymous.

    A report in the person's name needs the person's consent (or a manager's override); CMM's own
    report keeps the person anonymous. A copy goes to the national focus unit by default. The
    police's journal number is stored encrypted. That the person will assist the investigation is
    told the police only with the person's consent, never by override
    (docs/definitions.md#consent-and-anonymity). Centre staff. Audit: police_report.filed.
    """
    require(actor, "cases.work_case", case)
    errors: dict[str, list[str]] = {}
    check_code(PoliceReportFiler, filed_by, field="filed_by", message=_("Ukendt anmelder."), errors=errors)
    check_code(LegalBasis, legal_basis, field="legal_basis", message=_("Ukendt hjemmel."), errors=errors)
    check_code(
        POLICE_DISTRICTS, police_district, field="police_district", message=_("Ukendt politikreds."), errors=errors
    )
    check_code(YesNoUnknown, assists_investigation, field="assists_investigation", errors=errors)
    if len(journal_number) > 64:
        errors["journal_number"] = [_("Journalnummeret er for langt.")]
    if filed_by == PoliceReportFiler.CMM and not anonymous:
        errors["anonymous"] = [_("Når CMM anmelder på egen hånd, er personen anonym.")]
    if errors:
        raise ValidationError(errors)
    if not anonymous:
        consent_require(
            actor=actor,
            person=case.person,
            purpose=ConsentPurpose.POLICE_REPORT,
            override_reason=consent_override_reason,
        )
    if assists_investigation == YesNoUnknown.YES:
        consent_require(actor=actor, person=case.person, purpose=ConsentPurpose.POLICE_REPORT)
    report = PoliceReport.objects.create(
        case=case,
        filed_on=filed_on,
        filed_by=filed_by,
        anonymous=anonymous,
        legal_basis=legal_basis,
        police_district=police_district,
        copy_to_focus_unit=copy_to_focus_unit,
        journal_number_ct=encrypt_json(journal_number.strip() or None),
        assists_investigation=assists_investigation,
    )
    audit.record(actor=actor, event="police_report.filed", subject=case, extra={"legal_basis": legal_basis})
    return report
