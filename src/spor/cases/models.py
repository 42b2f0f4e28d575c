"""The referral process, one model per step (docs/definitions.md#the-process).

A Case is one passage of a person through the process; a repeat victim is one Person with several
cases. Status moves only through `spor.cases.transitions` (docs/architecture.md#transitions).
Free text that may identify someone (summaries, notes, places, reasons) is encrypted like the
identity (`*_ct` fields, read and written through `encrypted_text` properties), in the history
tables too (docs/architecture.md#encryption-at-rest).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from spor.common.actor import history_user
from spor.common.crypto import encrypted_text
from spor.common.models import Coded
from spor.organisations.models import Organisation
from spor.people.models import Child, Person
from spor.vocabulary import (
    ActorType,
    Authority,
    Channel,
    CrimeType,
    Exploitation,
    ExploitationPlace,
    ExtensionReason,
    FollowUpChannel,
    FollowUpOutcome,
    Gender,
    InquiryOutcome,
    LegalBasis,
    PoliceReportFiler,
    Sector,
    YearEndStatus,
)

USER = settings.AUTH_USER_MODEL


def new_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(5).upper()}"


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("ja")
    NO = "no", _("nej")
    UNKNOWN = "unknown", _("ukendt")


class CaseStatus(models.TextChoices):
    ASSESSMENT = "assessment", _("under udredning")
    DECISION_PENDING = "decision_pending", _("afventer vurdering")
    IDENTIFIED = "identified", _("vurderet udsat for menneskehandel")
    NOT_IDENTIFIED = "not_identified", _("ikke vurderet udsat")
    # A negative decision whose reconsideration was requested (docs/definitions.md#reconsideration).
    RECONSIDERATION = "reconsideration", _("genvurdering anmodet")
    RETURN_PLANNED = "return_planned", _("forberedt hjemrejse planlagt")
    DEPARTED = "departed", _("udrejst")
    CLOSED = "closed", _("afsluttet")


class CaseKeeper(models.TextChoices):
    CMM = "cmm", _("Center mod Menneskehandel")
    DIS = "dis", _("Udlændingestyrelsen (egen sag)")


class Case(Coded):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    number = models.CharField(_("sagsnummer"), max_length=32, unique=True)
    opened_on = models.DateField(_("oprettet"))
    status = models.CharField(_("status"), max_length=24, choices=CaseStatus.choices, default=CaseStatus.ASSESSMENT)
    contact_person = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    put_to_dis_on = models.DateField(_("forelagt Udlændingestyrelsen"), null=True, blank=True)
    # The authorities' own tracks (docs/definitions.md#the-authorities-own-tracks): who keeps the
    # case (a DIS-only case is opened by DIS when the person does not want CMM involved; the
    # centre sees that it exists, not its content), and whether the person is in an
    # administrative expulsion case (DIS is then the competent authority, whatever the residence).
    kept_by = models.CharField(_("sagen føres af"), max_length=8, choices=CaseKeeper.choices, default="cmm")
    expulsion_case = models.BooleanField(_("administrativ udvisningssag"), default=False)
    closed_on = models.DateField(null=True, blank=True)
    # How the passage ended, in the year-end status vocabulary (docs/definitions.md#exit); blank
    # while open and for cases closed by an assessment without a decision.
    exit = models.CharField(_("afslutning"), max_length=32, choices=YearEndStatus.choices, blank=True, default="")
    # Why a closed case was reopened (the latest reopening; earlier ones are in the history), encrypted.
    reopen_reason_ct = models.TextField(blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords(get_user=history_user)

    reopen_reason = encrypted_text("reopen_reason_ct")

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["opened_on", "id"], name="case_opened_idx")]

    def __str__(self) -> str:
        return self.number


class InquiryState(models.TextChoices):
    NEW = "new", _("ny")
    ASSIGNED = "assigned", _("fordelt")
    CLOSED = "closed", _("afsluttet")


class Inquiry(Coded):
    external_id = models.CharField(_("henvendelses-id"), max_length=64, unique=True)
    received_on = models.DateField(_("modtaget"))
    channel = models.CharField(_("kanal"), max_length=16, choices=Channel.choices)
    sender_type = models.CharField(_("afsendertype"), max_length=32, choices=ActorType.choices)
    sender_org = models.CharField(_("afsenderorganisation"), max_length=200, blank=True)
    # The partner organisation that submitted it through the referral portal or API: it may see
    # this inquiry's status, and nothing else (docs/architecture.md#rules).
    referred_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    summary_ct = models.TextField(blank=True, default="")
    persons = models.ManyToManyField(Person, blank=True, related_name="inquiries")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="inquiries")
    state = models.CharField(max_length=16, choices=InquiryState.choices, default=InquiryState.NEW)
    assigned_to = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Closed without a case (docs/definitions.md#inquiry-outcome): the outcome code, the inquiry it
    # duplicates (outcome "duplicate" only), the day and an encrypted note.
    outcome = models.CharField(_("udfald"), max_length=32, choices=InquiryOutcome.choices, blank=True, default="")
    duplicate_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    closed_on = models.DateField(_("afsluttet"), null=True, blank=True)
    outcome_note_ct = models.TextField(blank=True, default="")
    outcome_note = encrypted_text("outcome_note_ct")
    idempotency_key = models.CharField(max_length=128, blank=True, default="")
    # A keyed hash of the request that came with the key, so a reuse with another body is refused.
    idempotency_digest = models.CharField(max_length=64, blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords(excluded_fields=["summary_ct", "outcome_note_ct"], get_user=history_user)

    class Meta:
        ordering = ["-received_on", "-id"]
        # Lists page through inquiries newest first (API and pages): an index scan, not a sort.
        indexes = [
            models.Index(fields=["received_on", "id"], name="inquiry_received_idx"),
            # The queue's filters (docs/web.md#inquiry-queue): each with the newest-first order.
            models.Index(fields=["state", "received_on", "id"], name="inquiry_state_idx"),
            models.Index(fields=["assigned_to", "state", "received_on"], name="inquiry_assignee_idx"),
            models.Index(fields=["channel", "received_on"], name="inquiry_channel_idx"),
            models.Index(fields=["sender_type", "received_on"], name="inquiry_sender_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["referred_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="inquiry_idempotency_unique",
            )
        ]


class AssessmentOutcome(models.TextChoices):
    PENDING = "pending", _("igangværende")
    PUT_TO_DECISION = "put_to_decision", _("forelagt til vurdering")
    CLOSED_NO_INDICATORS = "closed_no_indicators", _("afsluttet uden indikatorer")
    WITHDRAWN = "withdrawn", _("trukket tilbage af personen")
    CONTACT_LOST = "contact_lost", _("kontakt mistet")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("henvist andetsteds")


class Recommendation(models.TextChoices):
    IDENTIFY = "identify", _("indstilles som udsat")
    NOT_IDENTIFY = "not_identify", _("indstilles ikke som udsat")
    UNCLEAR = "unclear", _("uafklaret")


class Assessment(Coded):
    external_id = models.CharField(max_length=64, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments")
    inquiry = models.ForeignKey(Inquiry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    first_interview_on = models.DateField(_("første samtale"), null=True, blank=True)
    assessed_by = models.CharField(_("udredt af"), max_length=8, choices=[("cmm", "CMM"), ("dis", "DIS")])
    referrer_type = models.CharField(_("henvisertype"), max_length=32, choices=ActorType.choices, blank=True)
    referrer_org = models.CharField(_("henviser"), max_length=200, blank=True)
    indicators = models.JSONField(default=dict, blank=True)  # {indicator code: yes|no|unknown}
    notes_ct = models.TextField(blank=True, default="")  # encrypted {indicator code: note}
    act = models.CharField(max_length=8, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    means = models.CharField(max_length=8, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    purpose = models.CharField(max_length=8, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    retrafficking_risks = models.JSONField(default=list, blank=True)
    recommendation = models.CharField(max_length=16, choices=Recommendation.choices, blank=True)
    outcome = models.CharField(max_length=24, choices=AssessmentOutcome.choices, default=AssessmentOutcome.PENDING)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["notes_ct"], get_user=history_user)


class Interview(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="interviews")
    held_on = models.DateField()
    interpreter_language = models.CharField(max_length=32, blank=True)


class Decision(Coded):
    external_id = models.CharField(max_length=64, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    decided_on = models.DateField(_("afgørelsesdato"))
    authority = models.CharField(_("myndighed"), max_length=8, choices=Authority.choices)
    identified = models.BooleanField(_("vurderet udsat"))
    # Whole years on the decision date, derived when the decision is recorded, so that the
    # statistics need no birth date (docs/definitions.md#ages).
    age_at_decision = models.PositiveSmallIntegerField(null=True, blank=True)
    contact_actor_type = models.CharField(max_length=32, choices=ActorType.choices, blank=True)
    contact_actor_org = models.CharField(max_length=200, blank=True)
    primary_exploitation = models.CharField(max_length=24, choices=Exploitation.choices, blank=True)
    secondary_exploitation = models.JSONField(default=list, blank=True)
    sector = models.CharField(max_length=24, choices=Sector.choices, blank=True)
    crime_type = models.CharField(max_length=24, choices=CrimeType.choices, blank=True)
    exploitation_place = models.CharField(max_length=16, choices=ExploitationPlace.choices, blank=True)
    # Required when the authority is not the competent one for the residence status (docs/definitions.md#decision).
    exception_reason_ct = models.TextField(blank=True, default="")
    # The authority's reasoning (begrundelse), encrypted (docs/definitions.md#decision).
    reasoning_ct = models.TextField(blank=True, default="")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords(get_user=history_user)

    exception_reason = encrypted_text("exception_reason_ct")
    reasoning = encrypted_text("reasoning_ct")

    class Meta:
        ordering = ["decided_on", "id"]


class ReflectionPeriod(Coded):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reflection_periods")
    granted_by = models.CharField(max_length=8, choices=[("cmm", "CMM"), ("dis", "DIS")])
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("slut"))
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(get_user=history_user)

    @property
    def total_days(self) -> int:
        return (self.ends_on - self.starts_on).days


class ReflectionExtension(models.Model):
    period = models.ForeignKey(ReflectionPeriod, on_delete=models.CASCADE, related_name="extensions")
    until = models.DateField()
    reason = models.CharField(max_length=24, choices=ExtensionReason.choices)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)


class StayType(models.TextChoices):
    REDEN_CRISIS_CENTRE = "reden_crisis_centre", _("Reden Internationals krisecenter")
    ASYLUM_CENTRE = "asylum_centre", _("asylcenter")
    OTHER_SHELTER = "other_shelter", _("andet krisecenter eller herberg")
    PRIVATE = "private", _("privat")
    DECLINED = "declined", _("takket nej")


class Stay(Coded):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="stays")
    type = models.CharField(max_length=24, choices=StayType.choices)
    place_ct = models.TextField(blank=True, default="")  # the shelter's name or address
    from_on = models.DateField()
    to_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords(get_user=history_user)

    place = encrypted_text("place_ct")


class OfferKind(models.TextChoices):
    LEGAL_AID = "legal_aid", _("juridisk bistand")
    INTERPRETER = "interpreter", _("tolk")
    HEALTH = "health", _("sundhedsbehandling")
    PSYCHOLOGIST = "psychologist", _("psykolog")
    FOOD_AND_POCKET_MONEY = "food_and_pocket_money", _("kost og lommepenge")
    CHILDREN_MEASURES = "children_measures", _("særlige foranstaltninger for børn")
    OTHER = "other", _("andet")


class Offer(Coded):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="offers")
    kind = models.CharField(max_length=32, choices=OfferKind.choices)
    given_on = models.DateField()
    history = HistoricalRecords(get_user=history_user)


class RateKind(models.TextChoices):
    IN_KIND_ADULT = "in_kind_adult", _("naturalier pr. voksen")
    IN_KIND_CHILD = "in_kind_child", _("naturalier pr. mindreårigt barn")
    CASH_SINGLE = "cash_single", _("kontant uden forsørgerpligt")
    CASH_PROVIDER = "cash_provider", _("kontant med forsørgerpligt")


class ReintegrationRate(models.Model):
    """A maximum amount valid for a period: rates are data, not constants (docs/definitions.md#reintegration-rates)."""

    kind = models.CharField(_("sats"), max_length=24, choices=RateKind.choices)
    amount_dkk = models.PositiveIntegerField(_("højst (kr.)"))
    valid_from = models.DateField(_("gælder fra"))
    valid_to = models.DateField(_("gælder til og med"))
    source = models.CharField(
        _("kilde"), max_length=300, help_text=_("Den retsakt eller det cirkulære, satsen står i.")
    )
    entered_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("indtastet af")
    )

    class Meta:
        ordering = ["kind", "valid_from"]
        verbose_name = _("reintegrationssats")
        verbose_name_plural = _("reintegrationssatser")

    def __str__(self) -> str:
        return f"{self.kind} {self.amount_dkk} ({self.valid_from}–{self.valid_to})"


