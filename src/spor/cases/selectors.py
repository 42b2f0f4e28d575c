"""Reads of the referral process through one gate (docs/architecture.md#services-and-selectors).

Visibility is one queryset filter per model (`*_visible_to`); the permissions in
`spor.cases.rules` build on it, and every `*_get_for` / `*_list_for` starts from it, so an object
that is not visible is answered as missing (NotFound -> 404), never as forbidden.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import DateField, F, IntegerField, JSONField, Q, QuerySet, Value
from django.db.models.functions import JSONObject

from spor.audit import services as audit
from spor.audit.models import AuditEvent
from spor.cases.models import (
    Assessment,
    Case,
    CaseComplex,
    CaseKeeper,
    CaseStatus,
    Employer,
    Inquiry,
    InquiryState,
    Offer,
    PoliceReport,
    Referral,
    ReferralStatus,
    ReflectionPeriod,
    ReturnPlan,
    ReturnStatus,
    StatusRecord,
    Stay,
    UnaccompaniedMinor,
)
from spor.common.errors import NotFound
from spor.organisations.models import Role
from spor.organisations.permissions import is_centre_staff, is_immigration_officer, is_return_officer
from spor.people import crypto
from spor.people.ages import child_marker, is_child_on
from spor.people.models import Person
from spor.vocabulary import YearEndStatus


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Centre staff: the centre's cases; the Immigration Service: cases put to it and its own
    (docs/definitions.md#the-authorities-own-tracks)."""
    if is_centre_staff(user):
        return Case.objects.filter(kept_by=CaseKeeper.CMM)
    if is_immigration_officer(user):
        return Case.objects.filter(Q(put_to_dis_on__isnull=False) | Q(kept_by=CaseKeeper.DIS))
    return Case.objects.none()


def dis_case_count(*, actor: Any) -> int:
    """How many cases the Immigration Service keeps on its own: all the centre may know of them
    (their content stays with DIS). Centre staff and immigration officers; 0 for anyone else."""
    if not (is_centre_staff(actor) or is_immigration_officer(actor)):
        return 0
    return Case.objects.filter(kept_by=CaseKeeper.DIS).count()


def inquiries_visible_to(user: Any) -> QuerySet[Inquiry]:
    if is_centre_staff(user):
        return Inquiry.objects.all()
    if getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.REFERRER:
        if user.organisation_id is None:
            return Inquiry.objects.none()
        return Inquiry.objects.filter(referred_by_id=user.organisation_id)
    return Inquiry.objects.none()


def return_plans_visible_to(user: Any) -> QuerySet[ReturnPlan]:
    if is_centre_staff(user):
        return ReturnPlan.objects.all()
    if is_return_officer(user):
        return ReturnPlan.objects.all()  # every plan in Spor is one put to the return agency
    return ReturnPlan.objects.none()


def _get(queryset: QuerySet[Any], code: Any) -> Any:
    try:
        return queryset.get(code=code)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def case_get_for(*, actor: Any, code: Any) -> Case:
    return _get(cases_visible_to(actor).select_related("person"), code)


def case_record_for(*, actor: Any, code: Any) -> Case:
    """`case_get_for` for a read: only the case's own columns and its person's code and key.

    The API's case read asks for nothing else; a caller that touches another person field pays
    one query for it.
    """
    queryset = cases_visible_to(actor).select_related("person").only(*_CASE_COLUMNS)
    return _get(queryset, code)


_CASE_COLUMNS = (
    "code",
    "number",
    "opened_on",
    "status",
    "put_to_dis_on",
    "closed_on",
    "exit",
    "version",
    "kept_by",
    "expulsion_case",
    "person__code",
    "person__key",
    # What the child marker needs (docs/definitions.md#children); the birth date stays encrypted.
    "person__birth_year",
    "person__birth_date_ct",
    "person__estimated_age",
    "person__age_estimated_on",
)


