"""Inquiries (henvendelser) and opening a case; partner referrals are in `referrals.py`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from spor.audit import services as audit
from spor.cases import transitions
from spor.cases.models import AssessmentOutcome, Case, CaseStatus, Inquiry, InquiryState, new_id
from spor.common.actor import Actor, service
from spor.common.update import model_update
from spor.common.versioning import check_version
from spor.organisations.permissions import require
from spor.people import crypto
from spor.people.models import Person
from spor.vocabulary import ActorType, Channel, InquiryOutcome, YearEndStatus, check_code, check_not_future


def _validate_inquiry(*, received_on: date, channel: str, sender_type: str) -> None:
    errors: dict[str, list[str]] = {}
    check_code(Channel, channel, field="channel", message=_("Ukendt kanal."), errors=errors)
    check_code(ActorType, sender_type, field="sender_type", message=_("Ukendt afsendertype."), errors=errors)
    check_not_future(received_on, field="received_on", errors=errors)
    if errors:
        raise ValidationError(errors)


@service
def inquiry_register(
    *,
    actor: Actor,
    received_on: date,
    channel: str,
    sender_type: str,
    sender_org: str = "",
    summary: str = "",
    persons: list[Person] | None = None,
    external_id: str | None = None,
) -> Inquiry:
    """Log a hotline call, e-mail or other inquiry. Centre staff. Audit: inquiry.registered."""
    require(actor, "cases.register_inquiry")
    _validate_inquiry(received_on=received_on, channel=channel, sender_type=sender_type)
    inquiry = Inquiry.objects.create(
        external_id=external_id or new_id("I"),
        received_on=received_on,
        channel=channel,
        sender_type=sender_type,
        sender_org=sender_org,
        summary_ct=crypto.encrypt_json(summary or None),
        created_by=actor,
    )
    if persons:
        inquiry.persons.set(persons)
    audit.record(actor=actor, event="inquiry.registered", subject=inquiry, extra={"channel": channel})
    return inquiry


@service
def inquiry_assign(*, actor: Actor, inquiry: Inquiry, assignee: Any) -> Inquiry:
    """Assign a new inquiry to a caseworker. Managers. Audit: inquiry.assigned."""
    require(actor, "cases.manage")
    if not getattr(assignee, "is_centre_staff", False):
        raise ValidationError({"assignee": [_("Kun centrets medarbejdere kan få en henvendelse.")]})
    model_update(
        instance=inquiry,
        fields=["assigned_to", "state"],
        data={"assigned_to": assignee, "state": InquiryState.ASSIGNED},
    )
    audit.record(actor=actor, event="inquiry.assigned", subject=inquiry, extra={"assignee": str(assignee.code)})
    return inquiry


@service
def inquiry_close(
    *,
    actor: Actor,
    inquiry: Inquiry,
    outcome: str,
    note: str = "",
    duplicate_of: Inquiry | None = None,
    on: date | None = None,
    version: int | None = None,
) -> Inquiry:
    """Close an inquiry without a case (docs/definitions.md#inquiry-outcome). Centre staff.

    `outcome` is a code of InquiryOutcome; "duplicate" names the inquiry it duplicates. The note
    is encrypted. A closed inquiry keeps counting as an inquiry in the statistics. `version` is
    the version the user read (a stale one raises Conflict). Audit: inquiry.closed.
    """
    require(actor, "cases.close_inquiry", inquiry)
    check_version(inquiry, version, ["state", "assigned_to", "outcome"])
    errors: dict[str, list[str]] = {}
    if inquiry.state == InquiryState.CLOSED:
        errors.setdefault("state", []).append(_("Henvendelsen er allerede afsluttet."))
    elif inquiry.case_id is not None:
        errors.setdefault("state", []).append(_("Henvendelsen har allerede en sag."))
    check_code(InquiryOutcome, outcome, field="outcome", message=_("Ukendt udfald."), errors=errors)
    if outcome == InquiryOutcome.DUPLICATE:
        if duplicate_of is None:
            errors.setdefault("duplicate_of", []).append(_("Angiv hvilken henvendelse den er en dublet af."))
        elif duplicate_of.pk == inquiry.pk:
            errors.setdefault("duplicate_of", []).append(_("En henvendelse kan ikke være en dublet af sig selv."))
    elif duplicate_of is not None:
        errors.setdefault("duplicate_of", []).append(_("Kun en dublet henviser til en anden henvendelse."))
    closed_on = on or timezone.localdate()
    check_not_future(closed_on, field="on", errors=errors)
    if closed_on < inquiry.received_on:
        errors.setdefault("on", []).append(_("Henvendelsen kan ikke afsluttes før den blev modtaget."))
    if errors:
        raise ValidationError(errors)
    model_update(
        instance=inquiry,
        fields=["state", "outcome", "duplicate_of", "closed_on", "outcome_note_ct"],
        data={
            "state": InquiryState.CLOSED,
            "outcome": outcome,
            "duplicate_of": duplicate_of,
            "closed_on": closed_on,
            "outcome_note_ct": crypto.encrypt_json(note or None),
        },
    )
    audit.record(actor=actor, event="inquiry.closed", subject=inquiry, extra={"outcome": outcome})
    return inquiry


@service
def inquiry_attach_person(*, actor: Actor, inquiry: Inquiry, person: Person, version: int | None = None) -> Inquiry:
    """Link a person to an inquiry that has none yet (docs/web.md#inquiry-page). Centre staff.

    `person` comes from a selector (the actor may see it). An inquiry that already names a person,
    is closed or has a case is refused, naming the field. `version` is the version the user read
    (a stale one raises Conflict); the version is bumped. Audit: inquiry.person_attached.
    """
    require(actor, "cases.close_inquiry", inquiry)
    check_version(inquiry, version, ["state", "assigned_to", "outcome"])
    errors: dict[str, list[str]] = {}
    if inquiry.state == InquiryState.CLOSED:
        errors.setdefault("state", []).append(_("Henvendelsen er afsluttet."))
    elif inquiry.case_id is not None:
        errors.setdefault("state", []).append(_("Henvendelsen har allerede en sag."))
    if inquiry.persons.exists():
        errors.setdefault("person", []).append(_("Henvendelsen har allerede en person."))
    if errors:
        raise ValidationError(errors)
    inquiry.persons.add(person)
    model_update(instance=inquiry, fields=[], data={})  # the link is the change: version and history
    audit.record(actor=actor, event="inquiry.person_attached", subject=inquiry, extra={"person": person.key})
    return inquiry


def case_numbers(year: int, count: int = 1, *, keeper: str = "cmm") -> list[str]:
    """The next `count` case numbers of `year`, `CMM-<year>-<n>` (n of five digits or more), after
    the highest number of that year in the registry; `DIS-<year>-<n>` for the Immigration
    Service's own cases. Used by `case_open`, `dis_case_open` and by the importer."""
    prefix = f"{keeper.upper()}-{year}-"
    # The longest number is the highest; among equally long ones, the last in text order.
    taken = (
        Case.objects.filter(number__startswith=prefix)
        .order_by(Length("number").desc(), "-number")
        .values_list("number", flat=True)
    )
    last = next((int(n[len(prefix) :]) for n in taken.iterator() if n[len(prefix) :].isdigit()), 0)
    return [f"{prefix}{seq:05d}" for seq in range(last + 1, last + 1 + count)]


def _create_case(*, actor: Actor, person: Person, opened_on: date, kept_by: str = "cmm") -> Case:
    # Two caseworkers opening cases at once can draw the same next number; the unique constraint
    # refuses the second, which then draws again inside its own savepoint.
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Case.objects.create(
                    person=person,
                    number=case_numbers(opened_on.year, keeper=kept_by)[0],
                    kept_by=kept_by,
                    opened_on=opened_on,
                    contact_person=actor,
                    created_by=actor,
                )
        except IntegrityError:
            continue
    raise ValidationError({"number": [_("Sagsnummeret kunne ikke tildeles; prøv igen.")]})


@service
def case_open(*, actor: Actor, person: Person, opened_on: date, inquiry: Inquiry | None = None) -> Case:
    """Open a case: one passage of `person` through the process. Centre staff. Audit: case.opened.

    An inquiry about several persons opens a case for each of them (the inquiry names the latest);
    a closed inquiry opens none, and the case an inquiry names is not opened again for its person
    (a double click on "Opret sag").
    """
    require(actor, "cases.register_inquiry")
    if inquiry is not None and inquiry.state == InquiryState.CLOSED:
        raise ValidationError({"inquiry": [_("Henvendelsen er afsluttet.")]})
    if inquiry is not None and inquiry.case is not None and inquiry.case.person_id == person.pk:
        message = _("Henvendelsen har allerede sagen %(number)s for personen.") % {"number": inquiry.case.number}
        raise ValidationError({"inquiry": [message]})
    case = _create_case(actor=actor, person=person, opened_on=opened_on)
    if inquiry is not None:
        inquiry.persons.add(person)
        model_update(instance=inquiry, fields=["case"], data={"case": case})
    audit.record(actor=actor, event="case.opened", subject=case, extra={"person": person.key})
    return case


@service
def case_close(*, actor: Actor, case: Case, on: date, exit: str) -> Case:
    """Close a passage with its exit (docs/definitions.md#exit); the erasure clock starts here.

    `exit` is a code of the year-end status vocabulary (how the passage ended); it is stored on the
    case and the year-end status derives from it (docs/definitions.md#year-end-status-figures).
    The erasure clock (docs/architecture.md#erasure) counts from `closed_on`. Centre staff.
    Audit: case.closed (with the exit code).
    """
    require(actor, "cases.close_case", case)
    errors: dict[str, list[str]] = {}
    check_code(YearEndStatus, exit, field="exit", message=_("Vælg hvordan forløbet sluttede."), errors=errors)
    if exit == YearEndStatus.RECEIVING_SUPPORT:
        errors["exit"] = [_("En afsluttet sag modtager ikke længere støtte; vælg hvordan forløbet sluttede.")]
    if on < case.opened_on:
        errors["on"] = [_("Sagen kan ikke lukkes før den blev oprettet.")]
    check_not_future(on, field="on", errors=errors)
    if case.status == CaseStatus.CLOSED:
        errors["status"] = [_("Sagen er allerede afsluttet.")]
    if errors:
        raise ValidationError(errors)
    transitions.move_and_save(case=case, to=CaseStatus.CLOSED, data={"closed_on": on, "exit": exit})
    audit.record(actor=actor, event="case.closed", subject=case, extra={"exit": exit})
    return case


def reopened_status(case: Case) -> str:
    """Where a reopened case resumes: the latest decision's outcome, else decision pending if an
    assessment was put to decision, else assessment (docs/definitions.md#reopening)."""
    decision = case.decisions.order_by("-decided_on", "-id").first()
    if decision is not None:
        return CaseStatus.IDENTIFIED if decision.identified else CaseStatus.NOT_IDENTIFIED
    if case.assessments.filter(outcome=AssessmentOutcome.PUT_TO_DECISION).exists():
        return CaseStatus.DECISION_PENDING
    return CaseStatus.ASSESSMENT


@service
def case_reopen(*, actor: Actor, case: Case, reason: str) -> Case:
    """Reopen a closed case with a reason (encrypted); the exit and closing date are cleared, so
    the erasure clock stops (docs/definitions.md#reopening). Centre staff. Audit: case.reopened."""
    require(actor, "cases.close_case", case)
    if case.status != CaseStatus.CLOSED:
        raise ValidationError({"status": [_("Kun en afsluttet sag kan genåbnes.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Angiv hvorfor sagen genåbnes.")]})
    to = reopened_status(case)
    data = {"closed_on": None, "exit": "", "reopen_reason_ct": crypto.encrypt_json(reason.strip())}
    transitions.move_and_save(case=case, to=to, data=data)
    audit.record(actor=actor, event="case.reopened", subject=case, extra={"status": to})
    return case