class ReturnStatus(models.TextChoices):
    SUBMITTED = "submitted", _("forelagt Hjemrejsestyrelsen")
    APPROVED = "approved", _("godkendt")
    REJECTED = "rejected", _("afvist")
    DEPARTED = "departed", _("udrejst")


class ReturnPlan(Coded):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="return_plans")
    applied_on = models.DateField(_("ansøgt"))
    destination = models.CharField(_("hjemland"), max_length=8)
    in_kind_dkk = models.PositiveIntegerField(default=0)
    cash_dkk = models.PositiveIntegerField(default=0)
    # The number of minor children travelling: the count of `travelling_children` for plans made in
    # Spor; plans migrated from the typed number or imported (returns.csv) keep their number without
    # child records (docs/definitions.md#reintegration-content).
    children = models.PositiveSmallIntegerField(default=0)
    provider = models.BooleanField(default=False)  # has dependants: the higher cash rate applies
    # False: no rate was on file for applied_on when the plan was recorded (docs/definitions.md#reintegration-rates).
    rate_on_file = models.BooleanField(default=True)
    # The content of the plan (docs/definitions.md#reintegration-content): codes of vocabulary.Reintegration,
    # the partner organisation at the destination (an organisation abroad, not a Spor user) and the
    # person's recorded children who travel with them (the in-kind budget counts them).
    reintegration = models.JSONField(default=list, blank=True)
    partner = models.CharField(_("partner i hjemlandet"), max_length=200, blank=True, default="")
    travelling_children = models.ManyToManyField(Child, blank=True, related_name="return_plans")
    status = models.CharField(max_length=16, choices=ReturnStatus.choices, default=ReturnStatus.SUBMITTED)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_on = models.DateField(null=True, blank=True)
    departed_on = models.DateField(null=True, blank=True)
    reintegration_ends_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(get_user=history_user)