def case_history_for(*, case: Case, fields: Mapping[str, Sequence[str]]) -> dict[str, list[dict[str, Any]]]:
    """The records of a case the caller has already got through `case_get_for` (or
    `case_record_for`): for each relation named in `fields` (`"assessments"`, `"stays"`, ...),
    its rows as dicts of the named columns, in the relation's order.

    One query for every relation together, compiled by the ORM once per database connection
    and process: the case read is the API's busiest request, and building and compiling seven
    querysets cost several times more CPU than running them (docs/api.md#measured).
    """
    sql, params, decoders = _history_statement(tuple((name, tuple(columns)) for name, columns in fields.items()))
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, [case.pk if p == _ANY_CASE else p for p in params])
        rows = cursor.fetchall()
    history: dict[str, list[dict[str, Any]]] = {name: [] for name in fields}
    for kind, _order, _pk, data in rows:
        record = json.loads(data) if isinstance(data, str) else data
        for column, decode in decoders[kind]:
            record[column] = decode(record[column])
        history[list(fields)[kind]].append(record)
    return history


#: Per database connection (they are per thread): the compiled statement of each field selection.
_STATEMENTS: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()
#: Stands for the case's row id in the compiled statement; replaced by the real one on each run.
_ANY_CASE = -2_000_000_017


