"""Tasks made by hand and the notifications of tasks and deadlines (docs/definitions.md#tasks-and-deadlines).

A task's title may name a person, so it is encrypted like every free text about a person
(`title_ct`, docs/architecture.md#encryption-at-rest), in the history table too. A notification
holds codes only: its kind, the case and the task; the text is composed when it is shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from spor.cases.models import Case
from spor.common.actor import history_user
from spor.common.crypto import encrypted_text
from spor.common.models import Coded

USER = settings.AUTH_USER_MODEL


class Task(Coded):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks")
    title_ct = models.TextField(default="")
    due_on = models.DateField(_("frist"))
    assignee = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField(_("udført"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(get_user=history_user)

    title = encrypted_text("title_ct")

    class Meta:
        indexes = [models.Index(fields=["assignee", "done_on", "due_on"], name="task_open_idx")]

    @property
    def done(self) -> bool:
        return self.done_on is not None


class NotificationKind(models.TextChoices):
    TASK_ASSIGNED = "task_assigned", _("ny opgave")
    DEADLINE_DUE = "deadline_due", _("frist nærmer sig")


class Notification(Coded):
    """One message to one user; `key` makes it idempotent (never the same notification twice)."""

    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    deadline_kind = models.CharField(max_length=24, blank=True, default="")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    due_on = models.DateField(null=True, blank=True)
    key = models.CharField(max_length=120)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once")]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]