class FollowUp(Coded):
    """One contact with the person after the return (docs/definitions.md#follow-up-after-return)."""

    plan = models.ForeignKey(ReturnPlan, on_delete=models.CASCADE, related_name="follow_ups")
    contacted_on = models.DateField()
    channel = models.CharField(max_length=16, choices=FollowUpChannel.choices)
    outcome = models.CharField(max_length=16, choices=FollowUpOutcome.choices)
    note_ct = models.TextField(blank=True, default="")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["contacted_on", "id"]

    note = encrypted_text("note_ct")


class PoliceReport(Coded):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="police_reports")
    filed_on = models.DateField()
    filed_by = models.CharField(max_length=24, choices=PoliceReportFiler.choices)
    anonymous = models.BooleanField(default=False)
    legal_basis = models.CharField(max_length=8, choices=LegalBasis.choices)
    police_district = models.CharField(max_length=80)
    copy_to_focus_unit = models.BooleanField(default=True)
    # The police's journal number (encrypted: it leads to the person's file) and whether the person
    # will assist the investigation (docs/definitions.md#police-report).
    journal_number_ct = models.TextField(blank=True, default="")
    assists_investigation = models.CharField(max_length=8, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    history = HistoricalRecords(get_user=history_user)

    journal_number = encrypted_text("journal_number_ct")


class StatusRecord(models.Model):
    """An explicit status of a person (imported, or an override of the derived one with a reason)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="statuses")
    as_of = models.DateField()
    status = models.CharField(max_length=32, choices=YearEndStatus.choices)
    reason_ct = models.TextField(blank=True, default="")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["as_of", "id"]

    reason = encrypted_text("reason_ct")


# --- structured partner referrals (docs/definitions.md#referrals) ----------------------------------


class ReferralConsent(models.TextChoices):
    YES = "yes", _("ja, personen har givet samtykke")
    NO = "no", _("nej, personen har ikke givet samtykke")
    NOT_ASKED = "not_asked", _("personen er ikke spurgt")


class ReferralUrgency(models.TextChoices):
    NORMAL = "normal", _("almindelig")
    URGENT = "urgent", _("haster")
    ACUTE = "acute", _("akut: personen er i fare nu")


class AgeBand(models.TextChoices):
    """Age bands of a referral: the only age an anonymous notification keeps."""

    UNDER_18 = "0-17", _("under 18 år")
    FROM_18 = "18-24", _("18-24 år")
    FROM_25 = "25-34", _("25-34 år")
    FROM_35 = "35-49", _("35-49 år")
    FROM_50 = "50+", _("50 år eller ældre")
    UNKNOWN = "unknown", _("ukendt")


class ReferralPlace(models.TextChoices):
    """Where the person is: a Danish region (its official code), abroad, or unknown."""

    HOVEDSTADEN = "1084", _("Region Hovedstaden")
    SJAELLAND = "1085", _("Region Sjælland")
    SYDDANMARK = "1083", _("Region Syddanmark")
    MIDTJYLLAND = "1082", _("Region Midtjylland")
    NORDJYLLAND = "1081", _("Region Nordjylland")
    ABROAD = "abroad", _("udlandet")
    UNKNOWN = "unknown", _("ukendt")


class ReferralStatus(models.TextChoices):
    """What a referrer is told about its referral, and nothing more (docs/web.md#referrals)."""

    RECEIVED = "received", _("modtaget")
    IN_PROGRESS = "in_progress", _("under udredning")
    CLOSED = "closed", _("afsluttet")


class Referral(models.Model):
    """The structured part of a partner's referral, one-to-one with its inquiry.

    Without the person's consent it is an anonymous notification: only the coded, statistical
    fields are kept and `identity_ct` stays empty (docs/definitions.md#anonymous-notifications).
    With consent, the identifying fields are encrypted in `identity_ct` and the names and phone
    numbers are blind-indexed in `ReferralToken`.
    """

    inquiry = models.OneToOneField(Inquiry, on_delete=models.CASCADE, related_name="referral")
    consent = models.CharField(max_length=16, choices=ReferralConsent.choices)
    anonymous = models.BooleanField()
    # Encrypted {given_name, family_name, aliases, birth_date, phones, language, whereabouts}.
    identity_ct = models.TextField(blank=True, default="")
    gender = models.CharField(max_length=16, choices=Gender.choices, default=Gender.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)  # kept only with consent
    estimated_age = models.PositiveSmallIntegerField(null=True, blank=True)  # kept only with consent
    age_band = models.CharField(max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    nationalities = models.JSONField(default=list, blank=True)
    exploitation = models.CharField(max_length=32, choices=Exploitation.choices, blank=True)
    place = models.CharField(max_length=8, choices=ReferralPlace.choices, default=ReferralPlace.UNKNOWN)
    indicators = models.JSONField(default=list, blank=True)  # the observed Indicator codes
    child = models.CharField(max_length=8, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    police_informed = models.CharField(max_length=8, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    urgency = models.CharField(max_length=8, choices=ReferralUrgency.choices, default=ReferralUrgency.NORMAL)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymous=False) | models.Q(identity_ct="", birth_year=None, estimated_age=None),
                name="referral_anonymous_keeps_no_identity",
            )
        ]


class ReferralToken(models.Model):
    """One keyed hash of a name or phone token of a referral (the blind index, docs/architecture.md#blind-index)."""

    #: Deleted when a person the referral names is erased (spor.people.purge): a token is identifying.
    BLIND_INDEX = True

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=40, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "token"], name="referral_token_unique")]


