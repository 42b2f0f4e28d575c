"""Explicit input and output schemas of the API (docs/architecture.md#views-and-endpoints): never
every model field, and a person's identity only on its own endpoint.

Every input is bounded (text length, dates, numbers) so that nothing the database would refuse
reaches it: a bad value is a 422 naming the field, never a 500 (docs/api.md#errors).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Schema
from pydantic import AfterValidator, Field, GetCoreSchemaHandler, GetJsonSchemaHandler, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from spor.cases.models import (
    AssessmentOutcome,
    CaseStatus,
    InquiryState,
    OfferKind,
    Recommendation,
    ReferralConsent,
    ReferralPlace,
    ReferralStatus,
    ReferralUrgency,
    ReturnStatus,
    StayType,
    YesNoUnknown,
)
from spor.people.models import ConsentAnswer, ConsentPurpose
from spor.vocabulary import (
    ActorType,
    Authority,
    Channel,
    Codes,
    CrimeType,
    Exploitation,
    ExploitationPlace,
    ExtensionReason,
    FollowUpChannel,
    FollowUpOutcome,
    Gender,
    Indicator,
    LegalBasis,
    PoliceReportFiler,
    Reintegration,
    ResidenceStatus,
    Sector,
    YearEndStatus,
    check_code,
)

FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)


def _storable(value: str) -> str:
    # PostgreSQL refuses NUL in text, and a lone surrogate cannot be encoded as UTF-8.
    if "\x00" in value:
        raise ValueError("NUL characters are not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid Unicode") from None
    return value


def _day(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"date must lie between {FIRST_DAY} and {LAST_DAY}")
    return value


Day = Annotated[date, AfterValidator(_day)]
Code = Annotated[str, Field(max_length=32), AfterValidator(_storable)]
Line = Annotated[str, Field(max_length=200), AfterValidator(_storable)]
Reason = Annotated[str, Field(max_length=500), AfterValidator(_storable)]
Text = Annotated[str, Field(max_length=5000), AfterValidator(_storable)]
Amount = Annotated[int, Field(ge=0, le=10_000_000)]

#: The authorities that assess and grant reflection: the centre or the immigration service.
AUTHORITIES_ASSESSING = ("cmm", "dis")


@dataclass(frozen=True)
class CodeOf:
    """Schema metadata: the value must be a code of `choices`, refused (422, naming the field) by
    `spor.vocabulary.check_code`, the check the services and the importer use. The OpenAPI
    document lists the codes."""

    choices: Codes

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        json = handler(schema)
        codes = self.choices.values if isinstance(self.choices, type) else self.choices
        json["enum"] = [str(code) for code in codes]
        return json

    def check(self, value: str) -> str:
        try:
            check_code(self.choices, value, field="-")
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from None
        return value


class ErrorOut(Schema):
    message: str
    fields: dict[str, list[str]] = {}


# --- persons ------------------------------------------------------------------------------------


class IdentityIn(Schema):
    given_name: Line = ""
    family_name: Line = ""
    aliases: list[Line] = Field(default=[], max_length=20)
    phones: list[Code] = Field(default=[], max_length=20)
    emails: list[Line] = Field(default=[], max_length=20)
    documents: list[Line] = Field(default=[], max_length=20)
    notes: Text = ""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, value: Any) -> Any:
        # ninja's Schema reads attributes of anything, so a string would pass as an empty identity
        # and wipe the stored one: only a JSON object is an identity.
        inner = getattr(value, "_obj", value)  # ninja may wrap the value in its DjangoGetter
        if isinstance(inner, str | bytes | int | float | list):
            raise ValueError("identity must be an object")
        return value


class PersonIn(Schema):
    identity: IdentityIn
    gender: Annotated[str, CodeOf(Gender)] = Gender.UNKNOWN
    birth_date: Day | None = None
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    nationalities: list[Code] = Field(default=[], max_length=10)
    residence_status: Annotated[str, CodeOf(ResidenceStatus)] = ResidenceStatus.UNKNOWN
    # An estimated age and the day of the estimate (default today): docs/definitions.md#children.
    estimated_age: int | None = Field(default=None, ge=0, le=120)
    age_estimated_on: Day | None = None


class PersonUpdateIn(Schema):
    """Only the fields given are changed; `identity` replaces the whole identity."""

    identity: IdentityIn | None = None
    gender: Annotated[str, CodeOf(Gender)] | None = None
    birth_date: Day | None = None
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    nationalities: list[Code] | None = Field(default=None, max_length=10)
    residence_status: Annotated[str, CodeOf(ResidenceStatus)] | None = None
    estimated_age: int | None = Field(default=None, ge=0, le=120)
    age_estimated_on: Day | None = None
    version: int | None = Field(default=None, ge=1, le=2_000_000_000)


class MergeIn(Schema):
    duplicate: UUID


class PersonOut(Schema):
    """The pseudonymous record: what statistics and the interchange files may carry."""

    code: UUID
    key: str
    gender: str
    birth_year: int | None
    nationalities: list[str]
    residence_status: str
    estimated_age: int | None = None
    age_estimated_on: date | None = None
    version: int


class PersonChangeOut(Schema):
    """One change of a person's record: who, when, which fields (names only, never values)."""

    at: datetime
    by: str
    event: str
    fields: list[str]


