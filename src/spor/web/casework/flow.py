"""The one way every casework action page behaves (docs/architecture.md#views-and-endpoints).

GET shows the form; a valid POST calls the service and redirects (POST/redirect/GET). A
ValidationError from the service is put back on the form, field by field, with everything typed
kept; a PermissionDenied from a service (for instance a consent override by someone who is not a
manager) becomes a form error rather than a bare 403; a Conflict (the record changed since the
user read it) shows the conflict page with the stored version and the user's input side by side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from spor.common.errors import Conflict


@dataclass
class Action:
    """One action page: its form, what the service call is, where to go after, what to say."""

    form: forms.Form
    perform: Callable[[dict[str, Any]], Any]
    success_url: str | Callable[[Any], str]  # a callable gets what `perform` returned
    success_message: str | Callable[[Any], str]  # a callable gets what `perform` returned
    title: str
    cancel_url: str
    context: dict[str, Any]
    template: str = "casework/action.html"


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Attach a service's field-named errors to the form; unknown names go to the summary."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        known = name in form.fields
        form.add_error(name if known else None, errors)
        if known and hasattr(form, "mark_invalid"):
            form.mark_invalid(name)


def run(request: HttpRequest, action: Action) -> HttpResponse:
    """Show, validate and perform one action (see the module docstring)."""
    form = action.form
    if request.method == "POST" and form.is_valid():
        try:
            result = action.perform(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, _("Du har ikke ret til at udføre denne handling, som den er udfyldt."))
        except Conflict as exc:
            return conflict_page(request, action, exc)
        else:
            message = action.success_message
            messages.success(request, message(result) if callable(message) else message)
            url = action.success_url(result) if callable(action.success_url) else action.success_url
            return HttpResponseRedirect(url)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": action.title, "cancel_url": action.cancel_url, **action.context}
    return render(request, action.template, context, status=status)


def conflict_rows(form: forms.Form, exc: Conflict) -> list[dict[str, Any]]:
    """Each field the user filled in: the stored value, the user's value, and whether it changed."""
    stored_value = getattr(form, "stored_value", None)
    rows = []
    for name, field in form.fields.items():
        if name == "version" or isinstance(field.widget, forms.HiddenInput):
            continue
        bound = form[name]
        yours = form.cleaned_data.get(name, "")
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
            options: Any = field.choices
            yours = {str(k): v for k, v in options}.get(str(bound.value()), yours)
        stored = stored_value(exc.current, name) if stored_value and exc.current is not None else ""
        rows.append(
            {
                "label": field.label,
                "stored": stored,
                "yours": yours,
                "changed": name in exc.changed or (name.startswith("ind_") and "indicators" in exc.changed),
            }
        )
    return rows


def conflict_page(request: HttpRequest, action: Action, exc: Conflict) -> HttpResponse:
    """Both versions side by side; the user re-applies their input on the stored version or drops it.

    Re-applying posts the user's own input again with the stored version number, so the service
    accepts it knowingly; nothing is merged behind the user's back.
    """
    current_version = getattr(exc.current, "version", None)
    resubmit = [
        (key, value)
        for key in request.POST
        if key not in {"csrfmiddlewaretoken", "version"}
        for value in request.POST.getlist(key)
    ]
    context = {
        "title": action.title,
        "message": str(exc),
        "rows": conflict_rows(action.form, exc),
        "resubmit": resubmit,
        "current_version": current_version,
        "action_url": request.get_full_path(),
        "cancel_url": action.cancel_url,
        **action.context,
    }
    return render(request, "casework/conflict.html", context, status=409)