def _history_statement(fields: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[str, list[Any], dict[int, Any]]:
    """One UNION ALL over the relations: (relation number, its order key, id, the row as JSON).

    JSON objects carry each relation's own columns through one union. SQLite hands JSON columns
    (and the object itself) back as text, PostgreSQL as parsed values; `decoders` evens that out.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    known = _STATEMENTS.setdefault(connection, {})
    if fields in known:
        return known[fields]
    branches, decoders = [], {}
    for kind, (name, columns) in enumerate(fields):
        model: Any = Case._meta.get_field(name).related_model
        # A relation ordered by a date in its Meta (decisions) keeps that order; the rest go by row.
        ordering = model._meta.ordering
        sort_on = F(ordering[0]) if ordering else Value(None, output_field=DateField())
        branches.append(
            model.objects.filter(case_id=_ANY_CASE)
            .order_by()
            .annotate(
                history_kind=Value(kind, output_field=IntegerField()),
                history_on=sort_on,
                history_row=JSONObject(**{column: F(column) for column in columns}),
            )
            .values_list("history_kind", "history_on", "pk", "history_row")
        )
        json_columns = [c for c in columns if isinstance(model._meta.get_field(c), JSONField)]
        decoders[kind] = [(c, _json_value) for c in json_columns]
    union = branches[0].union(*branches[1:], all=True).order_by("history_kind", "history_on", "pk")
    sql, params = union.query.get_compiler(connection=connection).as_sql()
    known[fields] = (sql, list(params), decoders)
    return known[fields]


def _json_value(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def case_list_for(*, actor: Any) -> QuerySet[Case]:
    return cases_visible_to(actor).select_related("person")


def inquiry_get_for(*, actor: Any, code: Any) -> Inquiry:
    return _get(inquiries_visible_to(actor), code)


def inquiry_list_for(*, actor: Any) -> QuerySet[Inquiry]:
    return inquiries_visible_to(actor)


def inquiry_queue_for(
    *,
    actor: Any,
    state: str | None = None,
    channel: str | None = None,
    sender_type: str | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    assigned_to: Any = None,
) -> QuerySet[Inquiry]:
    """The visible inquiries filtered as the queue page and `GET /api/inquiries` filter them
    (docs/web.md#inquiry-queue); each filter a code, a day or a user's code, never a name. Unordered:
    the caller orders (newest first by default)."""
    q = Q()
    if received_from:
        q &= Q(received_on__gte=received_from)
    if received_to:
        q &= Q(received_on__lte=received_to)
    for name, value in (("state", state), ("channel", channel), ("sender_type", sender_type)):
        if value:
            q &= Q(**{name: value})
    if assigned_to:
        q &= Q(assigned_to__code=assigned_to)
    return inquiries_visible_to(actor).filter(q)


@dataclass(frozen=True)
class InquiryView:
    """An inquiry as centre staff read it on its page: the summary and the note decrypted, and the
    referral's structured fields (docs/web.md#inquiry-page)."""

    inquiry: Inquiry
    summary: str
    outcome_note: str
    referral: Referral | None
    person: dict[str, Any]


def inquiry_view_for(*, actor: Any, code: Any) -> InquiryView:
    """One inquiry for centre staff, decrypted; the read is logged (docs/architecture.md#read-log)
    under the inquiry's code when there is anything to decrypt. NotFound for what the actor cannot
    see, PermissionDenied for a referrer (its own view is `referral_view_for`)."""
    inquiry: Inquiry = _get(
        inquiries_visible_to(actor).select_related("case", "assigned_to", "duplicate_of", "referral"), code
    )
    if not is_centre_staff(actor):
        raise PermissionDenied
    referral = _referral_of(inquiry)
    if inquiry.summary_ct or inquiry.outcome_note_ct or (referral is not None and referral.identity_ct):
        audit.read_logged(actor=actor, person_code=str(inquiry.code), fields="inquiry")
    return InquiryView(
        inquiry=inquiry,
        summary=crypto.decrypt_json(inquiry.summary_ct) or "",
        outcome_note=crypto.decrypt_json(inquiry.outcome_note_ct) or "",
        referral=referral,
        person=_referral_identity(referral),
    )


def return_plan_get_for(*, actor: Any, code: Any) -> ReturnPlan:
    return _get(return_plans_visible_to(actor).select_related("case"), code)


def reflection_deadlines_for(*, actor: Any, within_days: int, today: date) -> QuerySet[ReflectionPeriod]:
    """Reflection periods of visible cases ending within `within_days` from `today`."""
    return (
        ReflectionPeriod.objects.filter(case__in=cases_visible_to(actor))
        .filter(ends_on__gte=today, ends_on__lte=today + timedelta(days=within_days))
        .select_related("case")
        .order_by("ends_on")
    )


def status_as_of(person: Person, as_of: date) -> str:
    """The person's status on `as_of` (docs/definitions.md#year-end-status-figures): the latest
    explicit record (imported, or an override with a reason) not after the date; else derived from
    what the registry records about the person's cases; else unknown.

    Derivation, first match: a departure on a prepared return -> prepared_return; support running
    on the date in a case not closed by then (a reflection period, an open stay of an identified
    person, a submitted or approved plan) -> receiving_support; the exit of the case closed last
    by the date -> that exit. The same rule as the registry's export
    (`spor.interchange.registry`), which the statistics read.
    """
    record = StatusRecord.objects.filter(person=person, as_of__lte=as_of).order_by("-as_of", "-id").first()
    if record is not None:
        return record.status
    cases = Case.objects.filter(person=person)
    if ReturnPlan.objects.filter(case__in=cases, status=ReturnStatus.DEPARTED, departed_on__lte=as_of).exists():
        return YearEndStatus.PREPARED_RETURN
    open_then = cases.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=as_of), opened_on__lte=as_of)
    running = (
        ReflectionPeriod.objects.filter(case__in=open_then, starts_on__lte=as_of, ends_on__gte=as_of).exists()
        or open_then.filter(
            Q(stays__to_on__isnull=True) | Q(stays__to_on__gte=as_of),
            stays__from_on__lte=as_of,
            status__in=[CaseStatus.IDENTIFIED, CaseStatus.RETURN_PLANNED],
        ).exists()
        or ReturnPlan.objects.filter(
            case__in=open_then, applied_on__lte=as_of, status__in=[ReturnStatus.SUBMITTED, ReturnStatus.APPROVED]
        ).exists()
    )
    if running:
        return YearEndStatus.RECEIVING_SUPPORT
    closed = cases.filter(closed_on__lte=as_of).exclude(exit="").order_by("-closed_on", "-id").first()
    return closed.exit if closed is not None else "unknown"


