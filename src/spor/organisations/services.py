"""Writes for organisations and users (docs/architecture.md#write-path)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from spor.audit import services as audit
from spor.common.actor import Actor, service
from spor.organisations.models import Organisation, OrganisationType, Role, User
from spor.vocabulary import check_code

#: Which roles a user of each organisation type may hold (docs/definitions.md#users-and-roles).
ROLES_BY_ORGANISATION: dict[str, set[str]] = {
    OrganisationType.CMM: {Role.CASEWORKER, Role.MANAGER, Role.ANALYST, Role.OUTREACH_WORKER, Role.ADMINISTRATOR},
    OrganisationType.DIS: {Role.IMMIGRATION_OFFICER, Role.REFERRER},
    OrganisationType.RETURN_AGENCY: {Role.RETURN_OFFICER, Role.REFERRER},
    OrganisationType.POLICE_DISTRICT: {Role.REFERRER},
    OrganisationType.NGO: {Role.REFERRER, Role.OUTREACH_WORKER, Role.ANALYST},
    OrganisationType.OTHER_AUTHORITY: {Role.REFERRER, Role.ANALYST},
}


#: What the admin site holds, and so all an administrator may do there (docs/operations.md#users):
#: accounts, organisations, second-factor devices and reintegration rates; never case content.
ADMIN_SITE_PERMISSIONS = [
    ("organisations", "organisation", ("view", "add", "change")),
    ("organisations", "user", ("view", "add", "change")),
    ("otp_totp", "totpdevice", ("view", "delete")),
    ("cases", "reintegrationrate", ("view", "add", "change")),
]
ADMIN_GROUP = "Spor-administration"


def administrator_group() -> Group:
    """The group that gives an administrator the admin site's models and nothing else."""
    group, _created = Group.objects.get_or_create(name=ADMIN_GROUP)
    wanted = [
        Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
        for app, model, actions in ADMIN_SITE_PERMISSIONS
        for action in actions
    ]
    group.permissions.set(wanted)
    return group


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
    has user admin for CMM, docs/definitions.md#users-and-roles). Raises ValidationError naming
    `role` when the role does not fit the organisation type and `password` when it fails Django's validators.
    Audit: user.created.
    """
    _require_admin(actor)
    if actor is not None and actor.role == Role.MANAGER and organisation.type != OrganisationType.CMM:
        raise PermissionDenied
    if role not in ROLES_BY_ORGANISATION.get(organisation.type, set()):
        raise ValidationError({"role": _("Rollen passer ikke til organisationens type.")})
    # An administrator works in the admin site: staff, with the admin models' permissions only
    # (never superuser: the admin site then shows no more than the group allows).
    user = User(username=username, organisation=organisation, role=role, is_staff=role == Role.ADMINISTRATOR)
    if password is None:
        user.set_unusable_password()
    else:
        if check_password:
            validate_password(password, user)
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if role == Role.ADMINISTRATOR:
        user.groups.add(administrator_group())
    audit.record(
        actor=actor, event="user.created", subject=user, extra={"role": role, "organisation": str(organisation.code)}
    )
    return user


#: The fields of a user that decide what the user may see and do.
ACCESS_FIELDS = ("role", "organisation", "is_active", "is_staff", "is_superuser")


@service
def user_access_change(
    *,
    actor: User | None,
    user: User,
    role: str | None = None,
    organisation: Organisation | None = None,
    is_active: bool | None = None,
    is_staff: bool | None = None,
    is_superuser: bool | None = None,
) -> User:
    """Change what `user` may see and do; the arguments left None stay as they are.

    Administrators, managers (for centre users only, as in `user_create`) and the operator at the
    command line (actor None). Nobody
    changes their own access. A staff or superuser account holds no role but administrator, so the
    admin site never opens case content. Raises PermissionDenied, or ValidationError naming `role`.
    Audit: user.access_changed, with each changed field before and after (codes, never names).
    """
    _require_admin(actor)
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied
    if actor is not None and actor.role == Role.MANAGER and not actor.is_superuser:
        target = organisation or user.organisation
        if target is None or target.type != OrganisationType.CMM or user.is_staff or is_staff or is_superuser:
            raise PermissionDenied
    wanted = {"role": role, "organisation": organisation, "is_active": is_active, "is_staff": is_staff,
              "is_superuser": is_superuser}  # fmt: skip
    before = {name: _access_code(getattr(user, name)) for name in ACCESS_FIELDS}
    for name, value in wanted.items():
        if value is not None:
            setattr(user, name, value)
    access_validate(
        role=user.role, organisation=user.organisation, is_staff=user.is_staff, is_superuser=user.is_superuser
    )
    user.save(update_fields=list(ACCESS_FIELDS))
    after = {name: _access_code(getattr(user, name)) for name in ACCESS_FIELDS}
    changed = {name: [before[name], after[name]] for name in ACCESS_FIELDS if before[name] != after[name]}
    audit.record(actor=actor, event="user.access_changed", subject=user, extra={"changed": changed})
    return user


def _access_code(value: object) -> object:
    return str(value.code) if isinstance(value, Organisation) else value


def access_validate(*, role: str, organisation: Organisation | None, is_staff: bool, is_superuser: bool) -> None:
    """Raise ValidationError naming `role` unless the combination may be saved.

    The role must fit the organisation's type, and an account that reaches the admin site (staff or
    superuser) holds no role but administrator. Used by `user_access_change` and the admin's form.
    """
    if role and (organisation is None or role not in ROLES_BY_ORGANISATION.get(organisation.type, set())):
        raise ValidationError({"role": _("Rollen passer ikke til organisationens type.")})
    if (is_staff or is_superuser) and role not in {"", Role.ADMINISTRATOR}:
        raise ValidationError({"role": _("En administrator kan ikke have en rolle med adgang til sager.")})
