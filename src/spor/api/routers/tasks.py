"""Tasks and deadlines: the caller's own, a manager's team view, and tasks made by hand (docs/api.md#tasks).

A list row is a derived deadline (from the registry, docs/definitions.md#tasks-and-deadlines) or a
task; a task carries its code, title and version (its ETag) for PATCH with If-Match.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.responses import codes_4xx
from pydantic import Field

from spor.api import schemas as s
from spor.api.auth import actor
from spor.api.conditional import etag, required_version
from spor.cases.selectors import case_get_for
from spor.tasks import selectors, services
from spor.tasks.deadlines import KIND_LABELS, Deadline, DeadlinePage
from spor.tasks.models import Task

router = Router(tags=["tasks"])
ERRORS: dict[Any, Any] = {codes_4xx: s.ErrorOut}
KINDS = sorted(KIND_LABELS)


class DeadlineFilter(Schema):
    kind: str | None = Field(default=None, description="one of " + ", ".join(KINDS))
    overdue: bool = False
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=10_000)


class TeamFilter(DeadlineFilter):
    person: UUID | None = Field(default=None, description="a member's user code")
    unassigned: bool = Field(default=False, description="only deadlines of cases without a contact person")


class DeadlineRowOut(Schema):
    kind: str
    due_on: date
    overdue: bool
    case: UUID | None
    case_number: str | None
    owner: UUID | None
    task: UUID | None
    title: str | None
    version: int | None


class DeadlineListOut(Schema):
    count: int
    overdue: int
    by_kind: dict[str, int]
    by_person: dict[str, list[int]]  # user code (or "none") -> [all, overdue]
    limit: int
    offset: int
    next_offset: int | None
    items: list[DeadlineRowOut]


class TaskIn(Schema):
    title: s.Line
    due_on: s.Day
    assignee: UUID | None = None
    case: UUID | None = None


class TaskPatchIn(Schema):
    title: s.Line | None = None
    due_on: s.Day | None = None
    assignee: UUID | None = None
    done: bool | None = None
    version: int | None = None


class TaskOut(Schema):
    code: UUID
    title: str
    due_on: date
    done_on: date | None
    assignee: UUID
    case: UUID | None
    version: int


def _row(d: Deadline, today: date) -> dict[str, Any]:
    task = d.task
    return {
        "kind": d.kind,
        "due_on": d.due_on,
        "overdue": d.overdue(today),
        "case": d.case.code if d.case else None,
        "case_number": d.case.number if d.case else None,
        "owner": d.owner.code if d.owner else None,
        "task": task.code if task else None,
        "title": task.title if task else None,
        "version": task.version if task else None,
    }


def _list(result: DeadlinePage, f: DeadlineFilter, today: date, people: dict[int, Any]) -> dict[str, Any]:
    return {
        "count": result.total,
        "overdue": result.overdue,
        "by_kind": dict(result.by_kind),
        "by_person": {
            (str(people[k].code) if k in people else "none"): [n, late] for k, (n, late) in result.by_owner.items()
        },
        "limit": f.limit,
        "offset": f.offset,
        "next_offset": f.offset + f.limit if f.offset + f.limit < result.total else None,
        "items": [_row(d, today) for d in result.items],
    }


def _kinds(f: DeadlineFilter) -> list[str] | None:
    if f.kind is None:
        return None
    if f.kind not in KIND_LABELS:
        raise ValidationError({"kind": [f"expected one of {', '.join(KINDS)}"]})
    return [f.kind]


@router.get("/tasks", response={200: DeadlineListOut, **ERRORS}, summary="My deadlines and tasks")
def task_list(request: HttpRequest, filters: Query[DeadlineFilter]) -> Any:
    today = timezone.localdate()
    result = selectors.deadlines_for(
        actor=actor(request),
        today=today,
        kinds=_kinds(filters),
        overdue=filters.overdue,
        offset=filters.offset,
        limit=filters.limit,
    )
    return _list(result, filters, today, {actor(request).pk: actor(request)})


@router.get("/tasks/team", response={200: DeadlineListOut, **ERRORS}, summary="The team's deadlines and tasks")
def team_list(request: HttpRequest, filters: Query[TeamFilter]) -> Any:
    today = timezone.localdate()
    members = {u.pk: u for u in selectors.team_members()}
    owner = None
    if filters.person is not None:
        owner = next((u for u in members.values() if u.code == filters.person), None)
        if owner is None:
            raise ValidationError({"person": ["not a member of the team"]})
    result = selectors.deadlines_for(
        actor=actor(request),
        today=today,
        team=True,
        owner=owner,
        unassigned=filters.unassigned,
        kinds=_kinds(filters),
        overdue=filters.overdue,
        offset=filters.offset,
        limit=filters.limit,
    )
    return _list(result, filters, today, members)


def _task_out(task: Task) -> dict[str, Any]:
    return {
        "code": task.code,
        "title": task.title,
        "due_on": task.due_on,
        "done_on": task.done_on,
        "assignee": task.assignee.code,
        "case": task.case.code if task.case else None,
        "version": task.version,
    }


def _member(code: UUID | None) -> Any:
    if code is None:
        return None
    found = next((u for u in selectors.team_members() if u.code == code), None)
    if found is None:
        raise ValidationError({"assignee": ["not a member of the team"]})
    return found


@router.post("/tasks", response={201: TaskOut, **ERRORS}, summary="Add a task")
def task_add(request: HttpRequest, payload: TaskIn, response: HttpResponse) -> Any:
    case = case_get_for(actor=actor(request), code=payload.case) if payload.case else None
    task = services.task_add(
        actor=actor(request), title=payload.title, due_on=payload.due_on, assignee=_member(payload.assignee), case=case
    )
    etag(response, task.version)
    return Status(201, _task_out(task))


@router.get("/tasks/{uuid:code}", response={200: TaskOut, **ERRORS}, summary="A task")
def task_detail(request: HttpRequest, code: UUID, response: HttpResponse) -> Any:
    task = selectors.task_get_for(actor=actor(request), code=code)
    etag(response, task.version)
    return _task_out(task)


@router.patch("/tasks/{uuid:code}", response={200: TaskOut, **ERRORS}, summary="Change a task (If-Match)")
def task_update(request: HttpRequest, code: UUID, payload: TaskPatchIn, response: HttpResponse) -> Any:
    task = selectors.task_get_for(actor=actor(request), code=code)
    version = required_version(request, payload.version)
    changed = services.task_update(
        actor=actor(request),
        task=task,
        version=version,
        title=payload.title,
        due_on=payload.due_on,
        assignee=_member(payload.assignee),
        done=payload.done,
    )
    etag(response, changed.version)
    return _task_out(changed)
