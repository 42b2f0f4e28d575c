"""Reflection periods: 30 days from the grant, extendable to 120 days in all (docs/definitions.md#reflection-period)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spor.audit import services as audit
from spor.cases.models import Case, CaseStatus, ReflectionExtension, ReflectionPeriod
from spor.common.actor import Actor, service
from spor.common.update import model_update
from spor.common.versioning import check_version
from spor.organisations.permissions import is_immigration_officer, require
from spor.vocabulary import ExtensionReason, check_code

FIRST_PERIOD = timedelta(days=30)
MAX_REFLECTION = timedelta(days=120)


@service
def reflection_grant(*, actor: Actor, case: Case, granted_by: str, starts_on: date) -> ReflectionPeriod:
    """Grant a reflection period of 30 days to an identified person. Audit: reflection.granted.

    Centre staff grant for CMM; an immigration officer grants for DIS on cases put to DIS.
    """
    require(actor, "cases.grant_reflection", case)
    if granted_by not in {"cmm", "dis"} or (is_immigration_officer(actor) and granted_by != "dis"):
        raise ValidationError({"granted_by": [_("Refleksionsperioden gives af CMM eller Udlændingestyrelsen.")]})
    if case.status not in {CaseStatus.IDENTIFIED, CaseStatus.RETURN_PLANNED}:
        raise ValidationError(
            {"case": [_("Kun en person vurderet udsat for menneskehandel kan få refleksionsperiode.")]}
        )
    period = ReflectionPeriod.objects.create(
        case=case, granted_by=granted_by, starts_on=starts_on, ends_on=starts_on + FIRST_PERIOD
    )
    audit.record(actor=actor, event="reflection.granted", subject=case, extra={"granted_by": granted_by})
    return period


@service
def reflection_extend(
    *, actor: Actor, period: ReflectionPeriod, until: date, reason: str, version: int | None = None
) -> ReflectionPeriod:
    """Extend a reflection period; 120 days in all at most (docs/definitions.md#reflection-period).

    Raises ValidationError({"until": ...}) past the limit or before the current end, naming the
    limit; Conflict if the period changed since `version`. Audit: reflection.extended.
    """
    require(actor, "cases.grant_reflection", period.case)
    period = ReflectionPeriod.objects.select_for_update().get(pk=period.pk)
    check_version(period, version, ["ends_on"])
    check_code(ExtensionReason, reason, field="reason", message=_("Vælg en grund til forlængelsen."))
    limit = period.starts_on + MAX_REFLECTION
    if until > limit:
        raise ValidationError(
            {
                "until": [
                    _("Refleksionsperioden kan højst vare 120 dage i alt, dvs. til og med %(limit)s.")
                    % {"limit": limit.isoformat()}
                ]
            }
        )
    if until <= period.ends_on:
        raise ValidationError({"until": [_("Den nye slutdato skal ligge efter den nuværende.")]})
    model_update(instance=period, fields=["ends_on"], data={"ends_on": until})
    ReflectionExtension.objects.create(period=period, until=until, reason=reason, recorded_by=actor)
    audit.record(actor=actor, event="reflection.extended", subject=period.case, extra={"reason": reason})
    return period