class IdentityOut(Schema):
    given_name: str
    family_name: str
    aliases: list[str]
    phones: list[str]
    emails: list[str]
    documents: list[str]
    notes: str
    birth_date: date | None


class SearchIn(Schema):
    query: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_storable)]
    limit: int = Field(default=20, ge=1, le=100)


class DuplicatesIn(Schema):
    given_name: Line
    family_name: Line
    birth_date: Day | None = None
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    nationalities: list[Code] = Field(default=[], max_length=10)
    limit: int = Field(default=10, ge=1, le=50)


class DuplicateOut(Schema):
    person: PersonOut
    score: float


class ConsentIn(Schema):
    purpose: Annotated[str, CodeOf(ConsentPurpose)]
    answer: Annotated[str, CodeOf(ConsentAnswer)]
    answered_on: Day
    language: Annotated[str, Field(max_length=16), AfterValidator(_storable)] = ""


class ConsentOut(Schema):
    purpose: str
    answer: str
    answered_on: date


class StatusIn(Schema):
    as_of: Day
    status: Annotated[str, CodeOf(YearEndStatus)]
    reason: Reason


class StatusOut(Schema):
    as_of: date
    status: str
    reason: str


# --- inquiries and referrals --------------------------------------------------------------------


class InquiryIn(Schema):
    received_on: Day
    channel: Annotated[str, CodeOf(Channel)]
    sender_type: Annotated[str, CodeOf(ActorType)]
    sender_org: Line = ""
    summary: Text = ""
    persons: list[UUID] = Field(default=[], max_length=20)


class AssignIn(Schema):
    user: UUID


class InquiryOut(Schema):
    code: UUID
    external_id: str
    received_on: date
    channel: str
    sender_type: str
    sender_org: str
    state: InquiryState
    case: UUID | None
    version: int
    outcome: str = ""  # docs/definitions.md#inquiry-outcome, empty unless closed without a case
    closed_on: date | None = None


class ReferralIn(Schema):
    """A partner's referral (docs/api.md#referrals). Without `consent: "yes"` it is an anonymous
    notification: the names, birth date, phones, language, whereabouts and summary are not kept."""

    sender_type: Annotated[str, CodeOf(ActorType)]
    summary: Text = ""
    received_on: Day | None = None
    consent: Annotated[str, CodeOf(ReferralConsent)] = ReferralConsent.NOT_ASKED
    given_name: Line = ""
    family_name: Line = ""
    aliases: list[Line] = Field(default=[], max_length=20)
    birth_date: Day | None = None
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    estimated_age: int | None = Field(default=None, ge=0, le=120)
    gender: Annotated[str, CodeOf(Gender)] = Gender.UNKNOWN
    nationalities: list[Code] = Field(default=[], max_length=20)
    phones: list[Code] = Field(default=[], max_length=20)
    language: Line = ""
    whereabouts: Reason = ""
    place: Annotated[str, CodeOf(ReferralPlace)] = ReferralPlace.UNKNOWN
    exploitation: Annotated[str, CodeOf(Exploitation)] | None = None
    indicators: list[Annotated[str, CodeOf(Indicator)]] = Field(default=[], max_length=20)
    child: Annotated[str, CodeOf(YesNoUnknown)] = YesNoUnknown.UNKNOWN
    police_informed: Annotated[str, CodeOf(YesNoUnknown)] = YesNoUnknown.UNKNOWN
    urgency: Annotated[str, CodeOf(ReferralUrgency)] = ReferralUrgency.NORMAL


class ReferralOut(Schema):
    """What a referrer may know about its own referral: that it arrived and how far it is
    (`status`: received, in_progress, closed; docs/api.md#referrals)."""

    code: UUID
    external_id: str
    received_on: date
    sender_type: str
    state: InquiryState
    status: ReferralStatus
    anonymous: bool


