"""Children and unaccompanied minors on a case (docs/definitions.md#children).

An unaccompanied minor's case records the personal representative, the municipality responsible
and the notification to it; no decision and no return plan is made for an unaccompanied child
without a representative (`child_guard`, called by `decision_record` and `return_plan_submit`).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spor import municipalities
from spor.audit import services as audit
from spor.cases.models import Case, ChildViews, Decision, UnaccompaniedMinor
from spor.cases.selectors import unaccompanied_of
from spor.common.actor import Actor, service
from spor.common.crypto import encrypt_json
from spor.common.update import model_update
from spor.common.versioning import check_version
from spor.organisations.permissions import require
from spor.people.ages import is_child_on
from spor.vocabulary import check_not_future

NAME_MAX = 200
VIEWS_MAX = 4000
FIELDS = ["representative_name_ct", "representative_org_ct", "municipality", "notified_on", "recorded_by"]


def _validate(*, case: Case, name: str, org: str, municipality: str, notified_on: date | None) -> None:
    errors: dict[str, list[str]] = {}
    if is_child_on(case.person, case.opened_on) is False:
        errors["unaccompanied"] = [
            _("Personen var voksen, da sagen blev oprettet, og kan ikke være uledsaget mindreårig.")
        ]
    for field, value in (("representative_name", name), ("representative_org", org)):
        if len(value) > NAME_MAX:
            errors[field] = [_("Højst %(n)s tegn.") % {"n": NAME_MAX}]
    if org and not name:
        errors["representative_name"] = [_("Angiv repræsentantens navn.")]
    if municipality and not municipalities.is_valid(municipality):
        errors["municipality"] = [_("Ukendt kommune.")]
    if notified_on is not None:
        if not municipality:
            errors["municipality"] = [_("Angiv den kommune, der er underrettet.")]
        if notified_on < case.opened_on:
            errors["notified_on"] = [_("Underretningen kan ikke ligge før sagen blev oprettet.")]
        check_not_future(notified_on, field="notified_on", errors=errors)
    if errors:
        raise ValidationError(errors)


@service
def unaccompanied_record(
    *,
    actor: Actor,
    case: Case,
    representative_name: str = "",
    representative_org: str = "",
    municipality: str = "",
    notified_on: date | None = None,
    version: int | None = None,
) -> UnaccompaniedMinor:
    """Mark the case as an unaccompanied minor's, or change its representative, municipality and
    notification. A later call replaces all four (a representative may be appointed later).

    Refused for a person known to be an adult when the case was opened. Centre staff.
    Raises Conflict when `version` is not the stored one. Audit: case.unaccompanied_recorded
    (codes only: the municipality, whether a representative and a notification are recorded).
    """
    require(actor, "cases.work_case", case)
    name, org = representative_name.strip(), representative_org.strip()
    _validate(case=case, name=name, org=org, municipality=municipality, notified_on=notified_on)
    data = {
        "representative_name_ct": encrypt_json(name or None),
        "representative_org_ct": encrypt_json(org or None),
        "municipality": municipality,
        "notified_on": notified_on,
        "recorded_by": actor,
    }
    record = UnaccompaniedMinor.objects.select_for_update().filter(case=case).first()
    if record is None:
        record = UnaccompaniedMinor.objects.create(case=case, **data)
    else:
        check_version(record, version, FIELDS)
        model_update(instance=record, fields=FIELDS, data=data)
    audit.record(
        actor=actor,
        event="case.unaccompanied_recorded",
        subject=case,
        extra={"municipality": municipality, "representative": bool(name), "notified": notified_on is not None},
    )
    return record


def child_guard(*, case: Case, on: date) -> None:
    """Refuse a decision or a return plan for an unaccompanied child without a representative.

    A child is under 18 on `on`, or of unknown age (in doubt a child is treated as one). Raises
    ValidationError under `representative`, the field the forms show it at.
    """
    record = unaccompanied_of(case)
    if record is None or record.has_representative or is_child_on(case.person, on) is False:
        return
    raise ValidationError(
        {
            "representative": [
                _(
                    "Personen er uledsaget mindreårig og har ingen personlig repræsentant. Registrér "
                    "repræsentanten på sagen, før der træffes afgørelse eller planlægges hjemrejse."
                )
            ]
        }
    )


def child_views_record(*, decision: Decision, views: str) -> ChildViews | None:
    """Store the child's own views with a decision (called inside `decision_record`'s transaction).

    Refused for a person known to be an adult on the decision date: the views are the child's.
    """
    views = views.strip()
    if not views:
        return None
    if len(views) > VIEWS_MAX:
        raise ValidationError({"child_views": [_("Højst %(n)s tegn.") % {"n": VIEWS_MAX}]})
    if is_child_on(decision.case.person, decision.decided_on) is False:
        raise ValidationError({"child_views": [_("Personen var voksen på afgørelsesdagen.")]})
    return ChildViews.objects.create(decision=decision, views_ct=encrypt_json(views))
