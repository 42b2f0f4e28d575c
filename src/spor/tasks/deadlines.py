"""Deadlines derived from the registry, never copied into it (docs/definitions.md#tasks-and-deadlines).

Each kind of deadline is one function in `SOURCES` that turns the visible cases into `Part`s: an
annotated queryset with `start` (a date), `case_ref`, `owner` (the user who answers for it: the
case's contact person, or a task's assignee) and `ref` (the row it comes from), ordered by
`start`, and the fixed `offset` from `start` to the due date. So every list is a merge of a few
ordered queries, each cut at the page's end: the number of queries does not grow with the rows
(tests/tasks/test_query_counts.py), and a new kind (say, follow-up contacts recorded on a
return) is one more function in `SOURCES`.

The limits are settings (`SPOR_WARN_*`, `SPOR_*_OVERDUE_DAYS`, `SPOR_FOLLOWUP_DAYS`, README).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from spor.cases.models import Case, CaseStatus, FollowUp, ReflectionPeriod, ResidencePermit, ReturnPlan, ReturnStatus
from spor.tasks.models import Task


class Kind:
    """The stable codes of the kinds of deadline (docs/definitions.md#tasks-and-deadlines)."""

    REFLECTION = "reflection_end"
    DECISION = "decision_pending"
    RETURN = "return_awaiting"
    REINTEGRATION = "reintegration_end"
    FOLLOW_UP = "follow_up"
    PERMIT = "permit_end"
    TASK = "task"


KIND_LABELS = {
    Kind.REFLECTION: _("Refleksionsperioden udløber"),
    Kind.DECISION: _("Afventer vurdering"),
    Kind.RETURN: _("Hjemrejseplan afventer Hjemrejsestyrelsen"),
    Kind.REINTEGRATION: _("Reintegrationen slutter"),
    Kind.FOLLOW_UP: _("Opfølgning efter hjemrejse"),
    Kind.PERMIT: _("Opholdstilladelse efter § 9 c udløber"),
    Kind.TASK: _("Opgave"),
}


def warning_days(kind: str) -> int:
    """How many days before its due date a deadline of `kind` is announced (`spor notify`)."""
    return {
        Kind.REFLECTION: settings.SPOR_WARN_REFLECTION_DAYS,
        Kind.REINTEGRATION: settings.SPOR_WARN_REINTEGRATION_DAYS,
        Kind.FOLLOW_UP: settings.SPOR_WARN_FOLLOWUP_DAYS,
        Kind.PERMIT: settings.SPOR_WARN_PERMIT_DAYS,
    }.get(kind, 0)


@dataclass(frozen=True)
class Part:
    kind: str
    rows: QuerySet[Any]  # annotated with start, case_ref, owner, ref
    offset: timedelta = timedelta(0)


@dataclass
class Deadline:
    kind: str
    due_on: date
    case_id: int | None
    owner_id: int | None
    ref: int
    code: Any = None  # the source row's public code (a reflection period's, for "Forlæng")
    case: Case | None = None
    task: Task | None = None
    owner: Any = None

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])

    def overdue(self, today: date) -> bool:
        return self.due_on < today


@dataclass
class DeadlinePage:
    items: list[Deadline]
    total: int
    overdue: int
    by_kind: Counter[str] = field(default_factory=Counter)
    by_owner: dict[int | None, tuple[int, int]] = field(default_factory=dict)  # owner -> (all, overdue)