class ReferralPersonOut(Schema):
    given_name: str = ""
    family_name: str = ""
    aliases: list[str] = []
    birth_date: date | None = None
    birth_year: int | None = None
    estimated_age: int | None = None
    age_band: str
    gender: str
    nationalities: list[str]
    phones: list[str] = []
    language: str = ""
    whereabouts: str = ""
    place: str


class ReferralDetailOut(ReferralOut):
    """One referral as its own organisation sent it (decrypted, read-logged) and its status."""

    consent: str
    summary: str
    person: ReferralPersonOut | None
    exploitation: str
    indicators: list[str]
    child: str
    police_informed: str
    urgency: str


class Page(Schema):
    count: int | None  # only with `with_count=true`
    limit: int
    offset: int
    next_offset: int | None  # None on the last page


class InquiryPage(Page):
    items: list[InquiryOut]


class ReferralPage(Page):
    items: list[ReferralOut]


# --- cases --------------------------------------------------------------------------------------


class CaseOpenIn(Schema):
    person: UUID
    opened_on: Day
    inquiry: UUID | None = None


class DayIn(Schema):
    on: Day


class CaseCloseIn(Schema):
    on: Day
    exit: Annotated[str, CodeOf(YearEndStatus)]


class ReasonIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_storable)]


class AssessmentIn(Schema):
    interview_on: Day
    interpreter_language: Code = ""
    assessed_by: Annotated[str, CodeOf(AUTHORITIES_ASSESSING)] = "cmm"
    inquiry: UUID | None = None
    referrer_type: Annotated[str, CodeOf(ActorType)] | None = None
    referrer_org: Line = ""
    indicators: dict[Code, Code] = Field(default={}, max_length=40)
    notes: dict[Code, Text] = Field(default={}, max_length=40)
    act: Annotated[str, CodeOf(YesNoUnknown)] = YesNoUnknown.UNKNOWN
    means: Annotated[str, CodeOf(YesNoUnknown)] = YesNoUnknown.UNKNOWN
    purpose: Annotated[str, CodeOf(YesNoUnknown)] = YesNoUnknown.UNKNOWN
    retrafficking_risks: list[Code] = Field(default=[], max_length=20)
    recommendation: Annotated[str, CodeOf(Recommendation)] | None = None


class AssessmentOut(Schema):
    code: UUID
    external_id: str
    first_interview_on: date | None
    assessed_by: str
    indicators: dict[str, str]
    act: str
    means: str
    purpose: str
    retrafficking_risks: list[str]
    recommendation: str
    outcome: AssessmentOutcome
    version: int


class OutcomeIn(Schema):
    outcome: Annotated[str, CodeOf(AssessmentOutcome)]


class DecisionIn(Schema):
    authority: Annotated[str, CodeOf(Authority)]
    decided_on: Day
    identified: bool
    contact_actor_type: Annotated[str, CodeOf(ActorType)] | None = None
    contact_actor_org: Line = ""
    primary_exploitation: Annotated[str, CodeOf(Exploitation)] | None = None
    secondary_exploitation: list[Annotated[str, CodeOf(Exploitation)]] = Field(default=[], max_length=10)
    sector: Annotated[str, CodeOf(Sector)] | None = None
    crime_type: Annotated[str, CodeOf(CrimeType)] | None = None
    exploitation_place: Annotated[str, CodeOf(ExploitationPlace)] | None = None
    exception_reason: Reason = ""
    reasoning: Text = ""  # the authority's reasoning, stored encrypted and never returned
    # The child's own views, for a decision about a child (docs/definitions.md#children); encrypted.
    child_views: Annotated[str, Field(max_length=4000)] = ""


class DecisionOut(Schema):
    code: UUID
    external_id: str
    decided_on: date
    authority: str
    identified: bool
    primary_exploitation: str
    secondary_exploitation: list[str]
    sector: str
    crime_type: str
    exploitation_place: str


class AuthorityOut(Schema):
    residence_status: str
    expulsion_case: bool = False
    authority: str | None


class ReflectionIn(Schema):
    granted_by: Annotated[str, CodeOf(AUTHORITIES_ASSESSING)]
    starts_on: Day


class ExtendIn(Schema):
    until: Day
    reason: Annotated[str, CodeOf(ExtensionReason)]
    version: int | None = Field(default=None, ge=1, le=2_000_000_000)


class ReflectionOut(Schema):
    code: UUID
    granted_by: str
    starts_on: date
    ends_on: date
    version: int


class StayIn(Schema):
    type: Annotated[str, CodeOf(StayType)]
    from_on: Day
    to_on: Day | None = None
    place: Line = ""
    consent_override_reason: Reason = ""


