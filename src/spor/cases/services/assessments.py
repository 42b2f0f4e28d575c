"""Assessment (udredning): interviews, the indicator checklist, act/means/purpose, outcome."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spor.audit import services as audit
from spor.cases import transitions
from spor.cases.models import (
    Assessment,
    AssessmentOutcome,
    Case,
    CaseStatus,
    Inquiry,
    Interview,
    Recommendation,
    YesNoUnknown,
    new_id,
)
from spor.common.actor import Actor, service
from spor.common.update import model_update
from spor.common.versioning import check_version
from spor.organisations.permissions import require
from spor.people import crypto
from spor.vocabulary import ActorType, Indicator, RetraffickingRisk, check_code, unknown_codes

ASSESSMENT_FIELDS = ["indicators", "act", "means", "purpose", "recommendation", "outcome", "referrer_type"]


def _validate(
    *, indicators: dict[str, str], elements: dict[str, str], risks: list[str], referrer_type: str, recommendation: str
) -> None:
    errors: dict[str, list[str]] = {}
    answer_message = _("Svaret skal være ja, nej eller ukendt.")
    for code, answer in indicators.items():
        if unknown_codes(Indicator, [code]):
            check_code(Indicator, code, field="indicators", message=_("Ukendt indikator: %(code)s"), errors=errors)
        else:
            check_code(YesNoUnknown, answer, field="indicators", message=answer_message, errors=errors)
    for name, answer in elements.items():
        check_code(YesNoUnknown, answer, field=name, message=answer_message, errors=errors)
    if unknown_codes(RetraffickingRisk, risks):
        errors["retrafficking_risks"] = [_("Ukendt risikofaktor.")]
    check_code(
        ActorType, referrer_type, field="referrer_type", message=_("Ukendt henvisertype."), blank=True, errors=errors
    )
    check_code(
        Recommendation,
        recommendation,
        field="recommendation",
        message=_("Ukendt indstilling."),
        blank=True,
        errors=errors,
    )
    if errors:
        raise ValidationError(errors)


@service
def assessment_record(
    *,
    actor: Actor,
    case: Case,
    interview_on: date,
    interpreter_language: str = "",
    assessed_by: str = "cmm",
    inquiry: Inquiry | None = None,
    referrer_type: str = "",
    referrer_org: str = "",
    indicators: dict[str, str] | None = None,
    notes: dict[str, str] | None = None,
    act: str = YesNoUnknown.UNKNOWN,
    means: str = YesNoUnknown.UNKNOWN,
    purpose: str = YesNoUnknown.UNKNOWN,
    retrafficking_risks: list[str] | None = None,
    recommendation: str = "",
    assessment: Assessment | None = None,
    version: int | None = None,
    external_id: str | None = None,
) -> Assessment:
    """Record an interview and the checklist; a second call with `assessment` adds an interview.

    Centre staff; an immigration officer for cases put to DIS (assessed_by="dis"). Indicator notes
    are encrypted. Conflict if `assessment` changed since `version`. Audit: assessment.recorded.
    """
    require(actor, "cases.decide_case", case)
    if assessed_by not in {"cmm", "dis"}:
        raise ValidationError({"assessed_by": [_("Udredning foretages af CMM eller Udlændingestyrelsen.")]})
    indicators = indicators or {}
    risks = retrafficking_risks or []
    _validate(
        indicators=indicators,
        elements={"act": act, "means": means, "purpose": purpose},
        risks=risks,
        referrer_type=referrer_type,
        recommendation=recommendation,
    )
    if assessment is None:
        assessment = Assessment(
            external_id=external_id or new_id("A"), case=case, first_interview_on=interview_on, inquiry=inquiry
        )
    else:
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk, case=case)
        check_version(assessment, version, ASSESSMENT_FIELDS)
    old_notes = crypto.decrypt_json(assessment.notes_ct, {}) if assessment.pk else {}
    first = assessment.first_interview_on
    data = {
        "assessed_by": assessed_by,
        "referrer_type": referrer_type or assessment.referrer_type,
        "referrer_org": referrer_org or assessment.referrer_org,
        "indicators": {**assessment.indicators, **indicators},
        "notes_ct": crypto.encrypt_json({**old_notes, **(notes or {})}),
        "act": act,
        "means": means,
        "purpose": purpose,
        "retrafficking_risks": risks,
        "recommendation": recommendation,
        "first_interview_on": interview_on if first is None or interview_on < first else first,
    }
    if assessment.pk:
        model_update(instance=assessment, fields=list(data), data=data)
    else:
        for name, value in data.items():
            setattr(assessment, name, value)
        assessment.save()
    Interview.objects.create(assessment=assessment, held_on=interview_on, interpreter_language=interpreter_language)
    audit.record(actor=actor, event="assessment.recorded", subject=case, extra={"assessment": str(assessment.code)})
    return assessment


@service
def assessment_complete(*, actor: Actor, assessment: Assessment, outcome: str) -> Assessment:
    """Close the assessment with its outcome; non-decisions are kept apart (docs/definitions.md#assessment).

    `put_to_decision` moves the case to "decision pending" (the person is then a presumed victim
    if indicators were found); any other outcome closes the case. Audit: assessment.completed.
    """
    case = assessment.case
    require(actor, "cases.decide_case", case)
    choose = _("Vælg et udfald af udredningen.")
    check_code(AssessmentOutcome, outcome, field="outcome", message=choose)
    if outcome == AssessmentOutcome.PENDING:
        raise ValidationError({"outcome": [choose]})
    model_update(instance=assessment, fields=["outcome"], data={"outcome": outcome})
    if outcome == AssessmentOutcome.PUT_TO_DECISION:
        transitions.move_and_save(case=case, to=CaseStatus.DECISION_PENDING)
    else:
        closed_on = assessment.first_interview_on or case.opened_on
        transitions.move_and_save(case=case, to=CaseStatus.CLOSED, data={"closed_on": closed_on})
    audit.record(actor=actor, event="assessment.completed", subject=case, extra={"outcome": outcome})
    return assessment


@service
def case_put_to_dis(*, actor: Actor, case: Case, on: date) -> Case:
    """Put the case to the Danish Immigration Service for a decision (docs/definitions.md#decision).

    DIS is the competent authority for asylum seekers and persons without lawful residence. The
    disclosure is required by law, not by consent. Centre staff. Audit: case.put_to_dis.
    """
    require(actor, "cases.work_case", case)
    model_update(instance=case, fields=["put_to_dis_on"], data={"put_to_dis_on": on})
    audit.record(actor=actor, event="case.put_to_dis", subject=case)
    return case