def _open(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.exclude(status=CaseStatus.CLOSED)


def reflection_ending(cases: QuerySet[Case], today: date) -> list[Part]:
    """A reflection period ending within SPOR_WARN_REFLECTION_DAYS (docs/definitions.md#reflection-period)."""
    until = today + timedelta(days=settings.SPOR_WARN_REFLECTION_DAYS)
    rows = ReflectionPeriod.objects.filter(case__in=_open(cases), ends_on__gte=today, ends_on__lte=until).annotate(
        start=F("ends_on"), case_ref=F("case_id"), owner=F("case__contact_person_id"), ref=F("pk")
    )
    return [Part(Kind.REFLECTION, rows)]


def decision_pending(cases: QuerySet[Case], today: date) -> list[Part]:
    """A case put to decision without a decision: due SPOR_DECISION_OVERDUE_DAYS after it was put.

    The day it was put is the day the case's history first shows it pending: derived, not stored.
    """
    put_at = (
        Case.history.model.objects.filter(id=OuterRef("pk"), status=CaseStatus.DECISION_PENDING)
        .order_by("history_date")
        .values("history_date")[:1]
    )
    rows = cases.filter(status=CaseStatus.DECISION_PENDING).annotate(
        start=TruncDate(Subquery(put_at, output_field=DateTimeField())),
        case_ref=F("pk"),
        owner=F("contact_person_id"),
        ref=F("pk"),
    )
    return [Part(Kind.DECISION, rows, timedelta(days=settings.SPOR_DECISION_OVERDUE_DAYS))]


def return_awaiting(cases: QuerySet[Case], today: date) -> list[Part]:
    """A return plan submitted and not yet decided by the Return Agency: due SPOR_RETURN_OVERDUE_DAYS after."""
    rows = ReturnPlan.objects.filter(case__in=_open(cases), status=ReturnStatus.SUBMITTED).annotate(
        start=F("applied_on"), case_ref=F("case_id"), owner=F("case__contact_person_id"), ref=F("pk")
    )
    return [Part(Kind.RETURN, rows, timedelta(days=settings.SPOR_RETURN_OVERDUE_DAYS))]


def _departed(cases: QuerySet[Case]) -> QuerySet[ReturnPlan]:
    return ReturnPlan.objects.filter(case__in=cases, status=ReturnStatus.DEPARTED)


def reintegration_ending(cases: QuerySet[Case], today: date) -> list[Part]:
    """Reintegration support ending within SPOR_WARN_REINTEGRATION_DAYS (docs/definitions.md#prepared-return)."""
    until = today + timedelta(days=settings.SPOR_WARN_REINTEGRATION_DAYS)
    rows = _departed(cases).filter(reintegration_ends_on__gte=today, reintegration_ends_on__lte=until)
    rows = rows.annotate(
        start=F("reintegration_ends_on"), case_ref=F("case_id"), owner=F("case__contact_person_id"), ref=F("pk")
    )
    return [Part(Kind.REINTEGRATION, rows)]


def follow_up_due(cases: QuerySet[Case], today: date) -> list[Part]:
    """A follow-up after the departure, at each of SPOR_FOLLOWUP_DAYS, shown from
    SPOR_WARN_FOLLOWUP_DAYS before to as long after (then it is overdue); done once a contact is
    recorded after the checkpoint before it (the departure for the first), as on the plan page
    (`spor.cases.selectors.follow_ups_due`, docs/definitions.md#follow-up-after-return)."""
    window = timedelta(days=settings.SPOR_WARN_FOLLOWUP_DAYS)
    parts = []
    previous = 0
    for days in settings.SPOR_FOLLOWUP_DAYS:
        offset = timedelta(days=days)
        rows = _departed(cases).filter(
            departed_on__gte=today - window - offset, departed_on__lte=today + window - offset
        )
        contacted = FollowUp.objects.filter(
            plan=OuterRef("pk"),
            contacted_on__gt=ExpressionWrapper(
                OuterRef("departed_on") + timedelta(days=previous), output_field=DateField()
            ),
        )
        rows = rows.exclude(Exists(contacted)).annotate(
            start=F("departed_on"), case_ref=F("case_id"), owner=F("case__contact_person_id"), ref=F("pk")
        )
        parts.append(Part(Kind.FOLLOW_UP, rows, offset))
        previous = days
    return parts


def permit_ending(cases: QuerySet[Case], today: date) -> list[Part]:
    """A granted § 9 c permit ending within SPOR_WARN_PERMIT_DAYS (docs/definitions.md#residence-permit)."""
    until = today + timedelta(days=settings.SPOR_WARN_PERMIT_DAYS)
    rows = ResidencePermit.objects.filter(
        case__in=_open(cases), granted=True, valid_to__gte=today, valid_to__lte=until
    ).annotate(start=F("valid_to"), case_ref=F("case_id"), owner=F("case__contact_person_id"), ref=F("pk"))
    return [Part(Kind.PERMIT, rows)]


def open_tasks(tasks: QuerySet[Task], today: date) -> list[Part]:
    rows = tasks.filter(done_on__isnull=True).annotate(
        start=F("due_on"), case_ref=F("case_id"), owner=F("assignee_id"), ref=F("pk")
    )
    return [Part(Kind.TASK, rows)]


#: The derivations, in the order their kinds are listed. One function per kind of deadline.
SOURCES: list[Callable[[QuerySet[Case], date], list[Part]]] = [
    reflection_ending,
    decision_pending,
    return_awaiting,
    reintegration_ending,
    follow_up_due,
    permit_ending,
]


def parts(cases: QuerySet[Case], tasks: QuerySet[Task], today: date) -> list[Part]:
    return [part for source in SOURCES for part in source(cases, today)] + open_tasks(tasks, today)


def _filtered(part: Part, today: date, owner: Any, unassigned: bool, overdue: bool) -> QuerySet[Any]:
    rows = part.rows
    if owner is not None:
        rows = rows.filter(owner=owner.pk)
    elif unassigned:
        rows = rows.filter(owner__isnull=True)
    if overdue:
        rows = rows.filter(start__lt=today - part.offset)
    return rows


def page(
    all_parts: Iterable[Part],
    *,
    today: date,
    owner: Any = None,
    unassigned: bool = False,
    kinds: Iterable[str] | None = None,
    overdue: bool = False,
    offset: int = 0,
    limit: int = 50,
) -> DeadlinePage:
    """One page of deadlines, overdue first (the earliest due date first), with the counts.

    Queries: per part one for the page and one for the counts (grouped by owner), whatever the rows.
    """
    chosen = [p for p in all_parts if kinds is None or p.kind in set(kinds)]
    streams, result = [], DeadlinePage(items=[], total=0, overdue=0)
    by_owner: dict[int | None, list[int]] = {}
    for part in chosen:
        rows = _filtered(part, today, owner, unassigned, overdue)
        late = today - part.offset
        counts = rows.order_by().values("owner").annotate(n=Count("ref"), late=Count("ref", filter=Q(start__lt=late)))
        for row in counts:
            result.total += row["n"]
            result.overdue += row["late"]
            result.by_kind[part.kind] += row["n"]
            entry = by_owner.setdefault(row["owner"], [0, 0])
            entry[0] += row["n"]
            entry[1] += row["late"]
        values = rows.order_by("start", "ref").values_list("start", "case_ref", "owner", "ref", "code")
        streams.append(
            [Deadline(part.kind, s + part.offset, c, w, r, code) for s, c, w, r, code in values[: offset + limit]]
        )
    result.by_owner = {k: (v[0], v[1]) for k, v in by_owner.items()}
    merged = heapq.merge(*streams, key=lambda d: (d.due_on, d.kind, d.ref))
    result.items = list(merged)[offset : offset + limit]
    return result