class StayOut(Schema):
    code: UUID
    type: str
    from_on: date
    to_on: date | None


class OfferIn(Schema):
    kind: Annotated[str, CodeOf(OfferKind)]
    given_on: Day


class OfferOut(Schema):
    code: UUID
    kind: str
    given_on: date


class PoliceReportIn(Schema):
    filed_on: Day
    filed_by: Annotated[str, CodeOf(PoliceReportFiler)]
    legal_basis: Annotated[str, CodeOf(LegalBasis)]
    police_district: Annotated[str, Field(min_length=1, max_length=80), AfterValidator(_storable)]
    anonymous: bool = False
    copy_to_focus_unit: bool = True
    consent_override_reason: Reason = ""
    journal_number: Annotated[str, Field(max_length=64), AfterValidator(_storable)] = ""
    assists_investigation: Annotated[str, CodeOf(YesNoUnknown)] = YesNoUnknown.UNKNOWN


class PoliceReportOut(Schema):
    code: UUID
    filed_on: date
    filed_by: str
    anonymous: bool
    legal_basis: str
    police_district: str
    copy_to_focus_unit: bool
    assists_investigation: str


class ContactPersonIn(Schema):
    user: UUID


class ReturnPlanIn(Schema):
    applied_on: Day
    destination: Annotated[str, Field(min_length=2, max_length=8), AfterValidator(_storable)]
    in_kind_dkk: Amount
    cash_dkk: Amount
    travelling_children: list[UUID] = Field(default=[], max_length=30)
    provider: bool = False
    reintegration: list[Annotated[str, CodeOf(Reintegration)]] = Field(default=[], max_length=10)
    partner: Line = ""
    consent_override_reason: Reason = ""


class ChildOut(Schema):
    """A recorded child of the person: its code and birth year, nothing else (there is nothing else)."""

    code: UUID
    birth_year: int | None


class FollowUpIn(Schema):
    contacted_on: Day
    channel: Annotated[str, CodeOf(FollowUpChannel)]
    outcome: Annotated[str, CodeOf(FollowUpOutcome)]
    note: Annotated[str, Field(max_length=4000), AfterValidator(_storable)] = ""


class FollowUpOut(Schema):
    code: UUID
    contacted_on: date
    channel: str
    outcome: str
    note: str


class ReturnPlanRowOut(Schema):
    """A return plan's own columns, as the case's history lists it (GET /return-plans/{code} adds
    the travelling children and the follow-ups)."""

    code: UUID
    case: UUID
    applied_on: date
    destination: str
    in_kind_dkk: int
    cash_dkk: int
    children: int
    provider: bool
    reintegration: list[str]
    partner: str
    rate_on_file: bool
    status: ReturnStatus
    decided_on: date | None
    departed_on: date | None
    reintegration_ends_on: date | None
    version: int


class ReturnPlanOut(ReturnPlanRowOut):
    travelling_children: list[UUID]
    follow_ups: list[FollowUpOut]


class FollowUpDueOut(Schema):
    plan: UUID
    case: UUID
    case_number: str
    departed_on: date
    due_on: date
    days: int


class DecideIn(Schema):
    approve: bool
    on: Day
    version: int | None = Field(default=None, ge=1, le=2_000_000_000)


class DepartIn(Schema):
    departed_on: Day
    reintegration_ends_on: Day | None = None


class CaseOut(Schema):
    code: UUID
    number: str
    person: UUID
    person_key: str
    opened_on: date
    status: CaseStatus
    put_to_dis_on: date | None
    closed_on: date | None
    exit: str = ""  # a year-end status code once closed (docs/definitions.md#exit)
    child: str = ""  # "child", "turned_18" (18 during the case) or "" (docs/definitions.md#children)
    version: int
    kept_by: str = "cmm"  # "dis": the Immigration Service's own case (docs/definitions.md#the-authorities-own-tracks)
    expulsion_case: bool = False


class CaseActionOut(Schema):
    code: str
    label: str
    next: bool
    consent: str
    consent_missing: bool


class CaseDetailOut(CaseOut):
    actions: list[CaseActionOut]
    assessments: list[AssessmentOut]
    decisions: list[DecisionOut]
    reflection_periods: list[ReflectionOut]
    stays: list[StayOut]
    offers: list[OfferOut]
    police_reports: list[PoliceReportOut]
    return_plans: list[ReturnPlanRowOut]


class CasePage(Page):
    items: list[CaseOut]


class DeadlineOut(Schema):
    case: UUID
    case_number: str
    period: UUID
    ends_on: date
