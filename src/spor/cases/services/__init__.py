"""Every write of the referral process (docs/architecture.md#write-path), one module per step.

Each service: checks authority (`spor.organisations.permissions.require`), validates with field-named
errors, writes inside a transaction, and writes its audit event in the same transaction.
"""

from spor.cases.services.assessments import assessment_complete, assessment_record, case_put_to_dis
from spor.cases.services.decisions import competent_authority, decision_record
from spor.cases.services.inquiries import (
    case_close,
    case_open,
    case_reopen,
    inquiry_assign,
    inquiry_attach_person,
    inquiry_close,
    inquiry_register,
)
from spor.cases.services.police import police_report_file
from spor.cases.services.referrals import ReferralDetails, ScreeningEvidence, referral_submit, screening_refer
from spor.cases.services.reflection import reflection_extend, reflection_grant
from spor.cases.services.returns import (
    follow_up_record,
    return_plan_decide,
    return_plan_depart,
    return_plan_submit,
)
from spor.cases.services.status import status_override
from spor.cases.services.support import contact_person_assign, offer_add, stay_add

__all__ = [
    "ReferralDetails",
    "ScreeningEvidence",
    "assessment_complete",
    "assessment_record",
    "case_close",
    "case_open",
    "case_put_to_dis",
    "case_reopen",
    "competent_authority",
    "contact_person_assign",
    "decision_record",
    "follow_up_record",
    "inquiry_assign",
    "inquiry_attach_person",
    "inquiry_close",
    "inquiry_register",
    "offer_add",
    "police_report_file",
    "referral_submit",
    "reflection_extend",
    "reflection_grant",
    "return_plan_decide",
    "return_plan_depart",
    "return_plan_submit",
    "screening_refer",
    "status_override",
    "stay_add",
]
