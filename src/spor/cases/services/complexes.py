"""Case complexes and employers (docs/definitions.md#case-complexes).

A complex links the cases of several victims of one operation, employer or network; an employer
or business is recorded once (name, CVR number) and linked to complexes. Centre staff.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spor.audit import services as audit
from spor.cases.models import Case, CaseComplex, ComplexKind, Employer
from spor.common import crypto
from spor.common.actor import Actor, service
from spor.common.update import model_update
from spor.organisations.permissions import require
from spor.vocabulary import check_code

#: The weights of the CVR number's modulus-11 check (the Danish Business Authority's rule).
CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def cvr_valid(cvr: str) -> bool:
    """Whether `cvr` is a CVR number: eight digits, not starting with 0, whose digits weighted by
    2, 7, 6, 5, 4, 3, 2, 1 sum to a multiple of 11."""
    if len(cvr) != 8 or not cvr.isascii() or not cvr.isdigit() or cvr[0] == "0":
        return False
    return sum(int(d) * w for d, w in zip(cvr, CVR_WEIGHTS, strict=True)) % 11 == 0


@service
def employer_register(*, actor: Actor, name: str, cvr: str = "") -> Employer:
    """Record an employer or business once; a known CVR number returns the recorded one.

    Centre staff. Raises ValidationError naming `name` or `cvr`. Audit: employer.registered.
    """
    require(actor, "cases.register_inquiry")
    name, cvr = name.strip(), cvr.replace(" ", "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Angiv virksomhedens navn.")]
    if cvr and not cvr_valid(cvr):
        errors["cvr"] = [_("Et CVR-nummer er otte cifre, og kontrolcifferet skal stemme.")]
    if errors:
        raise ValidationError(errors)
    known = Employer.objects.filter(cvr=cvr).first() if cvr else None
    if known is not None:
        return known
    employer = Employer.objects.create(name_ct=crypto.encrypt_json(name), cvr=cvr, created_by=actor)
    audit.record(actor=actor, event="employer.registered", subject=employer, extra={"cvr": bool(cvr)})
    return employer


@service
def complex_create(*, actor: Actor, name: str, kind: str, police_reference: str = "") -> CaseComplex:
    """Create a case complex; name and police reference are encrypted. Centre staff.

    Raises ValidationError naming `name` or `kind`. Audit: complex.created.
    """
    require(actor, "cases.register_inquiry")
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Giv komplekset et navn.")]
    check_code(ComplexKind, kind, field="kind", message=_("Ukendt type kompleks."), errors=errors)
    if errors:
        raise ValidationError(errors)
    found = CaseComplex.objects.create(
        name_ct=crypto.encrypt_json(name.strip()),
        kind=kind,
        police_reference_ct=crypto.encrypt_json(police_reference.strip() or None),
        created_by=actor,
    )
    audit.record(actor=actor, event="complex.created", subject=found, extra={"kind": kind})
    return found


@service
def complex_link_case(*, actor: Actor, complex: CaseComplex, case: Case) -> CaseComplex:
    """Link a case to the complex (linking it again changes nothing). Centre staff on a case they
    work (never a case the Immigration Service keeps on its own). Audit: complex.case_linked."""
    require(actor, "cases.work_case", case)
    if not complex.cases.filter(pk=case.pk).exists():
        complex.cases.add(case)
        model_update(instance=complex, fields=[], data={})
        audit.record(actor=actor, event="complex.case_linked", subject=case, extra={"complex": str(complex.code)})
    return complex


@service
def complex_unlink_case(*, actor: Actor, complex: CaseComplex, case: Case) -> CaseComplex:
    """Take a case out of the complex. Centre staff. Audit: complex.case_unlinked."""
    require(actor, "cases.work_case", case)
    if complex.cases.filter(pk=case.pk).exists():
        complex.cases.remove(case)
        model_update(instance=complex, fields=[], data={})
        audit.record(actor=actor, event="complex.case_unlinked", subject=case, extra={"complex": str(complex.code)})
    return complex


@service
def complex_link_employer(*, actor: Actor, complex: CaseComplex, employer: Employer) -> CaseComplex:
    """Link a recorded employer to the complex. Centre staff. Audit: complex.employer_linked."""
    require(actor, "cases.register_inquiry")
    if not complex.employers.filter(pk=employer.pk).exists():
        complex.employers.add(employer)
        model_update(instance=complex, fields=[], data={})
        audit.record(
            actor=actor, event="complex.employer_linked", subject=complex, extra={"employer": str(employer.code)}
        )
    return complex