# --- the authorities' tracks and case complexes (docs/definitions.md#the-authorities-own-tracks) ---


class ReconsiderationOutcome(models.TextChoices):
    PENDING = "pending", _("afventer")
    UPHELD = "upheld", _("afgørelsen fastholdes")
    CHANGED = "changed", _("ændret: vurderet udsat")


class Reconsideration(Coded):
    """A request to reconsider a negative decision, with its date and outcome.

    The case moves to "reconsideration" when it is requested, and back to "not identified"
    (upheld) or on to "identified" (changed: a new, positive decision) when it is decided.
    """

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="reconsiderations")
    requested_on = models.DateField(_("anmodet den"))
    requested_by = models.CharField(_("anmodet af"), max_length=32, choices=ActorType.choices)
    outcome = models.CharField(
        _("udfald"), max_length=16, choices=ReconsiderationOutcome.choices, default=ReconsiderationOutcome.PENDING
    )
    decided_on = models.DateField(_("afgjort den"), null=True, blank=True)
    # The positive decision a changed outcome recorded.
    new_decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="reconsidered_from"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["requested_on", "id"]


class ComplexKind(models.TextChoices):
    OPERATION = "operation", _("politiaktion")
    EMPLOYER = "employer", _("arbejdsgiver eller virksomhed")
    NETWORK = "network", _("netværk")
    OTHER = "other", _("andet")


