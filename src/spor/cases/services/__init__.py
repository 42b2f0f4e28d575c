"""Every write of the referral process (docs/architecture.md#write-path), one module per step.

Each service: checks authority (`spor.organisations.permissions.require`), validates with field-named
errors, writes inside a transaction, and writes its audit event in the same transaction.
"""

from spor.cases.services.assessments import assessment_complete, assessment_record, case_put_to_dis
from spor.cases.services.complexes import (
    complex_create,
    complex_link_case,
    complex_link_employer,
    complex_unlink_case,
    employer_register,
)
from spor.cases.services.decisions import case_competent_authority, competent_authority, decision_record
from spor.cases.services.inquiries import (
    case_close,
    case_open,
    case_reopen,
    inquiry_assign,
    inquiry_attach_person,
    inquiry_close,
    inquiry_register,
)
from spor.cases.services.minors import child_guard, unaccompanied_record
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
from spor.cases.services.tracks import (
    case_expulsion_set,
    dis_case_open,
    reconsideration_decide,
    reconsideration_request,
)

__all__ = [
    "ReferralDetails",
    "ScreeningEvidence",
    "assessment_complete",
    "assessment_record",
    "case_close",
    "case_competent_authority",
    "case_expulsion_set",
    "case_open",
    "case_put_to_dis",
    "case_reopen",
    "child_guard",
    "competent_authority",
    "complex_create",
    "complex_link_case",
    "complex_link_employer",
    "complex_unlink_case",
    "contact_person_assign",
    "decision_record",
    "dis_case_open",
    "employer_register",
    "follow_up_record",
    "inquiry_assign",
    "inquiry_attach_person",
    "inquiry_close",
    "inquiry_register",
    "offer_add",
    "police_report_file",
    "reconsideration_decide",
    "reconsideration_request",
    "referral_submit",
    "reflection_extend",
    "reflection_grant",
    "return_plan_decide",
    "return_plan_depart",
    "return_plan_submit",
    "screening_refer",
    "status_override",
    "stay_add",
    "unaccompanied_record",
]