@dataclass(frozen=True)
class TimelineEvent:
    on: date
    kind: str
    detail: dict[str, Any]
    by: str = ""  # username of who recorded it (change history or audit trail); "" if unknown


def _recorded_by(model: Any, objects: list[Any], **match: Any) -> dict[int, str]:
    """Who created each object (or first made it match `match`), from its change history.

    One query per model: the history rows carry the acting user (spor.common.actor.history_user).
    """
    if not objects:
        return {}
    rows = (
        model.history.filter(id__in=[o.pk for o in objects], **(match or {"history_type": "+"}))
        .order_by("-history_id")
        .values_list("id", "history_user__username")
    )
    return {pk: name or "" for pk, name in rows}  # oldest wins: rows come newest first


def _put_to_dis_by(cases: list[Case]) -> dict[str, str]:
    rows = (
        AuditEvent.objects.filter(event="case.put_to_dis", subject_code__in=[str(c.code) for c in cases])
        .order_by("-id")
        .values_list("subject_code", "actor__username")
    )
    return {code: name or "" for code, name in rows}


def person_timeline_for(*, actor: Any, person: Person) -> list[TimelineEvent]:
    """Every event of the person's visible cases, in date order, with who recorded it (person page).

    Steps: 1. the visible cases with their events prefetched; 2. who recorded each event, one
    query per kind (change history, audit trail for putting to DIS); 3. one list sorted by date.
    """
    cases = list(
        cases_visible_to(actor)
        .filter(person=person)
        .select_related("created_by")
        .prefetch_related(
            "inquiries__created_by",
            "assessments__interviews",
            "decisions__recorded_by",
            "reflection_periods__extensions__recorded_by",
            "stays",
            "offers",
            "return_plans__decided_by",
            "police_reports",
        )
    )
    every = {name: [o for c in cases for o in getattr(c, name).all()] for name in _TIMELINE_RELATIONS}
    by = {name: _recorded_by(model, every[name]) for name, model in _TIMELINE_RELATIONS.items()}
    departed_by = _recorded_by(ReturnPlan, every["return_plans"], status=ReturnStatus.DEPARTED)
    dis_by = _put_to_dis_by(cases)
    events: list[TimelineEvent] = []
    for case in cases:
        events += _case_events(case, by, departed_by, dis_by)
    events.sort(key=lambda e: (e.on, _KIND_ORDER.get(e.kind, 99)))
    return events


def _case_events(
    case: Case, by: dict[str, dict[int, str]], departed_by: dict[int, str], dis_by: dict[str, str]
) -> list[TimelineEvent]:
    """The events of one case, each with who recorded it."""
    E = TimelineEvent
    creator = case.created_by.username if case.created_by else ""
    events = [E(case.opened_on, "case_opened", {"case": case.number}, creator)]
    for i in case.inquiries.all():
        events.append(
            E(i.received_on, "inquiry", {"channel": i.channel}, i.created_by.username if i.created_by else "")
        )
    for a in case.assessments.all():
        who = by["assessments"].get(a.pk, "")
        events.append(E(a.first_interview_on or case.opened_on, "assessment", {"outcome": a.outcome}, who))
        events += [E(i.held_on, "interview", {}, who) for i in a.interviews.all() if i.held_on != a.first_interview_on]
    if case.put_to_dis_on:
        events.append(E(case.put_to_dis_on, "put_to_dis", {}, dis_by.get(str(case.code), "")))
    for d in case.decisions.all():
        who = d.recorded_by.username if d.recorded_by else ""
        events.append(E(d.decided_on, "decision", {"authority": d.authority, "identified": d.identified}, who))
    for r in case.reflection_periods.all():
        events.append(
            E(r.starts_on, "reflection", {"ends_on": r.ends_on.isoformat()}, by["reflection_periods"].get(r.pk, ""))
        )
        events += [
            E(
                x.recorded_at.date(),
                "reflection_extended",
                {"until": x.until.isoformat(), "reason": x.reason},
                x.recorded_by.username,
            )
            for x in r.extensions.all()
        ]
    events += [E(s.from_on, "stay", {"type": s.type}, by["stays"].get(s.pk, "")) for s in case.stays.all()]
    events += [E(o.given_on, "offer", {"kind": o.kind}, by["offers"].get(o.pk, "")) for o in case.offers.all()]
    for plan in case.return_plans.all():
        events.append(E(plan.applied_on, "return_plan", {"status": plan.status}, by["return_plans"].get(plan.pk, "")))
        if plan.decided_on:
            who = plan.decided_by.username if plan.decided_by else ""
            events.append(E(plan.decided_on, "return_decided", {"approved": plan.status != ReturnStatus.REJECTED}, who))
        if plan.departed_on:
            who = departed_by.get(plan.pk, "")
            events.append(E(plan.departed_on, "departure", {"destination": plan.destination}, who))
    events += [
        E(p.filed_on, "police_report", {"legal_basis": p.legal_basis}, by["police_reports"].get(p.pk, ""))
        for p in case.police_reports.all()
    ]
    return events