class Employer(Coded):
    """An employer or business, recorded once and linked to complexes (docs/definitions.md#case-complexes).

    The name is encrypted (a sole proprietorship's name is a person's); the CVR number is a
    public business register number, kept in clear so the same business is found again.
    """

    name_ct = models.TextField()
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True, default="")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords(get_user=history_user)

    name = encrypted_text("name_ct")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cvr"], condition=~models.Q(cvr=""), name="employer_cvr_unique")]


class CaseComplex(Coded):
    """Several victims of one operation, employer or network: the cases it links.

    Name and police reference may identify the operation, so both are encrypted.
    """

    name_ct = models.TextField()
    kind = models.CharField(_("type"), max_length=16, choices=ComplexKind.choices)
    police_reference_ct = models.TextField(blank=True, default="")
    employers = models.ManyToManyField(Employer, blank=True, related_name="complexes")
    cases = models.ManyToManyField(Case, blank=True, related_name="complexes")
    # Empty for a complex created by an import run as the operator (docs/interchange.md#derived-columns).
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(get_user=history_user)

    name = encrypted_text("name_ct")
    police_reference = encrypted_text("police_reference_ct")

    class Meta:
        ordering = ["-created_at", "-id"]


# The victim's rights (police report outcomes, reasons for not reporting, § 9 c permits,
# non-punishment, compensation) live in their own module; imported here so Django registers them.
from spor.cases.rights_models import (  # noqa: E402, F401
    CompensationClaim,
    Detention,
    NonPunishment,
    NoPoliceReport,
    ReportOutcome,
    ResidencePermit,
)

