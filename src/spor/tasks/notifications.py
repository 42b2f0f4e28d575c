"""Notifications in the app and by e-mail (docs/definitions.md#notifications).

A notification names a kind, a case number and a link, never a person: the e-mail is sent
through Django's mail framework (SMTP by the SPOR_EMAIL_* settings, the console in a demo) and
holds no name, no task title, nothing typed about a person. Each notification has a `key`, unique
per recipient, so a deadline is announced once however often `spor notify` runs.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from spor.cases.models import Case
from spor.tasks import deadlines
from spor.tasks.models import Notification, NotificationKind, Task

logger = logging.getLogger(__name__)


def _create(**fields: object) -> Notification | None:
    """The notification, or None if the recipient already has one with the same key."""
    try:
        with transaction.atomic():
            return Notification.objects.create(**fields)
    except IntegrityError:
        return None


def notify_task_assigned(*, task: Task) -> Notification | None:
    note = _create(
        recipient=task.assignee,
        kind=NotificationKind.TASK_ASSIGNED,
        case=task.case,
        task=task,
        due_on=task.due_on,
        key=f"task:{task.code}:{task.assignee_id}:{task.version}",
    )
    if note is not None:
        transaction.on_commit(lambda: send_email(note))
    return note


def text(note: Notification) -> str:
    """The one line that describes a notification: its kind, the case number, the due date."""
    number = note.case.number if note.case else ""
    if note.kind == NotificationKind.TASK_ASSIGNED:
        line = _("Du har fået en opgave") + (f" ({number})" if number else "")
    else:
        line = f"{deadlines.KIND_LABELS.get(note.deadline_kind, '')}: {number}"
    if note.due_on:
        line += " · " + _("frist %(day)s") % {"day": note.due_on.isoformat()}
    return line


def link(note: Notification) -> str:
    path = reverse("casework:case-detail", args=[note.case.code]) if note.case else reverse("web:tasks")
    return settings.SPOR_BASE_URL.rstrip("/") + path


def send_email(note: Notification) -> bool:
    """Send one notification by e-mail if its recipient has an address; never raises."""
    address = note.recipient.email
    if not address or note.emailed:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = "Spor: " + str(NotificationKind(note.kind).label)
        body = "\n".join([text(note), link(note), "", _("Log ind i Spor for at se mere.")])
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    except Exception:  # a mail server that is down must not undo casework
        logger.warning("notification e-mail failed: notification %s", note.code)
        return False
    Notification.objects.filter(pk=note.pk).update(emailed=True)
    return True


def notify_due(*, today: date, limit: int = 10_000) -> int:
    """Announce each derived deadline that has come within its warning window, once.

    Run daily by `spor notify`; idempotent (the key names the deadline and its due date, so an
    extended reflection period is announced again, for its new end). Returns the number created.
    """
    cases = Case.objects.all()  # the command runs as the operator, for every contact person
    created = 0
    for part in [p for source in deadlines.SOURCES for p in source(cases, today)]:
        horizon = today + timedelta(days=deadlines.warning_days(part.kind)) - part.offset
        rows = part.rows.filter(owner__isnull=False, start__lte=horizon).order_by("start", "ref")
        for start, case_ref, owner, ref in rows.values_list("start", "case_ref", "owner", "ref")[:limit]:
            due = start + part.offset
            note = _create(
                recipient_id=owner,
                kind=NotificationKind.DEADLINE_DUE,
                deadline_kind=part.kind,
                case_id=case_ref,
                due_on=due,
                key=f"{part.kind}:{ref}:{due.isoformat()}",
            )
            if note is not None:
                created += 1
                send_email(note)
    return created