#: Event kinds with a change history, by the case's relation name.
_TIMELINE_RELATIONS: dict[str, Any] = {
    "assessments": Assessment,
    "reflection_periods": ReflectionPeriod,
    "stays": Stay,
    "offers": Offer,
    "return_plans": ReturnPlan,
    "police_reports": PoliceReport,
}

#: Same-day events in the order they happen in the process (docs/definitions.md#the-process).
_KIND_ORDER = {
    k: n
    for n, k in enumerate(
        [
            "inquiry",
            "case_opened",
            "assessment",
            "interview",
            "put_to_dis",
            "decision",
            "reflection",
            "reflection_extended",
            "stay",
            "offer",
            "return_plan",
            "return_decided",
            "departure",
            "police_report",
        ]
    )
}


def add_months(day: date, months: int) -> date:
    """`day` plus whole calendar months, on the last day of a shorter month (31 Jan + 1 = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def follow_up_checkpoints(departed_on: date) -> list[date]:
    """The days a follow-up is due after a departure (SPOR_FOLLOWUP_DAYS)."""
    return [departed_on + timedelta(days=days) for days in settings.SPOR_FOLLOWUP_DAYS]


#: Days after the last checkpoint that a follow-up contact can still be recorded.
FOLLOW_UP_GRACE_DAYS = 30


def follow_up_ends_on(departed_on: date) -> date:
    """The last day a follow-up contact can be recorded: FOLLOW_UP_GRACE_DAYS after the last checkpoint.

    See docs/definitions.md#follow-up-after-return.
    """
    return departed_on + timedelta(days=max(settings.SPOR_FOLLOWUP_DAYS) + FOLLOW_UP_GRACE_DAYS)


@dataclass(frozen=True)
class FollowUpDue:
    """A departed plan whose latest checkpoint has passed without a contact since the one before."""

    plan: ReturnPlan
    due_on: date
    days: int  # the checkpoint: days after the departure


def follow_ups_due(*, actor: Any, today: date) -> list[FollowUpDue]:
    """The departed plans of cases visible to `actor` whose latest follow-up checkpoint on or before
    `today` has no contact dated after the checkpoint before it (the departure for the first),
    soonest due first. Ends with the follow-up period (docs/definitions.md#follow-up-after-return).

    Centre staff only: the return agency does not follow up.
    """
    if not is_centre_staff(actor):
        return []
    checkpoints = settings.SPOR_FOLLOWUP_DAYS
    earliest = today - timedelta(days=checkpoints[-1] + FOLLOW_UP_GRACE_DAYS)
    plans = (
        ReturnPlan.objects.filter(
            case__in=cases_visible_to(actor),
            status=ReturnStatus.DEPARTED,
            departed_on__gte=earliest,
            departed_on__lte=today - timedelta(days=checkpoints[0]),
        )
        .select_related("case")
        .prefetch_related("follow_ups")
        .order_by("departed_on", "id")
    )
    due: list[FollowUpDue] = []
    for plan in plans:
        assert plan.departed_on is not None
        if today > follow_up_ends_on(plan.departed_on):
            continue
        points = [(days, plan.departed_on + timedelta(days=days)) for days in checkpoints]
        passed = [(days, on) for days, on in points if on <= today]
        if not passed:
            continue
        days, checkpoint = passed[-1]
        since = passed[-2][1] if len(passed) > 1 else plan.departed_on
        if not any(since < f.contacted_on <= today for f in plan.follow_ups.all()):
            due.append(FollowUpDue(plan=plan, due_on=checkpoint, days=days))
    return sorted(due, key=lambda d: (d.due_on, d.plan.pk))


# --- partner referrals (docs/definitions.md#referrals) -------------------------------------------


def referral_status(inquiry: Inquiry) -> str:
    """The referrer's word for how far its referral is (docs/web.md#referrals), nothing of the assessment.

    Closed when the inquiry or its case is closed; in progress once it is assigned or a case is
    opened; received before that.
    """
    case = inquiry.case
    if inquiry.state == InquiryState.CLOSED or (case is not None and case.status == CaseStatus.CLOSED):
        return ReferralStatus.CLOSED
    if case is not None or inquiry.state == InquiryState.ASSIGNED:
        return ReferralStatus.IN_PROGRESS
    return ReferralStatus.RECEIVED


def _referral_of(inquiry: Inquiry) -> Referral | None:
    try:
        return inquiry.referral
    except Referral.DoesNotExist:
        return None


def _referral_identity(referral: Referral | None) -> dict[str, Any]:
    if referral is None or referral.anonymous or not referral.identity_ct:
        return {}
    data: dict[str, Any] = crypto.decrypt_json(referral.identity_ct, {})
    if data.get("birth_date"):
        data["birth_date"] = date.fromisoformat(data["birth_date"])
    return data


@dataclass(frozen=True)
class ReferralView:
    """What a referrer sees of its own referral: what it sent (decrypted) and the status word."""

    inquiry: Inquiry
    status: str
    referral: Referral | None
    person: dict[str, Any]
    summary: str


def referral_view_for(*, actor: Any, code: Any) -> ReferralView:
    """A referral of the actor's own organisation, decrypted; NotFound for anyone else's.

    Decrypting writes the read log (docs/architecture.md#read-log) under the inquiry's code, as a
    referral may name no registered person.
    """
    organisation_id = getattr(actor, "organisation_id", None)
    if organisation_id is None:
        raise NotFound
    queryset = inquiries_visible_to(actor).filter(referred_by_id=organisation_id)
    inquiry: Inquiry = _get(queryset.select_related("case", "referral"), code)
    referral = _referral_of(inquiry)
    if inquiry.summary_ct or (referral is not None and referral.identity_ct):
        audit.read_logged(actor=actor, person_code=str(inquiry.code), fields="referral")
    return ReferralView(
        inquiry=inquiry,
        status=referral_status(inquiry),
        referral=referral,
        person=_referral_identity(referral),
        summary=crypto.decrypt_json(inquiry.summary_ct) or "",
    )


#: The keys of `referral_person_data`, the fields a person record can be made from.
REFERRAL_PERSON_KEYS = (
    "given_name",
    "family_name",
    "aliases",
    "birth_date",
    "birth_year",
    "gender",
    "nationalities",
    "phones",
)


def referral_person_data(*, actor: Any, inquiry: Inquiry) -> dict[str, Any]:
    """The person as the referrer described them, for centre staff: the keys of REFERRAL_PERSON_KEYS
    (`birth_date` a date or None). Empty when the inquiry has no referral or it is anonymous.

    NotFound if the actor cannot see the inquiry, PermissionDenied if it can but is not centre
    staff (the referrer reads its own through `referral_view_for`). A decryption is read-logged.
    """
    inquiry = _get(inquiries_visible_to(actor), inquiry.code)
    if not is_centre_staff(actor):
        raise PermissionDenied
    referral = _referral_of(inquiry)
    identity = _referral_identity(referral)
    if referral is None or referral.anonymous:
        return {}
    audit.read_logged(actor=actor, person_code=str(inquiry.code), fields="referral")
    return {
        "given_name": identity.get("given_name", ""),
        "family_name": identity.get("family_name", ""),
        "aliases": identity.get("aliases", []),
        "birth_date": identity.get("birth_date"),
        "birth_year": referral.birth_year,
        "gender": referral.gender,
        "nationalities": list(referral.nationalities),
        "phones": identity.get("phones", []),
    }


# --- case complexes (docs/definitions.md#case-complexes) -------------------------------------------


def complexes_visible_to(user: Any) -> QuerySet[CaseComplex]:
    """Centre staff see the complexes; nobody else (they link the centre's cases)."""
    if is_centre_staff(user):
        return CaseComplex.objects.all()
    return CaseComplex.objects.none()


def complex_get_for(*, actor: Any, code: Any) -> CaseComplex:
    return _get(complexes_visible_to(actor), code)


def complex_list_for(*, actor: Any) -> QuerySet[CaseComplex]:
    return complexes_visible_to(actor)


def employer_get_for(*, actor: Any, code: Any) -> Employer:
    return _get(Employer.objects.all() if is_centre_staff(actor) else Employer.objects.none(), code)


def employer_list_for(*, actor: Any) -> QuerySet[Employer]:
    return Employer.objects.order_by("created_at") if is_centre_staff(actor) else Employer.objects.none()


def complex_cases_for(*, actor: Any, complex: CaseComplex) -> QuerySet[Case]:
    """The complex's cases that `actor` may see."""
    return cases_visible_to(actor).filter(complexes=complex).select_related("person").order_by("opened_on", "pk")


# --- children and unaccompanied minors (docs/definitions.md#children) -------------------------------


def case_child_marker(case: Case, today: date) -> str:
    """ "child", "turned_18" (a child when the case opened, 18 at its close or today) or ""."""
    return child_marker(case.person, case.opened_on, case.closed_on or today)


def unaccompanied_of(case: Case) -> UnaccompaniedMinor | None:
    """The case's unaccompanied-minor record, still encrypted (the caller can see the case)."""
    return UnaccompaniedMinor.objects.filter(case_id=case.pk).first()


@dataclass(frozen=True)
class UnaccompaniedView:
    record: UnaccompaniedMinor
    representative_name: str
    representative_org: str


def unaccompanied_for(*, actor: Any, case: Case) -> UnaccompaniedView | None:
    """The unaccompanied-minor record of a case with its representative decrypted, or None.

    Who may see it is `cases.view_representative` (docs/architecture.md#rules): centre staff, an
    immigration officer on a case put to DIS, a return officer only where a plan of the case is an
    unaccompanied child's; anyone else gets NotFound. Decrypting the representative writes the read
    log under the child's person code.
    """
    if not rules.has_perm("cases.view_representative", actor, case):
        raise NotFound
    record = UnaccompaniedMinor.objects.filter(case=case).first()
    if record is None:
        return None
    audit.read_logged(actor=actor, person_code=str(case.person.code), fields="representative")
    return UnaccompaniedView(record, record.representative_name, record.representative_org)


def plan_needs_representative(plan: ReturnPlan) -> bool:
    """A plan of an unaccompanied minor who is a child (or of unknown age) on the application day."""
    return (
        UnaccompaniedMinor.objects.filter(case_id=plan.case_id).exists()
        and is_child_on(plan.case.person, plan.applied_on) is not False
    )