# --- children and unaccompanied minors (docs/definitions.md#children) -------------------------------


class UnaccompaniedMinor(Coded):
    """The case of a child in Denmark without a parent or other holder of custody.

    The personal representative (personlig repræsentant) speaks for the child; without one no
    decision and no return plan is made (`spor.cases.services.minors.child_guard`). The municipality
    responsible (a code of `spor.municipalities`) is notified (underretning, serviceloven § 133).
    The representative's name and organisation are encrypted like the person's identity.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="unaccompanied")
    representative_name_ct = models.TextField(blank=True, default="")
    representative_org_ct = models.TextField(blank=True, default="")
    municipality = models.CharField(_("ansvarlig kommune"), max_length=3, blank=True, default="")
    notified_on = models.DateField(_("underretning sendt"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords(get_user=history_user)

    representative_name = encrypted_text("representative_name_ct")
    representative_org = encrypted_text("representative_org_ct")

    @property
    def has_representative(self) -> bool:
        return bool(self.representative_name_ct)  # the service stores a blank name as ""


class ChildViews(models.Model):
    """The child's own views, recorded with a decision about a child (the right to be heard,
    UN Convention on the Rights of the Child art. 12); encrypted free text."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="child_views")
    views_ct = models.TextField(blank=True, default="")
    history = HistoricalRecords(get_user=history_user)

    views = encrypted_text("views_ct")
