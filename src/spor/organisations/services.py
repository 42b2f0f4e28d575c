"""Writes for organisations and users (STYLE.md S1)."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from spor.audit import services as audit
from spor.common.actor import Actor, service
from spor.organisations.models import Organisation, OrganisationType, Role, User
from spor.vocabulary import check_code

#: Which roles a user of each organisation type may hold (DESIGN §1).
ROLES_BY_ORGANISATION: dict[str, set[str]] = {
    OrganisationType.CMM: {Role.CASEWORKER, Role.MANAGER, Role.ANALYST, Role.OUTREACH_WORKER, Role.ADMINISTRATOR},
    OrganisationType.DIS: {Role.IMMIGRATION_OFFICER, Role.REFERRER},
    OrganisationType.RETURN_AGENCY: {Role.RETURN_OFFICER, Role.REFERRER},
    OrganisationType.POLICE_DISTRICT: {Role.REFERRER},
    OrganisationType.NGO: {Role.REFERRER, Role.OUTREACH_WORKER, Role.ANALYST},
    OrganisationType.OTHER_AUTHORITY: {Role.REFERRER, Role.ANALYST},
}


def _require_admin(actor: Actor | None) -> None:
    # actor None is the operator at the command line (`spor createuser`, `spor demo`).
    if actor is None:
        return
    if not (actor.is_superuser or actor.role in {Role.ADMINISTRATOR, Role.MANAGER}):
        raise PermissionDenied


@service
def organisation_create(*, actor: Actor | None, name: str, type: str) -> Organisation:
    """Create an organisation. Administrators only (or the operator). Audit: organisation.created."""
    _require_admin(actor)
    check_code(OrganisationType, type, field="type", message=_("Ukendt organisationstype."))
    organisation = Organisation(name=name, type=type)
    organisation.full_clean()
    organisation.save()
    audit.record(actor=actor, event="organisation.created", subject=organisation, extra={"type": type})
    return organisation


@service
def user_create(
    *,
    actor: Actor | None,
    username: str,
    password: str | None,
    organisation: Organisation,
    role: str,
    check_password: bool = True,
) -> User:
    """Create a user of `organisation` with `role`.

    Administrators of the centre create any user; a manager only users of the centre (a manager
    has user admin for CMM, DESIGN §1). Raises ValidationError naming `role` when the role does not
    fit the organisation type and `password` when it fails Django's validators.
    Audit: user.created.
    """
    _require_admin(actor)
    if actor is not None and actor.role == Role.MANAGER and organisation.type != OrganisationType.CMM:
        raise PermissionDenied
    if role not in ROLES_BY_ORGANISATION.get(organisation.type, set()):
        raise ValidationError({"role": _("Rollen passer ikke til organisationens type.")})
    user = User(username=username, organisation=organisation, role=role)
    if password is None:
        user.set_unusable_password()
    else:
        if check_password:
            validate_password(password, user)
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        actor=actor, event="user.created", subject=user, extra={"role": role, "organisation": str(organisation.code)}
    )
    return user
